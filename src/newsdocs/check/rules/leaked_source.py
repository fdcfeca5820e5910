"""Authoring syntax published as text: reST, Markdown, template tags and Docutils messages.

Markup that a build did not render (a directive indented wrongly, a role Sphinx does not know,
Markdown pasted into a reST page, a template variable a CMS left unfilled) shows up on the page
as literal source. Each kind of syntax is one regular expression, tried on a block's visible
text only when a cheap substring test says it could match, so clean prose costs a handful of
``in`` checks per block. Text in ``<code>``, ``<pre>`` and the like is never looked at (see
``Document.blocks``): that is where syntax is shown on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

from newsdocs.check.context import CheckContext
from newsdocs.check.document import (
    BLOCK_TAGS,
    EXEMPT_TAGS,
    Document,
    collapse_whitespace,
    local_name,
)
from newsdocs.check.findings import Severity
from newsdocs.check.rule import Checker, Hit, Rule

LEAKED_SOURCE = Rule(
    id="leaked-source",
    severity=Severity.ERROR,
    summary="Authoring syntax (reST, Markdown, template tags) is visible in the page text.",
    explanation=(
        "The page shows source markup instead of its rendering: reST directives "
        "(.. image::), roles (:ref:`x`), hyperlink references (`text <url>`_), "
        "``literals``, |substitutions| and footnote references ([1]_); Markdown images, "
        "links, ## headings and __bold__; **bold** or *emphasis* asterisks hugging words; "
        "template syntax ({{ x }}, {% tag %}, {# comment #}, <%= x %>, ${x}) and WordPress "
        "shortcodes; and Docutils system messages or 'problematic' markers (elements with "
        "class system-message or problematic, 'System Message: ERROR/3', '(ERROR/3)', "
        "'Unknown interpreted text role'). Lone asterisks (5*, 2 * 3), hashtags, C#, "
        "'Politics | World', {sic} and '#1' are prose and pass, and nothing inside <code>, "
        "<pre>, <kbd> or <samp> is looked at: put syntax that is meant to be shown there. "
        "Each kind is reported once per block."
    ),
)


@dataclass(frozen=True, slots=True)
class Syntax:
    """One kind of leaked syntax: its name, the strings it cannot match without (single
    characters where possible, as those are found fastest), and its finder. ``at_start``
    syntax only counts at the very start of a block, code included (``match`` then finds it
    in the block's text, from which code is left out)."""

    kind: str
    triggers: tuple[str, ...]
    find: Callable[[str], re.Match[str] | None]
    at_start: bool = False


_LEVEL = r"(?:DEBUG|INFO|WARNING|ERROR|SEVERE)/\d"
_ROLE_NAME = r"[A-Za-z][\w+.-]*"
_BACKTICKED = r"`(?=[^\s`])[^`]*?[^\s`]`"
# Emphasis markers hug words: a word (or opening quote) right inside the opening marker,
# a word (or closing punctuation) right inside the closing one.
_HUGS_START = "(?=[\\w\"'(\u201c\u2018])"
_HUGS_END = "(?<=[\\w.,:;!?)\"'\u201d\u2019])"
_FOOTNOTE_LABEL = r"(?:#[\w-]*|\*|\d+)"
_SHORTCODE_NAMES = r"caption|gallery|embed|video|audio|playlist"

SYNTAXES: tuple[Syntax, ...] = (
    Syntax(
        "Docutils system message",
        ("/", "Unknown "),
        re.compile(
            rf"System Message: {_LEVEL}|\({_LEVEL}\)"
            r"|Unknown (?:interpreted text role|directive type) [\"“]"
        ).search,
    ),
    Syntax(
        "reST directive",
        (".. ",),
        re.compile(r"(?<!\S)\.\. (?:\|[^|]+\|\s+)?[A-Za-z][\w-]*(?:[:.+][\w-]+)*::(?!\S)").search,
    ),
    Syntax(
        "reST hyperlink target", (".. ",), re.compile(r"(?<!\S)\.\. _[^\s:][^:]*:(?!\S)").search
    ),
    Syntax(
        "reST footnote",
        ("_", ".. "),
        re.compile(
            rf"\[(?:{_FOOTNOTE_LABEL}|[A-Za-z][\w.-]*)\]_(?!\w)"
            rf"|(?<!\S)\.\. \[{_FOOTNOTE_LABEL}\](?=\s)"
        ).search,
    ),
    Syntax(
        "reST role",
        ("`",),
        re.compile(
            rf"(?<![\w`]):(?:{_ROLE_NAME}:)?{_ROLE_NAME}:{_BACKTICKED}(?!\w)"
            rf"|(?<![\w`]){_BACKTICKED}:{_ROLE_NAME}:(?!\w)"
        ).search,
    ),
    Syntax(
        "reST hyperlink reference", ("`",), re.compile(rf"(?<![\w`]){_BACKTICKED}__?(?!\w)").search
    ),
    Syntax(
        "reST inline literal", ("`",), re.compile(r"(?<!`)``(?=[^\s`])[^`]*?[^\s`]``(?!`)").search
    ),
    Syntax(
        "reST substitution reference",
        ("|",),
        # "Politics | World" has spaces inside the bars, a reference none; ".. |x|" defines one
        re.compile(r"(?<![\w|])(?<!\.\. )\|(?=[^\s|])[^|]{0,60}?[^\s|]\|(?:__?)?(?![\w|])").search,
    ),
    Syntax(
        "bold markup",
        ("*", "_"),
        re.compile(
            rf"(?<![\w*])\*\*{_HUGS_START}[^*]{{0,200}}?{_HUGS_END}\*\*(?![\w*])"
            rf"|(?<!\w)__{_HUGS_START}[^_]{{0,200}}?{_HUGS_END}__(?!\w)"
        ).search,
    ),
    Syntax(
        "emphasis markup",
        ("*",),
        # both asterisks hug words: "5*", "2 * 3", "f*ck" and "v9.3+*, v10+*" are prose
        re.compile(rf"(?<![\w*])\*{_HUGS_START}[^*]{{0,200}}?{_HUGS_END}\*(?![\w*])").search,
    ),
    Syntax(
        "Markdown image",
        ("]",),
        re.compile(r"!\[[^\]]{0,200}\]\([^)\s]*(?:\s+\"[^\"]*\")?\)").search,
    ),
    Syntax(
        "Markdown link",
        ("]",),
        # the target must look like a URL or path, so "[sic](1)"-style asides pass
        re.compile(r"(?<!!)\[[^\]]{1,200}\]\([^)\s]*[/.#:?=][^)\s]*(?:\s+\"[^\"]*\")?\)").search,
    ),
    Syntax(
        "Markdown heading",
        ("#",),
        # "# 1 in the charts" uses # as a number sign; "## 1. Intro" is still a heading
        re.compile(r"(?:#{2,6} +|# +(?!\d))\S.{0,80}").match,
        at_start=True,
    ),
    Syntax("template expression", ("{",), re.compile(r"\{\{[^{}]{0,200}\}\}").search),
    Syntax("template tag", ("{", "<"), re.compile(r"\{%.{0,200}?%\}|<%.{0,200}?%>").search),
    Syntax("template comment", ("{",), re.compile(r"\{#.{0,200}?#\}").search),
    Syntax("template placeholder", ("{",), re.compile(r"\$\{[A-Za-z_][\w.]*\}").search),
    Syntax(
        "WordPress shortcode",
        ("[",),
        # bare "[video]" could be an editor's bracket, so generic names need attributes
        # or a closing tag; page-builder prefixes are distinctive on their own
        re.compile(
            rf"\[(?:{_SHORTCODE_NAMES})\s+[\w-]+=[^\]]*\]|\[/(?:{_SHORTCODE_NAMES})\]"
            r"|\[/?(?:vc|et_pb|fusion|av|su)_\w+[^\]]*\]|\[contact-form-7\b[^\]]*\]"
        ).search,
    ),
)
_TRIGGERS = tuple(dict.fromkeys(trigger for syntax in SYNTAXES for trigger in syntax.triggers))
_FINDS = {trigger: re.compile(re.escape(trigger)) for trigger in _TRIGGERS}

_EXEMPT_ANCESTOR = " or ".join(f"ancestor::{tag}" for tag in sorted(EXEMPT_TAGS))
_MARKED_ELEMENTS = etree.XPath(  # cheapest predicates first: most elements have no class
    "/descendant::*[@class][contains(concat(' ', normalize-space(@class), ' '), ' system-message ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' problematic ')]"
    f"[not({_EXEMPT_ANCESTOR})]"
)
_MESSAGE_LEVEL = re.compile(r"System Message: (\w+/\d)")
SNIPPET_LENGTH = 60


def check(document: Document, context: CheckContext) -> Iterator[Hit]:
    covered: set[etree._Element] = set()
    if "system-message" in document.text or "problematic" in document.text:
        yield from _marked_by_docutils(document, covered)
    page = document.page_text
    present = {trigger for trigger in _TRIGGERS if trigger in page.text}
    syntaxes = [syntax for syntax in SYNTAXES if not present.isdisjoint(syntax.triggers)]
    if not syntaxes:
        return
    # Only the blocks that hold a trigger are looked at, in order.
    candidates = {index for trigger in present for index in page.blocks_with(_FINDS[trigger])}
    for index in sorted(candidates):
        text, element = document.block_texts[index], document.block_elements[index]
        if element in covered:
            continue
        for syntax in syntaxes:
            if _contains_any(text, syntax.triggers):
                found = syntax.find(text)
                if found and (not syntax.at_start or _starts_with_text(element, found)):
                    message = _message(syntax.kind, found.group())
                    yield Hit(LEAKED_SOURCE, message, element=element)


def _contains_any(text: str, triggers: tuple[str, ...]) -> bool:
    # a plain loop: any() over a generator costs several times more in this hot path
    for trigger in triggers:  # noqa: SIM110
        if trigger in text:
            return True
    return False


def _starts_with_text(element: etree._Element, found: re.Match[str]) -> bool:
    """Whether the element's content, code included, begins with the text found: "#
    comment" after leading <code> is not at the start of the block."""
    for piece in element.itertext():
        if piece.strip():
            return str(piece).lstrip().startswith(found.group()[:2])
    return False


def _marked_by_docutils(document: Document, covered: set[etree._Element]) -> Iterator[Hit]:
    """System messages and problematic markers Docutils put in the HTML, by class.

    The blocks they cover go into ``covered`` so their text is not reported a second time.
    """
    problematic_blocks: set[etree._Element] = set()
    for element in _marked_elements(document.root):
        if element in covered:
            continue  # a marker inside a system message that is already reported
        classes = (element.get("class") or "").split()
        if "system-message" in classes:
            covered.update(element.iter())
            yield Hit(LEAKED_SOURCE, _system_message(element), element=element)
            continue
        block = _enclosing_block(element)
        if block in problematic_blocks:
            continue
        problematic_blocks.add(block)
        covered.add(block)
        snippet = _shorten(_text_of(element))
        yield Hit(
            LEAKED_SOURCE,
            f'Docutils marked "{snippet}" as problematic: reST that failed to render is shown '
            "on the page; fix it in the source (the system message says why).",
            element=element,
        )


def _marked_elements(root: etree._Element) -> list[etree._Element]:
    found = _MARKED_ELEMENTS(root)
    return (
        [item for item in found if isinstance(item, etree._Element)]
        if isinstance(found, list)
        else []
    )


def _system_message(element: etree._Element) -> str:
    text = _text_of(element)
    level = _MESSAGE_LEVEL.search(text)
    detail = next(
        (
            _text_of(child)
            for child in element.iterchildren(etree.Element)
            if "system-message-title" not in (child.get("class") or "").split()
            and local_name(child) not in EXEMPT_TAGS
        ),
        "",
    )
    kind = f"Docutils system message {level.group(1)}" if level else "A Docutils system message"
    return (
        f"{kind} is shown on the page ({_shorten((detail or text).rstrip('.'))}); fix the reST "
        "source and rebuild."
    )


def _text_of(element: etree._Element) -> str:
    return collapse_whitespace("".join(str(piece) for piece in element.itertext()))


def _enclosing_block(element: etree._Element) -> etree._Element:
    for ancestor in element.iterancestors(etree.Element):
        if local_name(ancestor) in BLOCK_TAGS:
            return ancestor
    return element


def _message(kind: str, snippet: str) -> str:
    return (
        f'Leaked {kind} "{_shorten(snippet)}" in the page text: the source markup was not '
        "rendered; fix it in the source (or put it in <code> if it is meant to be shown)."
    )


def _shorten(text: str) -> str:
    return text if len(text) <= SNIPPET_LENGTH else text[: SNIPPET_LENGTH - 1] + "…"


CHECKER = Checker(rules=(LEAKED_SOURCE,), run=check)
