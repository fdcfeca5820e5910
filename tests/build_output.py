"""Reading a test build: its pages as lxml trees, its messages as located records, and its
output's files as bytes.

Shared by the tests of the authoring features (test_article.py, test_byline.py, ...) and of
publishing (test_publish.py, test_cli_build.py, ...).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from lxml import html
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from newsdocs.domain import NewsDomain

Test = TypeVar("Test", bound=Callable[..., Any])

_LOCATED = re.compile(
    r"^(?P<path>\S+?\.rst)(?::(?P<line>\d+))?: (?P<level>WARNING|ERROR|CRITICAL): (?P<text>.*)$"
)
# A message about the whole build (no file): not a continuation of the message before it.
_UNLOCATED = re.compile(r"^(?:WARNING|ERROR|CRITICAL): ")


def shared_build(
    testroot: str, key: str, buildername: str = "newshtml", **options: Any
) -> Callable[[Test], Test]:
    """Build ``roots/test-<testroot>`` once for every test of a module that uses ``key``.

    The first test's ``app.build()`` builds; later ones reuse its output and its messages
    (sphinx.testing's ``shared_result``). ``key`` names the copy of the root, so it must be
    unique per module and configuration.
    """
    sphinx = pytest.mark.sphinx(buildername, testroot=testroot, **options)
    shared = pytest.mark.test_params(shared_result=key)

    def decorate(test: Test) -> Test:
        marked: Test = shared(sphinx(test))
        return marked

    return decorate


@dataclass(frozen=True, slots=True)
class Message:
    """One warning or error the build printed: ``path.rst:line: LEVEL: text``."""

    path: str  # relative to the source directory, with forward slashes
    line: int | None
    level: str
    text: str


def messages(app: SphinxTestApp) -> list[Message]:
    """The build's located messages; a message's continuation lines join its text."""
    found: list[Message] = []
    srcdir = Path(app.srcdir)
    continuing = False
    for raw in strip_colors(app.warning.getvalue()).splitlines():
        match = _LOCATED.match(raw)
        if match is None:
            continuing = continuing and not _UNLOCATED.match(raw)
            if continuing and found:
                last = found.pop()
                found.append(Message(last.path, last.line, last.level, f"{last.text}\n{raw}"))
            continue
        continuing = True
        path = Path(match["path"])
        relative = path.relative_to(srcdir).as_posix() if path.is_absolute() else match["path"]
        line = int(match["line"]) if match["line"] else None
        found.append(Message(relative, line, match["level"], match["text"]))
    return found


def messages_about(app: SphinxTestApp, docname: str) -> list[Message]:
    return [message for message in messages(app) if message.path == f"{docname}.rst"]


def assert_messages(app: SphinxTestApp, docname: str, expected: list[tuple[int, str, str]]) -> None:
    """The document got exactly these messages: (line, level, words the text contains)."""
    got = sorted(messages_about(app, docname), key=lambda m: (m.line or 0, m.level))
    want = sorted(expected)
    assert [(m.line, m.level) for m in got] == [(line, level) for line, level, _ in want], got
    for message, (_, _, words) in zip(got, want, strict=True):
        assert words in message.text


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file (and symlink target) under ``directory``, by relative path."""
    return {
        path.relative_to(directory).as_posix(): (
            str(path.readlink()).encode() if path.is_symlink() else path.read_bytes()
        )
        for path in sorted(directory.rglob("*"))
        if path.is_file() or path.is_symlink()
    }


def page(app: SphinxTestApp, docname: str) -> html.HtmlElement:
    path = Path(app.outdir) / f"{docname}.html"
    return html.document_fromstring(path.read_text(encoding="utf-8"))


def main(app: SphinxTestApp, docname: str) -> html.HtmlElement:
    """The page's ``<main>``: what newsdocs wrote, without the theme's frame."""
    (element,) = page(app, docname).xpath("//main")
    assert isinstance(element, html.HtmlElement)
    return element


def text(element: html.HtmlElement) -> str:
    """The element's text with its whitespace collapsed, as a reader sees it."""
    return " ".join(element.text_content().split())


def heading(element: html.HtmlElement) -> str:
    """A heading's own text, without Sphinx's ``¶`` permalink."""
    return " ".join("".join(element.xpath("./text()")).split())


def by_class(element: html.HtmlElement, name: str) -> list[html.HtmlElement]:
    found: list[html.HtmlElement] = element.find_class(name)
    return found


def news(app: SphinxTestApp) -> NewsDomain:
    domain = app.env.get_domain("news")
    assert isinstance(domain, NewsDomain)
    return domain


def source_line(app: SphinxTestApp, docname: str, starts_with: str) -> int:
    """The 1-based line of the document's source that starts with ``starts_with``."""
    source = (Path(app.srcdir) / f"{docname}.rst").read_text(encoding="utf-8")
    for number, line in enumerate(source.splitlines(), start=1):
        if line.strip().startswith(starts_with):
            return number
    raise AssertionError(f"{docname}.rst has no line starting with {starts_with!r}")
