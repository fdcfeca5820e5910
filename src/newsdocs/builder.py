"""The ``newshtml`` builder: Sphinx's HTML builder with the newsdocs theme and translator,
which leaves out what readers may not see yet (drafts, articles dated in the future)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence, Set
from contextlib import contextmanager

import sphinx.builders
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
        visible = sorted(set(docnames) - hidden)
        if self.parallel_ok and self.worth_processes(len(visible)):
            # Sphinx writes with one process fewer than -j asks for (this one loads and
            # resolves the doctrees meanwhile): with -j 2, one writer. This process is the
            # slower of the two, so a writer per -j keeps every core busy.
            self._write_parallel(visible, nproc=self._app.parallel)
        elif visible:
            self._write_serial(visible)

    def _read_parallel(self, docnames: list[str], nproc: int) -> None:
        if not self.worth_processes(len(docnames)):
            self._read_serial(docnames)
            return
        # Sphinx reads in chunks of about sqrt(10 N / nproc) documents, and the process of each
        # chunk sends the whole environment back to be merged here, one after the other: with
        # many small articles that costs about as much as the reading it spreads.
        with _chunks_made_by(one_share_per_process):
            super()._read_parallel(docnames, nproc)

    def worth_processes(self, documents: int) -> bool:
        """Whether reading or writing this many documents is worth starting processes for:
        each costs about what reading a tenth of the site does (a reader sends back the whole
        environment). A rebuild's few documents are read and written in this process."""
        return documents * 10 >= len(self.env.found_docs)


def one_share_per_process(documents: Sequence[str], processes: int) -> list[Sequence[str]]:
    """Every ``processes``-th document to each process: each share a sample of the whole,
    so the processes finish together."""
    shares = [documents[start::processes] for start in range(processes)]
    return [share for share in shares if share]


@contextmanager
def _chunks_made_by(
    make_chunks: Callable[[Sequence[str], int], list[Sequence[str]]],
) -> Iterator[None]:
    """Sphinx's builders cut work into chunks with ``sphinx.builders.make_chunks``."""
    original = getattr(sphinx.builders, "make_chunks")  # noqa: B009  (not in __all__)
    setattr(sphinx.builders, "make_chunks", make_chunks)  # noqa: B010
    try:
        yield
    finally:
        setattr(sphinx.builders, "make_chunks", original)  # noqa: B010
