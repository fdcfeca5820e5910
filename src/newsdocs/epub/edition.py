"""What goes into an EPUB edition, and what the book says about itself. No Sphinx here.

An edition is the public articles published in a date range, grouped by section in the
site's order (``newsdocs_sections``), newest first within a section. Its date names it: the
title, the identifier and the file name carry it, so two editions are two books.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from newsdocs.dates import DateError, human_date, parse_timestamp
from newsdocs.model import Article, Contributor, CreditKind
from newsdocs.scaffold import slugify

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# A bound is a calendar date (compared with the date printed on the article, in its own
# time zone) or a timestamp (compared as an instant).
Bound = date | datetime


class EditionError(ValueError):
    """The edition cannot be made; the message says why and what to change."""


def parse_bound(text: str) -> Bound:
    """``2026-10-01`` (a date) or ``2026-10-01T06:00:00-04:00`` (a timestamp with a zone)."""
    value = text.strip()
    if not _ISO_DATE.match(value) and ":" in value:
        return parse_timestamp(value)
    return _calendar_date(value, "a date (YYYY-MM-DD) or a timestamp with a time zone")


def parse_edition_date(text: str) -> date:
    return _calendar_date(text.strip(), "a date (YYYY-MM-DD)")


def _calendar_date(value: str, wanted: str) -> date:
    if not _ISO_DATE.match(value):
        raise DateError(f"{value!r} is not {wanted}, such as 2026-10-01")
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise DateError(f"{value!r} is not a real date ({error})") from None


def show_bound(bound: Bound) -> str:
    return bound.isoformat() if isinstance(bound, datetime) else human_date(bound)


@dataclass(frozen=True, slots=True)
class Selection:
    """Which articles an edition takes: published in [since, until], both optional."""

    since: Bound | None = None
    until: Bound | None = None

    def __post_init__(self) -> None:
        if self.since is not None and self.until is not None and _after(self.since, self.until):
            raise EditionError(
                f"the edition starts ({show_bound(self.since)}) after it ends "
                f"({show_bound(self.until)}); check --since and --until"
            )

    def admits(self, article: Article) -> bool:
        moment = article.published
        if self.since is not None:
            if isinstance(self.since, datetime):
                if moment < self.since:
                    return False
            elif moment.date() < self.since:
                return False
        if self.until is not None:
            if isinstance(self.until, datetime):
                if moment > self.until:
                    return False
            elif moment.date() > self.until:
                return False
        return True

    def describe(self) -> str:
        if self.since is not None and self.until is not None:
            return f"between {show_bound(self.since)} and {show_bound(self.until)}"
        if self.since is not None:
            return f"since {show_bound(self.since)}"
        if self.until is not None:
            return f"until {show_bound(self.until)}"
        return "at all"

    def key(self) -> str:
        """The selection as text for the identifier: empty for a whole-site edition."""
        parts = []
        if self.since is not None:
            parts.append(f"since={self.since.isoformat()}")
        if self.until is not None:
            parts.append(f"until={self.until.isoformat()}")
        return "&".join(parts)


def _after(first: Bound, second: Bound) -> bool:
    """Whether ``first`` is strictly later than ``second`` (a date covers its whole day)."""
    if isinstance(first, datetime) and isinstance(second, datetime):
        return first > second
    first_day = first.date() if isinstance(first, datetime) else first
    second_day = second.date() if isinstance(second, datetime) else second
    return first_day > second_day


@dataclass(frozen=True, slots=True)
class EditionSection:
    id: str
    name: str
    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True)
class Person:
    """A name on the package document, with its MARC relator (aut, pht, ctb)."""

    name: str
    role: str


@dataclass(frozen=True, slots=True)
class Edition:
    site_name: str
    site_url: str
    date: date
    selection: Selection
    sections: tuple[EditionSection, ...]

    @property
    def articles(self) -> tuple[Article, ...]:
        """In reading order: by section, newest first within each."""
        return tuple(article for section in self.sections for article in section.articles)

    @property
    def title(self) -> str:
        return f"{self.site_name} \N{EM DASH} {human_date(self.date)}"

    @property
    def identifier(self) -> str:
        """A UUID URN, the same for the same site, date and selection."""
        name = f"{self.site_url}#edition={self.date.isoformat()}"
        if self.selection.key():
            name += f"&{self.selection.key()}"
        return uuid.uuid5(uuid.NAMESPACE_URL, name).urn

    @property
    def file_name(self) -> str:
        return f"{slugify(self.site_name)}-{self.date.isoformat()}.epub"

    @property
    def description(self) -> str:
        articles = self.articles
        first = min(article.published for article in articles)
        last = max(article.published for article in articles)
        count = f"{len(articles)} article{'' if len(articles) == 1 else 's'}"
        span = (
            f"published on {human_date(first)}"
            if first.date() == last.date()
            else f"published from {human_date(first)} to {human_date(last)}"
        )
        return f"{self.site_name}, edition of {human_date(self.date)}: {count} {span}."

    def people(self) -> list[Person]:
        """Everyone credited, in reading order, each once: authors (aut) first-come, then
        photographers (pht) and additional reporters (ctb) who are not also authors."""
        authors = _unique(person.name for article in self.articles for person in article.authors)
        others: dict[str, str] = {}
        for article in self.articles:
            for credit in article.credits:
                role = _CONTRIBUTOR_ROLES.get(credit.kind)
                if role is None:
                    continue
                for person in credit.contributors:
                    if person.name not in authors:
                        others.setdefault(person.name, role)
        return [Person(name, "aut") for name in authors] + [
            Person(name, role) for name, role in others.items()
        ]


_CONTRIBUTOR_ROLES = {CreditKind.PHOTOS: "pht", CreditKind.ADDITIONAL_REPORTING: "ctb"}


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def make_edition(
    public: Iterable[Article],
    *,
    site_name: str,
    site_url: str,
    sections: Mapping[str, str],
    edition_date: date,
    selection: Selection,
) -> Edition:
    """Choose and order the edition's articles; refuse an empty edition."""
    public = list(public)
    chosen = [article for article in public if selection.admits(article)]
    if not chosen:
        raise EditionError(_empty_message(public, selection))
    newest_first = sorted(chosen, key=lambda a: (a.published, a.docname), reverse=True)
    grouped = tuple(
        EditionSection(section_id, name, tuple(a for a in newest_first if a.section == section_id))
        for section_id, name in sections.items()
    )
    return Edition(
        site_name=site_name,
        site_url=site_url,
        date=edition_date,
        selection=selection,
        sections=tuple(section for section in grouped if section.articles),
    )


def _empty_message(public: list[Article], selection: Selection) -> str:
    message = f"the edition would be empty: no public article was published {selection.describe()}"
    if public:
        first = min(article.published for article in public)
        last = max(article.published for article in public)
        message += (
            f" (the site's public articles run from {human_date(first)} to "
            f"{human_date(last)}; drafts and articles dated in the future are never included)"
        )
    else:
        message += " (drafts and articles dated in the future are never included)"
    return message


def modified_timestamp(moment: datetime) -> str:
    """``dcterms:modified`` as EPUB wants it: UTC, to the second, with a Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def byline_names(people: Iterable[Contributor]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    names = [person.name for person in people]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
