"""[tool.newsdocs.check] end to end through the CLI: every key, discovery, and bad configs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from newsdocs.check.config import find_pyproject
from newsdocs.cli import app

from .conftest import page

runner = CliRunner()

# page() puts the body on line 8.
MIXED = page(
    "<p>I cannot create a news article based on the provided input.</p>\n"
    '<img src="photo.jpg">\n'
    '<p>Read <a href="gone.html">the earlier story</a>.</p>'
)
MIXED_FINDINGS = [(8, "ai-boilerplate"), (9, "missing-alt"), (10, "broken-link")]
TRACEBACK = "Traceback (most recent call last)"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project directory (the current directory) with site/a.html and site/photo.jpg."""
    monkeypatch.chdir(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text(MIXED, encoding="utf-8")
    (site / "photo.jpg").write_bytes(b"jpeg")
    return tmp_path


def configure(directory: Path, table: str, header: str = "[tool.newsdocs.check]") -> Path:
    pyproject = directory / "pyproject.toml"
    pyproject.write_text(f'[project]\nname = "paper"\n\n{header}\n{table}\n', encoding="utf-8")
    return pyproject


def check_json(*args: str) -> tuple[int, list[tuple[str, int | None, str, str]]]:
    result = runner.invoke(app, ["check", "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    findings = json.loads(result.stdout)["findings"]
    return result.exit_code, [(f["path"], f["line"], f["rule"], f["severity"]) for f in findings]


def rules_found(*args: str) -> list[tuple[int | None, str]]:
    return [(line, rule) for _, line, rule, _ in check_json(*args)[1]]


# --- each key -------------------------------------------------------------------------------


def test_without_config_every_rule_runs(project: Path) -> None:
    assert rules_found("site") == MIXED_FINDINGS


def test_select(project: Path) -> None:
    configure(project, 'select = ["broken-link", "missing-alt"]')
    assert rules_found("site") == [(9, "missing-alt"), (10, "broken-link")]


def test_ignore(project: Path) -> None:
    configure(project, 'ignore = ["missing-alt"]')
    assert rules_found("site") == [(8, "ai-boilerplate"), (10, "broken-link")]


def test_severity(project: Path) -> None:
    configure(
        project,
        'select = ["broken-link", "missing-alt"]\n'
        'severity = { broken-link = "warning", missing-alt = "warning" }',
    )
    code, findings = check_json("site")
    assert code == 0
    assert [(rule, severity) for _, _, rule, severity in findings] == [
        ("missing-alt", "warning"),
        ("broken-link", "warning"),
    ]
    assert check_json("site", "--strict")[0] == 1


def test_severity_as_a_sub_table(project: Path) -> None:
    configure(project, '[tool.newsdocs.check.severity]\nbroken-link = "warning"')
    code, findings = check_json("site", "--select", "broken-link")
    assert (code, [severity for *_, severity in findings]) == (0, ["warning"])
    configure(project, '[tool.newsdocs.check.severity]\nbroken-link = "error"')
    code, findings = check_json("site", "--select", "broken-link")
    assert (code, [severity for *_, severity in findings]) == (1, ["error"])


def test_per_path_ignores(project: Path) -> None:
    drafts = project / "site" / "drafts"
    drafts.mkdir()
    (drafts / "b.html").write_text(MIXED, encoding="utf-8")
    configure(project, '[tool.newsdocs.check.per-path-ignores]\n"*/drafts/*" = ["ai-boilerplate"]')
    _, findings = check_json("site", "--select", "ai-boilerplate,broken-link")
    assert [(path, rule) for path, _, rule, _ in findings] == [
        ("site/a.html", "ai-boilerplate"),
        ("site/a.html", "broken-link"),
        ("site/drafts/b.html", "broken-link"),
    ]


@pytest.mark.parametrize(
    ("table", "body", "rule"),
    [
        (
            'extra-placeholder-hosts = ["img.newsroom.test"]',
            '<img src="https://img.newsroom.test/council.jpg" alt="The council chamber">',
            "placeholder-image",
        ),
        (
            'extra-placeholder-phrases = ["photo to follow"]',
            '<img src="photo.jpg" alt="Photo to follow">',
            "placeholder-image",
        ),
        (
            'extra-ai-phrases = ["as your friendly newsroom assistant"]',
            "<p>As your friendly newsroom assistant, I summarised the meeting.</p>",
            "ai-boilerplate",
        ),
        (
            'extra-cms-phrases = ["subscribe to the gazette daily"]',
            "<p>The budget passed.</p>\n<p>Subscribe to the Gazette Daily</p>",
            "cms-boilerplate",
        ),
    ],
)
def test_extra_phrase_and_host_lists(project: Path, table: str, body: str, rule: str) -> None:
    (project / "site" / "a.html").write_text(page(body), encoding="utf-8")
    assert rules_found("site") == []
    configure(project, table)
    assert [found_rule for _, found_rule in rules_found("site")] == [rule]


# --- where the config comes from ------------------------------------------------------------


def test_the_nearest_pyproject_with_the_table_is_used(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(project, 'select = ["missing-alt"]')
    nested = project / "sub" / "dir"
    nested.mkdir(parents=True)
    # A nearer pyproject without the table (another tool's project) is passed over.
    (project / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    monkeypatch.chdir(nested)
    assert rules_found(str(project / "site")) == [(9, "missing-alt")]
    assert find_pyproject(nested) == project / "pyproject.toml"


@pytest.mark.parametrize(
    "spelling",
    [
        '[tool.newsdocs]\ncheck = { select = ["missing-alt"] }',
        '[tool]\nnewsdocs.check.select = ["missing-alt"]',
    ],
)
def test_any_toml_spelling_of_the_table_is_found(project: Path, spelling: str) -> None:
    (project / "pyproject.toml").write_text(spelling + "\n", encoding="utf-8")
    assert rules_found("site") == [(9, "missing-alt")]


def test_a_table_named_in_a_comment_does_not_count(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("# see [tool.newsdocs.check]\n", encoding="utf-8")
    assert find_pyproject(tmp_path) is None


def test_config_option_overrides_discovery(project: Path) -> None:
    configure(project, 'select = ["missing-alt"]')
    other = project / "other"
    other.mkdir()
    configure(other, 'select = ["broken-link"]')
    assert rules_found("site", "--config", str(other / "pyproject.toml")) == [(10, "broken-link")]


def test_config_file_without_the_table_means_defaults(project: Path) -> None:
    (project / "plain.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert rules_found("site", "--config", "plain.toml") == MIXED_FINDINGS


# --- command line over config ---------------------------------------------------------------


def test_cli_select_replaces_the_configs_select(project: Path) -> None:
    configure(project, 'select = ["ai-boilerplate", "missing-alt"]')
    assert rules_found("site", "--select", "broken-link") == [(10, "broken-link")]


def test_cli_select_wins_over_the_configs_ignore(project: Path) -> None:
    configure(project, 'ignore = ["broken-link", "missing-alt"]')
    assert rules_found("site", "--select", "broken-link") == [(10, "broken-link")]


def test_cli_ignore_adds_to_the_configs_ignore(project: Path) -> None:
    configure(project, 'ignore = ["missing-alt"]')
    assert rules_found("site", "--ignore", "ai-boilerplate") == [(10, "broken-link")]


def test_cli_select_and_ignore_repeat_and_take_commas(project: Path) -> None:
    found = rules_found(
        "site", "--select", "ai-boilerplate, missing-alt", "--select", "broken-link",
        "--ignore", "missing-alt",
    )  # fmt: skip
    assert found == [(8, "ai-boilerplate"), (10, "broken-link")]


# --- bad configs ----------------------------------------------------------------------------


def assert_config_error(result: Result, pyproject: str, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("newsdocs: error: ")
    assert pyproject in line
    for fragment in fragments:
        assert fragment in line, line
    assert TRACEBACK not in result.stderr


@pytest.mark.parametrize(
    ("table", "fragments"),
    [
        ("selekt = []", ["selekt", "unknown key"]),
        ('select = ["missing-alt", "no-such-rule"]', ["select", "no-such-rule"]),
        ('ignore = ["nope"]', ["ignore", "nope"]),
        ('severity = { nope = "error" }', ["severity", "nope"]),
        ('severity = { missing-alt = "fatal" }', ["severity.missing-alt", "fatal"]),
        ('severity = "error"', ["severity"]),
        ('per-path-ignores = { "drafts/*" = ["nope"] }', ["per-path-ignores.drafts/*", "nope"]),
        ('per-path-ignores = { "drafts/*" = "missing-alt" }', ["per-path-ignores.drafts/*"]),
        ('select = "missing-alt"', ["select", "list of strings"]),
        ("extra-placeholder-hosts = [1]", ["extra-placeholder-hosts"]),
        ("extra-placeholder-phrases = true", ["extra-placeholder-phrases"]),
        ('extra-ai-phrases = "x"', ["extra-ai-phrases"]),
        ("extra-cms-phrases = [[]]", ["extra-cms-phrases"]),
    ],
)
def test_bad_values_exit_2_naming_file_and_key(
    project: Path, table: str, fragments: list[str]
) -> None:
    pyproject = configure(project, table)
    result = runner.invoke(app, ["check", "site"])
    assert_config_error(result, str(pyproject), *fragments)
    explicit = runner.invoke(app, ["check", "site", "--config", str(pyproject)])
    assert_config_error(explicit, str(pyproject), *fragments)


def test_invalid_toml_exits_2_naming_the_file(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text("[tool.newsdocs.check]\nselect = [\n", encoding="utf-8")
    assert_config_error(runner.invoke(app, ["check", "site"]), str(pyproject))


def test_a_check_key_that_is_not_a_table_exits_2(project: Path) -> None:
    pyproject = configure(project, "check = 3", header="[tool.newsdocs]")
    assert_config_error(
        runner.invoke(app, ["check", "site"]), str(pyproject), "[tool.newsdocs.check]"
    )


def test_an_unreadable_config_exits_2(project: Path) -> None:
    (project / "adir.toml").mkdir()
    assert_config_error(runner.invoke(app, ["check", "site", "--config", "adir.toml"]), "adir.toml")


@pytest.mark.parametrize(
    ("toml", "table"),
    [
        ('tool = 1\n[tool2]\nnewsdocs.check = "x"', "[tool]"),
        ('[tool]\nnewsdocs = "x"', "[tool.newsdocs]"),
    ],
)
def test_a_parent_table_that_is_not_a_table_exits_2(project: Path, toml: str, table: str) -> None:
    (project / "conf.toml").write_text(toml + "\n", encoding="utf-8")
    assert_config_error(
        runner.invoke(app, ["check", "site", "--config", "conf.toml"]), "conf.toml", table
    )
