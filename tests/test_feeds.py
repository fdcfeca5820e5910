"""Atom feeds: valid RFC 4287 that feed readers parse, with stable entry ids, only public
articles, newest first; written every build from the domain, and safe with any text."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import feedparser
import pytest
from lxml import etree
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from newsdocs.site.feeds import person_uri
from tests.build_output import page, shared_build

feeds = shared_build("feeds", "feeds-main")

SITE = "https://meridian.example/"
ATOM = "http://www.w3.org/2005/Atom"


def parsed(app: SphinxTestApp, name: str = "atom") -> Any:
    """The feed as a feed reader sees it; it must be well-formed Atom."""
    feed = feedparser.parse((Path(app.outdir) / "feeds" / f"{name}.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def entry_urls(feed: Any) -> list[str]:
    return [entry.link.removeprefix(SITE) for entry in feed.entries]


def again(app: SphinxTestApp, make_app: Callable[..., SphinxTestApp], **options: Any) -> Any:
    """A fresh app over the same sources, doctrees and output: the next incremental build."""
    return make_app("newshtml", srcdir=app.srcdir, builddir=Path(app.outdir).parent, **options)


class Expected(NamedTuple):
    title: str
    published: str
    updated: str
    authors: list[dict[str, str]]
    summary: str
    categories: list[tuple[str, str | None]]


# roots/test-feeds, newest first; the draft and the future article are never in a feed.
ENTRIES = {
    "world/summit.html": Expected(
        title="Summit ends with a promise",
        published="2025-06-01T13:00:00+00:00",
        updated="2025-06-01T13:00:00+00:00",
        authors=[
            {"name": "Emily Carter", "href": f"{SITE}authors/emily-carter/"},
            {"name": "Li Wei", "href": f"{SITE}people/li-wei.html"},  # made absolute
        ],
        summary="Leaders agree to meet again in the autumn.",  # the dek
        categories=[("world", "World"), ("Summit", None), ("Diplomacy", None)],
    ),
    "business/rates.html": Expected(
        title="Central bank holds rates",
        published="2025-06-01T11:00:00+00:00",
        updated="2025-06-01T11:00:00+00:00",
        authors=[{"name": "Jo Park"}],
        # No dek: the first paragraph of the story, not the fact box before it.
        summary="The central bank held its main rate at 4 per cent on Sunday.",
        categories=[("business", "Business")],
    ),
    "world/corrected.html": Expected(
        title="Ministers meet in Beijing",
        published="2025-05-25T09:00:00+08:00",
        # The correction is later than :updated:, so it is the entry's update.
        updated="2025-06-02T08:00:00+00:00",
        authors=[{"name": "Sam Lee"}],
        summary="Trade ministers met in Beijing on Sunday.",
        categories=[("world", "World")],
    ),
}


@feeds
def test_a_good_site_builds_without_a_message(app: SphinxTestApp) -> None:
    app.build()
    # The publication check ran too, following every page's links to the feeds.
    assert app.warning.getvalue() == ""


@feeds
def test_site_feed_lists_public_articles_newest_first(app: SphinxTestApp) -> None:
    app.build()
    assert entry_urls(parsed(app)) == list(ENTRIES)


@feeds
def test_site_feed_describes_itself(app: SphinxTestApp) -> None:
    app.build()
    feed = parsed(app).feed
    assert feed.id == f"{SITE}feeds/atom.xml"
    assert feed.title == "The Meridian"
    assert feed.language == "en"
    # The latest update of its entries: the correction.
    assert feed.updated == "2025-06-02T08:00:00+00:00"
    links = {(link.rel, link.type, link.href) for link in feed.links}
    assert links == {
        ("self", "application/atom+xml", f"{SITE}feeds/atom.xml"),
        ("alternate", "text/html", f"{SITE}index.html"),
    }
    # Stands in for the author of an entry without a byline (RFC 4287 4.1.1).
    assert feed.author == "Meridian Media Ltd"


@feeds
@pytest.mark.parametrize("url", list(ENTRIES))
def test_entry_fields(app: SphinxTestApp, url: str) -> None:
    app.build()
    (entry,) = [entry for entry in parsed(app).entries if entry.link == SITE + url]
    expected = ENTRIES[url]
    assert entry.title == expected.title
    assert entry.published == expected.published
    assert entry.updated == expected.updated
    assert entry.authors == expected.authors
    assert entry.summary == expected.summary
    assert entry.summary_detail.type == "text/plain"
    assert [(tag.term, tag.label) for tag in entry.tags] == expected.categories
    assert [(link.rel, link.type) for link in entry.links] == [("alternate", "text/html")]
    assert entry.id.startswith("tag:meridian.example,")


@feeds
def test_entry_ids_are_tag_uris_of_host_day_and_document(app: SphinxTestApp) -> None:
    app.build()
    assert [entry.id for entry in parsed(app).entries] == [
        "tag:meridian.example,2025-06-01:world/summit",
        "tag:meridian.example,2025-06-01:business/rates",
        # Published on 25 May in Beijing, 25 May in UTC too (09:00+08:00 is 01:00Z).
        "tag:meridian.example,2025-05-25:world/corrected",
    ]


@feeds
@pytest.mark.parametrize(
    ("section", "title", "urls"),
    [
        ("world", "The Meridian: World", ["world/summit.html", "world/corrected.html"]),
        ("business", "The Meridian: Business", ["business/rates.html"]),
        ("opinion", "The Meridian: Opinion", []),  # only a draft: an empty, valid feed
    ],
)
def test_section_feeds_hold_only_their_section(
    app: SphinxTestApp, section: str, title: str, urls: list[str]
) -> None:
    app.build()
    feed = parsed(app, section)
    assert entry_urls(feed) == urls
    assert feed.feed.title == title
    assert feed.feed.id == f"{SITE}feeds/{section}.xml"
    for entry in feed.entries:
        assert entry.tags[0].term == section


@feeds
def test_a_section_feed_links_to_its_section_page(app: SphinxTestApp) -> None:
    app.build()
    # roots/test-feeds/conf.py generates sections/world, as the site's listings do.
    links = {link.rel: link.href for link in parsed(app, "world").feed.links}
    assert links["alternate"] == f"{SITE}sections/world.html"


@feeds
def test_an_empty_feed_is_dated_by_the_build(app: SphinxTestApp) -> None:
    app.build()
    assert parsed(app, "opinion").feed.updated == "2025-06-03T12:00:00+00:00"  # newsdocs_now


@feeds
@pytest.mark.parametrize(
    ("docname", "feeds_linked"),
    [
        ("index", [("The Meridian", "feeds/atom.xml")]),
        ("about", [("The Meridian", "feeds/atom.xml")]),
        (
            "world/summit",
            [("The Meridian", "../feeds/atom.xml"), ("The Meridian: World", "../feeds/world.xml")],
        ),
        (
            "business/rates",
            [
                ("The Meridian", "../feeds/atom.xml"),
                ("The Meridian: Business", "../feeds/business.xml"),
            ],
        ),
        (
            "sections/world",
            [("The Meridian", "../feeds/atom.xml"), ("The Meridian: World", "../feeds/world.xml")],
        ),
        ("extras/collected", [("The Meridian", "../feeds/atom.xml")]),
    ],
)
def test_pages_announce_their_feeds(
    app: SphinxTestApp, docname: str, feeds_linked: list[tuple[str, str]]
) -> None:
    app.build()
    links = page(app, docname).xpath("//head/link[@type='application/atom+xml']")
    assert [(link.get("rel"), link.get("title"), link.get("href")) for link in links] == [
        ("alternate", title, href) for title, href in feeds_linked
    ]
    for _, href in feeds_linked:
        assert (Path(app.outdir) / docname).parent.joinpath(href).resolve().is_file()


@pytest.mark.sphinx("newshtml", testroot="feeds", confoverrides={"newsdocs_feed_size": 2})
def test_feeds_are_capped_by_newsdocs_feed_size(app: SphinxTestApp) -> None:
    app.build()
    feed = parsed(app)
    assert entry_urls(feed) == ["world/summit.html", "business/rates.html"]
    # Dated by the entries it carries: the corrected article is no longer one of them.
    assert feed.feed.updated == "2025-06-01T13:00:00+00:00"
    assert entry_urls(parsed(app, "world")) == ["world/summit.html", "world/corrected.html"]


@pytest.mark.sphinx(
    "newshtml",
    testroot="feeds",
    confoverrides={
        "newsdocs_sections": {
            "world": "World",
            "business": "Business",
            "opinion": "Opinion",
            "atom": "Atomic energy",
        },
    },
)
def test_a_section_named_atom_gets_no_feed(app: SphinxTestApp) -> None:
    app.build()
    warnings = strip_colors(app.warning.getvalue())
    assert re.findall(r"^WARNING: (.*) \[newsdocs\.feed\]$", warnings, re.M) == [
        "the section 'atom' gets no feed: feeds/atom.xml is the whole site's feed"
    ]
    feed = parsed(app)
    assert feed.feed.title == "The Meridian"
    assert entry_urls(feed) == list(ENTRIES)


@pytest.mark.parametrize("size", [0, -1, True])
def test_newsdocs_feed_size_must_be_positive(
    make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path, size: object
) -> None:
    with pytest.raises(ConfigError, match="newsdocs_feed_size"):
        make_app(
            "newshtml",
            srcdir=rootdir / "test-feeds",
            builddir=tmp_path,
            confoverrides={"newsdocs_feed_size": size},
        )


@pytest.mark.sphinx("newshtml", testroot="feeds", confoverrides={"newsdocs_drafts": True})
def test_a_drafts_preview_announces_no_draft(app: SphinxTestApp) -> None:
    app.build()
    assert (Path(app.outdir) / "opinion" / "draft.html").is_file()  # the preview shows it
    assert (Path(app.outdir) / "world" / "future.html").is_file()
    assert entry_urls(parsed(app)) == list(ENTRIES)
    assert parsed(app, "opinion").entries == []


@pytest.mark.sphinx("newshtml", testroot="feeds", srcdir="feeds-stable")
def test_ids_are_stable_and_a_correction_updates_the_entry(
    app: SphinxTestApp, make_app: Callable[..., SphinxTestApp]
) -> None:
    app.build()
    first = {name: parsed(app, name) for name in ("atom", "world")}
    feed_bytes = (Path(app.outdir) / "feeds" / "atom.xml").read_bytes()

    unchanged = again(app, make_app)
    unchanged.build()
    assert (Path(app.outdir) / "feeds" / "atom.xml").read_bytes() == feed_bytes

    source = Path(app.srcdir) / "world" / "summit.rst"
    text = source.read_text(encoding="utf-8")
    text = text.replace(
        "Summit ends with a promise\n==========================", "Summit ends\n==========="
    )
    text += (
        "\n.. correction:: 2025-06-03T09:00:00+00:00\n\n"
        "   An earlier version misnamed the summit's host.\n"
    )
    source.write_text(text, encoding="utf-8")
    edited = again(app, make_app)
    edited.build()
    for name, before in first.items():
        after = parsed(edited, name)
        assert [e.id for e in after.entries] == [e.id for e in before.entries], name
    summit = parsed(edited).entries[0]
    assert summit.title == "Summit ends"
    assert summit.published == "2025-06-01T13:00:00+00:00"
    assert summit.updated == "2025-06-03T09:00:00+00:00"
    assert parsed(edited).feed.updated == "2025-06-03T09:00:00+00:00"
    assert parsed(edited, "world").feed.updated == "2025-06-03T09:00:00+00:00"


@pytest.mark.sphinx("newshtml", testroot="feeds", srcdir="feeds-delete")
def test_a_deleted_article_leaves_the_feeds(
    app: SphinxTestApp, make_app: Callable[..., SphinxTestApp]
) -> None:
    app.build()
    assert "business/rates.html" in entry_urls(parsed(app))
    (Path(app.srcdir) / "business" / "rates.rst").unlink()

    rebuilt = again(app, make_app)
    rebuilt.build()
    assert "1 removed" in strip_colors(rebuilt.status.getvalue())
    assert entry_urls(parsed(rebuilt)) == ["world/summit.html", "world/corrected.html"]
    assert parsed(rebuilt, "business").entries == []


@pytest.mark.sphinx("newshtml", testroot="feeds", srcdir="feeds-section-gone")
def test_the_feed_of_a_removed_section_is_removed(
    app: SphinxTestApp, make_app: Callable[..., SphinxTestApp]
) -> None:
    app.build()
    assert (Path(app.outdir) / "feeds" / "opinion.xml").is_file()
    (Path(app.srcdir) / "opinion" / "draft.rst").unlink()
    sections = {"world": "World", "business": "Business"}
    rebuilt = again(app, make_app, confoverrides={"newsdocs_sections": sections})
    rebuilt.build()
    assert sorted(p.name for p in (Path(app.outdir) / "feeds").iterdir()) == [
        "atom.xml",
        "business.xml",
        "world.xml",
    ]


@pytest.mark.sphinx("newshtml", testroot="feeds", srcdir="feeds-parallel", parallel=2)
def test_a_parallel_build_writes_the_same_feeds(
    app: SphinxTestApp, make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path
) -> None:
    app.build()
    status = strip_colors(app.status.getvalue())
    assert re.search(r"writing output\.\.\. \[\s*\d+%\] \S+ \.\. \S+", status), status
    serial = make_app("newshtml", srcdir=rootdir / "test-feeds", builddir=tmp_path)
    serial.build()
    for name in ("atom", "world", "business", "opinion"):
        path = Path("feeds") / f"{name}.xml"
        assert (Path(app.outdir) / path).read_bytes() == (Path(serial.outdir) / path).read_bytes()


@pytest.mark.parametrize(
    ("url", "uri"),
    [
        ("https://meridian.example/authors/emily-carter/", f"{SITE}authors/emily-carter/"),
        ("http://elsewhere.example/li", "http://elsewhere.example/li"),
        ("/people/li-wei.html", f"{SITE}people/li-wei.html"),
        ("people/li-wei.html", f"{SITE}people/li-wei.html"),
        ("  ", ""),
        ("", ""),
        ("javascript:alert(1)", ""),  # a feed reader would make it a link
        ("mailto:li@meridian.example", ""),  # not a page
    ],
)
def test_author_uris_are_absolute_web_pages(url: str, uri: str) -> None:
    assert person_uri(SITE, url) == uri


# roots/test-escaping (index.rst, conf.py) and the article below: text that breaks XML or
# HTML if it is pasted in. Control characters cannot be written to XML at all: newsdocs
# removes them from sources as it reads them (untrusted.py), but conf.py values reach the
# feed as written, so these carry some.
HOSTILE_ARTICLE = (
    ":section: world\n"
    ":dek: Dek with \x01control\x08 chars ]]> and \x1b[31m escape & <b>tag</b>\n"
    ':tags: <b>bold</b>, a & b, ]]>, "q\x07"\n'
    ":published: 2025-05-31T09:00:00+00:00\n"
    "\n"
    "CDATA ]]> ends \x0e here & <now> \x1f end\n"
    "=======================================\n"
    "\n"
    ".. byline::\n"
    "   :by: mallory, Zo\u00eb \x02\x03 ]]> (R\x04le)\n"
    "\n"
    "Body.\n"
)
HOSTILE_CONF = {
    "newsdocs_site_name": "The \x01Meridian ]]> & <Co>\x7f \ufffe!",
    "newsdocs_sections": {"world": 'World\x02 & <Asia> "quoted"'},
    "newsdocs_authors": {
        "mallory": {
            "name": "Mallory\x0b </script> & <!-- Co\x1b",
            "url": "https://meridian.example/authors/mallory/?a=1&b='2'",
        }
    },
}
# The same without what XML cannot carry (U+007F it can).
SITE_NAME = "The Meridian ]]> & <Co>\x7f !"
SECTION_NAME = 'World & <Asia> "quoted"'
MALLORY = {
    "name": "Mallory </script> & <!-- Co",
    "href": "https://meridian.example/authors/mallory/?a=1&b='2'",
}
HOSTILE = {
    "controls.html": {
        "title": "CDATA ]]> ends  here & <now>  end",
        "summary": "Dek with control chars ]]> and [31m escape & <b>tag</b>",
        "authors": [MALLORY, {"name": "Zo\u00eb  ]]>"}],
        "terms": ["world", "<b>bold</b>", "a & b", "]]>", '"q"'],
    },
    "index.html": {
        "title": """Xi's "new era" </script><script>alert(3)</script> & <!-- Putin""",
        "summary": """"Quoted" 'dek' </script><script>alert(2)</script> & <!-- comment -->""",
        "authors": [MALLORY, {"name": """Eve </script> "Q" O'Hara & <!-- x"""}],
        "terms": ["world"],
    },
}


@pytest.mark.sphinx(
    "newshtml", testroot="escaping", srcdir="feeds-hostile", confoverrides=HOSTILE_CONF
)
def test_hostile_text_round_trips_through_the_feeds(app: SphinxTestApp) -> None:
    (Path(app.srcdir) / "controls.rst").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    app.build()
    for name in ("atom", "world"):
        path = Path(app.outdir) / "feeds" / f"{name}.xml"
        root = etree.fromstring(path.read_bytes())  # well-formed, or this raises
        assert root.tag == f"{{{ATOM}}}feed"
        assert root.xpath("//comment() | //processing-instruction()") == []
        # Nothing in the text became an element: each entry has only Atom's own children.
        tags = {etree.QName(element).localname for element in root.iter(etree.Element)}
        assert tags <= {"feed", "id", "title", "updated", "link", "author", "name", "uri",
                        "generator", "entry", "published", "category", "summary"}  # fmt: skip
        feed = parsed(app, name)
        assert entry_urls(feed) == list(HOSTILE)
        for entry, expected in zip(feed.entries, HOSTILE.values(), strict=True):
            assert entry.title == expected["title"]
            assert entry.summary == expected["summary"]
            assert entry.authors == expected["authors"]
            assert [tag.term for tag in entry.tags] == expected["terms"]
            assert entry.tags[0].label == SECTION_NAME
    # lxml reads back the same text, too.
    feed_root = etree.fromstring((Path(app.outdir) / "feeds" / "world.xml").read_bytes())
    assert feed_root.findtext(f"{{{ATOM}}}title") == f"{SITE_NAME}: {SECTION_NAME}"
    titles = feed_root.xpath("/a:feed/a:entry/a:title/text()", namespaces={"a": ATOM})
    assert titles == [expected["title"] for expected in HOSTILE.values()]
    # The pages' links to the feeds carry the names as plain attribute text.
    links = page(app, "controls").xpath("//head/link[@type='application/atom+xml']/@title")
    assert links == [SITE_NAME, f"{SITE_NAME}: {SECTION_NAME}"]


@pytest.mark.sphinx(
    "newshtml", testroot="escaping", srcdir="sitemaps-hostile", confoverrides=HOSTILE_CONF
)
def test_hostile_text_round_trips_through_the_news_sitemap(app: SphinxTestApp) -> None:
    (Path(app.srcdir) / "controls.rst").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    app.build()
    news = "http://www.google.com/schemas/sitemap-news/0.9"
    root = etree.fromstring((Path(app.outdir) / "news-sitemap.xml").read_bytes())
    # newsdocs_now is 2025-06-01T12:00Z: only the hostile article is news.
    assert root.xpath("//n:title/text()", namespaces={"n": news}) == [
        HOSTILE["controls.html"]["title"]
    ]
    assert root.xpath("//n:name/text()", namespaces={"n": news}) == [SITE_NAME]
    etree.fromstring((Path(app.outdir) / "sitemap.xml").read_bytes())
