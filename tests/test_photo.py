"""``photo``: a news photo that cannot be published without alt text, a credit and its file."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from newsdocs.model import Photo
from tests.build_output import assert_messages, by_class, main, news, shared_build, text

newsroom = shared_build("newsroom", "photo-newsroom")
errors = shared_build("errors", "photo-errors")


@newsroom
def test_figure_with_alt_caption_and_credit(app: SphinxTestApp) -> None:
    app.build()
    (figure,) = by_class(main(app, "world/xi-putin"), "nd-photo")
    assert figure.tag == "figure"
    (image,) = figure.xpath("./img")
    assert image.get("alt") == "Xi Jinping and Vladimir Putin shake hands in front of two flags"
    assert image.get("src") == "../_images/meeting.png"
    (caption,) = figure.xpath("./figcaption")
    assert text(caption) == (
        "The two leaders met in Beijing in May 2024. Photo: Sam Lee / The Meridian"
    )
    assert [text(c) for c in by_class(caption, "nd-credit")] == ["Photo: Sam Lee / The Meridian"]


@newsroom
def test_image_is_copied_to_images(app: SphinxTestApp) -> None:
    app.build()
    copied = Path(app.outdir) / "_images" / "meeting.png"
    original = Path(app.srcdir) / "images" / "meeting.png"
    assert copied.read_bytes() == original.read_bytes()


@newsroom
def test_photo_record_in_the_domain(app: SphinxTestApp) -> None:
    app.build()
    article = news(app).articles["world/xi-putin"]
    assert article.photos == (
        Photo(
            uri="images/meeting.png",
            alt="Xi Jinping and Vladimir Putin shake hands in front of two flags",
            credit="Photo: Sam Lee / The Meridian",
            caption="The two leaders met in Beijing in May 2024.",
            lead=True,
        ),
    )
    assert article.lead_photo == article.photos[0]


PHOTO_MISTAKES = [
    pytest.param("photo-no-alt", [(6, "ERROR", "photo: :alt: is required")], id="missing-alt"),
    pytest.param(
        "photo-no-credit", [(6, "ERROR", "photo: :credit: is required")], id="missing-credit"
    ),
    pytest.param(
        "photo-missing-file",
        [(6, "ERROR", "photo: image file not found: images/summit.jpg")],
        id="missing-file",
    ),
    pytest.param(
        "photo-remote",
        [(6, "ERROR", "photo: 'https://cdn.example.com/summit.jpg' is a remote URL")],
        id="remote-url",
    ),
    pytest.param(
        "photo-long-caption",
        [(6, "ERROR", "photo: the caption must be a single paragraph")],
        id="multi-paragraph-caption",
    ),
]


@errors
@pytest.mark.parametrize(("docname", "expected"), PHOTO_MISTAKES)
def test_photo_mistakes_are_located(
    app: SphinxTestApp, docname: str, expected: list[tuple[int, str, str]]
) -> None:
    app.build()
    assert_messages(app, docname, expected)
    assert main(app, docname).xpath(".//figure | .//img") == []
