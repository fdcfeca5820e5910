"""What a reader gets, on a phone (390 px) and a laptop (1280 px): pages that fit the screen,
pictures that load, no script errors, interviews that can be read without colour, and
section and author links that lead somewhere.

Each test opens the page afresh. Full-page screenshots go to artifacts/screenshots/ for a
person to look at.
"""

from __future__ import annotations

import importlib.util
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from lxml import html

from tests.browser.conftest import BASE_URL, Visit

WIDTHS = (390, 1280)  # a phone, a laptop


@dataclass(frozen=True)
class InterviewArticle:
    path: str
    pullquote: str  # the words the pull quote begins with
    speakers: tuple[str, ...]  # the names declared in the interview's :speakers:, in order


ARTICLES = {
    "china-russia-interview": InterviewArticle(
        "articles/china-russia-interview.html",
        "Beijing's continued economic and diplomatic support for Moscow",
        ("Emily Carter", "Dr. Alexei Plotnikov"),
    ),
    "fringe-festival-director": InterviewArticle(
        "articles/fringe-festival-director.html",
        "A fringe should use the city",
        ("Sofia Marchetti", "Marguerite Osei"),
    ),
}
PAGES = ("front", "section", *ARTICLES)

on_every_page = pytest.mark.parametrize("page_id", PAGES)
at_every_width = pytest.mark.parametrize("width", WIDTHS)
on_interview_articles = pytest.mark.parametrize("page_id", list(ARTICLES))

OpenPage = Callable[[str, int], Visit]

# Elements sticking out past the right edge of the window, to name in a failure.
WIDE_ELEMENTS_JS = """() => Array.from(document.querySelectorAll("body *"))
  .filter(element => element.getBoundingClientRect().right > window.innerWidth + 0.5)
  .slice(-5)
  .map(element => `${element.tagName.toLowerCase()}.${element.className}`
                  + ` (right edge ${Math.round(element.getBoundingClientRect().right)})`)"""
# How a turn looks apart from its colour.
TURN_LOOKS_JS = """(selector) => Array.from(document.querySelectorAll(selector)).map(element => {
  const style = getComputedStyle(element);
  return [Number(style.fontWeight), style.textTransform, style.fontStyle];
})"""
SECTION_AND_AUTHOR_LINKS = (
    "nav.nd-sections a, .nd-kicker a, .nd-byline a.nd-author, "
    "a[href*='sections/'], a[href*='authors/']"
)


def listings_have_landed() -> bool:
    """Whether newsdocs generates section and author pages yet (src/newsdocs/site/listings.py)."""
    return importlib.util.find_spec("newsdocs.site.listings") is not None


@pytest.fixture(scope="session")
def section_path(built_site: Path) -> str:
    """The page the front page's masthead links to first: a section page."""
    front = html.parse(str(built_site / "index.html")).getroot()
    hrefs = front.xpath("//nav[contains(@class, 'nd-sections')]//a/@href")
    if not hrefs:
        if listings_have_landed():
            pytest.fail("the masthead has no section links")
        pytest.skip("no section pages yet: the masthead has no section links (listings pending)")
    target = urljoin(BASE_URL + "index.html", str(hrefs[0]))
    assert target.startswith(BASE_URL), f"the masthead links {hrefs[0]} off the site"
    return urlsplit(target).path.lstrip("/") or "index.html"


@pytest.fixture
def page_path(page_id: str, request: pytest.FixtureRequest) -> str:
    if page_id == "front":
        return "index.html"
    if page_id == "section":
        path: str = request.getfixturevalue("section_path")
        return path
    return ARTICLES[page_id].path


@pytest.fixture
def visit(open_page: OpenPage, page_path: str, width: int) -> Visit:
    return open_page(page_path, width)


def normalized(text: str | None) -> str:
    """Text as written in the reST: spaces collapsed, typographic apostrophes plain."""
    return re.sub(r"\s+", " ", text or "").replace("\u2019", "'").strip()


@at_every_width
@on_every_page
def test_page_fits_the_window(visit: Visit, width: int) -> None:
    scroll_width, window_width = visit.page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert window_width == width
    assert scroll_width <= window_width, visit.page.evaluate(WIDE_ELEMENTS_JS)


@at_every_width
@on_every_page
def test_every_picture_loads(visit: Visit) -> None:
    broken = visit.page.evaluate(
        "Array.from(document.images)"
        ".filter(image => !(image.complete && image.naturalWidth > 0))"
        ".map(image => image.getAttribute('src'))"
    )
    assert broken == []


def test_the_pictures_checked_include_a_photo(open_page: OpenPage) -> None:
    """The picture test above is not vacuous: this article's photo is one of them."""
    page = open_page(ARTICLES["fringe-festival-director"].path, 1280).page
    assert page.locator("figure.nd-photo img").count() == 1
    assert page.evaluate("document.querySelector('figure.nd-photo img').naturalWidth") > 0


@at_every_width
@on_every_page
def test_no_script_errors_and_nothing_loaded_from_elsewhere(visit: Visit) -> None:
    assert visit.console_errors == []
    assert visit.outside_requests == []


@at_every_width
@on_every_page
def test_full_page_screenshot(visit: Visit, page_id: str, width: int, screenshots: Path) -> None:
    path = screenshots / f"{page_id}-{width}.png"
    visit.page.screenshot(path=str(path), full_page=True)
    signature, image_width, image_height = struct.unpack(">8s8xII", path.read_bytes()[:24])
    assert signature == b"\x89PNG\r\n\x1a\n"
    assert image_width == width  # full page, and still no wider than the window
    assert image_height >= 900


@at_every_width
@on_interview_articles
def test_pull_quote_and_speaker_names_are_shown(visit: Visit, page_id: str) -> None:
    article = ARTICLES[page_id]
    page = visit.page
    quote = page.locator("aside.nd-pullquote")
    assert quote.count() == 1
    assert quote.is_visible()
    assert normalized(quote.locator("p").first.text_content()).startswith(article.pullquote)

    declared = page.locator(".nd-interview .nd-speakers strong")
    assert declared.all_text_contents() == list(article.speakers)
    assert all(name.is_visible() for name in declared.all())
    turns = page.locator(".nd-interview dt.nd-speaker")
    assert turns.count() >= 2
    assert set(map(normalized, turns.all_text_contents())) == set(article.speakers)
    assert all(turn.is_visible() for turn in turns.all())


@at_every_width
@on_interview_articles
def test_questions_stand_apart_from_answers_without_colour(visit: Visit) -> None:
    """Weight, capitals or slant (not colour) tell every question from every answer."""
    for part in ("dt", "dd"):
        questions = visit.page.evaluate(TURN_LOOKS_JS, f"dl.nd-turns {part}.nd-question")
        answers = visit.page.evaluate(TURN_LOOKS_JS, f"dl.nd-turns {part}.nd-answer")
        assert questions
        assert answers
        question_looks = {tuple(look) for look in questions}
        answer_looks = {tuple(look) for look in answers}
        assert question_looks.isdisjoint(answer_looks), (part, question_looks, answer_looks)
    question_words = visit.page.evaluate(TURN_LOOKS_JS, "dl.nd-turns dd.nd-question")
    answer_words = visit.page.evaluate(TURN_LOOKS_JS, "dl.nd-turns dd.nd-answer")
    assert min(look[0] for look in question_words) > max(look[0] for look in answer_words)


@at_every_width
@on_every_page
def test_section_and_author_links_lead_to_pages(
    visit: Visit, page_path: str, site_url: str
) -> None:
    """Click every link to a section or author page of this site; each must answer 200.

    Links to the site's own absolute address (html_baseurl) count as site links: the
    browser fixture answers them from the local build.
    """
    page = visit.page
    links: dict[str, str] = {}  # href attribute -> absolute URL
    for link in page.locator(SECTION_AND_AUTHOR_LINKS).all():
        href = link.get_attribute("href") or ""
        target = urldefrag(urljoin(page.url, href)).url
        # A link to the page itself (the masthead's current section) goes nowhere to check.
        if target.startswith((site_url, BASE_URL)) and target != urldefrag(page.url).url:
            links.setdefault(href, target)
    if not links:
        if listings_have_landed():
            pytest.fail("no links to section or author pages")
        pytest.skip("no section or author links yet (listings pending)")
    broken = []
    for href, target in links.items():
        page.goto(site_url + page_path)
        with page.expect_navigation() as navigation:
            page.locator(f'a[href="{href}"]').first.click(timeout=5_000)
        response = navigation.value
        status = response.status if response is not None else 0
        if status != 200:
            broken.append(f"{href} -> {target}: {status}")
    assert broken == []
