"""broken-link and broken-anchor, checked on real pages in a temp tree."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from newsdocs.check import CheckConfig, Finding, check_paths

from .conftest import CheckHtml, page, write_files

LINK_RULES = {"broken-link", "broken-anchor"}
BODY = 8  # the line page() puts the body on
HEAD = 6  # the line page() puts extra head markup on

SITE = {
    "other.html": page('<h2 id="sec">Section</h2><a name="old-anchor"></a><p id="café">x</p>'),
    "legacy.htm": page('<h2 id="sec">Section</h2>'),
    "chapter.xhtml": page('<h2 id="sec">Section</h2>'),
    "sub/index.html": page('<h2 id="inside">Inside</h2>'),
    "sub/story.html": page('<h2 id="lede">Lede</h2>'),
    "empty-dir/readme.txt": "not a page",
    "my page.html": page('<h2 id="top-story">Top</h2>'),
    "files/report.pdf": b"%PDF-1.4\n",
    "img/photo.png": b"\x89PNG\r\n\x1a\n",
    "css/site.css": "body { color: black; }",
}
# The checked page's own ids, for same-page anchors.
OWN_IDS = (
    '<h2 id="intro">Intro</h2><a name="legacy"></a><p id="a b">x</p><p id="raw%20id">y</p>'
    '<p id="Case">z</p>\n'
)


def rules_and_lines(findings: list[Finding]) -> list[tuple[str, int | None]]:
    return [(finding.rule, finding.line) for finding in findings]


def check_link(check_html: CheckHtml, link: str) -> list[Finding]:
    """Check a page with ``link`` on the line after its own ids, in the SITE tree."""
    return check_html(page(OWN_IDS + link), files=SITE, rules=LINK_RULES)


GOOD_LINKS = [
    # same page
    pytest.param('<a href="#intro">x</a>', id="same-page-id"),
    pytest.param('<a href="#legacy">x</a>', id="same-page-a-name"),
    pytest.param('<a href="#">x</a>', id="bare-hash"),
    pytest.param('<a href="">x</a>', id="empty-href"),
    pytest.param("<a>no href</a>", id="no-href"),
    pytest.param('<a href="#top">x</a>', id="top"),
    pytest.param('<a href="#TOP">x</a>', id="top-any-case"),
    pytest.param('<a href="#a%20b">x</a>', id="percent-decoded"),
    pytest.param('<a href="#raw%20id">x</a>', id="percent-encoded-id-as-written"),
    pytest.param('<a href="#:~:text=Intro">x</a>', id="text-fragment"),
    pytest.param('<a href="#intro:~:text=Intro">x</a>', id="id-with-text-fragment"),
    pytest.param('<a href="page.html#intro">x</a>', id="own-name"),
    pytest.param('<a href="?page=2">x</a>', id="query-only"),
    pytest.param('<a href="?page=2#intro">x</a>', id="query-and-own-fragment"),
    # other pages
    pytest.param('<a href="other.html">x</a>', id="other-page"),
    pytest.param('<a href="other.html#sec">x</a>', id="other-page-id"),
    pytest.param('<a href="other.html#old-anchor">x</a>', id="other-page-a-name"),
    pytest.param('<a href="other.html#caf%C3%A9">x</a>', id="other-page-percent-encoded-id"),
    pytest.param('<a href="other.html#top">x</a>', id="other-page-top"),
    pytest.param('<a href="other.html?x=1#sec">x</a>', id="query-string"),
    pytest.param('<a href="./other.html#sec">x</a>', id="dot-slash"),
    pytest.param('<a href="sub/../other.html">x</a>', id="dot-dot-inside"),
    pytest.param('<a href="legacy.htm#sec">x</a>', id="htm"),
    pytest.param('<a href="chapter.xhtml#sec">x</a>', id="xhtml"),
    pytest.param('<a href="my%20page.html#top-story">x</a>', id="percent-encoded-name"),
    pytest.param('<a href="sub/">x</a>', id="directory"),
    pytest.param('<a href="sub">x</a>', id="directory-without-slash"),
    pytest.param('<a href="sub/#inside">x</a>', id="directory-index-anchor"),
    pytest.param('<a href="sub/story.html#lede">x</a>', id="subdirectory-page"),
    pytest.param('<a href=" other.html#sec ">x</a>', id="spaces-around"),
    # files that are not pages: their fragments are not ids
    pytest.param('<a href="files/report.pdf#page=2">x</a>', id="pdf-fragment"),
    pytest.param('<a href="img/photo.png#x">x</a>', id="image-fragment"),
    # not local: never looked at
    pytest.param('<a href="https://example.com/missing.html#nope">x</a>', id="external"),
    pytest.param('<a href="HTTP://example.com/x">x</a>', id="external-upper-scheme"),
    pytest.param('<a href="//cdn.example.com/missing.html">x</a>', id="protocol-relative"),
    pytest.param('<a href="mailto:desk@example.com">x</a>', id="mailto"),
    pytest.param('<a href="tel:+15551234">x</a>', id="tel"),
    pytest.param('<a href="javascript:void(0)">x</a>', id="javascript"),
    pytest.param('<a href="data:text/html,hi">x</a>', id="data"),
    pytest.param('<a href="/about/">x</a>', id="root-relative"),
    pytest.param('<a href="../outside.html">x</a>', id="escapes-the-tree"),
    pytest.param('<a href="sub/../../outside.html#x">x</a>', id="escapes-after-descent"),
    pytest.param('<a href="%2e%2e/outside.html">x</a>', id="escapes-percent-encoded"),
    pytest.param('<a href="http://[::1/x">x</a>', id="malformed-url"),
    # <link>
    pytest.param('<link rel="stylesheet" href="css/site.css">', id="stylesheet"),
    pytest.param('<link rel="icon" href="favicon.ico">', id="icon-not-checked"),
    pytest.param('<link rel="preload" href="font.woff2" as="font">', id="resource-hint"),
    pytest.param('<link rel="canonical" href="https://example.com/page">', id="canonical-url"),
    pytest.param('<link rel="alternate" href="other.html#nope">', id="link-fragment-unchecked"),
    pytest.param('<link href="missing.css">', id="no-rel"),
]


@pytest.mark.parametrize("link", GOOD_LINKS)
def test_good_links_are_not_reported(check_html: CheckHtml, link: str) -> None:
    assert check_link(check_html, link) == []


BAD_LINKS = [
    pytest.param('<a href="a%00.html">x</a>', "broken-link", id="nul-byte"),
    # same page
    pytest.param('<a href="#nope">x</a>', "broken-anchor", id="same-page-missing-id"),
    pytest.param('<a href="#case">x</a>', "broken-anchor", id="same-page-wrong-case"),
    pytest.param('<a href="#intro%20">x</a>', "broken-anchor", id="same-page-encoded-space"),
    pytest.param('<a href="page.html#nope">x</a>', "broken-anchor", id="own-name-missing-id"),
    pytest.param('<a href="?x=1#nope">x</a>', "broken-anchor", id="query-then-missing-id"),
    # other pages
    pytest.param('<a href="other.html#nope">x</a>', "broken-anchor", id="other-page-missing-id"),
    pytest.param('<a href="other.html?x=1#y">x</a>', "broken-anchor", id="query-missing-id"),
    pytest.param('<a href="other.html#intro">x</a>', "broken-anchor", id="id-of-this-page"),
    pytest.param('<a href="legacy.htm#nope">x</a>', "broken-anchor", id="htm-missing-id"),
    pytest.param('<a href="chapter.xhtml#nope">x</a>', "broken-anchor", id="xhtml-missing-id"),
    pytest.param('<a href="sub/#lede">x</a>', "broken-anchor", id="directory-index-missing-id"),
    pytest.param('<a href="sub#lede">x</a>', "broken-anchor", id="dir-no-slash-missing-id"),
    # missing targets: broken-link only, never also broken-anchor
    pytest.param('<a href="missing.html">x</a>', "broken-link", id="missing-page"),
    pytest.param('<a href="missing.html#sec">x</a>', "broken-link", id="missing-page-fragment"),
    pytest.param('<a href="missing.html?x=1#y">x</a>', "broken-link", id="missing-with-query"),
    pytest.param('<a href="Other.html">x</a>', "broken-link", id="case-matters"),
    pytest.param('<a href="my page.html%20">x</a>', "broken-link", id="encoded-trailing-space"),
    pytest.param('<a href="empty-dir/">x</a>', "broken-link", id="directory-without-index"),
    pytest.param('<a href="nowhere/">x</a>', "broken-link", id="missing-directory"),
    pytest.param('<a href="files/missing.pdf#page=2">x</a>', "broken-link", id="missing-pdf"),
    pytest.param('<a href="sub/../missing.html">x</a>', "broken-link", id="dot-dot-missing"),
    pytest.param(
        '<map name="m"><area href="missing.html" shape="rect" coords="0,0,9,9"></map>',
        "broken-link",
        id="area",
    ),
    pytest.param(
        '<map name="m"><area href="other.html#nope" shape="rect" coords="0,0,9,9"></map>',
        "broken-anchor",
        id="area-anchor",
    ),
    # <link>
    pytest.param('<link rel="stylesheet" href="css/gone.css">', "broken-link", id="stylesheet"),
    pytest.param(
        '<link rel="alternate stylesheet" href="css/gone.css">', "broken-link", id="alt-sheet"
    ),
    pytest.param('<link rel="canonical" href="gone.html">', "broken-link", id="canonical"),
    pytest.param(
        '<link rel="alternate" hreflang="fr" href="fr/page.html">', "broken-link", id="alternate"
    ),
    pytest.param('<link rel="next" href="page-2.html">', "broken-link", id="next"),
]


@pytest.mark.parametrize(("link", "rule"), BAD_LINKS)
def test_bad_links_are_reported_once(check_html: CheckHtml, link: str, rule: str) -> None:
    assert rules_and_lines(check_link(check_html, link)) == [(rule, BODY + 1)]


def test_stylesheet_in_head_is_reported_on_its_line(check_html: CheckHtml) -> None:
    html = page("<p>x</p>", head='<link rel="stylesheet" href="css/gone.css">\n')
    findings = check_html(html, files=SITE, rules=LINK_RULES)
    assert rules_and_lines(findings) == [("broken-link", HEAD)]
    assert findings[0].message.startswith('stylesheet "css/gone.css"')


def test_each_bad_link_is_reported_on_its_own_line(check_html: CheckHtml) -> None:
    body = (
        '<p id="here"><a href="#here">ok</a> <a href="#gone">bad</a></p>\n'
        '<p><a href="other.html#sec">ok</a></p>\n'
        '<p><a href="other.html#gone">bad</a> <a href="gone.html">bad</a></p>'
    )
    findings = check_html(page(body), files=SITE, rules=LINK_RULES)
    assert rules_and_lines(findings) == [
        ("broken-anchor", BODY),
        ("broken-anchor", BODY + 2),
        ("broken-link", BODY + 2),
    ]


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ('<a href="#nope">x</a>', 'link "#nope": this page has no id "nope"'),
        ('<a href="other.html#nope">x</a>', '"other.html" has no id "nope"'),
        ('<a href="sub/#nope">x</a>', '"sub/index.html" has no id "nope"'),
        ('<a href="#caf%C3%A9x">x</a>', 'has no id "caféx"'),
        ('<a href="#case">x</a>', "did you mean #Case?"),
        ('<a href="missing.html">x</a>', 'link "missing.html" points to a file that is not'),
        ('<a href="nowhere/">x</a>', 'looked for "nowhere/index.html"'),
        ('<a href="no%20such.html">x</a>', 'looked for "no such.html"'),
    ],
)
def test_messages_name_the_link_and_the_target(
    check_html: CheckHtml, link: str, expected: str
) -> None:
    (finding,) = check_link(check_html, link)
    assert expected in finding.message


def test_long_links_are_shortened_in_messages(check_html: CheckHtml) -> None:
    target = "a-very-long-slug-" * 10 + ".html"
    (finding,) = check_link(check_html, f'<a href="{target}">x</a>')
    assert target not in finding.message
    assert "a-very-long-slug-a-very" in finding.message


def test_a_page_in_a_subdirectory_links_relative_to_itself(check_html: CheckHtml) -> None:
    files = {"news/world/index.html": page('<h2 id="w">World</h2>'), "news/style.css": "p {}"}
    body = (
        '<a href="world/#w">ok</a> <a href="world">ok</a>\n'
        '<a href="world/#x">bad</a> <a href="sport/">bad</a>'
    )
    html = page(body, head='<link rel="stylesheet" href="style.css">\n')
    findings = check_html(html, name="news/page.html", files=files, rules=LINK_RULES)
    assert rules_and_lines(findings) == [("broken-anchor", BODY + 2), ("broken-link", BODY + 2)]


def test_checking_a_directory_resolves_links_between_its_pages(tmp_path: Path) -> None:
    pages = {
        "index.html": page('<h1 id="home">Home</h1><a href="news/">ok</a>'),
        "news/index.html": page(
            '<a href="../index.html#home">ok</a> <a href="..">ok</a> <a href="../#home">ok</a>\n'
            '<a href="../index.html#gone">bad</a> <a href="../about/">bad</a>'
        ),
    }
    for name, html in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(html, encoding="utf-8")
    result = check_paths([tmp_path], CheckConfig(select=frozenset(LINK_RULES)), jobs=1)
    found = [
        (Path(f.path).relative_to(tmp_path).as_posix(), f.rule, f.line) for f in result.findings
    ]
    assert found == [
        ("news/index.html", "broken-anchor", BODY + 1),
        ("news/index.html", "broken-link", BODY + 1),
    ]


def test_links_in_an_epub_resolve_inside_the_book(check_html: CheckHtml) -> None:
    chapter = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>c</title></head><body>\n'
        '<p id="p1"><a href="ch2.xhtml#s2">ok</a> <a href="#p1">ok</a></p>\n'
        '<p><a href="ch2.xhtml#s9">bad</a> <a href="ch3.xhtml">bad</a></p>\n'
        '<p><a href="../../outside.xhtml">outside</a></p>\n</body></html>\n'
    )
    second = chapter.replace('id="p1"', 'id="s2"')
    book = epub({"OEBPS/ch1.xhtml": chapter, "OEBPS/ch2.xhtml": second})
    findings = check_html(book, name="book.epub", rules=LINK_RULES)
    ch1 = [(f.rule, f.line) for f in findings if f.path.endswith("!/OEBPS/ch1.xhtml")]
    assert ch1 == [("broken-anchor", 4), ("broken-link", 4)]


def test_a_missing_page_is_one_finding_per_link(check_html: CheckHtml) -> None:
    body = '<a href="gone.html">a</a> <a href="gone.html#x">b</a> <a href="gone.html">c</a>'
    findings = check_html(page(body), rules=LINK_RULES)
    assert rules_and_lines(findings) == [("broken-link", BODY)] * 3


def epub(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
        for name, content in members.items():
            book.writestr(name, content)
    return buffer.getvalue()


# --- Fragments that wait for the page they point to ------------------------------------------
# A link's #fragment into a page not read yet waits for that page's own check, which knows
# its ids, rather than making the checker parse the page twice. The findings are the same.


def checked_findings(root: Path, jobs: int) -> list[tuple[str, str, int | None, str]]:
    result = check_paths([root], CheckConfig(select=frozenset(LINK_RULES)), jobs=jobs)
    return [
        (Path(f.path).relative_to(root).as_posix(), f.rule, f.line, f.message)
        for f in result.findings
    ]


def test_fragments_of_pages_checked_later_are_looked_up_in_them(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "a.html": page('<a href="z.html#here">ok</a>\n<a href="z.html#gone">bad</a>'),
            "z.html": page('<h2 id="here">Here</h2><a href="a.html#nowhere">bad</a>'),
        },
    )
    assert checked_findings(tmp_path, jobs=1) == [
        (
            "a.html",
            "broken-anchor",
            BODY + 1,
            'link "z.html#gone": "z.html" has no id "gone"; fix the fragment or add the id',
        ),
        (
            "z.html",
            "broken-anchor",
            BODY,
            'link "a.html#nowhere": "a.html" has no id "nowhere"; fix the fragment or add the id',
        ),
    ]


def test_the_cap_keeps_the_same_findings_when_some_of_them_waited(tmp_path: Path) -> None:
    # Broken anchors into this page (known at once) and into a later page (waiting), mixed,
    # beyond the cap of 100 a rule: the first 100 in link order are listed either way.
    links = "\n".join(
        f'<a href="{"z.html" if n % 3 else ""}#missing-{n}">x</a>' for n in range(130)
    )
    write_files(tmp_path, {"a.html": page(links), "z.html": page("<p>z</p>")})
    found = checked_findings(tmp_path, jobs=1)
    more = "more than 100 broken-anchor findings on this page; the rest are not listed"
    assert [message for _, _, _, message in found].count(more) == 1
    lines = sorted(line for _, _, line, message in found if message != more)
    assert lines == list(range(BODY, BODY + 100))


def test_waiting_fragments_give_the_same_findings_with_workers(tmp_path: Path) -> None:
    pages: dict[str, str | bytes] = {
        f"p{n:02d}.html": page(
            f'<h2 id="s{n}">S</h2><a href="p{(n + 7) % 40:02d}.html#s{(n + 7) % 40}">ok</a>'
            f'<a href="p{(n + 3) % 40:02d}.html#s{n}">bad</a><a href="p{n:02d}.html#s{n}">ok</a>'
        )
        for n in range(40)
    }
    pages["junk.html"] = b"\x00\x01\x02\x03" * 400  # unreadable: its ids come from a parse
    pages["p05.html"] = page('<a href="junk.html#x">bad</a><a href="nowhere.html#x">gone</a>')
    write_files(tmp_path, pages)
    serial = checked_findings(tmp_path, jobs=1)
    assert serial == checked_findings(tmp_path, jobs=2)
    assert ("p05.html", "broken-anchor", BODY) in [finding[:3] for finding in serial]
    assert ("p05.html", "broken-link", BODY) in [finding[:3] for finding in serial]


def test_a_fragment_into_a_page_that_is_not_checked_is_still_looked_up(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "a.html": page('<a href="b.html#b">ok</a> <a href="b.html#nope">bad</a>'),
            "b.html": page('<p id="b">b</p>'),
        },
    )
    result = check_paths([tmp_path / "a.html"], CheckConfig(select=frozenset(LINK_RULES)))
    assert rules_and_lines(result.findings) == [("broken-anchor", BODY)]
