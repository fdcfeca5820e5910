"""``byline``: who wrote, reported and photographed the article.

Entries are author ids from the site registry (``newsdocs_authors``) or one-off contributors
written as ``Name (Role)``; separate entries with commas or ``and``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from newsdocs.config import AUTHOR_ID, authors
from newsdocs.model import Contributor, Credit, CreditKind
from newsdocs.nodes import byline

LEAD_IN = {
    CreditKind.BY: "By ",
    CreditKind.ADDITIONAL_REPORTING: "Additional reporting by ",
    CreditKind.PHOTOS: "Photographs by ",
}
_ONE_OFF = re.compile(r"^(?P<name>[^()]+?)\s*(?:\((?P<role>[^()]*)\))?$")


class BylineError(ValueError):
    pass


def split_entries(text: str) -> list[str]:
    """Split ``a, b and c`` into entries, ignoring separators inside parentheses."""
    entries: list[str] = []
    depth = 0
    current = ""
    for char in text:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            entries.append(current)
            current = ""
        else:
            current += char
    entries.append(current)
    result: list[str] = []
    for entry in entries:
        parts = re.split(r"\s+and\s+(?![^()]*\))", entry.strip())
        result.extend(part.strip() for part in parts if part.strip())
    return result


class Byline(SphinxDirective):
    """``.. byline::`` with ``:by:``, ``:additional-reporting:`` and ``:photos:``."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        kind.value: directives.unchanged_required for kind in CreditKind
    }

    def run(self) -> list[nodes.Node]:
        if not self.options.get(CreditKind.BY.value, "").strip():
            raise self.error('byline: ":by:" is required (author ids or "Name (Role)")')
        credits: list[Credit] = []
        for kind in CreditKind:
            text = self.options.get(kind.value)
            if text is None:
                continue
            try:
                people = tuple(self.contributor(entry) for entry in split_entries(text))
            except BylineError as error:
                raise self.error(f"byline: {error}") from None
            if not people:
                raise self.error(f'byline: ":{kind.value}:" names nobody')
            credits.append(Credit(kind, people))
        node = byline(classes=["nd-byline"])
        node["credits"] = tuple(credits)
        self.set_source_info(node)
        for credit in credits:
            node += credit_paragraph(credit)
        return [node]

    def contributor(self, entry: str) -> Contributor:
        registry = authors(self.config)
        if AUTHOR_ID.match(entry):
            author = registry.get(entry)
            if author is None:
                close = difflib.get_close_matches(entry, registry, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise BylineError(
                    f"unknown author id {entry!r}{hint} (authors are declared in "
                    "newsdocs_authors in conf.py; a one-off contributor is written "
                    '"Name (Role)")'
                )
            return Contributor(author.name, author.role, author.id, author.url)
        matched = _ONE_OFF.match(entry)
        if not matched:
            raise BylineError(f"cannot read {entry!r}: write an author id or Name (Role)")
        return Contributor(matched["name"].strip(), (matched["role"] or "").strip())


def credit_paragraph(credit: Credit) -> nodes.paragraph:
    """``By <name>, <role> and <name>, <role>`` with linked names where there is a URL."""
    paragraph = nodes.paragraph(classes=[f"nd-credit-{credit.kind.value}"])
    paragraph += nodes.Text(LEAD_IN[credit.kind])
    people = credit.contributors
    for index, person in enumerate(people):
        if index:
            paragraph += nodes.Text(" and " if index == len(people) - 1 else ", ")
        name: nodes.Element
        if person.url:
            name = nodes.reference("", person.name, refuri=person.url, classes=["nd-author"])
        else:
            name = nodes.inline("", person.name, classes=["nd-author"])
        if person.author_id:
            # The news site links the name to the author's page (site/links.py).
            name["author_id"] = person.author_id
        paragraph += name
        if person.role and credit.kind is CreditKind.BY:
            paragraph += nodes.Text(", ")
            paragraph += nodes.inline("", person.role, classes=["nd-role"])
    return paragraph
