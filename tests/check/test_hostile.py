"""Hostile input: entities that would read files, expansion bombs, deep nesting, broken
encodings, binary junk, symlinks out of the tree, and arbitrary bytes. The checker must
finish, leak nothing, and report through the CLI with exit 0 or 1, never a traceback."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from newsdocs.check import CheckConfig, Finding, check_paths
from newsdocs.check.parse import decode
from newsdocs.cli import app

from .conftest import page

runner = CliRunner()

SECRET = "TOPSECRET-b7e1c9"
REFUSAL = "I cannot create a news article based on the provided input."
TRACEBACK = "Traceback (most recent call last)"
FORMATS = ("text", "json", "sarif", "junit")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the checked tree that nothing may ever show."""
    target = tmp_path / "private" / "secret.txt"
    target.parent.mkdir()
    target.write_text(f"{SECRET}\n", encoding="utf-8")
    return target


def reports(*args: str) -> list[Result]:
    """The CLI's report in every format; each run must end with exit 0 or 1, cleanly."""
    results = []
    for report_format in FORMATS:
        result = runner.invoke(app, ["check", *args, "--format", report_format, "-j", "1"])
        assert result.exit_code in (0, 1), result.output
        assert TRACEBACK not in result.output
        results.append(result)
    return results


def assert_never_shown(text: str, *args: str) -> None:
    for result in reports(*args):
        assert text not in result.stdout
        assert text not in result.stderr


def make_epub(path: Path, members: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, content in members.items():
            book.writestr(name, content)
    return path


def rules_of(findings: list[Finding]) -> list[str]:
    return [finding.rule for finding in findings]


# --- entities that would read files ---------------------------------------------------------

BODY_USING_ENTITY = (
    "<body>\n<p>&xxe;</p>\n"
    '<p><a href="&xxe;.html">link</a> <img src="a.png" alt="&xxe;"/></p>\n'
    f"<p>{REFUSAL}</p>\n</body>\n</html>\n"
)


def xxe_documents(secret_url: str) -> dict[str, str]:
    head = '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>\n'
    return {
        "internal-subset": (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{secret_url}">]>\n{head}{BODY_USING_ENTITY}'
        ),
        "parameter-entity": (
            '<?xml version="1.0"?>\n'
            f'<!DOCTYPE html [<!ENTITY % ext SYSTEM "{secret_url}"> %ext;'
            f'<!ENTITY xxe "x">]>\n{head}{BODY_USING_ENTITY}'
        ),
        "external-dtd": (
            f'<?xml version="1.0"?>\n<!DOCTYPE html SYSTEM "{secret_url}">\n'
            f"{head}{BODY_USING_ENTITY}"
        ),
        "xinclude": (
            f'<?xml version="1.0"?>\n{head}<body>\n'
            '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
            f'href="{secret_url}" parse="text"/>\n<p>{REFUSAL}</p>\n</body>\n</html>\n'
        ),
    }


XXE_KINDS = ["internal-subset", "parameter-entity", "external-dtd", "xinclude"]


@pytest.mark.parametrize("kind", XXE_KINDS)
@pytest.mark.parametrize("suffix", [".xhtml", ".html"])
def test_entities_never_read_files(workdir: Path, secret: Path, kind: str, suffix: str) -> None:
    site = workdir / "site"
    site.mkdir()
    (site / f"page{suffix}").write_text(xxe_documents(secret.as_uri())[kind], encoding="utf-8")
    found = check_paths([Path("site")], CheckConfig(), jobs=1).findings
    assert "ai-boilerplate" in rules_of(found)  # the page was really checked
    assert all(SECRET not in finding.message for finding in found)
    assert_never_shown(SECRET, "site")


@pytest.mark.parametrize("kind", XXE_KINDS)
def test_entities_in_an_epub_member_never_read_files(
    workdir: Path, secret: Path, kind: str
) -> None:
    make_epub(Path("book.epub"), {"OEBPS/ch1.xhtml": xxe_documents(secret.as_uri())[kind]})
    found = check_paths([Path("book.epub")], CheckConfig(), jobs=1).findings
    assert "ai-boilerplate" in rules_of(found)
    assert_never_shown(SECRET, "book.epub")


# --- expansion bombs ------------------------------------------------------------------------


def billion_laughs() -> str:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE html [\n' + "\n".join(entities) + "\n]>\n"
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>\n'
        f'<body>\n<p>&lol9;</p>\n<p title="&lol9;">{REFUSAL}</p>\n</body>\n</html>\n'
    )


def quadratic_blowup() -> str:
    value = "A" * 50_000
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY a "{value}">]>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>\n'
        f"<body>\n<p>{'&a;' * 20_000}</p>\n<p>{REFUSAL}</p>\n</body>\n</html>\n"
    )


@pytest.mark.parametrize("bomb", [billion_laughs, quadratic_blowup])
@pytest.mark.parametrize("container", ["page.xhtml", "page.html", "book.epub"])
def test_entity_expansion_bombs_are_not_expanded(
    workdir: Path, bomb: object, container: str
) -> None:
    markup = bomb()  # type: ignore[operator]
    if container == "book.epub":
        make_epub(Path(container), {"OEBPS/page.xhtml": markup})
    else:
        Path(container).write_text(markup, encoding="utf-8")
    found = check_paths([Path(container)], CheckConfig(), jobs=1).findings
    assert "ai-boilerplate" in rules_of(found)
    for result in reports(container):
        assert len(result.stdout) < 50_000  # nothing was expanded into a message
        assert "lol" * 30 not in result.stdout
        assert "A" * 1_000 not in result.stdout


# --- deep nesting ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "markup"),
    [
        ("divs.html", "<div>" * 10_000 + REFUSAL + "</div>" * 10_000),
        ("unclosed.html", "<div><b><i>" * 3_400 + REFUSAL),
        ("lists.html", "<ul><li>" * 5_000 + REFUSAL),
        ("spans.html", "<p>" + "<span>" * 10_000 + REFUSAL + "</span>" * 10_000 + "</p>"),
        (
            "divs.xhtml",
            '<html xmlns="http://www.w3.org/1999/xhtml"><body>'
            + "<div>" * 10_000
            + REFUSAL
            + "</div>" * 10_000
            + "</body></html>",
        ),
    ],
)
def test_deep_nesting_finishes_without_recursion_errors(
    workdir: Path, name: str, markup: str
) -> None:
    Path(name).write_text(markup, encoding="utf-8")
    result = check_paths([Path(name)], CheckConfig(), jobs=1)
    assert result.checked == 1
    assert "unreadable" not in rules_of(result.findings)
    reports(name)


# --- encodings ------------------------------------------------------------------------------


def test_invalid_utf8_is_replaced_and_the_page_still_checked(workdir: Path) -> None:
    markup = page(f"<p>Caf\xe9 \xff\xfe broken bytes.</p>\n<p>{REFUSAL}</p>").encode("latin-1")
    Path("page.html").write_bytes(markup)
    found = check_paths([Path("page.html")], CheckConfig(), jobs=1).findings
    assert [(f.line, f.rule) for f in found] == [(9, "ai-boilerplate")]
    assert decode(markup)[0].count("\ufffd") == 3


@pytest.mark.parametrize(
    ("label", "data"),
    [
        # cp1252 curly apostrophe: declared Latin-1 pages are really windows-1252
        ("latin-1 label", b'<meta charset="iso-8859-1"><p>I can\x92t create a news article.</p>'),
        ("ascii label", b'<meta charset="us-ascii"><p>I can\x92t create a news article.</p>'),
        ("utf-16 with BOM", "\ufeff<p>I can\u2019t create a news article.</p>".encode("utf-16")),
        ("utf-16 label on ascii", b'<meta charset="utf-16"><p>I cannot create a news article.</p>'),
        (
            "http-equiv",
            b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
            b"<p>I can\x92t create a news article.</p>",
        ),
        (
            "xml declaration",
            b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<html><body>\n'
            b"<p>Caf\xe9.</p><p>I can\x92t create a news article.</p></body></html>",
        ),
        ("unknown label", b'<meta charset="x-klingon"><p>I cannot create a news article.</p>'),
    ],
)
def test_declared_and_mixed_encodings(workdir: Path, label: str, data: bytes) -> None:
    Path("page.html").write_bytes(data)
    found = check_paths([Path("page.html")], CheckConfig(), jobs=1).findings
    assert "ai-boilerplate" in rules_of(found), label
    assert "unreadable" not in rules_of(found)


def test_undecodable_file_names_are_reported_in_every_format(workdir: Path) -> None:
    site = Path("site")
    site.mkdir()
    name = os.fsencode(site) + b"/caf\xff.html"
    with open(name, "wb") as stream:  # noqa: PTH123 - a bytes name has no pathlib spelling
        stream.write(page(f"<p>{REFUSAL}</p>").encode())
    text, as_json, sarif, junit = reports("site")
    assert "site/caf\\udcff.html:8: ai-boilerplate" in text.stdout
    assert json.loads(as_json.stdout)["findings"][0]["path"] == "site/caf\\udcff.html"
    assert "caf%5Cudcff.html" in sarif.stdout
    assert "caf\\udcff.html" in junit.stdout


def test_control_characters_from_a_page_do_not_reach_the_terminal(workdir: Path) -> None:
    Path("page.html").write_text(
        page('<p><a href="gone\u009b2J\u0085.html">x</a> <img src="y.png"></p>'), encoding="utf-8"
    )
    for result in reports("page.html"):
        assert not any("\x80" <= char <= "\x9f" or char == "\x1b" for char in result.stdout)
    text = reports("page.html")[0].stdout
    assert "gone\\x9b2J" in text  # shown, escaped


# --- junk and odd files ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(bytes(range(256)) * 40, id="all-bytes"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, id="png"),
        pytest.param(b"\x1f\x8b\x08\x00" + os.urandom(2000), id="gzip"),
        pytest.param(b"\x00" * 5000, id="nul"),
    ],
)
def test_binary_junk_named_html_is_unreadable(workdir: Path, data: bytes) -> None:
    Path("page.html").write_bytes(data)
    found = check_paths([Path("page.html")], CheckConfig(), jobs=1).findings
    assert [(f.path, f.line, f.rule) for f in found] == [("page.html", None, "unreadable")]
    text = reports("page.html")[0]
    assert text.exit_code == 1
    assert text.stdout.startswith("page.html: unreadable: ")


def test_an_empty_page_is_checked_without_error(workdir: Path) -> None:
    Path("page.html").write_bytes(b"")
    result = check_paths([Path("page.html")], CheckConfig(), jobs=1)
    assert result.checked == 1 and "unreadable" not in rules_of(result.findings)


def test_a_fifo_named_html_is_unreadable_not_a_hang(workdir: Path) -> None:
    site = Path("site")
    site.mkdir()
    os.mkfifo(site / "pipe.html")
    found = check_paths([site], CheckConfig(), jobs=1).findings
    assert [(f.path, f.rule) for f in found] == [("site/pipe.html", "unreadable")]


def test_symlinks_out_of_the_checked_tree_are_never_read(workdir: Path, secret: Path) -> None:
    outside = workdir / "outside"
    outside.mkdir()
    (outside / "page.html").write_text(
        page(f'<p id="present">{SECRET}</p><p>{REFUSAL}</p>'), encoding="utf-8"
    )
    site = Path("site")
    site.mkdir()
    (site / "leak.html").symlink_to(outside / "page.html")
    (site / "leak-dir").symlink_to(outside, target_is_directory=True)
    (site / "secret.html").symlink_to(secret)
    (site / "loop").symlink_to(site.resolve(), target_is_directory=True)
    (site / "dangling.html").symlink_to(workdir / "nowhere.html")
    (site / "inside.html").symlink_to(Path("a.html"))  # a link within the tree is fine
    (site / "a.html").write_text(
        page('<p><a href="leak.html#present">a</a> <a href="leak-dir/page.html">b</a></p>'),
        encoding="utf-8",
    )
    result = check_paths([site], CheckConfig(), jobs=1)
    assert set(result.documents) == {"site/a.html", "site/inside.html"}
    # Links into the outside world are treated as absent: the outside page was not read.
    assert sorted((f.path, f.rule) for f in result.findings) == [
        ("site/a.html", "broken-link"),
        ("site/a.html", "broken-link"),
        ("site/inside.html", "broken-link"),
        ("site/inside.html", "broken-link"),
    ]
    assert_never_shown(SECRET, "site")


def test_a_symlinked_page_named_directly_is_not_followed_outside(
    workdir: Path, secret: Path
) -> None:
    site = Path("site")
    site.mkdir()
    (site / "page.html").symlink_to(secret)
    found = check_paths([site / "page.html"], CheckConfig(), jobs=1).findings
    assert [(f.path, f.rule) for f in found] == [("site/page.html", "unreadable")]
    assert_never_shown(SECRET, "site/page.html")


# --- anything at all ------------------------------------------------------------------------

HTMLISH = st.sampled_from(
    [
        "<p>", "</p>", "<div>", "</div>", "<a href='", "#x", "'>", "</a>", "<img src=",
        "x.png", " alt=", "\"", "'", ">", "<", "&", "&amp;", "&#0;", "&#x110000;", "&lol;",
        "<!--", "-->", "<![CDATA[", "]]>", "<?xml version='1.0' encoding='utf-16'?>",
        "<!DOCTYPE html [<!ENTITY x 'y'>]>", "<script>", "</script>", "<svg>", "<math>",
        "<table><tr><td>", "<meta charset='", "utf-7", "shift_jis", "'>",
        "<!-- newsdocs: ignore ai-boilerplate -->", "<!-- newsdocs: ignore-file -->",
        "I cannot create a news article", "Leave a comment", "the the", "word,word",
        ".. image::", "{{ x }}", "<h1>", "</h1>", "<title>", "id='x'", "\x00", "\ufeff",
        "\ud7ff", "\U0001f600", "\r\n", "\n" * 3, " ", "<br>", "<p id='x'>",
    ]
)  # fmt: skip
HTMLISH_TEXT = st.lists(st.one_of(HTMLISH, st.text(max_size=20)), max_size=60).map("".join)

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def check_anything(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (root / name).write_bytes(data)
    result = check_paths([root], CheckConfig(), jobs=1)
    assert result.checked == len(files)
    cli = runner.invoke(app, ["check", str(root), "-j", "1"])
    assert cli.exit_code in (0, 1), cli.output
    assert cli.stderr == ""


@FUZZ
@given(data=st.binary(max_size=3000))
def test_arbitrary_bytes_never_break_the_checker(tmp_path: Path, data: bytes) -> None:
    check_anything(tmp_path, {"page.html": data, "page.xhtml": data})


@FUZZ
@given(text=HTMLISH_TEXT, encoding=st.sampled_from(["utf-8", "utf-16", "latin-1"]))
def test_arbitrary_html_ish_text_never_breaks_the_checker(
    tmp_path: Path, text: str, encoding: str
) -> None:
    data = text.encode(encoding, errors="replace")
    check_anything(tmp_path, {"page.html": data, "page.xhtml": data})


@settings(FUZZ, max_examples=100)
@given(text=HTMLISH_TEXT)
def test_arbitrary_epub_members_never_break_the_checker(tmp_path: Path, text: str) -> None:
    book = make_epub(
        tmp_path / "book.epub",
        {"OEBPS/a.xhtml": text.encode("utf-8", errors="replace"), "OEBPS/b.xhtml": text},
    )
    result = check_paths([book], CheckConfig(), jobs=1)
    assert result.checked == 2
    cli = runner.invoke(app, ["check", str(book), "-j", "1"])
    assert cli.exit_code in (0, 1), cli.output
