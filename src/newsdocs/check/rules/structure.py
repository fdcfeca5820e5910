"""Page structure: ids used twice, and headings or links with nothing in them.

Both are signs of a page assembled from pieces (a template block pasted twice, a heading whose
text never arrived, an icon link whose label was lost). Everything is asked of the tree with
compiled XPath, so the work stays in C however large the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from lxml import etree

from newsdocs.check.context import CheckContext
from newsdocs.check.document import Document
from newsdocs.check.findings import Severity
from newsdocs.check.rule import Checker, Hit, Rule

DUPLICATE_ID = Rule(
    id="duplicate-id",
    severity=Severity.ERROR,
    summary="Two elements share an id.",
    explanation=(
        "An id must be unique in its page: links to #id, labels, ARIA references and scripts "
        "all reach only the first element that has it, so the others are unreachable. Every "
        "element after the first with the same id is reported, with the line of the first. "
        "Ids are compared exactly, so ids that differ only in case are different ids. Ids "
        "inside a <template> are not counted: template content is not part of the page."
    ),
)
EMPTY_ELEMENT = Rule(
    id="empty-element",
    severity=Severity.ERROR,
    summary="A heading or link has no text.",
    explanation=(
        "A heading (<h1> to <h6>) with no text and no image with alt text inside, or a link "
        "(<a href>) with no text, no aria-label, aria-labelledby or title, and no image with "
        "alt text (nor an SVG <title>, nor an element with an aria-label) inside. Readers see "
        "nothing, and screen readers announce an empty heading or an unnamed link. Whitespace, "
        "non-breaking and zero-width spaces do not count as text. An <a> without href (an "
        "anchor target such as <a id=x></a>) is not a link and is never reported. Content "
        "inside a <template> is not checked."
    ),
)

MESSAGE_TEXT_LIMIT = 60
# Characters that look like nothing: translated to plain spaces before the emptiness test
# (XPath's normalize-space only knows ASCII whitespace).
_INVISIBLE = (
    "\u00a0\u00ad\u1680\u180e\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
)
_NO_TEXT = f"not(normalize-space(translate(string(.), '{_INVISIBLE}', '{' ' * len(_INVISIBLE)}')))"
_NO_IMAGE_WITH_ALT = "not(.//img[normalize-space(@alt)])"
_OUTSIDE_TEMPLATE = "not(ancestor::template)"

_ELEMENTS_WITH_ID: Final = etree.XPath(f"//*[@id][{_OUTSIDE_TEMPLATE}]")
_EMPTY_HEADINGS: Final = etree.XPath(
    "//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]"
    f"[{_NO_TEXT}][{_NO_IMAGE_WITH_ALT}][{_OUTSIDE_TEMPLATE}]"
)
_EMPTY_LINKS: Final = etree.XPath(
    f"//a[@href][{_NO_TEXT}][{_NO_IMAGE_WITH_ALT}]"
    "[not(normalize-space(@aria-label))][not(normalize-space(@aria-labelledby))]"
    "[not(normalize-space(@title))][not(.//*[normalize-space(@aria-label)])]"
    f"[{_OUTSIDE_TEMPLATE}]"
)


def find_duplicate_ids(document: Document) -> Iterator[Hit]:
    first_with: dict[str, etree._Element] = {}
    for element in _elements(_ELEMENTS_WITH_ID(document.root)):
        value = element.get("id") or ""
        if not value:
            continue
        first = first_with.setdefault(value, element)
        if first is element:
            continue
        where = f"line {first.sourceline}" if first.sourceline else "earlier in the page"
        yield Hit(
            DUPLICATE_ID,
            f'id "{_shorten(value)}" is already used by the <{first.tag}> at {where}: links '
            f"to #{_shorten(value)} only reach that one; give this <{element.tag}> another id",
            element=element,
        )


def find_empty_headings(document: Document) -> Iterator[Hit]:
    for heading in _elements(_EMPTY_HEADINGS(document.root)):
        yield Hit(
            EMPTY_ELEMENT,
            f"empty <{heading.tag}>: it has no text (nor an image with alt text); give it its "
            "title or remove it",
            element=heading,
        )


def find_empty_links(document: Document) -> Iterator[Hit]:
    for link in _elements(_EMPTY_LINKS(document.root)):
        yield Hit(
            EMPTY_ELEMENT,
            f'link to "{_shorten(link.get("href") or "")}" has no text, no aria-label or '
            "title and no image with alt text, so readers and screen readers get nothing to "
            "click on: give it link text or an aria-label",
            element=link,
        )


def _elements(result: object) -> list[etree._Element]:
    """XPath answers are typed loosely; the expressions above only select elements."""
    assert isinstance(result, list)
    return [node for node in result if isinstance(node, etree._Element)]


def _shorten(text: str, limit: int = MESSAGE_TEXT_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def check(document: Document, context: CheckContext) -> Iterator[Hit]:
    yield from find_duplicate_ids(document)
    yield from find_empty_headings(document)
    yield from find_empty_links(document)


CHECKER = Checker(rules=(DUPLICATE_ID, EMPTY_ELEMENT), run=check)
