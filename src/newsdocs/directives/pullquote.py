"""``pullquote``: words from the article, repeated large; they must really be in the article."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from newsdocs.nodes import pullquote

logger = logging.getLogger(__name__)

_QUOTE_MARKS = re.compile(
    "[\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a]"
)
_ELLIPSIS = re.compile(r"\s*(?:\u2026|\.\.\.|\[\s*(?:\u2026|\.\.\.)\s*\])\s*")
_EDGE_PUNCTUATION = ".,;:!?\u2014\u2013- "


def normalize_quote(text: str) -> str:
    """Compare ignoring case, whitespace and quote style."""
    return " ".join(_QUOTE_MARKS.sub("", text).casefold().split())


def quote_in_text(quote: str, text: str) -> bool:
    """Whether every piece of ``quote`` (split at ellipses) appears in ``text``, in order."""
    haystack = normalize_quote(text)
    position = 0
    for piece in _ELLIPSIS.split(quote):
        needle = normalize_quote(piece).strip(_EDGE_PUNCTUATION)
        if not needle:
            continue
        found = haystack.find(needle, position)
        if found < 0:
            return False
        position = found + len(needle)
    return True


class Pullquote(SphinxDirective):
    """``.. pullquote::`` with the quoted words as content and an optional ``:attribution:``."""

    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "attribution": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        if not "\n".join(self.content).strip():
            raise self.error("pullquote: write the quoted words as the directive's content")
        node = pullquote(classes=["nd-pullquote"])
        self.set_source_info(node)
        self.state.nested_parse(self.content, self.content_offset, node)
        if "attribution" in self.options:
            node += nodes.attribution("", self.options["attribution"])
        return [node]


class CheckPullquotes(SphinxTransform):
    """Warn at a pull quote whose words are not in the article's body text."""

    default_priority = 700

    def apply(self, **kwargs: object) -> None:
        quotes = list(self.document.findall(pullquote))
        if not quotes:
            return
        body = " ".join(
            node.astext()
            for node in self.document.findall(nodes.Text)
            if not any(isinstance(parent, pullquote) for parent in _ancestors(node))
        )
        for quote in quotes:
            words = " ".join(
                child.astext()
                for child in quote.children
                if not isinstance(child, nodes.attribution)
            )
            if not quote_in_text(words, body):
                logger.warning(
                    "pull quote is not in the article's text; quote the article word for word "
                    "(case, spacing and quote marks may differ): %r",
                    words[:80],
                    location=quote,
                    type="newsdocs",
                    subtype="pullquote",
                )


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    chain = []
    parent = node.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent
    return chain
