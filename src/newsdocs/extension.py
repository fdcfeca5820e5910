"""Everything the Sphinx extension registers: ``newsdocs.setup`` calls ``setup`` here."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from newsdocs import doctree_cache
from newsdocs.article import ArticleReader
from newsdocs.builder import NewsHTMLBuilder
from newsdocs.config import CONFIG_VALUES, on_config_inited
from newsdocs.directives.byline import Byline
from newsdocs.directives.interview import Interview
from newsdocs.directives.notice import Correction, Update
from newsdocs.directives.photo import PhotoDirective
from newsdocs.directives.pullquote import CheckPullquotes, Pullquote
from newsdocs.domain import NewsDomain
from newsdocs.nodes import byline, photo
from newsdocs.page_context import on_html_page_context
from newsdocs.publication_check import on_build_finished
from newsdocs.rst_parser import NewsRSTParser
from newsdocs.site import feeds, outputs, pages, rewrites, sitemaps
from newsdocs.site.links import LinkArticleToListings
from newsdocs.untrusted import (
    REFUSING_DIRECTIVES,
    RefuseUnsafeLinks,
    on_env_before_read_docs,
    on_include_read,
    on_source_read,
    raw_role,
)
from newsdocs.writers.html import HTML_VISITORS

THEME_DIR = Path(__file__).parent / "theme" / "newsdocs"


def setup(app: Sphinx) -> dict[str, Any]:
    for name, default, rebuild, types in CONFIG_VALUES:
        app.add_config_value(name, default, rebuild, types)  # type: ignore[arg-type]
    app.add_domain(NewsDomain)
    app.add_source_parser(NewsRSTParser, override=True)

    app.add_node(byline)
    app.add_node(photo)
    for node_class, visitors in HTML_VISITORS.items():
        app.add_node(node_class, html=visitors)

    app.add_directive("byline", Byline)
    app.add_directive("photo", PhotoDirective)
    app.add_directive("pullquote", Pullquote)
    app.add_directive("interview", Interview)
    app.add_directive("correction", Correction)
    app.add_directive("update", Update)
    app.add_transform(ArticleReader)
    app.add_transform(CheckPullquotes)
    app.add_post_transform(LinkArticleToListings)
    # Untrusted sources: the standard directives that read files or pass raw markup through.
    for name, directive in REFUSING_DIRECTIVES.items():
        app.add_directive(name, directive, override=True)
    app.add_role("raw", raw_role, override=True)
    app.add_transform(RefuseUnsafeLinks)

    app.add_html_theme("newsdocs", str(THEME_DIR))
    app.add_builder(NewsHTMLBuilder)
    app.setup_extension("newsdocs.epub")

    app.connect("config-inited", on_config_inited)
    app.connect("html-page-context", on_html_page_context)
    app.connect("env-before-read-docs", on_env_before_read_docs)
    app.connect(
        "env-before-read-docs", doctree_cache.on_env_before_read_docs, doctree_cache.PRIORITY
    )
    app.connect("source-read", on_source_read)
    app.connect("include-read", on_include_read)
    app.connect("build-finished", on_build_finished)
    # Feeds and sitemaps: before the publication check, which follows links to the feeds.
    app.connect("html-page-context", outputs.on_html_page_context)
    app.connect("build-finished", outputs.on_build_finished, priority=outputs.PRIORITY)
    app.connect("build-finished", feeds.on_build_finished, priority=outputs.PRIORITY)
    app.connect("build-finished", sitemaps.on_build_finished, priority=outputs.PRIORITY)
    # Listing pages; the page context after on_html_page_context's, which it completes.
    app.connect("html-page-context", pages.on_html_page_context, priority=600)
    app.connect("builder-inited", pages.on_builder_inited)
    app.connect("html-collect-pages", pages.on_html_collect_pages)
    app.connect("env-get-outdated", pages.on_env_get_outdated)
    app.connect("env-updated", pages.on_env_updated)
    app.connect("build-finished", rewrites.on_build_finished)
    return {
        "version": version("newsdocs"),
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
