"""What the machine-readable files of a ``newshtml`` build share (feeds.py, sitemaps.py).

They are written at ``build-finished`` from the NewsDomain, every build, so an incremental
build forgets a deleted or unpublished article. They need absolute URLs, so they exist only
when ``html_baseurl`` is an absolute http(s) URL; without one the build says so once
(``newsdocs.baseurl``), writes none of them and links to none of them, and the pages build as
usual. What they announce is what is public now, even in a ``--drafts`` preview: a preview
must never tell a feed reader or a search engine about a draft.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from docutils import nodes
from lxml import etree
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.util import logging

from newsdocs.domain import news_domain
from newsdocs.head import absolute
from newsdocs.model import Article
from newsdocs.site.published import build_now, public_articles

logger = logging.getLogger(__name__)

BUILDER = "newshtml"
# Before the publication check (default priority 500), which follows the pages' links to
# the feeds: they must be on disk by then.
PRIORITY = 400

# XML 1.0 has no way to write these, not even as character references.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Pages Sphinx writes for itself: no reader's destination.
_UTILITY_PAGES = re.compile(r"search|opensearch|genindex(-.*)?")
_GENERATED_PAGES = "_newsdocs_generated_pages"


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot carry (control characters, lone surrogates)."""
    return _NOT_XML.sub("", text)


def w3c_datetime(moment: datetime) -> str:
    """RFC 3339 / W3C Datetime with the zone: ``2025-01-01T09:00:00+08:00``."""
    return moment.isoformat(timespec="seconds")


def site_url(config: Config) -> str | None:
    """``html_baseurl`` ending in ``/``, or None when it is not an absolute http(s) URL."""
    base = str(config.html_baseurl or "").strip()
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return base if base.endswith("/") else base + "/"


def writes_outputs(app: Sphinx) -> bool:
    """Whether this build writes feeds and sitemaps (and pages may link to them)."""
    return app.builder.name == BUILDER and site_url(app.config) is not None


def page_url(app: Sphinx, site: str, pagename: str) -> str:
    """A page's absolute URL, as its canonical link gives it."""
    return absolute(site, app.builder.get_target_uri(pagename))


def announced_articles(app: Sphinx) -> list[Article]:
    """The articles feeds and sitemaps may name: public now, newest first."""
    now = build_now(app.builder)
    return [article for article in public_articles(app) if article.is_public(now)]


def on_html_page_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Remember the pages this build generated beside the documents (listings and the like).

    Generated pages are rendered in the main process, after the documents, so the record is
    complete at build-finished even in a parallel build.
    """
    if pagename not in app.env.all_docs:
        generated_pages(app.builder).add(pagename)


def generated_pages(builder: Builder) -> set[str]:
    """Pages written this build that are not documents (search and indexes included)."""
    pages: set[str] | None = getattr(builder, _GENERATED_PAGES, None)
    if pages is None:
        pages = set()
        setattr(builder, _GENERATED_PAGES, pages)
    return pages


def public_pages(app: Sphinx) -> list[str]:
    """Every page a reader may land on: the documents the build published and the pages it
    generated, without Sphinx's search and index pages or unpublished articles.

    From what the builder knows rather than a walk of the output directory, which still holds
    the pages of documents deleted since an earlier build.
    """
    unpublished = news_domain(app.env).hidden_docnames(build_now(app.builder))
    domain_indices = {entry[0] for entry in getattr(app.builder, "domain_indices", [])}
    generated = {
        page
        for page in generated_pages(app.builder)
        if not _UTILITY_PAGES.fullmatch(page) and page not in domain_indices
    }
    return sorted((set(app.env.found_docs) | generated) - unpublished)


def provided_by_user(app: Sphinx, name: str) -> bool:
    """Whether ``html_extra_path`` puts its own ``name`` at the top of the output (it wins)."""
    confdir = Path(app.confdir)
    for entry in app.config.html_extra_path:
        path = confdir / entry
        if (path.is_dir() and (path / name).is_file()) or (path.is_file() and path.name == name):
            return True
    return False


def write_xml(root: etree._Element, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    )


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Say once why a ``newshtml`` build without a usable html_baseurl has no feeds."""
    if exception is not None or app.builder.name != BUILDER or site_url(app.config):
        return
    given = str(app.config.html_baseurl or "")
    problem = (
        f"html_baseurl {given!r} is not an absolute http(s) URL"
        if given
        else "html_baseurl is not set"
    )
    logger.warning(
        "%s: no Atom feeds, sitemap.xml, news-sitemap.xml or robots.txt were written (they "
        "need absolute URLs); set html_baseurl = 'https://your.site/' in conf.py",
        problem,
        type="newsdocs",
        subtype="baseurl",
    )
