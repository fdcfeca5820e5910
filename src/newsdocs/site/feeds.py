"""Atom feeds (RFC 4287): ``feeds/atom.xml`` for the whole site and ``feeds/<section>.xml``
for each section, newest first, at most ``newsdocs_feed_size`` entries each.

An entry's id is a tag URI (RFC 4151) made of the site's host, the day the article was
published (UTC) and its document name: ``tag:meridian.example,2025-01-01:world/xi-putin``. It
survives rebuilds, edits, a move from http to https and a change of ``html_file_suffix``, any
of which would make a URL id look like a new story in every reader. Feeds are written by
lxml, so no headline can break them; text loses only what XML cannot carry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

from docutils import nodes
from lxml import etree
from sphinx.application import Sphinx
from sphinx.util import logging

from newsdocs.config import authors, sections, site_name
from newsdocs.domain import news_domain
from newsdocs.model import Article, Author
from newsdocs.site import urls
from newsdocs.site.outputs import (
    BUILDER,
    announced_articles,
    generated_pages,
    page_url,
    site_url,
    w3c_datetime,
    write_xml,
    writes_outputs,
    xml_text,
)
from newsdocs.site.published import build_now

logger = logging.getLogger(__name__)

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEEDS_DIR = "feeds"
SITE_FEED = f"{FEEDS_DIR}/atom.xml"
# The article furniture newsdocs puts into the doctree: not the story's first paragraph.
FURNITURE = frozenset({"nd-kicker", "nd-dek", "nd-dates"})


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    uri: str = ""


@dataclass(frozen=True, slots=True)
class Category:
    term: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    title: str
    url: str
    published: datetime
    updated: datetime
    authors: tuple[Person, ...]
    summary: str
    categories: tuple[Category, ...]


@dataclass(frozen=True, slots=True)
class Feed:
    id: str
    title: str
    path: str  # in the output directory
    url: str  # the feed itself
    home: str  # the page whose stories it carries
    updated: datetime
    language: str
    publisher: str
    entries: tuple[Entry, ...]


def feed_path(section: str | None = None) -> str:
    """Where a feed is written: the site's, or a section's."""
    return SITE_FEED if section is None else f"{FEEDS_DIR}/{section}.xml"


def section_feeds(app: Sphinx) -> dict[str, str]:
    """Section id -> name for the sections that get a feed (all but one named like the
    site's feed, which :func:`on_build_finished` reports)."""
    return {
        section: name
        for section, name in sections(app.config).items()
        if feed_path(section) != SITE_FEED
    }


def entry_id(site: str, article: Article) -> str:
    day = article.published.astimezone(UTC).date().isoformat()
    return f"tag:{urlsplit(site).hostname},{day}:{quote(article.docname, safe='/')}"


def first_paragraph(doctree: nodes.document) -> str:
    """The text of the story's first paragraph: the first one directly in a section that is
    not newsdocs furniture (captions, quotes, notices and interview turns are not it)."""
    for section in doctree.findall(nodes.section):
        for child in section.children:
            if isinstance(child, nodes.paragraph) and not FURNITURE & set(child["classes"]):
                text = " ".join(child.astext().split())
                if text:
                    return text
    return ""


def person_uri(site: str, url: str) -> str:
    """An author's page as an absolute http(s) URL, or "" (a feed reader makes it a link)."""
    uri = urljoin(site, url.strip()) if url.strip() else ""
    return uri if urlsplit(uri).scheme in ("http", "https") else ""


class EntryMaker:
    """Entries for one build: each article's once, whatever number of feeds carry it."""

    def __init__(self, app: Sphinx, site: str) -> None:
        self.app = app
        self.site = site
        self.registry: Mapping[str, Author] = authors(app.config)
        self.sections = sections(app.config)
        self.made: dict[str, Entry] = {}

    def __call__(self, article: Article) -> Entry:
        if article.docname not in self.made:
            self.made[article.docname] = self.make(article)
        return self.made[article.docname]

    def make(self, article: Article) -> Entry:
        people = []
        for person in article.authors:
            author = self.registry.get(person.author_id or "")
            url = person.url or (author.url if author else "")
            people.append(Person(person.name, person_uri(self.site, url)))
        summary = article.dek or first_paragraph(self.app.env.get_doctree(article.docname))
        section = Category(article.section, self.sections.get(article.section, ""))
        return Entry(
            id=entry_id(self.site, article),
            title=article.headline,
            url=page_url(self.app, self.site, article.docname),
            published=article.published,
            updated=article.modified,
            authors=tuple(people),
            summary=summary,
            categories=(section, *(Category(tag) for tag in article.tags)),
        )


def _add(parent: etree._Element, tag: str, text: str = "", **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ATOM}}}{tag}")
    for name, value in attributes.items():
        element.set(name, xml_text(value))
    if text:
        element.text = xml_text(text)
    return element


def atom_document(feed: Feed) -> etree._Element:
    root = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    if feed.language:
        root.set(XML_LANG, xml_text(feed.language))
    _add(root, "id", feed.id)
    _add(root, "title", feed.title)
    _add(root, "updated", w3c_datetime(feed.updated))
    _add(root, "link", rel="self", type="application/atom+xml", href=feed.url)
    _add(root, "link", rel="alternate", type="text/html", href=feed.home)
    # Entries without a byline are the publisher's (RFC 4287 4.1.1: every entry has an author).
    _add(_add(root, "author"), "name", feed.publisher)
    _add(root, "generator", "newsdocs")
    for entry in feed.entries:
        element = _add(root, "entry")
        _add(element, "id", entry.id)
        _add(element, "title", entry.title)
        _add(element, "link", rel="alternate", type="text/html", href=entry.url)
        _add(element, "published", w3c_datetime(entry.published))
        _add(element, "updated", w3c_datetime(entry.updated))
        for person in entry.authors:
            author = _add(element, "author")
            _add(author, "name", person.name)
            if person.uri:
                _add(author, "uri", person.uri)
        for category in entry.categories:
            attributes = {"term": category.term}
            if category.label:
                attributes["label"] = category.label
            _add(element, "category", **attributes)
        if entry.summary:
            _add(element, "summary", entry.summary, type="text")
    return root


def make_feed(
    app: Sphinx,
    site: str,
    path: str,
    title: str,
    home: str,
    articles: Sequence[Article],
    entry: EntryMaker,
) -> Feed:
    # Cut before making entries: an entry may read its article's doctree.
    chosen = tuple(entry(article) for article in articles[: app.config.newsdocs_feed_size])
    publisher = str(app.config.newsdocs_publisher.get("name") or site_name(app.config))
    return Feed(
        id=f"{site}{path}",
        title=title,
        path=path,
        url=f"{site}{path}",
        home=home,
        # An empty feed still needs a date: the build's.
        updated=max((item.updated for item in chosen), default=build_now(app.builder)),
        language=app.config.language or "",
        publisher=publisher,
        entries=chosen,
    )


def site_and_section_feeds(app: Sphinx, site: str) -> list[Feed]:
    articles = announced_articles(app)
    entry = EntryMaker(app, site)
    name = site_name(app.config)
    home = page_url(app, site, app.config.root_doc)
    feeds = [make_feed(app, site, SITE_FEED, name, home, articles, entry)]
    written = generated_pages(app.builder)
    for section, section_name in section_feeds(app).items():
        section_page = urls.section_page(section)
        section_home = page_url(app, site, section_page) if section_page in written else home
        in_section = [article for article in articles if article.section == section]
        title = f"{name}: {section_name}"
        feeds.append(
            make_feed(app, site, feed_path(section), title, section_home, in_section, entry)
        )
    return feeds


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Write this build's feeds and remove any other ``feeds/*.xml`` (a section that is gone,
    or every feed when the site has no html_baseurl)."""
    if exception is not None or app.builder.name != BUILDER:
        return
    outdir = Path(app.outdir)
    site = site_url(app.config)
    written: set[Path] = set()
    if site is not None:
        if len(section_feeds(app)) < len(sections(app.config)):
            logger.warning(
                "the section 'atom' gets no feed: %s is the whole site's feed",
                SITE_FEED,
                type="newsdocs",
                subtype="feed",
            )
        for feed in site_and_section_feeds(app, site):
            path = outdir / feed.path
            write_xml(atom_document(feed), path)
            written.add(path)
    for stale in set((outdir / FEEDS_DIR).glob("*.xml")) - written:
        stale.unlink()


def feed_links(app: Sphinx, pagename: str, pathto: Callable[..., str]) -> str:
    """``<link rel="alternate">`` tags for a page's ``<head>``: the site's feed everywhere, and
    the section's on its articles and its section page."""
    if not writes_outputs(app):
        return ""
    name = site_name(app.config)
    links = [(SITE_FEED, name)]
    section_names = section_feeds(app)
    article = news_domain(app.env).articles.get(pagename)
    section = article.section if article is not None else None
    if section is None:
        section = next((s for s in section_names if urls.section_page(s) == pagename), None)
    if section in section_names:
        links.append((feed_path(section), f"{name}: {section_names[section]}"))
    return "".join(
        f'<link rel="alternate" type="application/atom+xml" title="{escape(xml_text(title))}" '
        f'href="{escape(pathto(path, resource=True))}">\n'
        for path, title in links
    )
