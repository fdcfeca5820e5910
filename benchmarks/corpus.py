"""A deterministic corpus of news pages, shaped like the HTML newsdocs builds, for benchmarks.

``plan_site`` draws the content (articles with headlines, sections, bylines, prose, figures,
fact boxes, quotes, interviews and links between articles) from one ``random.Random(seed)``;
``write_html_corpus`` renders it as the newsdocs theme would and writes the pages with the
images and stylesheets they use. The two are apart so that a benchmark of the full site build
can render the same plan as reST instead.

The corpus is meant to be clean: every link, #fragment and image it refers to exists, the
prose has no spacing slips or leaked markup, and interviews name their speakers one way. So
`newsdocs check` (and vnu) should find nothing in it; what they report is a false alarm or a
corpus bug, and either is worth knowing before timing anything.
"""

from __future__ import annotations

import html
import json
import posixpath
import random
import re
import string
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

SITE_NAME = "The Meridian"
SITE_URL = "https://meridian.example/"
FRONT_PAGE = "index.html"
IMAGES_DIR = "_images"
STATIC_DIR = "_static"
STYLESHEETS = ("pygments.css", "newsdocs.css")
SCRIPTS = ("documentation_options.js", "doctools.js", "sphinx_highlight.js")
# Words of running prose; captions, fact boxes, quotes and links bring an article to about 800.
WORDS_PER_ARTICLE = (480, 600)
FRONT_PAGE_LINKS_PER_SECTION = 10

SECTIONS = ("Port Calder", "World", "Business", "Climate", "Culture", "Transport")
# (file, width, height, RGB): tiny but real PNGs, shared by every page.
IMAGES = (
    ("harbor.png", 16, 9, (40, 90, 140)),
    ("council.png", 16, 9, (150, 60, 50)),
    ("chart.png", 16, 9, (230, 230, 220)),
    ("street.png", 16, 9, (90, 90, 90)),
    ("portrait.png", 9, 12, (200, 170, 140)),
    ("map.png", 12, 12, (120, 170, 110)),
)
FIRST_NAMES = (
    "Emily", "Tomás", "Daniel", "Amara", "Henrik", "Priya", "Marcus", "Lucía", "Yusuf",
    "Greta", "Oliver", "Nadia", "Kwame", "Ingrid", "Rafael", "Mei", "Declan", "Sofia",
)  # fmt: skip
LAST_NAMES = (
    "Carter", "Alvarez", "Okafor", "Lindqvist", "Raman", "Dunleavy", "Pettigrew", "Sorensen",
    "Haddad", "Novak", "Mensah", "Castellano", "Whitfield", "Tanaka", "Brennan", "Kowalski",
)  # fmt: skip
AUTHOR_ROLES = ("City Hall Reporter", "Senior Editor", "Climate Correspondent",
                "Business Reporter", "Transport Reporter", "Culture Editor")  # fmt: skip
SOURCE_ROLES = (
    "a member of the city council",
    "the chair of the transport committee",
    "a researcher at Calder Bay University",
    "who owns a bakery on {street}",
    "a spokesperson for {org}",
    "the head of the neighborhood association in {place}",
)
PLACES = ("Ferry Quay", "Ropewalk", "Gull Island", "Eastside", "Harbor Heights", "Millbrook",
          "North Shore", "Old Town", "Calder Bay", "Westfield")  # fmt: skip
STREETS = ("Lock Street", "Cannery Row", "Mill Lane", "Harbor Road", "Station Avenue")
ORGS = (
    "the city council",
    "the Harbor Board",
    "the transport department",
    "Calder Bay University",
    "the port authority",
    "the state environment agency",
    "the chamber of commerce",
)
TOPICS = (
    "harbor footbridge", "night bus route", "sea wall", "ferry timetable", "school meals plan",
    "library extension", "cannery redevelopment", "bike lane network", "flood barrier",
    "housing cooperative", "market hall renovation", "tram extension", "community clinic",
    "park restoration", "tide gauge network",
)  # fmt: skip
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
HEADLINES = (
    "{ORG} Approves {Topic} for {place}",
    "{place} Residents Divided Over {Topic}",
    "What the {Topic} Means for {place}",
    "{Topic} Faces a New Delay",
    "Study Finds Broad Support for {Topic} in {place}",
    "Costs Rise Again for the {Topic}",
)
DEKS = (
    "After months of debate, {org} has a plan for the {topic}. Not everyone in {place} is happy.",
    "The {topic} would cost about ${amount} million and could open by {year}.",
    "Residents of {place} say they have waited long enough for the {topic}.",
)
SUBHEADINGS = ("What happens next", "The cost", "How residents reacted", "A long delay",
               "The numbers", "Opposition on the council", "What the study found",
               "Background", "The design", "Who pays", "A wider debate")  # fmt: skip
SENTENCES = (
    "{Org} voted {yes}-{no} on {weekday} to approve the {topic}, ending a debate that began "
    "in {month} {year_before}.",
    "The {topic} is expected to cost about ${amount} million, according to figures released "
    "by {org}.",
    "Work could begin as early as {month}, although officials cautioned that the timetable "
    "depends on state funding.",
    "Residents of {place} have waited years for the {topic}, and many of them packed the "
    "meeting room on {weekday} night.",
    "Supporters say the {topic} will bring new jobs to {place} and shorten journeys for "
    "thousands of commuters.",
    "Critics argue that the money would be better spent on repairs to roads and schools that "
    "already exist.",
    "A survey of {count} households by {org2} found that {percent} percent of respondents "
    "backed the plan.",
    "{person} told {site} that the decision was the result of months of meetings with residents.",
    "The proposal was first put forward in {year_before}, but it stalled when costs rose and "
    "a second review was ordered.",
    "Under the revised plan, the {topic} would open in stages, starting with the part closest "
    "to {place2}.",
    "Business owners on {street} are divided, with some worried about noise and others hoping "
    "for more customers.",
    "The next public hearing is scheduled for {weekday}, {month} {day}, at the library on "
    "{street}.",
    "Officials said they would publish a detailed schedule before the end of {month}.",
    "The state has promised a grant of ${grant} million, which covers roughly {percent} "
    "percent of the total cost.",
    "Engineers from {org2} reviewed the design twice and recommended changes to the drainage "
    "and the lighting.",
    "About {count} people live within a short walk of the site, according to the latest "
    "census figures.",
    "Several speakers at the meeting asked for more time to study the plan, but a motion to "
    "delay the vote failed.",
    "{person2}, who has lived in {place} for {years} years, said the change could not come "
    "soon enough.",
    "The vote ends a period of uncertainty that had frustrated neighbors and slowed "
    "investment in the area.",
    "Opponents have until the end of the month to file an appeal with the regional planning board.",
    "A similar project in {place2} was finished on time and under budget, a point its "
    "supporters raised again and again.",
    "The department estimates that the {topic} will serve around {count} people a day within "
    "two years of opening.",
    "Questions remain about maintenance costs, which the city will have to carry once "
    "construction ends.",
    "Once it opens, the {topic} will be staffed 24/7, with a supervisor on call at night.",
    "Members of the public can read the full report on the city\u2019s website and send comments "
    "until {month} {day}.",
)
QUOTES = (
    "We have waited long enough, and the people of {place} deserve an answer",
    "This is a good day for everyone who walks, cycles or takes the bus",
    "Nobody is against progress, but we have to be honest about what it costs",
    "I have lived here all my life and I have never seen the neighborhood this united",
    "The numbers are clear, and they tell us to go ahead",
    "We will keep listening to residents at every stage of the work",
    "It is not perfect, but it is far better than doing nothing",
    "We told [the council] from the start that this had to work for everyone",
)
TIMELINE = (
    "{org} first proposed the {topic}",
    "{org2} published its review of the costs",
    "the first public hearing was held in {place}",
    "the state confirmed a grant of ${grant} million",
    "engineers finished the revised design",
)
QUESTIONS = (
    "What did {org} decide, and why does it matter for {place}?",
    "Who stands to gain the most from the {topic}?",
    "What are the biggest risks, in your view?",
    "How did residents respond when the plan was first announced?",
    "What should people in {place} expect over the next year?",
    "Is ${amount} million a fair price for the {topic}?",
)


def slugify(text: str) -> str:
    """The id Sphinx gives a section with this title (ASCII letters, digits and hyphens)."""
    ascii_text = text.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


# --- The plan: what the pages say ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class Link:
    """A link to another page of the site, by its path in the site, maybe with a #fragment."""

    text: str
    page: str
    fragment: str = ""


@dataclass(frozen=True, slots=True)
class Paragraph:
    parts: tuple[str | Link, ...]


@dataclass(frozen=True, slots=True)
class Subheading:
    """Starts a subsection (``<section id=slug><h2>``) that runs to the next one."""

    title: str

    @property
    def slug(self) -> str:
        return slugify(self.title)


@dataclass(frozen=True, slots=True)
class Figure:
    image: str
    alt: str
    caption: str
    credit: str


@dataclass(frozen=True, slots=True)
class FactBox:
    title: str
    facts: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Timeline:
    events: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    speaker: str


@dataclass(frozen=True, slots=True)
class Interview:
    """Alternating turns of an interviewer and one guest; each turn is its paragraphs."""

    interviewer: Person
    guest: Person
    turns: tuple[tuple[str, tuple[str, ...]], ...]


Block = Paragraph | Subheading | Figure | FactBox | Timeline | Quote | Interview


@dataclass
class Article:
    page: str  # path in the site: articles/2025/harbor-footbridge-approved-00042.html
    section: str
    kicker: str
    headline: str
    dek: str
    author: Person
    published: datetime
    tags: tuple[str, ...]
    subheadings: tuple[Subheading, ...]
    blocks: list[Block] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return slugify(self.headline)

    @property
    def fragments(self) -> tuple[str, ...]:
        """The ids other pages may link to: the article's section and its subsections."""
        return (self.slug, *(heading.slug for heading in self.subheadings))


@dataclass
class Site:
    articles: list[Article]

    def latest(self, section: str, count: int) -> list[Article]:
        in_section = [article for article in self.articles if article.section == section]
        return sorted(in_section, key=lambda article: article.published, reverse=True)[:count]


class _Story:
    """The facts one article keeps to (its place, topic, people), and sentences about them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.place, self.place2 = rng.sample(PLACES, 2)
        self.org, self.org2 = rng.sample(ORGS, 2)
        self.topic = rng.choice(TOPICS)
        self.street = rng.choice(STREETS)
        self.year = rng.randint(2024, 2026)
        self.people = [self.person() for _ in range(3)]

    def person(self) -> Person:
        name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
        role = self.rng.choice(SOURCE_ROLES).format(
            street=self.street, org=self.org, place=self.place
        )
        return Person(name, role)

    def fill(self, template: str) -> str:
        rng = self.rng
        first, second = rng.sample(self.people, 2)
        yes = rng.randint(5, 9)
        return template.format(
            Org=self.org[0].upper() + self.org[1:],
            ORG=string.capwords(self.org),
            Topic=self.topic.title(),
            org=self.org,
            org2=self.org2,
            topic=self.topic,
            place=self.place,
            place2=self.place2,
            street=self.street,
            person=first.name,
            person2=second.name,
            site=SITE_NAME,
            yes=yes,
            no=rng.randint(0, 9 - yes) if yes < 9 else 0,
            weekday=rng.choice(WEEKDAYS),
            month=rng.choice(MONTHS),
            day=rng.randint(1, 28),
            year=self.year + rng.randint(1, 3),
            year_before=self.year - rng.randint(1, 4),
            years=rng.randint(3, 40),
            amount=f"{rng.randint(2, 60)}.{rng.randint(1, 9)}",
            grant=f"{rng.randint(1, 20)}.{rng.randint(1, 9)}",
            count=f"{rng.randint(1, 30)},{rng.randint(0, 999):03d}",
            percent=rng.randint(12, 88),
        )

    def sentences(self, count: int) -> str:
        return " ".join(self.fill(template) for template in self.rng.sample(SENTENCES, count))

    def quote_paragraph(self) -> str:
        speaker = self.rng.choice(self.people)
        quote = self.fill(self.rng.choice(QUOTES))
        return f"\u201c{quote},\u201d said {speaker.name}, {speaker.role}. {self.sentences(1)}"


def plan_site(count: int, seed: int = 0) -> Site:
    """The articles of a site of ``count`` articles, the same for the same seed."""
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=-5)))
    stories: list[_Story] = []
    articles: list[Article] = []
    for index in range(count):
        story = _Story(rng)
        published = start + timedelta(hours=index * 25 + rng.randint(0, 5))
        headline = story.fill(rng.choice(HEADLINES))
        page = f"articles/{published.year}/{slugify(headline)}-{index:05d}.html"
        author = Person(
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", rng.choice(AUTHOR_ROLES)
        )
        headings = tuple(Subheading(title) for title in rng.sample(SUBHEADINGS, rng.randint(2, 3)))
        tags = (story.topic.title(), story.place, rng.choice(SECTIONS))
        articles.append(
            Article(
                page=page,
                section=rng.choice(SECTIONS),
                kicker=string.capwords(story.org2.removeprefix("the ")),
                headline=headline,
                dek=story.fill(rng.choice(DEKS)),
                author=author,
                published=published,
                tags=tuple(dict.fromkeys(tags)),
                subheadings=headings,
            )
        )
        stories.append(story)
    # Bodies come second: they link to other articles, which must all be planned first.
    for article, story in zip(articles, stories, strict=True):
        article.blocks = list(_body(article, story, articles))
    return Site(articles)


def _body(article: Article, story: _Story, articles: list[Article]) -> Iterator[Block]:
    rng = story.rng
    target = rng.randint(*WORDS_PER_ARTICLE)
    words = 0
    headings = list(article.subheadings)
    interview = rng.random() < 0.25
    extras: list[Block] = [_figure(story, rng)]
    if rng.random() < 0.5:
        extras.append(_figure(story, rng))
    extras.append(
        FactBox(
            f"The {story.topic} at a glance",
            (
                ("Cost", f"${rng.randint(2, 60)}.{rng.randint(1, 9)} million"),
                ("Vote", f"{rng.randint(5, 9)} in favor"),
                ("Where", f"{story.place} to {story.place2}"),
                ("Opening", f"{rng.choice(MONTHS)} {story.year + rng.randint(1, 3)}"),
            ),
        )
    )
    extras.append(Quote(story.fill(rng.choice(QUOTES)) + ".", story.people[0].name))
    if rng.random() < 0.5:
        events = rng.sample(TIMELINE, 3)
        extras.append(
            Timeline(
                tuple(
                    f"In {rng.choice(MONTHS)} {story.year - years}, {story.fill(event)}."
                    for years, event in zip((3, 2, 1), events, strict=True)
                )
            )
        )
    others = [other for other in articles if other is not article]
    links = rng.sample(others, min(len(others), rng.randint(2, 4)))
    paragraph = 0
    while words < target:
        if paragraph % 3 == 2 and extras:
            yield extras.pop(0)
        if paragraph in (3, 8) and headings:
            yield headings.pop(0)
        if interview and paragraph == 5:
            block = _interview(article, story)
            words += sum(len(text.split()) for _, turn in block.turns for text in turn)
            yield block
            interview = False
            continue
        quoted = paragraph % 4 == 1
        text = story.quote_paragraph() if quoted else story.sentences(rng.randint(3, 5))
        parts: list[str | Link] = [text]
        if paragraph % 5 == 4 and links:
            other = links.pop()
            fragment = rng.choice(("", *other.fragments[1:]))
            parts += [" Earlier coverage: ", Link(other.headline, other.page, fragment), "."]
        words += len(text.split())
        yield Paragraph(tuple(parts))
        paragraph += 1
    yield from extras
    for heading in headings:
        yield heading
        yield Paragraph((story.sentences(3),))
    for other in links:
        yield Paragraph(
            ("Read more in ", Link(other.headline, other.page, rng.choice(other.fragments)), ".")
        )


def _figure(story: _Story, rng: random.Random) -> Figure:
    image = rng.choice(IMAGES)[0]
    kind = rng.choice(("Photograph", "Drawing", "Aerial view"))
    return Figure(
        image=image,
        alt=f"{kind} of the {story.topic} site in {story.place}, seen from {story.street} "
        f"on a {rng.choice(('grey', 'bright', 'windy'))} morning.",
        caption=f"The site of the {story.topic} in {story.place}. {story.sentences(1)}",
        credit=f"{'Illustration' if kind == 'Drawing' else 'Photo'}: {SITE_NAME}",
    )


def _interview(article: Article, story: _Story) -> Interview:
    rng = story.rng
    guest = story.people[1]
    if rng.random() < 0.5:
        guest = Person(f"Dr. {guest.name}", guest.role)
    turns: list[tuple[str, tuple[str, ...]]] = []
    for question in rng.sample(QUESTIONS, rng.randint(3, 5)):
        turns.append((article.author.name, (story.fill(question),)))
        answer = tuple(story.sentences(rng.randint(2, 3)) for _ in range(rng.randint(1, 2)))
        turns.append((guest.name, answer))
    return Interview(article.author, guest, tuple(turns))


# --- Rendering: the HTML the newsdocs theme writes -----------------------------------------


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _href(from_page: str, to_path: str, fragment: str = "") -> str:
    relative = posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")
    return f"{relative}#{fragment}" if fragment else relative


def _date(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC-05:00"


class _Lines:
    """The reST source lines the writer stamps on elements (data-line), counting up."""

    def __init__(self) -> None:
        self.line = 1

    def next(self, step: int = 3) -> int:
        self.line += step
        return self.line


def _head(page: str, title: str, description: str, extra: str = "") -> str:
    """From the doctype to the masthead: what every page of the theme starts with."""
    styles = "\n".join(
        f'    <link rel="stylesheet" type="text/css" '
        f'href="{_href(page, f"{STATIC_DIR}/{name}")}?v=1a2b3c4d" />'
        for name in STYLESHEETS
    )
    scripts = "\n".join(
        f'    <script src="{_href(page, f"{STATIC_DIR}/{name}")}?v=5e6f7a8b"></script>'
        for name in SCRIPTS
    )
    sections = "".join(
        f'      <li><a href="{_href(page, FRONT_PAGE, "section-" + slugify(name))}">'
        f"{_text(name)}</a></li>\n"
        for name in SECTIONS
    )
    return f"""<!DOCTYPE html>

<html lang="en" data-content_root="{_href(page, ".")}/">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />\
<meta name="description" content="{_attr(description)}">
{extra}
    <title>{_text(title)}</title>
{styles}
{scripts}
    <link rel="canonical" href="{SITE_URL}{page}" />
  </head><body>
<a class="nd-skip" href="#main">Skip to content</a>
<header class="nd-masthead">
  <p class="nd-site-name"><a href="{_href(page, FRONT_PAGE)}">{SITE_NAME}</a></p>
  <nav class="nd-sections" aria-label="Sections">
    <ul>
{sections}\
    </ul>
  </nav>
</header>
"""


_FOOT = f"""<footer class="nd-footer">
  <p>&copy; {SITE_NAME} &middot; 2024-2026, {SITE_NAME}</p>
</footer>
  </body>
</html>"""


def _article_metadata(article: Article, neighbors: tuple[Article | None, Article | None]) -> str:
    url = SITE_URL + article.page
    when = article.published.isoformat()
    meta = [
        ("property", "og:type", "article"),
        ("property", "og:title", article.headline),
        ("property", "og:description", article.dek),
        ("property", "og:url", url),
        ("property", "og:site_name", SITE_NAME),
        ("property", "article:published_time", when),
        ("property", "article:section", article.section),
        *(("property", "article:tag", tag) for tag in article.tags),
        ("name", "twitter:card", "summary"),
        ("name", "twitter:title", article.headline),
    ]
    lines = [f'<meta {kind}="{name}" content="{_attr(value)}">' for kind, name, value in meta]
    json_ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "datePublished": when,
        "dateModified": when,
        "author": [{"@type": "Person", "name": article.author.name,
                    "jobTitle": article.author.role}],
        "articleSection": article.section,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "inLanguage": "en",
        "description": article.dek,
        "keywords": list(article.tags),
        "publisher": {"@type": "NewsMediaOrganization", "name": SITE_NAME, "url": SITE_URL},
    }  # fmt: skip
    data = json.dumps(json_ld, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    lines.append(f'<script type="application/ld+json">{data}</script>')
    for relation, other in zip(("prev", "next"), neighbors, strict=True):
        if other is not None:
            lines.append(
                f'    <link rel="{relation}" title="{_attr(other.headline)}" '
                f'href="{_href(article.page, other.page)}" />'
            )
    return "\n".join(lines)


def render_article(article: Article, neighbors: tuple[Article | None, Article | None]) -> str:
    """One article page as the newsdocs theme renders it (``neighbors``: previous, next)."""
    page = article.page
    lines = _Lines()
    body: list[str] = [
        _head(
            page,
            f"{article.headline} \u2014 {SITE_NAME}",
            article.dek,
            _article_metadata(article, neighbors),
        ),
        f'<main id="main" class="nd-main" data-newsdocs-source="{page[:-5]}.rst">\n'
        '<article class="nd-article">\n\n'
        f'  <p class="nd-kicker" data-line="2"><span class="nd-section">{_text(article.section)}'
        f'</span> \u00b7 <span class="nd-kicker-text">{_text(article.kicker)}</span></p>\n'
        f'<section data-line="8" id="{article.slug}">\n'
        f'<h1 data-line="8">{_text(article.headline)}<a class="headerlink" '
        f'href="#{article.slug}" title="Link to this heading">\u00b6</a></h1>\n'
        f'<p class="nd-dek" data-line="3">{_text(article.dek)}</p>\n'
        f'<div class="nd-byline docutils container" data-line="11">\n'
        f'<p class="nd-credit-by">By <a class="nd-author reference external" '
        f'href="{SITE_URL}authors/{slugify(article.author.name)}/">{_text(article.author.name)}'
        f'</a>, <span class="nd-role">{_text(article.author.role)}</span></p>\n'
        f'<p class="nd-dates" data-line="5"><span class="nd-dateline">PORT CALDER</span> \u00b7 '
        f'Published <time class="nd-time" datetime="{article.published.isoformat()}">'
        f"{_date(article.published)}</time></p>\n"
        "</div>\n",
    ]
    in_subsection = False
    for block in article.blocks:
        if isinstance(block, Subheading):
            if in_subsection:
                body.append("</section>\n")
            line = lines.next()
            body.append(
                f'<section data-line="{line}" id="{block.slug}">\n'
                f'<h2 data-line="{line}">{_text(block.title)}<a class="headerlink" '
                f'href="#{block.slug}" title="Link to this heading">\u00b6</a></h2>\n'
            )
            in_subsection = True
        else:
            body.append(_render_block(block, page, lines))
    if in_subsection:
        body.append("</section>\n")
    body.append("</section>\n\n\n")
    body.append(
        '<footer class="nd-tags">\n  <h2 class="nd-tags-title">Topics</h2>\n  <ul>\n'
        + "".join(f"    <li>{_text(tag)}</li>\n" for tag in article.tags)
        + "  </ul>\n</footer>\n</article>\n</main>\n"
    )
    body.append(_FOOT)
    return "".join(body)


def _render_block(block: Block, page: str, lines: _Lines) -> str:
    line = lines.next()
    if isinstance(block, Paragraph):
        return f'<p data-line="{line}">{_render_parts(block.parts, page)}</p>\n'
    if isinstance(block, Figure):
        return (
            f'<figure class="nd-photo align-default" data-line="{line}">\n'
            f'<img alt="{_attr(block.alt)}" data-line="{line}" '
            f'src="{_href(page, f"{IMAGES_DIR}/{block.image}")}" />\n'
            f'<figcaption>\n<p><span class="caption-text">{_text(block.caption)} '
            f'<span class="nd-credit">{_text(block.credit)}</span></span></p>\n'
            "</figcaption>\n</figure>\n"
        )
    if isinstance(block, FactBox):
        items = "".join(
            f'<li data-line="{line + n}"><p data-line="{line + n}">{_text(key)}: '
            f"{_text(value)}</p></li>\n"
            for n, (key, value) in enumerate(block.facts, start=2)
        )
        return (
            f'<aside class="sidebar" data-line="{line}">\n'
            f'<p class="sidebar-title" data-line="{line}">{_text(block.title)}</p>\n'
            f'<ul class="simple" data-line="{line + 2}">\n{items}</ul>\n</aside>\n'
        )
    if isinstance(block, Timeline):
        items = "".join(f"<li><p>{_text(event)}</p></li>\n" for event in block.events)
        return f'<ol class="arabic simple" data-line="{line}">\n{items}</ol>\n'
    if isinstance(block, Quote):
        return (
            f'<blockquote data-line="{line}">\n<div><p data-line="{line}">'
            f"\u201c{_text(block.text)}\u201d</p>\n"
            f'<p class="attribution">\u2014{_text(block.speaker)}</p>\n</div></blockquote>\n'
        )
    if isinstance(block, Interview):
        return _render_interview(block, lines)
    raise TypeError(f"cannot render {block!r}")  # Subheading is handled by the caller


def _render_parts(parts: tuple[str | Link, ...], page: str) -> str:
    rendered: list[str] = []
    for part in parts:
        if isinstance(part, Link):
            rendered.append(
                f'<a class="reference internal" href="{_href(page, part.page, part.fragment)}">'
                f'<span class="doc">{_text(part.text)}</span></a>'
            )
        else:
            rendered.append(_text(part))
    return "".join(rendered)


def _render_interview(interview: Interview, lines: _Lines) -> str:
    host, guest = interview.interviewer, interview.guest
    turns: list[str] = []
    for speaker, paragraphs in interview.turns:
        kind = "nd-question" if speaker == host.name else "nd-answer"
        line = lines.next()
        text = "\n".join(f'<p data-line="{lines.next(2)}">{_text(p)}</p>' for p in paragraphs)
        turns.append(
            f'<dt class="nd-speaker {kind}" data-line="{line}">{_text(speaker)}</dt>'
            f'<dd class="nd-words {kind}" data-line="{line + 1}">{text}\n</dd>\n'
        )
    return (
        f'<section aria-label="Interview" class="nd-interview" data-line="{lines.next()}">\n'
        f'<p class="nd-speakers"><strong>{_text(host.name)}</strong>, {_text(host.role)}, '
        f"{SITE_NAME}; <strong>{_text(guest.name)}</strong>, {_text(guest.role)}.</p>\n"
        f'<dl class="nd-turns">\n{"".join(turns)}</dl>\n</section>\n'
    )


def render_front_page(site: Site) -> str:
    """The front page: the latest articles of each section, each section an #id to link to."""
    sections: list[str] = []
    for name in SECTIONS:
        slug = f"section-{slugify(name)}"
        items = "".join(
            f'<li><a class="reference internal" href="{_href(FRONT_PAGE, article.page)}">'
            f"{_text(article.headline)}</a> "
            f'<time datetime="{article.published.isoformat()}">'
            f"{_date(article.published)}</time></li>\n"
            for article in site.latest(name, FRONT_PAGE_LINKS_PER_SECTION)
        )
        listing = f'<ul class="nd-article-list">\n{items}</ul>\n' if items else ""
        sections.append(
            f'<section id="{slug}">\n<h2>{_text(name)}<a class="headerlink" href="#{slug}" '
            f'title="Link to this heading">\u00b6</a></h2>\n{listing}</section>\n'
        )
    return (
        _head(FRONT_PAGE, SITE_NAME, f"News from Port Calder and beyond, by {SITE_NAME}.")
        + '<main id="main" class="nd-main">\n<div class="nd-page">\n'
        + f'<section id="front-page">\n<h1>{SITE_NAME}</h1>\n'
        + "".join(sections)
        + "</section>\n</div>\n</main>\n"
        + _FOOT
    )


# --- Writing ---------------------------------------------------------------------------------


def png_bytes(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real PNG of one colour (8-bit RGB), as small as PNGs get."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\x00" + bytes(rgb) * width  # filter type 0, then the pixels
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height, 9))
        + chunk(b"IEND", b"")
    )


def write_html_corpus(directory: Path, count: int, seed: int = 0) -> list[Path]:
    """Write a site of ``count`` HTML pages (a front page and ``count - 1`` articles of about
    800 words) with the images and stylesheets they use; return the pages, front page first.

    The same ``count`` and ``seed`` always give the same bytes.
    """
    if count < 1:
        raise ValueError(f"count must be at least 1, not {count}")
    site = plan_site(count - 1, seed)
    (directory / IMAGES_DIR).mkdir(parents=True, exist_ok=True)
    (directory / STATIC_DIR).mkdir(parents=True, exist_ok=True)
    for name, width, height, rgb in IMAGES:
        (directory / IMAGES_DIR / name).write_bytes(png_bytes(width, height, rgb))
    for name in STYLESHEETS:
        (directory / STATIC_DIR / name).write_text("body { margin: 0 auto; }\n", "utf-8")
    for name in SCRIPTS:
        (directory / STATIC_DIR / name).write_text("/* benchmark corpus */\n", "utf-8")
    front = directory / FRONT_PAGE
    front.write_text(render_front_page(site), "utf-8")
    pages = [front]
    articles = site.articles
    for index, article in enumerate(articles):
        previous = articles[index - 1] if index > 0 else None
        following = articles[index + 1] if index + 1 < len(articles) else None
        path = directory / article.page
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_article(article, (previous, following)), "utf-8")
        pages.append(path)
    return pages
