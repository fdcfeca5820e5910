"""Finding pages to check, checking each (in parallel across cores), and collecting findings.

Documents are streamed: each is parsed, checked and dropped; only findings are kept.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsdocs.check.config import CheckConfig
from newsdocs.check.containers import (
    Container,
    ContainerError,
    DirectoryContainer,
    EpubContainer,
)
from newsdocs.check.context import CheckContext
from newsdocs.check.document import Document
from newsdocs.check.findings import Finding
from newsdocs.check.parse import check_well_formed_xml, parse_html
from newsdocs.check.registry import CHECKERS
from newsdocs.check.rule import Hit
from newsdocs.check.rules import UNREADABLE
from newsdocs.check.suppress import Suppressions

PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
MAX_FINDINGS_PER_RULE = 100  # a page this broken needs fixing, not a longer list
SERIAL_BELOW = 16  # fewer documents than this are not worth starting worker processes for


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
            try:
                inside = path.resolve().is_relative_to(resolved_root)
            except (OSError, RuntimeError):
                inside = False
            if not inside:
                continue  # a symlink pointing out of the checked tree is never read
            if suffix == ".epub":
                yield from _discover_epub(path, str(path))
            else:
                yield Unit(str(root), path.relative_to(root).as_posix(), str(path))


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
    """Run every enabled rule on one document; apply severity and suppression."""
    config = context.config
    suppressions = Suppressions(document.root)
    findings: list[Finding] = []
    for checker in CHECKERS:
        if not any(config.enabled(rule.id, document.path) for rule in checker.rules):
            continue
        counts: Counter[str] = Counter()
        for hit in checker.run(document, context):
            if not config.enabled(hit.rule.id, document.path):
                continue
            if suppressions and suppressions.covers(hit):
                continue
            counts[hit.rule.id] += 1
            if counts[hit.rule.id] <= MAX_FINDINGS_PER_RULE:
                findings.append(_finding(document, hit, config))
            elif counts[hit.rule.id] == MAX_FINDINGS_PER_RULE + 1:
                more = Hit(hit.rule, f"more than {MAX_FINDINGS_PER_RULE} {hit.rule.id} "
                           "findings on this page; the rest are not listed")  # fmt: skip
                findings.append(_finding(document, more, config))
    return findings


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


_worker_context: CheckContext | None = None


def _init_worker(config: CheckConfig) -> None:
    global _worker_context
    _worker_context = CheckContext(config)


def _check_unit(unit: Unit) -> list[Finding]:
    assert _worker_context is not None
    return _check_unit_with(unit, _worker_context)


def _check_unit_with(unit: Unit, context: CheckContext) -> list[Finding]:
    loaded = load_document(unit)
    if isinstance(loaded, Finding):
        return [loaded] if context.config.enabled(loaded.rule, loaded.path) else []
    return check_document(loaded, context)


def iter_check(
    units: Iterable[Unit], config: CheckConfig, jobs: int = 1
) -> Iterator[list[Finding]]:
    """Check units, yielding each document's findings as soon as they are known (any order)."""
    if jobs <= 1:
        context = CheckContext(config)
        for unit in units:
            yield _check_unit_with(unit, context)
        return
    mp = multiprocessing.get_context("spawn")
    with mp.Pool(jobs, initializer=_init_worker, initargs=(config,)) as pool:
        yield from pool.imap_unordered(_check_unit, units, chunksize=8)


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
    _forget_containers()
    try:
        for document_findings in iter_check(units, config, workers):
            findings.extend(document_findings)
            if on_document is not None:
                on_document()
    finally:
        _forget_containers()
    findings.sort(key=lambda f: (f.path, f.line or 0, f.rule, f.message))
    return CheckResult(checked=len(documents), findings=findings, documents=tuple(documents))
