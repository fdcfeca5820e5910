"""Every rule newsdocs knows, by id. ``newsdocs rules`` and the docs are generated from here."""

from __future__ import annotations

from newsdocs.check.rule import Checker, Rule
from newsdocs.check.rules import CHECKERS, UNREADABLE

RULES: tuple[Rule, ...] = (UNREADABLE, *(rule for checker in CHECKERS for rule in checker.rules))
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

if len(RULES_BY_ID) != len(RULES):  # pragma: no cover - a programming error, caught by tests
    raise RuntimeError("two rules share an id")

__all__ = ["CHECKERS", "RULES", "RULES_BY_ID", "Checker", "Rule"]
