"""What an article page says about itself in ``<head>``: JSON-LD NewsArticle, OpenGraph,
Twitter card and canonical URL. Every value is escaped for where it goes."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from urllib.parse import urljoin

from newsdocs.model import Article, Author


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What the page builder knows beyond the article: where things end up."""

    url: str  # absolute when the site has html_baseurl, else relative to the page
    image_url: str  # same, or "" without a photo
    site_name: str
    site_url: str
    publisher_name: str
    publisher_logo: str
    section_name: str
    language: str


def json_for_script(data: object) -> str:
    """JSON that cannot end its ``<script>`` element or open a comment, whatever the text."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def news_article_jsonld(
    article: Article, page: PageInfo, registry: Mapping[str, Author]
) -> dict[str, object]:
    authors: list[dict[str, object]] = []
    for person in article.authors:
        entry: dict[str, object] = {"@type": "Person", "name": person.name}
        author = registry.get(person.author_id or "")
        url = person.url or (author.url if author else "")
        if url:
            entry["url"] = url
        if person.role:
            entry["jobTitle"] = person.role
        if author and author.organization:
            entry["affiliation"] = {"@type": "Organization", "name": author.organization}
        authors.append(entry)
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "datePublished": article.published.isoformat(),
        "dateModified": article.modified.isoformat(),
        "author": authors,
        "articleSection": page.section_name,
        "mainEntityOfPage": {"@type": "WebPage", "@id": page.url},
        "url": page.url,
        "inLanguage": page.language,
    }
    if article.dek:
        data["description"] = article.dek
    if article.dateline:
        data["dateline"] = article.dateline
    if article.tags:
        data["keywords"] = list(article.tags)
    if page.image_url:
        data["image"] = [page.image_url]
    publisher: dict[str, object] = {"@type": "NewsMediaOrganization", "name": page.publisher_name}
    if page.site_url:
        publisher["url"] = page.site_url
    if page.publisher_logo:
        publisher["logo"] = {"@type": "ImageObject", "url": page.publisher_logo}
    data["publisher"] = publisher
    return data


def _meta(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{escape(name)}" content="{escape(content, quote=True)}">'


def head_markup(article: Article, page: PageInfo, registry: Mapping[str, Author]) -> str:
    """The tags to add to an article page's ``<head>`` (Sphinx itself writes the canonical
    link from ``html_baseurl``)."""
    lines: list[str] = []
    description = article.dek or article.headline
    lines.append(_meta("name", "description", description))
    og = {
        "og:type": "article",
        "og:title": article.headline,
        "og:description": description,
        "og:url": page.url,
        "og:site_name": page.site_name,
        "article:published_time": article.published.isoformat(),
        "article:modified_time": article.modified.isoformat(),
        "article:section": page.section_name,
    }
    if page.image_url:
        og["og:image"] = page.image_url
        photo = article.lead_photo
        if photo is not None:
            og["og:image:alt"] = photo.alt
    lines.extend(_meta("property", key, value) for key, value in og.items())
    lines.extend(_meta("property", "article:tag", tag) for tag in article.tags)
    twitter = {
        "twitter:card": "summary_large_image" if page.image_url else "summary",
        "twitter:title": article.headline,
        "twitter:description": description,
    }
    if page.image_url:
        twitter["twitter:image"] = page.image_url
    lines.extend(_meta("name", key, value) for key, value in twitter.items())
    jsonld = json_for_script(news_article_jsonld(article, page, registry))
    lines.append(f'<script type="application/ld+json">{jsonld}</script>')
    return "\n".join(lines) + "\n"


def absolute(base_url: str, relative: str) -> str:
    """``relative`` joined to the site's base URL (kept relative without one)."""
    if not base_url:
        return relative
    return urljoin(base_url if base_url.endswith("/") else base_url + "/", relative)
