"""Fuzzing the reST side: generated articles using every newsdocs directive with random
option values and contents, read by a real Sphinx application with newsdocs loaded.

Two targets: ``test_reading`` parses each article (directives and reading transforms: many
examples a second); ``test_building`` builds each into a page (writers, head tags, listings,
feeds: fewer, slower). A crash is an exception; a reported docutils or Sphinx error is not.
A built page must also carry nothing the article could inject.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given
from lxml import html
from sphinx.application import Sphinx
from sphinx.testing.restructuredtext import parse

from newsdocs.untrusted import IMAGE_SCHEMES, url_scheme
from tests.fuzz.articles import article

ROOTS = Path(__file__).parents[1] / "roots"
DOCNAME = "articles/fuzz"
CONF = """
project = "Fuzz"
extensions = ["newsdocs"]
html_baseurl = "https://fuzz.example/"
newsdocs_check = False  # the checker has its own fuzz targets
newsdocs_now = "2025-06-01T12:00:00+00:00"
newsdocs_sections = {"world": "World"}
newsdocs_authors = {"ana-lima": {"name": "Ana Lima", "role": "Reporter"}, "li-wei": {"name": "Li"}}
"""


@pytest.fixture(scope="module")
def sphinx_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sphinx]:
    root = tmp_path_factory.mktemp("fuzz")
    site = root / "site"
    (site / "articles").mkdir(parents=True)
    (site / "images").mkdir()
    shutil.copy(ROOTS / "test-cli-site" / "images" / "harbour.png", site / "images" / "ok.png")
    (site / "conf.py").write_text(CONF, encoding="utf-8")
    (site / "index.rst").write_text("Fuzz\n====\n\nThe front page.\n", encoding="utf-8")
    (site / f"{DOCNAME}.rst").write_text("Placeholder\n===========\n", encoding="utf-8")
    app = Sphinx(
        srcdir=site,
        confdir=site,
        outdir=root / "out",
        doctreedir=root / "doctrees",
        buildername="newshtml",
        status=None,
        warning=io.StringIO(),
        freshenv=True,
    )
    app.build()
    yield app


def messages(app: Sphinx) -> str:
    stream = app._warning
    assert isinstance(stream, io.StringIO)
    text = stream.getvalue()
    stream.seek(0)
    stream.truncate()
    return text


def assert_no_crash_reported(text: str) -> None:
    assert "Traceback" not in text and "Exception occurred" not in text, text


def test_reading(sphinx_app: Sphinx, for_the_budget: Callable[[Callable[[], None]], int]) -> None:
    @given(source=article())
    def one(source: str) -> None:
        text = [source]
        sphinx_app.events.emit("source-read", DOCNAME, text)
        parse(sphinx_app, text[0], DOCNAME)
        assert_no_crash_reported(messages(sphinx_app))

    assert for_the_budget(one) >= 1


def assert_nothing_injected(page: Path) -> None:
    document = html.document_fromstring(page.read_text(encoding="utf-8"))
    for script in document.xpath("//script[not(@src)]"):
        assert script.get("type") == "application/ld+json"
        json.loads(script.text)
    for script in document.xpath("//script[@src]"):
        assert "//" not in script.get("src")
    assert not document.xpath("//@*[starts-with(name(), 'on')]")
    assert not document.xpath("//iframe | //object | //embed | //form | //base")
    for url in document.xpath("//@href | //@src"):
        assert url_scheme(url) not in IMAGE_SCHEMES, url
    assert not document.xpath("//meta[@http-equiv]")


def test_building(sphinx_app: Sphinx, for_the_budget: Callable[[Callable[[], None]], int]) -> None:
    source_path = Path(sphinx_app.srcdir) / f"{DOCNAME}.rst"
    page = Path(sphinx_app.outdir) / f"{DOCNAME}.html"

    @given(source=article())
    def one(source: str) -> None:
        source_path.write_text(source, encoding="utf-8")
        page.unlink(missing_ok=True)
        sphinx_app.build(False, [str(source_path)])
        assert_no_crash_reported(messages(sphinx_app))
        if page.exists():  # drafts and broken articles are not written
            assert_nothing_injected(page)

    assert for_the_budget(one) >= 1
