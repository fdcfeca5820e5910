"""The ``newsdocs_*`` configuration values of a Sphinx conf.py, and their checks."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from newsdocs.check.config import KEYS as CHECK_KEYS
from newsdocs.check.config import CheckConfig
from newsdocs.check.config import ConfigError as CheckConfigError
from newsdocs.dates import DateError, parse_timestamp
from newsdocs.model import Author

AUTHOR_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
AUTHOR_KEYS = frozenset({"name", "role", "organization", "bio", "url"})

# (name, default, rebuild, types): every value newsdocs reads from conf.py.
CONFIG_VALUES: tuple[tuple[str, Any, str, tuple[type, ...]], ...] = (
    ("newsdocs_site_name", "", "html", (str,)),
    ("newsdocs_theme", "newsdocs", "html", (str,)),
    ("newsdocs_sections", {}, "env", (dict,)),
    ("newsdocs_authors", {}, "env", (dict,)),
    ("newsdocs_publisher", {}, "html", (dict,)),
    ("newsdocs_now", None, "env", (str, type(None))),
    ("newsdocs_drafts", False, "html", (bool,)),
    ("newsdocs_page_size", 20, "html", (int,)),
    ("newsdocs_check", True, "", (bool,)),
    ("newsdocs_feed_size", 50, "", (int,)),
    ("newsdocs_trusted_content", False, "env", (bool,)),
    ("newsdocs_edition_date", None, "", (str, type(None))),
    ("newsdocs_edition_since", None, "", (str, type(None))),
    ("newsdocs_edition_until", None, "", (str, type(None))),
    *(
        (f"newsdocs_check_{key.replace('-', '_')}", None, "", (list, dict, type(None)))
        for key in CHECK_KEYS
    ),
)


def site_name(config: Config) -> str:
    return str(config.newsdocs_site_name or config.project)


Derived = TypeVar("Derived")


def _once_per_value(derive: Callable[[Any], Derived]) -> Callable[[Any], Derived]:
    """``derive`` of a conf.py value, worked out again only when the value is another object
    (another build's configuration): every directive and page asks for the registries."""
    last: list[tuple[object, Derived]] = []

    def derived(value: object) -> Derived:
        if not last or last[0][0] is not value:
            last[:] = [(value, derive(value))]  # holding the value keeps its id from reuse
        return last[0][1]

    return derived


@_once_per_value
def _author_registry(registry: Mapping[str, Mapping[str, object]]) -> Mapping[str, Author]:
    return {
        author_id: Author(id=author_id, **{k: str(v) for k, v in fields.items()})
        for author_id, fields in registry.items()
    }


@_once_per_value
def _section_names(registry: Mapping[object, object]) -> Mapping[str, str]:
    return {str(k): str(v) for k, v in registry.items()}


def authors(config: Config) -> Mapping[str, Author]:
    """The author registry; validated at config-inited, so this cannot fail later."""
    return _author_registry(config.newsdocs_authors)


def sections(config: Config) -> Mapping[str, str]:
    """Section id -> display name, in the site's order."""
    return _section_names(config.newsdocs_sections)


def check_config(config: Config) -> CheckConfig:
    """The checker configuration given as ``newsdocs_check_*`` values."""
    values: dict[str, object] = {}
    for key in CHECK_KEYS:
        value = getattr(config, f"newsdocs_check_{key.replace('-', '_')}")
        if value is not None:
            values[key] = value
    return CheckConfig.from_mapping(values, "conf.py: newsdocs_check_*")


def _check_authors(registry: object) -> None:
    if not isinstance(registry, Mapping):
        raise ConfigError("newsdocs_authors must be a dict of author id -> {name: ..., ...}")
    for author_id, fields in registry.items():
        where = f"newsdocs_authors[{author_id!r}]"
        if not isinstance(author_id, str) or not AUTHOR_ID.match(author_id):
            raise ConfigError(f"{where}: an author id is lowercase letters, digits and dashes")
        if not isinstance(fields, Mapping):
            raise ConfigError(f"{where} must be a dict with at least a 'name'")
        unknown = sorted(set(fields) - AUTHOR_KEYS)
        if unknown:
            known = ", ".join(sorted(AUTHOR_KEYS))
            raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)} (known: {known})")
        if not str(fields.get("name", "")).strip():
            raise ConfigError(f"{where}: 'name' is required")


def _check_sections(registry: object) -> None:
    if not isinstance(registry, Mapping):
        raise ConfigError("newsdocs_sections must be a dict of section id -> display name")
    for section_id, title in registry.items():
        if not isinstance(section_id, str) or not AUTHOR_ID.match(section_id):
            raise ConfigError(
                f"newsdocs_sections[{section_id!r}]: a section id is lowercase letters, "
                "digits and dashes"
            )
        if not isinstance(title, str) or not title.strip():
            raise ConfigError(f"newsdocs_sections[{section_id!r}] needs a display name")


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Refuse a conf.py newsdocs cannot work with, with a message naming the value."""
    if "html_title" not in config._raw_config:
        config.html_title = site_name(config)
    _check_authors(config.newsdocs_authors)
    _check_sections(config.newsdocs_sections)
    if config.newsdocs_now:
        try:
            parse_timestamp(config.newsdocs_now)
        except DateError as error:
            raise ConfigError(f"newsdocs_now {error}") from None
    page_size = config.newsdocs_page_size
    if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
        raise ConfigError(f"newsdocs_page_size must be a whole number >= 1, not {page_size!r}")
    feed_size = config.newsdocs_feed_size
    if isinstance(feed_size, bool) or not isinstance(feed_size, int) or feed_size < 1:
        raise ConfigError(f"newsdocs_feed_size must be a whole number >= 1, not {feed_size!r}")
    try:
        check_config(config)
    except CheckConfigError as error:
        raise ConfigError(str(error)) from None
