"""The publication gate on a rebuilt site: check again only what may have changed.

A page's findings depend on its own bytes, on which names exist in the checked tree (the
targets of its links and images, the directories a link resolves through) and on the ids of
the pages it links to: that is everything a check reads (``newsdocs.check``'s containers).
So after a build a page is checked again when it is new or its bytes changed, or when a name
it refers to appeared, disappeared or is a page whose bytes changed. Every other page keeps
the findings the last check recorded, errors included, so nothing is forgotten.

The record is kept in Sphinx's doctree directory, which ``newsdocs build`` stages and
publishes together with the site. It is only a cache: it is used for the checker version
(its source files), configuration and directory it was made with, and each page is matched
by the digest of its bytes, never by a timestamp.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import newsdocs.check
from newsdocs import records
from newsdocs.check import (
    PAGE_SUFFIXES,
    CheckConfig,
    Checked,
    CheckResult,
    Finding,
    Unit,
    check_units,
    discover,
)

RECORD_FILE = "newsdocs-check.pickle"
RECORD_FORMAT = 1
# A checker process takes about as long to start as checking 50 pages: a rebuild's few pages
# are checked in this one.
PARALLEL_FROM = 200


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """What the last check knew of one document (a page, or an EPUB with its members)."""

    digest: bytes
    # The names in the tree its findings may depend on; None: any name (a page with <base>).
    references: frozenset[str] | None
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class CheckRecord:
    key: tuple[object, ...]
    tree: frozenset[tuple[str, bool]]  # (name, is a directory) of every entry
    documents: dict[str, DocumentRecord]


def check_site(root: Path, config: CheckConfig, record_path: Path, jobs: int = 1) -> CheckResult:
    """Check the directory ``root`` as ``newsdocs.check.check_paths([root])`` would, reusing
    the findings in ``record_path`` where they still hold; then record this check there."""
    tree = scan_tree(root)
    key = (RECORD_FORMAT, checker_fingerprint(), config, str(root))
    previous = load_record(record_path, key) if tree is not None else None
    documents = Documents.discover(root, tree)
    digests = {
        name: hashlib.sha256((root / name).read_bytes()).digest() for name in documents.units
    }
    unchanged = _unchanged_documents(previous, digests)
    kept = _still_valid(previous, unchanged, tree) if previous and tree else {}

    to_check = [name for name in documents.units if name not in kept]
    units = [unit for name in to_check for unit in documents.units[name]]
    findings: dict[str, list[Finding]] = {name: [] for name in to_check}
    # An EPUB refers to nothing outside itself; each page is told with its findings.
    references: dict[str, frozenset[str] | None] = dict.fromkeys(to_check, frozenset())
    names: dict[str, str] = {}  # one string per name, so the record stores it once
    for checked in _check_units(units, config, jobs):
        for finding in checked.findings:
            findings[documents.owner[finding.path]].append(finding)
        if checked.document is not None:
            refers_to = checked.references
            references[documents.owner[checked.document]] = (
                None if refers_to is None else frozenset(names.setdefault(n, n) for n in refers_to)
            )
    recorded = dict(kept)
    for name in to_check:
        recorded[name] = DocumentRecord(digests[name], references[name], tuple(findings[name]))
    if tree is not None:
        records.save(record_path, CheckRecord(key, tree, recorded))

    every_finding = [*documents.findings, *(f for r in recorded.values() for f in r.findings)]
    every_finding.sort(key=lambda f: (f.path, f.line or 0, f.rule, f.message))
    return CheckResult(len(documents.displays), every_finding, documents.displays)


def _unchanged_documents(
    previous: CheckRecord | None, digests: dict[str, bytes]
) -> dict[str, DocumentRecord]:
    """The records of the documents whose bytes are the same as at the last check."""
    if previous is None:
        return {}
    return {
        name: record
        for name, digest in digests.items()
        if (record := previous.documents.get(name)) is not None and record.digest == digest
    }


def _still_valid(
    previous: CheckRecord, unchanged: dict[str, DocumentRecord], tree: frozenset[tuple[str, bool]]
) -> dict[str, DocumentRecord]:
    """The unchanged documents whose findings still hold: none of the names they refer to
    appeared, disappeared or is a page whose bytes changed."""
    affected = {name for name, _ in tree ^ previous.tree}
    affected.update(name for name in previous.documents if name not in unchanged)
    # A link to a directory leads to its index.html.
    affected.update(
        posixpath.dirname(name) or "."
        for name in list(affected)
        if posixpath.basename(name) == "index.html"
    )
    return {
        name: record
        for name, record in unchanged.items()
        if not affected
        or (record.references is not None and record.references.isdisjoint(affected))
    }


@dataclass(frozen=True)
class Documents:
    """The check units under a root, grouped by the file they come from (a page, or an EPUB
    and its members), with the findings discovery itself made (an EPUB that cannot be read)."""

    units: dict[str, list[Unit]]
    owner: dict[str, str]  # a unit's display path -> its file's name in the tree
    findings: tuple[Finding, ...]
    displays: tuple[str, ...]

    @classmethod
    def discover(cls, root: Path, tree: frozenset[tuple[str, bool]] | None) -> Documents:
        units: dict[str, list[Unit]] = {}
        owner: dict[str, str] = {}
        findings: list[Finding] = []
        displays: list[str] = []
        for item in discover([root]) if tree is None else _discover_in(root, tree):
            if isinstance(item, Finding):
                findings.append(item)
                displays.append(item.path)
                continue
            container = Path(item.container)
            name = container.relative_to(root).as_posix() if item.epub else item.name
            units.setdefault(name, []).append(item)
            owner[item.display] = name
            displays.append(item.display)
        return cls(units, owner, tuple(findings), tuple(displays))


def _discover_in(root: Path, tree: frozenset[tuple[str, bool]]) -> Iterator[Unit | Finding]:
    """``discover([root])`` from a scan of a tree without symbolic links (so nothing
    in it leads outside it), without looking at every file again."""
    for name, is_dir in sorted(tree):
        if is_dir:
            continue
        if name.lower().endswith(".epub"):
            yield from discover([root / name])
        elif name.lower().endswith(PAGE_SUFFIXES):
            yield Unit(str(root), name, str(root / name))


def _check_units(units: list[Unit], config: CheckConfig, jobs: int) -> Iterator[Checked]:
    """Check units of one tree as ``check_paths`` does (which only takes whole trees),
    yielding findings as they come, and each page's references."""
    workers = jobs if len(units) >= PARALLEL_FROM else 1
    return check_units(units, config, workers, references=True)


# --- The tree and its files -------------------------------------------------------------------


def scan_tree(root: Path) -> frozenset[tuple[str, bool]] | None:
    """Every file and directory under ``root`` as (name, is a directory); None when the tree
    holds a symbolic link, whose target can change without any name changing."""
    entries: set[tuple[str, bool]] = set()
    pending = [("", str(root))]
    while pending:
        prefix, directory = pending.pop()
        with os.scandir(directory) as listing:
            for entry in listing:
                if entry.is_symlink():
                    return None
                name = prefix + entry.name
                is_dir = entry.is_dir()
                entries.add((name, is_dir))
                if is_dir:
                    pending.append((name + "/", entry.path))
    return frozenset(entries)


def checker_fingerprint() -> tuple[tuple[str, int, int], ...]:
    """The checker's source and data files: a changed rule makes every finding stale."""
    package = Path(newsdocs.check.__file__).parent
    return tuple(
        (path.relative_to(package).as_posix(), stat.st_size, stat.st_mtime_ns)
        for path in sorted(package.rglob("*"))
        if path.is_file() and path.suffix != ".pyc"
        for stat in (path.stat(),)
    )


def load_record(path: Path, key: tuple[object, ...]) -> CheckRecord | None:
    record = records.load(path)
    if not isinstance(record, CheckRecord) or record.key != key:
        return None
    return record
