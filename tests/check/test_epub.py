"""EPUBs: members are checked as pages, links between them resolve, and hostile books
(climbing names, zip bombs, corrupt archives) are reported as unreadable, never unpacked."""

from __future__ import annotations

import json
import struct
import tracemalloc
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdocs.check import CheckConfig, Finding, check_paths
from newsdocs.check.engine import Unit, load_document
from newsdocs.check.parse import check_well_formed_xml
from newsdocs.cli import app

runner = CliRunner()

CONTAINER_XML = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""


def xhtml(body: str, title: str = "Chapter") -> str:
    """An XHTML page; the body starts on line 7."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<!DOCTYPE html>\n"
        '<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">\n'
        f"<head><title>{title}</title></head>\n"
        "<body>\n"
        "<h1>Chapter</h1>\n"
        f"{body}\n"
        "</body>\n"
        "</html>\n"
    )


BODY_LINE = 7


def opf(members: Mapping[str, object]) -> str:
    items = "\n".join(
        f'    <item id="i{n}" href="{name.removeprefix("OEBPS/")}" '
        'media-type="application/xhtml+xml"/>'
        for n, name in enumerate(members)
        if name.endswith(".xhtml")
    )
    refs = "\n".join(
        f'    <itemref idref="i{n}"/>' for n, name in enumerate(members) if name.endswith(".xhtml")
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">urn:uuid:12345678-1234-1234-1234-123456789abc</dc:identifier>
    <dc:title>Test book</dc:title>
    <dc:language>en</dc:language>
  </metadata>
  <manifest>
{items}
  </manifest>
  <spine>
{refs}
  </spine>
</package>
"""


def make_epub(path: Path, members: Mapping[str, str | bytes]) -> Path:
    """A real EPUB: mimetype first and stored, container.xml, an OPF, then ``members``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        book.writestr("META-INF/container.xml", CONTAINER_XML)
        book.writestr("OEBPS/content.opf", opf(members))
        for name, content in members.items():
            book.writestr(name, content)
    return path


def patch_central_directory(path: Path, member: str, offset: int, fmt: str, value: int) -> None:
    """Overwrite one field of a member's central directory entry (what zipfile trusts)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    start = 0
    while True:
        start = data.index(b"PK\x01\x02", start)
        (name_length,) = struct.unpack_from("<H", data, start + 28)
        if data[start + 46 : start + 46 + name_length] == name:
            struct.pack_into(fmt, data, start + offset, value)
            path.write_bytes(bytes(data))
            return
        start += 4


def declare_size(path: Path, member: str, size: int) -> None:
    patch_central_directory(path, member, 24, "<I", size)


def findings_of(path: Path) -> list[Finding]:
    return check_paths([path], CheckConfig(), jobs=1).findings


def where(findings: list[Finding]) -> list[tuple[str, int | None, str]]:
    return [(f.path, f.line, f.rule) for f in findings]


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- members are pages ----------------------------------------------------------------------


def test_a_finding_in_a_member_names_the_member_and_its_line(in_tmp: Path) -> None:
    make_epub(
        Path("book.epub"),
        {
            "OEBPS/ch1.xhtml": xhtml(
                "<p>The council met.</p>\n"
                "<p>I cannot create a news article based on the provided input.</p>"
            ),
            "OEBPS/ch2.xhtml": xhtml("<p>All is well.</p>"),
        },
    )
    result = runner.invoke(app, ["check", "book.epub", "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["checked"] == 2
    assert [(f["path"], f["line"], f["rule"]) for f in report["findings"]] == [
        ("book.epub!/OEBPS/ch1.xhtml", BODY_LINE + 1, "ai-boilerplate")
    ]
    text = runner.invoke(app, ["check", "book.epub"]).stdout
    assert text.startswith(f"book.epub!/OEBPS/ch1.xhtml:{BODY_LINE + 1}: ai-boilerplate: ")


def test_a_clean_book_passes(in_tmp: Path) -> None:
    make_epub(
        Path("book.epub"),
        {
            "OEBPS/ch1.xhtml": xhtml('<p>See <a href="ch2.xhtml#more">more</a>.</p>'),
            "OEBPS/ch2.xhtml": xhtml('<p id="more">More.</p>'),
            "OEBPS/style.css": "p { margin: 0 }",
        },
    )
    result = runner.invoke(app, ["check", "book.epub"])
    assert (result.exit_code, result.stdout) == (0, "No problems in 2 documents\n")


def test_links_between_members_resolve(in_tmp: Path) -> None:
    book = make_epub(
        Path("book.epub"),
        {
            "OEBPS/text/ch1.xhtml": xhtml(
                '<p><a href="ch2.xhtml#sec">ok</a> <a href="#top">top</a></p>\n'
                '<p><a href="../text/ch2.xhtml">ok too</a>'
                ' <img src="../images/pic.png" alt="A pic"/></p>\n'
                '<p><a href="ch2.xhtml#nope">bad anchor</a></p>\n'
                '<p><a href="ch9.xhtml">bad link</a></p>\n'
                '<p id="top"><a href="../../../outside.xhtml">climbs out: never looked at</a></p>'
            ),
            "OEBPS/text/ch2.xhtml": xhtml('<p id="sec">Section</p>'),
            "OEBPS/images/pic.png": b"\x89PNG\r\n\x1a\n",
        },
    )
    member = "book.epub!/OEBPS/text/ch1.xhtml"
    assert where(findings_of(book)) == [
        (member, BODY_LINE + 2, "broken-anchor"),
        (member, BODY_LINE + 3, "broken-link"),
    ]

    document = load_document(Unit(str(book), "OEBPS/text/ch1.xhtml", member, epub=True))
    assert not isinstance(document, Finding)
    assert document.xhtml
    assert document.resolve("ch2.xhtml#sec") == ("OEBPS/text/ch2.xhtml", "sec")
    assert document.resolve("../images/pic.png") == ("OEBPS/images/pic.png", "")
    assert document.resolve("../../outside.xhtml") == ("outside.xhtml", "")
    assert document.resolve("../../../outside.xhtml") is None
    assert document.container.exists("OEBPS/images/pic.png")
    assert document.container.ids("OEBPS/text/ch2.xhtml") == frozenset({"sec"})


def test_a_member_that_is_not_well_formed_xml_is_reported(in_tmp: Path) -> None:
    broken = xhtml("<p>One<br>two</p>")  # fine HTML, but <br> is never closed: not XML
    assert check_well_formed_xml(broken.encode()) is not None
    assert check_well_formed_xml(xhtml("<p>One<br/>two</p>").encode()) is None
    problem = check_well_formed_xml(broken.encode())
    assert problem is not None and problem.line == BODY_LINE

    book = make_epub(Path("book.epub"), {"OEBPS/ch1.xhtml": broken})
    found = findings_of(book)
    assert [(f.path, f.line) for f in found] == [("book.epub!/OEBPS/ch1.xhtml", BODY_LINE)]
    assert found[0].rule == "malformed-html"


def test_books_inside_a_checked_directory_are_opened(in_tmp: Path) -> None:
    site = Path("site")
    make_epub(site / "editions" / "monday.epub", {"OEBPS/a.xhtml": xhtml("<p>Fine.</p>")})
    (site / "index.html").write_text("<!DOCTYPE html><title>x</title><p>Fine.</p>")
    result = check_paths([site], CheckConfig(), jobs=1)
    assert result.documents == (
        "site/index.html",
        "site/editions/monday.epub!/OEBPS/a.xhtml",
    )


# --- hostile books --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["../evil.xhtml", "OEBPS/../../evil.xhtml", "/etc/evil.xhtml"])
def test_member_names_that_climb_out_are_unreadable_and_not_read(in_tmp: Path, name: str) -> None:
    book = make_epub(
        Path("book.epub"),
        {
            "OEBPS/ch1.xhtml": xhtml("<p>Fine.</p>"),
            name: xhtml("<p>I cannot create a news article based on the provided input.</p>"),
        },
    )
    result = check_paths([book], CheckConfig(), jobs=1)
    assert where(result.findings) == [("book.epub", None, "unreadable")]
    assert name in result.findings[0].message
    assert result.documents == ("book.epub", "book.epub!/OEBPS/ch1.xhtml")


def write_zeros_member(path: Path, name: str, size: int) -> None:
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as book, book.open(name, "w") as member:
        chunk = bytes(1024 * 1024)
        for _ in range(size // len(chunk)):
            member.write(chunk)


def test_a_zip_bomb_member_is_unreadable_without_being_inflated(in_tmp: Path) -> None:
    book = make_epub(Path("book.epub"), {"OEBPS/ch1.xhtml": xhtml("<p>Fine.</p>")})
    write_zeros_member(book, "OEBPS/bomb.xhtml", 200 * 1024 * 1024)
    assert book.stat().st_size < 1024 * 1024  # 200 MiB of zeros squeezed into a few hundred KB

    tracemalloc.start()
    try:
        result = check_paths([book], CheckConfig(), jobs=1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert where(result.findings) == [("book.epub!/OEBPS/bomb.xhtml", None, "unreadable")]
    assert "MiB" in result.findings[0].message
    assert peak < 16 * 1024 * 1024  # nothing near the member's size was ever held


def test_an_extreme_compression_ratio_is_unreadable(in_tmp: Path) -> None:
    book = make_epub(Path("book.epub"), {"OEBPS/ch1.xhtml": xhtml("<p>Fine.</p>")})
    write_zeros_member(book, "OEBPS/dense.xhtml", 4 * 1024 * 1024)  # under the size limit
    found = findings_of(book)
    assert where(found) == [("book.epub!/OEBPS/dense.xhtml", None, "unreadable")]
    assert "zip bomb" in found[0].message


def test_a_member_declaring_a_huge_size_is_unreadable(in_tmp: Path) -> None:
    book = make_epub(Path("book.epub"), {"OEBPS/ch1.xhtml": xhtml("<p>Fine.</p>")})
    declare_size(book, "OEBPS/ch1.xhtml", 100 * 1024 * 1024)
    assert where(findings_of(book)) == [("book.epub!/OEBPS/ch1.xhtml", None, "unreadable")]


def test_a_book_declaring_a_huge_total_is_unreadable_as_a_whole(in_tmp: Path) -> None:
    book = make_epub(
        Path("book.epub"),
        {f"OEBPS/ch{i}.xhtml": xhtml("<p>Fine.</p>") for i in range(3)},
    )
    for i in range(3):
        declare_size(book, f"OEBPS/ch{i}.xhtml", 200 * 1024 * 1024)
    found = findings_of(book)
    assert where(found) == [("book.epub", None, "unreadable")]
    assert "MiB" in found[0].message


@pytest.mark.parametrize(
    "corrupt",
    [
        pytest.param(lambda data: b"PK\x03\x04" + bytes(100), id="header-only"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: b"not a zip at all", id="not-a-zip"),
        pytest.param(lambda data: b"", id="empty"),
    ],
)
def test_a_corrupt_book_is_unreadable_and_fails_the_check(in_tmp: Path, corrupt: object) -> None:
    book = make_epub(Path("book.epub"), {"OEBPS/ch1.xhtml": xhtml("<p>Fine.</p>")})
    book.write_bytes(corrupt(book.read_bytes()))  # type: ignore[operator]
    result = runner.invoke(app, ["check", "book.epub"])
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("book.epub: unreadable: ")


def test_corrupt_compressed_data_in_a_member_is_unreadable(in_tmp: Path) -> None:
    book = make_epub(Path("book.epub"), {"OEBPS/ch1.xhtml": xhtml("<p>Fine.</p>" * 200)})
    with zipfile.ZipFile(book) as archive:
        info = archive.getinfo("OEBPS/ch1.xhtml")
    data = bytearray(book.read_bytes())
    (name_length, extra_length) = struct.unpack_from("<HH", data, info.header_offset + 26)
    body = info.header_offset + 30 + name_length + extra_length
    data[body : body + 16] = b"\xff" * 16
    book.write_bytes(bytes(data))
    found = findings_of(book)
    assert where(found) == [("book.epub!/OEBPS/ch1.xhtml", None, "unreadable")]


def test_an_unsupported_compression_method_is_unreadable(in_tmp: Path) -> None:
    book = make_epub(Path("book.epub"), {"OEBPS/ch1.xhtml": xhtml("<p>Fine.</p>")})
    patch_central_directory(book, "OEBPS/ch1.xhtml", 10, "<H", 99)  # AES / unknown method
    assert where(findings_of(book)) == [("book.epub!/OEBPS/ch1.xhtml", None, "unreadable")]


def test_an_encrypted_member_is_unreadable(in_tmp: Path) -> None:
    book = make_epub(Path("book.epub"), {"OEBPS/ch1.xhtml": xhtml("<p>Fine.</p>")})
    patch_central_directory(book, "OEBPS/ch1.xhtml", 8, "<H", 0x1)  # flag bit 0: encrypted
    assert where(findings_of(book)) == [("book.epub!/OEBPS/ch1.xhtml", None, "unreadable")]


def test_a_member_with_an_empty_name_is_skipped(in_tmp: Path) -> None:
    book = make_epub(Path("book.epub"), {"OEBPS/ch1.xhtml": xhtml("<p>Fine.</p>")})
    with zipfile.ZipFile(book, "a") as archive:
        archive.writestr(zipfile.ZipInfo(""), b"<p>nameless</p>")
    result = check_paths([book], CheckConfig(), jobs=1)
    assert (result.documents, result.findings) == (("book.epub!/OEBPS/ch1.xhtml",), [])


def test_a_rewritten_book_is_read_afresh_by_the_next_run(in_tmp: Path) -> None:
    chapters = {"OEBPS/ch2.xhtml": xhtml('<p id="old">Old.</p>')}
    link = {"OEBPS/ch1.xhtml": xhtml('<p><a href="ch2.xhtml#new">next</a></p>')}
    book = make_epub(Path("book.epub"), link | chapters)
    assert [f.rule for f in findings_of(book)] == ["broken-anchor"]
    make_epub(book, link | {"OEBPS/ch2.xhtml": xhtml('<p id="new">New, and longer.</p>')})
    assert findings_of(book) == []
