"""Building a site the way an editor needs it: staged, checked, then swapped into place.

The build runs in ``<out>.staging`` (a copy of the last good output, so Sphinx's incremental
machinery still works); only a build with no errors (and, with ``strict``, no warnings)
replaces ``<out>``, and a strict build rereads every source. A failed or killed build leaves
the last good output as it was. A lock file keeps two builds of one output from overlapping.
"""

from __future__ import annotations

import fcntl
import io
import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.logging import (
    NAMESPACE,
    OnceFilter,
    SafeEncodingWriter,
    WarningStreamHandler,
    WarningSuppressor,
)


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


@dataclass(frozen=True)
class BuildOutcome:
    published: bool
    errors: int
    warnings: int
    out: Path


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


def staging_dir(out: Path) -> Path:
    return out.with_name(out.name + ".staging")


def _retired_dir(out: Path) -> Path:
    return out.with_name(out.name + ".previous")


@contextmanager
def build_lock(out: Path) -> Iterator[None]:
    lock_path = out.with_name(out.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(
                f"another newsdocs build is writing {out} right now; wait for it to finish"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def _recover(out: Path) -> None:
    """Finish or undo a swap that a killed build left half done."""
    retired = _retired_dir(out)
    if retired.exists():
        if out.exists():
            shutil.rmtree(retired)
        else:
            retired.rename(out)


def _swap_into_place(staging: Path, out: Path) -> None:
    retired = _retired_dir(out)
    if out.exists():
        out.rename(retired)
    staging.rename(out)
    if retired.exists():
        shutil.rmtree(retired)


def build(request: BuildRequest, status: IO[str] | None, warning: IO[str]) -> BuildOutcome:
    """Build ``request.site`` into ``request.out``; publish only a clean build."""
    if not (request.site / "conf.py").is_file():
        raise PublishError(f"{request.site}: no conf.py here; is this a newsdocs site?")
    out = request.out.resolve()
    with build_lock(out):
        _recover(out)
        staging = staging_dir(out)
        if staging.exists():
            shutil.rmtree(staging)
        if out.exists():
            shutil.copytree(out, staging, symlinks=True)
        overrides = {"newsdocs_drafts": request.drafts, **request.overrides}
        try:
            app = Sphinx(
                srcdir=request.site,
                confdir=request.site,
                outdir=staging,
                doctreedir=staging / ".doctrees",
                buildername=request.builder,
                confoverrides=overrides,
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
        except SphinxError as error:
            shutil.rmtree(staging, ignore_errors=True)
            raise PublishError(f"{error.category}: {error}") from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        failed = counter.errors > 0 or (request.strict and counter.warnings > 0)
        if failed:
            shutil.rmtree(staging, ignore_errors=True)
        else:
            _swap_into_place(staging, out)
        return BuildOutcome(not failed, counter.errors, counter.warnings, out)
