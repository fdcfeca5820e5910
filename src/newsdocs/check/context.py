"""What every check may use besides the document: configuration and the phrase data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from newsdocs.check.config import CheckConfig
from newsdocs.check.phrases import PhraseMatcher, key_pattern, packaged_lists


@dataclass(frozen=True)
class CheckContext:
    config: CheckConfig

    def enabled_rules(self, path: str) -> frozenset[str]:
        """The ids of the rules that run on the page at ``path``."""
        if self.config.per_path_ignores:
            return self._enabled_rules(path)
        return self._enabled_on_every_page

    @cached_property
    def _enabled_on_every_page(self) -> frozenset[str]:
        return self._enabled_rules("")

    def _enabled_rules(self, path: str) -> frozenset[str]:
        from newsdocs.check.registry import RULES  # the rules import this module

        return frozenset(rule.id for rule in RULES if self.config.enabled(rule.id, path))

    def _list(self, rule_id: str, key: str) -> list[str]:
        return packaged_lists().get(rule_id, {}).get(key, [])

    @cached_property
    def placeholder_hosts(self) -> frozenset[str]:
        hosts = [*self._list("placeholder-image", "hosts"), *self.config.extra_placeholder_hosts]
        return frozenset(host.lower().strip(".") for host in hosts)

    @cached_property
    def placeholder_phrases(self) -> PhraseMatcher:
        return PhraseMatcher(
            [*self._list("placeholder-image", "phrases"), *self.config.extra_placeholder_phrases]
        )

    @cached_property
    def ai_phrases(self) -> PhraseMatcher:
        return PhraseMatcher(
            [*self._list("ai-boilerplate", "phrases"), *self.config.extra_ai_phrases]
        )

    @cached_property
    def cms_phrases(self) -> PhraseMatcher:
        return PhraseMatcher(
            [*self._list("cms-boilerplate", "phrases"), *self.config.extra_cms_phrases]
        )

    @cached_property
    def ai_standalone_phrases(self) -> PhraseMatcher:
        """Short generic phrases that count only as a block's opening or closing sentence."""
        return PhraseMatcher(self._list("ai-boilerplate", "standalone"))

    @cached_property
    def cms_standalone_phrases(self) -> PhraseMatcher:
        """Short chrome phrases that count only as a block's opening or closing segment."""
        return PhraseMatcher(self._list("cms-boilerplate", "standalone"))

    @cached_property
    def boilerplate_keys(self) -> re.Pattern[bytes] | None:
        """Finds the key of any boilerplate phrase (see ``phrases.key_pattern``)."""
        return key_pattern(
            (
                self.ai_phrases,
                self.ai_standalone_phrases,
                self.cms_phrases,
                self.cms_standalone_phrases,
            )
        )
