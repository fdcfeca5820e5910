"""Page structure: ids used twice, and headings or links with nothing in them.

Both are signs of a page assembled from pieces (a template block pasted twice, a heading whose
text never arrived, an icon link whose label was lost). Everything is asked of the tree with
compiled XPath, so the work stays in C however large the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Final

from lxml import etree

from newsdocs.check.context import CheckContext
from newsdocs.check.document import Document, local_name
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
# A cheap test that lets through only what may have no text: nothing, or text that starts
# with an invisible character (translating every character of every link is not cheap).
_MAY_HAVE_NO_TEXT = f"contains('{_INVISIBLE}', substring(normalize-space(), 1, 1))"
_NO_IMAGE_WITH_ALT = "not(descendant::img[normalize-space(@alt)])"

# Always "/descendant::x[...]", never "//x[...]": libxml2 evaluates "//x[predicate]" step by
# step and merges the partial results, which took 40 s instead of 0.1 s for "//a[@href]" on a
# 2 MB rustdoc source page with 13,000 links.
_ELEMENTS_WITH_ID: Final = etree.XPath("/descendant::*[@id]")
_IDS: Final = etree.XPath("/descendant::*/@id", smart_strings=False)
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_IS_EMPTY: Final = etree.XPath(
    f"boolean(self::*[{_MAY_HAVE_NO_TEXT}][{_NO_TEXT}][{_NO_IMAGE_WITH_ALT}])"
)
_EMPTY_LINKS: Final = etree.XPath(
    f"/descendant::a[@href][{_MAY_HAVE_NO_TEXT}][{_NO_TEXT}][{_NO_IMAGE_WITH_ALT}]"
    "[not(normalize-space(@aria-label))][not(normalize-space(@aria-labelledby))]"
    "[not(normalize-space(@title))][not(descendant::*[normalize-space(@aria-label)])]"
)
_TEMPLATE_CONTENT: Final = etree.XPath("/descendant::template/descendant::*")


def find_duplicate_ids(document: Document, hidden: Hidden) -> Iterator[Hit]:
    ids = _strings(_IDS(document.root))
    if len(ids) == len(set(ids)):
        return  # no id is used twice (empty ones are not ids)
    first_with: dict[str, etree._Element] = {}
    for element in _elements(_ELEMENTS_WITH_ID(document.root)):
        value = element.get("id") or ""
        if not value or element in hidden.elements:
            continue
        first = first_with.setdefault(value, element)
        if first is element:
            continue
        where = f"line {first.sourceline}" if first.sourceline else "earlier in the page"
        yield Hit(
            DUPLICATE_ID,
            f'id "{_shorten(value)}" is already used by the <{local_name(first)}> at {where}: '
            f"links to #{_shorten(value)} only reach that one; give this "
            f"<{local_name(element)}> another id",
            element=element,
        )


def find_empty_headings(document: Document, hidden: Hidden) -> Iterator[Hit]:
    for heading in _headings(document.root):
        if not _IS_EMPTY(heading) or heading in hidden.elements:
            continue
        yield Hit(
            EMPTY_ELEMENT,
            f"empty <{local_name(heading)}>: it has no text (nor an image with alt text); "
            "give it its title or remove it",
            element=heading,
        )


def _headings(root: etree._Element) -> Iterator[etree._Element]:
    """Every heading of the document, in document order: in the root element, then in any
    top-level element libxml2 left after it (as the XPath "/descendant::" does)."""
    yield from root.iter(*HEADINGS)
    for following in root.itersiblings():
        yield from following.iter(*HEADINGS)


def find_empty_links(document: Document, hidden: Hidden) -> Iterator[Hit]:
    for link in _elements(_EMPTY_LINKS(document.root)):
        if link in hidden.elements:
            continue
        yield Hit(
            EMPTY_ELEMENT,
            f'link to "{_shorten(link.get("href") or "")}" has no text, no aria-label or '
            "title and no image with alt text, so readers and screen readers get nothing to "
            "click on: give it link text or an aria-label",
            element=link,
        )


class Hidden:
    """The elements in <template> content, found only if a finding needs them."""

    def __init__(self, document: Document) -> None:
        self._root = document.root

    @cached_property
    def elements(self) -> frozenset[etree._Element]:
        return frozenset(_elements(_TEMPLATE_CONTENT(self._root)))


def _strings(result: object) -> list[str]:
    """The non-empty strings of an XPath answer that selects attribute values."""
    assert isinstance(result, list)
    return [str(value) for value in result if value]


def _elements(result: object) -> list[etree._Element]:
    """XPath answers are typed loosely; the expressions above only select elements."""
    assert isinstance(result, list)
    return [node for node in result if isinstance(node, etree._Element)]


def _shorten(text: str, limit: int = MESSAGE_TEXT_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def check(document: Document, context: CheckContext) -> Iterator[Hit]:
    # Template content is inert, not part of the page: its ids and elements do not count.
    hidden = Hidden(document)
    yield from find_duplicate_ids(document, hidden)
    yield from find_empty_headings(document, hidden)
    yield from find_empty_links(document, hidden)


CHECKER = Checker(rules=(DUPLICATE_ID, EMPTY_ELEMENT), run=check)
