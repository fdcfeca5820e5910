"""The names in the checked tree a page refers to: besides its own bytes, all that its findings
may depend on (the publication gate checks a page again when one of them changes).

They are found generously, resolved as links are (``document.local_url``): every attribute
value that may be a URL, every URL-like part of it, and the url(...)s of <style> elements.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from typing import Final

from lxml import etree

from newsdocs.check.document import SOURCE_FILE_ATTRIBUTE, Document, local_url

# Attributes that never hold a URL, and make up most of a page's attributes. A <meta>'s
# content is a URL only in a refresh.
_NOT_URLS: Final = frozenset(
    {"class", "id", "name", "rel", "type", "title", "alt", "lang", "dir", "role", "charset"}
    | {"datetime", "property", "width", "height", "content", "data-line", SOURCE_FILE_ATTRIBUTE}
)
# Every attribute, as strings that know their attribute's name; and the refresh URLs.
_ATTRIBUTES: Final = etree.XPath("descendant-or-self::*/@*")
_REFRESHES: Final = etree.XPath(
    "descendant-or-self::meta[@http-equiv]/@content", smart_strings=False
)
# What separates the URLs in an attribute value (a srcset, a refresh, a style's url(...)).
# Splitting too much only adds names; the whole value is kept as well.
_URL_SEPARATORS: Final = re.compile(r"[\s,;=()'\"]+")
_CSS_URL: Final = re.compile(r"url\(([^)]*)\)", re.IGNORECASE)


def page_references(document: Document) -> frozenset[str] | None:
    """The names ``document`` may lead to; None when it has a <base> (then any name may)."""
    root = document.root
    if root.find(".//base") is not None:
        return None
    directory = posixpath.dirname(document.name)
    found: set[str] = set()
    for value in _url_values(root):
        found.update(_targets(directory, value))
    return frozenset(found)


def _url_values(root: etree._Element) -> set[str]:
    attributes, refreshes = _ATTRIBUTES(root), _REFRESHES(root)
    assert isinstance(attributes, list) and isinstance(refreshes, list)
    found = {str(value) for value in refreshes}
    for value in attributes:
        assert isinstance(value, etree._ElementUnicodeResult)
        name = value.attrname or ""
        if name not in _NOT_URLS and not name.startswith("aria-"):
            found.add(str(value))
    for style in root.iter("style"):
        if style.text:
            found.update(match.group(1) for match in _CSS_URL.finditer(style.text))
    return found


@lru_cache(maxsize=16384)  # a site's pages share most of their URLs
def _targets(directory: str, value: str) -> frozenset[str]:
    names = set()
    for part in {value, *_URL_SEPARATORS.split(value)}:
        target = local_url(directory, part)
        if target is not None and target.path:
            names.add(target.path)
    return frozenset(names)
