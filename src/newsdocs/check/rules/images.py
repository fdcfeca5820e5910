"""Image checks: placeholder images, images without alt text, and local image files that
are not there.

An image is judged as a unit: its ``src``, its ``srcset``, the ``<source srcset>`` of the
``<picture>`` around it and the lazy-loading attributes CMS plugins use, plus the wording of
its alt text, title and caption.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from lxml import etree

from newsdocs.check.context import CheckContext
from newsdocs.check.document import Document
from newsdocs.check.findings import Severity
from newsdocs.check.phrases import PhraseMatcher
from newsdocs.check.rule import Checker, Hit, Rule

PLACEHOLDER_IMAGE = Rule(
    id="placeholder-image",
    severity=Severity.ERROR,
    summary="An image is a placeholder, not the real picture.",
    explanation=(
        "The image comes from a placeholder service (placehold.co, via.placeholder.com, "
        "picsum.photos and the like, subdomains included), has no usable source (an empty, "
        "'#' or 'about:blank' src, or none at all), or its alt text, title or caption says it "
        "is a stand-in ('Replace with actual image URL', 'image goes here', 'representative "
        "image', lorem ipsum...). The caption is the <figcaption> of the enclosing <figure>, "
        "or a caption-class element (such as WordPress's 'wp-caption-text') right after the "
        "image or its wrapper. Each image is reported once, for the most specific reason: "
        "host, then source, then wording. Put the real image and caption in before publishing; "
        "sites add their own hosts and phrases with extra-placeholder-hosts and "
        "extra-placeholder-phrases."
    ),
)
MISSING_ALT = Rule(
    id="missing-alt",
    severity=Severity.ERROR,
    summary="An image has no alt attribute.",
    explanation=(
        "Every <img> and <input type=image> needs an alt attribute: screen readers read it "
        "out, and search engines and text-only readers show it in place of the picture. "
        'Describe what the image shows, or write alt="" if the image is purely decorative '
        '(so is role="presentation", role="none" or aria-hidden="true", which say the '
        "same). An alt attribute that is present but empty is never reported."
    ),
)
MISSING_IMAGE = Rule(
    id="missing-image",
    severity=Severity.ERROR,
    summary="A local image file does not exist.",
    explanation=(
        "An <img> src or srcset candidate, or a <picture> <source srcset> candidate, points to "
        "a file inside the checked tree (or EPUB) that is not there, so readers see a broken "
        "image. Percent-encoded names are decoded and query strings ignored, as a web server "
        "would. data: URLs, absolute http(s) URLs, root-relative paths and paths that climb "
        "out of the checked tree are not looked at. Add the file or fix the path."
    ),
)

# CMS lazy-loading plugins keep the real image URL here and a tiny stand-in in src.
LAZY_SRC_ATTRIBUTES = ("data-src", "data-lazy-src", "data-original")
LAZY_SRCSET_ATTRIBUTES = ("data-srcset", "data-lazy-srcset")
DECORATIVE_ROLES = frozenset({"presentation", "none"})
BLANK_SOURCES = frozenset({"", "#", "about:blank"})
# How many wrappers (link, paragraph, <picture>...) to climb looking for a following caption.
MAX_CAPTION_CLIMB = 4
MESSAGE_TEXT_LIMIT = 60

# One srcset candidate, as the HTML spec splits them: a URL (a run of non-space characters
# whose trailing commas end the candidate), then descriptors up to the next comma.
_SRCSET_CANDIDATE = re.compile(r"[\s,]*([^\s,](?:\S*[^\s,])?)(?:,+|[^,]*)")
# The host of an http(s), protocol-relative or scheme-less URL: after any user info, before
# any port or path. A regex, not urlsplit: it runs on every image URL and never raises.
_URL_HOST = re.compile(r"\s*(?:(?:https?:)?//(?:[^@/?#\\]*@)?)?([^/?#:@\\\s]*)", re.IGNORECASE)
# WordPress "wp-caption-text", Gutenberg "wp-element-caption", theme "caption", "image-caption",
# Blogger "tr-caption", gallery "gallery-caption"...
_CAPTION_CLASS = re.compile(r"(?:[a-z0-9]+[-_])*caption(?:[-_]text)?", re.IGNORECASE)


def srcset_urls(value: str | None) -> list[str]:
    """The candidate URLs of a srcset attribute, in order."""
    if not value:
        return []
    return _SRCSET_CANDIDATE.findall(value)


def shorten(text: str, limit: int = MESSAGE_TEXT_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


@lru_cache(maxsize=4096)  # a site's pages share most of their image URLs
def placeholder_host(url: str, hosts: frozenset[str]) -> str | None:
    """The placeholder-service host ``url`` points to (subdomains included), or None.

    A host written without a scheme (``placehold.co/600x400``) counts too: it is how such
    URLs get pasted, and it is never a real local file.
    """
    host = _URL_HOST.match(url)
    name = host.group(1).lower().rstrip(".") if host else ""
    if "." not in name:
        return None
    labels = name.split(".")
    for start in range(len(labels) - 1):
        candidate = ".".join(labels[start:])
        if candidate in hosts:
            return candidate
    return None


def check(document: Document, context: CheckContext) -> Iterator[Hit]:
    missing: dict[str, str | None] = {}  # URL -> the missing file it names, per distinct URL
    for element in document.root.iter("img", "input", "source"):
        if element.tag == "img":
            yield from _check_image(element, document, context, missing)
        elif element.tag == "input":
            if (element.get("type") or "").strip().lower() == "image" and _lacks_alt(element):
                yield Hit(MISSING_ALT, _missing_alt_message("image button", element), element)
        elif _near_ancestor(element, "picture") is not None:
            urls = srcset_urls(element.get("srcset"))
            yield from _missing_files(element, urls, document, context, missing)


def _check_image(
    image: etree._Element, document: Document, context: CheckContext, missing: dict[str, str | None]
) -> Iterator[Hit]:
    if _lacks_alt(image):
        yield Hit(MISSING_ALT, _missing_alt_message("image", image), image)
    reason = _placeholder_reason(image, context)
    if reason is not None:
        yield Hit(PLACEHOLDER_IMAGE, reason, image)
    urls = [image.get("src") or "", *srcset_urls(image.get("srcset"))]
    yield from _missing_files(image, urls, document, context, missing)


def _lacks_alt(element: etree._Element) -> bool:
    if element.get("alt") is not None:
        return False
    role = (element.get("role") or "").split()
    # ARIA uses the first role token; these say "decorative" as clearly as alt="" does.
    if role and role[0].lower() in DECORATIVE_ROLES:
        return False
    return (element.get("aria-hidden") or "").strip().lower() != "true"


def _missing_alt_message(kind: str, element: etree._Element) -> str:
    return (
        f"{kind} {_label(element)} has no alt attribute; describe what it shows in alt, "
        'or write alt="" if it is decorative'
    )


def _label(image: etree._Element) -> str:
    src = image.get("src")
    if src is None:
        return "without src"
    return f'"{shorten(src.strip())}"' if src.strip() else "with an empty src"


# Placeholder images


def _placeholder_reason(image: etree._Element, context: CheckContext) -> str | None:
    """Why ``image`` is a placeholder (host, then source, then wording), or None."""
    src = image.get("src")
    urls = _all_sources(image)
    for url in urls:
        host = placeholder_host(url, context.placeholder_hosts)
        if host is not None:
            return (
                f'image source "{shorten(url.strip())}" is on the placeholder service {host}; '
                "put in the real image"
            )
    if not any(url.strip().lower() not in BLANK_SOURCES for url in urls):
        if src is None:
            return "image has no src, so nothing is shown; put in the real image"
        return f'image src "{src.strip()}" is not an image; put in the real image'
    return _placeholder_wording(image, context.placeholder_phrases)


def _all_sources(image: etree._Element) -> list[str]:
    """Every URL the image may load: src, srcset, its <picture>'s sources, lazy-load data."""
    urls = [image.get("src") or "", *srcset_urls(image.get("srcset"))]
    picture = _near_ancestor(image, "picture")
    if picture is not None:
        for source in picture.iter("source"):
            urls.extend(srcset_urls(source.get("srcset")))
    for attribute in LAZY_SRC_ATTRIBUTES:
        urls.append(image.get(attribute) or "")
    for attribute in LAZY_SRCSET_ATTRIBUTES:
        urls.extend(srcset_urls(image.get(attribute)))
    return urls


def _placeholder_wording(image: etree._Element, phrases: PhraseMatcher) -> str | None:
    for where, text in _descriptions(image):
        phrase = phrases.first(text) if text else None
        if phrase is not None:
            return (
                f'image {where} "{shorten(text)}" has placeholder wording ("{phrase}"); '
                "put in the real image and its description"
            )
    return None


def _descriptions(image: etree._Element) -> Iterator[tuple[str, str]]:
    """The texts that describe the image, cheapest first (captions are only found if needed)."""
    yield "alt text", image.get("alt") or ""
    yield "title", image.get("title") or ""
    figure = _near_ancestor(image, "figure")
    figcaption = figure.find("figcaption") if figure is not None else None
    if figcaption is not None:
        yield "caption", _text_of(figcaption)
    caption = _following_caption(image)
    if caption is not None and caption is not figcaption:
        yield "caption", _text_of(caption)


def _following_caption(image: etree._Element) -> etree._Element | None:
    """A caption-class element right after the image or a wrapper holding only the image.

    This is how WordPress's classic editor and many themes caption images:
    ``<div class="wp-caption"><a><img></a><p class="wp-caption-text">...</p></div>``.
    """
    node = image
    for _ in range(MAX_CAPTION_CLIMB):
        sibling = _next_element(node)
        if sibling is not None and _is_caption(sibling):
            return sibling
        parent = node.getparent()
        if parent is None or parent.tag in ("figure", "body", "html"):
            return None
        if not _wraps_only(parent, node):
            return None
        node = parent
    return None


def _next_element(node: etree._Element) -> etree._Element | None:
    """The next sibling element, past comments and line breaks (editors add <br> freely)."""
    sibling = node.getnext()
    while sibling is not None and (not isinstance(sibling.tag, str) or sibling.tag == "br"):
        sibling = sibling.getnext()
    return sibling


def _is_caption(element: etree._Element) -> bool:
    if element.tag != "figcaption" and not any(
        _CAPTION_CLASS.fullmatch(token) for token in (element.get("class") or "").split()
    ):
        return False
    # A following "caption" box that holds a picture is the next figure, not this caption.
    return element.find(".//img") is None


def _wraps_only(parent: etree._Element, child: etree._Element) -> bool:
    """Whether ``parent`` holds nothing visible but ``child`` (<picture> sources aside)."""
    if (parent.text or "").strip():
        return False
    for other in parent:
        if (other.tail or "").strip():
            return False
        if other is not child and isinstance(other.tag, str) and other.tag != "source":
            return False
    return True


def _text_of(element: etree._Element) -> str:
    text = etree.tostring(element, method="text", encoding="unicode", with_tail=False)
    return " ".join(text.split())


def _near_ancestor(element: etree._Element, tag: str, levels: int = 16) -> etree._Element | None:
    # Bounded: pages can nest thousands deep, and a far-off <figure> is not this image's.
    for depth, ancestor in enumerate(element.iterancestors()):
        if depth >= levels:
            return None
        if ancestor.tag == tag:
            return ancestor
    return None


# Missing local files


def _missing_files(
    element: etree._Element,
    urls: Iterable[str],
    document: Document,
    context: CheckContext,
    missing: dict[str, str | None],
) -> Iterator[Hit]:
    reported: set[str] = set()
    for url in urls:
        if url not in missing:
            missing[url] = _missing_local_file(document, url)
        name = missing[url]
        if name is None or name in reported:
            continue
        if placeholder_host(url, context.placeholder_hosts) is not None:
            continue  # a scheme-less placeholder host is reported as placeholder-image
        reported.add(name)
        written = url.strip()
        looked_for = "" if name == written else f' (looked for "{shorten(name)}")'
        yield Hit(
            MISSING_IMAGE,
            f'image file "{shorten(written)}" is not in the checked tree{looked_for}; '
            "add the file or fix the path",
            element,
        )


def _missing_local_file(document: Document, url: str) -> str | None:
    """The container name of a local image file that is not there; else None (the file
    exists, or the URL is empty, external, data:, root-relative or out of the tree)."""
    if not url.strip():
        return None
    target = document.resolve(url)
    if target is None or target[0] == document.name:
        return None
    return None if document.container.exists(target[0]) else target[0]


CHECKER = Checker(rules=(PLACEHOLDER_IMAGE, MISSING_ALT, MISSING_IMAGE), run=check)
