"""HTML for newsdocs nodes (the EPUB builders inherit these), and the news site's translator.

The translator adds ``data-line`` (the reST line) to elements, so ``newsdocs check`` can name
the reST line to fix, and turns ``.. newsdocs: ignore rule-id`` comments into the HTML comment
the checker reads.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator

from newsdocs.nodes import interview, newstime, notice, pullquote

SUPPRESSION_COMMENT = re.compile(r"^newsdocs:\s*ignore(-file)?\s+[\w\s,-]+$")


def visit_newstime(self: HTML5Translator, node: newstime) -> None:
    self.body.append(self.starttag(node, "time", "", datetime=node["datetime"]))


def depart_newstime(self: HTML5Translator, node: newstime) -> None:
    self.body.append("</time>")


def visit_pullquote(self: HTML5Translator, node: pullquote) -> None:
    # The words are already in the article: screen readers should not hear them twice.
    attributes: dict[str, Any] = {"aria-hidden": "true"}
    self.body.append(self.starttag(node, "aside", "\n", False, **attributes))


def depart_pullquote(self: HTML5Translator, node: pullquote) -> None:
    self.body.append("</aside>\n")


def visit_notice(self: HTML5Translator, node: notice) -> None:
    self.body.append(self.starttag(node, "aside", role="note"))


def depart_notice(self: HTML5Translator, node: notice) -> None:
    self.body.append("</aside>\n")


def visit_interview(self: HTML5Translator, node: interview) -> None:
    attributes: dict[str, Any] = {"aria-label": "Interview"}
    self.body.append(self.starttag(node, "section", "\n", False, **attributes))


def depart_interview(self: HTML5Translator, node: interview) -> None:
    self.body.append("</section>\n")


HTML_VISITORS: dict[type[nodes.Element], tuple[Any, Any]] = {
    newstime: (visit_newstime, depart_newstime),
    pullquote: (visit_pullquote, depart_pullquote),
    notice: (visit_notice, depart_notice),
    interview: (visit_interview, depart_interview),
}


def _is_section_heading(node: nodes.Element) -> bool:
    return isinstance(node, nodes.section) or (
        isinstance(node, nodes.title) and isinstance(node.parent, nodes.section)
    )


class NewsHTMLTranslator(HTML5Translator):
    """The news site's HTML: standard Sphinx HTML plus reST line numbers for the checker."""

    def starttag(
        self,
        node: nodes.Element,
        tagname: str,
        suffix: str = "\n",
        empty: bool = False,
        **attributes: Any,
    ) -> str:
        line = getattr(node, "line", None)
        if line and _is_section_heading(node):
            # docutils gives a section and its title the line of the underline; the editor
            # fixes the title text, one line above it (a title is a single line).
            line -= 1
        if line and getattr(node, "source", None) == self.document.get("source"):
            attributes.setdefault("data-line", str(line))
        return super().starttag(node, tagname, suffix, empty, **attributes)

    def visit_comment(self, node: nodes.Element, sub: Any = None) -> None:
        text = node.astext().strip()
        if SUPPRESSION_COMMENT.match(text):
            self.body.append(f"<!-- {self.encode(text)} -->\n")
        raise nodes.SkipNode
