"""Inline suppression: ``<!-- newsdocs: ignore rule-id [rule-id...] -->`` silences those rules
on the next element (and everything inside it); ``<!-- newsdocs: ignore-file rule-id -->``
silences them on the whole page. The reST equivalent is the comment
``.. newsdocs: ignore rule-id``, which the newsdocs HTML writer turns into the HTML comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from newsdocs.check.rule import Hit

if TYPE_CHECKING:
    from newsdocs.check.document import Document

DIRECTIVE_MARK = "newsdocs:"

_DIRECTIVE = re.compile(r"^\s*newsdocs:\s*(ignore|ignore-file)\s+([\w\s,-]+?)\s*$")


@dataclass(frozen=True, slots=True)
class _Scope:
    rule_ids: frozenset[str]
    element: etree._Element | None  # None: the whole page
    first_line: int
    last_line: int


def _rule_ids(text: str) -> frozenset[str]:
    return frozenset(part for part in re.split(r"[\s,]+", text) if part)


def _next_element(comment: etree._Element) -> etree._Element | None:
    sibling = comment.getnext()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getnext()
    return sibling


def _last_line(element: etree._Element) -> int:
    following = element.getnext()
    while following is not None and not isinstance(following.tag, str):
        following = following.getnext()
    if following is not None and following.sourceline:
        return max(following.sourceline - 1, element.sourceline or 0)
    lines = [node.sourceline for node in element.iter() if node.sourceline]
    return max(lines, default=element.sourceline or 0)


class Suppressions:
    """The inline suppressions of one page."""

    @classmethod
    def of(cls, document: Document) -> Suppressions:
        """The page's suppressions; a page whose markup never says "newsdocs:" has none."""
        if DIRECTIVE_MARK not in document.text:
            return _NONE
        return cls(document.root)

    def __init__(self, root: etree._Element | None) -> None:
        self._scopes: list[_Scope] = []
        if root is None:
            return
        for comment in root.iter(etree.Comment):
            matched = _DIRECTIVE.match(comment.text or "")
            if not matched:
                continue
            ids = _rule_ids(matched.group(2))
            if matched.group(1) == "ignore-file":
                self._scopes.append(_Scope(ids, None, 0, 0))
                continue
            target = _next_element(comment)
            if target is not None:
                first = target.sourceline or 0
                self._scopes.append(_Scope(ids, target, first, _last_line(target)))

    def __bool__(self) -> bool:
        return bool(self._scopes)

    def covers(self, hit: Hit) -> bool:
        for scope in self._scopes:
            if hit.rule.id not in scope.rule_ids:
                continue
            if scope.element is None:
                return True
            if hit.element is not None:
                if hit.element is scope.element or any(
                    ancestor is scope.element for ancestor in hit.element.iterancestors()
                ):
                    return True
            elif hit.line is not None and scope.first_line <= hit.line <= scope.last_line:
                return True
        return False


_NONE = Suppressions(None)
