"""The publication gate inside the build: check what the builder just wrote, and report each
finding as a build error or warning located at the reST line to fix."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from newsdocs.check import CheckResult, check_paths
from newsdocs.config import check_config
from newsdocs.incremental_check import RECORD_FILE, check_site

logger = logging.getLogger(__name__)

CHECKED_BUILDERS = frozenset({"newshtml", "newsepub"})


def check_output(app: Sphinx) -> CheckResult:
    """Check what the build publishes: the output directory (again only where it may have
    changed since the last check), or for the EPUB edition the book itself (the XHTML it was
    made from sits beside it and would be checked twice)."""
    config = check_config(app.config)
    jobs = max(app.parallel, 1)
    edition: Path | None = getattr(app.builder, "edition_file", None)
    if edition is not None:
        return check_paths([edition], config, jobs=jobs)
    record = Path(app.doctreedir) / RECORD_FILE
    return check_site(Path(app.builder.outdir), config, record, jobs=jobs)


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or not app.config.newsdocs_check:
        return
    if app.builder.name not in CHECKED_BUILDERS:
        return
    outdir = Path(app.builder.outdir)
    result = check_output(app)
    for finding in result.findings:
        page = (
            Path(finding.path).relative_to(outdir).as_posix()
            if finding.path.startswith(str(outdir))
            else finding.path
        )
        where = f"{page}:{finding.line}" if finding.line else page
        log = logger.error if finding.severity == "error" else logger.warning
        log(
            f"{finding.message} [{where}]",
            location=_source_location(app, finding.source),
            type="newsdocs",
            subtype=f"check.{finding.rule}",
        )
    if result.findings:
        logger.info(
            "newsdocs check: %d error(s), %d warning(s) in %d pages",
            result.errors,
            result.warnings,
            result.checked,
        )


def _source_location(app: Sphinx, source: str | None) -> tuple[str, int | None] | None:
    """The checker's ``path.rst:line`` as Sphinx's (docname, line) location, where it maps
    to a document; findings on generated pages carry no source and name their page."""
    if not source:
        return None
    path, _, line = source.rpartition(":")
    if not line.isdigit():
        path, line = source, ""
    docname = app.env.path2doc(path)
    if docname is None:
        return None
    return docname, int(line) if line else None
