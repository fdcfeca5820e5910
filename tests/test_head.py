"""What an article page says about itself in ``<head>``: JSON-LD, OpenGraph, Twitter card;
and that no headline, dek or name can break out of the script or the attributes."""

from __future__ import annotations

import json
from typing import Any

from lxml import html
from sphinx.testing.util import SphinxTestApp

from tests.build_output import page, shared_build, text

newsroom = shared_build("newsroom", "head-newsroom")
escaping = shared_build("escaping", "head-escaping")

BASE = "https://meridian.example/"


def json_ld(document: html.HtmlElement) -> dict[str, Any]:
    (script,) = document.xpath('//script[@type="application/ld+json"]')
    data: dict[str, Any] = json.loads(script.text)
    return data


def meta_tags(document: html.HtmlElement) -> list[tuple[str, str]]:
    """(property or name, content) of the head's social tags, in page order."""
    return [
        (meta.get("property") or meta.get("name"), meta.get("content"))
        for meta in document.xpath("//head/meta[@property or @name]")
        if meta.get("name") != "viewport"
    ]


@newsroom
def test_news_article_json_ld(app: SphinxTestApp) -> None:
    app.build()
    assert json_ld(page(app, "world/xi-putin")) == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Xi's New Year message to Putin",
        "description": "Xi tells Putin their partnership is on the right path.",
        "datePublished": "2025-01-01T09:00:00+08:00",
        "dateModified": "2025-01-03T08:30:00+00:00",
        "author": [
            {"@type": "Person", "name": "Li Wei", "jobTitle": "Beijing correspondent"},
            {"@type": "Person", "name": "Marta Nowak", "jobTitle": "freelance reporter"},
            {
                "@type": "Person",
                "name": "Emily Carter",
                "url": f"{BASE}authors/emily-carter/",
                "jobTitle": "Senior Editor",
                "affiliation": {"@type": "Organization", "name": "The Meridian"},
            },
        ],
        "articleSection": "World",
        "dateline": "BEIJING",
        "keywords": ["China", "Russia", "Diplomacy"],
        "image": [f"{BASE}_images/meeting.png"],
        "mainEntityOfPage": {"@type": "WebPage", "@id": f"{BASE}world/xi-putin.html"},
        "url": f"{BASE}world/xi-putin.html",
        "inLanguage": "en",
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": "Meridian Media Ltd",
            "url": BASE,
            "logo": {"@type": "ImageObject", "url": f"{BASE}_static/logo.png"},
        },
    }


@newsroom
def test_opengraph_and_twitter_tags(app: SphinxTestApp) -> None:
    app.build()
    document = page(app, "world/xi-putin")
    dek = "Xi tells Putin their partnership is on the right path."
    image = f"{BASE}_images/meeting.png"
    assert meta_tags(document) == [
        ("description", dek),
        ("og:type", "article"),
        ("og:title", "Xi's New Year message to Putin"),
        ("og:description", dek),
        ("og:url", f"{BASE}world/xi-putin.html"),
        ("og:site_name", "The Meridian"),
        ("article:published_time", "2025-01-01T09:00:00+08:00"),
        ("article:modified_time", "2025-01-03T08:30:00+00:00"),
        ("article:section", "World"),
        ("og:image", image),
        ("og:image:alt", "Xi Jinping and Vladimir Putin shake hands in front of two flags"),
        ("article:tag", "China"),
        ("article:tag", "Russia"),
        ("article:tag", "Diplomacy"),
        ("twitter:card", "summary_large_image"),
        ("twitter:title", "Xi's New Year message to Putin"),
        ("twitter:description", dek),
        ("twitter:image", image),
    ]
    (canonical,) = document.xpath('//link[@rel="canonical"]')
    assert canonical.get("href") == f"{BASE}world/xi-putin.html"


@newsroom
def test_an_article_without_photo_or_dek(app: SphinxTestApp) -> None:
    app.build()
    document = page(app, "business/markets")
    tags = dict(meta_tags(document))
    headline = "Stocks slip as tariffs loom"
    assert tags["description"] == headline
    assert tags["og:description"] == headline
    assert tags["twitter:card"] == "summary"
    assert "og:image" not in tags
    assert "twitter:image" not in tags
    data = json_ld(document)
    assert data["author"] == [{"@type": "Person", "name": "Jo Park", "jobTitle": "Reuters"}]
    assert data["articleSection"] == "Business"
    assert data["datePublished"] == data["dateModified"] == "2025-03-10T07:15:00-05:00"
    for absent in ("image", "description", "dateline", "keywords"):
        assert absent not in data


# The hostile strings of roots/test-escaping (index.rst and conf.py).
HEADLINE = """Xi's "new era" </script><script>alert(3)</script> & <!-- Putin"""
DEK = """"Quoted" 'dek' </script><script>alert(2)</script> & <!-- comment -->"""
ONE_OFF_NAME = """Eve </script> "Q" O'Hara & <!-- x"""
ONE_OFF_ROLE = "Role </script> & 'r'"


@escaping
def test_hostile_text_round_trips_through_json_ld(app: SphinxTestApp) -> None:
    app.build()
    registry = app.config.newsdocs_authors["mallory"]
    data = json_ld(page(app, "index"))
    assert data["headline"] == HEADLINE
    assert data["description"] == DEK
    assert data["author"] == [
        {
            "@type": "Person",
            "name": registry["name"],
            "url": registry["url"],
            "jobTitle": registry["role"],
        },
        {"@type": "Person", "name": ONE_OFF_NAME, "jobTitle": ONE_OFF_ROLE},
    ]


@escaping
def test_hostile_text_round_trips_through_attributes(app: SphinxTestApp) -> None:
    app.build()
    tags = dict(meta_tags(page(app, "index")))
    assert tags["og:title"] == tags["twitter:title"] == HEADLINE
    assert tags["og:description"] == tags["twitter:description"] == tags["description"] == DEK


@escaping
def test_hostile_text_injects_no_element(app: SphinxTestApp) -> None:
    app.build()
    document = page(app, "index")
    scripts = document.xpath("//script")
    assert [s.get("type") for s in scripts if not s.get("src")] == ["application/ld+json"]
    (data,) = [s.text for s in scripts if s.get("type") == "application/ld+json"]
    assert "<" not in data
    assert document.xpath("//comment()") == []
    assert {e.tag for e in document.xpath("//head/*")} <= {"meta", "title", "link", "script"}
    # The byline shows the names as text.
    (byline,) = document.find_class("nd-byline")
    assert byline.xpath(".//script") == []
    assert "alert(1)" in text(byline)
