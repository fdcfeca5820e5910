"""Building a site the way an editor needs it: staged, checked, then swapped into place.

Beside the published directory ``<out>`` (always a real directory, which a web server can
serve as it is) live:

- ``<out>.staging``: the build in progress, started as a copy of ``<out>`` so Sphinx's
  incremental machinery still works;
- ``<out>.doctrees``: Sphinx's cache of the last published build, kept out of ``<out>`` so
  readers cannot download it (it holds the build machine's paths and all of conf.py), and
  ``<out>.doctrees.staging``, the cache of the build in progress. The site and cache the last
  build replaced (or, if it failed, its own) are kept in ``<out>.doctrees/newsdocs-spares``:
  the next build starts from them and copies only what differs (mirror.py), not every file.
  The doctree files, which are replaced rather than written into (doctree_cache.py), are
  not copied but linked;
- ``<out>.lock``: held while a build runs, so a second build of ``<out>`` stops at once.

Only a build with no errors (and, with ``strict``, no warnings) is published; a strict build
rereads every source. Publishing is one atomic exchange of ``<out>.staging`` and ``<out>``
(Linux ``renameat2(RENAME_EXCHANGE)``): readers see the old site or the new one, never a mix
and never nothing. Where the system cannot exchange, two renames through ``<out>.previous``
are used and the next build finishes or undoes a swap a crash interrupted. A failed build,
or one killed at any point, leaves ``<out>`` as it was; the next build clears what it left.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import io
import logging
import os
import shutil
import sys
from collections.abc import Iterator, Set
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import docutils_namespace
from sphinx.util.logging import (
    NAMESPACE,
    OnceFilter,
    SafeEncodingWriter,
    WarningStreamHandler,
    WarningSuppressor,
)

from newsdocs.doctree_cache import is_doctree
from newsdocs.mirror import Shared, mirror, nothing_shared


class PublishError(Exception):
    """The build could not run at all (locked, bad site directory, bad conf.py)."""


@dataclass(frozen=True)
class BuildRequest:
    site: Path
    out: Path
    builder: str = "newshtml"
    jobs: int = 1
    strict: bool = False
    drafts: bool = False
    overrides: dict[str, Any] = field(default_factory=dict)
    # With the site, also build the EPUB edition into OUT/edition/ (``--format all``).
    edition: bool = False


@dataclass(frozen=True)
class BuildOutcome:
    published: bool
    errors: int
    warnings: int
    out: Path
    edition: Path | None = None  # the published EPUB, when the build made one


class _Counter(WarningStreamHandler):
    """Counts the warnings and errors the user sees (after suppress_warnings).

    Being a WarningStreamHandler, it is paused like Sphinx's own while Sphinx buffers
    warnings, so a buffered warning is counted once, when it is shown.
    """

    def __init__(self, app: Sphinx) -> None:
        super().__init__(SafeEncodingWriter(io.StringIO()))
        self.setLevel(logging.WARNING)
        self.addFilter(WarningSuppressor(app))
        self.addFilter(OnceFilter())
        self.errors = 0
        self.warnings = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.errors += 1
        else:
            self.warnings += 1


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def staging_dir(out: Path) -> Path:
    return _beside(out, ".staging")


def doctree_cache(out: Path) -> Path:
    return _beside(out, ".doctrees")


def lock_file(out: Path) -> Path:
    return _beside(out, ".lock")


# In the cache directory: a site and a cache from an earlier build, where the next one starts.
SPARES = "newsdocs-spares"
SPARE_SITE = f"{SPARES}/site"
SPARE_CACHE = f"{SPARES}/cache"


@contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold ``<out>.lock`` for the build; the kernel lets go if the process dies."""
    lock_path = lock_file(out)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip()
            who = f" (process {holder})" if holder.isdigit() else ""
            raise PublishError(
                f"another newsdocs build{who} is writing {out} right now; wait for it to "
                "finish, or build into another --out"
            ) from None
        try:
            lock.truncate(0)
            lock.write(str(os.getpid()))
            lock.flush()
            yield
        finally:
            lock.truncate(0)
            fcntl.flock(lock, fcntl.LOCK_UN)


_RENAME_EXCHANGE = 2  # linux/fs.h


def _exchange(first: Path, second: Path) -> bool:
    """Swap two directories in one atomic step; False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)  # glibc 2.28+; musl 1.2.5+
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(
        at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # an old kernel, or a filesystem without exchange
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def _previous(target: Path) -> Path:
    return _beside(target, ".previous")


def replace_by_renames(new: Path, target: Path, *, keep_old: bool = False) -> None:
    """The portable swap: ``target`` -> ``<target>.previous``, then ``new`` -> ``target``;
    then the old directory is removed (or with ``keep_old`` moved to ``new``).

    A crash between the renames leaves no ``target`` but a complete ``<target>.previous``,
    which ``recover`` puts back.
    """
    previous = _previous(target)
    if previous.exists():
        shutil.rmtree(previous)
    target.rename(previous)
    new.rename(target)
    if keep_old:
        previous.rename(new)
    else:
        shutil.rmtree(previous)


def recover(target: Path) -> None:
    """Finish or undo a rename swap (``replace_by_renames``) a crash interrupted."""
    previous = _previous(target)
    if not previous.exists():
        return
    if target.exists():
        shutil.rmtree(previous)  # the new directory was in place: the old one is garbage
    else:
        previous.rename(target)  # the crash came between the renames: put the old one back


def replace_directory(new: Path, target: Path, *, keep_old: bool = False) -> None:
    """Put the directory ``new`` at ``target``, replacing what was there; ``new`` is gone,
    or with ``keep_old`` is the old directory (if there was one)."""
    if not target.exists():
        new.rename(target)
    elif _exchange(new, target):
        if not keep_old:
            shutil.rmtree(new)  # the old directory; a crash here leaves it for the next build
    else:
        replace_by_renames(new, target, keep_old=keep_old)


def _clear(*directories: Path) -> None:
    for directory in directories:
        if directory.exists():
            shutil.rmtree(directory)


def build(request: BuildRequest, status: IO[str] | None, warning: IO[str]) -> BuildOutcome:
    """Build ``request.site`` into ``request.out``; publish only a clean build."""
    if not (request.site / "conf.py").is_file():
        raise PublishError(f"{request.site}: no conf.py here; is this a newsdocs site?")
    out = request.out.resolve()
    with build_lock(out):
        cache = doctree_cache(out)
        staging, staging_cache = staging_dir(out), staging_dir(cache)
        recover(out)
        recover(cache)
        _clear(staging, staging_cache, edition_workdir(out))  # what a killed build left
        _start_from(out, staging, cache / SPARE_SITE)
        _clear(staging / ".doctrees")  # where older versions kept the cache: unpublish it
        _start_from(cache, staging_cache, cache / SPARE_CACHE, {SPARES}, shared=is_doctree)
        try:
            tally = _run_sphinx(request, request.builder, staging, staging_cache, status, warning)
            if request.edition and not _fails(request, tally):
                tally = _add_edition(request, out, staging, staging_cache, tally, status, warning)
        except SphinxError as error:
            _keep_as_spares(cache, staging, staging_cache)
            raise PublishError(f"{error.category}: {error}") from None
        except BaseException:
            _keep_as_spares(cache, staging, staging_cache)
            raise
        failed = _fails(request, tally)
        book: Path | None = None
        if not failed:
            if tally.edition is not None:
                book = out / tally.edition.relative_to(staging)
            replace_directory(staging, out, keep_old=True)
            # After the site: a crash between the two leaves an older cache, which only
            # makes the next build reread more.
            replace_directory(staging_cache, cache, keep_old=True)
        # What is at the staging paths now (the old site and cache, or the failed build's)
        # is where the next build starts from.
        _keep_as_spares(cache, staging, staging_cache)
        return BuildOutcome(not failed, tally.errors, tally.warnings, out, book)


def _start_from(
    published: Path,
    staging: Path,
    spare: Path,
    leave_out: Set[str] = frozenset(),
    shared: Shared = nothing_shared,
) -> None:
    """Make ``staging`` a copy of ``published`` (when there is one), starting from ``spare``,
    a directory like it from an earlier build; see ``mirror`` for the arguments."""
    if spare.exists():
        spare.rename(staging)
    if published.exists():
        mirror(published, staging, leave_out, shared)
    else:
        _clear(staging)


def _keep_as_spares(cache: Path, staging: Path, staging_cache: Path) -> None:
    """Move the staging directories into the cache, for the next build to start from."""
    for directory, spare in ((staging, SPARE_SITE), (staging_cache, SPARE_CACHE)):
        if directory.exists() and cache.is_dir():
            kept = cache / spare
            _clear(kept)
            kept.parent.mkdir(exist_ok=True)
            directory.rename(kept)
        else:
            _clear(directory)


EDITION_DIR = "edition"


def edition_workdir(out: Path) -> Path:
    """Where ``--format all`` makes the EPUB before putting the book into OUT/edition/."""
    return _beside(out, ".edition-work")


@dataclass(frozen=True)
class _Tally:
    errors: int
    warnings: int
    edition: Path | None = None  # the EPUB the build wrote, in its output directory


def _fails(request: BuildRequest, tally: _Tally) -> bool:
    return tally.errors > 0 or (request.strict and tally.warnings > 0)


def _run_sphinx(
    request: BuildRequest,
    builder: str,
    outdir: Path,
    doctreedir: Path,
    status: IO[str] | None,
    warning: IO[str],
) -> _Tally:
    # Each build gets its own docutils registry: a second build in this process (the
    # edition after the site) would otherwise warn that every node is registered twice.
    with docutils_namespace():
        app = Sphinx(
            srcdir=request.site,
            confdir=request.site,
            outdir=outdir,
            doctreedir=doctreedir,
            buildername=builder,
            confoverrides={"newsdocs_drafts": request.drafts, **request.overrides},
            status=status,
            warning=warning,
            parallel=request.jobs,
            # Sphinx only repeats the warnings of documents it reads again: a strict
            # build reads everything, so no warning hides behind an earlier build.
            freshenv=request.strict,
        )
        counter = _Counter(app)
        logging.getLogger(NAMESPACE).addHandler(counter)
        try:
            app.build()
        finally:
            logging.getLogger(NAMESPACE).removeHandler(counter)
    edition: Path | None = getattr(app.builder, "edition_file", None)
    return _Tally(counter.errors, counter.warnings, edition)


def _add_edition(
    request: BuildRequest,
    out: Path,
    staging: Path,
    staging_cache: Path,
    site: _Tally,
    status: IO[str] | None,
    warning: IO[str],
) -> _Tally:
    """Build the EPUB edition from the site build's doctrees, in a working directory beside
    OUT, and put only the book into ``<staging>/edition/`` (replacing older editions there),
    so the site and its edition are published by the same swap."""
    workdir = edition_workdir(out)
    try:
        edition = _run_sphinx(request, "newsepub", workdir, staging_cache, status, warning)
        book = None
        if edition.edition is not None and edition.errors == 0:
            shelf = staging / EDITION_DIR
            _clear(shelf)
            shelf.mkdir(parents=True)
            book = shelf / edition.edition.name
            shutil.copyfile(edition.edition, book)
        return _Tally(site.errors + edition.errors, site.warnings + edition.warnings, book)
    finally:
        _clear(workdir)
