"""The docutils nodes newsdocs directives produce.

Each subclasses a standard node, so builders without a newsdocs visitor (LaTeX, text, man)
render it as that standard node: Sphinx's translators look visitors up along the class MRO.
"""

from __future__ import annotations

from docutils import nodes


class byline(nodes.container):
    """The article's credits; ``credits`` holds model.Credit records for the domain."""


class newstime(nodes.inline):
    """A timestamp; ``datetime`` holds its ISO 8601 value for machines."""


class pullquote(nodes.block_quote):
    """A pull quote: a decorative repeat of words already in the article."""


class notice(nodes.admonition):
    """A correction, clarification or update; ``kind`` and ``date`` describe it."""


class photo(nodes.figure):
    """A news photo with alt text and a credit; ``photo`` holds a model.Photo."""


class interview(nodes.container):
    """A Q&A: the speakers' list, then the turns as a definition list."""
