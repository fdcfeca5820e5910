"""``photo``: a news photo that cannot be published without alt text and a credit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from newsdocs.model import Photo
from newsdocs.nodes import photo
from newsdocs.untrusted import is_trusted, path_outside_site


class PhotoDirective(SphinxDirective):
    """``.. photo:: path`` with required ``:alt:`` and ``:credit:``; content is the caption."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "alt": directives.unchanged,
        "credit": directives.unchanged,
        "lead": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        uri = directives.uri(self.arguments[0])
        alt = " ".join(self.options.get("alt", "").split())
        credit = " ".join(self.options.get("credit", "").split())
        if not alt:
            raise self.error(
                "photo: :alt: is required: describe what the picture shows for readers "
                "who cannot see it"
            )
        if not credit:
            raise self.error(
                "photo: :credit: is required: name the photographer or agency (e.g. "
                '"Photo: Ana Lima / Reuters")'
            )
        if urlsplit(uri).scheme or uri.startswith("//"):
            raise self.error(
                f"photo: {uri!r} is a remote URL; add the image file to the site so the "
                "page cannot lose it"
            )
        if not is_trusted(self.config):
            outside = path_outside_site(self.env, uri)
            if outside is not None:
                raise self.error(f"photo: {uri!r} refused: {outside}")
        relative, absolute = self.env.relfn2path(uri, self.env.docname)
        try:
            found = Path(absolute).is_file()
        except OSError:  # a name too long for the file system, say: no such file either
            found = False
        if not found:
            raise self.error(f"photo: image file not found: {relative}")
        self.env.note_dependency(relative)

        caption_text = "\n".join(self.content).strip()
        figure = photo(classes=["nd-photo"])
        self.set_source_info(figure)
        figure += nodes.image(uri=uri, alt=alt)
        caption = nodes.caption()
        if caption_text:
            holder = nodes.Element()
            self.state.nested_parse(self.content, self.content_offset, holder)
            if len(holder) != 1 or not isinstance(holder[0], nodes.paragraph):
                raise self.error("photo: the caption must be a single paragraph")
            caption.extend(holder[0].children)
            caption += nodes.Text(" ")
        caption += nodes.inline("", credit, classes=["nd-credit"])
        figure += caption
        figure["photo"] = Photo(
            uri=relative, alt=alt, credit=credit, caption=caption_text, lead="lead" in self.options
        )
        return [figure]
