"""Where the generated pages live (Sphinx page names, without ``.html``)."""

from __future__ import annotations

from newsdocs.scaffold import slugify


def section_page(section_id: str, page: int = 1) -> str:
    return f"sections/{section_id}" + (f"-{page}" if page > 1 else "")


def tag_page(tag: str, page: int = 1) -> str:
    return f"tags/{slugify(tag)}" + (f"-{page}" if page > 1 else "")


def author_page(author_id: str, page: int = 1) -> str:
    return f"authors/{author_id}" + (f"-{page}" if page > 1 else "")


def archive_page(year: int | None = None, month: int | None = None) -> str:
    if year is None:
        return "archive/index"
    return f"archive/{year:04d}-{month:02d}" if month else f"archive/{year:04d}"


def front_page(page: int = 1) -> str:
    """Page 1 is the site's root document; older stories continue on numbered pages."""
    return f"page/{page}"
