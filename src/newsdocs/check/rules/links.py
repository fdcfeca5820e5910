"""Link checks inside the checked tree: pages and files that are not there, and #fragments
that name no element of their page. Nothing outside the tree (or EPUB) is ever looked at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from lxml import etree

from newsdocs.check.context import CheckContext
from newsdocs.check.document import Document
from newsdocs.check.findings import Severity
from newsdocs.check.rule import Checker, Hit, Rule

BROKEN_LINK = Rule(
    id="broken-link",
    severity=Severity.ERROR,
    summary="A link points to a local page or file that does not exist.",
    explanation=(
        "An <a href> or <area href>, or a <link> to a stylesheet, canonical, alternate, next "
        "or previous page, is a relative URL whose target is not in the checked tree (or "
        "EPUB). A link to a directory means its index.html. Percent-encoded names are decoded "
        "and query strings ignored, as a web server would. External URLs (with a scheme or "
        "//host), mailto:, tel:, javascript: and data: URLs, root-relative paths and paths "
        "that climb out of the checked tree are not looked at. Fix the path or add the page."
    ),
)
BROKEN_ANCHOR = Rule(
    id="broken-anchor",
    severity=Severity.ERROR,
    summary="A link's #fragment names no element of the page it points to.",
    explanation=(
        "The fragment of a link (#section, or other.html#section) must be the id of an "
        "element, or the name of an <a>, in the target page, or the browser just shows the "
        "top of the page. Fragments are percent-decoded first. '#' alone, '#top' and text "
        "fragments (#:~:text=...) are always fine. Only links to HTML pages in the checked "
        "tree are checked (a PDF's #page=2 is not); a link to a page that does not exist is "
        "reported as broken-link only."
    ),
)

PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
# <link> relations whose target a reader or crawler follows like a link. A relative
# canonical or alternate that is missing is as broken as an <a>: crawlers resolve it against
# the page the same way (they are usually absolute URLs, which are never looked at).
# Resource hints (preload, prefetch...), icons and manifests are left out: icons belong to
# image checks, and hints are harmless when their target is missing.
FOLLOWED_LINK_RELATIONS = frozenset({"stylesheet", "canonical", "alternate", "next", "prev"})
TEXT_DIRECTIVE = ":~:"  # "#:~:text=..." highlights text; it is not an element id
MESSAGE_TEXT_LIMIT = 60

# Schemes (http:, mailto:, javascript:...), //host and /root-relative paths are never local
# files; one regex match skips them before any URL parsing.
_NOT_LOCAL = re.compile(r"\s*(?:[A-Za-z][A-Za-z0-9+.-]*:|/)")
# Characters URL parsing removes from a URL; fragments holding them take the slow path.
_URL_NOISE = re.compile(r"[\t\r\n]")


def shorten(text: str, limit: int = MESSAGE_TEXT_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


@dataclass
class _Targets:
    """What one document's links point to, looked up once per distinct URL or page."""

    document: Document
    resolved: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    existing: dict[str, bool] = field(default_factory=dict)
    folded_ids: dict[str, dict[str, str]] = field(default_factory=dict)

    def resolve(self, href: str) -> tuple[str, str] | None:
        if href not in self.resolved:
            self.resolved[href] = self._resolve(href)
        return self.resolved[href]

    def _resolve(self, href: str) -> tuple[str, str] | None:
        stripped = href.strip()
        if stripped.startswith("#") and not _URL_NOISE.search(stripped):
            # Same-page links are most local links (contents, footnotes): skip URL parsing.
            return self.document.name, unquote(stripped[1:])
        return self.document.resolve(href)

    def exists(self, name: str) -> bool:
        if name == self.document.name:
            return True
        if name not in self.existing:
            self.existing[name] = self.document.container.exists(name)
        return self.existing[name]

    def ids(self, name: str) -> frozenset[str] | None:
        if name == self.document.name:
            return self.document.ids
        return self.document.container.ids(name)

    def id_differing_in_case(self, name: str, ids: frozenset[str], fragment: str) -> str | None:
        if name not in self.folded_ids:
            self.folded_ids[name] = {value.casefold(): value for value in ids}
        return self.folded_ids[name].get(fragment.casefold())


def check(document: Document, context: CheckContext) -> Iterator[Hit]:
    targets = _Targets(document)
    for element in document.root.iter("a", "area", "link"):
        href = element.get("href")
        if href is None or _NOT_LOCAL.match(href):
            continue
        if element.tag == "link":
            if _is_followed_link(element):
                yield from _check_target(element, href, targets, with_fragment=False)
        else:
            yield from _check_target(element, href, targets, with_fragment=True)


def _is_followed_link(element: etree._Element) -> bool:
    relations = (element.get("rel") or "").lower().split()
    return any(relation in FOLLOWED_LINK_RELATIONS for relation in relations)


def _check_target(
    element: etree._Element, href: str, targets: _Targets, *, with_fragment: bool
) -> Iterator[Hit]:
    target = targets.resolve(href)
    if target is None:
        return
    name, fragment = target
    if not targets.exists(name):
        yield Hit(BROKEN_LINK, _broken_link_message(element, href, name), element)
        return
    if with_fragment:
        message = _broken_anchor_message(href, name, fragment, targets)
        if message is not None:
            yield Hit(BROKEN_ANCHOR, message, element)


def _broken_link_message(element: etree._Element, href: str, name: str) -> str:
    kind = "stylesheet" if element.tag == "link" and _is_stylesheet(element) else "link"
    written = href.strip()
    looked_for = "" if name == written else f' (looked for "{shorten(name)}")'
    return (
        f'{kind} "{shorten(written)}" points to a file that is not in the checked tree'
        f"{looked_for}; fix the path or add the file"
    )


def _is_stylesheet(element: etree._Element) -> bool:
    return "stylesheet" in (element.get("rel") or "").lower().split()


def _broken_anchor_message(href: str, name: str, fragment: str, targets: _Targets) -> str | None:
    """Why the fragment of ``href`` names nothing in page ``name``, or None if it is fine."""
    anchor = fragment.partition(TEXT_DIRECTIVE)[0]
    if not anchor or anchor.lower() == "top" or not name.lower().endswith(PAGE_SUFFIXES):
        return None
    ids = targets.ids(name)
    if ids is None or anchor in ids:
        return None
    # Browsers look the fragment up as written before decoding it: id="a%20b" is reachable.
    raw = urlsplit(href.strip()).fragment.partition(TEXT_DIRECTIVE)[0]
    if raw in ids:
        return None
    page = "this page" if name == targets.document.name else f'"{shorten(name)}"'
    message = f'link "{shorten(href.strip())}": {page} has no id "{shorten(anchor)}"'
    near = targets.id_differing_in_case(name, ids, anchor)
    if near is not None:
        return f"{message}; ids are case-sensitive: did you mean #{shorten(near)}?"
    return f"{message}; fix the fragment or add the id"


CHECKER = Checker(rules=(BROKEN_LINK, BROKEN_ANCHOR), run=check)
