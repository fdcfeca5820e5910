"""Where pages live: a directory tree or an EPUB. Nothing is read outside of one."""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from functools import lru_cache, partial
from pathlib import Path
from typing import Protocol

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


class ContainerError(Exception):
    """A container (directory or EPUB) could not be opened or read safely."""


class TooLarge(ContainerError):
    pass


class Container(Protocol):
    """Read access to the pages and files of one checked tree, by POSIX name."""

    def exists(self, name: str) -> bool: ...

    def is_dir(self, name: str) -> bool: ...

    def read(self, name: str, limit: int = MAX_DOCUMENT_BYTES) -> bytes: ...

    def ids(self, name: str) -> frozenset[str] | None:
        """The ids a page defines, or None if it is not a readable page."""
        ...


def _readable_page_ids(container: Container, name: str) -> frozenset[str] | None:
    """The ids of a page in ``container``; None when it cannot be read."""
    try:
        return page_ids(parse_html(container.read(name)).root)
    except ContainerError:
        return None


class DirectoryContainer:
    """A directory on disk; symlinks that point out of it are treated as absent."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.ids = lru_cache(maxsize=IDS_CACHE_PAGES)(partial(_readable_page_ids, self))
        self.exists = lru_cache(maxsize=4096)(self._exists)
        self.is_dir = lru_cache(maxsize=4096)(self._is_dir)

    def _inside(self, name: str) -> Path | None:
        if name.startswith("/") or name == ".." or name.startswith("../"):
            return None
        try:
            path = (self.root / name).resolve()
        except (OSError, RuntimeError, ValueError):  # ValueError: a NUL byte in the name
            return None
        return path if path.is_relative_to(self.root) else None

    def _exists(self, name: str) -> bool:
        path = self._inside(name)
        return path is not None and path.exists()

    def _is_dir(self, name: str) -> bool:
        path = self._inside(name)
        return path is not None and path.is_dir()

    def read(self, name: str, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
        path = self._inside(name)
        if path is None or not path.is_file():
            raise ContainerError(f"{name}: not a file inside {self.root}")
        try:
            with path.open("rb") as stream:
                data = stream.read(limit + 1)
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
        self.ids = lru_cache(maxsize=IDS_CACHE_PAGES)(partial(_readable_page_ids, self))

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
