"""Article metadata: the fields at the top of an article, what readers see of them, and the
mistakes an editor can make in them (each reported at the line to fix)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sphinx.testing.util import SphinxTestApp

from newsdocs.model import Status
from tests.build_output import (
    assert_messages,
    by_class,
    heading,
    main,
    messages,
    news,
    page,
    shared_build,
    text,
)

newsroom = shared_build("newsroom", "article-newsroom")
errors = shared_build("errors", "article-errors")

BEIJING = timezone(timedelta(hours=8))


@newsroom
def test_a_good_site_builds_without_a_message(app: SphinxTestApp) -> None:
    app.build()
    assert messages(app) == []
    assert app.warning.getvalue() == ""


@newsroom
def test_every_field_renders(app: SphinxTestApp) -> None:
    app.build()
    article = main(app, "world/xi-putin")

    (kicker,) = by_class(article, "nd-kicker")
    assert text(kicker) == "World \N{MIDDLE DOT} Diplomacy"
    assert [text(e) for e in by_class(kicker, "nd-section")] == ["World"]
    assert [text(e) for e in by_class(kicker, "nd-kicker-text")] == ["Diplomacy"]

    (headline,) = article.xpath(".//h1")
    assert heading(headline) == "Xi\N{RIGHT SINGLE QUOTATION MARK}s New Year message to Putin"
    # The kicker sits above the headline, the dek right under it.
    after_kicker = kicker.getnext()
    assert after_kicker is not None
    assert after_kicker.tag == "section"
    (dek,) = by_class(article, "nd-dek")
    assert headline.getnext() is dek
    assert text(dek) == "Xi tells Putin their partnership is on the right path."

    (dateline,) = by_class(article, "nd-dateline")
    assert text(dateline) == "BEIJING"

    (tags,) = by_class(article, "nd-tags")
    assert [text(item) for item in tags.xpath(".//li")] == ["China", "Russia", "Diplomacy"]


@newsroom
@pytest.mark.parametrize(
    ("docname", "dates", "times"),
    [
        pytest.param(
            "business/markets",
            "Published 10 March 2025, 07:15 UTC-05:00",
            [("2025-03-10T07:15:00-05:00", "10 March 2025, 07:15 UTC-05:00")],
            id="west-of-utc",
        ),
        pytest.param(
            "business/trade-talks",
            "Published 2 April 2025, 11:00 UTC+01:00 \N{MIDDLE DOT} "
            "Updated 2 April 2025, 16:45 UTC+01:00",
            [
                ("2025-04-02T11:00:00+01:00", "2 April 2025, 11:00 UTC+01:00"),
                ("2025-04-02T16:45:00+01:00", "2 April 2025, 16:45 UTC+01:00"),
            ],
            id="updated-field",
        ),
        pytest.param(
            "world/plotnikov-interview",
            "Published 2 January 2025, 15:00 UTC",
            [("2025-01-02T15:00:00+00:00", "2 January 2025, 15:00 UTC")],
            id="utc",
        ),
        pytest.param(
            "world/xi-putin",
            "BEIJING \N{MIDDLE DOT} Published 1 January 2025, 09:00 UTC+08:00 "
            "\N{MIDDLE DOT} Updated 3 January 2025, 16:30 UTC+08:00",
            [
                ("2025-01-01T09:00:00+08:00", "1 January 2025, 09:00 UTC+08:00"),
                # The latest notice (dated 08:30 UTC), not the earlier :updated: field.
                ("2025-01-03T16:30:00+08:00", "3 January 2025, 16:30 UTC+08:00"),
            ],
            id="dateline-and-notices",
        ),
    ],
)
def test_dates_line_keeps_the_article_time_zone(
    app: SphinxTestApp, docname: str, dates: str, times: list[tuple[str, str]]
) -> None:
    app.build()
    (line,) = by_class(main(app, docname), "nd-dates")
    assert text(line) == dates
    assert [(t.get("datetime"), text(t)) for t in line.xpath(".//time")] == times


@newsroom
def test_article_record_in_the_domain(app: SphinxTestApp) -> None:
    app.build()
    article = news(app).articles["world/xi-putin"]
    assert article.headline == "Xi's New Year message to Putin"
    assert article.section == "world"
    assert article.kicker == "Diplomacy"
    assert article.dek == "Xi tells Putin their partnership is on the right path."
    assert article.tags == ("China", "Russia", "Diplomacy")
    assert article.dateline == "BEIJING"
    assert article.status is Status.PUBLISHED
    assert article.published == datetime(2025, 1, 1, 9, 0, tzinfo=BEIJING)
    assert article.published.utcoffset() == timedelta(hours=8)
    assert article.updated == datetime(2025, 1, 1, 18, 30, tzinfo=BEIJING)
    assert news(app).articles["opinion/draft"].status is Status.DRAFT


@newsroom
@pytest.mark.parametrize("docname", ["about", "index"])
def test_a_page_without_article_fields_is_an_ordinary_page(
    app: SphinxTestApp, docname: str
) -> None:
    app.build()
    assert docname not in news(app).articles
    whole = page(app, docname)
    # The root document is the front page: its own body is the intro above the listings.
    (own,) = by_class(whole, "nd-intro") if docname == "index" else [main(app, docname)]
    assert by_class(own, "nd-kicker") == []
    assert by_class(own, "nd-dates") == []
    assert own.xpath(".//article") == []
    assert whole.xpath('//script[@type="application/ld+json"]') == []
    assert whole.xpath('//meta[@property="og:type"]') == []
    assert by_class(main(app, docname), "nd-page") != []


UNKNOWN_FIELD = (
    "unknown article field :publshed:; did you mean :published:? "
    "(known: section, published, updated, kicker, dek, tags, dateline, status, lead)"
)

METADATA_MISTAKES = [
    pytest.param(
        "meta-no-timezone",
        [(2, "ERROR", ":published: '2025-01-01T09:00:00' has no time zone; add one")],
        id="no-timezone",
    ),
    pytest.param(
        "meta-date-only",
        [(2, "ERROR", ":published: '2025-01-01' has no time and time zone")],
        id="date-only",
    ),
    pytest.param(
        "meta-impossible-date",
        [(3, "ERROR", ":published: '2025-02-30T10:00+00:00' is not a real date or time")],
        id="impossible-date",
    ),
    pytest.param(
        "meta-updated-before",
        [(3, "ERROR", ":updated: is earlier than :published:")],
        id="updated-before-published",
    ),
    pytest.param(
        "meta-unknown-section",
        [(2, "ERROR", ":section: 'sport' is not a site section (world, business)")],
        id="unknown-section",
    ),
    pytest.param(
        "meta-no-section",
        # Located at the field list, which starts after a comment.
        [(3, "ERROR", "an article needs :section:")],
        id="missing-section",
    ),
    pytest.param(
        "meta-no-published",
        [(1, "ERROR", "an article needs :published:")],
        id="missing-published",
    ),
    pytest.param(
        "meta-typo-field",
        [
            (1, "ERROR", "an article needs :published:"),
            (2, "ERROR", UNKNOWN_FIELD),
        ],
        id="unknown-field",
    ),
    pytest.param(
        "meta-bad-status",
        # After a field that spans two lines; docutils makes :status: a bibliographic node.
        [(4, "ERROR", ":status: must be draft or published, not 'live'")],
        id="bad-status",
    ),
]


@errors
@pytest.mark.parametrize(("docname", "expected"), METADATA_MISTAKES)
def test_metadata_mistakes_are_located(
    app: SphinxTestApp, docname: str, expected: list[tuple[int, str, str]]
) -> None:
    app.build()
    assert_messages(app, docname, expected)
    assert docname not in news(app).articles


@errors
def test_metadata_messages_name_the_rst_file(app: SphinxTestApp) -> None:
    app.build()
    expected = f"{app.srcdir}/meta-updated-before.rst:3: ERROR: :updated: is earlier than"
    assert expected in app.warning.getvalue()
