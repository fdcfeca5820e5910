"""Where pages live: a directory tree or an EPUB. Nothing is read outside of one."""

from __future__ import annotations

import io
import os
import posixpath
import stat
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Protocol, TypeVar

from newsdocs.check.document import page_ids
from newsdocs.check.parse import parse_html

# Larger than any real page (a long article is well under 1 MiB), small enough that the
# parse and the rules stay within a few hundred MiB on pathological markup.
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
MAX_EPUB_MEMBER_BYTES = MAX_DOCUMENT_BYTES
MAX_EPUB_TOTAL_BYTES = 512 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
# Pages whose ids are kept for fragment links: a site's pages link to a few hubs and to
# neighbours, and a page's ids are small, so keep many rather than parse pages again.
IDS_CACHE_PAGES = 4096
RESOLVED_URLS_KEPT = 16384  # resolved URLs and links known to be fine
# What zipfile raises on corrupt, encrypted or exotic members besides BadZipFile.
_ZIP_ERRORS = (
    OSError,
    zipfile.BadZipFile,
    ValueError,
    EOFError,
    zlib.error,
    NotImplementedError,
    RuntimeError,
)


_Key = TypeVar("_Key")
_Value = TypeVar("_Value")


class ContainerError(Exception):
    """A container (directory or EPUB) could not be opened or read safely."""


class TooLarge(ContainerError):
    pass


class NotRead:
    """The ids of a page nobody has read yet (see ``PageCache.cached_ids``)."""


NOT_READ = NotRead()


class Container(Protocol):
    """Read access to the pages and files of one checked tree, by POSIX name."""

    pages: PageCache

    def exists(self, name: str) -> bool: ...

    def is_dir(self, name: str) -> bool: ...

    def read(self, name: str, limit: int = MAX_DOCUMENT_BYTES) -> bytes: ...

    def ids(self, name: str) -> frozenset[str] | None:
        """The ids a page defines, or None if it is not a readable page."""
        ...


class PageCache:
    """What a run learns of a container's pages: their ids, for fragment links (remembered
    from the pages checked, or read from the page when asked for first; None: not a readable
    page), where the relative URLs of a directory's pages lead (``Document.resolve``), and
    which links from a directory are fine (as (base directory, URL, is a <link>))."""

    def __init__(self, read: Callable[[str], bytes]) -> None:
        self._read = read
        self._ids: OrderedDict[str, frozenset[str] | None] = OrderedDict()
        self.urls: _Bounded[tuple[str, str], tuple[str, str] | None] = _Bounded()
        self.fine_links: _BoundedSet[tuple[str | None, str, bool]] = _BoundedSet()

    def ids(self, name: str) -> frozenset[str] | None:
        if name in self._ids:
            self._ids.move_to_end(name)
            return self._ids[name]
        try:
            ids: frozenset[str] | None = page_ids(parse_html(self._read(name)).root)
        except ContainerError:
            ids = None
        self.remember(name, ids)
        return ids

    def cached_ids(self, name: str) -> frozenset[str] | NotRead | None:
        """The ids of a page, if they are known without reading it."""
        if name not in self._ids:
            return NOT_READ
        self._ids.move_to_end(name)
        return self._ids[name]

    def remember(self, name: str, ids: frozenset[str] | None) -> None:
        _put(self._ids, name, ids, IDS_CACHE_PAGES)


class _Bounded(dict[_Key, _Value]):
    """A dict forgotten all at once when it holds many entries."""

    def __setitem__(self, key: _Key, value: _Value) -> None:
        if len(self) >= RESOLVED_URLS_KEPT:
            self.clear()
        super().__setitem__(key, value)


class _BoundedSet(set[_Key]):
    """A set forgotten all at once when it holds many entries."""

    def add(self, key: _Key) -> None:
        if len(self) >= RESOLVED_URLS_KEPT:
            self.clear()
        super().add(key)


def _put(cache: OrderedDict[str, _Value], name: str, value: _Value, size: int) -> None:
    """Store ``value`` as the most recently used entry, dropping the least recently used."""
    cache[name] = value
    cache.move_to_end(name)
    while len(cache) > size:
        cache.popitem(last=False)


def _plain(name: str) -> bool:
    """A name with no empty, '.' or '..' part (and no NUL): its directory can be looked up."""
    return "\0" not in name and not any(part in ("", ".", "..") for part in name.split("/"))


class DirectoryContainer:
    """A directory on disk; symlinks that point out of it are treated as absent."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.pages = PageCache(self.read)
        self._status = lru_cache(maxsize=4096)(self._look_up)
        self._real_directory = lru_cache(maxsize=4096)(self._resolve_directory)

    def ids(self, name: str) -> frozenset[str] | None:
        return self.pages.ids(name)

    def _inside(self, name: str) -> Path | None:
        if name.startswith("/") or name == ".." or name.startswith("../"):
            return None
        try:
            path = (self.root / name).resolve()
        except (OSError, RuntimeError, ValueError):  # ValueError: a NUL byte in the name
            return None
        return path if path.is_relative_to(self.root) else None

    def _resolve_directory(self, directory: str) -> str | None:
        path = self._inside(directory) if directory else self.root
        return None if path is None else str(path)

    def _look_up(self, name: str) -> tuple[str, os.stat_result] | None:
        """The real path of ``name`` and its status (symlinks followed), if it is inside.

        Pages sit in few directories: their real paths are cached, so a plain file costs
        one lstat; only a symlinked or oddly spelled name is resolved in full.
        """
        if _plain(name):
            directory, _, filename = name.rpartition("/")
            real_directory = self._real_directory(directory)
            if real_directory is None:
                return None
            # A str path, not a Path: this runs for every name a page refers to.
            path = f"{real_directory}/{filename}"
            try:
                status = os.lstat(path)
            except OSError:
                return None
            if not stat.S_ISLNK(status.st_mode):
                return path, status
        resolved = self._inside(name)
        if resolved is None:
            return None
        try:
            return str(resolved), resolved.stat()
        except (OSError, ValueError):
            return None

    def exists(self, name: str) -> bool:
        return self._status(name) is not None

    def is_dir(self, name: str) -> bool:
        found = self._status(name)
        return found is not None and stat.S_ISDIR(found[1].st_mode)

    def read(self, name: str, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
        found = self._look_up(name)  # not remembered: what is read is looked up right then
        if found is None or not stat.S_ISREG(found[1].st_mode):
            raise ContainerError(f"{name}: not a file inside {self.root}")
        path, status = found
        try:
            with io.FileIO(path) as stream:
                data = stream.read(min(status.st_size, limit) + 1)
                while status.st_size < len(data) <= limit:  # it grew: read on to the limit
                    more = stream.read(limit + 1 - len(data))
                    if not more:
                        break
                    data += more
        except OSError as error:
            raise ContainerError(f"{name}: {error.strerror or error}") from error
        if len(data) > limit:
            raise TooLarge(f"larger than {limit // (1024 * 1024)} MiB")
        return data


class EpubContainer:
    """An EPUB (zip) read defensively: bounded sizes and ratios, no names escaping the root."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._zip = zipfile.ZipFile(path)
            infos = self._zip.infolist()
        except _ZIP_ERRORS as error:
            raise ContainerError(f"not a readable EPUB: {error}") from error
        self._members: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            name = posixpath.normpath(info.filename)
            # filename, not is_dir(): is_dir() fails on the empty name a corrupt zip can hold
            climbs = name.startswith(("/", "../")) or name in (".", "..")
            if info.filename.endswith("/") or climbs:
                continue
            total += info.file_size
            self._members[name] = info
        if total > MAX_EPUB_TOTAL_BYTES:
            raise TooLarge(f"unpacks to more than {MAX_EPUB_TOTAL_BYTES // (1024 * 1024)} MiB")
        self._dirs = {posixpath.dirname(name) for name in self._members}
        for directory in list(self._dirs):
            while directory:
                directory = posixpath.dirname(directory)
                self._dirs.add(directory)
        self.pages = PageCache(self.read)

    def ids(self, name: str) -> frozenset[str] | None:
        return self.pages.ids(name)

    def close(self) -> None:
        self._zip.close()

    def names(self) -> list[str]:
        return sorted(self._members)

    def unsafe_names(self) -> list[str]:
        """Member names that would climb out of the book or are absolute."""
        return [
            info.filename
            for info in self._zip.infolist()
            if posixpath.normpath(info.filename).startswith(("/", "../"))
            or posixpath.normpath(info.filename) == ".."
        ]

    def exists(self, name: str) -> bool:
        return name in self._members

    def is_dir(self, name: str) -> bool:
        return name in self._dirs

    def read(self, name: str, limit: int = MAX_EPUB_MEMBER_BYTES) -> bytes:
        info = self._members.get(name)
        if info is None:
            raise ContainerError(f"{name}: no such member")
        if info.file_size > limit:
            raise TooLarge(f"larger than {limit // (1024 * 1024)} MiB")
        ratio = info.file_size / info.compress_size if info.compress_size else 0
        if ratio > MAX_COMPRESSION_RATIO and info.file_size > 1024 * 1024:
            raise TooLarge("compressed more than a real document can be (a zip bomb?)")
        try:
            with self._zip.open(info) as stream:
                data = stream.read(limit + 1)
        except _ZIP_ERRORS as error:
            raise ContainerError(f"{name}: {error}") from error
        if len(data) > limit:
            raise TooLarge(f"larger than {limit // (1024 * 1024)} MiB")
        return data
