"""``pullquote``: decorative, hidden from screen readers, and only words the article has."""

from __future__ import annotations

import pytest
from sphinx.testing.util import SphinxTestApp

from newsdocs.directives.pullquote import quote_in_text
from tests.build_output import (
    assert_messages,
    by_class,
    main,
    messages,
    messages_about,
    shared_build,
    source_line,
    text,
)

newsroom = shared_build("newsroom", "pullquote-newsroom")
errors = shared_build("errors", "pullquote-errors")


@newsroom
def test_rendered_as_a_hidden_aside_with_attribution(app: SphinxTestApp) -> None:
    app.build()
    (quote,) = by_class(main(app, "world/xi-putin"), "nd-pullquote")
    assert quote.tag == "aside"
    assert quote.get("aria-hidden") == "true"
    paragraphs = quote.xpath("./p")
    assert [text(p) for p in paragraphs] == [
        "Mutual trust and strategic cooperation",
        "\N{EM DASH}Xi Jinping",
    ]
    assert paragraphs[-1].get("class") == "attribution"
    assert quote.get("data-line") == str(source_line(app, "world/xi-putin", ".. pullquote::"))


@newsroom
def test_quotes_that_differ_only_in_form_are_accepted(app: SphinxTestApp) -> None:
    """trade-talks.rst quotes its body with other case, spacing, quote marks and ellipses."""
    app.build()
    quotes = by_class(main(app, "business/trade-talks"), "nd-pullquote")
    assert len(quotes) == 4
    assert [m for m in messages(app) if "pull quote" in m.text] == []


PULLQUOTE_MISTAKES = [
    pytest.param(
        "pullquote-not-in-body",
        [(8, "WARNING", "pull quote is not in the article's text")],
        id="not-in-body",
    ),
    pytest.param(
        "pullquote-out-of-order",
        [(8, "WARNING", "'Farmers came first ... trade was a two-way street'")],
        id="pieces-out-of-order",
    ),
]


@errors
@pytest.mark.parametrize(("docname", "expected"), PULLQUOTE_MISTAKES)
def test_a_quote_the_article_does_not_have_is_located(
    app: SphinxTestApp, docname: str, expected: list[tuple[int, str, str]]
) -> None:
    app.build()
    assert_messages(app, docname, expected)
    assert all(m.text.endswith("[newsdocs.pullquote]") for m in messages_about(app, docname))


BODY = (
    'Xi praised the "mutual trust and strategic cooperation" between China and Russia, '
    "saying the two nations had moved forward \u2018hand in hand\u2019 on the right path."
)


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        pytest.param("mutual trust and strategic cooperation", True, id="exact"),
        pytest.param("MUTUAL Trust AND strategic cooperation", True, id="case"),
        pytest.param("mutual   trust\nand strategic\tcooperation", True, id="whitespace"),
        pytest.param("\u201cmutual trust and strategic cooperation\u201d", True, id="curly-quotes"),
        pytest.param("moved forward 'hand in hand'", True, id="straight-for-curly"),
        pytest.param("Mutual trust ... on the right path.", True, id="ellipsis"),
        pytest.param("Mutual trust \u2026 on the right path", True, id="ellipsis-character"),
        pytest.param("Xi praised [...] China and Russia", True, id="bracketed-ellipsis"),
        pytest.param("on the right path ... mutual trust", False, id="pieces-out-of-order"),
        pytest.param("mutual trust and economic cooperation", False, id="changed-word"),
        pytest.param("Putin praised the partnership", False, id="invented"),
    ],
)
def test_quote_in_text(quote: str, found: bool) -> None:
    assert quote_in_text(quote, BODY) is found
