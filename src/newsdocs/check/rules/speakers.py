"""Interview speaker labels: one speaker must be named the same way throughout a page.

Labels are the ``Name:`` that opens a paragraph (plain, or in ``<strong>``/``<b>``, which
read the same once rendered) and the terms of a ``<dl>``. Two spellings are one speaker when
they differ only in case, diacritics, spacing or punctuation ("Emily carter", "Emily Carter";
"Jose", "José"; "Dr Alexei", "Dr. Alexei"), or by a one-letter typo inside a longer word
("Plotnikov", "Plotnikv"; ``_one_typo_apart`` says which typos are left alone because they
usually name someone else). The scope is the page: a name spelled two ways on one page is
inconsistent whether or not both spellings are in the same interview.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

from lxml import etree

from newsdocs.check.context import CheckContext
from newsdocs.check.document import Document
from newsdocs.check.findings import Severity
from newsdocs.check.phrases import packaged_lists
from newsdocs.check.rule import Checker, Hit, Rule

SPEAKER_INCONSISTENT = Rule(
    id="speaker-inconsistent",
    severity=Severity.ERROR,
    summary="An interview names the same speaker in different ways.",
    explanation=(
        "Speaker labels are the 'Name:' that opens a paragraph (plain or bold) and the terms "
        "of a definition list. Labels on one page that differ only in case, accents, spacing "
        "or punctuation ('Emily carter' and 'Emily Carter', 'Jose' and 'José', 'Dr Alexei' and "
        "'Dr. Alexei'), or by a one-letter typo inside a word of five or more letters when one "
        "spelling is used at least twice ('Plotnikov' and 'Plotnikv'), are taken to be one "
        "speaker. The most frequent spelling is taken as the intended one (the earlier on a "
        "tie) and every other spelling is reported once, where it first appears. Typos at a "
        "word's first or last letter and in short words are not merged, because those are "
        "usually different people ('Dan Smith' and 'Jan Smith', 'Mario' and 'Maria', 'Anna' "
        "and 'Anne'). A single spelling is never questioned, so lowercase particles ('Ursula "
        "von der Leyen', 'Charles de Gaulle') are fine. Only labels in an exchange count (another "
        "repeated speaker talks between a speaker's first and last label), and lead-ins such "
        "as 'Note:', 'Update:', 'Q:', 'A:' or fact-box keys ('Age:') are not speaker labels."
    ),
)

MAX_LABEL_WORDS = 6
MAX_LABEL_LENGTH = 60
MIN_TYPO_WORD_LENGTH = 5  # a one-letter difference in a shorter word is often another name

_LABEL_TAGS = frozenset({"p", "div"})
_LABEL_BODY = rf"[^\W\d_][\w.'\u2019\- ]{{0,{MAX_LABEL_LENGTH - 2}}}"
# A label opens its block and ends at the first colon, which a space or the block's end follows.
_PARAGRAPH_LABEL = re.compile(rf"(?P<label>{_LABEL_BODY}?) ?:(?: |$)")
_TERM_LABEL = re.compile(rf"(?P<label>{_LABEL_BODY}?) ?:?")
_LONGEST_LABEL = MAX_LABEL_LENGTH + 1  # with the space and colon after it
_JOINERS = str.maketrans(dict.fromkeys(".'\u2019"))
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
# Lowercase words that make a lead-in a sentence fragment ("the following:", "you modify
# it:") rather than a name; name particles such as "von", "de" or "bin" are not among them.
# fmt: off
_NOT_IN_NAMES = frozenset([
    "a", "an", "the", "of", "is", "are", "was", "were", "be", "been", "it", "its", "to", "in",
    "on", "for", "and", "or", "but", "not", "this", "that", "these", "those", "you", "we", "i",
    "he", "she", "they", "my", "our", "your", "their", "with", "by", "from", "as", "at", "if",
    "will", "can", "would", "should", "here", "there", "what", "how", "why", "when", "which",
    "who",
])
# fmt: on
# Letters NFKD does not take apart.
_UNDECOMPOSED = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ħ": "h",
        "\u0131": "i",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ð": "d",
    }
)


@dataclass(frozen=True, slots=True)
class _Label:
    text: str
    words: tuple[str, ...]
    element: etree._Element

    @property
    def key(self) -> str:
        return "".join(self.words)


@dataclass
class _Spelling:
    """One way of writing a label, where it is first used and how often."""

    text: str
    first: _Label
    order: int
    count: int = 0


@dataclass
class _Speaker:
    """The labels that share one folded key, and the spellings behind them."""

    key: str
    words: tuple[str, ...]
    spellings: dict[str, _Spelling] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(spelling.count for spelling in self.spellings.values())


@cache
def _not_speakers() -> frozenset[str]:
    phrases = packaged_lists().get(SPEAKER_INCONSISTENT.id, {}).get("not-speakers", [])
    return frozenset("".join(_fold_words(phrase)) for phrase in phrases)


def check(document: Document, context: CheckContext) -> Iterator[Hit]:
    labels = list(_labels(document))
    if len(labels) < 3:
        return  # no exchange: an interview needs at least "A:", "B:", "A:"
    groups = _same_speaker_groups(_speakers(labels))
    group_of = {speaker.key: index for index, group in enumerate(groups) for speaker in group}
    sequence = [group_of[label.key] for label in labels]
    counts = Counter(sequence)
    for index, group in enumerate(groups):
        if sum(len(speaker.spellings) for speaker in group) > 1 and _in_exchange(
            index, sequence, counts
        ):
            yield from _report(group)


def _labels(document: Document) -> Iterator[_Label]:
    not_speakers = _not_speakers()
    for text, element in zip(document.block_texts, document.block_elements, strict=True):
        # A label ends with a colon within its first characters, or is all of a term.
        if len(text) > _LONGEST_LABEL and text.find(":", 0, _LONGEST_LABEL + 1) < 0:
            continue
        tag = element.tag
        if tag in _LABEL_TAGS:
            found = _PARAGRAPH_LABEL.match(text)
        elif tag == "dt":
            found = _TERM_LABEL.fullmatch(text)
        else:
            continue
        if found is None:
            continue
        label = found.group("label").strip()
        raw_words = label.split()
        if len(raw_words) > MAX_LABEL_WORDS or not _NOT_IN_NAMES.isdisjoint(raw_words):
            continue
        words = _fold_words(label)
        if len("".join(words)) < 2:
            continue
        if "".join(words) in not_speakers:
            continue
        yield _Label(label, words, element)


def _in_exchange(group: int, sequence: list[int], counts: Counter[int]) -> bool:
    """Whether another repeated speaker talks between this speaker's first and last label.

    That is what an interview looks like, and what headings or fact boxes that merely
    repeat a lead-in ("Appendix:", "APPENDIX:") do not.
    """
    first = sequence.index(group)
    last = len(sequence) - 1 - sequence[::-1].index(group)
    return any(other != group and counts[other] > 1 for other in sequence[first + 1 : last])


@lru_cache(maxsize=4096)  # pages of a site share their labels ("Q:", "Cost:", names)
def _fold_words(text: str) -> tuple[str, ...]:
    """The words of a label without case, accents or punctuation: how labels are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.translate(_UNDECOMPOSED).translate(_JOINERS)
    return tuple(_NOT_ALPHANUMERIC.sub(" ", bare).split())


def _speakers(labels: Iterable[_Label]) -> list[_Speaker]:
    by_key: dict[str, _Speaker] = {}
    for order, label in enumerate(labels):
        speaker = by_key.setdefault(label.key, _Speaker(label.key, label.words))
        spelling = speaker.spellings.setdefault(label.text, _Spelling(label.text, label, order))
        spelling.count += 1
    return list(by_key.values())


def _same_speaker_groups(speakers: list[_Speaker]) -> list[list[_Speaker]]:
    """Speakers merged across one-letter typos (union-find over the few candidate pairs)."""
    parent = list(range(len(speakers)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    # A typo keeps every word's first letter and the length within one, so only labels
    # alike in both are compared; and one side must be a settled (repeated) spelling.
    buckets: dict[tuple[tuple[str, ...], int], list[int]] = {}
    for index, speaker in enumerate(speakers):
        buckets.setdefault(_typo_bucket(speaker, 0), []).append(index)
    for a, speaker in enumerate(speakers):
        if speaker.count < 2:
            continue
        for shift in (-1, 0, 1):
            for b in buckets.get(_typo_bucket(speaker, shift), ()):
                if b != a and _typo_variants(speaker, speakers[b]):
                    parent[root(b)] = root(a)
    groups: dict[int, list[_Speaker]] = {}
    for index, speaker in enumerate(speakers):
        groups.setdefault(root(index), []).append(speaker)
    return list(groups.values())


def _typo_bucket(speaker: _Speaker, shift: int) -> tuple[tuple[str, ...], int]:
    return tuple(word[0] for word in speaker.words), len(speaker.key) + shift


def _typo_variants(a: _Speaker, b: _Speaker) -> bool:
    """Whether the labels differ by a typo in one word (and in nothing else)."""
    if len(a.words) != len(b.words):
        return False
    differing = [(x, y) for x, y in zip(a.words, b.words, strict=True) if x != y]
    return len(differing) == 1 and _one_typo_apart(*differing[0])


def _one_typo_apart(a: str, b: str) -> bool:
    """Whether two words differ by one typo that is not at the first or last letter.

    A typo is one substitution, insertion, deletion or swap of neighbours (Damerau distance 1).
    Differences at the first letter are usually different names ("Dan"/"Jan"), at the last
    letter usually different forms of a name ("Mario"/"Maria", "Daniel"/"Daniela"), so neither
    counts. A swap only has to spare the first letter ("Carter"/"Cartre").
    """
    if max(len(a), len(b)) < MIN_TYPO_WORD_LENGTH or a[0] != b[0]:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return 0 < diffs[0] < len(a) - 1
        first, second = diffs if len(diffs) == 2 else (0, 0)
        return first > 0 and second == first + 1 and a[first] == b[second] and a[second] == b[first]
    if abs(len(a) - len(b)) != 1:
        return False
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    cut = next(
        (i for i, (x, y) in enumerate(zip(longer, shorter, strict=False)) if x != y),
        len(shorter),
    )
    if longer[:cut] + longer[cut + 1 :] != shorter:
        return False
    # In a run of equal letters any of them may be the extra one ("Emilly"): take the earliest.
    while cut > 0 and longer[cut - 1] == longer[cut]:
        cut -= 1
    return 0 < cut < len(longer) - 1


def _report(group: list[_Speaker]) -> Iterator[Hit]:
    spellings = [spelling for speaker in group for spelling in speaker.spellings.values()]
    if len(spellings) < 2:
        return
    intended = max(spellings, key=lambda spelling: (spelling.count, -spelling.order))
    where = intended.first.element.sourceline
    at = f" (line {where})" if where else ""
    for spelling in sorted(spellings, key=lambda spelling: spelling.order):
        if spelling is intended:
            continue
        message = (
            f"'{_shorten(spelling.text)}' and '{_shorten(intended.text)}'{at} look like the "
            "same speaker; use one spelling"
        )
        yield Hit(SPEAKER_INCONSISTENT, message, element=spelling.first.element)


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_LABEL_LENGTH else text[: MAX_LABEL_LENGTH - 1] + "…"


CHECKER = Checker(rules=(SPEAKER_INCONSISTENT,), run=check)
