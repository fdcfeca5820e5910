"""Spacing slips in prose: a missing space after punctuation, and doubled words.

Both are the kind of defect a hurried paste or a machine rewrite leaves behind
("partnership,despite", "alliance.What", "the the"). The rule is tuned for precision on
news prose: numbers, abbreviations, domains, URLs, e-mail addresses, file names, dotted
product names, ellipses and dashes never fire, because a gate that cries wolf gets ignored.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from newsdocs.check.context import CheckContext
from newsdocs.check.document import Document
from newsdocs.check.findings import Severity
from newsdocs.check.phrases import packaged_lists
from newsdocs.check.rule import Checker, Hit, Rule

SPACING = Rule(
    id="spacing",
    severity=Severity.ERROR,
    summary="A space is missing after punctuation, or a word is doubled.",
    explanation=(
        "Flags words run together across punctuation ('partnership,despite', "
        "'alliance.What', '\"yes,\"he said') and doubled words ('the the', 'in in'). A comma "
        "or semicolon between two words of two or more letters is always a slip; a full stop, "
        "question or exclamation mark counts only between a lowercase word end and a "
        "capitalised word, so numbers (1,000; 3.5; 12.03.2024), abbreviations (U.S., Ph.D., "
        "e.g., a.m.), initials, ellipses, dashes, domains and URLs, e-mail addresses, file "
        "names and dotted names (Node.js, ASP.NET, System.Text.Json) are left alone. "
        "Grammatical doubles ('had had', 'that that', 'is is') and capitalised pairs that are "
        "names ('Duran Duran', 'Theresa May may') are not reported. Text in code, pre, kbd "
        "and samp is never checked. At most five findings are reported per block."
    ),
)

MAX_FINDINGS_PER_BLOCK = 5
MAX_SNIPPET = 60

_LETTER = r"[^\W\d_]"
# Quotes are spelled as escapes: the curly ones are easy to mistake for other characters.
_CURLY_QUOTES = "\u201c\u201d\u2018\u2019"
_CLOSERS = ")]\"'\u201d\u2019"
_OPENERS = "(\"'" + _CURLY_QUOTES
_MARKS = ",;.?!"
_SENTENCE_ENDS = ".?!:\u2026"
# Anchored on the punctuation, so the scan is a fast character-class search; the few
# candidates (punctuation straight before a letter) are vetted in Python.
_PUNCTUATION_BEFORE_LETTER = re.compile(rf"[,;.?!](?=[{re.escape(_OPENERS)}]?{_LETTER})")
_DOUBLED_WORD = re.compile(
    rf"(?<![\w'\u2019\-.])(?P<first>{_LETTER}++) (?P<second>(?P=first))(?![\w'\u2019\-])",
    re.IGNORECASE,
)
# Punctuation and digits become spaces for the quick look at adjacent equal words.
_NOT_LETTERS = str.maketrans(
    dict.fromkeys(
        "!\"#$%&'()*+,-./0123456789:;<=>?@[\\]^_`{|}~"
        "\u00ab\u00bb\u201e\u201a\u2039\u203a\u2014\u2013\u2026\u00b7\u2022\u00a1\u00bf"
        + _CURLY_QUOTES,
        " ",
    )
)
# ``_may_have_doubled_words`` on UTF-8 bytes: the punctuation and digits it drops become
# spaces, ASCII letters are lowercased, and every byte of any other character becomes 0x80,
# so that words equal once lowercased stay equal ...
_WORD_BYTES = bytes(
    ord(" ") if byte in _NOT_LETTERS else ord(chr(byte).lower()) if byte < 128 else 0x80
    for byte in range(256)
)
_NOT_LETTERS_ABOVE_ASCII = tuple(chr(code) for code in _NOT_LETTERS if code >= 128)
# ... unless lowercasing changes how many UTF-8 bytes a character takes (the test suite
# checks this list against Python's Unicode data).
LOWERCASE_CHANGES_LENGTH = (
    "\u0130\u023a\u023e\u1e9e\u2126\u212a\u212b\u2c62\u2c64\u2c6d\u2c6e\u2c6f\u2c70"
    "\u2c7e\u2c7f\ua78d\ua7aa\ua7ab\ua7ac\ua7ad\ua7ae\ua7b0\ua7b1\ua7b2\ua7c5"
)
_BLOCK_BREAK = b" \x01 "  # a word no text has (controls never reach a page's text)
_SCHEMELESS_URL = re.compile(r"\w\.[a-z]{2,}/", re.IGNORECASE)
_CODE_CHARACTERS = re.compile(r"[`=_{}<>\[\]]|\w\(")

# Capitalised doubles are usually names ("Duran Duran"); these words never are.
_FUNCTION_WORDS = frozenset(
    ["the", "an", "and", "of", "to", "in", "on", "for", "with", "at", "by", "from", "is"]
)


@dataclass(frozen=True, slots=True)
class _Lists:
    doubled_words: frozenset[str]
    abbreviations: frozenset[str]
    domain_endings: frozenset[str]


@cache
def _lists() -> _Lists:
    table = packaged_lists().get(SPACING.id, {})

    def words(key: str) -> frozenset[str]:
        return frozenset(word.casefold() for word in table.get(key, []))

    return _Lists(words("doubled-words"), words("abbreviations"), words("domain-endings"))


def check(document: Document, context: CheckContext) -> Iterator[Hit]:
    texts = document.block_texts
    page = document.page_text
    # The page is searched as a whole; only the blocks that may hold a slip are looked at.
    candidates = set(page.blocks_with(_PUNCTUATION_BEFORE_LETTER))
    if _may_have_doubled_words_on_page(page.text):
        candidates.update(i for i, text in enumerate(texts) if _may_have_doubled_words(text))
    for index in sorted(candidates):
        text = texts[index]
        found = list(_missing_spaces(text))
        if _may_have_doubled_words(text):
            found.extend(_doubled_words(text))
        if not found:
            continue
        messages = dict.fromkeys(message for _, message in sorted(found))
        for message in list(messages)[:MAX_FINDINGS_PER_BLOCK]:
            yield Hit(SPACING, message, element=document.block_elements[index])


def _missing_spaces(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, message) for each word run into the next across punctuation."""
    for match in _PUNCTUATION_BEFORE_LETTER.finditer(text):
        end = match.end()
        start = end - 1
        while start > 0 and text[start - 1] in _MARKS:
            start -= 1
        punct = text[start:end]
        if not _is_single_mark(punct):
            continue  # an ellipsis ("wait...what"), or ",," which is another slip
        left_start, left_end = _word_before(text, start)
        right_start, right_end = _word_after(text, end)
        # One letter either side: numbers, initials, "U.S.", "e.g.", ".NET", "x,y".
        if left_end - left_start < 2 or right_end - right_start < 2:
            continue
        token_start, token_end = _token_span(text, start)
        token = text[token_start:token_end]
        if _looks_like_code_or_data(token):
            continue
        left, right = text[left_start:left_end], text[right_start:right_end]
        if punct in ",;":
            if _comma_is_legitimate(text, text[token_start:start], left_start, left, right):
                continue
        elif _is_address(token) or not _runs_into_sentence(
            text, left_start, left, right, right_end
        ):
            continue
        snippet = _shorten(token.strip(_OPENERS + _CLOSERS + ".,;:?!"))
        yield start, f"missing space after '{punct}' in '{snippet}'"


def _word_before(text: str, index: int) -> tuple[int, int]:
    """The letters just before ``index``, past one closing quote or bracket."""
    end = index - 1 if index > 0 and text[index - 1] in _CLOSERS else index
    start = end
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return start, end


def _word_after(text: str, index: int) -> tuple[int, int]:
    """The letters from ``index`` on, past one opening quote or bracket."""
    start = index + 1 if index < len(text) and text[index] in _OPENERS else index
    end = start
    while end < len(text) and text[end].isalpha():
        end += 1
    return start, end


def _comma_is_legitimate(text: str, before: str, left_start: int, left: str, right: str) -> bool:
    return (
        _inside_url(before)
        or _is_entity_or_tag(text, left_start)
        or _unspaced_script(left[-1])
        or _unspaced_script(right[0])
    )


def _is_single_mark(punct: str) -> bool:
    """One comma, semicolon or full stop, or a run of up to three '?' and '!' ("?!")."""
    if len(punct) == 1:
        return True
    return len(punct) <= 3 and not punct.strip("?!")


def _token_span(text: str, index: int) -> tuple[int, int]:
    """The space-delimited token around ``index`` (block text has single spaces only)."""
    end = text.find(" ", index)
    return text.rfind(" ", 0, index) + 1, len(text) if end < 0 else end


def _inside_url(before: str) -> bool:
    """Whether text just before a comma is the start of a URL (commas are legal in URLs)."""
    lowered = before.lower()
    return (
        "://" in lowered
        or lowered.lstrip(_OPENERS).startswith("www.")
        or _SCHEMELESS_URL.search(lowered) is not None
    )


def _looks_like_code_or_data(token: str) -> bool:
    """Identifiers, calls and keyword lists ("a,b,c") pasted outside <code> are not prose."""
    return _CODE_CHARACTERS.search(token) is not None or token.count(",") >= 2


def _is_entity_or_tag(text: str, left_start: int) -> bool:
    """``&nbsp;word`` or ``#tag,word``: markup debris, which is another rule's business."""
    return left_start > 0 and text[left_start - 1] in "&#"


def _unspaced_script(letter: str) -> bool:
    """Chinese and Japanese put no spaces between words, so a missing one is no slip there."""
    return "\u2e80" <= letter <= "\u9fff" or "\uf900" <= letter <= "\ufaff"


def _runs_into_sentence(text: str, left_start: int, left: str, right: str, right_end: int) -> bool:
    """Whether ``left.Right`` reads as a sentence end and a new sentence, not a dotted name."""
    if not (left[-1].islower() and left[-2].islower()):
        return False
    if not (right[0].isupper() and right[1:].islower()):
        return False  # "ASP.NET", and CamelCase identifiers such as "argparse.ArgumentParser"
    lists = _lists()
    if left.casefold() in lists.abbreviations or right.casefold() in lists.domain_endings:
        return False
    # More dot-separated parts on either side make it a domain or a namespace (System.Text.Json).
    if text[left_start - 1 : left_start] == ".":
        return False
    return not (
        text[right_end : right_end + 1] == "." and text[right_end + 1 : right_end + 2].isalpha()
    )


def _is_address(token: str) -> bool:
    """URLs, e-mail addresses and paths, where dots and capitals are not prose."""
    lowered = token.lower().lstrip(_OPENERS)
    return "://" in lowered or "@" in lowered or "\\" in lowered or lowered.startswith("www.")


def _may_have_doubled_words(text: str) -> bool:
    """A quick test (adjacent equal words, punctuation ignored) that clears almost every block."""
    words = text.lower().translate(_NOT_LETTERS).split()
    return any(map(operator.eq, words, words[1:]))


def _may_have_doubled_words_on_page(text: str) -> bool:
    """Whether ``_may_have_doubled_words`` may hold for a block of the page (one block per
    line): the same words compared for all blocks at once, as UTF-8 bytes, where a byte
    table does the work (see ``_WORD_BYTES``)."""
    for character in LOWERCASE_CHANGES_LENGTH:
        if character in text:
            return True
    for separator in _NOT_LETTERS_ABOVE_ASCII:
        if separator in text:
            text = text.replace(separator, " ")
    words = text.encode().translate(_WORD_BYTES).replace(b"\n", _BLOCK_BREAK).split()
    return any(map(operator.eq, words, words[1:]))


def _doubled_words(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, message) for each word written twice in a row."""
    allowed = _lists().doubled_words
    for match in _DOUBLED_WORD.finditer(text):
        first, second = match.group("first"), match.group("second")
        word = first.casefold()
        if word in allowed:
            continue
        # Capitalised doubles are names unless they open a sentence ("Duran Duran",
        # "Theresa May may"); "The the" and "In In" are slips all the same.
        if (
            first[0].isupper()
            and word not in _FUNCTION_WORDS
            and (second[0].isupper() or not _starts_sentence(text, match.start()))
        ):
            continue
        yield match.start(), f"doubled word '{first} {second}' in '{_context(text, match)}'"


def _starts_sentence(text: str, index: int) -> bool:
    before = text[:index].rstrip(" [" + _OPENERS)
    return not before or before[-1] in _SENTENCE_ENDS


def _context(text: str, match: re.Match[str]) -> str:
    """The doubled pair with a word either side, for finding it in the text."""
    start = text.rfind(" ", 0, max(match.start() - 1, 0)) + 1
    end = text.find(" ", match.end() + 1)
    return _shorten(text[start : len(text) if end < 0 else end])


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_SNIPPET else text[: MAX_SNIPPET - 1] + "…"


CHECKER = Checker(rules=(SPACING,), run=check)
