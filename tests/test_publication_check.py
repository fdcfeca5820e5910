"""The publication gate inside the build: findings fail the build at the reST line to fix."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from newsdocs.check import check_paths

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture
def gate_site(tmp_path: Path) -> Path:
    target = tmp_path / "gate"
    shutil.copytree(ROOTS / "test-gate", target)
    return target


def findings_in_warnings(warnings: str) -> list[tuple[str, str, str]]:
    """(source line, level, rule) for each newsdocs check message Sphinx printed."""
    pattern = re.compile(r"leaky\.rst:(\d+): (ERROR|WARNING): .*\[newsdocs\.check\.([a-z-]+)\]")
    return [match.groups() for match in pattern.finditer(warnings)]


@pytest.mark.sphinx("newshtml", testroot="gate")
def test_findings_are_reported_at_the_rest_line(app: SphinxTestApp) -> None:
    app.build()
    found = findings_in_warnings(app.warning.getvalue())
    assert ("10", "ERROR", "spacing") in found
    assert ("12", "ERROR", "ai-boilerplate") in found
    assert ("18", "ERROR", "cms-boilerplate") in found


@pytest.mark.sphinx("newshtml", testroot="gate")
def test_rest_suppression_comment_silences_the_next_element_only(app: SphinxTestApp) -> None:
    app.build()
    found = findings_in_warnings(app.warning.getvalue())
    assert [line for line, _, rule in found if rule == "spacing"] == ["10"]
    page = (app.outdir / "articles" / "leaky.html").read_text(encoding="utf-8")
    assert "<!-- newsdocs: ignore spacing -->" in page


@pytest.mark.sphinx(
    "newshtml", testroot="gate", confoverrides={"newsdocs_check_ignore": ["cms-boilerplate"]}
)
def test_conf_py_configures_the_gate(app: SphinxTestApp) -> None:
    app.build()
    rules = {rule for _, _, rule in findings_in_warnings(app.warning.getvalue())}
    assert "cms-boilerplate" not in rules
    assert {"spacing", "ai-boilerplate"} <= rules


@pytest.mark.sphinx("newshtml", testroot="gate", confoverrides={"newsdocs_check": False})
def test_the_gate_can_be_switched_off(app: SphinxTestApp) -> None:
    app.build()
    assert "newsdocs.check" not in app.warning.getvalue()


@pytest.mark.sphinx("newshtml", testroot="gate", confoverrides={"newsdocs_check": False})
def test_standalone_check_names_the_rest_source(app: SphinxTestApp) -> None:
    app.build()
    result = check_paths([app.outdir], jobs=1)
    sources = {(f.rule, f.source) for f in result.findings}
    assert ("spacing", "articles/leaky.rst:10") in sources
    assert ("ai-boilerplate", "articles/leaky.rst:12") in sources


def test_newsdocs_build_fails_on_findings_and_publishes_nothing(gate_site: Path) -> None:
    from typer.testing import CliRunner

    from newsdocs.cli import app

    result = CliRunner().invoke(app, ["build", str(gate_site), "-q"])
    assert result.exit_code == 1
    assert re.search(
        r"articles/leaky\.rst:10: ERROR: .*\[newsdocs\.check\.spacing\]", result.stderr
    )
    assert not (gate_site / "_build" / "html").exists()
