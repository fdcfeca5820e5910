"""What the generated pages list, worked out in one pass over the public articles.

The front page, each section, tag and author, and each month of the archive list stories
newest first, ``page_size`` to a page. No Sphinx here: the records are plain data that the
templates (``newsdocs/*.html``) turn into HTML, with page names they pass to ``pathto``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from newsdocs.dates import human_date
from newsdocs.model import Article, Author, Photo, Status
from newsdocs.site.urls import archive_page, author_page, section_page, tag_page, tag_slug


@dataclass(frozen=True, slots=True)
class Person:
    """A name in a teaser's byline; ``page`` is the author page of a registry author."""

    name: str
    page: str = ""


@dataclass(frozen=True, slots=True)
class Teaser:
    """One story as a listing shows it."""

    docname: str
    headline: str
    section_name: str
    section_page: str
    kicker: str
    dek: str
    published: str  # ISO 8601, for <time datetime>
    published_text: str  # "1 January 2025", in the article's own time zone
    byline: tuple[Person, ...]
    photo: Photo | None = None
    image: str = ""  # the lead photo's path in the output ("_images/x.png"), if it has one
    label: str = ""  # "Draft" or "Scheduled" in a --drafts preview


def make_teaser(
    article: Article,
    section_names: Mapping[str, str],
    now: datetime,
    image_path: Callable[[Photo], str] = lambda photo: "",
    typeset: Callable[[str], str] = lambda text: text,
) -> Teaser:
    """``typeset`` gives the headline, kicker and dek the curly quotes and dashes that Sphinx's
    smartquotes give them on the article page."""
    if article.status is Status.DRAFT:
        label = "Draft"
    elif article.published > now:
        label = "Scheduled"
    else:
        label = ""
    photo = article.lead_photo
    return Teaser(
        docname=article.docname,
        headline=typeset(article.headline),
        section_name=section_names.get(article.section, article.section),
        section_page=section_page(article.section),
        kicker=typeset(article.kicker),
        dek=typeset(article.dek),
        published=article.published.isoformat(),
        published_text=human_date(article.published),
        byline=tuple(
            Person(person.name, author_page(person.author_id) if person.author_id else "")
            for person in article.authors
        ),
        photo=photo,
        image=image_path(photo) if photo is not None else "",
        label=label,
    )


@dataclass(frozen=True, slots=True)
class Tag:
    slug: str
    name: str  # the spelling most of its articles use
    stories: tuple[Teaser, ...]

    @property
    def page(self) -> str:
        return tag_page(self.slug)


@dataclass(frozen=True, slots=True)
class Month:
    year: int
    month: int
    stories: tuple[Teaser, ...]

    @property
    def name(self) -> str:
        return datetime(self.year, self.month, 1).strftime("%B %Y")

    @property
    def page(self) -> str:
        return archive_page(self.year, self.month)


@dataclass(frozen=True, slots=True)
class Year:
    year: int
    months: tuple[Month, ...]  # newest first

    @property
    def count(self) -> int:
        return sum(len(month.stories) for month in self.months)


@dataclass(frozen=True, slots=True)
class Listings:
    front: tuple[Teaser, ...]  # the lead story first, then the rest newest first
    lead: Teaser | None
    sections: dict[str, tuple[Teaser, ...]]  # every configured section, in the site's order
    tags: dict[str, Tag]  # slug -> tag, for tags with public articles
    authors: dict[str, tuple[Teaser, ...]]  # every registry author
    years: tuple[Year, ...]  # newest first, for the archive's index
    months: tuple[Month, ...]  # newest first


def lead_index(articles: Sequence[Article], page_size: int) -> int | None:
    """Which story leads: the newest marked ``:lead: yes`` among the latest ``page_size``,
    else the newest. A marked story stops leading once it drops off the first page."""
    if not articles:
        return None
    latest = islice(enumerate(articles), page_size)
    return next((index for index, article in latest if article.lead), 0)


def build_listings(
    articles: Iterable[Article],
    section_names: Mapping[str, str],
    registry: Mapping[str, Author],
    page_size: int,
    teaser: Callable[[Article], Teaser],
) -> Listings:
    """Group ``articles`` (newest first) for every listing page, in one pass."""
    ordered = list(articles)
    teasers: list[Teaser] = []
    sections: dict[str, list[Teaser]] = {section: [] for section in section_names}
    authors: dict[str, list[Teaser]] = {author: [] for author in registry}
    tag_stories: dict[str, list[Teaser]] = {}
    tag_spellings: dict[str, Counter[str]] = {}
    months: dict[tuple[int, int], list[Teaser]] = {}
    for article in ordered:
        story = teaser(article)
        teasers.append(story)
        sections.setdefault(article.section, []).append(story)
        credited = dict.fromkeys(
            person.author_id
            for credit in article.credits
            for person in credit.contributors
            if person.author_id in authors
        )
        for author_id in credited:
            authors[str(author_id)].append(story)
        slugs: dict[str, str] = {}
        for tag in article.tags:
            slugs.setdefault(tag_slug(tag), tag)
        for slug, spelling in slugs.items():
            tag_stories.setdefault(slug, []).append(story)
            tag_spellings.setdefault(slug, Counter())[spelling] += 1
        months.setdefault((article.published.year, article.published.month), []).append(story)

    lead = lead_index(ordered, page_size)
    front = list(teasers)
    if lead:
        front.insert(0, front.pop(lead))
    month_list = tuple(
        Month(year, month, tuple(stories))
        for (year, month), stories in sorted(months.items(), reverse=True)
    )
    years: dict[int, list[Month]] = {}
    for month in month_list:
        years.setdefault(month.year, []).append(month)
    return Listings(
        front=tuple(front),
        lead=front[0] if front else None,
        sections={key: tuple(value) for key, value in sections.items()},
        tags={
            slug: Tag(slug, tag_spellings[slug].most_common(1)[0][0], tuple(stories))
            for slug, stories in tag_stories.items()
        },
        authors={key: tuple(value) for key, value in authors.items()},
        years=tuple(Year(year, tuple(months)) for year, months in years.items()),
        months=month_list,
    )


@dataclass(frozen=True, slots=True)
class Pager:
    """Where one page of a listing sits among its pages."""

    number: int
    count: int
    newer: str  # page name of the previous page ("" on the first)
    older: str  # page name of the next page ("" on the last)


def paginate(
    stories: Sequence[Teaser], page_size: int, page_name: Callable[[int], str]
) -> list[tuple[str, tuple[Teaser, ...], Pager]]:
    """(page name, its stories, its pager) for every page; an empty listing has one page."""
    count = max(1, -(-len(stories) // page_size))
    pages = []
    for number in range(1, count + 1):
        chunk = tuple(stories[(number - 1) * page_size : number * page_size])
        pager = Pager(
            number=number,
            count=count,
            newer=page_name(number - 1) if number > 1 else "",
            older=page_name(number + 1) if number < count else "",
        )
        pages.append((page_name(number), chunk, pager))
    return pages
