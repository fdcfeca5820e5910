"""newsdocs' reST parser: the doctrees and messages of Sphinx's own parser, with the states
of nested parses made only when entered."""

from __future__ import annotations

import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import docutils.core
import docutils.parsers.rst
import pytest
from docutils import nodes
from docutils.statemachine import State
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx.parsers import RSTParser
from sphinx.testing.util import SphinxTestApp

from newsdocs.rst_parser import NewsRSTParser, lazily_nesting
from tests.build_output import messages

# Every state of docutils' reST parser, entered from nested parses, nested in each other,
# and with the errors each reports.
SAMPLES = {
    "bullet and enumerated lists": """\
* one
* two

  - nested
  - list

1. three
2. four

#. auto
#. numbered

i. roman
ii. numerals
""",
    "definition, field and option lists": """\
term
  Its definition.

other term : classifier
  Another, with *emphasis*.

:field: value
:other field: spans
   two lines

-a         option a
--long=ARG  a long option
/V          DOS style
""",
    "line block, quote, doctest and literal": """\
| A line block
|    indented
| and back.

    A block quote.

    -- attribution

>>> print("doctest")
doctest

Literal::

    code

Quoted literal::

> quoted
> lines
""",
    "explicit markup runs": """\
.. note:: A note, with a list:

   * inside
   * the directive

.. _target:
.. [1] A footnote.
.. [#] An auto-numbered one.
.. |sub| replace:: substituted *text*
.. comment

.. image:: picture.png
   :alt: Alternative text
   :width: 20px

.. figure:: picture.png
   :alt: A figure

   Its caption.

   Its legend, with :field: lists

Text with |sub|, [1]_ and target_.
""",
    "sections inside nested parses": """\
Title
=====

Section
-------

.. topic:: A topic

   Paragraph.

.. sidebar:: A sidebar

   :field: value

   1. item
""",
    "errors and warnings": """\
* list
without a blank line

1. one
3. three

.. image::

.. unknown:: directive

.. figure:: picture.png
   :unknown-option: x

:field: value
  bad indentation

Title
===

| line
text
""",
}


# Lines that open, continue and end every kind of reST construct, for arrangements no one
# would write by hand (indentation, blank lines and markup cut short anywhere).
FRAGMENTS = [
    "",
    "Text with *emphasis* and ``code``.",
    "   indented text",
    "* item",
    "  - nested item",
    "1. first",
    "#. next",
    "term",
    "  definition",
    ":field: value",
    "   continued",
    "-a  option",
    "| line block",
    ".. note::",
    "   A body.",
    ".. _target:",
    ".. [1] footnote",
    ".. |sub| replace:: text",
    ".. figure:: picture.png",
    "   :alt: alternative",
    "   :unknown: option",
    "Title",
    "=====",
    "-----",
    "Literal::",
    "    code",
    ">>> doctest",
    "+---+",
    "| a |",
    "+===+",
]


def lazy_docutils_parser() -> docutils.parsers.rst.Parser:
    """docutils' reST parser with newsdocs' state classes, as ``NewsRSTParser`` has them."""
    parser = docutils.parsers.rst.Parser()
    parser.state_classes = tuple(lazily_nesting(cls) for cls in parser.state_classes)
    return parser


def doctree(source: str, parser: docutils.parsers.rst.Parser) -> nodes.document:
    settings = {"report_level": 5, "halt_level": 5, "warning_stream": False}
    document: nodes.document = docutils.core.publish_doctree(
        source, parser=parser, settings_overrides=settings
    )
    return document


def states_made(parse: Callable[[], Any]) -> int:
    """How many parsing states ``parse`` made (counted as they are initialised)."""
    made = 0

    def count(frame: FrameType, event: str, arg: object) -> None:
        nonlocal made
        if event == "call" and frame.f_code is State.__init__.__code__:
            made += 1

    sys.setprofile(count)
    try:
        parse()
    finally:
        sys.setprofile(None)
    return made


@pytest.mark.parametrize("name", list(SAMPLES))
def test_the_doctree_is_docutils_own(name: str) -> None:
    expected = doctree(SAMPLES[name], docutils.parsers.rst.Parser()).pformat()
    assert doctree(SAMPLES[name], lazy_docutils_parser()).pformat() == expected
    assert ("system_message" in expected) == name.startswith("errors")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30))
def test_any_arrangement_of_markup_gives_docutils_doctree(lines: list[str]) -> None:
    source = "\n".join(lines)
    expected = doctree(source, docutils.parsers.rst.Parser()).pformat()
    assert doctree(source, lazy_docutils_parser()).pformat() == expected


def test_a_reused_parser_gives_the_same_doctrees() -> None:
    # Nested parses keep their state machines for later ones (docutils' nested_sm_cache).
    parser = lazy_docutils_parser()
    for sample in [*SAMPLES.values(), *SAMPLES.values()]:
        expected = doctree(sample, docutils.parsers.rst.Parser()).pformat()
        assert doctree(sample, parser).pformat() == expected


def test_nested_parses_make_only_the_states_they_enter() -> None:
    sample = SAMPLES["explicit markup runs"] * 10
    eager = states_made(lambda: doctree(sample, docutils.parsers.rst.Parser()))
    lazy = states_made(lambda: doctree(sample, lazy_docutils_parser()))
    assert eager > 500
    assert lazy * 3 < eager, (lazy, eager)


def test_the_state_classes_keep_their_names() -> None:
    parser = docutils.parsers.rst.Parser()
    lazy = lazy_docutils_parser()
    assert [cls.__name__ for cls in lazy.state_classes] == [
        cls.__name__ for cls in parser.state_classes
    ]
    assert all(lazily_nesting(cls) is cls for cls in lazy.state_classes)


def doctrees(app: SphinxTestApp) -> dict[str, str]:
    found = {}
    for path in sorted(Path(app.doctreedir).rglob("*.doctree")):
        document = pickle.loads(path.read_bytes())
        found[path.relative_to(app.doctreedir).as_posix()] = document.pformat()
    return found


@pytest.mark.parametrize("testroot", ["newsroom", "errors"])
def test_a_sphinx_build_reads_the_same_doctrees_as_with_sphinx_parser(
    testroot: str, make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path
) -> None:
    srcdir = rootdir / f"test-{testroot}"
    news = make_app("newshtml", srcdir=srcdir, builddir=tmp_path / "news")
    assert news.registry.source_parsers["restructuredtext"] is NewsRSTParser
    news.build()
    plain = make_app("newshtml", srcdir=srcdir, builddir=tmp_path / "plain")
    plain.registry.add_source_parser(RSTParser, override=True)
    plain.build()
    assert doctrees(news) == doctrees(plain)
    assert len(doctrees(news)) > 5
    assert messages(news) == messages(plain)
    assert messages(news) or testroot != "errors"
