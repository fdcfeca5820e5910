"""The ``newshtml`` builder: what it publishes (not drafts, not the future), parallel and
incremental builds, the reST lines it records, and newsdocs under the plain ``html`` builder."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import html
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors
from sphinx.util.parallel import ParallelTasks

from newsdocs.builder import one_share_per_process
from tests.build_output import by_class, main, messages, news, page, shared_build, source_line

newsroom = shared_build("newsroom", "builder-newsroom")

PUBLIC_ARTICLES = {
    "world/xi-putin",
    "world/plotnikov-interview",
    "business/markets",
    "business/trade-talks",
}
DRAFT = "opinion/draft"
FUTURE = "world/future"  # published 2025-07-01T06:00Z; newsdocs_now is 2025-06-01T12:00Z
ALL_ARTICLES = PUBLIC_ARTICLES | {DRAFT, FUTURE}
PUBLIC_PAGES = PUBLIC_ARTICLES | {"index", "about"}


def written(app: SphinxTestApp, docname: str) -> bool:
    return (Path(app.outdir) / f"{docname}.html").is_file()


@newsroom
def test_drafts_and_future_articles_are_not_written(app: SphinxTestApp) -> None:
    app.build()
    assert set(news(app).articles) == ALL_ARTICLES
    assert all(written(app, docname) for docname in PUBLIC_PAGES)
    outdir = Path(app.outdir)
    for hidden in (DRAFT, FUTURE):
        assert not written(app, hidden)
        assert not (outdir / "_sources" / f"{hidden}.rst.txt").exists()
    search = (outdir / "searchindex.js").read_text(encoding="utf-8")
    assert "Stocks slip as tariffs loom" in search
    # reST sources (and the editors' notes in their comments) are never published.
    assert not (outdir / "_sources").exists()
    assert "Why the summit matters" not in search
    assert "Embargoed summit report" not in search


@pytest.mark.sphinx(
    "newshtml",
    testroot="newsroom",
    srcdir="builder-drafts",
    confoverrides={"newsdocs_drafts": True},
)
def test_drafts_option_writes_them(app: SphinxTestApp) -> None:
    app.build()
    assert written(app, DRAFT)
    assert written(app, FUTURE)


@pytest.mark.sphinx(
    "newshtml",
    testroot="newsroom",
    srcdir="builder-later",
    confoverrides={"newsdocs_now": "2025-07-01T06:00:00+00:00"},
)
def test_an_article_is_written_once_its_time_comes(app: SphinxTestApp) -> None:
    app.build()
    assert written(app, FUTURE)
    assert not written(app, DRAFT)


@pytest.mark.sphinx(
    "newshtml",
    testroot="newsroom",
    srcdir="builder-unpublish",
    confoverrides={"newsdocs_drafts": True},
)
def test_a_page_that_becomes_hidden_is_removed(
    app: SphinxTestApp, make_app: Callable[..., SphinxTestApp]
) -> None:
    app.build()
    assert written(app, DRAFT)
    again = make_app("newshtml", srcdir=app.srcdir, builddir=Path(app.outdir).parent)
    again.build()
    assert not written(again, DRAFT)
    assert written(again, "world/xi-putin")


def main_markup(app: SphinxTestApp, docname: str) -> bytes:
    markup: bytes = html.tostring(main(app, docname))
    return markup


@pytest.mark.sphinx("newshtml", testroot="newsroom", srcdir="builder-parallel", parallel=2)
def test_parallel_build_gives_the_same_pages(
    app: SphinxTestApp, make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path
) -> None:
    app.build()
    status = strip_colors(app.status.getvalue())
    # Workers read and write chunks of documents: "[ 50%] about .. index".
    assert re.search(r"reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+", status), status
    assert re.search(r"writing output\.\.\. \[\s*\d+%\] \S+ \.\. \S+", status), status

    serial = make_app("newshtml", srcdir=rootdir / "test-newsroom", builddir=tmp_path)
    serial.build()
    assert set(news(app).articles) == ALL_ARTICLES
    assert news(app).articles == news(serial).articles
    for docname in sorted(PUBLIC_PAGES):
        assert main_markup(app, docname) == main_markup(serial, docname), docname
    # The writers index their own documents and list the images they use for this process.
    parallel_out, serial_out = Path(app.outdir), Path(serial.outdir)
    searchindex = "searchindex.js"
    assert (parallel_out / searchindex).read_bytes() == (serial_out / searchindex).read_bytes()
    assert "Stocks slip as tariffs loom" in (parallel_out / searchindex).read_text("utf-8")
    assert sorted(path.name for path in (parallel_out / "_images").iterdir()) == sorted(
        path.name for path in (serial_out / "_images").iterdir()
    )
    assert messages(app) == []


@pytest.mark.sphinx("newshtml", testroot="newsroom", srcdir="builder-parallel-writers", parallel=2)
def test_parallel_writers_resolve_their_own_documents(app: SphinxTestApp, tmp_path: Path) -> None:
    resolved_by = tmp_path / "resolved-by"

    def note_process(_app: object, _doctree: object, docname: str) -> None:
        with resolved_by.open("a", encoding="utf-8") as record:
            record.write(f"{os.getpid()} {docname}\n")

    app.connect("doctree-resolved", note_process)
    app.build()

    processes: dict[str, set[str]] = {}
    for line in resolved_by.read_text(encoding="utf-8").splitlines():
        pid, docname = line.split()
        processes.setdefault(pid, set()).add(docname)
    here = processes.pop(str(os.getpid()))
    assert len(here) == 1  # the first document, which compiles the templates for the writers
    assert len(processes) == 2
    assert set.union(here, *processes.values()) == PUBLIC_PAGES


@pytest.mark.sphinx("newshtml", testroot="newsroom", srcdir="builder-parallel-warnings", parallel=2)
def test_warnings_of_parallel_writers_are_reported_at_their_line(
    app: SphinxTestApp, make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    # Cross-references are resolved as a document is written: by a writer process here.
    markets = Path(app.srcdir) / "business" / "markets.rst"
    source = markets.read_text(encoding="utf-8") + "\nSee :ref:`no-such-label`.\n"
    markets.write_text(source, encoding="utf-8")
    line = source.splitlines().index("See :ref:`no-such-label`.") + 1
    app.build()

    serial = make_app("newshtml", srcdir=app.srcdir, builddir=tmp_path)
    serial.build()
    assert messages(app) == messages(serial)
    (warning,) = messages(app)
    assert (warning.path, warning.line, warning.level) == ("business/markets.rst", line, "WARNING")
    assert "undefined label: 'no-such-label'" in warning.text


@pytest.mark.sphinx("newshtml", testroot="newsroom", srcdir="builder-parallel-edit", parallel=2)
def test_a_parallel_rebuild_of_one_article_starts_no_process(
    app: SphinxTestApp, make_app: Callable[..., SphinxTestApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = Path(app.srcdir) / "notes"
    notes.mkdir()
    for number in range(12):  # one document is then less than a tenth of the site
        (notes / f"note-{number}.rst").write_text(
            f":orphan:\n\nNote {number}\n=======\n\nA note.\n", encoding="utf-8"
        )
    app.build()
    markets = Path(app.srcdir) / "business" / "markets.rst"
    markets.write_text(markets.read_text(encoding="utf-8") + "\nA late line.\n", "utf-8")
    started: list[object] = []
    add_task = ParallelTasks.add_task

    def counted(self: ParallelTasks, *args: Any, **kwargs: Any) -> None:
        started.append(args[0])
        add_task(self, *args, **kwargs)

    monkeypatch.setattr(ParallelTasks, "add_task", counted)
    again = make_app("newshtml", srcdir=app.srcdir, builddir=Path(app.outdir).parent, parallel=2)
    again.build()

    # One document to read and write: a process for it would cost more than the work.
    assert started == []
    assert b"A late line." in main_markup(again, "business/markets")


@pytest.mark.sphinx("newshtml", testroot="newsroom", srcdir="builder-incremental")
def test_a_deleted_article_is_forgotten(
    app: SphinxTestApp, make_app: Callable[..., SphinxTestApp]
) -> None:
    app.build()
    assert "business/markets" in news(app).articles
    (Path(app.srcdir) / "business" / "markets.rst").unlink()

    again = make_app("newshtml", srcdir=app.srcdir, builddir=Path(app.outdir).parent)
    again.build()
    assert "0 added, 0 changed, 1 removed" in strip_colors(again.status.getvalue())
    assert set(news(again).articles) == ALL_ARTICLES - {"business/markets"}


@newsroom
def test_every_page_names_its_source(app: SphinxTestApp) -> None:
    app.build()
    for docname in sorted(PUBLIC_PAGES):
        element = main(app, docname)
        assert element.get("data-newsdocs-source") == f"{docname}.rst"
        assert element.xpath(".//*[@data-line]"), docname


@newsroom
@pytest.mark.parametrize(
    ("xpath", "starts_with"),
    [
        (".//h1", "Xi's New Year message"),
        (".//section", "Xi's New Year message"),
        # The article's furniture carries the line of the field its words come from.
        (".//p[contains(@class, 'nd-kicker')]", ":kicker:"),
        (".//*[contains(@class, 'nd-dek')]", ":dek:"),
        (".//*[contains(@class, 'nd-dates')]", ":published:"),
        (".//*[contains(@class, 'nd-byline')]", ".. byline::"),
        (".//figure", ".. photo::"),
        (".//p[starts-with(normalize-space(), 'In a New Year')]", "In a New Year"),
        (".//aside[contains(@class, 'nd-pullquote')]", ".. pullquote::"),
        (".//aside[contains(@class, 'nd-clarification')]", ".. correction::"),
        (".//aside[contains(@class, 'nd-update')]", ".. update::"),
    ],
)
def test_data_line_is_the_rst_line(app: SphinxTestApp, xpath: str, starts_with: str) -> None:
    app.build()
    (element,) = main(app, "world/xi-putin").xpath(xpath)
    assert int(element.get("data-line")) == source_line(app, "world/xi-putin", starts_with)


@pytest.mark.sphinx(
    "html",
    testroot="newsroom",
    srcdir="builder-alabaster",
    confoverrides={"html_theme": "alabaster"},
)
def test_plain_html_builder_with_another_theme(app: SphinxTestApp) -> None:
    app.build()
    assert messages(app) == []
    article = page(app, "world/xi-putin")
    assert article.xpath('//link[contains(@href, "alabaster.css")]')
    assert not article.xpath('//link[contains(@href, "newsdocs.css")]')
    assert len(article.xpath('//script[@type="application/ld+json"]')) == 1
    assert by_class(article, "nd-kicker")
    assert by_class(article, "nd-byline")
    assert article.xpath('//figure[contains(@class, "nd-photo")]')
    assert article.xpath('//aside[@aria-hidden="true"][contains(@class, "nd-pullquote")]')
    assert len(article.xpath('//aside[@role="note"]')) == 2
    questions = page(app, "world/plotnikov-interview").xpath(
        "//dt[contains(@class, 'nd-question')]"
    )
    assert [dt.text_content() for dt in questions] == ["Emily Carter", "Emily Carter"]


@pytest.mark.parametrize(
    ("documents", "processes", "shares"),
    [
        (["a", "b", "c", "d", "e"], 2, [["a", "c", "e"], ["b", "d"]]),
        (["a", "b"], 4, [["a"], ["b"]]),
        (["a"], 1, [["a"]]),
    ],
)
def test_a_parallel_read_gives_each_process_one_share(
    documents: list[str], processes: int, shares: list[list[str]]
) -> None:
    assert one_share_per_process(documents, processes) == shares
