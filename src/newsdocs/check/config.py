"""Checker configuration: ``[tool.newsdocs.check]`` in pyproject.toml, or ``newsdocs_check_*``
values in a Sphinx conf.py. Both give the same keys (dashes in TOML, underscores in Python).
"""

from __future__ import annotations

import fnmatch
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from newsdocs.check.findings import Severity

KEYS = (
    "select",
    "ignore",
    "severity",
    "per-path-ignores",
    "extra-placeholder-hosts",
    "extra-placeholder-phrases",
    "extra-ai-phrases",
    "extra-cms-phrases",
)


class ConfigError(Exception):
    """The checker configuration is not usable; the message says where and why."""


@dataclass(frozen=True)
class CheckConfig:
    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    per_path_ignores: Mapping[str, frozenset[str]] = field(default_factory=dict)
    extra_placeholder_hosts: tuple[str, ...] = ()
    extra_placeholder_phrases: tuple[str, ...] = ()
    extra_ai_phrases: tuple[str, ...] = ()
    extra_cms_phrases: tuple[str, ...] = ()

    def enabled(self, rule_id: str, path: str) -> bool:
        if self.select is not None and rule_id not in self.select:
            return False
        if rule_id in self.ignore:
            return False
        return not any(
            rule_id in ids and fnmatch.fnmatch(path, pattern)
            for pattern, ids in self.per_path_ignores.items()
        )

    def severity_of(self, rule_id: str, default: Severity) -> Severity:
        return self.severity.get(rule_id, default)

    @classmethod
    def from_mapping(cls, values: Mapping[str, object], where: str) -> CheckConfig:
        """Build a config from TOML-style keys, naming ``where`` in every error."""
        from newsdocs.check.registry import RULES_BY_ID

        unknown = sorted(set(values) - set(KEYS))
        if unknown:
            raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")

        def rule_ids(key: str) -> frozenset[str]:
            ids = _strings(values.get(key, []), f"{where}: {key}")
            bad = sorted(set(ids) - set(RULES_BY_ID))
            if bad:
                raise ConfigError(f"{where}: {key}: unknown rule id(s) {', '.join(bad)}")
            return frozenset(ids)

        severity: dict[str, Severity] = {}
        raw_severity = values.get("severity", {})
        if not isinstance(raw_severity, Mapping):
            raise ConfigError(f"{where}: severity must be a table of rule id = level")
        for rule_id, level in raw_severity.items():
            if rule_id not in RULES_BY_ID:
                raise ConfigError(f"{where}: severity: unknown rule id {rule_id}")
            try:
                severity[rule_id] = Severity(str(level))
            except ValueError:
                raise ConfigError(
                    f"{where}: severity.{rule_id} must be 'error' or 'warning', not {level!r}"
                ) from None

        per_path: dict[str, frozenset[str]] = {}
        raw_per_path = values.get("per-path-ignores", {})
        if not isinstance(raw_per_path, Mapping):
            raise ConfigError(f"{where}: per-path-ignores must be a table of glob = [rule ids]")
        for pattern, ids in raw_per_path.items():
            names = _strings(ids, f"{where}: per-path-ignores.{pattern}")
            bad = sorted(set(names) - set(RULES_BY_ID))
            if bad:
                raise ConfigError(f"{where}: per-path-ignores.{pattern}: unknown {', '.join(bad)}")
            per_path[str(pattern)] = frozenset(names)

        return cls(
            select=rule_ids("select") or None if "select" in values else None,
            ignore=rule_ids("ignore"),
            severity=severity,
            per_path_ignores=per_path,
            extra_placeholder_hosts=_strings(
                values.get("extra-placeholder-hosts", []), f"{where}: extra-placeholder-hosts"
            ),
            extra_placeholder_phrases=_strings(
                values.get("extra-placeholder-phrases", []), f"{where}: extra-placeholder-phrases"
            ),
            extra_ai_phrases=_strings(
                values.get("extra-ai-phrases", []), f"{where}: extra-ai-phrases"
            ),
            extra_cms_phrases=_strings(
                values.get("extra-cms-phrases", []), f"{where}: extra-cms-phrases"
            ),
        )

    @classmethod
    def from_pyproject(cls, path: Path) -> CheckConfig:
        try:
            with path.open("rb") as stream:
                data = tomllib.load(stream)
        except OSError as error:
            raise ConfigError(f"{path}: {error.strerror}") from error
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: {error}") from error
        table: object = data
        for depth, key in enumerate(("tool", "newsdocs", "check"), start=1):
            # tool = 1 or newsdocs = "x" must be reported, not crash the lookup
            if not isinstance(table, Mapping):
                name = ".".join(("tool", "newsdocs", "check")[: depth - 1])
                raise ConfigError(f"{path}: [{name}] must be a table")
            table = table.get(key, {})
        if not isinstance(table, Mapping):
            raise ConfigError(f"{path}: [tool.newsdocs.check] must be a table")
        return cls.from_mapping(table, f"{path}: [tool.newsdocs.check]")


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above ``start`` that has a [tool.newsdocs.check]."""
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _has_check_table(candidate):
            return candidate
    return None


def _has_check_table(pyproject: Path) -> bool:
    """Whether the file configures the checker, in any TOML spelling; a file that cannot be
    parsed counts when it mentions the table, so that its error is reported, not skipped."""
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return "tool.newsdocs.check" in text
    tool = data.get("tool")
    newsdocs = tool.get("newsdocs") if isinstance(tool, dict) else None
    return isinstance(newsdocs, dict) and "check" in newsdocs


def _strings(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ConfigError(f"{where} must be a list of strings")
    if not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where} must be a list of strings")
    return tuple(value)
