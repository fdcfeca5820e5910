"""``byline``: registry authors and one-off contributors, credited once and linked."""

from __future__ import annotations

import pytest
from sphinx.testing.util import SphinxTestApp

from newsdocs.directives.byline import split_entries
from newsdocs.model import Contributor, Credit, CreditKind
from tests.build_output import assert_messages, by_class, main, news, shared_build, text

newsroom = shared_build("newsroom", "byline-newsroom")
errors = shared_build("errors", "byline-errors")

EMILY_URL = "https://meridian.example/authors/emily-carter/"


@newsroom
@pytest.mark.parametrize(
    ("docname", "credit_lines"),
    [
        pytest.param(
            "world/xi-putin",
            [
                "By Li Wei, Beijing correspondent, Marta Nowak, freelance reporter "
                "and Emily Carter, Senior Editor",
                "Additional reporting by Sam Lee",
                "Photographs by Sam Lee and Ana Lima",
            ],
            id="ids-one-offs-and-credits",
        ),
        pytest.param(
            "business/trade-talks",
            ["By Li Wei, Beijing correspondent and Emily Carter, Senior Editor"],
            id="and",
        ),
        pytest.param("business/markets", ["By Jo Park, Reuters"], id="one-off"),
    ],
)
def test_credit_lines(app: SphinxTestApp, docname: str, credit_lines: list[str]) -> None:
    app.build()
    (byline,) = by_class(main(app, docname), "nd-byline")
    credits = byline.xpath("./p[not(contains(@class, 'nd-dates'))]")
    assert [text(p) for p in credits] == credit_lines


@newsroom
def test_registry_names_link_to_their_author_pages(app: SphinxTestApp) -> None:
    app.build()
    (byline,) = by_class(main(app, "world/xi-putin"), "nd-byline")
    (by,) = by_class(byline, "nd-credit-by")
    names = [(e.tag, text(e), e.get("href")) for e in by_class(by, "nd-author")]
    # On the news site a registry author links to their author page (url or not; the url is
    # for JSON-LD); other builders link the url (test_listings.py).
    assert names == [
        ("a", "Li Wei", "../authors/li-wei.html"),
        ("span", "Marta Nowak", None),  # one-off contributor
        ("a", "Emily Carter", "../authors/emily-carter.html"),
    ]
    assert [text(e) for e in by_class(by, "nd-role")] == [
        "Beijing correspondent",
        "freelance reporter",
        "Senior Editor",
    ]
    # The ids themselves are never shown.
    assert "li-wei" not in text(byline)
    assert "emily-carter" not in text(byline)


@newsroom
def test_credits_in_the_domain(app: SphinxTestApp) -> None:
    app.build()
    article = news(app).articles["world/xi-putin"]
    assert article.credits == (
        Credit(
            CreditKind.BY,
            (
                Contributor("Li Wei", "Beijing correspondent", "li-wei"),
                Contributor("Marta Nowak", "freelance reporter"),
                Contributor("Emily Carter", "Senior Editor", "emily-carter", EMILY_URL),
            ),
        ),
        Credit(
            CreditKind.ADDITIONAL_REPORTING,
            (Contributor("Sam Lee", "Staff photographer", "sam-lee"),),
        ),
        Credit(
            CreditKind.PHOTOS,
            (Contributor("Sam Lee", "Staff photographer"), Contributor("Ana Lima")),
        ),
    )


@pytest.mark.parametrize(
    ("text_in", "entries"),
    [
        ("li-wei", ["li-wei"]),
        ("li-wei, emily-carter", ["li-wei", "emily-carter"]),
        ("li-wei and emily-carter", ["li-wei", "emily-carter"]),
        ("a, b and c", ["a", "b", "c"]),
        ("Marta Nowak (reporter, Warsaw) and li-wei", ["Marta Nowak (reporter, Warsaw)", "li-wei"]),
        ("Ana Lima (Reuters and AP)", ["Ana Lima (Reuters and AP)"]),
        ("Sandra Anderson", ["Sandra Anderson"]),
        ("  li-wei ,, emily-carter  ", ["li-wei", "emily-carter"]),
    ],
)
def test_split_entries(text_in: str, entries: list[str]) -> None:
    assert split_entries(text_in) == entries


BYLINE_MISTAKES = [
    pytest.param(
        "byline-unknown-id",
        [(6, "ERROR", "unknown author id 'emily-cartr'; did you mean 'emily-carter'?")],
        id="unknown-id",
    ),
    pytest.param(
        "byline-no-by",
        [(6, "ERROR", 'byline: ":by:" is required')],
        id="missing-by",
    ),
    pytest.param(
        "byline-unknown-option",
        [(6, "ERROR", 'unknown option: "editor"')],
        id="unknown-option",
    ),
    pytest.param(
        "byline-missing",
        [(1, "WARNING", "article has no byline")],
        id="article-without-byline",
    ),
]


@errors
@pytest.mark.parametrize(("docname", "expected"), BYLINE_MISTAKES)
def test_byline_mistakes_are_located(
    app: SphinxTestApp, docname: str, expected: list[tuple[int, str, str]]
) -> None:
    app.build()
    assert_messages(app, docname, expected)
