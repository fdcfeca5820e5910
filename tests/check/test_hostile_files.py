"""Hostile files for ``newsdocs check``, beyond test_hostile.py: a 100 MB page, pages whose
encodings contradict each other, a tree of 50,000 pages, and symlink loops.

The big ones run the real command in a subprocess and measure its peak memory (with its
worker processes) from the kernel's own accounting (``os.wait4``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdocs.check import CheckConfig, check_paths
from newsdocs.check.parse import decode
from newsdocs.cli import app

from .conftest import page

runner = CliRunner()
MIB = 1024 * 1024
REFUSAL = "I cannot create a news article based on the provided input."
PEAK_MEMORY_LIMIT_MIB = 300


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    peak_mib: float  # the largest resident set of the command or any of its workers
    seconds: float


# The kernel starts a child's peak-memory count from its parent's at exec, so measuring the
# command straight from pytest (hundreds of MiB) would count pytest. A tiny launcher runs it
# instead and reports what os.wait4 says of the command and its workers.
LAUNCHER = """
import json, os, subprocess, sys
with open(sys.argv[1], "w") as out, open(sys.argv[2], "w") as err:
    child = subprocess.Popen(sys.argv[4:], stdout=out, stderr=err)
    _, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[3], "w") as report:
    json.dump({"code": os.waitstatus_to_exitcode(status), "maxrss_kib": usage.ru_maxrss}, report)
"""


def run_check(args: list[str], cwd: Path, timeout: float) -> Run:
    """``python -m newsdocs check ARGS``, with its exit code, output, peak memory and time."""
    out, err, report = cwd / "check.out", cwd / "check.err", cwd / "check.json"
    started = time.monotonic()
    command = [sys.executable, "-m", "newsdocs", "check", *args]
    launcher = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, str(out), str(err), str(report), *command],
        cwd=cwd,
        start_new_session=True,
    )
    try:
        launcher.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(launcher.pid, signal.SIGKILL)
        launcher.wait()
        pytest.fail(f"newsdocs check {' '.join(args)} took more than {timeout} s")
    measured = json.loads(report.read_text(encoding="utf-8"))
    return Run(
        code=measured["code"],
        stdout=out.read_text(encoding="utf-8"),
        stderr=err.read_text(encoding="utf-8"),
        peak_mib=measured["maxrss_kib"] / 1024,  # kilobytes on Linux
        seconds=time.monotonic() - started,
    )


# --- a 100 MB page --------------------------------------------------------------------------


def write_big_page(path: Path, size: int) -> None:
    """A page of ``size`` bytes, written a megabyte at a time (never held in memory)."""
    paragraph = b"<p>All work and no play makes a dull newsroom.</p>\n"
    chunk = paragraph * (MIB // len(paragraph))
    with path.open("wb") as stream:
        stream.write(b'<!DOCTYPE html>\n<html lang="en"><head><title>Big</title></head><body>\n')
        while stream.tell() + len(chunk) < size:
            stream.write(chunk)
        stream.write(b"</body></html>\n")


def test_a_100_mb_page_is_one_clear_finding_in_bounded_time_and_memory(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    write_big_page(site / "big.html", 100 * MIB)
    assert (site / "big.html").stat().st_size > 99 * MIB
    (site / "index.html").write_text(
        page(f'<p><a href="big.html#part-2">The long read</a>.</p>\n<p>{REFUSAL}</p>'),
        encoding="utf-8",
    )

    text = run_check(["site", "-j", "1"], tmp_path, timeout=120)
    as_json = run_check(["site", "-j", "1", "--format", "json"], tmp_path, timeout=120)

    assert text.code == as_json.code == 1
    assert text.stderr == as_json.stderr == ""
    assert text.stdout.splitlines()[0] == "site/big.html: unreadable: larger than 8 MiB"
    findings = json.loads(as_json.stdout)["findings"]
    assert [(f["path"], f["rule"], f["message"]) for f in findings] == [
        ("site/big.html", "unreadable", "larger than 8 MiB"),
        ("site/index.html", "ai-boilerplate", findings[1]["message"]),  # still checked
    ]
    for run in (text, as_json):
        assert run.peak_mib < PEAK_MEMORY_LIMIT_MIB, run
        assert run.seconds < 60, run


# --- encodings that contradict each other ---------------------------------------------------

UTF8_BOM, UTF16LE_BOM, UTF16BE_BOM = b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"


def html_bytes(head: str, body: str, encoding: str) -> bytes:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head>{head}<title>t</title></head>\n'
        f"<body>\n<p>{body}</p>\n<p>{REFUSAL}</p>\n</body></html>\n"
    ).encode(encoding)


# (name, bytes, the text the checker must see): a browser's reading, not a guess.
MIXED = [
    pytest.param(
        UTF8_BOM + html_bytes('<meta charset="iso-8859-1">', "Café naïve", "utf-8"),
        "Café naïve",
        id="utf-8 BOM beats a latin-1 label",
    ),
    pytest.param(
        UTF16LE_BOM + html_bytes('<meta charset="utf-8">', "Ελληνικά", "utf-16-le"),
        "Ελληνικά",
        id="utf-16-le BOM beats a utf-8 label",
    ),
    pytest.param(
        UTF16BE_BOM + html_bytes('<meta charset="windows-1252">', "日本語", "utf-16-be"),
        "日本語",
        id="utf-16-be BOM beats a windows-1252 label",
    ),
    pytest.param(
        html_bytes('<meta charset="windows-1252"><meta charset="utf-8">', "Caf\xe9", "cp1252"),
        "Café",
        id="first of two conflicting labels wins",
    ),
    pytest.param(
        html_bytes('<meta charset="shift_jis">', "東京の記者", "shift_jis"),
        "東京の記者",
        id="shift_jis",
    ),
    pytest.param(
        html_bytes('<meta charset="utf-8">', "Caf\xc3\xa9 and caf\x92s", "latin-1"),
        "Café and caf\ufffds",
        id="utf-8 page with a stray windows-1252 byte",
    ),
    pytest.param(
        html_bytes(
            "<!--" + " " * 1100 + '--><meta charset="windows-1252">', "caf\xc3\xa9", "latin-1"
        ),
        "café",
        id="a label after the first 1024 bytes is not read (utf-8)",
    ),
    pytest.param(
        html_bytes('<meta charset="utf-7">', "+AOk-", "ascii"),
        "+AOk-",
        id="utf-7 label is not honoured (it can hide markup)",
    ),
]


@pytest.mark.parametrize(("data", "seen"), MIXED)
def test_contradicting_encodings_are_read_as_a_browser_would(
    tmp_path: Path, data: bytes, seen: str
) -> None:
    (tmp_path / "page.html").write_bytes(data)
    text, binary = decode(data)
    assert not binary
    assert seen in text
    found = check_paths([tmp_path / "page.html"], CheckConfig(), jobs=1).findings
    assert [(f.line, f.rule) for f in found] == [(5, "ai-boilerplate")]


@pytest.mark.parametrize(
    "label",
    ["base64", "hex", "zlib", "rot13", "uu", "idna", "punycode", "unicode_escape", "utf-7", "mbcs"],
)
def test_a_label_no_browser_knows_is_read_as_utf8_not_decoded_with_it(
    tmp_path: Path, label: str
) -> None:
    """Python's codecs include non-text ones (an exception for every page, which stopped
    the whole check) and ones browsers refuse (text no reader sees, so a phrase could
    hide): both are read as UTF-8, as a browser reads an unknown label."""
    data = html_bytes(
        f'<meta charset="{label}">', "+ADw-b+AD4-bold+ADw-/b+AD4- caf\xc3\xa9", "latin-1"
    )
    (tmp_path / "page.html").write_bytes(data)
    assert decode(data) == (data.decode("utf-8"), False)
    result = runner.invoke(app, ["check", str(tmp_path / "page.html"), "-j", "1"])
    assert result.exit_code == 1, result.output
    assert "ai-boilerplate" in result.stdout


def test_a_site_of_pages_in_different_encodings_is_checked_page_by_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for number, param in enumerate(MIXED):
        (site / f"page-{number}.html").write_bytes(param.values[0])
    # No browser reads UTF-32 (its BOM starts like UTF-16's): junk or a page, never a crash.
    (site / "utf-32.html").write_bytes(b"\xff\xfe\x00\x00" + html_bytes("", "x", "utf-32-le"))

    result = runner.invoke(app, ["check", str(site), "--format", "json", "-j", "1"])

    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    by_page = {(Path(f["path"]).name, f["rule"]) for f in findings}
    for number in range(len(MIXED)):
        assert (f"page-{number}.html", "ai-boilerplate") in by_page
    assert all(f["rule"] != "unreadable" for f in findings if "page-" in f["path"])


# --- a tree of 50,000 pages -----------------------------------------------------------------

PAGES, PER_DIRECTORY = 50_000, 1_000


@pytest.mark.slow
def test_fifty_thousand_pages_are_checked_in_bounded_memory(tmp_path: Path) -> None:
    site = tmp_path / "site"
    template = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Page {n}</title>'
        '</head><body><main><h1 id="part-2">Page {n}</h1>\n'
        '<p>Story {n}, then <a href="../d{next_dir}/p{next}.html#part-2">the next</a>.</p>\n'
        "</main></body></html>\n"
    )
    for number in range(PAGES):
        directory = site / f"d{number // PER_DIRECTORY:02d}"
        if number % PER_DIRECTORY == 0:
            directory.mkdir(parents=True)
        following = (number + 1) % PAGES
        (directory / f"p{number}.html").write_text(
            template.format(n=number, next=following, next_dir=f"{following // PER_DIRECTORY:02d}"),
            encoding="utf-8",
        )
    (site / "d07" / "p7001.html").write_text(page(f"<p>{REFUSAL}</p>"), encoding="utf-8")

    run = run_check(["site", "--format", "json"], tmp_path, timeout=900)

    assert run.code == 1, run.stderr
    report = json.loads(run.stdout)
    assert report["checked"] == PAGES
    # One page lost its id="part-2" and one page said what it should not: nothing else.
    assert sorted((f["path"], f["rule"]) for f in report["findings"]) == [
        ("site/d07/p7000.html", "broken-anchor"),
        ("site/d07/p7001.html", "ai-boilerplate"),
    ]
    assert run.peak_mib < PEAK_MEMORY_LIMIT_MIB, run


# --- symlink loops --------------------------------------------------------------------------


@pytest.fixture
def looped_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    site = Path("site")
    (site / "a" / "b").mkdir(parents=True)
    (site / "index.html").write_text(
        page(
            '<p><a href="x.html#top">x</a> <a href="self.html">self</a> '
            '<a href="a/b/up/index.html">up</a> <a href="a/loop/">loop</a> '
            '<a href="chain-0.html">chain</a></p>\n'
            f"<p>{REFUSAL}</p>"
        ),
        encoding="utf-8",
    )
    (site / "x.html").symlink_to("y.html")  # x -> y -> x
    (site / "y.html").symlink_to("x.html")
    (site / "self.html").symlink_to("self.html")
    (site / "a" / "b" / "up").symlink_to("../..", target_is_directory=True)  # a directory loop
    (site / "a" / "loop").symlink_to("loop-2")  # a -> b -> a, as directories
    (site / "a" / "loop-2").symlink_to("loop")
    for number in range(45):  # longer than the kernel follows (40)
        (site / f"chain-{number}.html").symlink_to(f"chain-{number + 1}.html")
    (site / "chain-45.html").write_text(page("<p>The end of the chain.</p>"), encoding="utf-8")
    return site


def test_symlink_loops_in_a_tree_are_skipped_and_links_into_them_reported(
    looped_site: Path,
) -> None:
    result = check_paths([looped_site], CheckConfig(), jobs=1)
    assert "site/index.html" in result.documents
    assert not any(name.startswith(("site/x", "site/y", "site/self")) for name in result.documents)
    assert not any("/up/" in name or "/loop" in name for name in result.documents)
    assert sorted((f.path, f.rule, f.message.split('"')[1]) for f in result.findings) == [
        ("site/index.html", "ai-boilerplate", "I cannot create a news article"),
        ("site/index.html", "broken-link", "a/loop/"),
        ("site/index.html", "broken-link", "self.html"),
        ("site/index.html", "broken-link", "x.html#top"),
    ]


@pytest.mark.parametrize("name", ["x.html", "self.html", "a/loop"])
def test_a_symlink_loop_named_on_the_command_line_is_a_clear_error(
    looped_site: Path, name: str
) -> None:
    result = runner.invoke(app, ["check", f"site/{name}"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"newsdocs: error: site/{name}: a symbolic link that leads nowhere (to a missing "
        "file, or round in a loop)\n"
    )


def test_checking_through_a_directory_loop_terminates(looped_site: Path) -> None:
    run = run_check(["site/a/b/up", "-j", "1"], looped_site.parent, timeout=120)
    assert run.code == 1
    assert run.stderr == ""
    assert "site/a/b/up/index.html:" in run.stdout
