"""Doctree files are replaced, never written into.

``newsdocs build`` gives Sphinx a copy of the published doctree cache whose doctree files
are hard links to the published ones (publish.py): that copy costs nothing, however large
the site, but Sphinx writing a doctree into the file already there would change the
published cache as well. So the files of the documents about to be read go first, and
Sphinx writes their doctrees to new files.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

DOCTREE_SUFFIX = ".doctree"
# After every other handler, which may add documents to read.
PRIORITY = 900


def is_doctree(name: str) -> bool:
    return name.endswith(DOCTREE_SUFFIX)


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    doctrees = Path(app.doctreedir)
    for docname in docnames:
        (doctrees / f"{docname}{DOCTREE_SUFFIX}").unlink(missing_ok=True)
