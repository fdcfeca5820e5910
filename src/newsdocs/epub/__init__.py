"""The EPUB edition: ``sphinx-build -b newsepub`` or ``newsdocs build --format epub``.

edition.py chooses the articles and says what the book is (title, identifier, people);
images.py keeps the book to the EPUB core image types; builder.py writes the book.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from newsdocs.epub.builder import NewsEpubBuilder, check_edition_config

THEME_DIR = Path(__file__).parent.parent / "theme" / "newsepub"


def on_config_inited(app: Sphinx, config: Config) -> None:
    check_edition_config(config)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_html_theme("newsepub", str(THEME_DIR))
    app.add_builder(NewsEpubBuilder)
    app.connect("config-inited", on_config_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
