"""The news site's listing pages, for the ``newshtml`` builder.

- The front page is the site's root document rendered with ``newsdocs/front.html``: its own
  body is the intro, then the lead story and the latest stories. Older stories continue on
  ``page/2``, ``page/3``...
- One page per section (even an empty one), per tag with public articles, per registry author,
  and the archive (an index of years and months, and a page per month), yielded from
  ``html-collect-pages``: they are worked out every build, from one pass over the public
  articles (listings.py), and written when what they show changed (rewrites.py).
- Incremental builds: an edited article is rewritten with the listings that show it, and the
  front page only when what it lists changed (``env-updated``); a deleted document's page goes
  from the output (``env-get-outdated``), and so does a listing page that no longer has stories.

Templates are namespaced (``newsdocs/listing.html``, ``newsdocs/teaser.html``...) so a site
overrides one of them by putting its own in ``templates_path``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Set
from functools import partial
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.utils import normalize_language_tag
from docutils.utils.smartquotes import educate_tokens, smartchars
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.jinja2glue import BuiltinTemplateLoader, SphinxFileSystemLoader
from sphinx.util import logging

from newsdocs.config import authors, sections
from newsdocs.domain import news_domain
from newsdocs.model import Photo
from newsdocs.site.listings import (
    Listings,
    Pager,
    Teaser,
    build_listings,
    make_teaser,
    paginate,
)
from newsdocs.site.outputs import generated_pages
from newsdocs.site.published import build_now, public_articles
from newsdocs.site.rewrites import Page, pages_to_write
from newsdocs.site.urls import archive_page, author_page, front_page, section_page, tag_page

logger = logging.getLogger(__name__)

BUILDER = "newshtml"
# Where generated pages live in the output; only pages newsdocs wrote there are ever removed.
GENERATED_DIRECTORIES = ("sections", "tags", "authors", "archive", "page")
# The newsdocs theme, where the listing templates (newsdocs/*.html) are.
TEMPLATES = Path(__file__).parent.parent / "theme" / "newsdocs"
_LISTINGS = "_newsdocs_listings"
# What smart quotes may change: quotes, backticks, dashes, ellipses, escapes and entities.
_EDUCATED = re.compile(r"['\"`\-.&\\]")
_FRONT_PAGE = "front_page"  # NewsDomain data: what the front page showed when last written


def news_builder(app: Sphinx) -> StandaloneHTMLBuilder | None:
    """The builder, when it is the news site's (listings are for the news site only)."""
    builder = app.builder
    if builder.name == BUILDER and isinstance(builder, StandaloneHTMLBuilder):
        return builder
    return None


def on_builder_inited(app: Sphinx) -> None:
    """Find the listing templates whatever ``newsdocs_theme`` is: after the site's own
    templates and the theme's, so either may override one (they extend its layout.html)."""
    builder = news_builder(app)
    if builder is not None and isinstance(builder.templates, BuiltinTemplateLoader):
        builder.templates.loaders.append(SphinxFileSystemLoader(str(TEMPLATES)))


def page_size(app: Sphinx) -> int:
    size: int = app.config.newsdocs_page_size
    return size


def listings(app: Sphinx) -> Listings:
    """This build's listings, worked out once, after reading (see on_env_updated)."""
    found: Listings | None = getattr(app.builder, _LISTINGS, None)
    if found is None:
        now = build_now(app.builder)
        names = sections(app.config)
        images = app.env.images
        imagedir = app.builder.imagedir

        def image_path(photo: Photo) -> str:
            return f"{imagedir}/{images[photo.uri][1]}" if photo.uri in images else ""

        found = build_listings(
            public_articles(app),
            names,
            authors(app.config),
            page_size(app),
            partial(
                make_teaser,
                section_names=names,
                now=now,
                image_path=image_path,
                typeset=smartquotes(app.config),
            ),
        )
        setattr(app.builder, _LISTINGS, found)
    return found


def smartquotes(config: Config) -> Callable[[str], str]:
    """Sphinx's smart quotes, dashes and ellipses for text outside a document, when the
    site's configuration has Sphinx apply them to its documents."""
    language = config.language or "en"
    excludes = config.smartquotes_excludes
    if (
        not config.smartquotes
        or BUILDER in excludes.get("builders", ())
        or language in excludes.get("languages", ())
        or not any(tag in smartchars.quotes for tag in normalize_language_tag(language))
    ):
        return lambda text: text
    action = config.smartquotes_action

    def educate(text: str) -> str:
        if not _EDUCATED.search(text):
            return text
        return "".join(educate_tokens([("text", text)], attr=action, language=language))

    return educate


def _front_page_name(root_doc: str, number: int) -> str:
    return root_doc if number == 1 else front_page(number)


def _link(app: Sphinx, pagename: str, target: str, title: str) -> dict[str, str] | None:
    """A ``prev``/``next`` entry for the theme's ``<link rel>`` tags."""
    if not target:
        return None
    return {"link": app.builder.get_relative_uri(pagename, target), "title": title}


def _listing_context(
    app: Sphinx, pagename: str, title: str, stories: tuple[Teaser, ...], pager: Pager
) -> dict[str, Any]:
    if pager.number > 1:
        title = f"{title}, page {pager.number}"
    return {
        "title": title,
        "newsdocs_stories": stories,
        "newsdocs_pager": pager,
        "newsdocs_archive_page": archive_page(),
        "prev": _link(app, pagename, pager.newer, "Newer stories"),
        "next": _link(app, pagename, pager.older, "Older stories"),
    }


def listing_pages(app: Sphinx) -> Iterator[Page]:
    """Every generated page: (page name, template context, template)."""
    found = listings(app)
    size = page_size(app)
    root_doc = app.config.root_doc

    front_pages = paginate(found.front, size, partial(_front_page_name, root_doc))
    for pagename, stories, pager in front_pages[1:]:
        context = _listing_context(app, pagename, "Latest stories", stories, pager)
        context.update(newsdocs_kind="front", newsdocs_heading="Latest stories")
        context["newsdocs_lead"] = None
        yield pagename, context, "newsdocs/front.html"

    section_names = sections(app.config)
    for section_id, section_stories in found.sections.items():
        name = section_names.get(section_id, section_id)
        for pagename, stories, pager in paginate(
            section_stories, size, partial(section_page, section_id)
        ):
            context = _listing_context(app, pagename, name, stories, pager)
            context.update(newsdocs_kind="section", newsdocs_heading=name)
            yield pagename, context, "newsdocs/listing.html"

    for slug, tag in found.tags.items():
        for pagename, stories, pager in paginate(tag.stories, size, partial(tag_page, slug)):
            context = _listing_context(app, pagename, tag.name, stories, pager)
            context.update(newsdocs_kind="tag", newsdocs_heading=tag.name)
            yield pagename, context, "newsdocs/listing.html"

    registry = authors(app.config)
    for author_id, author_stories in found.authors.items():
        author = registry[author_id]
        for pagename, stories, pager in paginate(
            author_stories, size, partial(author_page, author_id)
        ):
            context = _listing_context(app, pagename, author.name, stories, pager)
            context.update(
                newsdocs_kind="author", newsdocs_heading=author.name, newsdocs_author=author
            )
            yield pagename, context, "newsdocs/author.html"

    yield (
        archive_page(),
        {"title": "Archive", "newsdocs_kind": "archive", "newsdocs_years": found.years},
        "newsdocs/archive.html",
    )
    for month in found.months:
        for pagename, stories, pager in paginate(
            month.stories, size, partial(archive_page, month.year, month.month)
        ):
            context = _listing_context(app, pagename, month.name, stories, pager)
            context.update(newsdocs_kind="month", newsdocs_heading=month.name)
            yield pagename, context, "newsdocs/listing.html"


def on_html_collect_pages(app: Sphinx) -> Iterator[Page]:
    builder = news_builder(app)
    if builder is None:
        return iter(())
    pages = list(_without_collisions(app, listing_pages(app)))
    pagenames = {pagename for pagename, _, _ in pages}
    _remove_stale_pages(app, builder, pagenames)
    _register_lead_image(app)
    generated_pages(builder).update(pagenames)  # also those already in the output
    return pages_to_write(app, builder, pages, TEMPLATES)


def _without_collisions(app: Sphinx, pages: Iterator[Page]) -> Iterator[Page]:
    """Skip (and report) a generated page whose name a document took.

    Generated pages cannot collide with each other: ids and slugs have no ``/``, and later
    pages of a listing go below the first (urls.py).
    """
    documents = app.env.found_docs
    for page in pages:
        pagename = page[0]
        if pagename in documents:
            logger.error(
                "this document is where newsdocs writes the generated page %r; move or "
                "rename the document (the generated page was not written)",
                pagename,
                location=(pagename, 1),
                type="newsdocs",
                subtype="collision",
            )
        else:
            yield page


def _remove_stale_pages(app: Sphinx, builder: StandaloneHTMLBuilder, generated: Set[str]) -> None:
    """Remove listing pages an earlier build wrote that this one does not (a tag whose last
    article was deleted, a page 3 that is no longer needed)."""
    outdir = Path(builder.outdir)
    suffix = builder.out_suffix
    for directory in GENERATED_DIRECTORIES:
        for path in (outdir / directory).rglob(f"*{suffix}"):
            pagename = path.relative_to(outdir).as_posix().removesuffix(suffix)
            if pagename not in generated and pagename not in app.env.found_docs:
                path.unlink()


def _register_lead_image(app: Sphinx) -> None:
    """Make sure the front page's lead photo is copied to the output, even in a build that
    did not rewrite the article it comes from."""
    lead = listings(app).lead
    images = app.env.images
    if lead is not None and lead.photo is not None and lead.photo.uri in images:
        app.builder.images.setdefault(lead.photo.uri, images[lead.photo.uri][1])


def on_html_page_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> str | None:
    """The masthead's section links and the article's topic links on every page, and the
    front page's listings on the root document."""
    if news_builder(app) is None:
        return None
    pathto = context["pathto"]
    context["newsdocs_sections"] = [
        {
            "name": name,
            "url": pathto(section_page(section_id)),
            "current": pagename == section_page(section_id),
        }
        for section_id, name in sections(app.config).items()
    ]
    article = context.get("newsdocs_article")
    if article is not None:
        context["newsdocs_topics"] = [
            {"name": tag, "url": pathto(tag_page(tag))} for tag in article.tags
        ]
    if pagename != app.config.root_doc or doctree is None:
        return None
    found = listings(app)
    front_pages = paginate(
        found.front, page_size(app), partial(_front_page_name, app.config.root_doc)
    )
    _, stories, pager = front_pages[0]
    lead = found.lead
    context.update(
        _listing_context(app, pagename, str(context.get("title", "")), stories[1:], pager)
    )
    context.update(newsdocs_kind="front", newsdocs_heading="Latest stories", newsdocs_lead=lead)
    return "newsdocs/front.html"


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite the front page when what it lists changed: an article added, edited, deleted,
    published or unpublished (a draft or an embargo lifting needs no source change)."""
    if hasattr(app.builder, _LISTINGS):  # from an earlier build by the same application
        delattr(app.builder, _LISTINGS)
    if news_builder(app) is None:
        return []
    names = "".join(f"{name}\n" for name in sorted(env.found_docs))
    _documents_record(app).write_text(names, encoding="utf-8")
    if app.config.root_doc not in env.found_docs:
        return []
    shown = (page_size(app), tuple(public_articles(app)))
    data = news_domain(env).data
    if data.get(_FRONT_PAGE) == shown:
        return []
    data[_FRONT_PAGE] = shown
    return [app.config.root_doc]


def on_env_get_outdated(
    app: Sphinx,
    env: BuildEnvironment,
    added: Set[str],
    changed: Set[str],
    removed: Set[str],
) -> list[str]:
    """A deleted document's page (and its copied source) leave the output with it.

    Sphinx names the documents removed since the last build, but a build that rereads
    everything (``-E``, ``newsdocs build --strict``) starts from an empty environment: the
    record of the previous build's documents says what went away then.
    """
    builder = news_builder(app)
    if builder is None:
        return []
    record = _documents_record(app)
    gone = set(removed)
    if record.is_file():
        gone.update(record.read_text(encoding="utf-8").splitlines())
    sources = Path(builder.outdir) / "_sources"
    for docname in gone - env.found_docs:
        builder.get_outfilename(docname).unlink(missing_ok=True)
        source = env.doc2path(docname, False).as_posix()
        (sources / f"{source}{app.config.html_sourcelink_suffix}").unlink(missing_ok=True)
    return []


def _documents_record(app: Sphinx) -> Path:
    """The documents of the last ``newshtml`` build, beside Sphinx's own records."""
    return Path(app.doctreedir) / "newsdocs-documents.txt"
