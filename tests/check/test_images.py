"""placeholder-image, missing-alt and missing-image, checked on real pages in a temp tree."""

from __future__ import annotations

import io
import zipfile

import pytest

from newsdocs.check import CheckConfig, Finding

from .conftest import CheckHtml, page

IMAGE_RULES = {"placeholder-image", "missing-alt", "missing-image"}
BODY = 8  # the line page() puts the body on
GIF = "data:image/gif;base64,R0lGODlhAQABAAAAACw="
PNG = b"\x89PNG\r\n\x1a\n"
SEED_ALT = "Xi Jinping and Vladimir Putin meeting"
SEED_CAPTION = (
    "A representative image of Xi Jinping and Vladimir putin meeting. "
    "(Replace with actual image URL)"
)


def rules_and_lines(findings: list[Finding]) -> list[tuple[str, int | None]]:
    return [(finding.rule, finding.line) for finding in findings]


# --- placeholder-image -------------------------------------------------------------------

PLACEHOLDER_HOSTS = [
    pytest.param('<img src="https://placehold.co/600x400" alt="x">', id="https"),
    pytest.param('<img src="http://via.placeholder.com/150" alt="x">', id="http"),
    pytest.param('<img src="//dummyimage.com/300x200/000/fff" alt="x">', id="protocol-relative"),
    pytest.param('<img src="  https://PICSUM.Photos/200  " alt="x">', id="case-and-spaces"),
    pytest.param('<img src="https://fastly.picsum.photos/id/1/200.jpg" alt="x">', id="subdomain"),
    pytest.param('<img src="https://a.b.lorempixel.com/400/200" alt="x">', id="deep-subdomain"),
    pytest.param('<img src="https://placekitten.com:443/200/300" alt="x">', id="port"),
    pytest.param('<img src="https://placehold.co./600" alt="x">', id="trailing-dot"),
    pytest.param('<img src="https://user:pw@placehold.co/600" alt="x">', id="user-info"),
    pytest.param('<img src="placehold.co/600x400" alt="x">', id="pasted-without-scheme"),
    pytest.param(
        '<img src="photo.jpg" srcset="photo.jpg 1x, https://placehold.co/1200 2x" alt="x">',
        id="srcset-candidate",
    ),
    pytest.param(
        '<picture><source srcset="https://placehold.co/800.webp" type="image/webp">'
        '<img src="photo.jpg" alt="x"></picture>',
        id="picture-source",
    ),
    pytest.param(
        f'<img src="{GIF}" data-src="https://via.placeholder.com/600" alt="x">',
        id="lazy-load-data-src",
    ),
    pytest.param(
        f'<img src="{GIF}" data-lazy-srcset="https://dummyimage.com/600 600w" alt="x">',
        id="lazy-load-srcset",
    ),
]

EMPTY_SOURCES = [
    pytest.param('<img src="" alt="x">', id="empty"),
    pytest.param('<img src="   " alt="x">', id="whitespace"),
    pytest.param('<img src="#" alt="x">', id="hash"),
    pytest.param('<img src="about:blank" alt="x">', id="about-blank"),
    pytest.param('<img src="ABOUT:BLANK" alt="x">', id="about-blank-upper"),
    pytest.param('<img alt="x">', id="no-src-at-all"),
    pytest.param('<img src="#" srcset="" alt="x">', id="empty-srcset-is-no-help"),
]

PLACEHOLDER_WORDING = [
    pytest.param('<img src="photo.jpg" alt="Image goes here">', id="alt"),
    pytest.param('<img src="photo.jpg" alt="Lorem ipsum dolor sit amet">', id="alt-lorem"),
    pytest.param('<img src="photo.jpg" alt="x" title="Placeholder image">', id="title"),
    pytest.param(
        '<figure><img src="photo.jpg" alt="Crowds in the square">'
        "<figcaption>Crowds gather. (Replace with actual image URL)</figcaption></figure>",
        id="figcaption",
    ),
    pytest.param(
        '<figure><a href="photo.jpg"><picture><source srcset="photo.webp">'
        '<img src="photo.jpg" alt="Crowds"></picture></a>'
        "<figcaption>Representative image</figcaption></figure>",
        id="figcaption-around-picture",
    ),
    pytest.param(
        '<div class="wp-caption aligncenter"><img src="photo.jpg" alt="Crowds">'
        '<p class="wp-caption-text">Image goes here</p></div>',
        id="wordpress-caption",
    ),
    pytest.param(
        '<div class="wp-caption"><a href="photo.jpg"><img src="photo.jpg" alt="Crowds"></a>'
        '<p class="wp-caption-text">Insert image here</p></div>',
        id="wordpress-caption-linked-image",
    ),
    pytest.param(
        '<div class="wp-caption"><img src="photo.jpg" alt="Crowds"><br>\n'
        '<!-- caption --><p class="wp-caption-text">Image goes here</p></div>',
        id="wordpress-caption-after-line-break",
    ),
    pytest.param(
        '<p><a href="photo.jpg"><img src="photo.jpg" alt="Crowds"></a></p>\n'
        '<p class="caption">Your image here</p>',
        id="theme-caption-after-wrapper",
    ),
    pytest.param(
        '<dl class="gallery-item"><dt class="gallery-icon"><a href="p.jpg">'
        '<img src="photo.jpg" alt="Crowds"></a></dt>'
        '<dd class="wp-caption-text gallery-caption">Image placeholder</dd></dl>',
        id="wordpress-gallery-caption",
    ),
    pytest.param(
        '<p><img src="photo.jpg" alt="Crowds"><span class="image-caption">PHOTO TK</span></p>',
        id="inline-caption-newsroom-tk",
    ),
]


@pytest.mark.parametrize("body", PLACEHOLDER_HOSTS + EMPTY_SOURCES + PLACEHOLDER_WORDING)
def test_placeholder_image_is_reported(check_html: CheckHtml, body: str) -> None:
    files = {"photo.jpg": PNG, "photo.webp": PNG}
    findings = check_html(page(body), files=files, rules=IMAGE_RULES)
    assert rules_and_lines(findings) == [("placeholder-image", BODY)]


NOT_PLACEHOLDERS = [
    pytest.param('<img src="https://cdn.example.com/2024/xi-putin.jpg" alt="x">', id="real-host"),
    pytest.param('<img src="https://notplacehold.co/a.jpg" alt="x">', id="host-suffix-trap"),
    pytest.param('<img src="https://placehold.co.example.com/a.jpg" alt="x">', id="prefix-trap"),
    pytest.param('<img src="https://example.com/placehold.co/a.jpg" alt="x">', id="in-path"),
    pytest.param('<img src="https://example.com/a.jpg?via.placeholder.com" alt="x">', id="query"),
    pytest.param(f'<img src="{GIF}" alt="">', id="data-url"),
    pytest.param('<img src="" srcset="https://example.com/a.jpg 2x" alt="x">', id="srcset-only"),
    pytest.param(
        '<picture><source srcset="https://example.com/a.webp"><img alt="x"></picture>',
        id="picture-source-only",
    ),
    pytest.param(
        f'<img src="{GIF}" data-src="https://example.com/real.jpg" alt="x">', id="lazy-load"
    ),
    pytest.param('<img data-src="https://example.com/real.jpg" alt="x">', id="lazy-no-src"),
    pytest.param(
        '<img src="https://example.com/a.jpg" alt="A representative of the union speaks">',
        id="representative-without-image",
    ),
    pytest.param(
        '<img src="https://example.com/a.jpg" alt="x" title="Image: Reuters">', id="plain-title"
    ),
    pytest.param(
        '<figure><img src="https://example.com/a.jpg" alt="Crowds">'
        "<figcaption>Crowds gather in Beijing. Photo: AP</figcaption></figure>",
        id="real-figcaption",
    ),
    pytest.param(
        '<p>Text <img src="https://example.com/a.png" alt="icon"> more text</p>\n'
        '<p class="caption">Image goes here</p>',
        id="caption-after-prose-is-not-the-image-caption",
    ),
    pytest.param(
        '<p><img src="https://example.com/a.png" alt="x"> credit: AP</p>\n'
        '<p class="caption">Image goes here</p>',
        id="image-followed-by-text-is-not-captioned-by-next-block",
    ),
    pytest.param(
        '<p>Text before <img src="https://example.com/a.png" alt="icon"></p>\n'
        '<p class="caption">Image goes here</p>',
        id="wrapper-with-prose-before-the-image",
    ),
    pytest.param(
        '<div class="wp-caption"><img src="https://example.com/a.png" alt="x">'
        '<p class="wp-caption-text">Crowds in Beijing</p></div>',
        id="real-wordpress-caption",
    ),
    pytest.param(
        '<div><img src="https://example.com/a.png" alt="x"><p class="wp-caption">Crowds</p></div>'
        '<p class="wp-caption-text">Image goes here</p>',
        id="caption-of-outer-block-with-other-content",
    ),
]


@pytest.mark.parametrize("body", NOT_PLACEHOLDERS)
def test_real_images_are_not_placeholders(check_html: CheckHtml, body: str) -> None:
    assert check_html(page(body), rules=IMAGE_RULES) == []


def test_only_the_captioned_figure_is_reported(check_html: CheckHtml) -> None:
    body = (
        '<figure><img src="https://example.com/a.jpg" alt="x"></figure>\n'
        '<figure><img src="https://example.com/b.jpg" alt="y">\n'
        "<figcaption>Image goes here</figcaption></figure>"
    )
    findings = check_html(page(body), rules=IMAGE_RULES)
    assert rules_and_lines(findings) == [("placeholder-image", BODY + 1)]


def test_the_next_captioned_figure_is_not_this_images_caption(check_html: CheckHtml) -> None:
    body = (
        '<div><img src="https://example.com/a.png" alt="x">\n'
        '<div class="wp-caption"><img src="https://example.com/b.png" alt="y">\n'
        '<p class="wp-caption-text">Image goes here</p></div></div>'
    )
    findings = check_html(page(body), rules=IMAGE_RULES)
    assert rules_and_lines(findings) == [("placeholder-image", BODY + 1)]


def test_one_finding_per_image_and_the_host_wins(check_html: CheckHtml) -> None:
    body = (
        '<figure><img src="https://placehold.co/600" alt="Image goes here" '
        'srcset="https://via.placeholder.com/1200 2x" title="lorem ipsum">'
        "<figcaption>Replace with actual image URL</figcaption></figure>"
    )
    findings = check_html(page(body), rules=IMAGE_RULES)
    assert rules_and_lines(findings) == [("placeholder-image", BODY)]
    assert '"https://placehold.co/600"' in findings[0].message
    assert "placehold.co" in findings[0].message


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ('<img src="#" alt="x">', 'src "#"'),
        ('<img alt="x">', "no src"),
        ('<img src="photo.jpg" alt="Image goes here">', '"image goes here"'),
        ('<img src="photo.jpg" alt="x" title="Placeholder image">', "title"),
    ],
)
def test_placeholder_message_names_the_src_or_phrase(
    check_html: CheckHtml, body: str, named: str
) -> None:
    (finding,) = check_html(page(body), rules={"placeholder-image"})
    assert named in finding.message


def test_extra_placeholder_hosts_and_phrases_come_from_config(check_html: CheckHtml) -> None:
    body = (
        '<img src="https://img.stub.example/1.jpg" alt="x">\n'
        '<img src="https://example.com/2.jpg" alt="Picture pending">'
    )
    config = CheckConfig(
        extra_placeholder_hosts=("stub.example",), extra_placeholder_phrases=("picture pending",)
    )
    findings = check_html(page(body), rules=IMAGE_RULES, config=config)
    assert rules_and_lines(findings) == [("placeholder-image", BODY), ("placeholder-image", 9)]
    assert check_html(page(body), rules=IMAGE_RULES) == []


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            '<div id="attachment_9" class="wp-caption aligncenter" style="width: 810px">'
            '<img class="size-full wp-image-9" src="https://www.world-today-news.com/'
            f'wp-content/uploads/2024/12/xi-putin.jpg" alt="{SEED_ALT}" width="800">'
            f'<p class="wp-caption-text">{SEED_CAPTION}</p></div>',
            id="classic-editor",
        ),
        pytest.param(
            '<figure id="attachment_9" class="wp-caption aligncenter">'
            '<img src="https://www.world-today-news.com/wp-content/uploads/xi-putin.jpg" '
            f'alt="{SEED_ALT}"><figcaption class="wp-caption-text">{SEED_CAPTION}</figcaption>'
            "</figure>",
            id="html5-caption",
        ),
        pytest.param(
            '<figure class="wp-block-image size-large"><img decoding="async" '
            'src="https://www.world-today-news.com/wp-content/uploads/xi-putin.jpg" '
            f'alt="{SEED_ALT}"><figcaption class="wp-element-caption">{SEED_CAPTION}'
            "</figcaption></figure>",
            id="block-editor",
        ),
    ],
)
def test_seed_article_image_is_caught(check_html: CheckHtml, body: str) -> None:
    text = f"<p>The close relationship between Xi and Putin continues to deepen.</p>\n{body}"
    findings = check_html(page(text), rules=IMAGE_RULES)
    assert rules_and_lines(findings) == [("placeholder-image", BODY + 1)]
    message = findings[0].message
    assert "caption" in message
    assert '"representative image"' in message
    assert "A representative image of Xi Jinping" in message


# --- missing-alt -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param('<img src="https://example.com/a.jpg">', 1, id="img-without-alt"),
        pytest.param('<img src="https://example.com/a.jpg" alt="">', 0, id="decorative-empty"),
        pytest.param('<img src="https://example.com/a.jpg" alt>', 0, id="bare-alt-attribute"),
        pytest.param('<img src="https://example.com/a.jpg" alt="Crowds">', 0, id="described"),
        pytest.param('<img src="https://example.com/a.jpg" role="img">', 1, id="role-img"),
        pytest.param(
            '<img src="https://example.com/a.jpg" role="presentation">', 0, id="presentation"
        ),
        pytest.param('<img src="https://example.com/a.jpg" role="none">', 0, id="role-none"),
        pytest.param('<img src="https://example.com/a.jpg" aria-hidden="true">', 0, id="hidden"),
        pytest.param(
            '<img src="https://example.com/a.jpg" aria-hidden="false">', 1, id="not-hidden"
        ),
        pytest.param(
            '<img src="https://example.com/a.jpg" title="Crowds">', 1, id="title-is-not-alt"
        ),
        pytest.param('<input type="image" src="https://example.com/go.png">', 1, id="input"),
        pytest.param('<input type="IMAGE" src="https://example.com/go.png">', 1, id="INPUT"),
        pytest.param(
            '<input type="image" src="https://example.com/go.png" alt="Search">', 0, id="input-ok"
        ),
        pytest.param('<input type="text" name="q">', 0, id="text-input"),
        pytest.param(
            '<svg width="10" height="10"><rect width="10" height="10"/></svg>', 0, id="svg"
        ),
    ],
)
def test_missing_alt(check_html: CheckHtml, body: str, expected: int) -> None:
    findings = check_html(page(body), rules={"missing-alt"})
    assert rules_and_lines(findings) == [("missing-alt", BODY)] * expected


def test_missing_alt_message_names_the_image_and_the_fix(check_html: CheckHtml) -> None:
    (finding,) = check_html(page('<img src="https://example.com/a.jpg">'), rules={"missing-alt"})
    assert '"https://example.com/a.jpg"' in finding.message
    assert 'alt=""' in finding.message


# --- missing-image -----------------------------------------------------------------------

IMAGE_FILES = {"img/photo.png": PNG, "img/my photo.png": PNG, "img/photo@2x.png": PNG}


@pytest.mark.parametrize(
    ("body", "missing"),
    [
        pytest.param('<img src="img/photo.png" alt="">', [], id="existing"),
        pytest.param('<img src="img/nope.png" alt="">', ["img/nope.png"], id="missing"),
        pytest.param('<img src="./img/../img/photo.png" alt="">', [], id="dot-segments"),
        pytest.param('<img src="img/my%20photo.png" alt="">', [], id="percent-encoded"),
        pytest.param('<img src="img/my photo.png" alt="">', [], id="literal-space"),
        pytest.param('<img src="img/photo.png?v=3#x" alt="">', [], id="query-and-fragment"),
        pytest.param('<img src="img/Photo.png" alt="">', ["img/Photo.png"], id="case-matters"),
        pytest.param(
            '<img src="img/photo.png" srcset="img/photo.png 1x, img/photo@3x.png 3x, '
            'img/photo@2x.png 2x" alt="">',
            ["img/photo@3x.png"],
            id="srcset-one-of-several-missing",
        ),
        pytest.param(
            '<img srcset="img/gone-480.png 480w,img/photo.png 800w" alt="">',
            ["img/gone-480.png"],
            id="srcset-without-spaces-after-commas",
        ),
        pytest.param(
            '<img src="img/gone.png" srcset="img/gone.png 1x, img/gone.png 2x" alt="">',
            ["img/gone.png"],
            id="same-file-reported-once",
        ),
        pytest.param(
            '<picture><source srcset="img/gone.webp 1x, img/photo.png 2x" type="image/webp">'
            '<img src="img/photo.png" alt=""></picture>',
            ["img/gone.webp"],
            id="picture-source",
        ),
        pytest.param(f'<img src="{GIF}" alt="">', [], id="data-url"),
        pytest.param('<img src="https://example.com/nope.png" alt="">', [], id="external"),
        pytest.param('<img src="//cdn.example.com/nope.png" alt="">', [], id="protocol-relative"),
        pytest.param('<img src="/wp-content/nope.png" alt="">', [], id="root-relative"),
        pytest.param('<img src="../outside.png" alt="">', [], id="escapes-the-tree"),
        pytest.param('<img src="img/../../outside.png" alt="">', [], id="escapes-after-descent"),
        pytest.param('<img src="http://[::1/x.png" alt="">', [], id="malformed-url"),
        pytest.param('<img src="img/%00.png" alt="">', ["img/\x00.png"], id="nul-byte"),
        pytest.param('<link rel="icon" href="favicon.ico">', [], id="icon-out-of-scope"),
        pytest.param(
            '<video src="clip.mp4"><source src="clip.webm"></video>', [], id="video-sources"
        ),
    ],
)
def test_missing_image(check_html: CheckHtml, body: str, missing: list[str]) -> None:
    findings = check_html(page(body), files=IMAGE_FILES, rules={"missing-image"})
    assert rules_and_lines(findings) == [("missing-image", BODY)] * len(missing)
    for finding, name in zip(findings, missing, strict=True):
        assert f'"{name}"' in finding.message


def test_missing_image_message_shows_the_decoded_name(check_html: CheckHtml) -> None:
    (finding,) = check_html(page('<img src="img/no%20such.png" alt="">'), rules={"missing-image"})
    assert '"img/no%20such.png"' in finding.message
    assert 'looked for "img/no such.png"' in finding.message


def test_missing_image_in_a_subdirectory_page(check_html: CheckHtml) -> None:
    files = {"news/img/photo.png": PNG}
    body = '<img src="img/photo.png" alt="">\n<img src="img/gone.png" alt="">'
    findings = check_html(page(body), name="news/page.html", files=files, rules=IMAGE_RULES)
    assert rules_and_lines(findings) == [("missing-image", BODY + 1)]


def test_picture_source_finding_is_on_the_source_line(check_html: CheckHtml) -> None:
    body = (
        '<picture>\n<source srcset="img/gone.webp">\n<img src="img/photo.png" alt="">\n</picture>'
    )
    findings = check_html(page(body), files=IMAGE_FILES, rules=IMAGE_RULES)
    assert rules_and_lines(findings) == [("missing-image", BODY + 1)]


def test_placeholder_host_without_scheme_is_not_also_a_missing_file(check_html: CheckHtml) -> None:
    findings = check_html(page('<img src="via.placeholder.com/150" alt="">'), rules=IMAGE_RULES)
    assert [finding.rule for finding in findings] == ["placeholder-image"]


def test_placeholder_wording_does_not_hide_a_missing_file(check_html: CheckHtml) -> None:
    findings = check_html(page('<img src="img/gone.png" alt="Image goes here">'), rules=IMAGE_RULES)
    assert sorted(finding.rule for finding in findings) == ["missing-image", "placeholder-image"]


def test_images_in_an_epub_resolve_inside_the_book(check_html: CheckHtml) -> None:
    chapter = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>c</title></head><body>\n'
        '<img src="img/photo.png" alt=""/>\n<img src="../img/photo.png" alt=""/>\n'
        '<img src="img/gone.png" alt=""/>\n</body></html>\n'
    )
    book = epub({"OEBPS/chapter.xhtml": chapter, "OEBPS/img/photo.png": PNG})
    findings = check_html(book, name="book.epub", rules=IMAGE_RULES)
    assert [(f.path.rpartition("!/")[2], f.rule, f.line) for f in findings] == [
        ("OEBPS/chapter.xhtml", "missing-image", 4),
        ("OEBPS/chapter.xhtml", "missing-image", 5),
    ]


def epub(members: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
        for name, content in members.items():
            book.writestr(name, content)
    return buffer.getvalue()
