"""The README documents what exists, and CI runs the README's quick start."""

from __future__ import annotations

import re
from pathlib import Path

from newsdocs.check.registry import RULES
from newsdocs.config import CONFIG_VALUES

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_rule_is_documented() -> None:
    for rule in RULES:
        assert f"| `{rule.id}` |" in README, rule.id


def test_every_directive_is_documented() -> None:
    for directive in ("byline", "photo", "pullquote", "interview", "correction", "update"):
        assert f".. {directive}::" in README, directive


def test_every_config_value_is_documented() -> None:
    for name, *_ in CONFIG_VALUES:
        documented = name if not name.startswith("newsdocs_check_") else "newsdocs_check_*"
        assert f"`{documented}`" in README, name


def test_quick_start_is_two_commands_and_ci_runs_them() -> None:
    section = README.split("## Quick start", 1)[1].split("##", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    commands = block.group(1).strip().splitlines()
    assert len(commands) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in commands:
        assert command in ci
