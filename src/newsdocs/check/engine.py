"""Finding pages to check, checking each (in parallel across cores), and collecting findings.

Documents are streamed: each is parsed, checked and dropped; only findings are kept, with
a page's ids (for the links into it) and the few hits that wait for the ids of a page not
checked yet (see ``waiting``), and, for the publication gate, the names each page refers to
(see ``references``).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Hashable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path

from newsdocs.check.config import CheckConfig
from newsdocs.check.containers import (
    NOT_READ,
    Container,
    ContainerError,
    DirectoryContainer,
    EpubContainer,
    NotRead,
)
from newsdocs.check.context import CheckContext
from newsdocs.check.document import Document
from newsdocs.check.findings import Finding
from newsdocs.check.parse import check_well_formed_xml, parse_html
from newsdocs.check.references import page_references
from newsdocs.check.registry import CHECKERS
from newsdocs.check.rule import Hit, Rule
from newsdocs.check.rules import UNREADABLE
from newsdocs.check.suppress import Suppressions
from newsdocs.check.waiting import MAX_WAITING, RuleQueue, Waits

PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
MAX_FINDINGS_PER_RULE = 100  # a page this broken needs fixing, not a longer list
SERIAL_BELOW = 16  # fewer documents than this are not worth starting worker processes for
UNITS_PER_BATCH = 8  # documents checked at a time, by a worker or by this process
BATCHES_QUEUED_PER_WORKER = 3  # enough that a worker never waits while this process checks


class UsageError(Exception):
    """A path to check does not exist or is not something newsdocs can check."""


@dataclass(frozen=True, slots=True)
class Unit:
    """One document to check: a page in a directory, or an XHTML member of an EPUB."""

    container: str  # the directory, or the .epub file
    name: str  # POSIX path inside the container
    display: str  # the path as people see it
    epub: bool = False


@dataclass(frozen=True)
class CheckResult:
    """What a check run found. ``documents`` are the paths checked, in discovery order (pages,
    EPUB members, and EPUBs that could not be opened); ``checked`` is how many there are."""

    checked: int
    findings: list[Finding]
    documents: tuple[str, ...] = ()

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == "error")

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


def discover(paths: Sequence[Path]) -> Iterator[Unit | Finding]:
    """Yield the documents under ``paths`` in a stable order (and findings for bad EPUBs)."""
    for path in paths:
        if path.is_dir():
            yield from _discover_directory(path)
        elif path.is_file():
            if path.suffix.lower() == ".epub":
                yield from _discover_epub(path, str(path))
            else:
                yield Unit(str(path.parent), path.name, str(path))
        elif path.is_symlink():
            raise UsageError(
                f"{path}: a symbolic link that leads nowhere (to a missing file, or round in "
                "a loop)"
            )
        else:
            raise UsageError(f"{path}: no such file or directory")


def _discover_directory(root: Path) -> Iterator[Unit | Finding]:
    resolved_root = root.resolve()
    for directory, subdirs, files in os.walk(root):
        subdirs.sort()
        for filename in sorted(files):
            path = Path(directory, filename)
            suffix = path.suffix.lower()
            if suffix not in (*PAGE_SUFFIXES, ".epub"):
                continue
            # os.walk does not follow links to directories, so only a symlinked file can lead
            # out of the checked tree: one pointing out of it is never read.
            if path.is_symlink() and not _leads_inside(path, resolved_root):
                continue
            if suffix == ".epub":
                yield from _discover_epub(path, str(path))
            else:
                yield Unit(str(root), path.relative_to(root).as_posix(), str(path))


def _leads_inside(path: Path, resolved_root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(resolved_root)
    except (OSError, RuntimeError):
        return False


def _discover_epub(path: Path, display: str) -> Iterator[Unit | Finding]:
    try:
        book = EpubContainer(path)
    except ContainerError as error:
        yield Finding(display, None, UNREADABLE.id, UNREADABLE.severity, str(error))
        return
    try:
        for name in book.unsafe_names():
            message = f"member {name!r} would be unpacked outside the book; it was not read"
            yield Finding(display, None, UNREADABLE.id, UNREADABLE.severity, message)
        for name in book.names():
            if name.lower().endswith(PAGE_SUFFIXES):
                yield Unit(str(path), name, f"{display}!/{name}", epub=True)
    finally:
        book.close()


# Open containers of the current run, so ids of linked pages are parsed once per run. Units
# come grouped by container, so a few suffice; a run starts and ends with an empty cache so
# that a long-lived process (a Sphinx rebuild) never sees stale pages or old zip handles.
_OPEN_CONTAINERS: dict[tuple[str, bool], Container] = {}
_MAX_OPEN_CONTAINERS = 8


def _open_container(location: str, epub: bool) -> Container:
    key = (location, epub)
    container = _OPEN_CONTAINERS.get(key)
    if container is None:
        if len(_OPEN_CONTAINERS) >= _MAX_OPEN_CONTAINERS:
            _close_container(_OPEN_CONTAINERS.pop(next(iter(_OPEN_CONTAINERS))))
        container = EpubContainer(Path(location)) if epub else DirectoryContainer(Path(location))
        _OPEN_CONTAINERS[key] = container
    return container


def _close_container(container: Container) -> None:
    if isinstance(container, EpubContainer):
        container.close()


def _forget_containers() -> None:
    while _OPEN_CONTAINERS:
        _close_container(_OPEN_CONTAINERS.popitem()[1])


def load_document(unit: Unit) -> Document | Finding:
    """Read and parse one unit, or explain why it cannot be checked."""
    try:
        container = _open_container(unit.container, unit.epub)
        data = container.read(unit.name)
    except ContainerError as error:
        return Finding(unit.display, None, UNREADABLE.id, UNREADABLE.severity, str(error))
    parsed = parse_html(data)
    if parsed.binary:
        message = "this is binary data, not an HTML page"
        return Finding(unit.display, None, UNREADABLE.id, UNREADABLE.severity, message)
    xhtml = unit.epub or unit.name.lower().endswith(".xhtml")
    problems = parsed.problems
    if xhtml:
        xml_problem = check_well_formed_xml(data)
        if xml_problem is not None:
            problems = (*problems, xml_problem)
    return Document(
        path=unit.display,
        name=unit.name,
        root=parsed.root,
        text=parsed.text,
        container=container,
        problems=problems,
        xhtml=xhtml,
    )


def check_document(document: Document, context: CheckContext) -> list[Finding]:
    """Run every enabled rule on one document; apply severity and suppression.

    What depends on other pages (the ids a link's #fragment needs) is read right away.
    """
    findings, queues = _check_document(document, context)
    for queue in queues:
        for entry in queue.entries:
            if entry.pending is not None:
                entry.message = entry.pending.decide(document.container.ids(entry.pending.page))
        findings.extend(queue.findings())
    return findings


def _check_document(
    document: Document, context: CheckContext
) -> tuple[list[Finding], list[RuleQueue]]:
    """The findings of one document, and the queues of its rules' hits that wait for the
    ids of other pages (see ``waiting``)."""
    config = context.config
    enabled = context.enabled_rules(document.path)
    suppressions = Suppressions.of(document)
    findings: list[Finding] = []
    queues: list[RuleQueue] = []
    for checker in CHECKERS:
        if enabled.isdisjoint(checker.rule_ids):
            continue
        counts: Counter[str] = Counter()
        waiting: dict[str, RuleQueue] = {}
        for hit in checker.run(document, context):
            rule_id = hit.rule.id
            if rule_id not in enabled:
                continue
            if suppressions and suppressions.covers(hit):
                continue
            queue = waiting.get(rule_id)
            if queue is None and hit.pending is not None:
                more = _finding(document, _more_than_the_cap(hit.rule), config)
                queue = waiting[rule_id] = RuleQueue(counts[rule_id], MAX_FINDINGS_PER_RULE, more)
                queues.append(queue)
            if queue is not None:
                queue.add(_finding(document, hit, config), hit.pending)
                continue
            counts[rule_id] += 1
            if counts[rule_id] <= MAX_FINDINGS_PER_RULE:
                findings.append(_finding(document, hit, config))
            elif counts[rule_id] == MAX_FINDINGS_PER_RULE + 1:
                findings.append(_finding(document, _more_than_the_cap(hit.rule), config))
    return findings, queues


def _more_than_the_cap(rule: Rule) -> Hit:
    return Hit(rule, f"more than {MAX_FINDINGS_PER_RULE} {rule.id} findings on this page; "
               "the rest are not listed")  # fmt: skip


def _finding(document: Document, hit: Hit, config: CheckConfig) -> Finding:
    line = hit.line
    if line is None and hit.element is not None:
        line = hit.element.sourceline
    source = document.source_of(hit.element) if hit.element is not None else None
    if source is None and hit.element is None:
        source = document.source_file
    return Finding(
        path=document.path,
        line=line,
        rule=hit.rule.id,
        severity=config.severity_of(hit.rule.id, hit.rule.severity),
        message=hit.message,
        source=source,
    )


@dataclass(frozen=True, slots=True)
class UnitResult:
    """What checking one unit gave: findings, hits waiting for other pages' ids, the unit's
    own ids (for the links to it), unless it could not be read, and its references if asked
    for (see ``check_units``)."""

    findings: list[Finding]
    queues: list[RuleQueue]
    location: tuple[str, bool]  # (container, epub), as ``_open_container`` takes them
    name: str
    display: str
    ids: frozenset[str] | NotRead | None
    references: frozenset[str] | None


_worker_context: CheckContext | None = None
_worker_collects_references = False
# In a worker, how often links waited for a page's ids, by (container, epub, name): a page
# waited for often (a hub, such as the front page) is read there, not sent on every time.
_worker_waits: Counter[tuple[str, bool, str]] = Counter()
READ_AFTER_WAITS = 8


def _init_worker(config: CheckConfig, references: bool) -> None:
    global _worker_context, _worker_collects_references
    _worker_context = CheckContext(config)
    _worker_collects_references = references


def _check_unit(unit: Unit) -> UnitResult:
    assert _worker_context is not None
    result = _check_unit_with(unit, _worker_context, _worker_collects_references)
    if not isinstance(result.ids, NotRead):
        _container_at(result.location).pages.remember(result.name, result.ids)
    return _answer_in_worker(result)


def _answer_in_worker(result: UnitResult) -> UnitResult:
    """Answer what waits for pages this worker knows (or reads, if often waited for);
    send the rest to the parent, which gets every page's ids."""
    pages = _container_at(result.location).pages
    findings, queues = list(result.findings), []
    for queue in result.queues:
        for entry in queue.entries:
            if entry.pending is None:
                continue
            ids = pages.cached_ids(entry.pending.page)
            if isinstance(ids, NotRead):
                key = (*result.location, entry.pending.page)
                if len(_worker_waits) >= MAX_WAITING:
                    _worker_waits.clear()
                _worker_waits[key] += 1
                if _worker_waits[key] < READ_AFTER_WAITS:
                    continue
                ids = pages.ids(entry.pending.page)
            entry.message = entry.pending.decide(ids)
            entry.pending = None
        if any(entry.pending is not None for entry in queue.entries):
            queues.append(queue)
        else:
            findings.extend(queue.findings())
    return replace(result, findings=findings, queues=queues)


def _check_unit_with(unit: Unit, context: CheckContext, references: bool) -> UnitResult:
    location = (unit.container, unit.epub)
    loaded = load_document(unit)
    if isinstance(loaded, Finding):
        findings = [loaded] if context.config.enabled(loaded.rule, loaded.path) else []
        return UnitResult(findings, [], location, unit.name, unit.display, NOT_READ, frozenset())
    findings, queues = _check_document(loaded, context)
    # An EPUB's pages are only ever resolved inside the book.
    refers_to = page_references(loaded) if references and not unit.epub else frozenset()
    return UnitResult(findings, queues, location, unit.name, unit.display, loaded.ids, refers_to)


def _check_batch(units: list[Unit]) -> list[UnitResult]:
    return [_check_unit(unit) for unit in units]


def _unit_results(
    units: Sequence[Unit], config: CheckConfig, jobs: int, references: bool
) -> Iterator[UnitResult]:
    """The results of checking ``units`` with ``jobs`` processes: this one, which checks a
    batch whenever no worker's result is waiting, and ``jobs - 1`` workers (each takes as
    long to start as checking a hundred pages, and this one has started already)."""
    context = CheckContext(config)
    if jobs <= 1 or len(units) <= UNITS_PER_BATCH:
        for unit in units:
            yield _check_unit_with(unit, context, references)
        return
    batches = deque(
        list(units[start : start + UNITS_PER_BATCH])
        for start in range(0, len(units), UNITS_PER_BATCH)
    )
    # Not multiprocessing.Pool: its worker-handler thread wakes up for every result waiting
    # to be read, and in a check that busy loop cost the parent a CPU-second per 3,000 pages.
    spawn = multiprocessing.get_context("spawn")
    setup = (config, references)
    workers = min(jobs - 1, len(batches))
    with ProcessPoolExecutor(workers, spawn, initializer=_init_worker, initargs=setup) as pool:
        running: set[Future[list[UnitResult]]] = set()
        while batches or running:
            while batches and len(running) < BATCHES_QUEUED_PER_WORKER * workers:
                running.add(pool.submit(_check_batch, batches.popleft()))
            done = {future for future in running if future.done()}
            if not done and batches:
                yield from (
                    _check_unit_with(unit, context, references) for unit in batches.popleft()
                )
                continue
            if not done:
                done = wait(running, return_when=FIRST_COMPLETED).done
            running -= done
            for future in done:
                yield from future.result()


class _Collector:
    """Gathers the units' findings, answering the hits that wait for a page's ids as the
    pages are checked (their ids are remembered for the links that come later)."""

    def __init__(self) -> None:
        self.waits = Waits(self._cached_ids, self._read_ids)

    def take(self, result: UnitResult) -> list[Finding]:
        findings = list(result.findings)
        if not isinstance(result.ids, NotRead):
            _container_at(result.location).pages.remember(result.name, result.ids)
            findings.extend(self.waits.page_checked(result.location, result.name, result.ids))
        for queue in result.queues:
            findings.extend(self.waits.enqueue(result.location, queue))
        return findings

    def finish(self) -> list[Finding]:
        return self.waits.finish()

    @staticmethod
    def _cached_ids(location: Hashable, page: str) -> frozenset[str] | None:
        ids = _container_at(location).pages.cached_ids(page)
        if isinstance(ids, NotRead):
            raise KeyError(page)
        return ids

    @staticmethod
    def _read_ids(location: Hashable, page: str) -> frozenset[str] | None:
        return _container_at(location).ids(page)


def _container_at(location: Hashable) -> Container:
    assert isinstance(location, tuple)
    container, epub = location
    return _open_container(container, epub)


@dataclass(frozen=True, slots=True)
class Checked:
    """A step of ``check_units``: the findings that became known (on any document), and the
    document just checked, as people see its path, with the names it refers to. The last
    step has no document: its findings waited for pages that were not checked."""

    findings: list[Finding]
    document: str | None = None
    references: frozenset[str] | None = frozenset()


def check_units(
    units: Sequence[Unit], config: CheckConfig, jobs: int = 1, *, references: bool = False
) -> Iterator[Checked]:
    """Check units in a run of their own (no page is remembered from another run), in any
    order, yielding what is known as soon as it is. With ``references``, each document
    comes with the names in its tree that its findings may depend on (see ``references``),
    collected from the same parse; an EPUB's pages have none, nor has an unreadable page."""
    _forget_containers()
    try:
        collector = _Collector()
        for result in _unit_results(units, config, jobs, references):
            yield Checked(collector.take(result), result.display, result.references)
        yield Checked(collector.finish())
    finally:
        _forget_containers()


def check_paths(
    paths: Sequence[Path],
    config: CheckConfig | None = None,
    *,
    jobs: int | None = None,
    on_document: Callable[[], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> CheckResult:
    """Check every page under ``paths``; raises UsageError for a path that does not exist.

    ``on_start`` is told how many documents will be checked, ``on_document`` when each is done.
    """
    config = config or CheckConfig()
    findings: list[Finding] = []
    units: list[Unit] = []
    documents: dict[str, None] = {}
    for item in discover(paths):
        if isinstance(item, Finding):
            documents.setdefault(item.path)
            if config.enabled(item.rule, item.path):
                findings.append(item)
        elif item.display not in documents:  # a page named twice is checked once
            units.append(item)
            documents[item.display] = None
    if on_start is not None:
        on_start(len(units))
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if len(units) < SERIAL_BELOW:
        workers = 1
    for checked in check_units(units, config, workers):
        findings.extend(checked.findings)
        if checked.document is not None and on_document is not None:
            on_document()
    findings.sort(key=lambda f: (f.path, f.line or 0, f.rule, f.message))
    return CheckResult(checked=len(documents), findings=findings, documents=tuple(documents))
