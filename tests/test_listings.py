"""The news site's listing pages: front page, sections, tags, authors, archive.

roots/test-listings has nine public articles (page size 3), a draft, an article dated after
the build's "now", an empty section, an author with no stories, three spellings of one tag,
and a template override (used only when templates_path points at it).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import html
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from newsdocs.check import check_paths
from newsdocs.model import Article
from newsdocs.site.listings import lead_index, make_teaser, paginate
from newsdocs.site.pages import GENERATED_DIRECTORIES
from newsdocs.site.urls import tag_slug
from tests.build_output import by_class, heading, messages, page, shared_build, text
from tests.validators import vnu_errors

listings = shared_build("listings", "listings")

SUMMIT = "Summit ends with a \u201cnew era\u201d pledge"
TARIFFS = "Tariffs <rise> & exporters brace"
GLACIERS = "Glaciers retreat faster than forecast"
FLOODS = "Monsoon floods reach the capital"
MARKETS = "Markets close April lower"
ELECTION = "Greens gain in a climate election"
TELESCOPE = "New telescope sees first light"
OLD_LEAD = "January\u2019s big story"
BANK = "Bank opens on New Year\u2019s Eve"
DRAFT = "An unfinished scoop"
FUTURE = "Embargoed study on sleep"
ARTICLES = (
    "world/summit", "business/tariffs", "science/glaciers", "world/floods",
    "business/markets", "world/election", "science/telescope", "world/old-lead",
    "business/bank",
)  # fmt: skip

MakeApp = Callable[..., SphinxTestApp]


def headlines(app: SphinxTestApp, pagename: str) -> list[str]:
    """The headlines a listing page shows, in order (the front page's lead first)."""
    root = page(app, pagename)
    return [text(h) for h in root.xpath("//*[contains(@class, 'nd-teaser-headline')]")]


def h1(app: SphinxTestApp, pagename: str) -> str:
    (element,) = page(app, pagename).xpath("//main//h1")
    return heading(element)


def link_targets(app: SphinxTestApp, pagename: str, xpath: str) -> list[str]:
    """Where the matching links go, as output paths relative to the output directory."""
    root = page(app, pagename)
    base = Path(app.outdir) / pagename
    return [
        os.path.relpath((base.parent / unquote(href)).resolve(), Path(app.outdir).resolve())
        for href in root.xpath(xpath)
    ]


def html_pages(outdir: Path) -> dict[str, int]:
    return {
        path.relative_to(outdir).as_posix(): path.stat().st_mtime_ns
        for path in outdir.rglob("*.html")
    }


def written_documents(app: SphinxTestApp) -> set[str]:
    """The documents Sphinx's status output says it wrote."""
    status = strip_colors(app.status.getvalue())
    return set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", status))


def rebuild(app: SphinxTestApp, make_app: MakeApp, *, freshenv: bool = False) -> SphinxTestApp:
    """Build the same sources into the same output again, as a new Sphinx run: incrementally,
    or rereading every source (``freshenv``)."""
    app.cleanup()  # the next app registers the same nodes and roles again
    again = make_app("newshtml", srcdir=app.srcdir, freshenv=freshenv)
    again.build()
    return again


def edit(app: SphinxTestApp, docname: str, old: str, new: str) -> None:
    path = Path(app.srcdir) / f"{docname}.rst"
    source = path.read_text(encoding="utf-8")
    assert old in source
    path.write_text(source.replace(old, new), encoding="utf-8")


# ---- listings.py and urls.py, without Sphinx --------------------------------------------


@pytest.mark.parametrize(
    ("tag", "slug"),
    [
        ("China", "china"),
        ("U.S.", "u-s"),
        ("U S", "u-s"),
        ("US", "us"),
        ("Climate change", "climate-change"),
        ("climate-change", "climate-change"),
        ("CLIMATE  CHANGE!", "climate-change"),
        ("Xi\u2019s visit", "xis-visit"),
        ("Caf\u00e9", "cafe"),
        ("\u4e2d\u56fd", "\u4e2d\u56fd"),
        ("\u0939\u093f\u0928\u094d\u0926\u0940", "\u0939\u093f\u0928\u094d\u0926\u0940"),
        ("COVID-19", "covid-19"),
        ("!!!", "tag"),
    ],
)
def test_tag_slug(tag: str, slug: str) -> None:
    assert tag_slug(tag) == slug


def _article(name: str, *, lead: bool = False) -> Article:
    return Article(name, name, "world", datetime(2025, 1, 1, tzinfo=UTC), lead=lead)


@pytest.mark.parametrize(
    ("marked", "page_size", "expected"),
    [
        ([], 3, None),
        ([False, False, False], 3, 0),  # nothing marked: the newest leads
        ([False, True, True], 3, 1),  # the newest marked one
        ([False, False, False, True], 3, 0),  # marked, but no longer on the first page
        ([True, False], 1, 0),
    ],
)
def test_lead_story(marked: list[bool], page_size: int, expected: int | None) -> None:
    articles = [_article(f"a{index}", lead=lead) for index, lead in enumerate(marked)]
    assert lead_index(articles, page_size) == expected


@pytest.mark.parametrize(
    ("count", "page_size", "pages"),
    [(0, 3, [0]), (3, 3, [3]), (4, 3, [3, 1]), (7, 3, [3, 3, 1])],
)
def test_paginate(count: int, page_size: int, pages: list[int]) -> None:
    stories = [make_teaser(_article(f"a{i}"), {}, _article("x").published) for i in range(count)]
    result = paginate(stories, page_size, lambda number: f"p{number}")
    assert [len(chunk) for _, chunk, _ in result] == pages
    assert [name for name, _, _ in result] == [f"p{n}" for n in range(1, len(pages) + 1)]
    first, last = result[0][2], result[-1][2]
    assert (first.newer, first.older) == ("", "p2" if len(pages) > 1 else "")
    assert (last.count, last.older) == (len(pages), "")


# ---- the built site -----------------------------------------------------------------------


@listings
def test_the_site_builds_without_a_message(app: SphinxTestApp) -> None:
    app.build()
    assert messages(app) == []
    assert app.warning.getvalue() == ""


@listings
def test_front_page_intro_lead_and_latest(app: SphinxTestApp) -> None:
    app.build()
    front = page(app, "index")
    # The root document's own body comes first.
    assert h1(app, "index") == "The Meridian"
    assert "News from around the world" in text(front.xpath("//div[@class='nd-intro']")[0])
    # The lead: marked :lead: yes and on the first page, so it beats the newer summit story;
    # the old story marked :lead: yes has dropped off the first page and does not lead.
    (lead,) = front.xpath("//section[@class='nd-lead']//article")
    assert text(lead.xpath(".//h2")[0]) == TARIFFS
    assert (
        text(by_class(lead, "nd-dek")[0]) == "Exporters brace for the steepest tariffs in a decade."
    )
    (image,) = lead.xpath(".//figure//img")
    assert image.get("alt") == "Containers stacked at a port"
    assert (Path(app.outdir) / image.get("src")).is_file()
    assert text(lead.xpath(".//figcaption")[0]) == "Photo: Ana Lima / The Meridian"
    assert headlines(app, "index") == [TARIFFS, SUMMIT, GLACIERS]
    # Teasers under the lead are one level down.
    assert [text(h) for h in front.xpath("//section[@class='nd-listing']//h3")] == [
        SUMMIT, GLACIERS,
    ]  # fmt: skip


@listings
@pytest.mark.parametrize(
    ("pagename", "expected"),
    [
        ("index", [TARIFFS, SUMMIT, GLACIERS]),
        ("page/2", [FLOODS, MARKETS, ELECTION]),
        ("page/3", [TELESCOPE, OLD_LEAD, BANK]),
        ("sections/world", [SUMMIT, FLOODS, ELECTION]),
        ("sections/world/2", [OLD_LEAD]),
        ("sections/business", [TARIFFS, MARKETS, BANK]),
        ("sections/science", [GLACIERS, TELESCOPE]),
        ("sections/culture", []),
        ("tags/china", [SUMMIT, TARIFFS]),
        ("tags/trade", [TARIFFS, MARKETS]),
        ("tags/\u4e2d\u56fd", [SUMMIT]),
        # "Climate change" (twice) and "climate-change": one page, the commoner spelling.
        ("tags/climate-change", [GLACIERS, FLOODS, ELECTION]),
        ("authors/emily-carter", [SUMMIT, TARIFFS, MARKETS]),
        ("authors/emily-carter/2", [ELECTION, OLD_LEAD, BANK]),
        ("authors/li-wei", [SUMMIT, GLACIERS, TELESCOPE]),
        ("authors/sam-lee", [SUMMIT]),  # credited for the photographs
        ("authors/ana-lima", []),
        # Months by the date the article shows, in its own time zone.
        ("archive/2025-05", [SUMMIT, TARIFFS, GLACIERS]),
        ("archive/2025-05/2", [FLOODS]),
        ("archive/2025-04", [MARKETS, ELECTION]),
        ("archive/2025-03", [TELESCOPE]),
        ("archive/2025-01", [OLD_LEAD]),
        ("archive/2024-12", [BANK]),
    ],
)
def test_listing_contents_newest_first(
    app: SphinxTestApp, pagename: str, expected: list[str]
) -> None:
    app.build()
    assert headlines(app, pagename) == expected


@listings
@pytest.mark.parametrize(
    ("pagename", "title"),
    [
        ("sections/world", "World"),
        ("sections/culture", "Culture"),
        ("tags/climate-change", "Climate change"),
        ("tags/\u4e2d\u56fd", "\u4e2d\u56fd"),
        ("authors/emily-carter", "Emily Carter"),
        ("archive/index", "Archive"),
        ("archive/2025-04", "April 2025"),
        ("page/2", "Latest stories"),
    ],
)
def test_listing_headings_and_titles(app: SphinxTestApp, pagename: str, title: str) -> None:
    app.build()
    assert h1(app, pagename) == title
    assert text(page(app, pagename).xpath("//title")[0]).startswith(title)


@listings
def test_every_listing_page_and_no_other(app: SphinxTestApp) -> None:
    app.build()
    outdir = Path(app.outdir)
    generated = {
        path.relative_to(outdir).as_posix()
        for directory in ("sections", "tags", "authors", "archive", "page")
        for path in (outdir / directory).rglob("*.html")
    }
    assert generated == {
        "page/2.html", "page/3.html",
        "sections/world.html", "sections/world/2.html", "sections/business.html",
        "sections/science.html", "sections/culture.html",
        "tags/china.html", "tags/trade.html", "tags/diplomacy.html",
        "tags/climate-change.html", "tags/\u4e2d\u56fd.html",
        "authors/emily-carter.html", "authors/emily-carter/2.html", "authors/li-wei.html",
        "authors/sam-lee.html", "authors/ana-lima.html",
        "archive/index.html", "archive/2025-05.html", "archive/2025-05/2.html",
        "archive/2025-04.html", "archive/2025-03.html", "archive/2025-01.html",
        "archive/2024-12.html",
    }  # fmt: skip


@listings
def test_drafts_and_future_articles_are_never_listed(app: SphinxTestApp) -> None:
    app.build()
    outdir = Path(app.outdir)
    for path in outdir.rglob("*.html"):
        root = html.parse(str(path)).getroot()
        words = root.text_content()
        assert DRAFT not in words, path
        assert FUTURE not in words, path
        hrefs = root.xpath("//a/@href")
        assert not [href for href in hrefs if "draft" in href or "future" in href], path
    # A tag only they carry has no page; a tag they share lists only the public articles.
    assert not (outdir / "tags/secret-plans.html").exists()
    assert not (outdir / "tags/embargoed.html").exists()


@listings
@pytest.mark.parametrize(
    ("pagename", "number", "newer", "older"),
    [
        ("index", 1, None, "page/2.html"),
        ("page/2", 2, "index.html", "page/3.html"),
        ("page/3", 3, "page/2.html", None),
        ("sections/world", 1, None, "sections/world/2.html"),
        ("sections/world/2", 2, "sections/world.html", None),
        ("archive/2025-05/2", 2, "archive/2025-05.html", None),
    ],
)
def test_pagination_links(
    app: SphinxTestApp, pagename: str, number: int, newer: str | None, older: str | None
) -> None:
    app.build()
    root = page(app, pagename)
    (pager,) = root.xpath("//nav[@class='nd-pager']")
    assert f"Page {number} of" in text(pager)
    for relation, expected in (("prev", newer), ("next", older)):
        in_pager = link_targets(
            app, pagename, f"//nav[@class='nd-pager']//a[@rel='{relation}']/@href"
        )
        in_head = link_targets(app, pagename, f"//head/link[@rel='{relation}']/@href")
        assert in_pager == in_head == ([expected] if expected else [])


@listings
def test_single_page_listings_have_no_pager(app: SphinxTestApp) -> None:
    app.build()
    for pagename in ("sections/business", "sections/culture", "tags/china", "authors/ana-lima"):
        root = page(app, pagename)
        assert root.xpath("//nav[@class='nd-pager']") == []
        assert root.xpath("//head/link[@rel='next' or @rel='prev']") == []


@listings
def test_teaser_parts_and_links(app: SphinxTestApp) -> None:
    app.build()
    root = page(app, "page/2")
    floods, markets, election = root.xpath("//article[contains(@class, 'nd-teaser')]")
    # A one-off contributor is named, not linked; a registry author links to their page.
    assert text(by_class(floods, "nd-teaser-byline")[0]) == "By Marta Nowak"
    assert floods.xpath(".//a[contains(@class, 'nd-author')]") == []
    (time,) = floods.xpath(".//time")
    assert (time.get("datetime"), text(time)) == ("2025-05-02T06:00:00+05:30", "2 May 2025")
    assert text(by_class(election, "nd-kicker")[0]) == "World \u00b7 Politics"
    for xpath, target in (
        ("(//main//article)[3]//p[@class='nd-kicker']/a/@href", "sections/world.html"),
        (
            "(//main//article)[2]//a[contains(@class,'nd-author')]/@href",
            "authors/emily-carter.html",
        ),
        ("(//main//article)[2]//h2/a/@href", "business/markets.html"),
    ):
        assert link_targets(app, "page/2", xpath) == [target]
    assert by_class(markets, "nd-dek") == []
    # Bylines of several people, as the article writes them.
    summit = page(app, "index").xpath("//section[@class='nd-listing']//article")[0]
    assert text(by_class(summit, "nd-teaser-byline")[0]) == "By Li Wei and Emily Carter"


@listings
def test_a_page_does_not_link_to_itself(app: SphinxTestApp) -> None:
    app.build()
    world = page(app, "sections/world")
    assert world.xpath("//main//a[contains(@class, 'nd-section')]") == []
    assert [text(s) for s in world.xpath("//main//span[@class='nd-section']")] == ["World"] * 3
    emily = page(app, "authors/emily-carter")
    assert "Emily Carter" not in [text(a) for a in emily.xpath("//main//a")]


@listings
def test_text_is_escaped_and_typeset(app: SphinxTestApp) -> None:
    app.build()
    source = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "Tariffs &lt;rise&gt; &amp; exporters brace" in source
    assert "<rise>" not in source
    # Curly quotes and dashes, as Sphinx's smartquotes give them on the article page.
    summit = page(app, "sections/world").xpath("//article")[0]
    assert text(by_class(summit, "nd-dek")[0]) == (
        "Leaders say the partnership is \u201con the right path\u201d \u2013 for now."
    )
    article_h1 = page(app, "world/summit").xpath("//h1")[0]
    assert heading(article_h1) == SUMMIT
    bio = page(app, "authors/emily-carter")
    assert text(by_class(bio, "nd-author-bio")[0]) == (
        "Emily Carter edits the world desk & writes about trade."
    )


@listings
def test_author_page_shows_the_registry(app: SphinxTestApp) -> None:
    app.build()
    emily = page(app, "authors/emily-carter")
    assert text(by_class(emily, "nd-author-role")[0]) == "Senior Editor, The Meridian"
    assert [heading(h) for h in emily.xpath("//main//h2")] == ["Stories"]
    assert len(emily.xpath("//main//h3")) == 3
    li_wei = page(app, "authors/li-wei")
    assert text(by_class(li_wei, "nd-author-role")[0]) == "Beijing correspondent"
    assert by_class(li_wei, "nd-author-bio") == []
    ana = page(app, "authors/ana-lima")
    assert text(by_class(ana, "nd-author-role")[0]) == "The Meridian"
    assert text(by_class(ana, "nd-empty")[0]) == "No stories yet."


@listings
def test_an_empty_section_says_so(app: SphinxTestApp) -> None:
    app.build()
    culture = page(app, "sections/culture")
    assert text(by_class(culture, "nd-empty")[0]) == "No stories yet."
    assert culture.xpath("//main//article") == []


@listings
def test_archive_index_counts_years_and_months(app: SphinxTestApp) -> None:
    app.build()
    root = page(app, "archive/index")
    years = [text(h) for h in root.xpath("//main//h2")]
    assert years == ["2025 (8 stories)", "2024 (1 story)"]
    months = [text(li) for li in root.xpath("//main//li")]
    assert months == [
        "May 2025 (4 stories)", "April 2025 (2 stories)", "March 2025 (1 story)",
        "January 2025 (1 story)", "December 2024 (1 story)",
    ]  # fmt: skip
    assert link_targets(app, "archive/index", "//main//li/a/@href")[:2] == [
        "archive/2025-05.html", "archive/2025-04.html",
    ]  # fmt: skip
    assert link_targets(app, "archive/2025-04", "//header/p[@class='nd-kicker']/a/@href") == [
        "archive/index.html"
    ]
    assert link_targets(app, "index", "//p[@class='nd-archive-link']/a/@href") == [
        "archive/index.html"
    ]


@listings
def test_article_links_to_its_listings(app: SphinxTestApp) -> None:
    app.build()
    article = "world/summit"
    assert link_targets(app, article, "//p[contains(@class,'nd-kicker')]/span/a/@href") == [
        "sections/world.html"
    ]
    # Registry authors link to their pages, for every credit; the registry url is for JSON-LD.
    assert link_targets(app, article, "//div[contains(@class,'nd-byline')]//a/@href") == [
        "authors/li-wei.html", "authors/emily-carter.html", "authors/sam-lee.html",
    ]  # fmt: skip
    assert link_targets(app, article, "//footer[@class='nd-tags']//a/@href") == [
        "tags/china.html", "tags/\u4e2d\u56fd.html", "tags/diplomacy.html",
    ]  # fmt: skip
    source = (Path(app.outdir) / "world/summit.html").read_text(encoding="utf-8")
    assert '"url":"https://meridian.example/staff/emily-carter/"' in source
    assert "author_id" not in source
    # A one-off contributor stays plain text.
    floods = page(app, "world/floods")
    assert floods.xpath("//div[contains(@class,'nd-byline')]//a") == []


@listings
def test_masthead_links_every_section(app: SphinxTestApp) -> None:
    app.build()
    for pagename in ("index", "world/summit", "tags/china", "authors/emily-carter/2"):
        targets = link_targets(app, pagename, "//nav[@class='nd-sections']//a/@href")
        assert targets == [
            "sections/world.html", "sections/business.html",
            "sections/science.html", "sections/culture.html",
        ]  # fmt: skip
    current = page(app, "sections/science").xpath("//nav//a[@aria-current='page']")
    assert [text(a) for a in current] == ["Science"]
    assert page(app, "index").xpath("//nav//a[@aria-current]") == []


@listings
def test_newsdocs_check_finds_nothing(app: SphinxTestApp) -> None:
    app.build()
    result = check_paths([Path(app.outdir)], jobs=1)
    assert result.checked >= 35
    assert result.findings == []


@listings
@pytest.mark.vnu
def test_every_page_passes_the_nu_html_checker(app: SphinxTestApp) -> None:
    app.build()
    assert vnu_errors(Path(app.outdir)) == []


# ---- other configurations -------------------------------------------------------------------


@pytest.mark.sphinx(
    "newshtml",
    testroot="listings",
    srcdir="listings-drafts",
    confoverrides={"newsdocs_drafts": True},
)
def test_a_drafts_preview_lists_drafts_and_future_articles(app: SphinxTestApp) -> None:
    app.build()
    # The draft is the newest article marked :lead: yes among the latest three.
    assert headlines(app, "index") == [DRAFT, FUTURE, SUMMIT]
    labels = [text(label) for label in page(app, "index").xpath("//span[@class='nd-label']")]
    assert labels == ["Draft", "Scheduled"]
    assert headlines(app, "tags/secret-plans") == [DRAFT]
    assert headlines(app, "tags/china") == [DRAFT, SUMMIT, TARIFFS]
    assert headlines(app, "authors/sam-lee") == [DRAFT, SUMMIT]


@pytest.mark.sphinx(
    "newshtml",
    testroot="listings",
    srcdir="listings-override",
    confoverrides={"templates_path": ["_override"]},
)
def test_a_site_overrides_one_template(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    for pagename in ("index", "sections/world", "authors/li-wei"):
        root = page(app, pagename)
        assert root.xpath("//article[contains(@class, 'nd-teaser')]") == []
        assert len(root.xpath("//article[@class='my-teaser']")) == 3
        # Only the teaser changed: the listing around it is the theme's.
        assert root.xpath("//nav[@class='nd-sections']")
    world = page(app, "sections/world")
    assert [text(h) for h in world.xpath("//article[@class='my-teaser']/h2")] == [
        SUMMIT, FLOODS, ELECTION,
    ]  # fmt: skip
    assert world.xpath("//nav[@class='nd-pager']")


@pytest.mark.sphinx("newshtml", testroot="listings", srcdir="listings-collision")
def test_a_document_where_a_listing_goes_is_a_located_error(app: SphinxTestApp) -> None:
    (Path(app.srcdir) / "sections").mkdir()
    (Path(app.srcdir) / "sections" / "culture.rst").write_text(
        ":orphan:\n\nOur culture desk\n================\n\nWe review plays.\n", encoding="utf-8"
    )
    app.build()
    (message,) = [m for m in messages(app) if "generated page" in m.text]
    assert (message.path, message.level) == ("sections/culture.rst", "ERROR")
    assert "'sections/culture'" in message.text
    assert "[newsdocs.collision]" in message.text
    # The document is not overwritten.
    assert h1(app, "sections/culture") == "Our culture desk"


def test_page_size_must_be_a_positive_whole_number(make_app: MakeApp, rootdir: Path) -> None:
    for bad in (0, -1, True):
        with pytest.raises(ConfigError, match="newsdocs_page_size"):
            make_app(
                "newshtml",
                srcdir=rootdir / "test-listings",
                confoverrides={"newsdocs_page_size": bad},
            )


@pytest.mark.sphinx("newshtml", testroot="listings", srcdir="listings-bad-lead")
def test_a_lead_field_is_yes_or_no(app: SphinxTestApp) -> None:
    edit(app, "world/election", ":kicker: Politics", ":kicker: Politics\n:lead: maybe")
    app.build()
    (message,) = messages(app)
    assert (message.path, message.line, message.level) == ("world/election.rst", 3, "ERROR")
    assert ":lead: must be yes or no, not 'maybe'" in message.text


@pytest.mark.sphinx("newshtml", testroot="listings", srcdir="listings-parallel", parallel=2)
def test_a_parallel_build_lists_the_same(
    app: SphinxTestApp, make_app: MakeApp, rootdir: Path, tmp_path: Path
) -> None:
    written_by = tmp_path / "written-by"

    def note_process(_app: object, pagename: str, *_: object) -> None:
        with written_by.open("a", encoding="utf-8") as record:
            record.write(f"{os.getpid()} {pagename}\n")

    app.connect("html-page-context", note_process)
    app.build()
    assert app.warning.getvalue() == ""
    assert headlines(app, "index") == [TARIFFS, SUMMIT, GLACIERS]
    assert page(app, "index").xpath("//section[@class='nd-lead']//img")
    assert headlines(app, "authors/emily-carter/2") == [ELECTION, OLD_LEAD, BANK]

    # The listing pages are written by a process per -j, and exactly as a serial build does.
    listing_writers = {
        pid
        for pid, pagename in (line.split() for line in written_by.read_text("utf-8").splitlines())
        if pagename.split("/")[0] in GENERATED_DIRECTORIES
    }
    assert len(listing_writers) == 2
    assert str(os.getpid()) not in listing_writers
    serial = make_app("newshtml", srcdir=rootdir / "test-listings", builddir=tmp_path / "serial")
    serial.build()
    parallel_out, serial_out = Path(app.outdir), Path(serial.outdir)
    pages = sorted(path.relative_to(serial_out) for path in serial_out.rglob("*.html"))
    assert pages == sorted(path.relative_to(parallel_out) for path in parallel_out.rglob("*.html"))
    for name in pages:
        assert (parallel_out / name).read_bytes() == (serial_out / name).read_bytes(), name


# ---- incremental builds ---------------------------------------------------------------------


@pytest.mark.sphinx("newshtml", testroot="listings", srcdir="listings-incremental")
def test_editing_one_article_rewrites_it_and_the_listings_only(
    app: SphinxTestApp, make_app: MakeApp
) -> None:
    app.build()
    before = html_pages(Path(app.outdir))
    edit(app, "world/floods", "Monsoon floods reach the capital\n", "Floods cut the capital off\n")

    again = rebuild(app, make_app)
    after = html_pages(Path(again.outdir))
    rewritten = {name for name in before if after[name] != before[name]}
    assert written_documents(again) == {"world/floods", "index"}
    # (Only "not rewritten" is read from mtimes: a coarse clock could hide a rewrite.)
    for docname in {*ARTICLES, "about"} - {"world/floods"}:
        assert f"{docname}.html" not in rewritten, docname
    # The listings that show the story are written again, with its new headline.
    for pagename in ("page/2", "sections/world", "tags/climate-change", "archive/2025-05/2"):
        assert "Floods cut the capital off" in headlines(again, pagename)

    # Nothing changed: no document is written, not even the front page.
    unchanged = rebuild(again, make_app)
    assert written_documents(unchanged) == set()
    last = html_pages(Path(unchanged.outdir))
    assert last["index.html"] == after["index.html"]
    assert last["world/floods.html"] == after["world/floods.html"]

    # A change the listings do not show (the story's text) leaves the front page alone.
    edit(unchanged, "world/floods", "on Friday.", "on Friday night.")
    body_only = rebuild(unchanged, make_app)
    assert written_documents(body_only) == {"world/floods"}


def listing_pages(outdir: Path) -> dict[str, int]:
    return {
        name: mtime
        for name, mtime in html_pages(outdir).items()
        if name.split("/")[0] in GENERATED_DIRECTORIES
    }


@pytest.mark.sphinx("newshtml", testroot="listings", srcdir="listings-unshown-edit")
def test_a_change_no_listing_shows_rewrites_no_listing(
    app: SphinxTestApp, make_app: MakeApp
) -> None:
    app.build()
    before = listing_pages(Path(app.outdir))
    contents = {name: (Path(app.outdir) / name).read_bytes() for name in before}
    edit(app, "world/floods", "on Friday.", "on Friday night.")

    again = rebuild(app, make_app)

    assert listing_pages(Path(again.outdir)) == before  # not one written again
    assert {name: (Path(again.outdir) / name).read_bytes() for name in before} == contents
    # The build still knows them: in the sitemap, and not removed as stale.
    sitemap = (Path(again.outdir) / "sitemap.xml").read_text(encoding="utf-8")
    assert "sections/world.html" in sitemap
    assert "tags/climate-change.html" in sitemap


@pytest.mark.sphinx(
    "newshtml",
    testroot="listings",
    srcdir="listings-template-edit",
    confoverrides={"templates_path": ["_override"]},
)
def test_a_changed_template_rewrites_every_listing(app: SphinxTestApp, make_app: MakeApp) -> None:
    app.build()
    before = listing_pages(Path(app.outdir))
    template = Path(app.srcdir) / "_override" / "newsdocs" / "teaser.html"
    template.write_text(
        template.read_text(encoding="utf-8").replace("my-teaser", "our-teaser"), encoding="utf-8"
    )
    later = max(before.values()) + 1_000_000_000  # newer than every page, whatever the clock
    os.utime(template, ns=(later, later))

    app.cleanup()
    again = make_app("newshtml", srcdir=app.srcdir, confoverrides={"templates_path": ["_override"]})
    again.build()

    with_stories = [
        name
        for name in before
        if "teaser" in (Path(again.outdir) / name).read_text(encoding="utf-8")
    ]
    assert len(with_stories) > 10
    for name in with_stories:
        assert "my-teaser" not in (Path(again.outdir) / name).read_text(encoding="utf-8"), name


@pytest.mark.sphinx("newshtml", testroot="listings", srcdir="listings-config-edit")
def test_a_configuration_every_page_shows_rewrites_every_listing(
    app: SphinxTestApp, make_app: MakeApp
) -> None:
    app.build()
    before = listing_pages(Path(app.outdir))
    sections = dict(app.config.newsdocs_sections)
    sections["science"] = "Science & Health"

    app.cleanup()
    again = make_app("newshtml", srcdir=app.srcdir, confoverrides={"newsdocs_sections": sections})
    again.build()

    for name in before:
        masthead = html.parse(str(Path(again.outdir) / name)).xpath(
            "//nav[@class='nd-sections']//a/text()"
        )
        assert "Science & Health" in masthead, name


@pytest.mark.parametrize(
    "freshenv",
    [
        pytest.param(False, id="incremental"),
        pytest.param(True, id="rereading-everything"),  # newsdocs build --strict
    ],
)
def test_deleting_an_article_removes_it_everywhere(
    make_app: MakeApp, rootdir: Path, tmp_path: Path, freshenv: bool
) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-listings", srcdir)
    app = make_app("newshtml", srcdir=srcdir)
    app.build()
    outdir = Path(app.outdir)
    assert (outdir / "world/summit.html").is_file()
    (srcdir / "world" / "summit.rst").unlink()

    again = rebuild(app, make_app, freshenv=freshenv)
    assert again.warning.getvalue() == ""
    assert not (outdir / "world/summit.html").exists()
    assert not (outdir / "_sources/world/summit.rst.txt").exists()
    # Listings that only it filled are gone; the others no longer show it.
    assert not (outdir / "tags/\u4e2d\u56fd.html").exists()
    assert not (outdir / "tags/diplomacy.html").exists()
    assert not (outdir / "archive/2025-05/2.html").exists()
    assert headlines(again, "index") == [TARIFFS, GLACIERS, FLOODS]
    assert headlines(again, "authors/sam-lee") == []
    for path in outdir.rglob("*.html"):
        hrefs = html.parse(str(path)).getroot().xpath("//a/@href | //link/@href")
        assert not [href for href in hrefs if "summit" in href], path
    assert check_paths([outdir], jobs=1).findings == []


@pytest.mark.sphinx(
    "newshtml",
    testroot="listings",
    srcdir="listings-classic",
    confoverrides={"newsdocs_theme": "classic", "newsdocs_check": False},
)
def test_listings_work_with_another_theme(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert headlines(app, "index") == [TARIFFS, SUMMIT, GLACIERS]
    assert headlines(app, "sections/world") == [SUMMIT, FLOODS, ELECTION]
    assert page(app, "index").xpath("//link[contains(@href, 'classic.css')]")


@pytest.mark.sphinx("html", testroot="listings", srcdir="listings-plain-html")
def test_other_builders_keep_plain_articles(app: SphinxTestApp) -> None:
    app.build()
    outdir = Path(app.outdir)
    for directory in ("sections", "tags", "authors", "archive", "page"):
        assert not (outdir / directory).exists(), directory
    summit = page(app, "world/summit")
    assert summit.xpath("//p[contains(@class,'nd-kicker')]//a") == []
    # Registry authors link to their registry url, if they have one; the others are names.
    assert summit.xpath("//div[contains(@class,'nd-byline')]//a/@href") == [
        "https://meridian.example/staff/emily-carter/"
    ]
    assert headlines(app, "index") == []
