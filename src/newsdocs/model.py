"""Plain records for what an article is made of. No Sphinx, no docutils."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class NoticeKind(StrEnum):
    CORRECTION = "correction"
    CLARIFICATION = "clarification"
    UPDATE = "update"


class CreditKind(StrEnum):
    BY = "by"
    ADDITIONAL_REPORTING = "additional-reporting"
    PHOTOS = "photos"


@dataclass(frozen=True, slots=True)
class Author:
    """A person in the site's author registry (``newsdocs_authors`` in conf.py)."""

    id: str
    name: str
    role: str = ""
    organization: str = ""
    bio: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class Contributor:
    """Someone credited on one article: a registry author, or a one-off name and role."""

    name: str
    role: str = ""
    author_id: str | None = None
    url: str = ""


@dataclass(frozen=True, slots=True)
class Credit:
    kind: CreditKind
    contributors: tuple[Contributor, ...]


@dataclass(frozen=True, slots=True)
class Notice:
    """A dated correction, clarification or update shown on the article."""

    kind: NoticeKind
    date: datetime
    text: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Photo:
    uri: str  # as Sphinx resolved it, relative to the source directory
    alt: str
    credit: str
    caption: str = ""
    lead: bool = False


@dataclass(frozen=True, slots=True)
class Article:
    docname: str
    headline: str
    section: str
    published: datetime
    dek: str = ""
    kicker: str = ""
    tags: tuple[str, ...] = ()
    updated: datetime | None = None
    dateline: str = ""
    status: Status = Status.PUBLISHED
    credits: tuple[Credit, ...] = ()
    notices: tuple[Notice, ...] = ()
    photos: tuple[Photo, ...] = field(default=())
    lead: bool = False  # :lead: yes: may lead the front page while it is among the latest

    @property
    def modified(self) -> datetime:
        """When the article last changed for readers: the latest of its dates and notices."""
        dates = [self.published, *(n.date for n in self.notices)]
        if self.updated is not None:
            dates.append(self.updated)
        return max(dates)

    @property
    def authors(self) -> tuple[Contributor, ...]:
        """The people in the main "By ..." credit."""
        return tuple(
            person
            for credit in self.credits
            if credit.kind is CreditKind.BY
            for person in credit.contributors
        )

    @property
    def lead_photo(self) -> Photo | None:
        flagged = [photo for photo in self.photos if photo.lead]
        candidates = flagged or list(self.photos)
        return candidates[0] if candidates else None

    def is_public(self, now: datetime) -> bool:
        """Whether readers may see it now: published, and not dated in the future."""
        return self.status is Status.PUBLISHED and self.published <= now
