"""Hostile metadata (roots/test-hostile): headlines, deks, kickers, tags, datelines, names,
alt text, credits and captions carrying markup, ``</script>``, ``]]>``, comment openers,
control characters, right-to-left overrides and very long strings.

Everything must build to pages, JSON-LD, OpenGraph tags, Atom feeds and sitemaps that parse
(lxml, json, feedparser), show the words as the contributor wrote them, and carry no element,
comment or script of theirs. Control characters are the one thing changed: removed at
reading, with a warning, because XML cannot carry them.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import feedparser
from lxml import etree, html
from sphinx.testing.util import SphinxTestApp

from newsdocs.untrusted import CONTROL_CHARACTERS
from tests.build_output import assert_messages, heading, main, page, shared_build, text

hostile = shared_build("hostile", "hostile-html")

ROOT = Path(__file__).parent / "roots" / "test-hostile"
SITE = "https://hostile.example/"

# The strings of roots/test-hostile/articles/*.rst (test_the_corpus_is_the_one_described
# checks they are there).
MARKUP = (
    """Xi's "deal" & <b>bold</b> </script><script>alert(1)</script> ]]> <!-- x --> <![CDATA[ y"""
)
CONTROLS = "Ctrl\x00\x01\x08\x1b[31m\x7f\x85\x9b\u2028\ufffe end"
RTL = "Breaking \u202eevil.exe\u202c \u200f\u0645\u0631\u062d\u0628\u0627\u2067 isolated\u2069"
ONE_OFF = 'Eve </script><script src=//evil.example/x.js></script> "Q" O\'Hara & ]]>'
REGISTRY_NAME = "Mallory </script><script>alert('author')</script> \"M\" O'Neil & ]]>"
LONG = ("Long " + "headline words " * 200).strip()
CLEANED = "Ctrl[31m end"  # CONTROLS as published


def untypeset(value: str) -> str:
    """Visible text with docutils' smart quotes and dashes turned back into what was typed."""
    quotes = {0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"'}
    return value.translate(quotes).replace("\u2013", "--")


def shown(element: html.HtmlElement) -> str:
    return untypeset(text(element))


# document -> what its metadata says, as readers must see it
ARTICLES: dict[str, dict[str, Any]] = {
    "markup": {
        "headline": MARKUP,
        "dek": f"Dek {MARKUP}",
        "kicker": f"Kicker {MARKUP}",
        "dateline": f"DATELINE {MARKUP}",
        "tags": ["<b>tag</b>", "]]>", "</script>", "\"q\" & 'a'"],
        "one_off": (ONE_OFF, "Role </script> & 'r'"),
        "alt": f"Alt {MARKUP}",
        "credit": f"Credit {MARKUP}",
        "caption": f"Caption {MARKUP}",
    },
    "controls": {
        "headline": CLEANED,
        "dek": f"Dek {CLEANED}",
        "kicker": f"Kicker {CLEANED}",
        "dateline": f"DATELINE {CLEANED}",
        "tags": [f"tag{CLEANED}", "plain"],
        "one_off": (f"Eve {CLEANED}", f"Role {CLEANED}"),
        "alt": f"Alt {CLEANED}",
        "credit": f"Credit {CLEANED}",
        "caption": f"Caption {CLEANED}",
    },
    "rtl": {
        "headline": RTL,
        "dek": f"Dek {RTL}",
        "kicker": f"Kicker {RTL}",
        "dateline": f"DATELINE {RTL}",
        "tags": [RTL, "\u0645\u0631\u062d\u0628\u0627"],
        "one_off": (f"Eve {RTL}", f"Role {RTL}"),
        "alt": f"Alt {RTL}",
        "credit": f"Credit {RTL}",
        "caption": f"Caption {RTL}",
    },
    "long": {
        "headline": LONG,
        "dek": ("Dek " + "very long standfirst " * 1000).strip(),
        "kicker": "Kicker " + "k" * 1000,
        "dateline": "D" * 1000,
        "tags": ["t" * 500, ("tag " * 200).strip()],
        "one_off": (("Eve " + "Longname " * 100).strip(), "Role " + "r" * 500),
        "alt": "Alt " + "a" * 5000,
        "credit": "Credit " + "c" * 2000,
        "caption": ("Caption " + "words in a caption " * 500).strip(),
    },
}
HEADLINES = {fields["headline"] for fields in ARTICLES.values()}


def output_files(app: SphinxTestApp, suffix: str) -> list[Path]:
    outdir = Path(app.outdir)
    return sorted(
        path
        for path in outdir.rglob(f"*{suffix}")
        if "_sources" not in path.relative_to(outdir).parts
    )


def json_ld(document: html.HtmlElement) -> dict[str, Any]:
    (script,) = document.xpath('//script[@type="application/ld+json"]')
    # Nothing in the script's text could end it or open a comment, even for a lenient parser.
    assert "</" not in script.text and "<!--" not in script.text
    data: dict[str, Any] = json.loads(script.text)
    return data


def social(document: html.HtmlElement) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for meta in document.xpath("//head/meta[@property or @name]"):
        tags.setdefault(meta.get("property") or meta.get("name"), []).append(meta.get("content"))
    return tags


def assert_nothing_injected(document: html.HtmlElement, where: object) -> None:
    """No element, comment or script a contributor wrote: only the theme's and newsdocs'."""
    assert not document.xpath("//b | //script[contains(@src, 'evil')]"), where
    scripts = document.xpath("//script[not(@src)]")
    assert all(script.get("type") == "application/ld+json" for script in scripts), where
    assert not document.xpath("//comment()[contains(., ' x ')]"), where
    for script in document.xpath("//script[@src]"):
        assert "//" not in script.get("src"), where  # Sphinx's own, from the site


def test_the_corpus_is_the_one_described() -> None:
    sources = {
        path.stem: path.read_text(encoding="utf-8") for path in (ROOT / "articles").glob("*.rst")
    }
    assert set(sources) == set(ARTICLES)
    assert MARKUP in sources["markup"] and ONE_OFF in sources["markup"]
    assert sources["controls"].count(CONTROLS) == 11  # on 10 lines
    assert RTL in sources["rtl"]
    assert LONG in sources["long"]
    assert REGISTRY_NAME in (ROOT / "conf.py").read_text(encoding="utf-8").replace('\\"', '"')


@hostile
def test_control_characters_are_removed_with_a_warning_per_line(app: SphinxTestApp) -> None:
    app.build()
    removed = (
        "removed control character(s) U+0000, U+0001, U+0008, U+001B, U+007F, U+0085, "
        "U+009B, U+2028, U+FFFE"
    )
    lines = [2, 3, 4, 6, 8, 12, 15, 16, 19, 21]  # every line that had them, and only those
    assert_messages(app, "articles/controls", [(line, "WARNING", removed) for line in lines])
    for document in ("markup", "rtl", "long"):
        assert_messages(app, f"articles/{document}", [])


@hostile
def test_every_page_parses_and_carries_nothing_injected(app: SphinxTestApp) -> None:
    app.build()
    pages = output_files(app, ".html")
    assert len(pages) > len(ARTICLES)
    for path in pages:
        source = path.read_text(encoding="utf-8")
        assert not CONTROL_CHARACTERS.search(source), path
        assert_nothing_injected(html.document_fromstring(source), path)


@hostile
def test_article_pages_show_the_words_as_written(app: SphinxTestApp) -> None:
    app.build()
    for document, fields in ARTICLES.items():
        body = main(app, f"articles/{document}")
        where = document
        (h1,) = body.xpath("//h1")
        assert untypeset(heading(h1)) == fields["headline"], where
        assert [shown(p) for p in body.find_class("nd-dek")] == [" ".join(fields["dek"].split())]
        assert shown(body.find_class("nd-kicker-text")[0]) == fields["kicker"], where
        assert shown(body.find_class("nd-dateline")[0]) == fields["dateline"], where
        tags = [shown(item) for item in body.xpath("//footer[@class='nd-tags']//li")]
        assert tags == fields["tags"], where
        name, role = fields["one_off"]
        byline = shown(body.find_class("nd-byline")[0]) if body.find_class("nd-byline") else ""
        assert name in byline and role in byline, where
        assert REGISTRY_NAME in byline, where
        (image,) = body.xpath("//figure//img")
        assert image.get("alt") == fields["alt"], where
        caption = shown(body.xpath("//figure//figcaption")[0])
        assert " ".join(fields["caption"].split()) in caption, where
        assert fields["credit"] in caption, where


@hostile
def test_json_ld_round_trips_every_value(app: SphinxTestApp) -> None:
    app.build()
    for document, fields in ARTICLES.items():
        data = json_ld(page(app, f"articles/{document}"))
        name, role = fields["one_off"]
        assert data["headline"] == fields["headline"], document
        assert data["description"] == fields["dek"], document
        assert data["dateline"] == fields["dateline"], document
        assert data["keywords"] == fields["tags"], document
        assert [(a["name"], a["jobTitle"]) for a in data["author"]] == [
            (REGISTRY_NAME, 'Editor </script> & "chief"'),
            (name, role),
        ], document
        assert data["articleSection"] == 'World </script> & "Co"'
        assert data["publisher"]["name"] == 'Hostile & <Sons> "Ltd"'


@hostile
def test_opengraph_and_twitter_attributes_round_trip(app: SphinxTestApp) -> None:
    app.build()
    for document, fields in ARTICLES.items():
        document_page = page(app, f"articles/{document}")
        tags = social(document_page)
        assert tags["og:title"] == tags["twitter:title"] == [fields["headline"]], document
        assert tags["og:description"] == [fields["dek"]], document
        assert tags["description"] == [fields["dek"]], document
        assert tags["og:image:alt"] == [fields["alt"]], document
        assert tags["article:tag"] == fields["tags"], document
        assert tags["article:section"] == ['World </script> & "Co"']
        assert fields["headline"] in untypeset(document_page.findtext(".//title")), document


@hostile
def test_atom_feeds_parse_and_carry_the_headlines_as_text(app: SphinxTestApp) -> None:
    app.build()
    feeds = output_files(app, ".xml")
    feeds = [path for path in feeds if path.parent.name == "feeds"]
    assert [path.name for path in feeds] == ["atom.xml", "world.xml"]
    for path in feeds:
        tree = etree.fromstring(path.read_bytes())  # well-formed XML, or this raises
        assert not tree.xpath("//*[local-name()='script' or local-name()='b']")
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert {entry.title for entry in parsed.entries} == HEADLINES
        for entry in parsed.entries:
            assert entry.title_detail.type == "text/plain"
            document = next(d for d, f in ARTICLES.items() if f["headline"] == entry.title)
            assert entry.summary == ARTICLES[document]["dek"]
            names = [author.name for author in entry.authors]
            assert names == [REGISTRY_NAME, ARTICLES[document]["one_off"][0]]
            terms = [tag.term for tag in entry.tags]
            assert terms[1:] == ARTICLES[document]["tags"]


@hostile
def test_sitemaps_parse_and_carry_the_headlines_as_text(app: SphinxTestApp) -> None:
    app.build()
    outdir = Path(app.outdir)
    sitemap = etree.fromstring((outdir / "sitemap.xml").read_bytes())
    locations = sitemap.xpath("//*[local-name()='loc']/text()")
    assert {f"{SITE}articles/{document}.html" for document in ARTICLES} <= set(locations)
    news = etree.fromstring((outdir / "news-sitemap.xml").read_bytes())
    assert set(news.xpath("//*[local-name()='title']/text()")) == HEADLINES
    assert set(news.xpath("//*[local-name()='name']/text()")) == {"The Hostile Herald"}
    for name in ("sitemap.xml", "news-sitemap.xml", "robots.txt"):
        assert not CONTROL_CHARACTERS.search((outdir / name).read_text(encoding="utf-8"))


epub = shared_build("hostile", "hostile-epub", buildername="newsepub")


@epub
def test_the_epub_edition_parses_and_carries_nothing_injected(app: SphinxTestApp) -> None:
    app.build()
    (book,) = Path(app.outdir).glob("*.epub")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    headlines: set[str] = set()
    with zipfile.ZipFile(book) as edition:
        members = [name for name in edition.namelist() if name.endswith((".xhtml", ".opf", ".ncx"))]
        assert {f"articles/{document}.xhtml" for document in ARTICLES} <= set(members)
        for name in members:
            data = edition.read(name)
            assert not CONTROL_CHARACTERS.search(data.decode("utf-8")), name
            tree = etree.fromstring(data, parser)  # well-formed XML, or this raises
            assert not tree.xpath("//*[local-name()='script' or local-name()='b']"), name
            assert not tree.xpath("//comment()[contains(., ' x ')]"), name
            if name.startswith("articles/"):
                (h1,) = tree.xpath("//*[local-name()='h1']")
                headlines.add(untypeset(" ".join("".join(h1.itertext()).split())))
        package = etree.fromstring(edition.read("content.opf"), parser)
    assert headlines == HEADLINES
    creators = package.xpath("//*[local-name()='creator']/text()")
    assert REGISTRY_NAME in creators
    assert ONE_OFF in creators
