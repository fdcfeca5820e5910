"""`newsdocs build`, `new` and `article`: the editor's commands, run for real."""

from __future__ import annotations

import fcntl
import filecmp
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from lxml import html
from typer.testing import CliRunner

from newsdocs.cli import app
from tests.build_output import snapshot

ROOTS = Path(__file__).parent / "roots"
runner = CliRunner()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    target = tmp_path / "site"
    shutil.copytree(ROOTS / "test-cli-site", target)
    return target


def build(site: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["build", str(site), "-q", *args])
    return result.exit_code, result.stdout, result.stderr


def test_build_publishes_articles_and_leaves_out_drafts(site: Path) -> None:
    code, stdout, stderr = build(site)
    assert code == 0, stderr
    out = site / "_build" / "html"
    assert "Published" in stdout
    assert (out / "articles" / "harbour.html").is_file()
    assert (out / "articles" / "bakery.html").is_file()
    assert not (out / "articles" / "draft.html").exists()
    assert not (out / "articles" / "embargoed.html").exists()
    page = html.parse(str(out / "articles" / "harbour.html")).getroot()
    assert page.xpath("string(//h1)").startswith("Harbour plan approved")
    assert page.xpath("//main/@data-newsdocs-source") == ["articles/harbour.rst"]
    assert not list(site.parent.glob("site/_build/html.staging"))


def test_drafts_flag_includes_drafts_and_embargoed(site: Path) -> None:
    code, _, stderr = build(site, "--drafts")
    assert code == 0, stderr
    out = site / "_build" / "html" / "articles"
    assert (out / "draft.html").is_file()
    assert (out / "embargoed.html").is_file()


def test_sphinx_build_and_newsdocs_build_give_the_same_site(site: Path, tmp_path: Path) -> None:
    assert build(site)[0] == 0
    sphinx_out = tmp_path / "sphinx-out"
    completed = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "newshtml", str(site), str(sphinx_out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    ours = site / "_build" / "html"
    pages = sorted(p.relative_to(ours) for p in ours.rglob("*.html"))
    assert pages == sorted(p.relative_to(sphinx_out) for p in sphinx_out.rglob("*.html"))
    for page in pages:
        assert filecmp.cmp(ours / page, sphinx_out / page, shallow=False), page


BAD_INPUTS = [
    pytest.param(
        "articles/bakery.rst",
        ":published: 2025-05-28T07:30:00+01:00",
        ":published: 2025-05-28",
        r"articles/bakery.rst:3: ERROR: :published: '2025-05-28' has no time and time zone",
        id="date-without-time",
    ),
    pytest.param(
        "articles/bakery.rst",
        ":published: 2025-05-28T07:30:00+01:00",
        ":published: 2025-02-30T07:30:00+01:00",
        "articles/bakery.rst:3: ERROR: :published: '2025-02-30T07:30:00+01:00' is not a real date",
        id="impossible-date",
    ),
    pytest.param(
        "articles/bakery.rst",
        ":section: business",
        ":section: sport",
        "articles/bakery.rst:1: ERROR: :section: 'sport' is not a site section (local, business)",
        id="unknown-section",
    ),
    pytest.param(
        "articles/bakery.rst",
        ":by: ben-okafor",
        ":by: ben-okafr",
        "articles/bakery.rst:8: ERROR: byline: unknown author id 'ben-okafr'; did you mean "
        "'ben-okafor'?",
        id="unknown-author",
    ),
    pytest.param(
        "articles/harbour.rst",
        ".. photo:: ../images/harbour.png",
        ".. photo:: ../images/harbor.png",
        "articles/harbour.rst:16: ERROR: photo: image file not found: images/harbor.png",
        id="missing-image",
    ),
    pytest.param(
        "articles/harbour.rst",
        "   :credit: Illustration: The Test Gazette",
        "   :credits: Illustration: The Test Gazette",
        'articles/harbour.rst:16: ERROR: Error in "photo" directive:\nunknown option: "credits"',
        id="unknown-option",
    ),
    pytest.param(
        "articles/bakery.rst",
        "The bakery on Mill Street",
        ".. bylin::\n\nThe bakery on Mill Street",
        'articles/bakery.rst:11: ERROR: Unknown directive type "bylin"',
        id="malformed-rest",
    ),
]


@pytest.mark.parametrize(("filename", "old", "new", "message"), BAD_INPUTS)
def test_bad_input_is_located_fails_and_keeps_the_last_good_build(
    site: Path, filename: str, old: str, new: str, message: str
) -> None:
    assert build(site)[0] == 0
    out = site / "_build" / "html"
    before = snapshot(out)
    source = site / filename
    text = source.read_text(encoding="utf-8")
    assert old in text
    source.write_text(text.replace(old, new, 1), encoding="utf-8")

    code, _, stderr = build(site)

    assert code == 1
    assert message in stderr
    assert "Traceback" not in stderr
    assert "was left as it was" in stderr
    assert snapshot(out) == before
    assert not (site / "_build" / "html.staging").exists()


def test_strict_fails_on_warnings_and_plain_build_does_not(site: Path) -> None:
    bakery = site / "articles" / "bakery.rst"
    text = bakery.read_text(encoding="utf-8")
    bakery.write_text(text.replace(".. byline::\n   :by: ben-okafor\n", ""), encoding="utf-8")
    code, stdout, stderr = build(site)
    assert code == 0, stderr
    assert "article has no byline" in stderr
    assert "(1 warning)" in stdout
    code, _, stderr = build(site, "--strict")
    assert code == 1
    assert "1 warning (--strict)" in stderr


def test_a_second_build_of_the_same_output_is_refused_while_one_runs(site: Path) -> None:
    out = site / "_build" / "html"
    out.parent.mkdir(parents=True)
    with (out.parent / "html.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        code, _, stderr = build(site)
    assert code == 1
    assert "another newsdocs build is writing" in stderr
    assert not out.exists()


def test_missing_site_is_a_clear_error(tmp_path: Path) -> None:
    code, _, stderr = build(tmp_path / "nowhere")
    assert code == 1
    assert "no conf.py here" in stderr


def test_new_site_builds_cleanly_and_strictly(tmp_path: Path) -> None:
    target = tmp_path / "paper"
    result = runner.invoke(app, ["new", str(target), "--name", "The Harbour Herald"])
    assert result.exit_code == 0, result.stderr
    code, _, stderr = build(target, "--strict")
    assert code == 0, stderr
    page = html.parse(str(target / "_build" / "html" / "articles" / "welcome.html")).getroot()
    assert "The Harbour Herald" in page.xpath("string(//h1)")


def test_new_refuses_a_directory_with_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    result = runner.invoke(app, ["new", str(tmp_path)])
    assert result.exit_code == 1
    assert "is not empty" in result.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_article_writes_a_dated_draft_that_builds_with_drafts(site: Path) -> None:
    result = runner.invoke(
        app,
        ["article", "Ferry fares to rise in July", "--section", "local", "--author", "ana-lima",
         "--site", str(site)],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    written = site / "articles" / "ferry-fares-to-rise-in-july.rst"
    text = written.read_text(encoding="utf-8")
    assert ":status: draft" in text
    assert ":section: local" in text
    assert ":by: ana-lima" in text
    published = next(line for line in text.splitlines() if line.startswith(":published:"))
    stamp = datetime.fromisoformat(published.split(" ", 1)[1])
    assert stamp.tzinfo is not None
    assert stamp.date() == datetime.now().astimezone().date()
    # The draft is dated now, which is after the site's fixed newsdocs_now: show it anyway.
    code, _, stderr = build(site, "--drafts", "--strict")
    assert code == 0, stderr
    assert (site / "_build" / "html" / "articles" / "ferry-fares-to-rise-in-july.html").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--section", "sport", "--author", "ana-lima"], "unknown section 'sport' (sections: "),
        (["--section", "local", "--author", "nobody"], "unknown author 'nobody' (authors: "),
    ],
)
def test_article_refuses_unknown_section_or_author(
    site: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["article", "Anything", *args, "--site", str(site)])
    assert result.exit_code == 1
    assert message in result.stderr
    assert not (site / "articles" / "anything.rst").exists()


def test_article_never_overwrites(site: Path) -> None:
    args = ["article", "Tides", "--section", "local", "--author", "ana-lima", "--site", str(site)]
    assert runner.invoke(app, args).exit_code == 0
    (site / "articles" / "tides.rst").write_text("my work", encoding="utf-8")
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert (site / "articles" / "tides.rst").read_text(encoding="utf-8") == "my work"
