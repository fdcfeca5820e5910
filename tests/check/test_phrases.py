"""Phrase matching: the quick look for a phrase's key never misses a phrase that matches."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdocs.check.phrases import (
    FOLD_TO_ASCII,
    PhraseMatcher,
    ascii_words,
    key_pattern,
    normalize,
)


def test_the_characters_that_fold_to_ascii_are_all_listed() -> None:
    folding = {
        character
        for character in map(chr, range(0x80, sys.maxunicode + 1))
        if any(folded.isascii() for folded in character.casefold())
    }
    assert folding == set(FOLD_TO_ASCII)


WORDS = st.sampled_from(
    ["leave", "a", "comment", "i", "m", "hope", "this", "helps", "Lorem", "IPSUM", "x2", "_"]
)
GLUE = st.sampled_from(
    [" ", "  ", "\n", "\u00a0", "\u2009", "'", "\u2019", "\u201c", "!", ", ", "-", "\u2014", ""]
)
ODD = st.sampled_from(["\u00df", "\u212a", "\ufb01", "\u0130", "\u00e9", "\u00c9", "\U0001f600"])
TEXT = st.lists(st.one_of(WORDS, GLUE, ODD), max_size=30).map("".join)
PHRASES = st.lists(
    st.lists(st.one_of(WORDS, GLUE, ODD), min_size=1, max_size=5).map("".join), max_size=4
)


@settings(max_examples=2000, deadline=None)
@given(phrases=PHRASES, text=TEXT)
def test_a_phrase_that_matches_has_its_key_in_the_text(phrases: list[str], text: str) -> None:
    matcher = PhraseMatcher(phrases)
    block = " ".join(text.split())  # text blocks are whitespace-collapsed
    if not matcher.find(block):
        return
    pattern = key_pattern([matcher])
    words = ascii_words(block)
    assert pattern is None or words is None or pattern.search(words), (phrases, block)


@settings(max_examples=1000, deadline=None)
@given(phrases=PHRASES, text=TEXT)
def test_first_finds_what_the_phrase_regex_finds(phrases: list[str], text: str) -> None:
    matcher = PhraseMatcher(phrases)
    found = matcher.find(text)
    assert matcher.first(text) == (found[0].phrase if found else None)


def test_a_phrase_without_ascii_words_is_always_looked_for() -> None:
    matcher = PhraseMatcher(["\u00e9\u00e9 \u00e8"])
    assert key_pattern([matcher]) is None
    assert matcher.first("Un \u00c9\u00c9 \u00c8 chaud") == "\u00e9\u00e9 \u00e8"


def test_keys_are_the_longest_runs_of_ascii_words() -> None:
    matcher = PhraseMatcher(["I\u2019m a paragraph", "Certainly! Here's", "[insert"])
    assert matcher.keys == frozenset({b" m a paragraph ", b" certainly ", b" insert "})
    assert re.search(rb" insert ", ascii_words("[Insert quote]") or b"")
    assert normalize("I\u2019M  A\u00a0PARAGRAPH") == "i'm a paragraph"
