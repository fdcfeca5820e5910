"""On the news site, an article links to its listings: the kicker's section name to the
section page, and the names of registry authors in the byline to their author pages.

A post-transform, so the links are made when the page is written, relative to it, and only
for the ``newshtml`` builder: elsewhere (EPUB, plain HTML) a name links to the registry's
``url`` as before. The topic list at the foot of an article is linked by the theme (the tags
are not in the document; see pages.on_html_page_context).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from newsdocs.domain import news_domain
from newsdocs.site.urls import author_page, section_page


class LinkArticleToListings(SphinxPostTransform):
    builders = ("newshtml",)
    default_priority = 900

    def run(self, **kwargs: Any) -> None:
        docname = self.env.docname
        article = news_domain(self.env).articles.get(docname)
        if article is None:
            return
        # Sphinx's own post-transforms reach the builder this way (ReferencesResolver).
        builder = self.env._app.builder
        for node in list(self.document.findall(nodes.inline)):
            parent = node.parent
            if (
                "nd-section" in node["classes"]
                and isinstance(parent, nodes.paragraph)
                and "nd-kicker" in parent["classes"]
            ):
                # The link goes inside the span: themes and readers of the page know the
                # kicker as span.nd-section.
                uri = builder.get_relative_uri(docname, section_page(article.section))
                words = [child.deepcopy() for child in node.children]
                node.clear()
                node += nodes.reference("", "", *words, refuri=uri, internal=True)
        for element in list(self.document.findall(nodes.Element)):
            author_id = element.get("author_id")
            if author_id and "nd-author" in element["classes"]:
                uri = builder.get_relative_uri(docname, author_page(author_id))
                element.replace_self(self.link(element, uri))

    @staticmethod
    def link(node: nodes.Element, uri: str) -> nodes.reference:
        reference = nodes.reference(
            "",
            "",
            *(child.deepcopy() for child in node.children),
            refuri=uri,
            internal=True,
            classes=node["classes"],
        )
        reference.source, reference.line = node.source, node.line
        return reference
