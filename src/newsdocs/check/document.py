"""A parsed page and what checks ask of it: text blocks, ids, sources, local targets."""

from __future__ import annotations

import posixpath
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate
from typing import TYPE_CHECKING, Final, NamedTuple
from urllib.parse import unquote, urlsplit

from lxml import etree

from newsdocs.check.phrases import ascii_words

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


class PageText:
    """A page's text blocks as one string, one block per line (block text never holds a
    newline), for rules that search every block with one regex: ``block_of`` tells which
    block a match is in."""

    def __init__(self, texts: list[str]) -> None:
        self.text = "\n".join(texts)
        self._texts = texts
        self._starts: list[int] | None = None

    @cached_property
    def ascii_words(self) -> bytes | None:
        return ascii_words(self.text)

    def block_of(self, offset: int) -> int:
        if self._starts is None:
            self._starts = list(accumulate((len(text) + 1 for text in self._texts), initial=0))
        return bisect_right(self._starts, offset) - 1

    def blocks_with(self, pattern: re.Pattern[str]) -> list[int]:
        """The blocks holding a match of ``pattern`` (which must not match a newline), in
        order, each once."""
        found = dict.fromkeys(self.block_of(match.start()) for match in pattern.finditer(self.text))
        return list(found)


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

    @cached_property
    def _text_blocks(self) -> tuple[list[str], list[etree._Element]]:
        return _text_blocks(self.root)

    @property
    def block_texts(self) -> list[str]:
        """The text of every block (see ``TextBlock``), in the order the blocks end."""
        return self._text_blocks[0]

    @property
    def block_elements(self) -> list[etree._Element]:
        """The element of each of ``block_texts``."""
        return self._text_blocks[1]

    @cached_property
    def blocks(self) -> list[TextBlock]:
        pairs = zip(self.block_elements, self.block_texts, strict=True)
        return [TextBlock(element, text) for element, text in pairs]

    @cached_property
    def page_text(self) -> PageText:
        return PageText(self.block_texts)

    @cached_property
    def base(self) -> str | None:
        """The directory relative URLs start from, or None when ``<base href>`` is external."""
        directory = posixpath.dirname(self.name)
        bases = self.root.iterdescendants("base")
        found = next((base for base in bases if base.get("href") is not None), None)
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
        base = self.base
        if base is None:
            return None
        # Pages in one directory share most of their links: each is resolved once per run.
        known = self.container.pages.urls
        key = (base, url)
        if key in known:
            target = known[key]
        else:
            target = known[key] = _resolve(self.container, base, url)
        if target is not None and not target[0]:
            return self.name, target[1]
        return target


def _resolve(container: Container, base: str, url: str) -> tuple[str, str] | None:
    """``Document.resolve`` from the directory ``base``; the name is "" for this page."""
    target = local_url(base, url)
    if target is None:
        return None
    if not target.path:
        return "", target.fragment
    name = target.path
    if target.directory or container.is_dir(name):
        name = posixpath.join(name, "index.html")
    return name.removeprefix("./"), target.fragment


class LocalURL(NamedTuple):
    """Where a local relative URL leads inside the container, before a directory is taken to
    mean its index.html: ``path`` ("" for this page), whether it was written as a directory
    (with a trailing "/"), and its ``fragment``."""

    path: str
    directory: bool
    fragment: str


def local_url(base: str, url: str) -> LocalURL | None:
    """Where ``url`` leads from the directory ``base``, looking at no file; None for external
    URLs (with a scheme or host), root-relative ones and those that climb out of the container."""
    if _PLAIN_URL.fullmatch(url):  # most links: nothing to strip, split off or decode
        written_path, _, fragment = url.partition("#")
        path = written_path
    else:
        try:
            parts = urlsplit(url.strip())
        except ValueError:  # e.g. "http://[::1": not a URL a browser would follow either
            return None
        if parts.scheme or parts.netloc:
            return None
        written_path, path, fragment = parts.path, unquote(parts.path), unquote(parts.fragment)
    if not written_path:
        return LocalURL("", False, fragment)
    if path.startswith("/"):
        return None
    joined = posixpath.normpath(posixpath.join(base, path))
    if joined == ".." or joined.startswith("../"):
        return None
    return LocalURL(joined, written_path.endswith("/"), fragment)


# A relative URL with no scheme, host, query, escapes or spaces: split at its "#" as is.
_PLAIN_URL = re.compile(r"[\w.~-][\w.~/-]*(?:#[\w.~-]*)?|#[\w.~-]*", re.ASCII)
# Every id, and the names of <a name>, in the root element (libxml2 can leave a second one
# after it, from a page pasted after the first, which is not looked at).
_FRAGMENT_TARGETS = etree.XPath(
    "descendant-or-self::*/@id | descendant-or-self::a/@name", smart_strings=False
)


def page_ids(root: etree._Element) -> frozenset[str]:
    """The fragment targets a page defines: every id, and the names of ``<a name>``."""
    found = _FRAGMENT_TARGETS(root)
    assert isinstance(found, list)
    return frozenset(str(value) for value in found if value)


def _self_and_ancestors(element: etree._Element) -> list[etree._Element]:
    chain = [element]
    chain.extend(element.iterancestors())
    return chain


_INLINE, _BLOCK, _BREAK, _EXEMPT, _INLINE_EXEMPT = range(5)
_KINDS = {
    **dict.fromkeys(BLOCK_TAGS, _BLOCK),
    **dict.fromkeys(EXEMPT_TAGS, _EXEMPT),
    **dict.fromkeys(INLINE_EXEMPT_TAGS, _INLINE_EXEMPT),
    "br": _BREAK,
}
_WALK_EVENTS: Final = ("start", "end", "comment", "pi")


def _text_blocks(root: etree._Element) -> tuple[list[str], list[etree._Element]]:
    """Split the page's visible text into blocks, without recursion (pages can nest deeply):
    their texts and their elements, in the order the blocks end."""
    texts: list[str] = []
    elements: list[etree._Element] = []
    kinds: dict[object, int] = {}  # by tag as parsed; the rare odd spelling is named once
    pieces: list[str] = []  # the text of the innermost open block so far
    outer: list[list[str]] = []  # those of the blocks around it
    walk = etree.iterwalk(root, events=_WALK_EVENTS)
    for event, node in walk:
        if event == "start":
            tag = node.tag
            kind = kinds.get(tag)
            if kind is None:
                kind = kinds[tag] = _KINDS.get(local_name(node), _INLINE)
            if kind >= _EXEMPT:
                walk.skip_subtree()  # its end comes next
                continue
            if kind == _BLOCK:
                outer.append(pieces)
                pieces = []
            elif kind == _BREAK:
                pieces.append(" ")
            text = node.text
            if text:
                pieces.append(text)
            continue
        if event == "end":
            kind = kinds[node.tag]
            if kind == _BLOCK and outer:
                text = _collapsed("".join(pieces))
                if text:
                    texts.append(text)
                    elements.append(node)
                pieces = outer.pop()
                pieces.append(" ")
            elif kind == _INLINE_EXEMPT:
                pieces.append(CODE_STAND_IN)
        tail = node.tail
        if tail:
            pieces.append(tail)
    return texts, elements


def _collapsed(text: str) -> str:
    """``collapse_whitespace``, skipped for text with nothing to collapse (most of a page's
    prose): every whitespace character but the space is unprintable."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return collapse_whitespace(text)
