"""Making one directory tree a copy of another, copying only what differs.

``newsdocs build`` starts each build from a copy of the published site. Copying the whole
site every time costs as much as the site is large; the directory the site was before its
last build (kept for this) differs from it only in what that build wrote, so only that is
copied. Files are compared by their bytes, never by timestamps, so the result is an exact
copy whatever happened to the target before: a build cut short, a file written behind the
build's back. Modification times are copied with the files, as ``shutil.copytree`` does
(Sphinx decides what to rebuild from them).

A copy never shares a file with its source (a build writing into one would change the
other), except the files ``shared`` names: those are hard links, for files whose writers
always replace them with a new file.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Set
from pathlib import Path

_CHUNK = 1 << 20

Shared = Callable[[str], bool]


def nothing_shared(name: str) -> bool:
    return False


def mirror(
    source: Path,
    target: Path,
    leave_out: Set[str] = frozenset(),
    shared: Shared = nothing_shared,
) -> None:
    """Make ``target`` an exact copy of ``source`` (symbolic links copied as links), leaving
    out the top-level entries named in ``leave_out``; files for which ``shared(name)`` is
    true may be hard links to the source's."""
    _mirror_directory(source, target, "", leave_out, shared)


def _mirror_directory(
    source: Path, target: Path, prefix: str, leave_out: Set[str], shared: Shared
) -> None:
    target.mkdir(parents=True, exist_ok=True)
    found = {entry.name: entry for entry in os.scandir(target)}
    wanted = {entry.name: entry for entry in os.scandir(source) if entry.name not in leave_out}
    for name, entry in found.items():
        if name not in wanted:
            _remove(Path(entry.path))
    for name, entry in wanted.items():
        _mirror_entry(entry, found.get(name), target / name, prefix + name, shared)
    shutil.copystat(source, target)


def _mirror_entry(
    entry: os.DirEntry[str],
    existing: os.DirEntry[str] | None,
    target: Path,
    name: str,
    shared: Shared,
) -> None:
    source = Path(entry.path)
    if entry.is_symlink():
        link = source.readlink()
        if existing is None or not existing.is_symlink() or target.readlink() != link:
            _remove(target)
            target.symlink_to(link)
        return
    if entry.is_dir():
        if existing is not None and (existing.is_symlink() or not existing.is_dir()):
            _remove(target)
        _mirror_directory(source, target, name + "/", frozenset(), shared)
        return
    wanted = entry.stat()
    have = existing.stat() if existing is not None and _is_file(existing) else None
    same_inode = have is not None and (have.st_dev, have.st_ino) == (wanted.st_dev, wanted.st_ino)
    if shared(name):
        if not same_inode:
            _remove(target)
            _link_or_copy(source, target)
    elif (
        have is None
        or same_inode
        or have.st_size != wanted.st_size
        or not _same_bytes(source, target)
    ):
        _remove(target)
        shutil.copy2(source, target)
    elif (have.st_mtime_ns, have.st_mode) != (wanted.st_mtime_ns, wanted.st_mode):
        shutil.copystat(source, target)


def _is_file(entry: os.DirEntry[str]) -> bool:
    return entry.is_file(follow_symlinks=False)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        target.hardlink_to(source)
    except OSError:  # a file system without hard links, or another device
        shutil.copy2(source, target)


def _same_bytes(source: Path, target: Path) -> bool:
    with source.open("rb") as wanted, target.open("rb") as found:
        while True:
            chunk = wanted.read(_CHUNK)
            if chunk != found.read(_CHUNK):
                return False
            if not chunk:
                return True


def _remove(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path)
