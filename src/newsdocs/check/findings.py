"""What the checker reports: immutable findings with a stable rule id."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem in one document.

    ``path`` is the document as given or found (an EPUB member is ``book.epub!/OEBPS/a.xhtml``);
    ``source`` is the reST ``path:line`` behind it, on pages newsdocs built.
    """

    path: str
    line: int | None
    rule: str
    severity: Severity
    message: str
    source: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "path": self.path,
            "line": self.line,
            "source": self.source,
            "message": self.message,
        }
