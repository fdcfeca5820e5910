"""``correction`` and ``update``: dated notes to readers that move the article's "Updated"."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sphinx.testing.util import SphinxTestApp

from newsdocs.model import NoticeKind
from tests.build_output import (
    assert_messages,
    by_class,
    main,
    news,
    page,
    shared_build,
    source_line,
    text,
)

newsroom = shared_build("newsroom", "notice-newsroom")
errors = shared_build("errors", "notice-errors")

DOCNAME = "world/xi-putin"


@newsroom
def test_notices_are_labelled_dated_notes(app: SphinxTestApp) -> None:
    app.build()
    notices = by_class(main(app, DOCNAME), "nd-notice")
    rendered = []
    for aside in notices:
        assert aside.tag == "aside"
        assert aside.get("role") == "note"
        (label,) = by_class(aside, "nd-notice-label")
        (time,) = label.xpath("./time")
        rendered.append(
            (
                sorted(set(aside.classes) - {"nd-notice"}),
                text(label.xpath("./strong")[0]),
                time.get("datetime"),
                text(time),
                text(aside.xpath("./p")[-1]),
            )
        )
    assert rendered == [
        (
            ["nd-clarification"],
            "Clarification",
            "2025-01-02T10:00:00+00:00",
            "2 January 2025, 10:00 UTC",
            "An earlier version did not say that Xinhua reported the message.",
        ),
        (
            ["nd-update"],
            "Update",
            "2025-01-03T08:30:00+00:00",
            "3 January 2025, 08:30 UTC",
            "Adds the Kremlin\N{RIGHT SINGLE QUOTATION MARK}s reply.",
        ),
    ]


@newsroom
def test_notices_drive_the_updated_time(app: SphinxTestApp) -> None:
    """The latest notice is later than the :updated: field, so it is the "Updated" time."""
    app.build()
    article = news(app).articles[DOCNAME]
    assert [(n.kind, n.line) for n in article.notices] == [
        (NoticeKind.CLARIFICATION, source_line(app, DOCNAME, ".. correction::")),
        (NoticeKind.UPDATE, source_line(app, DOCNAME, ".. update::")),
    ]
    assert article.modified == datetime(2025, 1, 3, 8, 30, tzinfo=UTC)

    (dates,) = by_class(main(app, DOCNAME), "nd-dates")
    updated = dates.xpath(".//time")[-1]
    # Shown in the article's zone (+08:00): the same moment as the notice's 08:30 UTC.
    assert updated.get("datetime") == "2025-01-03T16:30:00+08:00"
    assert text(updated) == "3 January 2025, 16:30 UTC+08:00"

    whole = page(app, DOCNAME)
    (script,) = whole.xpath('//script[@type="application/ld+json"]')
    assert json.loads(script.text)["dateModified"] == "2025-01-03T08:30:00+00:00"
    (modified,) = whole.xpath('//meta[@property="article:modified_time"]')
    assert modified.get("content") == "2025-01-03T08:30:00+00:00"


NOTICE_MISTAKES = [
    pytest.param(
        "meta-correction-before",
        [(12, "ERROR", "this correction is dated before :published:")],
        id="correction-before-publication",
    ),
    pytest.param(
        "notice-bad-date",
        [(6, "ERROR", "correction: the date '2 January 2025' is not an ISO 8601 timestamp")],
        id="bad-date",
    ),
    pytest.param(
        "notice-date-only",
        [(6, "ERROR", "update: the date '2025-01-02' has no time and time zone")],
        id="date-only",
    ),
    pytest.param(
        "notice-bad-type",
        [(6, "ERROR", '"retraction" unknown; choose from "correction", "clarification"')],
        id="bad-type",
    ),
    pytest.param(
        "notice-empty",
        [(6, "ERROR", "update: say what was corrected or updated")],
        id="no-content",
    ),
]


@errors
@pytest.mark.parametrize(("docname", "expected"), NOTICE_MISTAKES)
def test_notice_mistakes_are_located(
    app: SphinxTestApp, docname: str, expected: list[tuple[int, str, str]]
) -> None:
    app.build()
    assert_messages(app, docname, expected)


@errors
def test_an_article_corrected_before_publication_is_not_registered(app: SphinxTestApp) -> None:
    app.build()
    assert "meta-correction-before" not in news(app).articles
