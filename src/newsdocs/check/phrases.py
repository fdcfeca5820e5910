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
        found = self._regex.search(normalize(text))
        return found.group(0) if found else None


@cache
def packaged_lists() -> dict[str, dict[str, list[str]]]:
    """The packaged ``data/phrases.toml``: one table per rule id, each a table of lists."""
    text = resources.files("newsdocs.check").joinpath("data/phrases.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return {str(k): {str(kk): list(vv) for kk, vv in v.items()} for k, v in data.items()}
