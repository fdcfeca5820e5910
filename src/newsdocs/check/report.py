"""Reports of a check run: text for people, JSON (a public contract), SARIF 2.1.0 for code
scanning and JUnit XML for CI dashboards; plus the rule listing of ``newsdocs rules``.

Every renderer returns text and never fails on what a page put into a message: control
characters, lone surrogates from undecodable file names and XML-invalid characters are
escaped for the format at hand.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from enum import StrEnum
from importlib import metadata
from pathlib import Path, PurePath
from urllib.parse import quote

from lxml import etree
from rich.table import Table
from rich.text import Text

from newsdocs.check.engine import CheckResult
from newsdocs.check.findings import Finding, Severity
from newsdocs.check.registry import RULES
from newsdocs.check.rule import Rule

JSON_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"
JUNIT_SUITE = "newsdocs check"
EPUB_MEMBER_SEPARATOR = "!/"
TEXT_WIDTH = 88

# One line per finding: a message may carry terminal escapes, newlines or bidi overrides
# (which reorder what the terminal shows) from the page.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# Not allowed in XML 1.0, or (DEL and C1) allowed but acted on by terminals showing the file.
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# JSON leaves these raw unless asked for ASCII; \u escapes keep the value and spare terminals.
_JSON_RAW_CONTROL = re.compile("[\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SOURCE_LINE = re.compile(r"^(?P<path>.+):(?P<line>[0-9]+)$")


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"


class RulesFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def fails(finding: Finding, *, strict: bool = False) -> bool:
    """Whether a finding fails the check: errors always, warnings too when strict."""
    return strict or finding.severity == Severity.ERROR


def render(result: CheckResult, report_format: ReportFormat, *, strict: bool = False) -> str:
    if report_format == ReportFormat.JSON:
        return render_json(result)
    if report_format == ReportFormat.SARIF:
        return render_sarif(result)
    if report_format == ReportFormat.JUNIT:
        return render_junit(result, strict=strict)
    return render_text(result)


# --- escaping -------------------------------------------------------------------------------


def _escape_control(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Text safe on one terminal line: control characters and lone surrogates escaped."""
    return _CONTROL.sub(_escape_control, text.replace("\t", " "))


def _json_safe(text: str | None) -> str | None:
    """JSON escapes controls itself; lone surrogates (undecodable file names) cannot be UTF-8."""
    return None if text is None else _SURROGATE.sub(_escape_control, text)


def _json_dumps(data: object) -> str:
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _JSON_RAW_CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub(_escape_control, text)


# --- text -----------------------------------------------------------------------------------


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _sorted(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.path, f.line or 0, f.rule, f.message))


def _documents(result: CheckResult) -> list[str]:
    """The checked documents, plus any path a finding names that the result does not list."""
    documents = dict.fromkeys(result.documents)
    for finding in result.findings:
        documents.setdefault(finding.path)
    return list(documents)


def summary_line(result: CheckResult) -> str:
    """``3 errors, 1 warning in 2 of 10 documents``."""
    total = max(result.checked, len(_documents(result)))
    if total == 0:
        return "No documents found to check"
    if not result.findings:
        return f"No problems in {_plural(total, 'document')}"
    affected = len({finding.path for finding in result.findings})
    counts = f"{_plural(result.errors, 'error')}, {_plural(result.warnings, 'warning')}"
    return f"{counts} in {affected} of {_plural(total, 'document')}"


def finding_line(finding: Finding) -> str:
    """``path:line: rule-id: message`` (no line number when it is not known)."""
    where = finding.path if finding.line is None else f"{finding.path}:{finding.line}"
    return printable(f"{where}: {finding.rule}: {finding.message}")


def _finding_lines(finding: Finding) -> list[str]:
    lines = [finding_line(finding)]
    if finding.source:
        lines.append(f"  source: {printable(finding.source)}")
    return lines


def render_text(result: CheckResult) -> str:
    """Findings grouped by file (a blank line between files), then the summary line."""
    lines: list[str] = []
    previous: str | None = None
    for finding in _sorted(result.findings):
        if previous is not None and finding.path != previous:
            lines.append("")
        previous = finding.path
        lines.extend(_finding_lines(finding))
    if lines:
        lines.append("")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def summary_table(result: CheckResult) -> Table:
    """Findings per rule, most frequent first: for people at a terminal, never for files."""
    counts = Counter(finding.rule for finding in result.findings)
    severities = {finding.rule: finding.severity for finding in result.findings}
    table = Table()
    table.add_column("Rule")
    table.add_column("Count", justify="right")
    table.add_column("Severity")
    for rule_id, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        severity = severities[rule_id]
        style = "red" if severity == Severity.ERROR else "yellow"
        table.add_row(Text(rule_id), str(count), Text(str(severity), style=style))
    return table


# --- JSON -----------------------------------------------------------------------------------


def _finding_json(finding: Finding) -> dict[str, object]:
    data = finding.to_json()
    for key in ("path", "source", "message"):
        value = data[key]
        data[key] = _json_safe(value if isinstance(value, str) else None)
    return data


def render_json(result: CheckResult) -> str:
    """The public JSON report: ``{"version": 1, "checked": n, "findings": [...]}``."""
    report = {
        "version": JSON_VERSION,
        "checked": result.checked,
        "findings": [_finding_json(finding) for finding in _sorted(result.findings)],
    }
    return _json_dumps(report)


# --- SARIF ----------------------------------------------------------------------------------


def newsdocs_version() -> str:
    try:
        return metadata.version("newsdocs")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0+unknown"


def _uri_of_file(path: str, base: Path) -> tuple[str, bool]:
    """A URI for a file path and whether it is relative to ``base`` (the %SRCROOT%).

    Relative paths stay relative (they are relative to the current directory, the base, or
    for reST sources to the project); absolute ones inside ``base`` are made relative; the
    rest become absolute ``file:`` URIs.
    """
    if not PurePath(path).is_absolute():
        normal = posixpath.normpath(PurePath(path).as_posix())
        if normal != ".." and not normal.startswith("../"):
            return quote(normal), True
    # abspath, not resolve(): a symlinked checkout must keep the paths people gave
    absolute = Path(os.path.abspath(path))  # noqa: PTH100
    try:
        relative = absolute.relative_to(base)
    except ValueError:
        return absolute.as_uri(), False
    return quote(relative.as_posix()), True


def artifact_location(path: str, base: Path) -> dict[str, str]:
    """SARIF artifactLocation for a document path; EPUB members keep the ``book.epub!/`` form."""
    container, separator, member = path.partition(EPUB_MEMBER_SEPARATOR)
    uri, relative = _uri_of_file(_json_safe(container) or "", base)
    if separator:
        uri += EPUB_MEMBER_SEPARATOR + quote(_json_safe(member) or "")
    location = {"uri": uri}
    if relative:
        location["uriBaseId"] = SRCROOT
    return location


def _physical_location(path: str, line: int | None, base: Path) -> dict[str, object]:
    physical: dict[str, object] = {"artifactLocation": artifact_location(path, base)}
    if line is not None and line > 0:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


def split_source(source: str) -> tuple[str, int | None]:
    """``articles/x.rst:12`` -> (``articles/x.rst``, 12); a source without a line keeps None."""
    matched = _SOURCE_LINE.match(source)
    if matched is None:
        return source, None
    return matched.group("path"), int(matched.group("line"))


def _sarif_rule(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": rule.explanation},
        "defaultConfiguration": {"level": str(rule.severity)},
    }


def _sarif_result(finding: Finding, rule_index: dict[str, int], base: Path) -> dict[str, object]:
    page = _physical_location(finding.path, finding.line, base)
    result: dict[str, object] = {
        "ruleId": finding.rule,
        "level": str(finding.severity),
        "message": {"text": _json_safe(finding.message)},
    }
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    if finding.source:
        # The reST file is what lives in the repository, so code scanning shows it; the built
        # page is kept as a related location.
        source_path, source_line = split_source(finding.source)
        result["locations"] = [_physical_location(source_path, source_line, base)]
        result["relatedLocations"] = [{"id": 1, **page, "message": {"text": "built page"}}]
    else:
        result["locations"] = [page]
    return result


def sarif_report(
    result: CheckResult, *, base: Path | None = None, rules: Sequence[Rule] = RULES
) -> dict[str, object]:
    """The SARIF log as a dict; relative paths are taken relative to ``base`` (default: cwd)."""
    base = Path(os.path.abspath(base or Path.cwd()))  # noqa: PTH100
    rule_index = {rule.id: index for index, rule in enumerate(rules)}
    run = {
        "tool": {
            "driver": {
                "name": "newsdocs",
                "version": newsdocs_version(),
                "rules": [_sarif_rule(rule) for rule in rules],
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": base.as_uri() + "/"}},
        "results": [
            _sarif_result(finding, rule_index, base) for finding in _sorted(result.findings)
        ],
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(result: CheckResult, *, base: Path | None = None) -> str:
    return _json_dumps(sarif_report(result, base=base))


# --- JUnit XML ------------------------------------------------------------------------------


def _failure_summary(failing: Sequence[Finding]) -> str:
    errors = sum(1 for finding in failing if finding.severity == Severity.ERROR)
    warnings = len(failing) - errors
    counts = [_plural(errors, "error")] if errors else []
    if warnings:
        counts.append(_plural(warnings, "warning"))
    rule_ids = ", ".join(sorted({finding.rule for finding in failing}))
    return f"{', '.join(counts)}: {rule_ids}"


def _lines_of(findings: Iterable[Finding]) -> str:
    return "\n".join(line for finding in findings for line in _finding_lines(finding)) + "\n"


def render_junit(result: CheckResult, *, strict: bool = False) -> str:
    """One testsuite, one testcase per document; failing findings fail it, the rest go to
    system-out."""
    by_document: dict[str, list[Finding]] = {path: [] for path in _documents(result)}
    for finding in _sorted(result.findings):
        by_document[finding.path].append(finding)
    failed = sum(1 for found in by_document.values() if any(fails(f, strict=strict) for f in found))
    counts = {"tests": str(len(by_document)), "failures": str(failed), "errors": "0"}
    suites = etree.Element("testsuites")
    suites.attrib.update({"name": "newsdocs", **counts})
    suite = etree.SubElement(suites, "testsuite")
    suite.attrib.update({"name": JUNIT_SUITE, **counts, "skipped": "0"})
    for path, found in by_document.items():
        case = etree.SubElement(suite, "testcase", name=_xml_safe(path), classname=JUNIT_SUITE)
        failing = [finding for finding in found if fails(finding, strict=strict)]
        passing = [finding for finding in found if not fails(finding, strict=strict)]
        if failing:
            failure = etree.SubElement(
                case, "failure", message=_xml_safe(_failure_summary(failing)), type="newsdocs"
            )
            failure.text = _xml_safe(_lines_of(failing))
        if passing:
            etree.SubElement(case, "system-out").text = _xml_safe(_lines_of(passing))
    xml: bytes = etree.tostring(suites, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return xml.decode("utf-8")


# --- newsdocs rules -------------------------------------------------------------------------


def render_rules(report_format: RulesFormat, rules: Sequence[Rule] = RULES) -> str:
    """Every rule with its id, default severity, summary and explanation."""
    if report_format == RulesFormat.JSON:
        listing = [
            {
                "id": rule.id,
                "severity": str(rule.severity),
                "summary": rule.summary,
                "explanation": rule.explanation,
            }
            for rule in rules
        ]
        return json.dumps({"version": JSON_VERSION, "rules": listing}, indent=2) + "\n"
    blocks = []
    for rule in rules:
        explanation = textwrap.fill(
            rule.explanation,
            TEXT_WIDTH,
            initial_indent="    ",
            subsequent_indent="    ",
            break_on_hyphens=False,
            break_long_words=False,
        )
        blocks.append(f"{rule.id} ({rule.severity})\n    {rule.summary}\n\n{explanation}\n")
    return "\n".join(blocks)
