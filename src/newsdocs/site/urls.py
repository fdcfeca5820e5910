"""Where the generated pages live (Sphinx page names, without ``.html``).

Page 1 of a listing has the short name (``sections/world``); later pages go below it
(``sections/world/2``), so a page number can never be mistaken for a slug such as the tag
``covid-19``'s.
"""

from __future__ import annotations

import re
import unicodedata


def _paged(base: str, page: int) -> str:
    return f"{base}/{page}" if page > 1 else base


def tag_slug(tag: str) -> str:
    """``U.S. politics`` -> ``u-s-politics``; letters of any script are kept (``中国``).

    Tags that differ only in case, accents or punctuation share a slug, and so one page.
    """
    kept: list[str] = []
    for char in unicodedata.normalize("NFKD", tag.casefold()):
        if unicodedata.category(char).startswith("M"):
            # An accent on a Latin letter goes (é -> e); other scripts' marks are spelling.
            if kept and not kept[-1].isascii():
                kept.append(char)
        elif char in "'\u2019":
            continue
        else:
            kept.append(char if char.isalnum() else "-")
    slug = re.sub("-{2,}", "-", unicodedata.normalize("NFC", "".join(kept))).strip("-")
    return slug[:80].rstrip("-") or "tag"


def section_page(section_id: str, page: int = 1) -> str:
    return _paged(f"sections/{section_id}", page)


def tag_page(tag: str, page: int = 1) -> str:
    return _paged(f"tags/{tag_slug(tag)}", page)


def author_page(author_id: str, page: int = 1) -> str:
    return _paged(f"authors/{author_id}", page)


def archive_page(year: int | None = None, month: int | None = None, page: int = 1) -> str:
    if year is None:
        return "archive/index"
    if not month:
        return f"archive/{year:04d}"
    return _paged(f"archive/{year:04d}-{month:02d}", page)


def front_page(page: int = 1) -> str:
    """Page 1 is the site's root document; older stories continue on numbered pages."""
    return f"page/{page}"
