"""The report formats, on hand-made results: text, JSON, SARIF 2.1.0, JUnit XML, rules."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from lxml import etree
from rich.console import Console

from newsdocs.check import CheckResult, Finding, Severity
from newsdocs.check.registry import RULES
from newsdocs.check.report import (
    ReportFormat,
    RulesFormat,
    printable,
    render,
    render_json,
    render_junit,
    render_rules,
    render_sarif,
    render_text,
    split_source,
    summary_line,
    summary_table,
)

ERROR = Severity.ERROR
WARNING = Severity.WARNING


def finding(
    path: str = "site/a.html",
    line: int | None = 3,
    rule: str = "ai-boilerplate",
    severity: Severity = ERROR,
    message: str = "Language-model text is published.",
    source: str | None = None,
) -> Finding:
    return Finding(path, line, rule, severity, message, source)


def result(*findings: Finding, documents: tuple[str, ...] = ()) -> CheckResult:
    paths = dict.fromkeys((*documents, *(f.path for f in findings)))
    return CheckResult(checked=len(paths), findings=list(findings), documents=tuple(paths))


# --- text -----------------------------------------------------------------------------------


def test_text_lists_findings_grouped_by_file_then_the_summary() -> None:
    report = render_text(
        result(
            finding("site/b.html", 7, "broken-link", ERROR, 'link "c.html" is broken'),
            finding("site/a.html", 12, "spacing", WARNING, "missing space after ','"),
            finding("site/a.html", None, "unreadable", ERROR, "binary data"),
            finding("site/a.html", 3, source="articles/a.rst:9"),
            documents=("site/a.html", "site/b.html", "site/c.html"),
        )
    )
    assert report.splitlines() == [
        "site/a.html: unreadable: binary data",
        "site/a.html:3: ai-boilerplate: Language-model text is published.",
        "  source: articles/a.rst:9",
        "site/a.html:12: spacing: missing space after ','",
        "",
        'site/b.html:7: broken-link: link "c.html" is broken',
        "",
        "3 errors, 1 warning in 2 of 3 documents",
    ]


@pytest.mark.parametrize(
    ("findings", "documents", "expected"),
    [
        ([], ("a.html", "b.html"), "No problems in 2 documents"),
        ([], ("a.html",), "No problems in 1 document"),
        ([], (), "No documents found to check"),
        ([finding("a.html")], ("a.html",), "1 error, 0 warnings in 1 of 1 document"),
        (
            [finding("a.html", severity=WARNING), finding("a.html", 4, severity=WARNING)],
            ("a.html", "b.html", "c.html"),
            "0 errors, 2 warnings in 1 of 3 documents",
        ),
        (
            [finding("a.html"), finding("b.html", severity=WARNING)],
            ("a.html", "b.html"),
            "1 error, 1 warning in 2 of 2 documents",
        ),
    ],
)
def test_summary_line(findings: list[Finding], documents: tuple[str, ...], expected: str) -> None:
    assert summary_line(result(*findings, documents=documents)) == expected


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain text", "plain text"),
        ("tab\there", "tab here"),
        ("two\nlines", "two\\x0alines"),
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
        ("c1 \x9b control", "c1 \\x9b control"),
        ("undecodable \udcff name", "undecodable \\udcff name"),
        ("bidi \u202eevil\u202c", "bidi \\u202eevil\\u202c"),
        ("curly “quotes” and é", "curly “quotes” and é"),
    ],
)
def test_printable_escapes_what_a_terminal_would_act_on(raw: str, shown: str) -> None:
    assert printable(raw) == shown


def test_text_keeps_one_line_per_finding_whatever_the_message_holds() -> None:
    hostile = finding(message="line one\nline two\r\x1b]0;pwned\x07", source="x.rst:1\n2")
    lines = render_text(result(hostile)).splitlines()
    assert lines[0] == "site/a.html:3: ai-boilerplate: line one\\x0aline two\\x0d\\x1b]0;pwned\\x07"
    assert lines[1] == "  source: x.rst:1\\x0a2"
    assert "\x1b" not in render_text(result(hostile))


def test_summary_table_counts_findings_per_rule() -> None:
    table = summary_table(
        result(
            finding("a.html", 1, "broken-link"),
            finding("a.html", 2, "broken-link"),
            finding("b.html", 1, "spacing", WARNING),
        )
    )
    buffer = io.StringIO()
    Console(file=buffer, width=100, color_system=None).print(table)
    shown = buffer.getvalue()
    rows = [line for line in shown.splitlines() if "broken-link" in line or "spacing" in line]
    assert len(rows) == 2
    assert "broken-link" in rows[0] and "2" in rows[0] and "error" in rows[0]
    assert "spacing" in rows[1] and "1" in rows[1] and "warning" in rows[1]


# --- JSON -----------------------------------------------------------------------------------


def test_json_is_the_public_contract() -> None:
    report = json.loads(
        render_json(
            result(
                finding("site/b.html", None, "unreadable", ERROR, "binary data"),
                finding("site/a.html", 3, "spacing", WARNING, "x", source="articles/a.rst:9"),
                documents=("site/a.html", "site/b.html", "site/c.html"),
            )
        )
    )
    assert report == {
        "version": 1,
        "checked": 3,
        "findings": [
            {
                "rule": "spacing",
                "severity": "warning",
                "path": "site/a.html",
                "line": 3,
                "source": "articles/a.rst:9",
                "message": "x",
            },
            {
                "rule": "unreadable",
                "severity": "error",
                "path": "site/b.html",
                "line": None,
                "source": None,
                "message": "binary data",
            },
        ],
    }


def test_json_survives_undecodable_names_and_keeps_unicode() -> None:
    text = render_json(result(finding("site/\udcff.html", message="“quoted” é \x00")))
    text.encode("utf-8")  # a lone surrogate would make this fail
    data = json.loads(text)
    assert data["findings"][0]["path"] == "site/\\udcff.html"
    assert data["findings"][0]["message"] == "“quoted” é \x00"
    assert "“quoted”" in text  # not \u escapes: people read this too


# --- SARIF ----------------------------------------------------------------------------------

SARIF_LEVELS = {"none", "note", "warning", "error"}


def assert_sarif_essentials(log: Any) -> None:
    """The parts of the SARIF 2.1.0 schema that code scanning relies on, for what we emit."""
    assert log["version"] == "2.1.0"
    assert str(log["$schema"]).startswith("https://") and "sarif" in str(log["$schema"])
    runs = log["runs"]
    assert isinstance(runs, list) and len(runs) == 1
    run = runs[0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "newsdocs"
    assert isinstance(driver["version"], str) and driver["version"]
    rules = driver["rules"]
    assert [rule["id"] for rule in rules] == [rule.id for rule in RULES]
    for descriptor in rules:
        assert descriptor["shortDescription"]["text"].strip()
        assert descriptor["fullDescription"]["text"].strip()
        assert descriptor["defaultConfiguration"]["level"] in SARIF_LEVELS
    for base in run.get("originalUriBaseIds", {}).values():
        assert base["uri"].endswith("/") and urlsplit(base["uri"]).scheme == "file"
    for sarif_result in run["results"]:
        assert isinstance(sarif_result["message"]["text"], str)
        assert sarif_result["level"] in SARIF_LEVELS
        index = sarif_result["ruleIndex"]
        assert isinstance(index, int) and rules[index]["id"] == sarif_result["ruleId"]
        assert sarif_result["locations"], "code scanning needs a location"
        for location in [*sarif_result["locations"], *sarif_result.get("relatedLocations", [])]:
            physical = location["physicalLocation"]
            uri = physical["artifactLocation"]["uri"]
            assert uri and " " not in uri and "\\" not in uri
            if "uriBaseId" in physical["artifactLocation"]:
                assert urlsplit(uri).scheme == "" and not uri.startswith("/")
            else:
                assert urlsplit(uri).scheme == "file"
            if "region" in physical:
                line = physical["region"]["startLine"]
                assert isinstance(line, int) and line >= 1


def sarif(report_result: CheckResult, base: Path) -> Any:
    log = json.loads(render_sarif(report_result, base=base))
    assert_sarif_essentials(log)
    return log


def only_result(log: Any) -> Any:
    results = log["runs"][0]["results"]
    assert len(results) == 1
    return results[0]


def test_sarif_describes_the_tool_and_every_rule(tmp_path: Path) -> None:
    log = sarif(result(), tmp_path)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["version"] == metadata.version("newsdocs")
    by_id = {descriptor["id"]: descriptor for descriptor in driver["rules"]}
    for rule in RULES:
        assert by_id[rule.id]["shortDescription"]["text"] == rule.summary
        assert by_id[rule.id]["fullDescription"]["text"] == rule.explanation
        assert by_id[rule.id]["defaultConfiguration"]["level"] == str(rule.severity)
    assert log["runs"][0]["results"] == []


def test_sarif_result_points_at_the_page_line(tmp_path: Path) -> None:
    page = tmp_path / "site" / "a page.html"
    found = finding(str(page), 12, "broken-link", WARNING, 'link "x.html" is broken')
    sarif_result = only_result(sarif(result(found), tmp_path))
    assert sarif_result["ruleId"] == "broken-link"
    assert sarif_result["level"] == "warning"
    assert sarif_result["message"] == {"text": 'link "x.html" is broken'}
    assert sarif_result["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "site/a%20page.html", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 12},
            }
        }
    ]
    assert "relatedLocations" not in sarif_result


def test_sarif_makes_the_rest_source_primary_and_the_page_related(tmp_path: Path) -> None:
    found = finding("_build/html/a.html", 40, source="articles/a.rst:12")
    sarif_result = only_result(sarif(result(found), tmp_path))
    primary = sarif_result["locations"][0]["physicalLocation"]
    assert primary["artifactLocation"]["uri"] == "articles/a.rst"
    assert primary["region"] == {"startLine": 12}
    related = sarif_result["relatedLocations"][0]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "_build/html/a.html"
    assert related["physicalLocation"]["region"] == {"startLine": 40}


def test_sarif_without_a_line_has_no_region(tmp_path: Path) -> None:
    found = finding("book.epub", None, "unreadable", source="articles/a.rst")
    sarif_result = only_result(sarif(result(found), tmp_path))
    primary = sarif_result["locations"][0]["physicalLocation"]
    assert primary == {"artifactLocation": {"uri": "articles/a.rst", "uriBaseId": "%SRCROOT%"}}
    related = sarif_result["relatedLocations"][0]["physicalLocation"]
    assert "region" not in related


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("site/a.html", "site/a.html"),
        ("./site/./a.html", "site/a.html"),
        ("book.epub!/OEBPS/ch 1.xhtml", "book.epub!/OEBPS/ch%201.xhtml"),
        ("site/caf\u00e9:1.html", "site/caf%C3%A9%3A1.html"),
        ("site/\udcff.html", "site/%5Cudcff.html"),
    ],
)
def test_sarif_uris_are_relative_posix_uri_references(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, uri: str
) -> None:
    monkeypatch.chdir(tmp_path)
    sarif_result = only_result(sarif(result(finding(path)), tmp_path))
    artifact = sarif_result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": uri, "uriBaseId": "%SRCROOT%"}


def test_sarif_paths_outside_the_base_are_file_uris(tmp_path: Path) -> None:
    inside = tmp_path / "repo"
    outside = tmp_path / "elsewhere" / "a.html"
    sarif_result = only_result(sarif(result(finding(str(outside))), inside))
    artifact = sarif_result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": outside.as_uri()}


def test_sarif_levels_follow_each_findings_severity(tmp_path: Path) -> None:
    log = sarif(
        result(finding("a.html", 1, severity=ERROR), finding("a.html", 2, severity=WARNING)),
        tmp_path,
    )
    levels = [r["level"] for r in log["runs"][0]["results"]]
    assert levels == ["error", "warning"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("articles/x.rst:12", ("articles/x.rst", 12)),
        ("articles/x.rst", ("articles/x.rst", None)),
        ("C:/news/x.rst:3", ("C:/news/x.rst", 3)),
        ("articles/x.rst:", ("articles/x.rst:", None)),
    ],
)
def test_split_source(source: str, expected: tuple[str, int | None]) -> None:
    assert split_source(source) == expected


# --- JUnit ----------------------------------------------------------------------------------


def junit(report_result: CheckResult, *, strict: bool = False) -> etree._Element:
    text = render_junit(report_result, strict=strict)
    assert text.startswith("<?xml version='1.0' encoding='UTF-8'?>")
    root = etree.fromstring(text.encode("utf-8"))
    suites = root.findall("testsuite")
    assert len(suites) == 1 and suites[0].get("name") == "newsdocs check"
    return suites[0]


def test_junit_has_one_testcase_per_document_and_fails_those_with_errors() -> None:
    suite = junit(
        result(
            finding("site/a.html", 3, "broken-link", ERROR, 'link "x" is broken'),
            finding("site/a.html", 5, "ai-boilerplate", ERROR, "model text"),
            finding("site/b.html", 7, "spacing", WARNING, "missing space"),
            documents=("site/a.html", "site/b.html", "site/c.html"),
        )
    )
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert list(cases) == ["site/a.html", "site/b.html", "site/c.html"]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "0")

    failure = cases["site/a.html"].find("failure")
    assert failure is not None
    assert failure.get("message") == "2 errors: ai-boilerplate, broken-link"
    assert (failure.text or "").splitlines() == [
        'site/a.html:3: broken-link: link "x" is broken',
        "site/a.html:5: ai-boilerplate: model text",
    ]
    assert cases["site/a.html"].find("system-out") is None

    assert cases["site/b.html"].find("failure") is None
    out = cases["site/b.html"].find("system-out")
    assert out is not None and out.text == "site/b.html:7: spacing: missing space\n"

    assert len(cases["site/c.html"]) == 0  # a clean document is a passing, empty testcase


def test_junit_strict_fails_warnings_too() -> None:
    suite = junit(result(finding("b.html", 7, "spacing", WARNING, "missing space")), strict=True)
    case = suite.find("testcase")
    assert case is not None
    failure = case.find("failure")
    assert failure is not None and failure.get("message") == "1 warning: spacing"
    assert suite.get("failures") == "1"


def test_junit_lists_sources_and_documents_only_named_by_findings() -> None:
    suite = junit(
        CheckResult(
            checked=0, findings=[finding("book.epub", None, "unreadable", source="a.rst:2")]
        )
    )
    case = suite.find("testcase")
    assert case is not None and case.get("name") == "book.epub"
    failure = case.find("failure")
    assert failure is not None
    assert (
        failure.text
        == "book.epub: unreadable: Language-model text is published.\n  source: a.rst:2\n"
    )


def test_junit_escapes_markup_and_characters_xml_cannot_hold() -> None:
    hostile = "</failure><x a='1'>&amp; \x00\x01\x0c\x1b \ufffe \udcff ]]> “ok”"
    suite = junit(result(finding("a&b<c>.html", 3, message=hostile)))
    case = suite.find("testcase")
    assert case is not None and case.get("name") == "a&b<c>.html"
    failure = case.find("failure")
    assert failure is not None
    assert "</failure><x a='1'>&amp;" in (failure.text or "")
    assert "\\x00\\x01\\x0c\\x1b \\ufffe \\udcff ]]> “ok”" in (failure.text or "")


# --- dispatch and the rule listing ----------------------------------------------------------


@pytest.mark.parametrize("report_format", list(ReportFormat))
def test_render_dispatches_to_every_format(report_format: ReportFormat) -> None:
    text = render(result(finding()), report_format)
    parsers: dict[ReportFormat, Callable[[str], object]] = {
        ReportFormat.TEXT: lambda t: t.splitlines()[-1],
        ReportFormat.JSON: lambda t: json.loads(t)["version"],
        ReportFormat.SARIF: lambda t: json.loads(t)["version"],
        ReportFormat.JUNIT: lambda t: etree.fromstring(t.encode()).tag,
    }
    expected = {
        ReportFormat.TEXT: "1 error, 0 warnings in 1 of 1 document",
        ReportFormat.JSON: 1,
        ReportFormat.SARIF: "2.1.0",
        ReportFormat.JUNIT: "testsuites",
    }
    assert parsers[report_format](text) == expected[report_format]


def test_rules_listing_text_shows_every_rule() -> None:
    text = render_rules(RulesFormat.TEXT)
    for rule in RULES:
        assert f"{rule.id} ({rule.severity})\n    {rule.summary}\n" in text
        first_words = " ".join(rule.explanation.split()[:4])
        assert first_words in " ".join(text.split())


def test_rules_listing_json() -> None:
    data = json.loads(render_rules(RulesFormat.JSON))
    assert data["version"] == 1
    assert data["rules"] == [
        {
            "id": rule.id,
            "severity": str(rule.severity),
            "summary": rule.summary,
            "explanation": rule.explanation,
        }
        for rule in RULES
    ]
