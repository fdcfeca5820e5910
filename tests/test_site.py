"""The example site, built as an editor builds it, passes every gate."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html
from typer.testing import CliRunner

from newsdocs.check import check_paths
from newsdocs.cli import app
from tests.validators import vnu_errors

SITE = Path(__file__).parent.parent / "site"


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("example") / "site"
    shutil.copytree(SITE, source, ignore=shutil.ignore_patterns("_build"))
    out = source / "_build" / "html"
    result = CliRunner().invoke(app, ["build", str(source), "--strict", "-q", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return out


def test_example_site_has_the_promised_shape(built_site: Path) -> None:
    articles = sorted((built_site / "articles").glob("*.html"))
    assert len(articles) >= 8
    sections, authors = set(), set()
    directives = set()
    for page in articles:
        root = html.parse(str(page)).getroot()
        sections.add(root.xpath("string(//p[@class='nd-kicker']/span[@class='nd-section'])"))
        authors.update(
            root.xpath("//p[@class='nd-credit-by']//*[contains(@class,'nd-author')]/text()")
        )
        for css_class in ("nd-byline", "nd-photo", "nd-pullquote", "nd-interview", "nd-notice"):
            if root.xpath(f"//*[contains(concat(' ', @class, ' '), ' {css_class} ')]"):
                directives.add(css_class)
        if root.xpath("//aside[contains(@class, 'sidebar')]"):
            directives.add("sidebar")
    assert len(sections) >= 3
    assert len(authors) >= 3
    assert directives == {
        "nd-byline", "nd-photo", "nd-pullquote", "nd-interview", "nd-notice", "sidebar"
    }  # fmt: skip


def test_the_seed_stories_are_there_and_clean(built_site: Path) -> None:
    text = " ".join(
        html.parse(str(page)).getroot().text_content() for page in built_site.rglob("*.html")
    )
    assert "Plotnikov" in text
    assert "right path" in text
    for defect in (
        "Replace with actual image URL",
        "I cannot create a news article",
        "Leave a Comment",
        "Akismet",
        "partnership,despite",
        "Ukraine.How",
        "Emily carter",
    ):
        assert defect not in text


def test_newsdocs_check_finds_nothing_in_the_example_site(built_site: Path) -> None:
    result = check_paths([built_site], jobs=1)
    assert result.checked >= 10
    assert result.findings == []


@pytest.mark.vnu
def test_every_page_passes_the_nu_html_checker(built_site: Path) -> None:
    assert vnu_errors(built_site) == []
