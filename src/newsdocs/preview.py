"""Live preview for writers: sphinx-autobuild running the ``newshtml`` builder on a site.

newsdocs writes no server of its own. sphinx-autobuild watches the site, reruns Sphinx
(incrementally) on every save, serves the output and tells open pages to reload. The preview
goes to ``SITE/_build/preview``, apart from the published output, so a half-written article
never reaches what ``newsdocs build`` publishes, and a build of the site never triggers a
preview rebuild.
"""

from __future__ import annotations

from pathlib import Path


def preview_dir(site: Path) -> Path:
    return site / "_build" / "preview"


def autobuild_arguments(site: Path, *, host: str, port: int, drafts: bool) -> list[str]:
    """The sphinx-autobuild command line (sphinx-build's, plus its own options) for ``site``."""
    return [
        "-b", "newshtml",
        # As in `newsdocs build`: the command line decides, whatever conf.py says.
        "-D", f"newsdocs_drafts={int(drafts)}",
        str(site), str(preview_dir(site)),
        "--host", host,
        "--port", str(port),
        # Builds write here (the preview, published output, locks): never a reason to rebuild.
        "--ignore", str(site / "_build"),
    ]  # fmt: skip


def serve(site: Path, *, host: str, port: int, drafts: bool) -> None:
    """Build ``site`` into its preview directory, serve it, and rebuild on every change.

    Returns when the server is stopped (Ctrl+C).
    """
    from sphinx_autobuild.__main__ import main as autobuild

    autobuild(autobuild_arguments(site, host=host, port=port, drafts=drafts))
