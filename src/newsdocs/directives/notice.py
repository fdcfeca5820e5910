"""``correction`` and ``update``: dated notices that drive the article's "updated" time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from newsdocs.dates import DateError, human_timestamp, parse_timestamp
from newsdocs.model import Notice, NoticeKind
from newsdocs.nodes import newstime, notice

LABELS = {
    NoticeKind.CORRECTION: "Correction",
    NoticeKind.CLARIFICATION: "Clarification",
    NoticeKind.UPDATE: "Update",
}


def time_node(moment_iso: str, text: str) -> newstime:
    node = newstime("", text, classes=["nd-time"])
    node["datetime"] = moment_iso
    return node


class Correction(SphinxDirective):
    """``.. correction:: 2025-01-02T10:00:00+00:00`` with ``:type:`` and the notice as content."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "type": lambda value: directives.choice(value, [kind.value for kind in NoticeKind]),
    }
    default_kind = NoticeKind.CORRECTION

    def run(self) -> list[nodes.Node]:
        kind = NoticeKind(self.options.get("type", self.default_kind.value))
        try:
            date = parse_timestamp(self.arguments[0])
        except DateError as error:
            raise self.error(f"{self.name}: the date {error}") from None
        if not "\n".join(self.content).strip():
            raise self.error(f"{self.name}: say what was corrected or updated, as the content")
        node = notice(classes=["nd-notice", f"nd-{kind.value}"])
        self.set_source_info(node)
        label = nodes.paragraph(classes=["nd-notice-label"])
        label += nodes.strong("", LABELS[kind])
        label += nodes.Text(" ")
        label += time_node(date.isoformat(), human_timestamp(date))
        node += label
        body = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, body)
        node.extend(body.children)
        node["notice"] = Notice(kind, date, body.astext(), self.lineno)
        return [node]


class Update(Correction):
    """``.. update:: DATE``: the same as ``correction`` with ``:type: update``."""

    default_kind = NoticeKind.UPDATE
