"""A parsed page and what checks ask of it: text blocks, ids, sources, local targets."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from lxml import etree

if TYPE_CHECKING:
    from newsdocs.check.containers import Container
    from newsdocs.check.parse import ParseProblem

# Elements whose text is one unit for the text rules (a paragraph, a heading, a cell...).
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "option",
        "p",
        "search",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
    ]
)
# Elements whose text is code, script or otherwise not prose a reader sees as such.
EXEMPT_TAGS = frozenset(
    [
        "code",
        "kbd",
        "math",
        "noscript",
        "pre",
        "samp",
        "script",
        "style",
        "svg",
        "template",
        "textarea",
        "head",
    ]
)
# Inline code left out of a block's text leaves this mark, so that the words on either side
# are not read as adjacent ("*em* and ``code`` and" must not look like "and and").
INLINE_EXEMPT_TAGS = frozenset(("code", "kbd", "math", "samp", "svg"))
CODE_STAND_IN = " \ufffc "
SOURCE_FILE_ATTRIBUTE = "data-newsdocs-source"
SOURCE_LINE_ATTRIBUTE = "data-line"


@dataclass(frozen=True, slots=True)
class TextBlock:
    """The visible prose of one block element, whitespace collapsed, exempt text left out
    (inline code leaves U+FFFC in its place)."""

    element: etree._Element
    text: str


def local_name(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2].lower()


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Document:
    """One page to check.

    ``path`` is for people (as given, or ``book.epub!/OEBPS/a.xhtml``); ``name`` is the page's
    POSIX path inside its container (the checked directory or EPUB), used to resolve links.
    """

    path: str
    name: str
    root: etree._Element
    text: str
    container: Container
    problems: tuple[ParseProblem, ...] = ()
    xhtml: bool = False
    _block_cache: list[TextBlock] | None = field(default=None, repr=False)

    @property
    def body(self) -> etree._Element:
        found = self.root.find("body")
        return found if found is not None else self.root

    def elements(self) -> list[etree._Element]:
        """Every element of the page in document order (comments and PIs left out)."""
        return list(self.root.iter(etree.Element))

    @cached_property
    def ids(self) -> frozenset[str]:
        return page_ids(self.root)

    @property
    def blocks(self) -> list[TextBlock]:
        if self._block_cache is None:
            self._block_cache = list(_text_blocks(self.root))
        return self._block_cache

    @cached_property
    def base(self) -> str | None:
        """The directory relative URLs start from, or None when ``<base href>`` is external."""
        directory = posixpath.dirname(self.name)
        found = self.root.find(".//base[@href]")
        if found is None:
            return directory
        try:
            parts = urlsplit(str(found.get("href", "")).strip())
        except ValueError:
            return None
        if parts.scheme or parts.netloc or parts.path.startswith("/"):
            return None
        base_path = unquote(parts.path)
        if not base_path.endswith("/"):
            base_path = posixpath.dirname(base_path)
        return posixpath.normpath(posixpath.join(directory, base_path))

    @cached_property
    def source_file(self) -> str | None:
        for element in self.root.iter(etree.Element):
            value = element.get(SOURCE_FILE_ATTRIBUTE)
            if value:
                return value
        return None

    def source_of(self, element: etree._Element | None) -> str | None:
        """The reST ``path:line`` behind an element, on pages newsdocs built; else None."""
        if element is None or self.source_file is None:
            return None
        for ancestor in _self_and_ancestors(element):
            line = ancestor.get(SOURCE_LINE_ATTRIBUTE)
            if line and line.isdigit():
                return f"{self.source_file}:{line}"
        return self.source_file

    def resolve(self, url: str) -> tuple[str, str] | None:
        """Resolve a local relative URL to (container name, fragment).

        Returns None for external URLs (with a scheme or host), for ``mailto:`` and the like,
        and for paths that climb out of the container: those are never looked at.
        A bare ``#fragment`` resolves to this page. URLs are taken relative to the page's
        ``<base href>`` when it has a relative one; with an external base nothing is local.
        """
        if self.base is None:
            return None
        try:
            parts = urlsplit(url.strip())
        except ValueError:  # e.g. "http://[::1": not a URL a browser would follow either
            return None
        if parts.scheme or parts.netloc:
            return None
        fragment = unquote(parts.fragment)
        if not parts.path:
            return self.name, fragment
        path = unquote(parts.path)
        if path.startswith("/"):
            return None
        joined = posixpath.normpath(posixpath.join(self.base, path))
        if joined == ".." or joined.startswith("../"):
            return None
        if parts.path.endswith("/") or self.container.is_dir(joined):
            joined = posixpath.join(joined, "index.html")
        return joined.removeprefix("./"), fragment


def page_ids(root: etree._Element) -> frozenset[str]:
    """The fragment targets a page defines: every id, and the names of ``<a name>``."""
    ids: set[str] = set()
    for element in root.iter(etree.Element):
        value = element.get("id")
        if value:
            ids.add(value)
        if element.tag == "a":
            name = element.get("name")
            if name:
                ids.add(name)
    return frozenset(ids)


def _self_and_ancestors(element: etree._Element) -> list[etree._Element]:
    chain = [element]
    chain.extend(element.iterancestors())
    return chain


def _text_blocks(root: etree._Element) -> list[TextBlock]:
    """Split the page's visible text into blocks, without recursion (pages can nest deeply)."""
    blocks: list[TextBlock] = []
    buffers: list[list[str]] = [[]]
    exempt_depth = 0
    for event, node in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        if event in ("comment", "pi"):
            if not exempt_depth and node.tail:
                buffers[-1].append(node.tail)
            continue
        name = local_name(node)
        if event == "start":
            if exempt_depth or name in EXEMPT_TAGS:
                exempt_depth += 1
                continue
            if name in BLOCK_TAGS:
                buffers.append([])
            if name == "br":
                buffers[-1].append(" ")
            if node.text:
                buffers[-1].append(node.text)
            continue
        if exempt_depth:
            exempt_depth -= 1
            if exempt_depth:
                continue
            if name in INLINE_EXEMPT_TAGS:
                buffers[-1].append(CODE_STAND_IN)
        elif name in BLOCK_TAGS and len(buffers) > 1:
            text = collapse_whitespace("".join(buffers.pop()))
            if text:
                blocks.append(TextBlock(node, text))
            buffers[-1].append(" ")
        if node.tail:
            buffers[-1].append(node.tail)
    return blocks
