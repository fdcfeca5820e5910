"""The EPUB edition: real ``newsepub`` builds, opened as the zip files they are.

The test root (roots/test-edition) has two sections with stories, a section and a draft
without, an article dated in the future, an interview, a pull quote, a BMP photo, a
correction and links inside and outside the edition. EPUBCheck runs on that book and on the
example site's edition.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import uuid
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from lxml import etree
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp
from typer.testing import CliRunner

from newsdocs.cli import app as cli
from newsdocs.dates import DateError
from newsdocs.epub.builder import EditionBuildError
from newsdocs.epub.edition import EditionError, Selection, parse_bound
from newsdocs.epub.images import file_media_type
from newsdocs.publish import edition_workdir

from .build_output import Message, messages, shared_build
from .validators import epubcheck_messages

ROOT = Path(__file__).parent.parent
ROOTS = Path(__file__).parent / "roots"
BOOK = "the-meridian-2025-06-01.epub"
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
runner = CliRunner()

edition = shared_build("edition", "edition-main", "newsepub")


class Book:
    """An EPUB read the way a reading system reads it: container.xml, then the package."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = zipfile.ZipFile(path)
        container = self.xml("META-INF/container.xml")
        (self.opf_name,) = container.xpath(
            "//c:rootfile/@full-path",
            namespaces={"c": "urn:oasis:names:tc:opendocument:xmlns:container"},
        )
        self.opf = self.xml(self.opf_name)

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    def metadata(self, tag: str) -> list[str]:
        return [str(text) for text in self.opf.xpath(f"//opf:metadata/{tag}/text()", namespaces=NS)]

    def meta(self, prop: str) -> list[str]:
        return [
            str(text)
            for text in self.opf.xpath(f"//opf:meta[@property='{prop}']/text()", namespaces=NS)
        ]

    def manifest(self) -> dict[str, tuple[str, str]]:
        """id -> (href, media type)."""
        return {
            item.get("id"): (item.get("href"), item.get("media-type"))
            for item in self.opf.xpath("//opf:manifest/opf:item", namespaces=NS)
        }

    def spine(self) -> list[str]:
        items = self.manifest()
        return [
            items[idref][0]
            for idref in self.opf.xpath("//opf:spine/opf:itemref/@idref", namespaces=NS)
        ]

    def page(self, name: str) -> etree._Element:
        return self.xml(name)


def book(app: SphinxTestApp) -> Book:
    return Book(Path(app.outdir) / BOOK)


def text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


# ---- the package document -----------------------------------------------------------------


@edition
def test_package_metadata_names_the_edition(app: SphinxTestApp) -> None:
    app.build()
    epub = book(app)
    assert epub.opf.get("version") == "3.0"
    assert epub.metadata("dc:title") == ["The Meridian \N{EM DASH} 1 June 2025"]
    assert epub.metadata("dc:language") == ["en"]
    assert epub.metadata("dc:date") == ["2025-06-01"]
    assert epub.metadata("dc:publisher") == ["Meridian Media Ltd"]
    assert epub.metadata("dc:rights") == ["2025, Meridian Media Ltd"]
    # The identifier the package points at, derived from the site and the edition date.
    (unique,) = epub.opf.xpath(
        "//dc:identifier[@id=$id]/text()", id=epub.opf.get("unique-identifier"), namespaces=NS
    )
    expected = uuid.uuid5(uuid.NAMESPACE_URL, "https://meridian.example/#edition=2025-06-01")
    assert unique == expected.urn
    # dcterms:modified is the build's "now" (newsdocs_now), in UTC, as EPUB requires.
    assert epub.meta("dcterms:modified") == ["2025-06-01T12:00:00Z"]


@edition
def test_every_author_is_a_creator_with_the_author_role(app: SphinxTestApp) -> None:
    app.build()
    opf = book(app).opf

    def people(tag: str) -> list[tuple[str, str, str]]:
        found = []
        for person in opf.xpath(f"//opf:metadata/{tag}", namespaces=NS):
            (role,) = opf.xpath(
                "//opf:meta[@refines=$ref][@property='role']", ref=f"#{person.get('id')}",
                namespaces=NS,
            )  # fmt: skip
            found.append((person.text, role.text, role.get("scheme")))
        return found

    # In reading order (Business first), each once; drafts' and future articles' authors not.
    assert people("dc:creator") == [
        ("Jo Park", "aut", "marc:relators"),
        ("Li Wei", "aut", "marc:relators"),
        ("Emily Carter", "aut", "marc:relators"),
    ]
    assert people("dc:contributor") == [
        ("Ana Lima", "ctb", "marc:relators"),
        ("Sam Lee", "pht", "marc:relators"),
    ]


@edition
def test_mimetype_comes_first_uncompressed(app: SphinxTestApp) -> None:
    app.build()
    with zipfile.ZipFile(Path(app.outdir) / BOOK) as epub:
        first = epub.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert first.extra == b""
        assert epub.read("mimetype") == b"application/epub+zip"
        assert epub.testzip() is None
    assert not list(Path(app.outdir).glob("*.partial"))


@edition
def test_the_book_holds_only_what_the_manifest_lists(app: SphinxTestApp) -> None:
    app.build()
    epub = book(app)
    listed = {href for href, _ in epub.manifest().values()}
    packed = set(epub.zip.namelist()) - {"mimetype", "META-INF/container.xml", epub.opf_name}
    assert packed == listed
    # Nothing of the HTML site: no scripts, no search, no other stylesheets.
    assert not [name for name in packed if name.endswith((".js", ".html"))]
    assert [name for name in packed if name.endswith(".css")] == ["_static/newsepub.css"]


@edition
def test_nothing_is_loaded_from_outside_the_book(app: SphinxTestApp) -> None:
    app.build()
    epub = book(app)
    listed = {href for href, _ in epub.manifest().values()}
    for name in listed:
        if not name.endswith(".xhtml"):
            continue
        page = epub.page(name)
        assert page.xpath("//x:script | //x:iframe | //x:object", namespaces=NS) == [], name
        for uri in page.xpath("//@src | //x:link/@href", namespaces=NS):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(name), uri))
            assert resolved in listed, (name, uri)
    css = epub.zip.read("_static/newsepub.css").decode()
    assert "url(" not in css and "@import" not in css


def test_the_same_edition_built_twice_is_the_same_book(
    make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path
) -> None:
    books = []
    for run, parallel in (("serial", 0), ("parallel", 2)):
        srcdir = tmp_path / run
        shutil.copytree(rootdir / "test-edition", srcdir)
        app = make_app("newsepub", srcdir=srcdir, parallel=parallel)
        app.build()
        books.append((Path(app.outdir) / BOOK).read_bytes())
    assert books[0] == books[1]


# ---- the reading order and the contents ---------------------------------------------------


@edition
def test_spine_is_title_contents_then_sections_in_site_order_newest_first(
    app: SphinxTestApp,
) -> None:
    app.build()
    assert book(app).spine() == [
        "title-page.xhtml",
        "nav.xhtml",
        "sections/business.xhtml",
        "business/markets.xhtml",  # 10 May
        "business/old-report.xhtml",  # 15 January
        "sections/world.xhtml",
        "world/interview.xhtml",  # 25 May
        "world/summit.xhtml",  # 20 May
    ]


@edition
def test_nav_is_grouped_by_section(app: SphinxTestApp) -> None:
    app.build()
    epub = book(app)
    nav = epub.page("nav.xhtml")
    (toc,) = nav.xpath("//x:nav[@epub:type='toc']", namespaces=NS)
    grouped = [
        (
            text(section.xpath("x:a", namespaces=NS)[0]),
            [text(a) for a in section.xpath("x:ol/x:li/x:a", namespaces=NS)],
        )
        for section in toc.xpath("x:ol/x:li", namespaces=NS)
    ]
    assert grouped == [
        ("Business", ["Stocks slip as tariffs loom", "Harbour traffic fell last year"]),
        (
            "World",
            ["An expert on the partnership", "Summit ends with a \u201cnew era\u201d pledge"],
        ),
    ]
    hrefs = toc.xpath(".//x:a/@href", namespaces=NS)
    assert [href for href in epub.spine() if href != "nav.xhtml"][1:] == hrefs
    landmarks = nav.xpath("//x:nav[@epub:type='landmarks']//x:a/@epub:type", namespaces=NS)
    assert landmarks == ["cover", "toc", "bodymatter"]
    # The NCX, for EPUB 2 reading systems, says the same with the same identifier.
    ncx = epub.xml("toc.ncx")
    labels = [
        str(t) for t in ncx.xpath("//ncx:navPoint/ncx:navLabel/ncx:text/text()", namespaces=NS)
    ]
    assert labels[0] == "Business" and "Harbour traffic fell last year" in labels
    (uid,) = ncx.xpath("//ncx:meta[@name='dtb:uid']/@content", namespaces=NS)
    assert uid == epub.metadata("dc:identifier")[0]


@edition
def test_title_page_and_section_pages(app: SphinxTestApp) -> None:
    app.build()
    epub = book(app)
    title = epub.page("title-page.xhtml")
    assert text(title.xpath("//x:h1", namespaces=NS)[0]) == "The Meridian"
    assert title.xpath("//x:time/@datetime", namespaces=NS) == ["2025-06-01"]
    assert title.xpath("//x:img", namespaces=NS) == []  # typeset, no placeholder art
    section = epub.page("sections/world.xhtml")
    assert text(section.xpath("//x:h1", namespaces=NS)[0]) == "World"
    stories = [
        (a.get("href"), text(a))
        for a in section.xpath("//x:p[@class='nd-edition-headline']/x:a", namespaces=NS)
    ]
    assert stories == [
        ("../world/interview.xhtml", "An expert on the partnership"),
        ("../world/summit.xhtml", "Summit ends with a \u201cnew era\u201d pledge"),
    ]
    metas = [text(p) for p in section.xpath("//x:p[@class='nd-edition-meta']", namespaces=NS)]
    assert metas == ["By Emily Carter \u00b7 25 May 2025", "By Emily Carter \u00b7 20 May 2025"]


@pytest.mark.sphinx(
    "newsepub",
    testroot="edition",
    srcdir="edition-drafts",
    confoverrides={"newsdocs_drafts": True, "newsdocs_edition_date": "2025-07-04"},
)
def test_drafts_and_future_articles_never_go_in(app: SphinxTestApp) -> None:
    app.build()
    epub = Book(Path(app.outdir) / "the-meridian-2025-07-04.epub")
    names = epub.zip.namelist()
    assert "world/summit.xhtml" in names
    assert "opinion/draft.xhtml" not in names
    assert "world/future.xhtml" not in names
    assert "about.xhtml" not in names and "index.xhtml" not in names
    assert epub.metadata("dc:title") == ["The Meridian \N{EM DASH} 4 July 2025"]


# ---- the articles keep their structure ----------------------------------------------------


@edition
def test_article_keeps_byline_dateline_dates_and_correction(app: SphinxTestApp) -> None:
    app.build()
    page = book(app).page("world/summit.xhtml")
    (main,) = page.xpath("//x:main", namespaces=NS)
    assert main.get("data-newsdocs-source") == "world/summit.rst"
    byline = text(page.xpath("//x:div[contains(@class, 'nd-byline')]", namespaces=NS)[0])
    assert byline.startswith("By Emily Carter, Senior Editor")
    assert "Photographs by Sam Lee" in byline
    assert "BEIJING \u00b7 Published 20 May 2025, 07:00 UTC+08:00" in byline
    assert page.xpath("//x:time/@datetime", namespaces=NS)[:2] == [
        "2025-05-20T07:00:00+08:00",
        "2025-05-21T18:00:00+08:00",
    ]
    (notice,) = page.xpath("//x:aside[@role='note']", namespaces=NS)
    assert "An earlier version gave the wrong date" in text(notice)


@edition
def test_interview_keeps_its_speakers_and_turns(app: SphinxTestApp) -> None:
    app.build()
    page = book(app).page("world/interview.xhtml")
    (interview,) = page.xpath("//x:section[contains(@class, 'nd-interview')]", namespaces=NS)
    assert interview.get("aria-label") == "Interview"
    turns = [
        (text(dt), text(dt.getnext()))
        for dt in interview.xpath(".//x:dl[contains(@class, 'nd-turns')]/x:dt", namespaces=NS)
    ]
    assert turns == [
        ("Emily Carter", "What do you make of the summit?"),
        (
            "Dr. Alexei Plotnikov",
            "Cooperation between these two powers is not entirely new. "
            "The recent messaging suggests a more robust partnership.",
        ),
    ]


@edition
def test_pull_quote_survives_and_is_set_apart(app: SphinxTestApp) -> None:
    app.build()
    epub = book(app)
    page = epub.page("world/summit.xhtml")
    (quote,) = page.xpath("//x:aside[contains(@class, 'nd-pullquote')]", namespaces=NS)
    assert quote.get("aria-hidden") == "true"
    assert text(quote) == "Mutual trust and strategic cooperation \u2014Xi Jinping"
    css = epub.zip.read("_static/newsepub.css").decode()
    assert re.search(r"aside\.nd-pullquote\s*\{\s*display:\s*none;\s*\}", css)


@edition
def test_photo_is_embedded_with_caption_and_credit_bmp_converted_to_png(
    app: SphinxTestApp,
) -> None:
    app.build()
    epub = book(app)
    page = epub.page("world/summit.xhtml")
    (figure,) = page.xpath("//x:figure[contains(@class, 'nd-photo')]", namespaces=NS)
    (img,) = figure.xpath("x:img", namespaces=NS)
    assert img.get("alt") == "Two delegations on the steps of the Great Hall"
    assert img.get("src") == "../_images/harbour.bmp.png"
    caption = text(figure.xpath("x:figcaption", namespaces=NS)[0])
    assert caption == "The delegations met for two days. Photo: Sam Lee / The Meridian"
    assert ("_images/harbour.bmp.png", "image/png") in epub.manifest().values()
    assert epub.zip.read("_images/harbour.bmp.png").startswith(b"\x89PNG\r\n\x1a\n")
    assert not [name for name in epub.zip.namelist() if name.endswith(".bmp")]


@edition
def test_links_stay_in_the_book_or_go_to_the_site(app: SphinxTestApp) -> None:
    app.build()
    page = book(app).page("world/summit.xhtml")
    links = {text(a): a.get("href") for a in page.xpath("//x:p/x:a", namespaces=NS)}
    assert links["interview with Dr. Plotnikov"] == "interview.xhtml"
    assert links["harbour figures"] == "../business/old-report.xhtml"
    assert links["who we are"] == "https://meridian.example/about.html"
    # No "[https://...]" after links: that suits manuals, not news.
    assert "link-target" not in etree.tostring(page).decode()


@pytest.mark.sphinx(
    "newsepub",
    testroot="edition",
    srcdir="edition-since",
    confoverrides={"newsdocs_edition_since": "2025-05-01"},
)
def test_a_link_to_an_article_left_out_goes_to_the_site(app: SphinxTestApp) -> None:
    app.build()
    epub = Book(Path(app.outdir) / BOOK)
    page = epub.page("world/summit.xhtml")
    (link,) = page.xpath("//x:a[normalize-space()='harbour figures']", namespaces=NS)
    assert link.get("href") == "https://meridian.example/business/old-report.html"
    assert "business/old-report.xhtml" not in epub.zip.namelist()


# ---- choosing the articles ----------------------------------------------------------------

SELECTIONS = [
    # (since, until, the articles in the edition)
    (None, None, {"business/markets", "business/old-report", "world/interview", "world/summit"}),
    ("2025-05-20", None, {"world/interview", "world/summit"}),
    (None, "2025-05-20", {"business/markets", "business/old-report", "world/summit"}),
    ("2025-05-10", "2025-05-10", {"business/markets"}),
    # A date is the date printed on the article: 07:00 on 20 May in Beijing is 23:00 UTC on
    # 19 May...
    ("2025-05-20", "2025-05-20", {"world/summit"}),
    # ...while a timestamp is an instant.
    ("2025-05-20T00:00:00+00:00", "2025-05-24T23:59:59+00:00", set()),
    ("2025-05-19T00:00:00+00:00", "2025-05-25T15:00:00+00:00", {"world/summit", "world/interview"}),
]


@pytest.mark.parametrize(("since", "until", "expected"), SELECTIONS)
def test_since_and_until_choose_the_articles(
    make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path,
    since: str | None, until: str | None, expected: set[str],
) -> None:  # fmt: skip
    overrides = {"newsdocs_edition_since": since, "newsdocs_edition_until": until}
    srcdir = tmp_path / "edition"
    shutil.copytree(rootdir / "test-edition", srcdir)
    app = make_app("newsepub", srcdir=srcdir, confoverrides=overrides)
    if not expected:
        with pytest.raises(EditionBuildError, match="the edition would be empty"):
            app.build()
        assert not list(Path(app.outdir).glob("*.epub"))
        return
    app.build()
    articles = {
        href.removesuffix(".xhtml")
        for href in Book(Path(app.outdir) / BOOK).spine()
        if not href.startswith(("sections/", "title-page", "nav"))
    }
    assert articles == expected


BOUNDS = [
    ("2025-05-20", date(2025, 5, 20)),
    ("2025-05-20T09:00:00+08:00", datetime.fromisoformat("2025-05-20T09:00:00+08:00")),
    ("2025-05-20T01:00:00Z", datetime.fromisoformat("2025-05-20T01:00:00+00:00")),
    ("2025-13-01", "not a real date"),
    ("20 May", "is not a date (YYYY-MM-DD) or a timestamp"),
    ("2025-05-20T09:00", "has no time zone"),
]


@pytest.mark.parametrize(("text", "expected"), BOUNDS)
def test_bounds_are_dates_or_timestamps(text: str, expected: date | str) -> None:
    if isinstance(expected, str):
        with pytest.raises(DateError, match=re.escape(expected)):
            parse_bound(text)
    else:
        assert parse_bound(text) == expected


def test_an_edition_cannot_end_before_it_starts() -> None:
    with pytest.raises(EditionError, match=r"starts .* after it ends"):
        Selection(date(2025, 6, 1), date(2025, 5, 1))
    Selection(date(2025, 6, 1), datetime.fromisoformat("2025-06-01T08:00:00+00:00"))


@pytest.mark.sphinx(
    "newsepub",
    testroot="edition",
    srcdir="edition-empty",
    confoverrides={"newsdocs_edition_since": "2030-01-01"},
)
def test_an_empty_edition_is_an_error_and_writes_no_book(app: SphinxTestApp) -> None:
    with pytest.raises(EditionBuildError) as raised:
        app.build()
    assert str(raised.value) == (
        "the edition would be empty: no public article was published since 1 January 2030 "
        "(the site's public articles run from 15 January 2025 to 25 May 2025; drafts and "
        "articles dated in the future are never included)"
    )
    assert not list(Path(app.outdir).glob("*.epub*"))


BAD_CONFIG = [
    ({"html_baseurl": ""}, "the EPUB edition needs html_baseurl"),
    ({"html_baseurl": "/news/"}, "the EPUB edition needs html_baseurl"),
    ({"newsdocs_edition_since": "last week"}, "newsdocs_edition_since: 'last week' is not"),
    ({"newsdocs_edition_date": "2025-06-01T00:00:00+00:00"}, "newsdocs_edition_date: "),
    (
        {"newsdocs_edition_since": "2025-06-01", "newsdocs_edition_until": "2025-05-01"},
        "after it ends",
    ),
]


@pytest.mark.parametrize(("overrides", "message"), BAD_CONFIG)
def test_settings_the_edition_needs_are_checked_first(
    make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path,
    overrides: dict[str, str], message: str,
) -> None:  # fmt: skip
    srcdir = tmp_path / "edition"
    shutil.copytree(rootdir / "test-edition", srcdir)
    with pytest.raises(ConfigError, match=re.escape(message)):
        make_app("newsepub", srcdir=srcdir, confoverrides=overrides)


# ---- images -------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 16
MEDIA_TYPES = [
    # (file name, first bytes, the media type declared in the book; None: converted)
    ("a.png", PNG, "image/png"),
    ("a.jpg", JPEG, "image/jpeg"),
    ("a.JPEG", JPEG, "image/jpeg"),
    ("a.gif", b"GIF89a" + b"\0" * 16, "image/gif"),
    ("a.webp", b"RIFF\0\0\0\0WEBPVP8 ", "image/webp"),
    ("a.svg", b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml"),
    ("a.png", JPEG, None),  # a JPEG saved as .png: EPUBCheck would reject it
    ("a.bmp", b"BM" + b"\0" * 16, None),
    ("a.tiff", b"II*\0" + b"\0" * 16, None),
    ("a.svg", b"not an svg", None),
]


@pytest.mark.parametrize(("name", "head", "expected"), MEDIA_TYPES)
def test_only_core_media_types_go_in_as_they_are(
    tmp_path: Path, name: str, head: bytes, expected: str | None
) -> None:
    path = tmp_path / name
    path.write_bytes(head)
    assert file_media_type(path) == expected


@pytest.mark.sphinx("newsepub", testroot="edition-badimage", srcdir="edition-badimage")
def test_an_image_that_cannot_be_converted_is_refused_at_its_line(app: SphinxTestApp) -> None:
    with pytest.raises(EditionBuildError, match="1 problem"):
        app.build()
    assert messages(app) == [
        Message(
            "articles/scan.rst",
            12,
            "ERROR",
            "images/scan.tiff is a .tiff file; e-readers show only PNG, JPEG, GIF, SVG and "
            "WebP images, and it could not be converted (Pillow does not recognise its "
            "contents): save it as PNG or JPEG [newsdocs.epub]",
        )
    ]
    assert not list(Path(app.outdir).glob("*.epub*"))


# ---- the publication check runs on the book -----------------------------------------------


@pytest.mark.sphinx(
    "newsepub",
    testroot="gate",
    srcdir="gate-edition",
    confoverrides={"html_baseurl": "https://gate.example/"},
)
def test_the_publication_check_reads_the_book_and_names_the_rest_line(
    app: SphinxTestApp,
) -> None:
    app.build()
    found = {
        (message.line, message.level, rule)
        for message in messages(app)
        if message.path == "articles/leaky.rst"
        for rule in re.findall(r"\[newsdocs\.check\.([a-z-]+)\]", message.text)
    }
    assert {(10, "ERROR", "spacing"), (12, "ERROR", "ai-boilerplate")} <= found
    warnings = app.warning.getvalue()
    assert "the-gate-times-2025-06-01.epub!/articles/leaky.xhtml" in warnings
    # The book was checked, not the XHTML it was made from as well: each finding once.
    assert warnings.count("[newsdocs.check.ai-boilerplate]") == 1


# ---- newsdocs build --format ----------------------------------------------------------------


@pytest.fixture
def cli_site(tmp_path: Path) -> Path:
    target = tmp_path / "site"
    shutil.copytree(ROOTS / "test-cli-site", target)
    return target


def build(site: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, ["build", str(site), "-q", *args])
    return result.exit_code, result.stdout, result.stderr


def test_format_epub_publishes_the_book(cli_site: Path) -> None:
    code, stdout, stderr = build(cli_site, "--format", "epub", "--strict")
    assert code == 0, stderr
    book_path = cli_site / "_build" / "epub" / "the-test-gazette-2025-06-01.epub"
    assert f"The EPUB edition is {book_path}." in stdout
    epub = Book(book_path)
    assert "articles/harbour.xhtml" in epub.spine()
    assert "articles/draft.xhtml" not in epub.zip.namelist()


def test_format_all_puts_the_edition_inside_the_site(cli_site: Path) -> None:
    out = cli_site / "out"
    code, stdout, stderr = build(cli_site, "--format", "all", "--out", str(out))
    assert code == 0, stderr
    assert (out / "articles" / "harbour.html").is_file()
    assert sorted(p.name for p in (out / "edition").iterdir()) == [
        "the-test-gazette-2025-06-01.epub"
    ]
    assert f"The EPUB edition is {out / 'edition' / 'the-test-gazette-2025-06-01.epub'}." in stdout
    # The book's working files are gone, and none of them were published.
    assert not edition_workdir(out).exists()
    assert not list(out.rglob("*.xhtml"))
    # A later edition replaces the earlier one.
    conf = cli_site / "conf.py"
    conf.write_text(conf.read_text() + '\nnewsdocs_edition_date = "2025-06-02"\n')
    code, _, stderr = build(cli_site, "--format", "all", "--out", str(out))
    assert code == 0, stderr
    assert [p.name for p in (out / "edition").iterdir()] == ["the-test-gazette-2025-06-02.epub"]


def test_an_empty_edition_fails_and_keeps_the_last_good_output(cli_site: Path) -> None:
    out = cli_site / "out"
    assert build(cli_site, "--format", "epub", "--out", str(out))[0] == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    code, _, stderr = build(
        cli_site, "--format", "epub", "--out", str(out), "--since", "2030-01-01"
    )
    assert code == 1
    assert "EPUB edition error: the edition would be empty" in stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_format_all_with_an_empty_edition_publishes_neither(cli_site: Path) -> None:
    out = cli_site / "out"
    code, _, stderr = build(cli_site, "--format", "all", "--out", str(out), "--until", "2000-01-01")
    assert code == 1
    assert "the edition would be empty" in stderr
    assert not out.exists()
    assert not edition_workdir(out).exists()


USAGE_ERRORS = [
    (["--format", "pdf"], "--format must be html, epub or all, not 'pdf'"),
    (["--format", "epub", "--since", "yesterday"], "--since: 'yesterday' is not a date"),
    (["--format", "epub", "--until", "2025-02-30"], "--until: '2025-02-30' is not a real date"),
    (["--format", "epub", "--since", "2025-06-01", "--until", "2025-05-01"], "after it ends"),
    (["--since", "2025-06-01"], "add --format epub or all"),
]


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS)
def test_bad_options_are_refused_before_building(
    cli_site: Path, args: list[str], message: str
) -> None:
    code, _, stderr = build(cli_site, *args)
    assert code == 2
    assert message in stderr
    assert not (cli_site / "_build").exists()


def test_a_site_without_html_baseurl_gets_one_clear_line(cli_site: Path) -> None:
    conf = cli_site / "conf.py"
    conf.write_text(conf.read_text().replace('html_baseurl = "https://gazette.example/"', ""))
    code, _, stderr = build(cli_site, "--format", "epub")
    assert code == 1
    assert "the EPUB edition needs html_baseurl in conf.py" in stderr
    assert "Traceback" not in stderr


# ---- EPUBCheck ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site's edition, built the way an editor builds it (checked, strict)."""
    out = tmp_path_factory.mktemp("example") / "epub"
    result = runner.invoke(
        cli, ["build", str(ROOT / "site"), "-q", "--format", "epub", "--strict", "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    (path,) = out.glob("the-meridian-*.epub")
    return path


@pytest.mark.epubcheck
def test_example_site_edition_passes_epubcheck(example_edition: Path) -> None:
    assert epubcheck_messages(example_edition) == []


def test_example_site_edition_has_every_public_article(example_edition: Path) -> None:
    epub = Book(example_edition)
    articles = [href for href in epub.spine() if href.startswith("articles/")]
    assert sorted(articles) == sorted(
        f"articles/{path.stem}.xhtml" for path in (ROOT / "site" / "articles").glob("*.rst")
    )


@pytest.mark.epubcheck
@edition
def test_test_root_edition_passes_epubcheck(app: SphinxTestApp) -> None:
    app.build()
    assert epubcheck_messages(Path(app.outdir) / BOOK) == []
