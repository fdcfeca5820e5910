"""``interview``: a Q&A whose speakers are declared once, so nobody gets two spellings.

::

    .. interview::
       :speakers:
          carter: Emily Carter | Senior Editor, The Meridian | interviewer
          plotnikov: Dr. Alexei Plotnikov | Center for Strategic and International Studies

       carter
          Dr. Plotnikov, thank you for joining us.

       plotnikov
          Thank you for having me.

Each turn is a handle on its own line with the words indented below it. The interviewer's
turns are the questions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from newsdocs.nodes import interview

logger = logging.getLogger(__name__)

ROLES = ("interviewer", "interviewee")
_HANDLE = re.compile(r"^[A-Za-z][\w-]*$")


@dataclass(frozen=True, slots=True)
class Speaker:
    handle: str
    name: str
    title: str
    interviewer: bool


class InterviewError(ValueError):
    pass


def parse_speakers(text: str) -> dict[str, Speaker]:
    """Read ``handle: Full Name | title or affiliation | interviewer`` lines."""
    speakers: dict[str, Speaker] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        handle, colon, rest = line.partition(":")
        handle = handle.strip()
        if not colon or not _HANDLE.match(handle):
            raise InterviewError(
                f"cannot read speaker {line!r}: write 'handle: Full Name | title | interviewer'"
            )
        parts = [part.strip() for part in rest.split("|")]
        role = "interviewee"
        if len(parts) > 1 and parts[-1].lower() in ROLES:
            role = parts.pop().lower()
        if len(parts) > 2 or not parts[0]:
            raise InterviewError(
                f"cannot read speaker {line!r}: write 'handle: Full Name | title | interviewer'"
            )
        if handle in speakers:
            raise InterviewError(f"speaker {handle!r} is declared twice")
        title = parts[1] if len(parts) > 1 else ""
        speakers[handle] = Speaker(handle, parts[0], title, role == "interviewer")
    if not speakers:
        raise InterviewError("declare the speakers in :speakers:, one per line")
    return speakers


class Interview(SphinxDirective):
    """``.. interview::`` with ``:speakers:``; the content is the turns."""

    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "speakers": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        try:
            speakers = parse_speakers(self.options.get("speakers", ""))
        except InterviewError as error:
            raise self.error(f"interview: {error}") from None
        holder = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, holder)
        turns = [child for child in holder.children if not isinstance(child, nodes.comment)]
        if not turns:
            raise self.error(
                "interview: write the turns: a speaker handle, then the words indented"
            )
        node = interview(classes=["nd-interview"])
        self.set_source_info(node)
        node += self.speakers_paragraph(speakers)
        dialogue = nodes.definition_list(classes=["nd-turns"])
        node += dialogue
        spoken: set[str] = set()
        messages: list[nodes.Node] = []
        for block in turns:
            if isinstance(block, nodes.system_message):
                messages.append(block)
                continue
            if isinstance(block, nodes.paragraph) and block.astext().strip() in speakers:
                # A handle with nothing indented under it parses as a lone paragraph.
                handle = block.astext().strip()
                spoken.add(handle)
                self.reporter.error(f"interview: the turn of {handle!r} is empty", line=block.line)
                continue
            if not isinstance(block, nodes.definition_list):
                raise self.error(
                    "interview: every turn is a speaker handle on its own line with the words "
                    f"indented below it; found: {block.astext()[:60]!r}"
                )
            for item in block.children:
                assert isinstance(item, nodes.definition_list_item)
                spoken.add(item[0].astext().strip())
                rendered = self.turn(item, speakers)
                if rendered is not None:
                    dialogue += rendered
        for handle in speakers:
            if handle not in spoken:
                logger.warning(
                    "interview: speaker %r (%s) is declared but never speaks",
                    handle,
                    speakers[handle].name,
                    location=node,
                    type="newsdocs",
                    subtype="interview",
                )
        return [node, *messages]

    def speakers_paragraph(self, speakers: dict[str, Speaker]) -> nodes.paragraph:
        paragraph = nodes.paragraph(classes=["nd-speakers"])
        for index, speaker in enumerate(speakers.values()):
            if index:
                paragraph += nodes.Text("; ")
            paragraph += nodes.strong("", speaker.name)
            if speaker.title:
                paragraph += nodes.Text(f", {speaker.title}")
        paragraph += nodes.Text(".")
        return paragraph

    def turn(
        self, item: nodes.definition_list_item, speakers: dict[str, Speaker]
    ) -> nodes.definition_list_item | None:
        """The turn rendered with the declared name, or None (and an error at its line)."""
        term, definition = item[0], item[-1]
        handle = term.astext().strip()
        line = item.line
        speaker = speakers.get(handle)
        if speaker is None:
            known = ", ".join(speakers)
            self.reporter.error(
                f"interview: {handle!r} is not a declared speaker (declared: {known})",
                line=line,
            )
            return None
        if not isinstance(definition, nodes.definition) or not definition.astext().strip():
            self.reporter.error(f"interview: the turn of {handle!r} is empty", line=line)
            return None
        kind = "nd-question" if speaker.interviewer else "nd-answer"
        rendered = nodes.definition_list_item(classes=["nd-turn", kind])
        rendered.source, rendered.line = item.source, item.line
        name = nodes.term("", speaker.name, classes=["nd-speaker", kind])
        name.source, name.line = term.source, term.line
        words = nodes.definition("", *definition.children, classes=["nd-words", kind])
        words.source, words.line = definition.source, definition.line
        rendered += name
        rendered += words
        return rendered
