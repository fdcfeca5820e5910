"""The publication gate inside the build: check what the builder just wrote, and report each
finding as a build error or warning located at the reST line to fix."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from newsdocs.check import check_paths
from newsdocs.config import check_config

logger = logging.getLogger(__name__)

CHECKED_BUILDERS = frozenset({"newshtml", "newsepub"})


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or not app.config.newsdocs_check:
        return
    if app.builder.name not in CHECKED_BUILDERS:
        return
    outdir = Path(app.builder.outdir)
    result = check_paths([outdir], check_config(app.config), jobs=max(app.parallel, 1))
    srcdir = Path(app.srcdir)
    for finding in result.findings:
        page = (
            Path(finding.path).relative_to(outdir).as_posix()
            if finding.path.startswith(str(outdir))
            else finding.path
        )
        where = f"{page}:{finding.line}" if finding.line else page
        location: str | None = None
        if finding.source:
            source_file, _, line = finding.source.rpartition(":")
            location = (
                f"{srcdir / source_file}:{line}" if line.isdigit() else str(srcdir / finding.source)
            )
        message = f"{finding.message} [{where}]"
        log = logger.error if finding.severity == "error" else logger.warning
        log(
            message,
            location=location or str(outdir / page),
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
