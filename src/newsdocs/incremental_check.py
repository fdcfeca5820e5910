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
import pickle
import posixpath
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

import newsdocs.check
from newsdocs.check import CheckConfig, CheckResult, Finding, engine
from newsdocs.check.document import SOURCE_FILE_ATTRIBUTE
from newsdocs.check.parse import parse_html

RECORD_FILE = "newsdocs-check.pickle"
RECORD_FORMAT = 1
# A checker process takes about as long to start as checking 50 pages: a rebuild's few pages
# are checked in this one.
PARALLEL_FROM = 200
# Attributes that never hold a URL, and make up most of a page's attributes. A <meta>'s
# content is a URL only in a refresh.
_NOT_URLS = frozenset(
    {"class", "id", "name", "rel", "type", "title", "alt", "lang", "dir", "role", "charset"}
    | {"datetime", "property", "width", "height", "content", "data-line", SOURCE_FILE_ATTRIBUTE}
)
# What separates the URLs in an attribute value (a srcset, a refresh, a style's url(...)).
# Splitting too much only adds names; the whole value is kept as well.
_URL_SEPARATORS = re.compile(r"[\s,;=()'\"]+")
_CSS_URL = re.compile(r"url\(([^)]*)\)", re.IGNORECASE)


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
    contents = {name: (root / name).read_bytes() for name in documents.units}
    digests = {name: hashlib.sha256(data).digest() for name, data in contents.items()}
    unchanged = _unchanged_documents(previous, digests)
    kept = _still_valid(previous, unchanged, tree) if previous and tree else {}

    to_check = [name for name in documents.units if name not in kept]
    units = [unit for name in to_check for unit in documents.units[name]]
    findings: dict[str, list[Finding]] = {name: [] for name in to_check}
    references = {name: unchanged[name].references for name in to_check if name in unchanged}
    resolver = Resolver()
    unread = deque(name for name in to_check if name not in unchanged)
    for found in _check_units(units, config, jobs):
        for finding in found:
            findings[documents.owner[finding.path]].append(finding)
        if unread:  # while checker processes, if any, work on the next pages
            name = unread.popleft()
            references[name] = resolver.references_of(name, contents[name])
    references.update((name, resolver.references_of(name, contents[name])) for name in unread)
    records = dict(kept)
    for name in to_check:
        records[name] = DocumentRecord(digests[name], references[name], tuple(findings[name]))
    if tree is not None:
        save_record(record_path, CheckRecord(key, tree, records))

    every_finding = [*documents.findings, *(f for r in records.values() for f in r.findings)]
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

    units: dict[str, list[engine.Unit]]
    owner: dict[str, str]  # a unit's display path -> its file's name in the tree
    findings: tuple[Finding, ...]
    displays: tuple[str, ...]

    @classmethod
    def discover(cls, root: Path, tree: frozenset[tuple[str, bool]] | None) -> Documents:
        units: dict[str, list[engine.Unit]] = {}
        owner: dict[str, str] = {}
        findings: list[Finding] = []
        displays: list[str] = []
        for item in engine.discover([root]) if tree is None else _discover_in(root, tree):
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


def _discover_in(root: Path, tree: frozenset[tuple[str, bool]]) -> Iterator[engine.Unit | Finding]:
    """``engine.discover([root])`` from a scan of a tree without symbolic links (so nothing
    in it leads outside it), without looking at every file again."""
    for name, is_dir in sorted(tree):
        if is_dir:
            continue
        if name.lower().endswith(".epub"):
            yield from engine.discover([root / name])
        elif name.lower().endswith(engine.PAGE_SUFFIXES):
            yield engine.Unit(str(root), name, str(root / name))


def _check_units(
    units: list[engine.Unit], config: CheckConfig, jobs: int
) -> Iterator[list[Finding]]:
    """Check units of one tree as ``check_paths`` does (which only takes whole trees),
    yielding findings as they come."""
    workers = jobs if len(units) >= PARALLEL_FROM else 1
    # check_paths starts and ends with no open containers, so no page's ids are remembered
    # from another build in this process.
    engine._forget_containers()
    try:
        yield from engine.iter_check(units, config, workers)
    finally:
        engine._forget_containers()


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
    try:
        with path.open("rb") as stream:
            record = pickle.load(stream)
    except FileNotFoundError:
        return None
    except Exception:  # a record from a crashed build or another version: check everything
        return None
    if not isinstance(record, CheckRecord) or record.key != key:
        return None
    return record


def save_record(path: Path, record: CheckRecord) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".tmp")
    with partial.open("wb") as stream:
        pickle.dump(record, stream, pickle.HIGHEST_PROTOCOL)
    partial.replace(path)


# --- What a page refers to --------------------------------------------------------------------


class Resolver:
    """The names in the tree a page's attributes may lead to, resolved the way the checker
    resolves a local URL, generously: every attribute value that may be a URL, every
    URL-like part of it, and the url(...)s of <style> elements count."""

    def __init__(self) -> None:
        self._resolved: dict[tuple[str, str], frozenset[str]] = {}
        self._names: dict[str, str] = {}  # one string per name, so the record stores it once

    def references_of(self, name: str, data: bytes) -> frozenset[str] | None:
        """What the page ``name`` (its bytes ``data``) refers to; None: it has a <base>."""
        if not name.lower().endswith(engine.PAGE_SUFFIXES):
            return frozenset()  # an EPUB: the checker never looks outside the book
        page = parse_html(data).root
        if page.find(".//base") is not None:
            return None
        directory = posixpath.dirname(name)
        found: set[str] = set()
        for value in _url_values(page):
            targets = self._resolved.get((directory, value))
            if targets is None:
                targets = self._resolved[directory, value] = frozenset(
                    self._names.setdefault(target, target)
                    for part in {value, *_URL_SEPARATORS.split(value)}
                    if (target := _local_target(directory, part))
                )
            found.update(targets)
        return frozenset(found)


def _url_values(page: etree._Element) -> set[str]:
    values: set[str] = set()
    for element in page.iter(etree.Element):
        for attribute, value in element.items():
            if attribute not in _NOT_URLS and not attribute.startswith("aria-"):
                values.add(value)
        if element.tag == "meta" and element.get("http-equiv") is not None:
            values.add(element.get("content") or "")
        elif element.tag == "style" and element.text:
            values.update(match.group(1) for match in _CSS_URL.finditer(element.text))
    return values


def _local_target(directory: str, value: str) -> str:
    """The name ``Document.resolve`` makes of ``value`` on a page in ``directory``, or ""."""
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return ""
    path = unquote(parts.path)
    if parts.scheme or parts.netloc or not path or path.startswith("/"):
        return ""
    joined = posixpath.normpath(posixpath.join(directory, path))
    return "" if joined == ".." or joined.startswith("../") else joined
