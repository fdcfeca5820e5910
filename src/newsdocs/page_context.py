"""What newsdocs adds to every HTML page's template context (any HTML builder, any theme)."""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from newsdocs.config import authors, site_name
from newsdocs.domain import news_domain
from newsdocs.head import PageInfo, absolute, head_markup
from newsdocs.site.feeds import feed_links
from newsdocs.site.outputs import page_url, site_url

DOCUTILS_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>\n?')


def on_html_page_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    config = app.config
    # docutils' writer adds a viewport tag of its own beside the theme's.
    context["metatags"] = DOCUTILS_VIEWPORT.sub("", context.get("metatags", ""))
    context["metatags"] += feed_links(app, pagename, context["pathto"])
    if config.html_baseurl and site_url(config) is None:
        context["pageurl"] = None  # Sphinx would write a relative, broken canonical link
    context["newsdocs_site_name"] = site_name(config)
    if context.get("title") == site_name(config):
        context["titlesuffix"] = ""  # not "The Meridian - The Meridian"
    context.setdefault("newsdocs_sections", [])
    context["newsdocs_article"] = None
    context["newsdocs_source"] = ""
    if doctree is None or pagename not in app.env.all_docs:
        return
    context["newsdocs_source"] = app.env.doc2path(pagename, False).as_posix()
    article = news_domain(app.env).articles.get(pagename)
    if article is None:
        return
    context["newsdocs_article"] = article
    # Names only; the news site links them to its tag pages (site/pages.py).
    context["newsdocs_topics"] = [{"name": tag, "url": ""} for tag in article.tags]
    base = site_url(config) or ""  # a relative html_baseurl counts as none
    url = page_url(app, base, pagename)
    image_url = ""
    photo = article.lead_photo
    images: dict[str, str] = getattr(app.builder, "images", {})
    if photo is not None and photo.uri in images:
        image_path = f"{app.builder.imagedir}/{images[photo.uri]}"
        image_url = absolute(base, image_path) if base else context["pathto"](image_path, 1)
    publisher = dict(config.newsdocs_publisher)
    page = PageInfo(
        url=url,
        image_url=image_url,
        site_name=site_name(config),
        site_url=base,
        publisher_name=str(publisher.get("name", site_name(config))),
        publisher_logo=absolute(base, str(publisher["logo"])) if publisher.get("logo") else "",
        section_name=str(config.newsdocs_sections.get(article.section, article.section)),
        language=config.language or "en",
    )
    context["metatags"] = context.get("metatags", "") + head_markup(article, page, authors(config))
