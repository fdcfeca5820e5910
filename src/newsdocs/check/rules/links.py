"""Link checks inside the checked tree: pages and files that are not there, and #fragments
that name no element of their page. Nothing outside the tree (or EPUB) is ever looked at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from lxml import etree

from newsdocs.check.containers import NotRead
from newsdocs.check.context import CheckContext
from newsdocs.check.document import Document
from newsdocs.check.findings import Severity
from newsdocs.check.rule import Checker, Hit, Pending, Rule

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

    def known_ids(self, name: str) -> frozenset[str] | NotRead | None:
        """The ids of page ``name``, if known without reading it (None: not a page)."""
        if name == self.document.name:
            return self.document.ids
        return self.document.container.pages.cached_ids(name)


def check(document: Document, context: CheckContext) -> Iterator[Hit]:
    targets = _Targets(document)
    # Links found fine from another page of the same directory are fine here too (the
    # pages and ids they lead to do not change during a run); a page's links to itself and
    # its own ids are its own.
    fine = document.container.pages.fine_links
    base = document.base
    for element in document.root.iter("a", "area", "link"):
        href = element.get("href")
        if href is None or _NOT_LOCAL.match(href):
            continue
        is_link = element.tag == "link"
        if is_link and not _is_followed_link(element):
            continue
        if (base, href, is_link) in fine:
            continue
        target = targets.resolve(href)
        if target is None:
            continue
        name, fragment = target
        if not targets.exists(name):
            yield Hit(BROKEN_LINK, _broken_link_message(element, href, name), element)
            continue
        anchor = fragment.partition(TEXT_DIRECTIVE)[0]
        elsewhere = name != document.name
        if is_link or not anchor or anchor.lower() == "top" or not _is_page(name):
            if elsewhere:
                fine.add((base, href, is_link))
            continue  # no fragment to look up, or not in a page
        ids = targets.known_ids(name)
        if not isinstance(ids, NotRead) and (ids is None or anchor in ids):
            if elsewhere:
                fine.add((base, href, is_link))
            continue
        question = _Anchor(href, name, anchor, name == document.name)
        if isinstance(ids, NotRead):  # the page is not read yet: its own check will tell
            yield Hit(BROKEN_ANCHOR, "", element, pending=Pending(name, question.answer))
            continue
        message = question.answer(ids)
        if message is not None:
            yield Hit(BROKEN_ANCHOR, message, element)


def _is_page(name: str) -> bool:
    return name.lower().endswith(PAGE_SUFFIXES)


def _is_followed_link(element: etree._Element) -> bool:
    relations = (element.get("rel") or "").lower().split()
    return any(relation in FOLLOWED_LINK_RELATIONS for relation in relations)


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


class _Anchor(NamedTuple):
    """A link's fragment, to be looked up in the ids of the page it points to."""

    href: str
    page: str
    anchor: str
    same_page: bool

    def answer(self, ids: frozenset[str] | None) -> str | None:
        """Why the fragment names nothing in the page, or None if it is fine."""
        if ids is None or self.anchor in ids:
            return None
        # Browsers look the fragment up as written before decoding it: id="a%20b" is reachable.
        raw = urlsplit(self.href.strip()).fragment.partition(TEXT_DIRECTIVE)[0]
        if raw in ids:
            return None
        link = shorten(self.href.strip())
        page = "this page" if self.same_page else f'"{shorten(self.page)}"'
        message = f'link "{link}": {page} has no id "{shorten(self.anchor)}"'
        near = {value.casefold(): value for value in ids}.get(self.anchor.casefold())
        if near is not None:
            return f"{message}; ids are case-sensitive: did you mean #{shorten(near)}?"
        return f"{message}; fix the fragment or add the id"


CHECKER = Checker(rules=(BROKEN_LINK, BROKEN_ANCHOR), run=check)
