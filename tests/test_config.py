"""The registries derived from conf.py: worked out once per configuration, not per call."""

from __future__ import annotations

from types import SimpleNamespace

from newsdocs.config import authors, sections
from newsdocs.model import Author


def conf(**values: object) -> SimpleNamespace:
    return SimpleNamespace(
        newsdocs_authors=values.get("authors", {"ana-lima": {"name": "Ana Lima"}}),
        newsdocs_sections=values.get("sections", {"local": "Local"}),
    )


def test_the_registries_are_worked_out_once_per_configuration() -> None:
    config = conf()
    assert authors(config) is authors(config)  # type: ignore[arg-type]
    assert sections(config) is sections(config)  # type: ignore[arg-type]


def test_another_configuration_gets_its_own_registries() -> None:
    first = conf()
    second = conf(authors={"ben-okafor": {"name": "Ben Okafor", "role": "Editor"}})
    assert authors(first) == {"ana-lima": Author("ana-lima", "Ana Lima")}  # type: ignore[arg-type]
    assert authors(second) == {  # type: ignore[arg-type]
        "ben-okafor": Author("ben-okafor", "Ben Okafor", role="Editor")
    }
    assert authors(first) == {"ana-lima": Author("ana-lima", "Ana Lima")}  # type: ignore[arg-type]
    assert sections(conf(sections={"world": "World"})) == {"world": "World"}  # type: ignore[arg-type]
