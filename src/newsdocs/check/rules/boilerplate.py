"""Boilerplate published as content: language-model meta-text and CMS or template chrome.

The phrase lists live in ``data/phrases.toml``. Each rule has two: distinctive phrases that
count anywhere in a block, and short generic ones ("I hope this helps", "Leave a comment")
that count only where boilerplate sits - as the opening or closing sentence of a block, or as
the whole text of a link or button - and never inside quotation marks, so that reporting which
uses or quotes the same words passes. A page is scanned as a whole first; only pages with a
candidate phrase are looked at block by block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from lxml import etree

from newsdocs.check.context import CheckContext
from newsdocs.check.document import Document, TextBlock
from newsdocs.check.findings import Severity
from newsdocs.check.phrases import PhraseMatch, PhraseMatcher, normalize
from newsdocs.check.rule import Checker, Hit, Rule

_SUPPRESSION_HOWTO = (
    "A site that shows such text on purpose silences the rule with ignore or per-path-ignores "
    "in [tool.newsdocs.check], or on one element with <!-- newsdocs: ignore {rule} --> right "
    "before it (.. newsdocs: ignore {rule} in reST)."
)

AI_BOILERPLATE = Rule(
    id="ai-boilerplate",
    severity=Severity.ERROR,
    summary="Language-model refusals or meta-text are published as article text.",
    explanation=(
        "The text contains what a language model says about its own output rather than news: "
        "refusals ('I cannot create a news article based on the provided input', 'As an AI "
        "language model, I...'), preambles ('Certainly! Here's', 'Here is a rewritten "
        "version') and sign-offs ('I hope this helps', 'Let me know if you'd like...'). "
        "Distinctive phrases count anywhere; short generic ones count only as the opening or "
        "closing sentence of a paragraph, heading or other block, outside quotation marks, so "
        '"I hope this helps the people of Gaza," said the aid worker passes. Such an article '
        "was generated without an editor reading it: remove the text and review the rest. "
        "Sites add phrases with extra-ai-phrases (they count anywhere). "
        + _SUPPRESSION_HOWTO.format(rule="ai-boilerplate")
    ),
)
CMS_BOILERPLATE = Rule(
    id="cms-boilerplate",
    severity=Severity.ERROR,
    summary="CMS, theme or template chrome or filler text is part of the page.",
    explanation=(
        "The page carries text a CMS, theme or page builder produces, or filler a template "
        "left unfilled: comment-form chrome ('Leave a Comment', 'This site uses Akismet to "
        "reduce spam', 'Your email address will not be published'), editing prompts ('Click "
        "here to add text', '(Replace with ...)', '[Insert quote here]') and dummy text "
        "('Lorem ipsum dolor sit amet'). Short phrases such as 'Leave a comment' count only "
        "as the opening or closing segment of a block or as the whole text of a link or "
        "button, so 'The minister declined to leave a comment' passes. Chrome is reported "
        "wherever it is, even as the heading of a real comment form outside the article: "
        "the gate exists to refuse pages that carry it, and scraped or syndicated articles "
        "bring it along. Sites add phrases with extra-cms-phrases (they count anywhere). "
        + _SUPPRESSION_HOWTO.format(rule="cms-boilerplate")
    ),
)

# What may separate a standalone phrase from text before it ("Posted in World | Leave a
# comment"); dashes and slashes only with a space ("double-click to edit" is one word). Not
# ":" or ",": after those the words are usually reported speech.
_ENDS = (
    ".!?\u2026|\u2022\u00b7\u00bb\u203a\u2192"  # ellipsis, bullet, middle dot, guillemets, arrow
)
_DASHES = "/\u2013\u2014-"  # en and em dash
_SEGMENT_SEPARATORS = frozenset(_ENDS)
_SPACED_SEPARATORS = frozenset(_DASHES)
_SEGMENT_LEAD_IN = " ([*"
_SEGMENT_END = re.compile(f"[{re.escape(_ENDS)}]")
_LATER_SEGMENT = re.compile(rf"[{re.escape(_ENDS)}][\s\"')\]]*\w|\s[{re.escape(_DASHES)}]\s+\w")
# Quotation marks once normalize() has straightened the curly ones: guillemets, low-9 quote
# and a straight single quote that is not an apostrophe inside a word.
_QUOTE = re.compile(r"""["\u00ab\u00bb\u201e\u2039\u203a]|(?<!\w)'|'(?!\w)""")
_WORD = re.compile(r"\w")
_CONTROL_TAGS = ("a", "button", "label", "legend")
_CONTROL_TRIM = " .,:;()[]" + _ENDS + _DASHES
SNIPPET_LENGTH = 60


class PhraseCheck(NamedTuple):
    rule: Rule
    anywhere: PhraseMatcher
    standalone: PhraseMatcher


def check(document: Document, context: CheckContext) -> Iterator[Hit]:
    checks = [
        phrase_check
        for phrase_check in (
            PhraseCheck(AI_BOILERPLATE, context.ai_phrases, context.ai_standalone_phrases),
            PhraseCheck(CMS_BOILERPLATE, context.cms_phrases, context.cms_standalone_phrases),
        )
        if context.config.enabled(phrase_check.rule.id, document.path)
    ]
    if not checks or not document.block_texts:
        return
    keys, words = context.boilerplate_keys, document.page_text.ascii_words
    if keys is not None and words is not None and keys.search(words) is None:
        return  # no phrase has its key on the page, so no block holds a phrase
    for rule, anywhere, standalone in checks:
        blocks = document.blocks
        texts = document.block_texts
        everywhere = anywhere.find_each(texts)
        alone = standalone.find_each(texts)
        for block, matches, candidates in zip(blocks, everywhere, alone, strict=True):
            found = _boilerplate_in(block, matches, candidates)
            if found is not None:
                yield Hit(rule, _message(rule, found), element=block.element)


def _boilerplate_in(
    block: TextBlock, matches: list[PhraseMatch], standalone: list[PhraseMatch]
) -> str | None:
    """The first boilerplate phrase in the block, as the block spells it; else None.

    ``matches`` are phrases that count anywhere; ``standalone`` ones count only where they
    stand alone.
    """
    if not matches:
        if not standalone:
            return None
        text = normalize(block.text)
        matches = [m for m in standalone if _stands_alone(block.element, text, m)][:1]
        if not matches:
            return None
    return _as_written(block.text, matches[0])


def _stands_alone(element: etree._Element, text: str, match: PhraseMatch) -> bool:
    """Whether a short phrase sits where boilerplate does rather than inside a sentence:
    opening the block's first or last segment, outside quotation marks, or as the whole text
    of a link or button."""
    before, after = text[: match.start], text[match.start + len(match.phrase) :]
    if (
        _opens_segment(before)
        and not _in_quotation(before, after)
        and (not _WORD.search(before) or not _LATER_SEGMENT.search(after))
    ):
        return True
    return _is_control_text(element, match.phrase)


def _opens_segment(before: str) -> bool:
    head = before.rstrip(_SEGMENT_LEAD_IN)
    if not head or head[-1] in _SEGMENT_SEPARATORS:
        return True
    return head[-1] in _SPACED_SEPARATORS and head != before


def _in_quotation(before: str, after: str) -> bool:
    """Whether a quotation is open before the phrase or a quote mark ends its segment."""
    if before.count('"') % 2:
        return True
    segment_end = _SEGMENT_END.search(after)
    return _QUOTE.search(after[: segment_end.start()] if segment_end else after) is not None


def _is_control_text(element: etree._Element, phrase: str) -> bool:
    """Whether the phrase is the whole text of a link, button or label in the block."""
    for control in element.iter(*_CONTROL_TAGS):
        text = "".join(str(piece) for piece in control.itertext())
        if normalize(text).strip(_CONTROL_TRIM) == phrase:
            return True
    return False


def _as_written(text: str, match: PhraseMatch) -> str:
    """The matched phrase with the block's own capitals and quotes, where they line up."""
    # Block text is already whitespace-collapsed, so normalizing keeps offsets unless
    # case folding changed a length (ß -> ss); then the folded phrase has to do.
    if len(normalize(text)) != len(text):
        return match.phrase
    return text[match.start : match.start + len(match.phrase)]


def _message(rule: Rule, phrase: str) -> str:
    quoted = phrase if len(phrase) <= SNIPPET_LENGTH else phrase[: SNIPPET_LENGTH - 1] + "…"
    if rule is AI_BOILERPLATE:
        return (
            f'Language-model text is published as content: "{quoted}"; remove it and have an '
            "editor review the article."
        )
    return (
        f'CMS or template boilerplate is published as content: "{quoted}"; remove it from '
        f"the page (or suppress {rule.id} where the site shows it on purpose)."
    )


CHECKER = Checker(rules=(AI_BOILERPLATE, CMS_BOILERPLATE), run=check)
