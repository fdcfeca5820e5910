"""Untrusted article sources: what reads the build machine or scripts the reader is refused
with a located error and left out of the page; ``newsdocs_trusted_content`` opts back in.

roots/test-untrusted has one article per attempt; the symlinks pointing out of the site are
made here (a test root cannot carry them: it is copied with symlinks followed).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import html
from sphinx.testing.util import SphinxTestApp
from typer.testing import CliRunner

from newsdocs.cli import app as cli
from newsdocs.untrusted import IMAGE_SCHEMES, url_scheme
from tests.build_output import assert_messages, main, messages, page, shared_build, text

untrusted = shared_build("untrusted", "untrusted")
trusted = shared_build("trusted", "trusted")

SECRET = "TOPSECRET-4f1d2a"
ROOTS = Path(__file__).parent / "roots"
OUTSIDE = "../../../../../../../../../../etc"  # from articles/: the build machine's /etc


def build(app: SphinxTestApp) -> None:
    """Build the untrusted site, with images/evil.png a symlink to a file outside it."""
    srcdir = Path(app.srcdir)
    secret = srcdir.parent / "untrusted-secret.txt"
    secret.write_text(f"{SECRET}\n", encoding="utf-8")
    link = srcdir / "images" / "evil.png"
    if not link.is_symlink():
        link.symlink_to(secret)
    app.build()


# (document, [(line, words of the message)]): each article tries one thing (links.rst, one
# kind of URL per paragraph); each attempt is one located ERROR and nothing else.
REFUSALS = [
    ("raw", [(10, "raw: refused in untrusted content: raw markup could put any script")]),
    ("raw-file", [(10, "raw: refused in untrusted content")]),
    ("raw-role", [(13, "html: refused in untrusted content: a raw role could put any")]),
    ("include", [(10, "include: refused in untrusted content: an article cannot read other")]),
    ("include-inside", [(10, "include: refused in untrusted content")]),
    ("literalinclude", [(10, "literalinclude: refused in untrusted content: an article cannot")]),
    ("csv-file", [(10, "csv-table: refused in untrusted content: :file: would read data")]),
    ("csv-url", [(10, "csv-table: refused in untrusted content: :url: would read data")]),
    ("meta-refresh", [(10, "meta: http-equiv 'refresh' refused in untrusted content")]),
    (
        "links",
        [
            (10, "link to a javascript: URL refused: 'javascript:alert(1)'"),
            (12, "link to a javascript: URL refused: 'JaVaScRiPt:alert(2)'"),
            (14, "link to a javascript: URL refused: 'javascript:alert(3)'"),  # split over lines
            (17, "link to a javascript: URL refused: 'javascript&colon;alert(4)'"),
            (19, "link to a data: URL refused: 'data:text/html;base64,"),
            (21, "link to a vbscript: URL refused: 'vbscript:msgbox(6)'"),
        ],
    ),
    ("image-target", [(10, "link to a javascript: URL refused: 'javascript:alert(7)'")]),
    ("image-data", [(10, "image with a data: URL refused: 'data:image/svg+xml;base64,")]),
    ("image-file-url", [(10, "image with a file: URL refused: 'file:///etc/passwd'")]),
    ("image-parent", [(10, f"image '{OUTSIDE}/passwd' refused: it leads outside the site's")]),
    (
        "image-absolute",
        [(10, "image '/etc/passwd' refused: no such file in the site (a path starting with /")],
    ),
    ("image-symlink", [(10, "image '../images/evil.png' refused: it leads outside the site's")]),
    ("image-glob", [(10, "image '../images/evil.*' refused: it leads outside the site's")]),
    ("image-substitution", [(12, f"image '{OUTSIDE}/passwd' refused: it leads outside")]),
    ("figure-parent", [(10, f"image '{OUTSIDE}/hostname' refused: it leads outside")]),
    ("photo-parent", [(10, f"photo: '{OUTSIDE}/passwd' refused: it leads outside the site's")]),
    ("photo-symlink", [(10, "photo: '../images/evil.png' refused: it leads outside the site's")]),
    ("download", [(10, f"download '{OUTSIDE}/passwd' refused: it leads outside the site's")]),
    ("download-symlink", [(10, "download '../images/evil.png' refused: it leads outside")]),
]


@untrusted
@pytest.mark.parametrize(("document", "expected"), REFUSALS, ids=[row[0] for row in REFUSALS])
def test_each_attempt_is_one_located_error(
    app: SphinxTestApp, document: str, expected: list[tuple[int, str]]
) -> None:
    build(app)
    assert_messages(
        app, f"articles/{document}", [(line, "ERROR", words) for line, words in expected]
    )


@untrusted
@pytest.mark.parametrize("document", ["fine", "csv-inline"])
def test_what_stays_inside_the_site_builds_without_a_message(
    app: SphinxTestApp, document: str
) -> None:
    build(app)
    assert_messages(app, f"articles/{document}", [])


@untrusted
def test_a_name_too_long_for_the_file_system_is_not_found_not_a_crash(
    app: SphinxTestApp,
) -> None:
    build(app)
    missing = f"photo: image file not found: articles/{'a' * 300}.png"
    assert_messages(app, "articles/photo-long-name", [(10, "ERROR", missing)])


@pytest.mark.sphinx("newshtml", testroot="untrusted", srcdir="untrusted-relinked")
def test_a_symlink_made_since_the_last_build_in_this_process_is_refused(
    app: SphinxTestApp, make_app: Callable[..., SphinxTestApp]
) -> None:
    srcdir = Path(app.srcdir)
    image, article = srcdir / "images" / "evil.png", srcdir / "articles" / "photo-symlink.rst"
    shutil.copyfile(srcdir / "images" / "ok.png", image)
    app.build()
    assert_messages(app, "articles/photo-symlink", [])

    secret = srcdir.parent / "untrusted-secret.txt"
    secret.write_text(f"{SECRET}\n", encoding="utf-8")
    image.unlink()
    image.symlink_to(secret)
    later = article.stat().st_mtime + 10
    os.utime(article, (later, later))
    again = make_app("newshtml", srcdir=srcdir, builddir=Path(app.outdir).parent)
    again.build()
    refused = "photo: '../images/evil.png' refused: it leads outside the site's"
    assert_messages(again, "articles/photo-symlink", [(10, "ERROR", refused)])


@untrusted
def test_every_message_is_about_an_attempt(app: SphinxTestApp) -> None:
    build(app)
    refused = {f"articles/{document}.rst" for document, _ in REFUSALS}
    assert {message.path for message in messages(app)} == refused | {"articles/photo-long-name.rst"}


@untrusted
def test_the_allowed_forms_are_published(app: SphinxTestApp) -> None:
    build(app)
    fine = main(app, "articles/fine")
    assert fine.xpath("//figure//img/@src") == ["../_images/ok.png"]
    assert fine.xpath("//img/@alt") == ["Two shapes", "Two shapes again"]
    links = fine.xpath("//a[contains(@class, 'download') or contains(@class, 'external')]/@href")
    assert links[0].endswith("/rows.csv") and links[0].startswith("../_downloads/")
    assert links[1:] == ["https://example.org/", "mailto:desk%40example.org"]
    table = main(app, "articles/csv-inline")
    assert [text(cell) for cell in table.xpath("//table//td")] == ["2024", "1200"]
    links_page = main(app, "articles/links")
    assert links_page.xpath("//a[contains(@class, 'external')]/@href") == [
        "https://example.org/?q=javascript:"
    ]
    # A refused link keeps its words.
    assert "A plain link in a sentence." in text(links_page)


def output_files(app: SphinxTestApp) -> list[Path]:
    """Every file a reader could fetch (Sphinx's copy of the reST sources aside)."""
    outdir = Path(app.outdir)
    return [
        path
        for path in outdir.rglob("*")
        if path.is_file() and "_sources" not in path.relative_to(outdir).parts
    ]


@untrusted
def test_nothing_outside_the_site_reaches_the_output(app: SphinxTestApp) -> None:
    build(app)
    files = output_files(app)
    assert len(files) > 20
    passwd = Path("/etc/passwd").read_bytes()[:40]
    for path in files:
        data = path.read_bytes()
        assert SECRET.encode() not in data, path
        assert passwd not in data, path
    outdir = Path(app.outdir)
    assert [p.name for p in (outdir / "_images").iterdir()] == ["ok.png"]
    assert [p.name for p in (outdir / "_downloads").rglob("*") if p.is_file()] == ["rows.csv"]


@untrusted
def test_no_page_carries_a_script_url_raw_markup_or_a_refresh(app: SphinxTestApp) -> None:
    build(app)
    pages = [path for path in output_files(app) if path.suffix == ".html"]
    assert len(pages) > len(REFUSALS) + 2  # the articles, and more
    for path in pages:
        document = html.document_fromstring(path.read_text(encoding="utf-8"))
        for value in document.xpath("//@href | //@src | //@action | //@formaction"):
            assert url_scheme(value) not in IMAGE_SCHEMES, (path, value)
        assert not document.xpath("//script[not(@src) and not(@type='application/ld+json')]")
        assert not document.xpath("//meta[@http-equiv]"), path
        # The words may be shown (escaped, as text); never as markup or in an attribute.
        assert not document.xpath("//@*[contains(., 'alert(')] | //script[contains(., 'alert(')]")


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("javascript:alert(1)", "javascript"),
        ("JaVaScRiPt:alert(1)", "javascript"),
        (" javascript:alert(1)", "javascript"),
        ("java\tscript:alert(1)", "javascript"),
        ("java\nscript:alert(1)", "javascript"),
        ("\x01javascript:alert(1)", "javascript"),
        ("\u200bjavascript:alert(1)", "javascript"),
        ("javascript&colon;alert(1)", "javascript"),
        ("&#106;avascript:alert(1)", "javascript"),
        ("javascript%3Aalert(1)", "javascript"),
        ("VBScript:msgbox(1)", "vbscript"),
        ("data:text/html,<script>alert(1)</script>", "data"),
        ("https://example.org/?next=javascript:alert(1)", "https"),
        ("mailto:desk@example.org", "mailto"),
        ("../images/ok.png", ""),
        ("#javascript:alert(1)", ""),
        ("", ""),
    ],
)
def test_url_scheme_sees_what_a_browser_sees(url: str, scheme: str) -> None:
    assert url_scheme(url) == scheme


@trusted
def test_a_trusted_site_may_use_raw_markup_and_read_its_files(app: SphinxTestApp) -> None:
    app.build()
    article = main(app, "articles/house")
    assert [text(p) for p in article.find_class("house-widget")] == ["The newsroom's own widget."]
    assert "Included from the site\N{RIGHT SINGLE QUOTATION MARK}s own snippets folder." in text(
        article
    )
    (literal,) = article.xpath("//pre")
    assert '"2024","1200"' in literal.text_content()
    assert [text(cell) for cell in article.xpath("//table//td")] == ["2024", "1200"]
    assert page(app, "articles/house").xpath("//meta[@http-equiv='refresh']/@content") == ["600"]


@trusted
def test_a_trusted_site_still_refuses_script_urls(app: SphinxTestApp) -> None:
    app.build()
    assert_messages(
        app,
        "articles/house",
        [(25, "ERROR", "link to a javascript: URL refused: 'javascript:alert(1)'")],
    )
    assert not main(app, "articles/house").xpath("//a[starts-with(@href, 'javascript')]")


def test_newsdocs_build_refuses_to_publish_a_refused_article(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(ROOTS / "test-cli-site", site)
    runner = CliRunner()
    assert runner.invoke(cli, ["build", str(site), "-q"]).exit_code == 0
    out = site / "_build" / "html"
    before = (out / "articles" / "bakery.html").read_bytes()
    article = site / "articles" / "bakery.rst"
    article.write_text(
        article.read_text(encoding="utf-8") + "\n.. raw:: html\n\n   <script>alert(1)</script>\n",
        encoding="utf-8",
    )
    lines = article.read_text(encoding="utf-8").splitlines()
    raw_line = lines.index(".. raw:: html") + 1

    result = runner.invoke(cli, ["build", str(site), "-q"])

    assert result.exit_code == 1
    assert f"articles/bakery.rst:{raw_line}: ERROR: raw: refused in untrusted content" in (
        result.stderr
    )
    assert (out / "articles" / "bakery.html").read_bytes() == before
