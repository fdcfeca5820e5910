"""A bigger archive makes more listing pages, never bigger pages (issue #7: cost linear in N).

roots/test-listings is built as it is and again with 45 more stories sharing the summit's
section, tag and author. An article page must not change at all; every listing page must still
show at most ``newsdocs_page_size`` stories, so its size stays bounded while the page count grows.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from lxml import html
from sphinx.testing.util import SphinxTestApp

MakeApp = Callable[..., SphinxTestApp]
EXTRA_STORIES = 45
PAGE_SIZE = 3  # roots/test-listings/conf.py
LISTINGS = ("index", "sections/world", "tags/diplomacy", "authors/li-wei", "archive/2025-05")


def extra_story(number: int) -> str:
    headline = f"Talks resume, day {number}"
    return (
        ":section: world\n:tags: Diplomacy\n"
        f":published: 2025-05-{1 + number % 27:02d}T{number % 24:02d}:00:00+00:00\n\n"
        f"{headline}\n{'=' * len(headline)}\n\n"
        ".. byline::\n   :by: li-wei\n\n"
        f"Negotiators met for the {number}th time.\n"
    )


def build(make_app: MakeApp, srcdir: Path) -> Path:
    app = make_app("newshtml", srcdir=srcdir)
    app.build()
    assert app.statuscode == 0, app.warning.getvalue()
    return Path(app.outdir)


def teasers(outdir: Path, pagename: str) -> int:
    root = html.parse(str(outdir / f"{pagename}.html")).getroot()
    return len(root.find_class("nd-teaser"))


def listing_pages(outdir: Path, pagename: str) -> list[str]:
    """The listing and its continuation pages (``page/2``, ``3``… beside it)."""
    first = outdir / f"{pagename}.html"
    more = first.parent / ("page" if first.name == "index.html" else first.stem)
    continuations = (path.relative_to(outdir).with_suffix("") for path in more.glob("*.html"))
    return [pagename, *sorted(str(path) for path in continuations)]


def test_article_pages_and_listing_pages_do_not_grow_with_the_archive(
    make_app: MakeApp, rootdir: Path, tmp_path: Path
) -> None:
    small_src, large_src = tmp_path / "small", tmp_path / "large"
    shutil.copytree(rootdir / "test-listings", small_src)
    shutil.copytree(rootdir / "test-listings", large_src)
    for number in range(EXTRA_STORIES):
        (large_src / "world" / f"talks-{number}.rst").write_text(extra_story(number), "utf-8")

    small, large = build(make_app, small_src), build(make_app, large_src)

    assert (large / "world/summit.html").read_bytes() == (small / "world/summit.html").read_bytes()
    for listing in LISTINGS:
        small_pages, large_pages = listing_pages(small, listing), listing_pages(large, listing)
        assert len(large_pages) > len(small_pages), listing
        for pagename in large_pages:
            assert 0 < teasers(large, pagename) <= PAGE_SIZE, pagename
        biggest = max((small / f"{name}.html").stat().st_size for name in small_pages)
        for pagename in large_pages:
            assert (large / f"{pagename}.html").stat().st_size < 2 * biggest, pagename
