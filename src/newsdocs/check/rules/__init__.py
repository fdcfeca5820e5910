"""The rules, one module per concern. Add a module's ``CHECKER`` to ``CHECKERS`` to enable it."""

from __future__ import annotations

from newsdocs.check.findings import Severity
from newsdocs.check.rule import Checker, Rule

UNREADABLE = Rule(
    id="unreadable",
    severity=Severity.ERROR,
    summary="A document could not be read or parsed safely.",
    explanation=(
        "The file is too large, is binary rather than markup, is an EPUB that cannot be opened "
        "or unpacks suspiciously (a zip bomb, member names that climb out of the book), or "
        "could not be read at all. Nothing else is checked in such a document, so it must not "
        "be published as it is."
    ),
)

from newsdocs.check.rules import (  # noqa: E402  (UNREADABLE must exist before these import)
    boilerplate,
    images,
    leaked_source,
    links,
    markup,
    spacing,
    speakers,
    structure,
)

CHECKERS: tuple[Checker, ...] = (
    markup.CHECKER,
    structure.CHECKER,
    images.CHECKER,
    links.CHECKER,
    leaked_source.CHECKER,
    boilerplate.CHECKER,
    spacing.CHECKER,
    speakers.CHECKER,
)
