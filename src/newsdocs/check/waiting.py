"""Hits that wait for another page's ids.

Whether a link's #fragment names an element of another page depends on that page's ids.
Rather than read and parse that page once more when it is linked to, the question waits
until the page's own check (which knows its ids anyway) or the end of the run. From a rule's
first hit on a page that waits, the rule's later hits on that page wait in line behind it, so
that the per-rule cap keeps the same findings as if nothing had waited.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field, replace

from newsdocs.check.findings import Finding
from newsdocs.check.rule import Pending

# Beyond this many questions waiting, a page's ids are read when asked for: memory stays
# bounded however the pages of a large site link to pages that are not checked.
MAX_WAITING = 20_000


@dataclass
class _Entry:
    finding: Finding  # its message is ``message``, once known
    message: str | None  # None: no finding after all (or not known yet, while ``pending``)
    pending: Pending | None


@dataclass
class RuleQueue:
    """One rule's hits on one page, from the first that waits, in the order they came."""

    counted: int  # the rule's findings on the page before the first that waited
    cap: int
    more: Finding  # the finding that says there are more than ``cap``
    entries: list[_Entry] = field(default_factory=list)

    def add(self, finding: Finding, pending: Pending | None) -> None:
        self.entries.append(_Entry(finding, finding.message if pending is None else None, pending))

    def findings(self) -> Iterator[Finding]:
        count = self.counted
        for entry in self.entries:
            if entry.message is None:
                continue
            count += 1
            if count <= self.cap:
                yield replace(entry.finding, message=entry.message)
            elif count == self.cap + 1:
                yield self.more


@dataclass
class _Waiting:
    queue: RuleQueue
    unanswered: int


class Waits:
    """The questions of a run that wait for the ids of a page, by (container, page).

    ``cached_ids(location, page)`` gives the ids of a page if they are known without reading
    it (or None if that page is no page), and raises KeyError otherwise; ``read_ids`` reads
    and parses the page for them.
    """

    def __init__(
        self,
        cached_ids: Callable[[Hashable, str], frozenset[str] | None],
        read_ids: Callable[[Hashable, str], frozenset[str] | None],
    ) -> None:
        self._cached_ids = cached_ids
        self._read_ids = read_ids
        self._questions: dict[tuple[Hashable, str], list[tuple[_Waiting, _Entry]]] = {}
        self._count = 0

    def enqueue(self, location: Hashable, queue: RuleQueue) -> list[Finding]:
        """Take a page's queue: its findings now, if nothing in it has to wait."""
        waiting = _Waiting(queue, 0)
        for entry in queue.entries:
            if entry.pending is None:
                continue
            page = entry.pending.page
            try:
                entry.message = entry.pending.decide(self._cached_ids(location, page))
            except KeyError:
                if self._count >= MAX_WAITING:
                    entry.message = entry.pending.decide(self._read_ids(location, page))
                    continue
                waiting.unanswered += 1
                self._questions.setdefault((location, page), []).append((waiting, entry))
                self._count += 1
        return [] if waiting.unanswered else list(queue.findings())

    def page_checked(
        self, location: Hashable, page: str, ids: frozenset[str] | None
    ) -> list[Finding]:
        """Answer the questions about ``page``: the findings of the queues now complete."""
        found: list[Finding] = []
        for waiting, entry in self._questions.pop((location, page), []):
            self._count -= 1
            assert entry.pending is not None
            entry.message = entry.pending.decide(ids)
            waiting.unanswered -= 1
            if not waiting.unanswered:
                found.extend(waiting.queue.findings())
        return found

    def finish(self) -> list[Finding]:
        """Answer what still waits (pages that were not checked) by reading those pages."""
        found: list[Finding] = []
        for location, page in list(self._questions):
            found.extend(self.page_checked(location, page, self._read_ids(location, page)))
        return found
