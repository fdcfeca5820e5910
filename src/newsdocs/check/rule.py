"""The shape of a rule and of the checkers that emit them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from newsdocs.check.findings import Severity

if TYPE_CHECKING:
    from newsdocs.check.context import CheckContext
    from newsdocs.check.document import Document


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule id with its default severity and its documentation.

    ``summary`` is one line; ``explanation`` is the paragraph ``newsdocs rules`` prints.
    """

    id: str
    severity: Severity
    summary: str
    explanation: str


@dataclass(frozen=True, slots=True)
class Pending:
    """What decides whether a hit is one: the ids of another page of the container, which
    nobody has read yet. ``decide`` gets them (None: not a readable page) and returns the
    message, or None when there is nothing to report after all."""

    page: str
    decide: Callable[[frozenset[str] | None], str | None]


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule firing on a document, before configuration and suppression apply.

    Give the ``element`` where there is one (its line and reST source are derived from it),
    or just a ``line`` for problems found in the raw markup. A ``pending`` hit has no message
    yet: whether it is a hit at all depends on another page (see ``Pending``).
    """

    rule: Rule
    message: str
    element: etree._Element | None = None
    line: int | None = None
    pending: Pending | None = None


CheckFunction = Callable[["Document", "CheckContext"], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Checker:
    """One check: the rules it can emit and the function that finds them."""

    rules: tuple[Rule, ...]
    run: CheckFunction
    rule_ids: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rule_ids", frozenset(rule.id for rule in self.rules))
