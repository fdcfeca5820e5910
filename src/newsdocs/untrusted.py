"""Article sources are untrusted: they may not read the build machine or script the reader.

A newsroom builds contributions from many hands, unattended. Unless conf.py sets
``newsdocs_trusted_content = True``, every source document (articles and any other page: a
contributor can leave out ``:section:``) is held to these limits, each refusal a located
error that fails ``newsdocs build``:

- no raw markup: the ``raw`` directive and ``raw``-derived roles;
- no reading files or URLs: ``include``, ``literalinclude``, ``csv-table`` with ``:file:``
  or ``:url:``;
- no ``meta`` with ``http-equiv`` (a refresh sends every reader elsewhere);
- no image, figure, photo or ``:download:`` path leading outside the site's source
  directory, whether by ``..``, an absolute path or a symlink pointing out.

Whatever the setting, links and images may not use ``javascript:``, ``vbscript:`` or
``data:`` URLs (images not ``file:`` either). A refused node is taken out of the document,
so even a plain ``sphinx-build`` that goes on after errors publishes nothing of it.

And whatever the setting, control characters are removed from every source before it is
parsed, with a located warning: invisible in a page, they cannot be written to XML at all
(Atom, sitemaps, EPUB), and line separators (U+0085, U+2028) would split a headline in two.
"""

from __future__ import annotations

import html
import posixpath
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from docutils import nodes
from docutils.parsers.rst import roles
from docutils.parsers.rst.directives.misc import Meta, Raw
from docutils.parsers.rst.states import Inliner
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.directives.patches import CSVTable
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

TRUSTED_CONTENT = "newsdocs_trusted_content"
OPT_IN = "set newsdocs_trusted_content = True in conf.py only if every source is trusted"

SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data"})
IMAGE_SCHEMES = SCRIPT_SCHEMES | {"file"}
# What browsers ignore or drop when they read a URL's scheme (C0 controls and space at the
# ends, tab and newlines anywhere), plus invisible characters that could hide one.
_IGNORED_IN_URL = re.compile("[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060\ufeff]")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.IGNORECASE)
# C0 and C1 controls (but tab and newline), DEL, the Unicode line and paragraph separators,
# and the two code points XML 1.0 forbids.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def is_trusted(config: Config) -> bool:
    return bool(getattr(config, TRUSTED_CONTENT, False))


def url_scheme(url: str) -> str:
    """The scheme a browser would see in ``url`` ("" for a relative URL), lower case.

    Entities and percent-escapes are decoded and ignorable characters dropped first, so
    ``JaVaScRiPt:``, `` javascript:``, ``java\\tscript:`` and ``javascript&colon;`` all
    count as ``javascript``.
    """
    text = _IGNORED_IN_URL.sub("", unquote(html.unescape(url)))
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else ""


def path_outside_site(env: BuildEnvironment, path: str) -> str | None:
    """Why the local file ``path`` (as written in the current document) may not be used:
    it leads out of the source directory. None when it stays inside."""
    # A path means the same file in every document of a directory (from "/", in every
    # document); a photo's is asked about by its directive and again by RefuseUnsafeLinks.
    directory = "" if path.startswith("/") else posixpath.dirname(env.docname)
    key = (str(env.srcdir), directory, path)
    if key not in _PATHS_LOOKED_AT:
        _PATHS_LOOKED_AT[key] = _path_outside_site(env, path)
    return _PATHS_LOOKED_AT[key]


# What path_outside_site found in this build's reading (see on_env_before_read_docs).
_PATHS_LOOKED_AT: dict[tuple[str, str, str], str | None] = {}


def _path_outside_site(env: BuildEnvironment, path: str) -> str | None:
    _relative, absolute = env.relfn2path(path, env.docname)
    resolved = Path(absolute).resolve()  # relfn2path resolves; again, to be sure of symlinks
    if not resolved.is_relative_to(_real_path(str(env.srcdir))):
        return "it leads outside the site's source directory"
    if path.startswith("/") and not _exists(resolved):
        # Said the same way whether or not the build machine has such a file: no probing.
        return (
            "no such file in the site (a path starting with / starts at the site's source "
            "directory, not at the root of the build machine)"
        )
    return None


class _Refusing(SphinxDirective):
    """Mixin for a standard directive that untrusted sources may not use (some forms of)."""

    def refusal(self) -> str | None:
        """Why this use is refused; None to run the directive as usual."""
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        if not is_trusted(self.config):
            reason = self.refusal()
            if reason is not None:
                raise self.error(f"{self.name}: refused in untrusted content: {reason} ({OPT_IN})")
        return list(super().run())


class RefusedRaw(_Refusing, Raw):
    def refusal(self) -> str | None:
        return "raw markup could put any script or element in the page"


class RefusedInclude(_Refusing, Include):
    def refusal(self) -> str | None:
        return "an article cannot read other files"


class RefusedLiteralInclude(_Refusing, LiteralInclude):
    def refusal(self) -> str | None:
        return "an article cannot read other files"


class RefusedCSVTable(_Refusing, CSVTable):  # type: ignore[misc]
    def refusal(self) -> str | None:
        for option in ("file", "url"):
            if option in self.options:
                return f":{option}: would read data from outside the article; put the rows in it"
        return None


class RefusedMeta(_Refusing, Meta):
    """``meta`` without ``http-equiv``: a refresh would send every reader elsewhere.

    Any field can set the attribute (``:name=x http-equiv=refresh:``), so the parsed tags
    are looked at, not the text. docutils puts them at the top of the document.
    """

    def refusal(self) -> str | None:
        return None

    def run(self) -> list[nodes.Node]:
        document = self.state.document
        before = {id(node) for node in document.findall(nodes.meta)}
        result = super().run()
        if is_trusted(self.config):
            return result
        added = [node for node in document.findall(nodes.meta) if id(node) not in before]
        refused = [node for node in added if node.get("http-equiv")]
        if refused:
            for node in added:
                node.parent.remove(node)
            raise self.error(
                f"meta: http-equiv {refused[0]['http-equiv']!r} refused in untrusted content: "
                f"it could redirect readers or change how the page loads ({OPT_IN})"
            )
        return result


def raw_role(
    role: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """docutils' ``raw`` role (and every role derived from it) unless content is trusted."""
    env: BuildEnvironment | None = getattr(inliner.document.settings, "env", None)
    if env is not None and is_trusted(env.config):
        return roles.raw_role(role, rawtext, text, lineno, inliner, options or {}, content or [])
    message = inliner.reporter.error(
        f"{role}: refused in untrusted content: a raw role could put any script or element "
        f"in the page ({OPT_IN})",
        line=lineno,
    )
    return [inliner.problematic(rawtext, rawtext, message)], [message]


raw_role.options = roles.raw_role.options  # type: ignore[attr-defined]  # `.. role:: x(raw)`


class RefuseUnsafeLinks(SphinxTransform):
    """Take out what untrusted markup may not link or point to, each with a located error.

    Runs after docutils resolves hyperlink targets (640), before Sphinx collects images and
    downloads to copy (at doctree-read).
    """

    default_priority = 700

    def apply(self, **kwargs: object) -> None:
        self.reported: set[tuple[int | None, str]] = set()
        trusted = is_trusted(self.config)
        for node in list(self.document.findall(nodes.Element)):
            if isinstance(node, nodes.image):
                self.check_image(node, trusted)
            elif isinstance(node, addnodes.download_reference):
                self.check_download(node, trusted)
            refuri = node.get("refuri")
            # A target's URL reaches the page only through the references docutils has
            # already resolved against it (640): those are refused, one error each.
            if (
                isinstance(refuri, str)
                and not isinstance(node, nodes.target)
                and url_scheme(refuri) in SCRIPT_SCHEMES
            ):
                self.refuse(node, f"link to a {url_scheme(refuri)}: URL refused: {refuri!r}")

    def check_image(self, node: nodes.image, trusted: bool) -> None:
        uri = str(node.get("uri", ""))
        scheme = url_scheme(uri)
        if scheme in IMAGE_SCHEMES:
            self.refuse(node, f"image with a {scheme}: URL refused: {_shorten(uri)!r}")
        elif not trusted and "://" not in uri and not uri.startswith("//"):
            for path in _candidate_paths(self.env, uri):
                reason = path_outside_site(self.env, path)
                if reason is not None:
                    self.refuse(node, f"image {uri!r} refused: {reason}")
                    return

    def check_download(self, node: addnodes.download_reference, trusted: bool) -> None:
        target = str(node.get("reftarget", ""))
        if trusted or "://" in target:
            return
        reason = path_outside_site(self.env, target)
        if reason is not None:
            self.refuse(node, f"download {target!r} refused: {reason}")

    def refuse(self, node: nodes.Element, message: str) -> None:
        line = _line_of(node)
        # An image in a substitution definition is refused there and in each use: say it once.
        if (line, message) not in self.reported:
            self.reported.add((line, message))
            logger.error(
                message, location=(self.env.docname, line), type="newsdocs", subtype="untrusted"
            )
        parent = node.parent
        if parent is None:
            return
        if isinstance(node, nodes.TextElement | nodes.Inline) and node.children:
            # Keep a link's words, drop the link.
            parent.replace(node, nodes.inline("", "", *node.children))
        else:
            parent.remove(node)


@lru_cache(maxsize=8)
def _real_path(directory: str) -> Path:
    """The source directory with symbolic links resolved, once: every image asks."""
    return Path(directory).resolve()


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # a name too long for the file system, say
        return False


def _line_of(node: nodes.Element) -> int | None:
    """The source line of a node, or of the nearest node inside or around it that has one
    (a link made by ``:target:`` has none; its image does)."""
    for candidate in node.findall(nodes.Element):
        if candidate.line:
            return int(candidate.line)
    parent = node.parent
    while parent is not None:
        if parent.line:
            return int(parent.line)
        parent = parent.parent
    return None


def _candidate_paths(env: BuildEnvironment, uri: str) -> list[str]:
    """The files an image URI can stand for: itself, or each match of ``name.*``."""
    if not uri.endswith(".*"):
        return [uri]
    _relative, absolute = env.relfn2path(uri, env.docname)
    pattern = Path(absolute)
    directory = Path(uri).parent.as_posix()
    try:
        matches = list(pattern.parent.glob(pattern.name))
    except OSError:
        matches = []
    return [
        f"{directory}/{match.name}" if directory != "." else match.name for match in matches
    ] or [uri]


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\N{HORIZONTAL ELLIPSIS}"


def remove_control_characters(text: str) -> tuple[str, list[tuple[int, list[str]]]]:
    """``text`` without control characters, and (line, code points) for each line that had
    some (lines counted as docutils counts them: split at newlines only)."""
    found: list[tuple[int, list[str]]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        removed = CONTROL_CHARACTERS.findall(line)
        if removed:
            found.append((number, sorted({f"U+{ord(char):04X}" for char in removed})))
    return CONTROL_CHARACTERS.sub("", text), found


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    _clean(source, app.env.doc2path(docname))


def on_include_read(
    app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]
) -> None:
    """The same for a file a trusted site includes."""
    _clean(content, Path(app.srcdir) / relative_path)


def _clean(source: list[str], path: Path) -> None:
    text, found = remove_control_characters(source[0])
    if not found:
        return
    source[0] = text
    for line, code_points in found:
        logger.warning(
            "removed control character(s) %s: invisible to readers, and not allowed in feeds "
            "and EPUB",
            ", ".join(code_points),
            location=f"{path}:{line}",
            type="newsdocs",
            subtype="control-character",
        )


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Defence in depth: docutils' own switches, for directives from other extensions. And
    paths are looked at afresh: files and links may have changed since the last build in
    this process."""
    _PATHS_LOOKED_AT.clear()
    _real_path.cache_clear()
    trusted = is_trusted(app.config)
    env.settings["raw_enabled"] = trusted
    env.settings["file_insertion_enabled"] = trusted


# Registered over the standard directives of the same names by newsdocs' setup().
REFUSING_DIRECTIVES: dict[str, type[SphinxDirective]] = {
    "raw": RefusedRaw,
    "include": RefusedInclude,
    "literalinclude": RefusedLiteralInclude,
    "csv-table": RefusedCSVTable,
    "meta": RefusedMeta,
}
