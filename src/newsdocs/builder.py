"""The ``newshtml`` builder: Sphinx's HTML builder with the newsdocs theme and translator,
which leaves out what readers may not see yet (drafts, articles dated in the future)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence, Set
from contextlib import contextmanager
from typing import Any, TypeVar

import sphinx.builders
from sphinx.builders import _write_docname
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.display import status_iterator
from sphinx.util.parallel import ParallelTasks

from newsdocs import search_shares
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
        if not visible:
            return
        if self.parallel_ok and self.worth_processes(len(visible)):
            self._write_parallel(visible, nproc=self._app.parallel)
        else:
            self._write_serial(visible)

    def _write_parallel(self, docnames: Sequence[str], nproc: int) -> None:
        """Each of ``nproc`` writers resolves, indexes and writes its share of the documents.

        Sphinx resolves and indexes every document here and writes with one process fewer
        than -j asks for, so its writers wait for this process and -j 2 writes in one.
        """
        # The first document, written here, compiles the templates the writers inherit.
        first, rest = docnames[0], list(docnames[1:])
        _write_docname(first, env=self.env, builder=self, tags=self.tags)
        shares = one_share_per_process(rest, nproc)
        written: list[WriterResult] = []
        progress = status_iterator(
            shares, "writing output... ", "darkgreen", len(shares), self.config.verbosity
        )

        def on_share_done(share: Sequence[str], result: WriterResult) -> None:
            written.append(result)
            next(progress)

        _in_forked_processes(self._write_share, shares, nproc, on_share_done)
        for images, _ in written:
            self.images.update(images)
        indexed = [index for _, index in written if index is not None]
        if self.indexer is not None:
            search_shares.merge(self.indexer, indexed, rest)

    def _write_share(self, docnames: Sequence[str]) -> WriterResult:
        """In a writer process: write ``docnames``, and return the images they use and their
        search index entries for the main process."""
        if self.indexer is not None:
            self.indexer = search_shares.empty_copy(self.indexer)
        self.images = {}
        for docname in docnames:
            _write_docname(docname, env=self.env, builder=self, tags=self.tags)
        return self.images, None if self.indexer is None else search_shares.entries(self.indexer)

    def gen_pages_from_extensions(self) -> None:
        """The pages extensions add (newsdocs' listings), written by a process per -j when
        there are many."""
        pages = [page for pagelist in self.events.emit("html-collect-pages") for page in pagelist]
        if not (self.parallel_ok and self.worth_processes(len(pages))):
            self._handle_pages(pages)
            return
        nproc = self._app.parallel
        _in_forked_processes(self._handle_pages, one_share_per_process(pages, nproc), nproc)

    def _handle_pages(self, pages: Sequence[tuple[str, dict[str, Any], str]]) -> None:
        for pagename, context, template in pages:
            self.handle_page(pagename, context, template)

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


T = TypeVar("T")
WriterResult = tuple[dict[str, str], search_shares.IndexShare | None]


def one_share_per_process(work: Sequence[T], processes: int) -> list[Sequence[T]]:
    """Every ``processes``-th document (or page) to each process: each share a sample of the
    whole, so the processes finish together."""
    shares = [work[start::processes] for start in range(processes)]
    return [share for share in shares if share]


R = TypeVar("R")


def _in_forked_processes(
    work: Callable[[Sequence[T]], R],
    shares: Sequence[Sequence[T]],
    nproc: int,
    on_done: Callable[[Sequence[T], R], None] | None = None,
) -> None:
    """``work`` on each share in a forked process (``nproc`` at a time), ``on_done`` here
    with each result. The processes share this one's memory until they write to it, and a
    garbage collection in one writes to every object it walks: while they run, the objects
    made so far are left out of collections."""
    gc.freeze()
    try:
        tasks = ParallelTasks(nproc)
        for share in shares:
            tasks.add_task(work, share, on_done)
        tasks.join()
    finally:
        gc.unfreeze()


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
