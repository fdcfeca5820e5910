"""The ``newsepub`` builder: the site's articles as one EPUB 3 edition.

Sphinx's EPUB builder makes one book of a whole project's toctree. This one writes only the
edition's articles (see edition.py), a generated title page and one opening page per
section, and orders the spine and the table of contents by section, newest first. Links to
pages outside the edition go to the site (``html_baseurl``); nothing in the book is loaded
from outside it. The book is written under a temporary name and renamed when complete.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote, unquote
from zipfile import ZIP_DEFLATED, ZIP_STORED, ZipFile, ZipInfo

from docutils import nodes
from docutils.utils import smartquotes
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sphinx.builders.epub3 import Epub3Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config
from sphinx.errors import ConfigError, SphinxError
from sphinx.util import logging
from sphinx.util.osutil import copyfile, relative_uri

from newsdocs.config import sections as site_sections
from newsdocs.config import site_name
from newsdocs.dates import DateError, human_date
from newsdocs.domain import news_domain
from newsdocs.epub.edition import (
    Edition,
    EditionError,
    Selection,
    byline_names,
    make_edition,
    modified_timestamp,
    parse_bound,
    parse_edition_date,
)
from newsdocs.epub.images import (
    ImageConversionError,
    check_convertible,
    convert_to_png,
    describe_format,
    file_media_type,
)
from newsdocs.head import absolute
from newsdocs.model import Article
from newsdocs.site.outputs import site_url
from newsdocs.site.published import build_now
from newsdocs.site.urls import section_page
from newsdocs.writers.html import NewsHTMLTranslator

logger = logging.getLogger(__name__)

THEME = "newsepub"
TEMPLATES = Path(__file__).parent / "templates"
TITLE_PAGE = "title-page"
NAV_DOCUMENT = "nav.xhtml"
NCX_DOCUMENT = "toc.ncx"
STYLESHEET = "_static/newsepub.css"
XHTML = "application/xhtml+xml"


class EditionBuildError(SphinxError):
    category = "EPUB edition error"


def edition_selection(config: Config) -> Selection:
    """The ``newsdocs_edition_since``/``_until`` values (checked at config-inited)."""
    since = config.newsdocs_edition_since
    until = config.newsdocs_edition_until
    return Selection(
        since=parse_bound(since) if since else None,
        until=parse_bound(until) if until else None,
    )


def edition_date(config: Config, now: datetime) -> date:
    """``newsdocs_edition_date``, or the day of the build (in this computer's time zone, or
    in ``newsdocs_now``'s own zone when that is set)."""
    if config.newsdocs_edition_date:
        return parse_edition_date(config.newsdocs_edition_date)
    return (now if config.newsdocs_now else now.astimezone()).date()


def check_edition_config(config: Config) -> None:
    """Refuse edition values that cannot be read, naming the value (config-inited)."""
    for name in ("newsdocs_edition_since", "newsdocs_edition_until", "newsdocs_edition_date"):
        value = getattr(config, name)
        if not value:
            continue
        try:
            parse_edition_date(value) if name == "newsdocs_edition_date" else parse_bound(value)
        except DateError as error:
            raise ConfigError(f"{name}: {error}") from None
    try:
        edition_selection(config)
    except EditionError as error:
        raise ConfigError(str(error)) from None


@dataclass(frozen=True, slots=True)
class ManifestItem:
    id: str
    href: str  # URL-quoted, relative to the package document
    media_type: str
    properties: str = ""


@dataclass(frozen=True, slots=True)
class NavEntry:
    text: str
    href: str
    children: tuple[NavEntry, ...] = ()


@dataclass(slots=True)
class NcxPoint:
    id: str
    order: int
    text: str
    href: str
    children: list[NcxPoint] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Story:
    """One line of a section page's list of stories."""

    article: Article
    href: str
    headline: str
    dek: str
    byline: str
    date: str


class NewsEpubBuilder(Epub3Builder):
    """Builds the EPUB edition: ``sphinx-build -b newsepub`` or ``newsdocs build --format epub``."""

    name = "newsepub"
    epilog = ""  # says where the book is when it is written; newsdocs build says it too
    default_translator_class = NewsHTMLTranslator
    # The EPUB 3 core image types; anything else is converted (see images.py).
    supported_image_types: ClassVar[list[str]] = [
        "image/svg+xml",
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
    ]

    edition: Edition | None = None
    edition_file: Path | None = None  # the finished book, once written

    def init(self) -> None:
        base = site_url(self.config)
        if base is None:
            raise ConfigError(
                "the EPUB edition needs html_baseurl in conf.py, the site's absolute address "
                '(e.g. "https://news.example/"): links to pages outside the edition point '
                "there, and the edition's identifier is made from it"
            )
        self.site_base = base
        super().init()
        self.conversions: dict[str, str] = {}  # source image -> the PNG it becomes
        self.problems = 0
        self.images_without_alt = 0

    def get_theme_config(self) -> tuple[str, dict[str, str | int | bool]]:
        return THEME, {}

    def get_outdated_docs(self) -> str:  # type: ignore[override]
        # A book is one file: it is always written whole (a few dozen pages at most). A
        # string (Builder's "update everything" answer) makes Sphinx write every document.
        return "the whole edition"

    # ---- choosing the pages -----------------------------------------------------------------

    def prepare_writing(self, docnames: Set[str]) -> None:
        now = build_now(self)
        # Drafts and future articles never go in, whatever newsdocs_drafts says.
        public = news_domain(self.env).public_articles(now, drafts=False)
        try:
            self.edition = make_edition(
                public,
                site_name=site_name(self.config),
                site_url=self.site_base,
                sections=site_sections(self.config),
                edition_date=edition_date(self.config, now),
                selection=edition_selection(self.config),
            )
        except EditionError as error:
            raise EditionBuildError(str(error)) from None
        generated = {TITLE_PAGE, *(section_page(s.id) for s in self.edition.sections)}
        clash = sorted(generated & {article.docname for article in self.edition.articles})
        if clash:
            raise EditionBuildError(
                f"{clash[0]}: this article has the name of a page the edition makes; "
                "rename the article's file"
            )
        self.book_pages = generated | {article.docname for article in self.edition.articles}
        super().prepare_writing(docnames)
        self.globalcontext["newsepub_language"] = self.config.epub_language or "en"
        self.globalcontext["newsepub_stylesheet"] = STYLESHEET
        logger.info(
            "edition of %s: %d articles in %d sections",
            self.edition.date.isoformat(),
            len(self.edition.articles),
            len(self.edition.sections),
        )

    def write_documents(self, docnames: Set[str]) -> None:
        assert self.edition is not None
        super().write_documents({article.docname for article in self.edition.articles})

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        """Inside the book for its pages; the site's address for every other page."""
        if self.edition is None or to in self.book_pages:
            return super().get_relative_uri(from_, to, typ)
        return self.page_url(to)

    def page_url(self, docname: str) -> str:
        """The page's address on the site, as the site's ``newshtml`` build writes it."""
        suffix = self.config.html_link_suffix or self.config.html_file_suffix or ".html"
        return absolute(self.site_base, quote(docname) + suffix)

    # ---- writing the pages ------------------------------------------------------------------

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        self.fix_ids(doctree)
        # Printing each link's URL after it ("[https://...]") suits manuals, not news.
        show_urls = (
            self.config.epub_show_urls if "epub_show_urls" in self.config._raw_config else "no"
        )
        self.add_visible_links(doctree, show_urls)
        StandaloneHTMLBuilder.write_doc(self, docname, doctree)

    def post_process_images(self, doctree: nodes.Node) -> None:
        """Embed every image: core types as they are, others converted to PNG."""
        refused: set[str] = set()
        for node in doctree.findall(nodes.image):
            candidates: dict[str, str] = node["candidates"]
            if "?" in candidates:
                self.problem(
                    f"{node['uri']}: the edition embeds its images, and this one is not a "
                    "file of the site; add the image file to the site",
                    node,
                )
                continue
            if "*" in candidates or any(t in candidates for t in self.supported_image_types):
                source = candidates.get("*") or next(
                    candidates[t] for t in self.supported_image_types if t in candidates
                )
            else:
                source = next(iter(candidates.values()), "")
            if source not in self.env.images:
                continue  # missing or unreadable: Sphinx has said so
            if not node.get("alt"):
                self.images_without_alt += 1
            node["candidates"] = {"*": source}
            node["uri"] = source
            path = self.srcdir / source
            if file_media_type(path) is None and source not in self.conversions:
                try:
                    check_convertible(path)
                except ImageConversionError as error:
                    self.problem(
                        f"{source} is {describe_format(path)}; e-readers show only PNG, JPEG, "
                        f"GIF, SVG and WebP images, and it could not be converted ({error}): "
                        "save it as PNG or JPEG",
                        node,
                    )
                    refused.add(source)
                    continue
                self.conversions[source] = self.env.images[source][1] + ".png"
        super().post_process_images(doctree)
        for source in refused:
            self.images.pop(source, None)
        for source, converted in self.conversions.items():
            if source in self.images:
                self.images[source] = converted

    def copy_image_files(self) -> None:
        image_dir = self.outdir / self.imagedir
        image_dir.mkdir(parents=True, exist_ok=True)
        for source, name in self.images.items():
            if source in self.conversions:
                try:
                    convert_to_png(self.srcdir / source, image_dir / name)
                except ImageConversionError as error:
                    self.problem(f"{source}: could not be converted to PNG ({error})", None)
                else:
                    logger.info("converted %s to PNG for the edition", source)
            else:
                copyfile(self.srcdir / source, image_dir / name, force=True)

    def problem(self, message: str, node: nodes.Node | None) -> None:
        """A located error that keeps the book from being written."""
        self.problems += 1
        logger.error(message, location=node, type="newsdocs", subtype="epub")

    def headline(self, article: Article) -> str:
        """The headline as the article page shows it (curly quotes and all)."""
        title = self.env.titles.get(article.docname)
        return title.astext() if title is not None else article.headline

    def typeset(self, text: str) -> str:
        """Curly quotes and dashes, as docutils sets the article's own text."""
        if not self.config.smartquotes:
            return text
        language = self.config.language or "en"
        return smartquotes.educateQuotes(smartquotes.educateDashesOldSchool(text), language)

    def gen_indices(self) -> None:
        pass  # a news edition has no general index

    def gen_pages_from_extensions(self) -> None:
        pass  # the site's listings, feeds and search pages are not part of the book

    def gen_additional_pages(self) -> None:
        """The title page and each section's opening page."""
        edition = self.edition
        assert edition is not None
        count = len(edition.articles)
        publisher = dict(self.config.newsdocs_publisher).get("name") or edition.site_name
        self.handle_page(
            TITLE_PAGE,
            {
                "title": edition.title,
                "edition": edition,
                "edition_date": human_date(edition.date),
                "edition_summary": f"{count} article{'' if count == 1 else 's'}",
                "publisher": str(publisher),
                "copyright": self.config.copyright,
            },
            "newsepub/title-page.html",
        )
        for section in edition.sections:
            page = section_page(section.id)
            stories = [
                Story(
                    article=article,
                    href=relative_uri(
                        self.get_target_uri(page), self.get_target_uri(article.docname)
                    ),
                    headline=self.headline(article),
                    dek=self.typeset(article.dek),
                    byline=byline_names(article.authors),
                    date=human_date(article.published),
                )
                for article in section.articles
            ]
            self.handle_page(
                page,
                {"title": section.name, "section": section, "stories": stories},
                "newsepub/section.html",
            )

    # ---- the package ------------------------------------------------------------------------

    def handle_finish(self) -> None:
        self.build_mimetype()
        self.build_container()
        self.build_content()
        self.build_navigation_doc()
        self.build_toc()
        self.build_epub()

    def _render(self, template: str, target: str, context: dict[str, Any]) -> None:
        templates = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(default=True, default_for_string=True),
            keep_trailing_newline=True,
        )
        text = templates.get_template(template).render(
            edition=self.edition, language=self.config.epub_language or "en", **context
        )
        (self.outdir / target).write_text(text, encoding="utf-8")

    def _page_order(self) -> list[str]:
        """The spine after the title page and the contents: each section, then its stories."""
        assert self.edition is not None
        order: list[str] = []
        for section in self.edition.sections:
            order.append(section_page(section.id))
            order.extend(article.docname for article in section.articles)
        return order

    def build_content(self) -> None:
        """content.opf: the edition's metadata, exactly its files, and its reading order."""
        edition = self.edition
        assert edition is not None
        manifest = [
            ManifestItem("nav", NAV_DOCUMENT, XHTML, "nav"),
            ManifestItem("ncx", NCX_DOCUMENT, "application/x-dtbncx+xml"),
            ManifestItem("css", quote(STYLESHEET), "text/css"),
        ]
        spine = ["title-page", "nav"]
        manifest.append(ManifestItem("title-page", quote(TITLE_PAGE + self.out_suffix), XHTML))
        for number, page in enumerate(self._page_order(), start=1):
            filename = page + self.out_suffix
            item_id = f"page-{number}"
            manifest.append(
                ManifestItem(item_id, quote(filename), XHTML, self._page_properties(filename))
            )
            spine.append(item_id)
        image_items = []
        for number, name in enumerate(sorted(set(self.images.values())), start=1):
            filename = f"{self.imagedir}/{name}"
            media_type = file_media_type(self.outdir / filename)
            if media_type is None:
                self.problem(f"{filename}: not an image e-readers can show", None)
                continue
            image_items.append(ManifestItem(f"image-{number}", quote(filename), media_type))
        manifest.extend(image_items)
        # Files to zip: every manifest item but the two package files written separately.
        self.files = [unquote(item.href) for item in manifest if item.id not in ("nav", "ncx")]
        people = edition.people()
        publisher = dict(self.config.newsdocs_publisher).get("name") or edition.site_name
        self._render(
            "content.opf.jinja",
            "content.opf",
            {
                "modified": modified_timestamp(build_now(self)),
                "creators": [person for person in people if person.role == "aut"],
                "contributors": [person for person in people if person.role != "aut"],
                "publisher": str(publisher),
                "rights": self.config.copyright,
                "subjects": [section.name for section in edition.sections],
                "manifest": manifest,
                "spine": spine,
                "accessibility": _accessibility(
                    has_images=bool(image_items), all_alt=not self.images_without_alt
                ),
            },
        )

    def _page_properties(self, filename: str) -> str:
        """The manifest properties a page needs for what it contains (MathML, inline SVG)."""
        text = (self.outdir / filename).read_text(encoding="utf-8")
        found = [name for tag, name in (("<math", "mathml"), ("<svg", "svg")) if tag in text]
        return " ".join(found)

    def _toc(self) -> list[NavEntry]:
        edition = self.edition
        assert edition is not None
        return [
            NavEntry(
                section.name,
                quote(section_page(section.id) + self.out_suffix),
                tuple(
                    NavEntry(self.headline(article), quote(article.docname + self.out_suffix))
                    for article in section.articles
                ),
            )
            for section in edition.sections
        ]

    def build_navigation_doc(self) -> None:
        """nav.xhtml: the contents by section, and the landmarks."""
        toc = self._toc()
        landmarks = [
            {"type": "cover", "href": quote(TITLE_PAGE + self.out_suffix), "text": "Cover"},
            {"type": "toc", "href": f"{NAV_DOCUMENT}#toc", "text": "Contents"},
            {"type": "bodymatter", "href": toc[0].href, "text": "The news"},
        ]
        self._render(
            "nav.xhtml.jinja",
            NAV_DOCUMENT,
            {"toc": toc, "landmarks": landmarks, "stylesheet": quote(STYLESHEET)},
        )

    def build_toc(self) -> None:
        """toc.ncx, for EPUB 2 reading systems: the same contents as nav.xhtml."""
        counter = iter(range(1, 1_000_000))

        def point(entry: NavEntry) -> NcxPoint:
            order = next(counter)
            return NcxPoint(
                f"navpoint-{order}",
                order,
                entry.text,
                entry.href,
                [point(child) for child in entry.children],
            )

        toc = [point(entry) for entry in self._toc()]
        self._render("toc.ncx.jinja", NCX_DOCUMENT, {"toc": toc, "depth": 2})

    def build_epub(self) -> None:
        """Zip the book: ``mimetype`` first and stored, then the rest, under a temporary name
        that becomes the real one only when the book is complete and sound."""
        edition = self.edition
        assert edition is not None
        target = Path(self.outdir) / edition.file_name
        if self.problems:
            target.unlink(missing_ok=True)
            raise EditionBuildError(
                f"{edition.file_name} was not written: {self.problems} problem(s) above"
            )
        stamp = build_now(self).timetuple()[:6]
        partial = target.with_name(f".{target.name}.partial")
        names = ["mimetype", "META-INF/container.xml", "content.opf", NCX_DOCUMENT,
                 NAV_DOCUMENT, *self.files]  # fmt: skip
        try:
            with ZipFile(partial, "w") as book:
                for name in names:
                    info = ZipInfo(name, date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
                    info.external_attr = 0o644 << 16
                    info.compress_type = ZIP_STORED if name == "mimetype" else ZIP_DEFLATED
                    book.writestr(info, (self.outdir / name).read_bytes())
            partial.replace(target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        self.edition_file = target
        logger.info("wrote %s", target)


def _accessibility(*, has_images: bool, all_alt: bool) -> list[tuple[str, str]]:
    """schema.org accessibility metadata: the contents are structured, nothing flashes, and
    the text suffices when every image has alt text (the photo directive requires it)."""
    found = [("accessMode", "textual")]
    if has_images:
        found += [("accessMode", "visual"), ("accessModeSufficient", "textual,visual")]
    if all_alt:
        found.append(("accessModeSufficient", "textual"))
    found += [
        ("accessibilityFeature", "structuralNavigation"),
        ("accessibilityFeature", "tableOfContents"),
    ]
    if has_images and all_alt:
        found.append(("accessibilityFeature", "alternativeText"))
    found += [
        ("accessibilityHazard", "none"),
        (
            "accessibilitySummary",
            "News articles with headings, bylines and dates, grouped by section; photos "
            "have captions and credits; pull quotes, which repeat the article's words, "
            "are hidden.",
        ),
    ]
    return found
