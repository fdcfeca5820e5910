"""Which generated pages a build writes again: those that would come out different.

Sphinx writes a document again when its source, the templates or the configuration changed
since the last build. A listing page has no source: what it shows is its template context
(its stories, its pager, its heading). So a listing page is written again when that context
differs from the one it was last written with, when the templates are newer than the page,
or when anything else every page shows may have changed (the configuration, the newsdocs or
Sphinx version). An edit to one story's text then rewrites no listing at all.

The record of what each page was written with goes beside Sphinx's own records, in the
doctree directory, once the build has finished without an error.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import sphinx
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.html._build_info import BuildInfo

from newsdocs import records
from newsdocs.site.listings import Teaser

RECORD_FILE = "newsdocs-pages.pickle"
_PENDING = "_newsdocs_page_record"

Page = tuple[str, dict[str, Any], str]


def pages_to_write(
    app: Sphinx, builder: StandaloneHTMLBuilder, pages: Iterable[Page], templates: Path
) -> Iterator[Page]:
    """The pages that are not already in the output as this build would write them.

    ``templates`` is a template directory found outside the theme (the theme's own are
    Sphinx's concern): a template changed there rewrites every page too.
    """
    fingerprint = Fingerprints(_site_fingerprint(app, builder))
    newest_template = _newest_template(builder, templates)
    written = load_record(Path(app.doctreedir))
    record: dict[str, bytes] = {}
    setattr(builder, _PENDING, record)
    for page in pages:
        pagename = page[0]
        record[pagename] = fingerprint(*page)
        if written.get(pagename) != record[pagename] or not _not_older_than(
            builder.get_outfilename(pagename), newest_template
        ):
            yield page


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Keep what this build's pages were written with (a failed build keeps nothing)."""
    record: dict[str, bytes] | None = getattr(app.builder, _PENDING, None)
    if record is None or exception is not None:
        return
    delattr(app.builder, _PENDING)
    records.save(Path(app.doctreedir) / RECORD_FILE, record)


def load_record(doctreedir: Path) -> dict[str, bytes]:
    """What each page was last written with; without a record, every page is written."""
    record = records.load(doctreedir / RECORD_FILE)
    return record if isinstance(record, dict) else {}


class Fingerprints:
    """A digest of everything a page shows. Its context holds plain records (Teaser, Pager...)
    whose repr is their content; a story's is worked out once, not on every page with it."""

    def __init__(self, site: bytes) -> None:
        self.site = site
        self._stories: dict[Teaser, str] = {}

    def __call__(self, pagename: str, context: dict[str, Any], template: str) -> bytes:
        shown = [pagename, template]
        for key, value in sorted(context.items()):
            shown += (key, self._shown(value))
        return hashlib.sha256(self.site + repr(shown).encode()).digest()

    def _shown(self, value: object) -> str:
        if isinstance(value, Teaser):
            found = self._stories.get(value)
            if found is None:
                found = self._stories[value] = repr(value)
            return found
        if isinstance(value, tuple) and value and isinstance(value[0], Teaser):
            return "(" + ", ".join(self._shown(story) for story in value) + ")"
        return repr(value)


def _site_fingerprint(app: Sphinx, builder: StandaloneHTMLBuilder) -> bytes:
    """What every page shows besides its own context: the whole configuration (the
    masthead's sections are ``env`` values, which Sphinx's .buildinfo leaves out), tags,
    and the versions of what renders the pages."""
    info = BuildInfo(app.config, builder.tags, frozenset({"env", "html"}))
    versions = (version("newsdocs"), sphinx.__display_version__)
    return repr((info.config_hash, info.tags_hash, versions)).encode()


def _newest_template(builder: StandaloneHTMLBuilder, templates: Path) -> int:
    """The newest template's mtime in ns, as Sphinx compares documents with it."""
    directories = [*getattr(builder.templates, "pathchain", []), templates]
    return max(
        (
            (Path(root) / name).stat().st_mtime_ns
            for directory in directories
            for root, _dirs, files in os.walk(directory)
            for name in files
        ),
        default=0,
    )


def _not_older_than(path: Path, moment_ns: int) -> bool:
    try:
        return path.stat().st_mtime_ns >= moment_ns
    except OSError:
        return False
