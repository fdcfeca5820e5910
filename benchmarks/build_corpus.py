"""The benchmark corpus (benchmarks/corpus.py's plan) as four source projects of the same site.

``plan_site`` draws the articles once; this module writes them as

- a newsdocs site (``newsdocs`` directives: byline, photo with credit, interview, pull quote,
  correction; conf.py with sections and authors),
- a Pelican project (reST, Atom feeds on, relative URLs),
- a Sphinx + ablog project (each article a ``.. post::``, Atom feeds on), and
- a plain Sphinx project (default theme),

so that every contender builds the same words, figures, lists, block quotes and links. Where
the others have no equivalent of a newsdocs directive, the nearest standard reST stands in (a
figure for a photo, a definition list for an interview, a ``note`` for a correction, a
``pull-quote`` for a pull quote), so the text to typeset is the same.

The same ``count`` and ``seed`` always give the same bytes.
"""

from __future__ import annotations

import posixpath
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from benchmarks.corpus import (
    IMAGES,
    SECTIONS,
    SITE_NAME,
    SITE_URL,
    Article,
    FactBox,
    Figure,
    Interview,
    Link,
    Paragraph,
    Quote,
    Site,
    Subheading,
    Timeline,
    plan_site,
    png_bytes,
    slugify,
)

IMAGES_DIR = "images"
# Every this many articles, one carries a correction; one in three has a pull quote.
CORRECTION_EVERY = 5
PULLQUOTE_EVERY = 3
PULLQUOTE_WORDS = 12
# After the last article of any corpus: every article is public, none is future-dated.
NOW = "2035-01-01T00:00:00+00:00"
FLAVORS = ("newsdocs", "pelican", "ablog", "sphinx")


@dataclass(frozen=True, slots=True)
class Project:
    """A written project: its root, its sources (one per article, in plan order)."""

    root: Path
    articles: list[Path]


def source_name(article: Article) -> str:
    """The article's document name (no suffix): articles/2024/slug-00042."""
    return article.page.removesuffix(".html")


def author_id(name: str) -> str:
    return slugify(name)


def section_id(name: str) -> str:
    return slugify(name)


# --- reST pieces shared by the four renderings ---------------------------------------------


def escape(text: str) -> str:
    """Prose as reST: only the characters reST would read as markup are escaped."""
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("`", "\\`").replace("|", "\\|")


def wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(
        text,
        width=96,
        initial_indent=indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def heading(title: str, mark: str) -> str:
    return f"{title}\n{mark * len(title)}\n"


LinkRenderer = Callable[[Article, Link], str]


def paragraph_text(block: Paragraph, article: Article, link: LinkRenderer) -> str:
    return "".join(
        link(article, part) if isinstance(part, Link) else escape(part) for part in block.parts
    )


def doc_link(article: Article, part: Link) -> str:
    """A Sphinx cross-reference to another article (the #fragment is dropped: :doc: has none)."""
    return f":doc:`{escape(part.text)} </{part.page.removesuffix('.html')}>`"


def pelican_link(article: Article, part: Link) -> str:
    target = f"{{filename}}/{part.page.removesuffix('.html')}.rst"
    fragment = f"#{part.fragment}" if part.fragment else ""
    return f"`{escape(part.text)} <{target}{fragment}>`__"


def pullquote_words(article: Article) -> str | None:
    """Words of the article's first plain paragraph, quoted back as a pull quote."""
    for block in article.blocks:
        if isinstance(block, Paragraph) and isinstance(block.parts[0], str):
            words = block.parts[0].split()
            if len(words) >= PULLQUOTE_WORDS:
                return " ".join(words[:PULLQUOTE_WORDS]).rstrip(",.;:")
    return None


def has_correction(index: int) -> bool:
    return index % CORRECTION_EVERY == 0


def has_pullquote(index: int) -> bool:
    return index % PULLQUOTE_EVERY == 1


@dataclass(frozen=True, slots=True)
class Dialect:
    """How one flavor writes what standard reST lacks, and its links and image paths."""

    link: LinkRenderer
    image_prefix: str  # what goes before images/x.png
    figure: Callable[[Figure, str, bool], str]
    interview: Callable[[Interview], str]
    pullquote: Callable[[str, str], str]


def body(article: Article, index: int, dialect: Dialect) -> Iterator[str]:
    """The article's blocks after the byline, one reST chunk each."""
    first_figure = True
    pullquote = pullquote_words(article) if has_pullquote(index) else None
    for number, block in enumerate(article.blocks):
        if isinstance(block, Subheading):
            yield heading(block.title, "-")
        elif isinstance(block, Paragraph):
            yield wrap(paragraph_text(block, article, dialect.link)) + "\n"
        elif isinstance(block, Figure):
            image = f"{dialect.image_prefix}{IMAGES_DIR}/{block.image}"
            yield dialect.figure(block, image, first_figure)
            first_figure = False
        elif isinstance(block, FactBox):
            items = "\n".join(f"   - {escape(key)}: {escape(value)}" for key, value in block.facts)
            yield f".. sidebar:: {escape(block.title)}\n\n{items}\n"
        elif isinstance(block, Timeline):
            yield "\n".join(f"#. {escape(event)}" for event in block.events) + "\n"
        elif isinstance(block, Quote):
            # The empty comment ends whatever came before, so the indent makes a block quote.
            quote = wrap(escape(block.text), "   ")
            yield f"..\n\n{quote}\n\n   -- {escape(block.speaker)}\n"
        elif isinstance(block, Interview):
            yield dialect.interview(block)
        if pullquote is not None and number == 2:
            yield dialect.pullquote(pullquote, article.author.name)


def correction_text(article: Article) -> str:
    return (
        f"An earlier version of this article misstated the cost of the project in "
        f"{escape(article.tags[1] if len(article.tags) > 1 else article.tags[0])}."
    )


# --- newsdocs -------------------------------------------------------------------------------


def newsdocs_figure(figure: Figure, image: str, lead: bool) -> str:
    options = [f"   :alt: {escape(figure.alt)}", f"   :credit: {escape(figure.credit)}"]
    if lead:
        options.append("   :lead:")
    return (
        f".. photo:: {image}\n"
        + "\n".join(options)
        + f"\n\n{wrap(escape(figure.caption), '   ')}\n"
    )


def newsdocs_interview(interview: Interview) -> str:
    host, guest = interview.interviewer, interview.guest
    lines = [
        ".. interview::",
        "   :speakers:",
        f"      host: {host.name} | {host.role}, {SITE_NAME} | interviewer",
        f"      guest: {guest.name} | {guest.role}",
        "",
    ]
    for speaker, paragraphs in interview.turns:
        lines.append(f"   {'host' if speaker == host.name else 'guest'}")
        lines.append("\n\n".join(wrap(escape(text), "      ") for text in paragraphs))
        lines.append("")
    return "\n".join(lines)


def newsdocs_pullquote(words: str, attribution: str) -> str:
    return f".. pullquote::\n\n{wrap(escape(words), '   ')}\n"


NEWSDOCS = Dialect(doc_link, "/", newsdocs_figure, newsdocs_interview, newsdocs_pullquote)


def newsdocs_article(article: Article, index: int) -> str:
    fields = [
        f":section: {section_id(article.section)}",
        f":kicker: {escape(article.kicker)}",
        f":dek: {escape(article.dek)}",
        f":tags: {', '.join(escape(tag) for tag in article.tags)}",
        f":published: {article.published.isoformat()}",
        ":dateline: PORT CALDER",
    ]
    head = [
        "\n".join(fields) + "\n",
        heading(escape(article.headline), "="),
        f".. byline::\n   :by: {author_id(article.author.name)}\n",
    ]
    if has_correction(index):
        when = (article.published + timedelta(hours=20)).isoformat()
        head.append(f".. correction:: {when}\n\n{wrap(correction_text(article), '   ')}\n")
    return "\n".join([*head, *body(article, index, NEWSDOCS)])


def newsdocs_conf(site: Site) -> str:
    authors = {author_id(article.author.name): article.author for article in site.articles}
    author_lines = "".join(
        f"    {key!r}: {{'name': {person.name!r}, 'role': {person.role!r}, "
        f"'organization': {SITE_NAME!r}}},\n"
        for key, person in sorted(authors.items())
    )
    sections = "".join(f"    {section_id(name)!r}: {name!r},\n" for name in SECTIONS)
    return (
        f'"""The benchmark site (generated by benchmarks/build_corpus.py)."""\n\n'
        f"project = {SITE_NAME!r}\ncopyright = '2024-2026, {SITE_NAME}'\nlanguage = 'en'\n"
        "extensions = ['newsdocs']\n"
        f"html_baseurl = {SITE_URL!r}\n"
        "exclude_patterns = ['_build']\n"
        f"newsdocs_now = {NOW!r}\n"
        f"newsdocs_sections = {{\n{sections}}}\n"
        f"newsdocs_authors = {{\n{author_lines}}}\n"
        f"newsdocs_publisher = {{'name': {SITE_NAME!r}}}\n"
    )


# --- The standard-reST stand-ins (Pelican, ablog, plain Sphinx) ----------------------------


def standard_figure(figure: Figure, image: str, lead: bool) -> str:
    caption = wrap(f"{escape(figure.caption)} {escape(figure.credit)}", "   ")
    return f".. figure:: {image}\n   :alt: {escape(figure.alt)}\n\n{caption}\n"


def standard_interview(interview: Interview) -> str:
    host, guest = interview.interviewer, interview.guest
    lines = [wrap(f"**{host.name}**, {host.role}, {SITE_NAME}; **{guest.name}**, {guest.role}.")]
    lines.append("")
    for speaker, paragraphs in interview.turns:
        lines.append(escape(speaker))
        lines.append("\n\n".join(wrap(escape(text), "   ") for text in paragraphs))
        lines.append("")
    return "\n".join(lines)


def standard_pullquote(words: str, attribution: str) -> str:
    return f".. pull-quote::\n\n{wrap(escape(words), '   ')}\n"


def standard_front_matter(article: Article, index: int) -> list[str]:
    """What the newsdocs byline, dek and correction say, as plain paragraphs."""
    parts = [
        f"*{escape(article.dek)}*\n",
        f"By {escape(article.author.name)}, {escape(article.author.role)}\n",
    ]
    if has_correction(index):
        parts.append(f".. note::\n\n{wrap('Correction: ' + correction_text(article), '   ')}\n")
    return parts


def sphinx_article(article: Article, index: int, post_directive: bool) -> str:
    parts = [heading(escape(article.headline), "=")]
    if post_directive:  # ablog: the post's date, tags, section and author
        parts.append(
            f".. post:: {article.published:%Y-%m-%d %H:%M}\n"
            f"   :tags: {', '.join(escape(tag) for tag in article.tags)}\n"
            f"   :category: {escape(article.section)}\n"
            f"   :author: {escape(article.author.name)}\n"
        )
    dialect = Dialect(doc_link, "/", standard_figure, standard_interview, standard_pullquote)
    parts += standard_front_matter(article, index)
    return "\n".join([*parts, *body(article, index, dialect)])


def pelican_article(article: Article, index: int) -> str:
    fields = [
        f":date: {article.published:%Y-%m-%d %H:%M}",
        f":category: {escape(article.section)}",
        f":tags: {', '.join(escape(tag) for tag in article.tags)}",
        f":author: {escape(article.author.name)}",
        f":slug: {posixpath.basename(source_name(article))}",
        f":summary: {escape(article.dek)}",
    ]
    dialect = Dialect(
        pelican_link, "{static}/", standard_figure, standard_interview, standard_pullquote
    )
    parts = [heading(escape(article.headline), "="), "\n".join(fields) + "\n"]
    parts += standard_front_matter(article, index)
    return "\n".join([*parts, *body(article, index, dialect)])


SPHINX_INDEX = f"""{SITE_NAME}
{"=" * len(SITE_NAME)}

News from Port Calder and beyond.

.. toctree::
   :glob:
   :maxdepth: 1

   articles/*/*
"""

PLAIN_SPHINX_CONF = f"""project = {SITE_NAME!r}
copyright = '2024-2026, {SITE_NAME}'
language = 'en'
exclude_patterns = ['_build']
"""

ABLOG_CONF = f"""project = {SITE_NAME!r}
copyright = '2024-2026, {SITE_NAME}'
language = 'en'
extensions = ['ablog']
exclude_patterns = ['_build']
blog_title = {SITE_NAME!r}
blog_baseurl = {SITE_URL!r}
blog_feed_archives = True
blog_feed_fulltext = True
"""

PELICAN_CONF = f"""AUTHOR = {SITE_NAME!r}
SITENAME = {SITE_NAME!r}
SITEURL = ''
PATH = 'content'
TIMEZONE = 'America/New_York'
DEFAULT_LANG = 'en'
RELATIVE_URLS = True
ARTICLE_PATHS = ['articles']
STATIC_PATHS = ['{IMAGES_DIR}']
FEED_DOMAIN = {SITE_URL.rstrip("/")!r}
FEED_ALL_ATOM = 'feeds/all.atom.xml'
CATEGORY_FEED_ATOM = 'feeds/{{slug}}.atom.xml'
TAG_FEED_ATOM = None
DEFAULT_PAGINATION = 10
LOAD_CONTENT_CACHE = False
"""

# The same settings with Pelican's content cache on (its incremental mode).
PELICAN_CACHED_CONF = PELICAN_CONF.replace(
    "LOAD_CONTENT_CACHE = False\n",
    "LOAD_CONTENT_CACHE = True\nCACHE_CONTENT = True\nCACHE_PATH = 'cache'\n",
)


# --- Writing --------------------------------------------------------------------------------


def write_images(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, width, height, rgb in IMAGES:
        (directory / name).write_bytes(png_bytes(width, height, rgb))


def _write_articles(site: Site, content: Path, render: Callable[[Article, int], str]) -> list[Path]:
    paths = []
    for index, article in enumerate(site.articles):
        path = content / f"{source_name(article)}.rst"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(article, index), "utf-8")
        paths.append(path)
    return paths


def write_newsdocs(site: Site, root: Path) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(newsdocs_conf(site), "utf-8")
    (root / "index.rst").write_text(
        heading(SITE_NAME, "=") + "\nNews from Port Calder and beyond.\n", "utf-8"
    )
    write_images(root / IMAGES_DIR)
    return Project(root, _write_articles(site, root, newsdocs_article))


def write_sphinx(site: Site, root: Path, *, ablog: bool) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(ABLOG_CONF if ablog else PLAIN_SPHINX_CONF, "utf-8")
    (root / "index.rst").write_text(SPHINX_INDEX, "utf-8")
    write_images(root / IMAGES_DIR)
    return Project(
        root, _write_articles(site, root, lambda a, i: sphinx_article(a, i, post_directive=ablog))
    )


def write_pelican(site: Site, root: Path) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pelicanconf.py").write_text(PELICAN_CONF, "utf-8")
    (root / "pelicanconf_cached.py").write_text(PELICAN_CACHED_CONF, "utf-8")
    write_images(root / "content" / IMAGES_DIR)
    return Project(root, _write_articles(site, root / "content", pelican_article))


def write_projects(directory: Path, count: int, seed: int = 0) -> dict[str, Project]:
    """Write the four projects of a site of ``count`` articles under ``directory``."""
    if count < 2:
        raise ValueError(f"count must be at least 2, not {count}")
    site = plan_site(count, seed)
    return {
        "newsdocs": write_newsdocs(site, directory / "newsdocs"),
        "pelican": write_pelican(site, directory / "pelican"),
        "ablog": write_sphinx(site, directory / "ablog", ablog=True),
        "sphinx": write_sphinx(site, directory / "sphinx", ablog=False),
    }
