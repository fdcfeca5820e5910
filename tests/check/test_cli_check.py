"""`newsdocs check` and `newsdocs rules`, run for real on files in a temporary tree."""

from __future__ import annotations

import ast
import json
import os
import pty
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner, Result

from newsdocs.check import CheckConfig, check_paths
from newsdocs.check.registry import RULES, RULES_BY_ID
from newsdocs.cli import app, show_summary_table

from .conftest import page, write_files

runner = CliRunner()

CLEAN = page("<p>The council met on Tuesday and approved the budget.</p>")
# page() puts the body on line 8.
REFUSAL = page(
    "<p>The council met on Tuesday.</p>\n"
    "<p>I cannot create a news article based on the provided input.</p>"
)
REFUSAL_LINE = 9
NO_ALT = page('<p>The mayor spoke.</p>\n<img src="photo.jpg">')
NO_ALT_LINE = 9
XHTML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
    '<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">\n'
    "<head><title>Page</title></head>\n<body>\n<p>The budget passed.</p>\n</body>\n</html>\n"
)
TRACEBACK = "Traceback (most recent call last)"
# What a rich table or progress bar would leave in the output.
TERMINAL_CHROME = re.compile("[\u2500-\u259f]|\x1b\\[")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty ``site`` directory; the current directory is its parent (no pyproject)."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "site"
    root.mkdir()
    return root


def check(*args: str) -> Result:
    return runner.invoke(app, ["check", *args])


def assert_one_line_error(result: Result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("newsdocs: error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert TRACEBACK not in result.stderr


# --- exit codes -----------------------------------------------------------------------------


def test_clean_site_exits_0(site: Path) -> None:
    write_files(site, {"a.html": CLEAN, "b/c.html": CLEAN, "photo.jpg": b"jpeg"})
    result = check("site")
    assert result.exit_code == 0, result.output
    assert result.stdout == "No problems in 2 documents\n"
    assert result.stderr == ""


def test_an_error_exits_1_with_path_line_rule_and_message(site: Path) -> None:
    write_files(site, {"a.html": CLEAN, "news/b.html": REFUSAL})
    result = check("site")
    assert result.exit_code == 1
    first, summary = result.stdout.splitlines()[0], result.stdout.splitlines()[-1]
    assert first.startswith(f"site/news/b.html:{REFUSAL_LINE}: ai-boilerplate: ")
    assert "I cannot create a news article" in first
    assert summary == "1 error, 0 warnings in 1 of 2 documents"


def test_warnings_pass_unless_strict(site: Path) -> None:
    write_files(site, {"a.html": NO_ALT, "photo.jpg": b"jpeg"})
    write_files(
        site.parent,
        {"pyproject.toml": '[tool.newsdocs.check]\nseverity = { missing-alt = "warning" }\n'},
    )
    result = check("site")
    assert result.exit_code == 0, result.output
    assert f"site/a.html:{NO_ALT_LINE}: missing-alt: " in result.stdout
    assert result.stdout.splitlines()[-1] == "0 errors, 1 warning in 1 of 1 document"
    assert check("site", "--strict").exit_code == 1


def test_several_paths_files_directories_and_epubs(site: Path) -> None:
    write_files(
        site, {"a.html": CLEAN, "deep/er/b.htm": REFUSAL, "c.xhtml": XHTML, "notes.txt": "x"}
    )
    (site.parent / "single.html").write_text(CLEAN, encoding="utf-8")
    (site / "broken.epub").write_bytes(b"PK\x03\x04 not really a zip")
    result = check("site", "single.html", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["checked"] == 5
    assert sorted((f["path"], f["rule"]) for f in report["findings"]) == [
        ("site/broken.epub", "unreadable"),
        ("site/deep/er/b.htm", "ai-boilerplate"),
    ]


def test_a_page_named_twice_is_checked_once(site: Path) -> None:
    write_files(site, {"a.html": REFUSAL})
    report = json.loads(check("site", "site/a.html", "./site/a.html", "--format", "json").stdout)
    assert report["checked"] == 1
    assert [f["path"] for f in report["findings"]] == ["site/a.html"]


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["missing-dir"], ["missing-dir", "no such file or directory"]),
        (["site", "--format", "yaml"], ["--format", "yaml"]),
        (["site", "--jobs", "0"], ["--jobs", "at least 1"]),
        (["site", "--select", "no-such-rule"], ["--select", "no-such-rule"]),
        (["site", "--ignore", "ai-boilerplate,bogus"], ["--ignore", "bogus"]),
        (["site", "--config", "missing.toml"], ["missing.toml"]),
        (["site", "--output", "no/such/dir/report.json"], ["no/such/dir/report.json"]),
    ],
)
def test_usage_and_io_errors_exit_2_with_one_line(
    site: Path, args: list[str], fragments: list[str]
) -> None:
    write_files(site, {"a.html": REFUSAL})
    assert_one_line_error(check(*args), *fragments)


def test_bad_command_line_syntax_exits_2() -> None:
    assert runner.invoke(app, ["check"]).exit_code == 2
    assert runner.invoke(app, ["check", "--no-such-option", "x"]).exit_code == 2


# --- output ---------------------------------------------------------------------------------


def test_output_file_gets_the_report_and_stderr_the_summary(site: Path) -> None:
    write_files(site, {"a.html": REFUSAL, "b.html": CLEAN})
    report_file = site.parent / "report.json"
    result = check("site", "--format", "json", "--output", str(report_file))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "1 error, 0 warnings in 1 of 2 documents\n"
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert [(f["path"], f["line"], f["rule"]) for f in report["findings"]] == [
        ("site/a.html", REFUSAL_LINE, "ai-boilerplate")
    ]


def test_json_output_matches_the_library_result(site: Path) -> None:
    write_files(site, {"a.html": REFUSAL, "b.html": NO_ALT, "c.html": CLEAN})
    result = check("site", "--format", "json")
    expected = check_paths([Path("site")], CheckConfig(), jobs=1)
    assert json.loads(result.stdout) == {
        "version": 1,
        "checked": 3,
        "findings": [finding.to_json() for finding in expected.findings],
    }


def test_sarif_output_from_the_cli(site: Path) -> None:
    write_files(site, {"a.html": REFUSAL})
    result = check("site", "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    (sarif_result,) = log["runs"][0]["results"]
    assert sarif_result["ruleId"] == "ai-boilerplate"
    location = sarif_result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "site/a.html"
    assert location["region"]["startLine"] == REFUSAL_LINE


def test_junit_output_from_the_cli(site: Path) -> None:
    write_files(site, {"a.html": REFUSAL, "b.html": CLEAN})
    result = check("site", "--format", "junit")
    assert result.exit_code == 1
    suite = etree.fromstring(result.stdout.encode()).find("testsuite")
    assert suite is not None
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert set(cases) == {"site/a.html", "site/b.html"}
    assert cases["site/a.html"].find("failure") is not None
    assert cases["site/b.html"].find("failure") is None


@pytest.mark.parametrize("report_format", ["text", "json", "sarif", "junit"])
def test_no_terminal_chrome_when_not_on_a_terminal(site: Path, report_format: str) -> None:
    pages = {f"p{i:02}.html": REFUSAL for i in range(25)}  # enough for a progress bar
    write_files(site, pages)
    result = check("site", "--format", report_format, "--jobs", "1")
    assert result.exit_code == 1
    assert not TERMINAL_CHROME.search(result.stdout)
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("report_format", "to_file", "stdout_tty", "stderr_tty", "shown"),
    [
        ("text", False, True, True, True),  # a person running it
        ("text", False, False, True, False),  # piped into a file or less: keep it clean
        ("text", False, True, False, False),
        ("json", False, True, True, False),  # the JSON is on the terminal: no mixing
        ("json", True, False, True, True),  # the report went to a file
        ("sarif", True, True, True, True),
        ("junit", True, True, False, False),  # CI log
        ("text", True, False, False, False),
    ],
)
def test_when_the_summary_table_is_shown(
    report_format: str, to_file: bool, stdout_tty: bool, stderr_tty: bool, shown: bool
) -> None:
    decision = show_summary_table(
        report_format, to_file=to_file, stdout_terminal=stdout_tty, stderr_terminal=stderr_tty
    )
    assert decision is shown


def run_with_terminal_stderr(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run the real command with stderr on a pseudo-terminal and stdout on a pipe."""
    controller, terminal = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(controller, 65536)
            except OSError:  # EIO: the terminal side was closed
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain)
    reader.start()
    # rich reads these; a developer's or CI's settings must not change what is tested
    overrides = ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "LINES")
    env = {key: value for key, value in os.environ.items() if key not in overrides}
    env |= {"TERM": "xterm-256color", "COLUMNS": "100"}
    try:
        process = subprocess.run(
            [sys.executable, "-m", "newsdocs", *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=terminal,
            env=env,
            timeout=120,
            check=False,
        )
    finally:
        os.close(terminal)
        reader.join(timeout=30)
        os.close(controller)
    return process.returncode, process.stdout.decode(), b"".join(chunks).decode(errors="replace")


def test_on_a_terminal_stderr_gets_progress_and_table_but_the_report_stays_clean(
    site: Path,
) -> None:
    write_files(site, {f"p{i:02}.html": REFUSAL for i in range(24)})
    write_files(site, {"q.html": NO_ALT, "photo.jpg": b"jpeg"})
    code, stdout, stderr = run_with_terminal_stderr(
        ["check", "site", "--format", "json", "--output", "report.json", "-j", "1"], site.parent
    )
    assert code == 1
    assert stdout == ""
    assert json.loads((site.parent / "report.json").read_text())["checked"] == 25
    table_rows = [line for line in stderr.splitlines() if "ai-boilerplate" in line]
    assert table_rows and "24" in table_rows[-1]
    assert any("missing-alt" in line for line in stderr.splitlines())
    assert "25 errors, 0 warnings in 25 of 25 documents" in stderr
    assert "Checking" in stderr  # the progress bar

    code, stdout, stderr = run_with_terminal_stderr(
        ["check", "site", "--format", "json", "-j", "1"], site.parent
    )
    assert code == 1
    assert not TERMINAL_CHROME.search(stdout)
    assert json.loads(stdout)["checked"] == 25
    assert "ai-boilerplate" not in stderr  # no table next to JSON on the screen


def test_a_real_subprocess_with_the_console_entry_point(site: Path) -> None:
    write_files(site, {f"p{i:02}.html": CLEAN for i in range(18)})

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "newsdocs", "check", *args],
            cwd=site.parent,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    clean = run("site", "-j", "2")  # 18 documents: the spawn pool really starts
    assert (clean.returncode, clean.stdout, clean.stderr) == (
        0,
        "No problems in 18 documents\n",
        "",
    )
    write_files(site, {"p05.html": REFUSAL})
    failing = run("site", "-j", "2")
    assert failing.returncode == 1
    assert failing.stdout.startswith(f"site/p05.html:{REFUSAL_LINE}: ai-boilerplate: ")
    missing = run("nowhere")
    assert missing.returncode == 2
    assert missing.stderr == "newsdocs: error: nowhere: no such file or directory\n"
    assert TRACEBACK not in clean.stderr + failing.stderr + missing.stderr


# --- parallelism ----------------------------------------------------------------------------


def test_parallel_check_finds_exactly_what_a_serial_one_does(tmp_path: Path) -> None:
    bodies = [
        "<p>I cannot create a news article based on the provided input.</p>",
        '<img src="missing.png">',
        '<p><a href="p03.html#nowhere">see</a> and <a href="gone.html">this</a></p>',
        "<p>The council met,despite the rain.</p>",
        "<p>A clean paragraph about the budget.</p>",
    ]
    pages = {
        f"section{i % 3}/p{i:02}.html": page(bodies[i % len(bodies)] + f"\n<p id='s{i}'>x</p>")
        for i in range(40)
    }
    pages["section0/p03.html"] = page('<p id="here">x</p>')
    root = write_files(tmp_path / "site", pages)
    serial = check_paths([root], CheckConfig(), jobs=1)
    parallel = check_paths([root], CheckConfig(), jobs=2)
    assert serial.checked == parallel.checked == 40
    assert serial.findings  # the comparison means something
    assert len({f.rule for f in serial.findings}) >= 3
    assert parallel.findings == serial.findings
    assert parallel.documents == serial.documents


def test_a_second_run_in_the_same_process_sees_changed_pages(tmp_path: Path) -> None:
    """A Sphinx rebuild checks the same tree again in the same process: nothing is stale."""
    root = write_files(
        tmp_path / "site",
        {"a.html": page('<p><a href="b.html#new">x</a></p>'), "b.html": page('<p id="old">x</p>')},
    )
    first = check_paths([root], CheckConfig(), jobs=1).findings
    assert [f.rule for f in first] == ["broken-anchor"]
    write_files(root, {"b.html": page('<p id="new">x</p>')})
    assert check_paths([root], CheckConfig(), jobs=1).findings == []


# --- newsdocs rules -------------------------------------------------------------------------


def test_rules_lists_every_rule_with_severity_summary_and_explanation() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    for rule in RULES:
        assert rule.summary.strip(), rule.id
        assert rule.explanation.strip(), rule.id
        assert f"{rule.id} ({rule.severity})" in result.stdout
        assert rule.summary in result.stdout
        assert " ".join(rule.explanation.split()) in " ".join(result.stdout.split())


def test_rules_as_json() -> None:
    result = runner.invoke(app, ["rules", "--format", "json"])
    assert result.exit_code == 0
    listed = json.loads(result.stdout)["rules"]
    assert [rule["id"] for rule in listed] == [rule.id for rule in RULES]
    assert all(rule["summary"] and rule["explanation"] for rule in listed)
    assert {rule["severity"] for rule in listed} <= {"error", "warning"}


def test_rules_rejects_an_unknown_format() -> None:
    assert_one_line_error(runner.invoke(app, ["rules", "--format", "xml"]), "xml")


def _string_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_every_rule_id_is_exercised_by_some_test() -> None:
    """A cheap guard that each rule has samples: its id appears in a test's string literal."""
    literals = [
        literal
        for test_file in sorted(Path(__file__).parent.glob("test_*.py"))
        for literal in _string_literals(test_file)
    ]
    unexercised = [
        rule_id
        for rule_id in RULES_BY_ID
        if not any(
            re.search(rf"(?<![\w-]){re.escape(rule_id)}(?![\w-])", literal) for literal in literals
        )
    ]
    assert unexercised == []
