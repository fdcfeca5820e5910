"""The example site as a reader's browser sees it: built once, served over HTTP on loopback,
opened in headless Chromium (Debian's `chromium`, driven by Playwright; no browser download).

`nox -s browser` runs these tests; the `tests` session leaves them out. Without Chromium or
Playwright they are skipped, except on CI, where that is a failure.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from newsdocs.cli import app

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Route

ROOT = Path(__file__).parent.parent.parent
SITE = ROOT / "site"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
BASE_URL = "https://meridian.example/"  # the example site's html_baseurl
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SETTLE_MS = 10_000  # how long a page may take to load its images


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required on CI", pytrace=False)
    pytest.skip(f"{what} is not installed")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site built as an editor builds it (`newsdocs build`), outside the tree."""
    assert f'html_baseurl = "{BASE_URL}"' in (SITE / "conf.py").read_text(encoding="utf-8")
    source = tmp_path_factory.mktemp("example") / "site"
    shutil.copytree(SITE, source, ignore=shutil.ignore_patterns("_build"))
    out = source / "_build" / "html"
    result = CliRunner().invoke(app, ["build", str(source), "-q", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site on a free loopback port; a missing page is a 404, as on a real server."""
    handler = partial(_QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    if importlib.util.find_spec("playwright") is None:
        _missing("Playwright (pip install playwright; never `playwright install`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    chromium = shutil.which("chromium")
    if chromium is None:
        _missing("Chromium (Debian package chromium)")
    browser = playwright_driver.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


@dataclass
class Visit:
    """One page opened at one width, with what went wrong while it loaded."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)


@pytest.fixture
def open_page(browser: Browser, site_url: str) -> Iterator[Callable[[str, int], Visit]]:
    """``open_page(path, width)``: a fresh browser context at that width, the page loaded and
    every image scrolled into view (so lazy images load too) and settled.

    Nothing may leave the machine: the site's own absolute URLs (html_baseurl) are answered
    by the local server, anything else is refused and recorded.
    """
    contexts = []

    def open_(path: str, width: int) -> Visit:
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        visit = Visit(page)

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                visit.console_errors.append(f"{message.text} ({message.location.get('url')})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: visit.console_errors.append(f"uncaught: {error}"))

        def route_elsewhere(route: Route) -> None:
            url = route.request.url
            if url.startswith(BASE_URL):
                route.fulfill(response=route.fetch(url=site_url + url[len(BASE_URL) :]))
            else:
                visit.outside_requests.append(url)
                route.abort("blockedbyclient")

        # Matched inside the browser: the local server's own requests never wait on Python.
        page.route(re.compile(f"^(?!{re.escape(site_url)})"), route_elsewhere)
        response = page.goto(site_url + path, wait_until="load")
        assert response is not None and response.status == 200, f"{path}: {response}"
        for image in page.locator("img").all():
            image.scroll_into_view_if_needed()
        page.wait_for_function(
            "Array.from(document.images).every(image => image.complete)", timeout=SETTLE_MS
        )
        page.evaluate("window.scrollTo(0, 0)")
        return visit

    try:
        yield open_
    finally:
        for context in contexts:
            context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
