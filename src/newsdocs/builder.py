"""The ``newshtml`` builder: Sphinx's HTML builder with the newsdocs theme and translator,
which leaves out what readers may not see yet (drafts, articles dated in the future)."""

from __future__ import annotations

from collections.abc import Set

from sphinx.builders.html import StandaloneHTMLBuilder

from newsdocs.domain import news_domain
from newsdocs.site.published import build_now
from newsdocs.writers.html import NewsHTMLTranslator


class NewsHTMLBuilder(StandaloneHTMLBuilder):
    name = "newshtml"
    epilog = ""  # newsdocs build says where it published; the staging path would mislead
    default_translator_class = NewsHTMLTranslator
    # Sources stay private: reST comments are where editors leave notes for each other.
    copysource = False

    def get_theme_config(self) -> tuple[str, dict[str, str | int | bool]]:
        return self.config.newsdocs_theme, self.config.html_theme_options

    def hidden_docnames(self) -> set[str]:
        now = build_now(self)
        return news_domain(self.env).hidden_docnames(now, drafts=self.config.newsdocs_drafts)

    def write_documents(self, docnames: Set[str]) -> None:
        hidden = self.hidden_docnames()
        for docname in hidden:
            self.get_outfilename(docname).unlink(missing_ok=True)
        if self.indexer is not None:
            self.indexer.prune(set(self.env.all_docs) - hidden)
        super().write_documents(set(docnames) - hidden)
