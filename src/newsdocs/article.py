"""Reading an article: its file-level fields, its directives' records, and the page furniture
(kicker, dek, dates) placed around the headline. The result is stored in the NewsDomain.

An article is a document whose top field list has ``:section:`` or ``:published:``::

    :section: world
    :kicker: Diplomacy
    :dek: One sentence that sells the story.
    :tags: China, Russia
    :published: 2025-01-01T09:00:00+08:00
    :dateline: BEIJING

    Headline
    ========
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from newsdocs.config import sections
from newsdocs.dates import DateError, human_timestamp, parse_timestamp
from newsdocs.directives.notice import time_node
from newsdocs.domain import news_domain
from newsdocs.model import Article, Credit, Photo, Status
from newsdocs.nodes import byline, notice, photo

logger = logging.getLogger(__name__)

ARTICLE_FIELDS = (
    "section", "published", "updated", "kicker", "dek", "tags", "dateline", "status", "lead",
)  # fmt: skip
YES_NO = {"": True, "yes": True, "true": True, "no": False, "false": False}
MARKS_AN_ARTICLE = ("section", "published")
# Fields Sphinx itself understands; allowed beside the article fields.
SPHINX_FIELDS = ("orphan", "nocomments", "nosearch", "tocdepth", "author", "date")


@dataclass(frozen=True, slots=True)
class Field:
    value: str
    line: int | None


def top_field_list(document: nodes.document) -> nodes.field_list | None:
    """The field list docutils would make the docinfo: the first element of the document."""
    first = next(
        (child for child in document.children if not isinstance(child, nodes.PreBibliographic)),
        None,
    )
    return first if isinstance(first, nodes.field_list) else None


def top_line(field_list: nodes.field_list) -> int | None:
    """Where the article's fields start: the line to name for a missing field."""
    return field_list.line or next(
        (field.line for field in field_list.children if field.line), None
    )


def read_fields(field_list: nodes.field_list) -> dict[str, Field]:
    """The top field list as name -> (value, line)."""
    fields: dict[str, Field] = {}
    for child in field_list.children:
        if isinstance(child, nodes.field):
            name = child[0].astext().strip().lower()
            fields[name] = Field(child[1].astext().strip(), child.line)
    return fields


class ArticleReader(SphinxTransform):
    """Turns an article's fields and directives into an Article in the NewsDomain."""

    # Just before docutils' DocInfo (340), which turns some fields (:status:, :date:...) into
    # bibliographic nodes that no longer know their source line.
    default_priority = 339

    def apply(self, **kwargs: object) -> None:
        field_list = top_field_list(self.document)
        if field_list is None:
            return
        fields = read_fields(field_list)
        if not any(name in fields for name in MARKS_AN_ARTICLE):
            return
        self.env.metadata[self.env.docname]["orphan"] = True  # listed by newsdocs, not a toctree
        article = self.read_article(fields, field_list)
        if article is not None:
            news_domain(self.env).add_article(article)
            self.place_furniture(article, fields, field_list)

    def error(self, message: str, line: int | None, subtype: str = "metadata") -> None:
        logger.error(
            message,
            location=(self.env.docname, line),
            type="newsdocs",
            subtype=subtype,
        )

    def timestamp(self, fields: dict[str, Field], name: str) -> datetime | None:
        field = fields.get(name)
        if field is None:
            return None
        try:
            return parse_timestamp(field.value)
        except DateError as error:
            self.error(f":{name}: {error}", field.line)
            return None

    def read_article(
        self, fields: dict[str, Field], field_list: nodes.field_list
    ) -> Article | None:
        valid = True
        for name, field in fields.items():
            if name not in ARTICLE_FIELDS and name not in SPHINX_FIELDS:
                known = ", ".join(ARTICLE_FIELDS)
                close = difflib.get_close_matches(name, ARTICLE_FIELDS, n=1)
                hint = f"; did you mean :{close[0]}:?" if close else ""
                self.error(f"unknown article field :{name}:{hint} (known: {known})", field.line)
                valid = False

        known_sections = sections(self.config)
        section = fields.get("section")
        if section is None or not section.value:
            self.error(
                "an article needs :section: (one of newsdocs_sections)", top_line(field_list)
            )
            valid = False
        elif section.value not in known_sections:
            choices = ", ".join(known_sections) or "none are configured in newsdocs_sections"
            self.error(
                f":section: {section.value!r} is not a site section ({choices})", section.line
            )
            valid = False

        published = self.timestamp(fields, "published")
        if published is None:
            if "published" not in fields:
                self.error(
                    "an article needs :published: (e.g. 2025-01-31T09:30:00+00:00)",
                    top_line(field_list),
                )
            valid = False
        updated = self.timestamp(fields, "updated")
        if "updated" in fields and updated is None:
            valid = False
        if published is not None and updated is not None and updated < published:
            self.error(":updated: is earlier than :published:", fields["updated"].line)
            valid = False

        status_field = fields.get("status", Field(Status.PUBLISHED.value, None))
        try:
            status = Status(status_field.value.lower())
        except ValueError:
            self.error(
                f":status: must be draft or published, not {status_field.value!r}",
                status_field.line,
            )
            valid = False
            status = Status.DRAFT

        lead_field = fields.get("lead", Field("no", None))
        lead = YES_NO.get(lead_field.value.lower())
        if lead is None:
            self.error(f":lead: must be yes or no, not {lead_field.value!r}", lead_field.line)
            valid = False

        headline = self.headline()
        if headline is None:
            self.error(
                "an article needs a headline: a title under the fields", top_line(field_list)
            )
            valid = False

        notices = tuple(
            node["notice"] for node in self.document.findall(notice) if "notice" in node
        )
        if published is not None:
            for item in notices:
                if item.date < published:
                    self.error(
                        f"this {item.kind.value} is dated before :published:", item.line, "notice"
                    )
                    valid = False
        if not valid or published is None or section is None or headline is None:
            return None

        credits: list[Credit] = [
            c for node in self.document.findall(byline) for c in node["credits"]
        ]
        photos: list[Photo] = [
            node["photo"] for node in self.document.findall(photo) if "photo" in node
        ]
        if not credits:
            logger.warning(
                "article has no byline; add '.. byline::' under the headline",
                location=(self.env.docname, top_line(field_list)),
                type="newsdocs",
                subtype="byline",
            )
        tags = tuple(
            tag.strip()
            for tag in fields.get("tags", Field("", None)).value.split(",")
            if tag.strip()
        )
        return Article(
            docname=self.env.docname,
            headline=headline,
            section=section.value,
            published=published,
            dek=fields.get("dek", Field("", None)).value,
            kicker=fields.get("kicker", Field("", None)).value,
            tags=tags,
            updated=updated,
            dateline=fields.get("dateline", Field("", None)).value,
            status=status,
            credits=tuple(credits),
            notices=notices,
            photos=tuple(photos),
            lead=bool(lead),
        )

    def headline(self) -> str | None:
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None or not section.children or not isinstance(section[0], nodes.title):
            return None
        return section[0].astext()

    def place_furniture(
        self, article: Article, fields: dict[str, Field], field_list: nodes.field_list
    ) -> None:
        """Kicker above the headline, dek under it, dates in the byline (or under the dek).

        Each carries the line of the field its words come from: the line an editor fixes.
        """

        def from_field(node: nodes.Element, *names: str) -> None:
            node.source = field_list.source
            node.line = next((fields[name].line for name in names if name in fields), None)

        section = next(iter(self.document.findall(nodes.section)))
        kicker = nodes.paragraph(classes=["nd-kicker"])
        from_field(kicker, "kicker", "section")
        kicker += nodes.inline("", sections(self.config)[article.section], classes=["nd-section"])
        if article.kicker:
            kicker += nodes.Text(" \N{MIDDLE DOT} ")
            kicker += nodes.inline("", article.kicker, classes=["nd-kicker-text"])
        section.parent.insert(section.parent.index(section), kicker)
        position = 1
        if article.dek:
            dek = nodes.paragraph("", article.dek, classes=["nd-dek"])
            from_field(dek, "dek")
            section.insert(position, dek)
            position += 1
        dates = self.dates_paragraph(article)
        from_field(dates, "published")
        credit_block = next(iter(self.document.findall(byline)), None)
        if credit_block is not None:
            credit_block += dates
        else:
            section.insert(position, dates)

    def dates_paragraph(self, article: Article) -> nodes.paragraph:
        dates = nodes.paragraph(classes=["nd-dates"])
        if article.dateline:
            dates += nodes.inline("", article.dateline, classes=["nd-dateline"])
            dates += nodes.Text(" \N{MIDDLE DOT} ")
        dates += nodes.Text("Published ")
        dates += time_node(article.published.isoformat(), human_timestamp(article.published))
        if article.modified != article.published:
            # Both times in the article's zone, whatever zone a notice was dated in.
            modified = article.modified.astimezone(article.published.tzinfo)
            dates += nodes.Text(" \N{MIDDLE DOT} Updated ")
            dates += time_node(modified.isoformat(), human_timestamp(modified))
        return dates
