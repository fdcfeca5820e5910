"""sitemap.xml, news-sitemap.xml and robots.txt: every public page, the last two days' news,
absolute URLs from html_baseurl; and a site without html_baseurl still builds."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from newsdocs.site.sitemaps import news_language
from tests.build_output import page, shared_build

sitemaps = shared_build("feeds", "sitemaps-main")

SITE = "https://meridian.example/"
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
# W3C Datetime, complete date plus time and zone (what newsdocs writes).
W3C_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)")
# Every public page of roots/test-feeds: no draft, no future article, no search or index.
DOCUMENTS = {"index", "about", "world/summit", "business/rates", "world/corrected"}
GENERATED = {"extras/collected", "sections/world"}  # by the root's conf.py
LASTMOD = {
    "world/summit": "2025-06-01T13:00:00+00:00",
    "business/rates": "2025-06-01T11:00:00+00:00",
    "world/corrected": "2025-06-02T08:00:00+00:00",  # its correction
}


def xml(app: SphinxTestApp, name: str) -> etree._Element:
    """An output file parsed by lxml: it must be well-formed XML."""
    return etree.fromstring((Path(app.outdir) / name).read_bytes())


def sitemap(app: SphinxTestApp) -> dict[str, str | None]:
    """Page name -> lastmod of sitemap.xml; every <loc> is an absolute URL of the site."""
    root = xml(app, "sitemap.xml")
    assert root.tag == f"{{{NS['s']}}}urlset"
    listed: dict[str, str | None] = {}
    for url in root.xpath("s:url", namespaces=NS):
        assert [child.tag for child in url][:1] == [f"{{{NS['s']}}}loc"]
        loc = url.findtext("s:loc", namespaces=NS)
        assert loc is not None
        assert loc.startswith(SITE) and loc.endswith(".html"), loc
        listed[loc.removeprefix(SITE).removesuffix(".html")] = url.findtext(
            "s:lastmod", namespaces=NS
        )
    return listed


def news(app: SphinxTestApp) -> list[dict[str, str]]:
    root = xml(app, "news-sitemap.xml")
    assert root.tag == f"{{{NS['s']}}}urlset"
    items = []
    for url in root.xpath("s:url", namespaces=NS):
        (item,) = url.xpath("news:news", namespaces=NS)
        items.append(
            {
                "loc": url.findtext("s:loc", namespaces=NS) or "",
                "name": item.findtext("news:publication/news:name", namespaces=NS) or "",
                "language": item.findtext("news:publication/news:language", namespaces=NS) or "",
                "date": item.findtext("news:publication_date", namespaces=NS) or "",
                "title": item.findtext("news:title", namespaces=NS) or "",
            }
        )
    return items


def again(app: SphinxTestApp, make_app: Callable[..., SphinxTestApp], **options: Any) -> Any:
    return make_app("newshtml", srcdir=app.srcdir, builddir=Path(app.outdir).parent, **options)


@sitemaps
def test_sitemap_lists_every_public_page(app: SphinxTestApp) -> None:
    app.build()
    listed = sitemap(app)
    assert set(listed) >= DOCUMENTS | GENERATED
    # Exactly what this (first) build wrote, without Sphinx's search and index pages.
    written = {
        path.relative_to(app.outdir).with_suffix("").as_posix()
        for path in Path(app.outdir).rglob("*.html")
    }
    assert set(listed) == written - {"search", "genindex"}
    assert not {"opinion/draft", "world/future"} & set(listed)


@pytest.mark.sphinx("newshtml", testroot="feeds", confoverrides={"newsdocs_drafts": True})
def test_a_drafts_preview_lists_no_draft(app: SphinxTestApp) -> None:
    app.build()
    assert (Path(app.outdir) / "opinion" / "draft.html").is_file()  # the preview shows it
    assert (Path(app.outdir) / "world" / "future.html").is_file()
    listed = sitemap(app)
    assert set(listed) >= DOCUMENTS
    assert not {"opinion/draft", "world/future"} & set(listed)
    assert [item["loc"] for item in news(app)] == [f"{SITE}world/summit.html"]


@sitemaps
def test_sitemap_dates_articles_by_their_last_change(app: SphinxTestApp) -> None:
    app.build()
    listed = sitemap(app)
    assert {name: lastmod for name, lastmod in listed.items() if lastmod} == LASTMOD
    for lastmod in LASTMOD.values():
        assert W3C_DATETIME.fullmatch(lastmod)


@sitemaps
def test_sitemap_urls_are_the_canonical_urls(app: SphinxTestApp) -> None:
    app.build()
    for name in sitemap(app):
        (canonical,) = page(app, name).xpath("//link[@rel='canonical']/@href")
        assert canonical == f"{SITE}{name}.html"


@sitemaps
def test_robots_txt_points_at_both_sitemaps(app: SphinxTestApp) -> None:
    app.build()
    robots = (Path(app.outdir) / "robots.txt").read_text(encoding="utf-8")
    assert robots.splitlines() == [
        "User-agent: *",
        "Allow: /",
        "",
        f"Sitemap: {SITE}sitemap.xml",
        f"Sitemap: {SITE}news-sitemap.xml",
    ]


@sitemaps
def test_news_sitemap_entry(app: SphinxTestApp) -> None:
    app.build()
    assert news(app) == [
        {
            "loc": f"{SITE}world/summit.html",
            "name": "The Meridian",
            "language": "en",
            "date": "2025-06-01T13:00:00+00:00",
            "title": "Summit ends with a promise",
        }
    ]


# summit: published 2025-06-01T13:00Z; rates: 2025-06-01T11:00Z; draft: 2025-06-02T08:00Z.
@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2025-06-03T12:00:00+00:00", ["world/summit"]),  # 47 hours and 49 hours ago
        ("2025-06-03T13:00:00+00:00", ["world/summit"]),  # exactly two days ago: still in
        ("2025-06-03T13:00:01+00:00", []),
        ("2025-06-03T20:00:00+08:00", ["world/summit"]),  # 12:00Z written in another zone
        ("2025-06-02T09:00:00+00:00", ["world/summit", "business/rates"]),  # never the draft
        ("2025-06-01T12:00:00+00:00", ["business/rates"]),  # the summit is not out yet
    ],
)
def test_news_sitemap_holds_the_last_two_days(
    make_app: Callable[..., SphinxTestApp],
    rootdir: Path,
    tmp_path: Path,
    now: str,
    expected: list[str],
) -> None:
    app = make_app(
        "newshtml",
        srcdir=rootdir / "test-feeds",
        builddir=tmp_path,
        confoverrides={"newsdocs_now": now, "newsdocs_check": False},
    )
    app.build()
    assert [item["loc"] for item in news(app)] == [f"{SITE}{name}.html" for name in expected]
    for item in news(app):
        assert W3C_DATETIME.fullmatch(item["date"])
        published = datetime.fromisoformat(item["date"])
        assert published <= datetime.fromisoformat(now)


@pytest.mark.parametrize(
    ("language", "code"),
    [
        ("en", "en"),
        ("en_GB", "en"),
        ("pt-BR", "pt"),
        ("de", "de"),
        ("zh_CN", "zh-cn"),
        ("zh-Hans", "zh-cn"),
        ("zh_TW", "zh-tw"),
        ("zh-Hant", "zh-tw"),
        ("", "en"),
    ],
)
def test_news_sitemap_language_is_what_google_news_reads(language: str, code: str) -> None:
    assert news_language(language) == code


@pytest.mark.sphinx("newshtml", testroot="feeds", srcdir="sitemaps-delete")
def test_a_deleted_article_leaves_the_sitemaps(
    app: SphinxTestApp, make_app: Callable[..., SphinxTestApp]
) -> None:
    now = {"newsdocs_now": "2025-06-02T12:00:00+00:00"}  # both summit and rates are news
    first = again(app, make_app, confoverrides=now)
    first.build()
    assert "business/rates" in sitemap(first)
    assert f"{SITE}business/rates.html" in [item["loc"] for item in news(first)]
    (Path(app.srcdir) / "business" / "rates.rst").unlink()

    rebuilt = again(app, make_app, confoverrides=now)
    rebuilt.build()
    assert "1 removed" in strip_colors(rebuilt.status.getvalue())
    # Its old page is still in the output directory, but no longer in the sitemap.
    assert "business/rates" not in sitemap(rebuilt)
    assert [item["loc"] for item in news(rebuilt)] == [f"{SITE}world/summit.html"]


@pytest.mark.sphinx("newshtml", testroot="feeds", confoverrides={"html_extra_path": ["extra"]})
def test_the_sites_own_robots_txt_wins(app: SphinxTestApp) -> None:
    app.build()
    own = (Path(app.srcdir) / "extra" / "robots.txt").read_text(encoding="utf-8")
    assert (Path(app.outdir) / "robots.txt").read_text(encoding="utf-8") == own
    assert "world/summit" in sitemap(app)


@pytest.mark.sphinx(
    "newshtml",
    testroot="feeds",
    srcdir="sitemaps-subpath",
    confoverrides={"html_baseurl": "https://meridian.example/news"},
)
def test_a_site_below_the_root_of_its_host(app: SphinxTestApp) -> None:
    app.build()
    base = "https://meridian.example/news/"
    (canonical,) = page(app, "about").xpath("//link[@rel='canonical']/@href")
    assert canonical == f"{base}about.html"
    locs = xml(app, "sitemap.xml").xpath("//s:loc/text()", namespaces=NS)
    assert f"{base}about.html" in locs
    assert all(loc.startswith(base) for loc in locs)
    feed = xml(app, "feeds/atom.xml")
    assert feed.xpath("string(//*[local-name()='id'][1])") == f"{base}feeds/atom.xml"
    robots = (Path(app.outdir) / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {base}sitemap.xml" in robots.splitlines()


BASEURL_WARNING = re.compile(r"^WARNING: (.*) \[newsdocs\.baseurl\]$", re.M)


@pytest.mark.parametrize(
    ("baseurl", "says"),
    [
        ("", "html_baseurl is not set"),
        ("meridian.example/", "html_baseurl 'meridian.example/' is not an absolute http(s) URL"),
        ("/news/", "html_baseurl '/news/' is not an absolute http(s) URL"),
        ("ftp://meridian.example/", "is not an absolute http(s) URL"),
    ],
)
def test_without_a_base_url_the_site_builds_and_says_so_once(
    make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path, baseurl: str, says: str
) -> None:
    app = make_app(
        "newshtml",
        srcdir=rootdir / "test-feeds",
        builddir=tmp_path,
        confoverrides={"html_baseurl": baseurl},
    )
    app.build()
    warnings = strip_colors(app.warning.getvalue())
    (message,) = BASEURL_WARNING.findall(warnings)  # once, and at no source location
    assert says in message
    assert "no Atom feeds, sitemap.xml, news-sitemap.xml or robots.txt" in message
    out = Path(app.outdir)
    for name in ("sitemap.xml", "news-sitemap.xml", "robots.txt", "feeds"):
        assert not (out / name).exists(), name
    # The pages are all there, link no feed, and pass the publication check.
    for name in DOCUMENTS | GENERATED:
        assert page(app, name).xpath("//link[@type='application/atom+xml']") == [], name
    assert "newsdocs.check" not in warnings


@pytest.mark.sphinx("newshtml", testroot="feeds", srcdir="sitemaps-baseurl-dropped")
def test_dropping_the_base_url_removes_the_old_outputs(
    app: SphinxTestApp, make_app: Callable[..., SphinxTestApp]
) -> None:
    app.build()
    out = Path(app.outdir)
    assert (out / "robots.txt").is_file()
    assert (out / "feeds" / "world.xml").is_file()

    rebuilt = again(app, make_app, confoverrides={"html_baseurl": ""})
    rebuilt.build()
    # They would name URLs the site no longer claims; the pages stay.
    for name in ("sitemap.xml", "news-sitemap.xml", "robots.txt"):
        assert not (out / name).exists(), name
    assert list((out / "feeds").glob("*.xml")) == []
    assert (out / "world" / "summit.html").is_file()
