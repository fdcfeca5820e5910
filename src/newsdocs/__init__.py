"""newsdocs: news directives, article pages and a news site builder for Sphinx.

Use it as a Sphinx extension (``extensions = ["newsdocs"]``) and build with
``sphinx-build -b newshtml``, or through the ``newsdocs`` command. Importing the package
imports no Sphinx, so ``newsdocs.check`` (which never needs Sphinx) starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    from newsdocs.extension import setup as setup_extension

    return setup_extension(app)
