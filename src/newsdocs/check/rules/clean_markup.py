"""A quick proof that malformed-html has nothing to report on a page, for the common case.

Most pages are written with every end tag in place. For them, one regex pass (in C) lists
the tags, and a short loop checks that each end tag closes the element on top of the stack
and that no start tag is one the HTML parsing rules would act on (close an open <p> or <li>,
refuse inside an inline element or a link, not know...). The page is then clean: the full
scanner in ``markup`` would push and pop exactly the same elements and report nothing. At
the first tag where that is not certain, the proof gives up and the full scanner decides.

What the loop knows of the elements open around a tag is what the full scanner asks of them,
as flags; a parent's flags and a child's name give the child's flags and what its start tag
does, so each (parent, name) pair is worked out once and remembered.
"""

from __future__ import annotations

import re
from typing import Final

from newsdocs.check.rules.html_elements import (
    BLOCKS,
    BUTTON_SCOPE_BOUNDARIES,
    DOCUMENT_ELEMENTS,
    ENDS_PARAGRAPH,
    FOREIGN_ROOTS,
    HEAD_CONTENT,
    IMPLIES_END,
    INLINE_ONLY,
    INTERACTIVE,
    KNOWN_ELEMENTS,
    OPTIONAL_END,
    RAW_TEXT,
    RUBY_TEXT,
    SPECIAL_LIST_BARRIERS,
    TABLE_SCOPE_BOUNDARIES,
    TABLE_START_STOPS,
    TRANSPARENT,
    VOID,
)

_ATTRIBUTES = r"""(?:[^<>"'=]++|=\s*+"[^"]*+"|=\s*+'[^']*+'|["'=])*+"""
_RAW_NAMES = "|".join(sorted(RAW_TEXT))
_RAW_INITIALS = "".join(sorted({name[0] + name[0].upper() for name in RAW_TEXT}))
# The tokens of the full scanner's regex, as far as the proof can follow them: a tag cut
# off, a '<' inside a tag, a comment or raw text never closed... leave a "bad" token. An
# element of raw text is one token, from its start tag to its end tag, as the scanner skips
# it; so are comments and declarations.
_TOKENS: Final = re.compile(
    rf"""<(?:
        /(?P<end>[A-Za-z][^\s/>]*+)[^>]*+>
      | (?=[{_RAW_INITIALS}])(?P<raw>(?i:{_RAW_NAMES}))(?=[\s/>]){_ATTRIBUTES}(?<!/)>
        [^<]*+(?:<(?!/(?i:(?P=raw))[\s/>])[^<]*+)*+</(?i:(?P=raw))(?=[\s/>])[^>]*+>
      | (?P<start>[A-Za-z][^\s/>]*+){_ATTRIBUTES}(?<!/)>
      | (?P<start_with_slash>[A-Za-z][^\s/>]*+)(?P<attributes>{_ATTRIBUTES})>
      | !--(?:>|->|[\s\S]*?-->)
      | !\[CDATA\[[\s\S]*?\]\]>
      | !(?!--)(?P<doctype>(?i:doctype))?[^>]*+>
      | [?/][^>]*+>
      | (?P<bad>[A-Za-z/!?])
    )""",
    re.VERBOSE,
)
_UNQUOTED_VALUE_WITH_SLASH: Final = re.compile(r"""=\s*[^\s"'=>]+/\Z""")
MAX_REMEMBERED = 50_000  # elements and steps worked out; names of custom elements are many


class _Open:
    """What the full scanner would ask of an open element and those around it."""

    __slots__ = (
        "children",
        "closed_by",
        "dd",
        "foreign",
        "inline",
        "li",
        "link",
        "name",
        "p",
        "steps",
        "table",
    )

    def __init__(
        self,
        name: str,
        *,
        inline: bool = False,
        p: bool = False,
        li: bool = False,
        dd: bool = False,
        link: bool = False,
        table: bool = False,
        foreign: bool = False,
    ) -> None:
        self.name = name
        # The end tag that simply closes it: none for <html>, <head> and <body>, whose end
        # tags close what is open inside them instead.
        self.closed_by = None if name in DOCUMENT_ELEMENTS else name
        self.inline = inline  # inside an inline-only element (through transparent ones)
        self.p = p  # a <p> is open in button scope
        self.li = li  # an <li> is open in list item scope
        self.dd = dd  # a <dd> or <dt> is open in list item scope
        self.link = link  # inside a link or button (outside <template>)
        self.table = table  # the nearest html, table or template around is a table
        self.foreign = foreign  # inside SVG or MathML
        # Worked out once, by the name of the child: the element opened inside this one, and
        # what its start tag does (None: the proof gives up).
        self.children: dict[str, _Open] = {}
        self.steps: dict[str, _Step | None] = {}


class _Step:
    """What a start tag does: the element it pushes (None: it pushes none), and whether it
    makes the page started and in its body, as the scanner's flags have it."""

    __slots__ = ("in_body", "push", "started")

    def __init__(self, push: _Open | None, *, started: bool, in_body: bool) -> None:
        self.push = push
        self.started = started
        self.in_body = in_body


_NOTHING: Final = _Open("")  # the parent of the first element
_remembered = 0


def markup_is_clean(text: str, *, xhtml: bool) -> bool:
    """Whether the full malformed-html scanner would find nothing in ``text``; False means
    "not proven", not "malformed"."""
    return _Proof(xhtml).run(text)


class _Proof:
    def __init__(self, xhtml: bool) -> None:
        self.xhtml = xhtml
        self.stack: list[_Open] = [_NOTHING]
        self.started = False
        self.in_body = False
        self.seen: set[str] = set()  # doctype, html, head, body

    def run(self, text: str) -> bool:
        stack = self.stack
        top = stack[-1]
        for end, _raw_text, start, start_with_slash, attributes, doctype, bad in _TOKENS.findall(
            text
        ):
            if end:
                if end == top.closed_by:
                    stack.pop()
                elif not self.end_tag(end.lower()):
                    return False
                top = stack[-1]
                continue
            if start:
                step = top.steps.get(start, _UNKNOWN)
                if step is _UNKNOWN:
                    step = _remember(top, start, _common_step(top, start.lower()))
                if step is None:
                    return False
                if step is not _UNUSUAL:
                    if step.push is not None:
                        stack.append(step.push)
                        top = step.push
                    if step.started and not self.started:
                        self.started = True
                    if step.in_body and not self.in_body:
                        self.in_body = True
                    continue
            if start or start_with_slash:
                if not self.unusual_start_tag((start or start_with_slash).lower(), attributes):
                    return False
                top = stack[-1]
            elif doctype:
                if self.started or "doctype" in self.seen:
                    return False  # reported: a page pasted into this one
                self.seen.add("doctype")
            elif bad:
                return False
            # raw text, comments and other declarations change nothing
        return _only_optional_ends_open(stack)

    def end_tag(self, name: str) -> bool:
        """An end tag, as the scanner takes it: fine if it closes the element on top, changes
        nothing, or closes only what may end without an end tag."""
        stack = self.stack
        if name == stack[-1].closed_by:
            stack.pop()
            return True
        if name in VOID:
            return True
        if name in ("html", "body"):  # everything else open must end here
            if not _only_optional_ends_open(stack):
                return False
            del stack[_first_content(stack) :]
            return True
        if name == "head":
            if all(entry.name != "head" for entry in stack):
                return True
            if stack[-1].name != "head":
                return False
            stack.pop()
            return True
        return False  # a stray end tag, or one that closes more than the top element

    def unusual_start_tag(self, name: str, attributes: str) -> bool:
        """Start tags of the document elements, of raw text elements (whose text did not
        come with them), and those with a slash before their '>'."""
        stack = self.stack
        self_closing = attributes.endswith("/") and not _UNQUOTED_VALUE_WITH_SLASH.search(
            attributes
        )
        top = stack[-1]
        closes_itself = self_closing and (
            top.foreign or self.xhtml or name in VOID or name in FOREIGN_ROOTS
        )
        if self_closing and not closes_itself:
            return False  # reported: <div/> does not close in HTML
        if name in RAW_TEXT and not closes_itself:
            return False  # its text never ends, or the scanner reads it from elsewhere
        if name in DOCUMENT_ELEMENTS and not top.foreign:
            return self.document_element(name)
        step = _step(top, name, closes_itself=closes_itself)
        if step is None:
            return False
        if step.push is not None:
            stack.append(step.push)
        self.started = self.started or step.started
        self.in_body = self.in_body or step.in_body
        return True

    def document_element(self, name: str) -> bool:
        """<html>, <head> or <body>: pushed once, where it belongs."""
        misplaced = self.started if name == "html" else name == "head" and self.in_body
        if name in self.seen or misplaced:
            return False  # reported: a page pasted into this one
        self.seen.add(name)
        self.started = True
        stack = self.stack
        if name == "body" and any(entry.name == "head" for entry in stack):
            if stack[-1].name != "head":
                return False
            stack.pop()  # <body> ends the <head>, whose end tag is optional
        stack.append(_child(stack[-1], name))
        return True


_UNKNOWN: Final = _Step(None, started=False, in_body=False)  # not worked out yet
_UNUSUAL: Final = _Step(None, started=False, in_body=False)  # see ``unusual_start_tag``


def _common_step(parent: _Open, name: str) -> _Step | None:
    """``_step`` for a start tag without a slash before its '>'; ``_UNUSUAL`` for those of
    the document elements and of raw text elements (whose text did not come with them)."""
    if name in DOCUMENT_ELEMENTS or name in RAW_TEXT:
        return _UNUSUAL
    return _step(parent, name, closes_itself=False)


def _remember(parent: _Open, name: str, step: _Step | None) -> _Step | None:
    if _count_remembered():
        parent.steps[name] = step
    return step


def _count_remembered() -> bool:
    """Whether there is room to remember one more worked-out element or step."""
    global _remembered
    if _remembered >= MAX_REMEMBERED:
        return False
    _remembered += 1
    return True


def _step(parent: _Open, name: str, *, closes_itself: bool) -> _Step | None:
    """What the start tag of ``name`` (not a document element) does under ``parent``, as the
    full scanner's ``start_tag`` has it; None if it would report or end open elements."""
    if parent.foreign:
        return _Step(None if closes_itself else _child(parent, name), started=False, in_body=False)
    if name not in KNOWN_ELEMENTS and "-" not in name and ":" not in name:
        return None  # reported: not an HTML element
    if parent is not _NOTHING and (
        (name in IMPLIES_END and _ends_open_elements(parent, name))
        or (name in BLOCKS and parent.inline)
        or (name in ENDS_PARAGRAPH and parent.p)
        or (name in INTERACTIVE and parent.link)
    ):
        return None
    pushed = None if name in VOID or closes_itself else _child(parent, name)
    return _Step(pushed, started=True, in_body=name not in HEAD_CONTENT)


def _ends_open_elements(parent: _Open, name: str) -> bool:
    """Whether the start tag of ``name`` ends elements open under ``parent`` (the
    scanner's ``close_implied_by``)."""
    if name == "li":
        return parent.li
    if name in ("dd", "dt"):
        return parent.dd
    if name in TABLE_START_STOPS:
        return (
            parent.table and parent.name != "table" and parent.name not in TABLE_START_STOPS[name]
        )
    if name in ("option", "optgroup"):
        return parent.name == "option" or (name == "optgroup" and parent.name == "optgroup")
    return parent.name in RUBY_TEXT or (name == "rtc" and parent.name == "rtc")


def _child(parent: _Open, name: str) -> _Open:
    """The element ``name`` opened under ``parent``."""
    child = parent.children.get(name)
    if child is None:
        child = _opened(parent, name)
        if _count_remembered():
            parent.children[name] = child
    return child


def _opened(parent: _Open, name: str) -> _Open:
    """The flags of element ``name`` opened under ``parent`` (the scanner's ``_Open``)."""
    barrier = name in SPECIAL_LIST_BARRIERS and name not in ("address", "div", "p")
    return _Open(
        name,
        inline=name in INLINE_ONLY or (name in TRANSPARENT and parent.inline),
        p=name == "p" or (name not in BUTTON_SCOPE_BOUNDARIES and parent.p),
        li=name == "li" or (not barrier and parent.li),
        dd=name in ("dd", "dt") or (not barrier and parent.dd),
        link=name in INTERACTIVE or (name != "template" and parent.link),
        table=name == "table" if name in TABLE_SCOPE_BOUNDARIES else parent.table,
        foreign=name in FOREIGN_ROOTS or (parent.foreign and name != "foreignobject"),
    )


def _first_content(stack: list[_Open]) -> int:
    """The index of the first open element past the document elements at the bottom."""
    first = 1  # past _NOTHING
    while first < len(stack) and stack[first].name in DOCUMENT_ELEMENTS:
        first += 1
    return first


def _only_optional_ends_open(stack: list[_Open]) -> bool:
    """Whether all that is open past the document elements may end without an end tag."""
    return all(entry.name in OPTIONAL_END for entry in stack[_first_content(stack) :])
