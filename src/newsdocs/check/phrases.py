"""Phrase lists (packaged data, extended by config) and the matcher all text rules share."""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import accumulate

_STRAIGHTEN = (
    ("\u2018", "'"),
    ("\u2019", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u00a0", " "),
)


# Characters that case folding turns into ASCII letters (ß -> ss, the Kelvin sign -> k...);
# the test suite checks this list against Python's Unicode data.
FOLD_TO_ASCII = (
    "\u00df\u0130\u0149\u017f\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e\u212a"
    "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
)
# A run of ASCII words with single spaces between: a phrase's key is its longest one.
_ASCII_WORDS_RUN = re.compile(r"[a-z0-9_]+(?: [a-z0-9_]+)*")
# ASCII letters (lowercased), digits and "_" stay; every other byte separates words.
_ONLY_ASCII_WORDS = bytes(
    byte if chr(byte).isascii() and (chr(byte).isalnum() or chr(byte) == "_") else ord(" ")
    for byte in range(256)
)


def ascii_words(text: str) -> bytes | None:
    """``text`` as UTF-8 with ASCII letters lowercased and every byte that is not an ASCII
    letter, digit or underscore made a space, and a space at either end: where to look for
    phrase keys (see ``key_pattern``).

    None when the text holds a character that case folding turns into ASCII letters: then
    the words of its normalized form are not all seen here.
    """
    for character in FOLD_TO_ASCII:
        if character in text:
            return None
    return b" " + text.encode().lower().translate(_ONLY_ASCII_WORDS) + b" "


def _words_of_normalized(normalized: str) -> bytes:
    """``ascii_words`` of text that ``normalize`` made (no case folding is left to do)."""
    return b" " + normalized.encode().translate(_ONLY_ASCII_WORDS) + b" "


@lru_cache(maxsize=4096)  # every phrase rule normalizes the same blocks of a page
def normalize(text: str) -> str:
    """Casefold, straighten quotes and collapse whitespace: how phrases are compared."""
    if not text.isascii():
        for curly, straight in _STRAIGHTEN:
            text = text.replace(curly, straight)
    return " ".join(text.casefold().split())


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    phrase: str
    start: int


class PhraseMatcher:
    """Finds any of a list of phrases in text, ignoring case, quote style and spacing.

    A phrase that starts or ends with a letter or digit must match whole words there. The
    phrases are grouped by those word-boundary needs, so each position of the text is tested
    against one alternation per group rather than against every phrase.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases = tuple(dict.fromkeys(normalize(p) for p in phrases if p.strip()))
        groups: dict[tuple[bool, bool], list[str]] = {}
        for phrase in sorted(self.phrases, key=len, reverse=True):
            bounds = (phrase[0].isalnum(), phrase[-1].isalnum())
            groups.setdefault(bounds, []).append(re.escape(phrase))
        patterns = [
            ("(?<!\\w)" if starts_word else "")
            + "(?:"
            + "|".join(alternatives)
            + ")"
            + ("(?!\\w)" if ends_word else "")
            for (starts_word, ends_word), alternatives in groups.items()
        ]
        self._regex = re.compile("|".join(patterns)) if patterns else None
        self.keys = _phrase_keys(self.phrases)
        self._keys = key_pattern([self])

    def find(self, text: str) -> list[PhraseMatch]:
        if self._regex is None:
            return []
        normalized = normalize(text)
        return [PhraseMatch(m.group(0), m.start()) for m in self._regex.finditer(normalized)]

    def find_each(self, texts: Sequence[str]) -> list[list[PhraseMatch]]:
        """``find`` for many texts (a page's blocks) in one pass of the regex."""
        found: list[list[PhraseMatch]] = [[] for _ in texts]
        if self._regex is None or not texts:
            return found
        normalized = [normalize(text) for text in texts]
        # NUL is in no phrase and is no word character: no match spans two texts.
        starts = list(accumulate((len(text) + 1 for text in normalized), initial=0))
        for match in self._regex.finditer("\0".join(normalized)):
            index = bisect_right(starts, match.start()) - 1
            found[index].append(PhraseMatch(match.group(0), match.start() - starts[index]))
        return found

    def first(self, text: str) -> str | None:
        if self._regex is None:
            return None
        normalized = normalize(text)
        if self._keys is not None and not self._keys.search(_words_of_normalized(normalized)):
            return None  # no phrase has its key in the text
        found = self._regex.search(normalized)
        return found.group(0) if found else None


@cache
def packaged_lists() -> dict[str, dict[str, list[str]]]:
    """The packaged ``data/phrases.toml``: one table per rule id, each a table of lists."""
    text = resources.files("newsdocs.check").joinpath("data/phrases.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return {str(k): {str(kk): list(vv) for kk, vv in v.items()} for k, v in data.items()}


def _phrase_keys(phrases: Iterable[str]) -> frozenset[bytes] | None:
    """Each phrase's key: its longest run of ASCII words with single spaces between (as
    bytes, a space either side). Text can only match a phrase if its ``ascii_words`` hold
    the key: the words are the same there, and whatever is around them becomes spaces.

    A run at the start or end of a phrase that has "_" there does not count: matching does
    not need a word boundary there (see ``PhraseMatcher``), so text may go on around it.
    None if some phrase has no run to count, so that no key can rule it out.
    """
    keys: set[bytes] = set()
    for phrase in phrases:
        runs = [
            found.group()
            for found in _ASCII_WORDS_RUN.finditer(phrase)
            if not (found.start() == 0 and phrase[0] == "_")
            and not (found.end() == len(phrase) and phrase[-1] == "_")
        ]
        if not runs:
            return None
        keys.add(f" {max(runs, key=len)} ".encode())
    return frozenset(keys)


def key_pattern(matchers: Iterable[PhraseMatcher]) -> re.Pattern[bytes] | None:
    """A regex finding any phrase key of ``matchers`` in ``ascii_words``; None when some
    phrase has no key (the phrases must then be looked for every time)."""
    keys: set[bytes] = set()
    for matcher in matchers:
        if matcher.keys is None:
            return None
        keys |= matcher.keys
    # Keys share a leading space, so the search skips from space to space; as a trie, the
    # alternatives are tried one letter at a time rather than one key at a time.
    return re.compile(b" " + _trie({key[1:] for key in keys}))


def _trie(words: Iterable[bytes]) -> bytes:
    """A regex matching any of ``words``, their common prefixes factored out."""
    branches: dict[int, set[bytes]] = {}
    ends = False
    for word in words:
        if word:
            branches.setdefault(word[0], set()).add(word[1:])
        else:
            ends = True
    alternatives = [
        re.escape(bytes([first])) + _trie(rest) for first, rest in sorted(branches.items())
    ]
    if not alternatives:
        return b""
    if len(alternatives) == 1 and not ends:
        return alternatives[0]
    return b"(?:" + b"|".join(alternatives) + b")" + (b"?" if ends else b"")
