"""``sitemap.xml`` (sitemaps.org 0.9), ``news-sitemap.xml`` (Google News) and ``robots.txt``
pointing crawlers at both.

The sitemap lists every page a reader may land on (outputs.public_pages): the published
documents and the pages the build generated, with an article's ``lastmod`` its last change
(:updated:, corrections, updates). Other pages carry no ``lastmod``: nothing records when
their content changed, and a guessed date misleads crawlers more than none. The news sitemap
lists only articles published in the two days before the build's "now", as Google asks.
A file of the same name in ``html_extra_path`` is the site's own and is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice
from pathlib import Path

from lxml import etree
from sphinx.application import Sphinx

from newsdocs.config import site_name
from newsdocs.domain import news_domain
from newsdocs.model import Article
from newsdocs.site.outputs import (
    BUILDER,
    announced_articles,
    page_url,
    provided_by_user,
    public_pages,
    site_url,
    w3c_datetime,
    write_xml,
    xml_text,
)
from newsdocs.site.published import build_now

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
SITEMAP = "sitemap.xml"
NEWS_SITEMAP = "news-sitemap.xml"
ROBOTS = "robots.txt"
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000  # Google reads at most this many URLs from one news sitemap


@dataclass(frozen=True, slots=True)
class SitemapPage:
    url: str
    lastmod: datetime | None = None


@dataclass(frozen=True, slots=True)
class NewsItem:
    url: str
    title: str
    published: datetime


def _add(parent: etree._Element, namespace: str, tag: str, text: str = "") -> etree._Element:
    element = etree.SubElement(parent, f"{{{namespace}}}{tag}")
    if text:
        element.text = xml_text(text)
    return element


def sitemap_document(pages: Iterable[SitemapPage]) -> etree._Element:
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS})
    for page in pages:
        url = _add(root, SITEMAP_NS, "url")
        _add(url, SITEMAP_NS, "loc", page.url)
        if page.lastmod is not None:
            _add(url, SITEMAP_NS, "lastmod", w3c_datetime(page.lastmod))
    return root


def news_sitemap_document(
    items: Iterable[NewsItem], publication: str, language: str
) -> etree._Element:
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "news": NEWS_NS})
    for item in items:
        url = _add(root, SITEMAP_NS, "url")
        _add(url, SITEMAP_NS, "loc", item.url)
        news = _add(url, NEWS_NS, "news")
        source = _add(news, NEWS_NS, "publication")
        _add(source, NEWS_NS, "name", publication)
        _add(source, NEWS_NS, "language", language)
        _add(news, NEWS_NS, "publication_date", w3c_datetime(item.published))
        _add(news, NEWS_NS, "title", item.title)
    return root


def robots_txt(sitemap_urls: Iterable[str]) -> str:
    lines = ["User-agent: *", "Allow: /", ""]
    lines.extend(f"Sitemap: {url}" for url in sitemap_urls)
    return "\n".join(lines) + "\n"


def news_language(language: str) -> str:
    """The ISO 639 code Google News wants (``en``; ``zh-cn`` or ``zh-tw`` for Chinese)."""
    tag = (language or "en").lower().replace("_", "-")
    primary, _, region = tag.partition("-")
    if primary == "zh":
        return "zh-tw" if region in ("tw", "hk", "mo", "hant") else "zh-cn"
    return primary


def is_news(article: Article, now: datetime) -> bool:
    return now - NEWS_WINDOW <= article.published <= now


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Write the sitemaps and robots.txt; without html_baseurl, remove those of an earlier
    build (they would name the wrong URLs)."""
    if exception is not None or app.builder.name != BUILDER:
        return
    outdir = Path(app.outdir)
    ours = [name for name in (SITEMAP, NEWS_SITEMAP, ROBOTS) if not provided_by_user(app, name)]
    site = site_url(app.config)
    if site is None:
        for name in ours:
            (outdir / name).unlink(missing_ok=True)
        return
    articles = news_domain(app.env).articles
    now = build_now(app.builder)
    files: dict[str, etree._Element | str] = {
        SITEMAP: sitemap_document(
            SitemapPage(
                page_url(app, site, page),
                articles[page].modified if page in articles else None,
            )
            for page in public_pages(app)
        ),
        NEWS_SITEMAP: news_sitemap_document(
            islice(
                (
                    NewsItem(page_url(app, site, a.docname), a.headline, a.published)
                    for a in announced_articles(app)
                    if is_news(a, now)
                ),
                NEWS_LIMIT,
            ),
            site_name(app.config),
            news_language(app.config.language or ""),
        ),
        ROBOTS: robots_txt(f"{site}{name}" for name in (SITEMAP, NEWS_SITEMAP)),
    }
    for name in ours:
        content = files[name]
        if isinstance(content, str):
            (outdir / name).write_text(content, encoding="utf-8")
        else:
            write_xml(content, outdir / name)
