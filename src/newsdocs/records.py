"""The records newsdocs keeps beside Sphinx's cache, from one build for the next (what the
gate found, what each listing page was written with): written whole or not at all, and read
as absent when they cannot be (none yet, or left by a crashed build or another version)."""

from __future__ import annotations

import pickle
from pathlib import Path


def load(path: Path) -> object | None:
    try:
        record: object = pickle.loads(path.read_bytes())
    except Exception:
        return None
    return record


def save(path: Path, record: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".tmp")
    partial.write_bytes(pickle.dumps(record, pickle.HIGHEST_PROTOCOL))
    partial.replace(path)
