"""Phrase lists (packaged data, extended by config) and the matcher all text rules share."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def normalize(text: str) -> str:
    """Casefold, straighten quotes and collapse whitespace: how phrases are compared."""
    return " ".join(text.translate(_QUOTES).casefold().split())


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    phrase: str
    start: int


class PhraseMatcher:
    """Finds any of a list of phrases in text, ignoring case, quote style and spacing.

    A phrase that starts or ends with a letter or digit must match whole words there.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases = tuple(dict.fromkeys(normalize(p) for p in phrases if p.strip()))
        patterns = []
        for phrase in sorted(self.phrases, key=len, reverse=True):
            pattern = re.escape(phrase)
            if phrase[0].isalnum():
                pattern = r"(?<!\w)" + pattern
            if phrase[-1].isalnum():
                pattern += r"(?!\w)"
            patterns.append(pattern)
        self._regex = re.compile("|".join(patterns)) if patterns else None

    def find(self, text: str) -> list[PhraseMatch]:
        if self._regex is None:
            return []
        normalized = normalize(text)
        return [PhraseMatch(m.group(0), m.start()) for m in self._regex.finditer(normalized)]

    def first(self, text: str) -> str | None:
        if self._regex is None:
            return None
        found = self._regex.search(normalize(text))
        return found.group(0) if found else None


@cache
def packaged_lists() -> dict[str, dict[str, list[str]]]:
    """The packaged ``data/phrases.toml``: one table per rule id, each a table of lists."""
    text = resources.files("newsdocs.check").joinpath("data/phrases.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return {str(k): {str(kk): list(vv) for kk, vv in v.items()} for k, v in data.items()}
