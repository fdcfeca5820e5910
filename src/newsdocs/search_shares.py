"""The search index entries of a share of the documents, made in a writer process and merged
into the main process's index.

Sphinx's parallel write resolves every doctree and feeds it to the search index in the main
process, which leaves its writers waiting. A newsdocs writer resolves and indexes its own
documents into an empty copy of the index and sends back what ``IndexBuilder.feed`` recorded.
Every record but the word sets is per document, so merging them in document order gives
the index a serial build makes.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from sphinx.search import IndexBuilder

_PER_DOCUMENT = ("_titles", "_filenames", "_all_titles", "_index_entries")
_WORD_SETS = ("_mapping", "_title_mapping")


@dataclass(frozen=True)
class IndexShare:
    per_document: dict[str, dict[str, object]]
    word_sets: dict[str, dict[str, set[str]]]


def empty_copy(indexer: IndexBuilder) -> IndexBuilder:
    """An index with the language and options of ``indexer`` and no documents."""
    share = copy.copy(indexer)
    for name in (*_PER_DOCUMENT, *_WORD_SETS):
        setattr(share, name, {})
    return share


def entries(indexer: IndexBuilder) -> IndexShare:
    """What documents fed to an :func:`empty_copy` added to it."""
    return IndexShare(
        per_document={name: getattr(indexer, name) for name in _PER_DOCUMENT},
        word_sets={name: getattr(indexer, name) for name in _WORD_SETS},
    )


def merge(indexer: IndexBuilder, shares: list[IndexShare], docnames: list[str]) -> None:
    """Add the shares' entries to ``indexer`` as if it had been fed ``docnames`` in order."""
    for name in _PER_DOCUMENT:
        records: dict[str, object] = getattr(indexer, name)
        fed: dict[str, object] = {}
        for share in shares:
            fed.update(share.per_document[name])
        records.update((docname, fed[docname]) for docname in docnames if docname in fed)
    for name in _WORD_SETS:
        words: dict[str, set[str]] = getattr(indexer, name)
        for share in shares:
            for word, word_docnames in share.word_sets[name].items():
                words.setdefault(word, set()).update(word_docnames)
