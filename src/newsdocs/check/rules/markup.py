"""malformed-html: broken markup that a browser silently repairs but that shows the page was
assembled wrongly (unclosed or mis-nested elements, stray end tags, blocks inside inline
elements, an unescaped '<' that swallows text, pages pasted into pages).

libxml2 2.14+ (lxml 6) repairs nearly all of this without a word, and what it does still log
(mismatched and unexpected end tags, a misplaced <html>, <head> or <body>) is found here too,
with better recovery, so its HTML error log is not used. Instead one regex pass over the raw
markup drives a stack of open elements that follows the HTML parsing rules closely enough to
know which omissions are legal (optional end tags, void elements) and which are mistakes.
Every stack entry carries what the rules ask about its ancestors (the nearest open <p>,
<li>, table, link, inline-only element...), so each tag costs O(1), however deep the page.

For XHTML (EPUB members) the first XML well-formedness error is reported as well.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from difflib import SequenceMatcher
from typing import Final

from newsdocs.check.context import CheckContext
from newsdocs.check.document import Document
from newsdocs.check.findings import Severity
from newsdocs.check.parse import ParseProblem
from newsdocs.check.rule import Checker, Hit, Rule
from newsdocs.check.rules.clean_markup import markup_is_clean
from newsdocs.check.rules.html_elements import (
    BLOCKS,
    BOOLEAN_ATTRIBUTES,
    BUTTON_SCOPE_BOUNDARIES,
    DOCUMENT_ELEMENTS,
    ENDS_PARAGRAPH,
    FOREIGN_ROOTS,
    HEAD_CONTENT,
    HEADINGS,
    IMPLIES_END,
    INLINE_ONLY,
    INTERACTIVE,
    KNOWN_ELEMENTS,
    OPTIONAL_END,
    RAW_TEXT,
    RUBY_TEXT,
    SCOPE_BOUNDARIES,
    SPECIAL_LIST_BARRIERS,
    TABLE_END_TAGS,
    TABLE_SCOPE_BOUNDARIES,
    TABLE_START_STOPS,
    TRANSPARENT,
    VOID,
)

MALFORMED_HTML = Rule(
    id="malformed-html",
    severity=Severity.ERROR,
    summary="Broken markup: unclosed, mis-nested or stray tags, or an unescaped '<'.",
    explanation=(
        "Browsers silently repair broken markup, but the repair rarely matches what was meant, "
        "and the breakage shows the page was assembled wrongly. Reported: elements such as "
        "<div>, <span> or <a> that are never closed, or still open when their parent closes; "
        "end tags with no open element (a stray </div> or </p>); mis-nested tags "
        "(<b><i>x</b></i>); blocks where they cannot be (a <div> or <p> inside a <p>, a "
        "<span>, a heading, a <button>; a link inside a link); <div/> in HTML, which does not "
        "close; an unescaped '<' that the browser reads as a tag ('if x <y then'), swallowing "
        "text; an unterminated comment or <script>; a second <!DOCTYPE>, <html>, <head> or "
        "<body> (two pages pasted together); and, in XHTML (EPUB) pages, the first XML "
        "well-formedness error. Legal HTML is not reported: omitted optional end tags "
        "(<li>, <p>, <td>, <tr>, <option>...), void elements with or without '/', uppercase "
        "tags, custom elements with a hyphen, inline SVG and MathML. One mistake gives one "
        "finding: after it, the check recovers as a browser does."
    ),
)

# --- The tokenizer ---------------------------------------------------------------------------

# One search per tag. A quote only opens a value right after '=', as in the HTML tokenizer,
# and possessive quantifiers keep a tag that never ends from backtracking.
_TOKEN: Final = re.compile(
    r"""<(?:
        (?P<start>[A-Za-z][^\s/>]*+)
        (?P<attrs>(?:[^>"'=]++|=\s*+"[^"]*+"|=\s*+'[^']*+'|["'=])*+)
        (?P<start_close>>)?
      | /(?P<end>[A-Za-z][^\s/>]*+)[^>]*+(?P<end_close>>)?
      | (?P<comment>!--)
      | (?P<other>[!?/])
    )""",
    re.VERBOSE,
)
_QUOTED_VALUE_OR_LT: Final = re.compile(r"""=\s*(?:"[^"]*"|'[^']*')|<""")
_UNQUOTED_VALUE_WITH_SLASH: Final = re.compile(r"""=\s*[^\s"'=>]+/\Z""")
_DOCTYPE: Final = re.compile(r"doctype", re.IGNORECASE)
_RAW_TEXT_END: Final = {
    name: re.compile(rf"</{name}(?=[\s/>])", re.IGNORECASE) for name in RAW_TEXT
}
_NEWLINE: Final = re.compile("\n")
_WORD: Final = re.compile(r"[^\s=]+")
_XML_POSITION: Final = re.compile(r",\s*line \d+, column \d+\s*\Z")
# What lxml's HTML parser logs; all of it is found by the tokenizer, with better recovery.
_HTML_PARSER_LOG: Final = re.compile(
    r"Unexpected end tag|htmlParseStartTag|Opening and ending tag mismatch: \S+ and \S+\Z"
)
SNIPPET_LIMIT = 40
LOOK_ALIKE_RATIO = 0.66
LISTED_INNER_ELEMENTS = 3


class _Open:
    """One open element and what the parsing rules need to know about its ancestors.

    The indexes point into the stack (-1: none) and are inherited from the parent, so no
    question about ancestors ever walks the stack.
    """

    __slots__ = (
        "dd",
        "foreign",
        "inline",
        "li",
        "link",
        "name",
        "p",
        "scope",
        "start",
        "swallowed",
        "table",
    )

    name: str
    start: int
    swallowed: str | None
    inline: int
    p: int
    li: int
    dd: int
    link: int
    table: int
    scope: int
    foreign: bool

    def __init__(self, name: str, start: int, parent: _Open, index: int) -> None:
        self.name = name
        self.start = start  # offset of its '<' in the text
        self.swallowed = None  # '<b and c>': prose read as a tag, if it looks so
        if name in INLINE_ONLY:
            self.inline = index
        else:
            self.inline = parent.inline if name in TRANSPARENT else -1
        self.p = index if name == "p" else -1 if name in BUTTON_SCOPE_BOUNDARIES else parent.p
        barrier = name in SPECIAL_LIST_BARRIERS and name not in ("address", "div", "p")
        self.li = index if name == "li" else -1 if barrier else parent.li
        self.dd = index if name in ("dd", "dt") else -1 if barrier else parent.dd
        self.link = index if name in INTERACTIVE else -1 if name == "template" else parent.link
        self.table = index if name in TABLE_SCOPE_BOUNDARIES else parent.table
        self.scope = index if name in SCOPE_BOUNDARIES else parent.scope
        self.foreign = name in FOREIGN_ROOTS or (parent.foreign and name != "foreignobject")


def _nothing_open() -> _Open:
    """The parent of the first element: no ancestors at all."""
    nothing = object.__new__(_Open)
    nothing.inline = nothing.p = nothing.li = nothing.dd = nothing.link = -1
    nothing.table = nothing.scope = -1
    nothing.foreign = False
    return nothing


_NOTHING_OPEN: Final = _nothing_open()


class _ParagraphEnd:
    """How the last <p> closed without its own end tag, to explain a later stray </p>."""

    __slots__ = ("by", "offset", "paragraph", "ruled_out")

    def __init__(self, paragraph: int, by: str, offset: int, ruled_out: str | None) -> None:
        self.paragraph = paragraph  # offset of the <p>
        self.by = by  # what ended it, for people: "the <div>"
        self.offset = offset  # where that happened
        self.ruled_out = ruled_out  # the element a <p> cannot contain, if that was the reason


class _MarkupScanner:
    """One pass over a page's markup, collecting malformed-html hits."""

    def __init__(self, text: str, *, xhtml: bool) -> None:
        self.text = text
        self.xhtml = xhtml
        self.stack: list[_Open] = []
        self.open_at: dict[str, list[int]] = {}
        self.forgiven: dict[str, int] = {}
        self.hits: list[Hit] = []
        self.first_seen: dict[str, int] = {}  # doctype, html, head, body: offset of the first
        self.started = False  # a start tag has been seen
        self.in_body = False  # a start tag that belongs in the body has been seen
        self.in_pasted_head = False  # reported a second doctype/html/head/body; not yet content
        self.paragraph_end: _ParagraphEnd | None = None
        self.last_closed_paragraph = -1  # offset of the last <p> closed by its </p>
        self.rest_swallowed = False  # an unterminated comment, tag or <script> ate the rest
        self.typo_target: _Open | None = None  # open when a stray look-alike end tag came
        self._newlines: list[int] | None = None

    # -- bookkeeping

    def line(self, offset: int) -> int:
        """The 1-based line of an offset; the newline index is built on the first finding."""
        if self._newlines is None:
            self._newlines = [found.start() for found in _NEWLINE.finditer(self.text)]
        return bisect_right(self._newlines, offset - 1) + 1

    def report(self, offset: int, message: str) -> None:
        self.hits.append(Hit(MALFORMED_HTML, message, line=self.line(offset)))

    def tag(self, name: str, offset: int) -> str:
        """An element as messages name it: "<div> (line 12)"."""
        return self.tag_text(f"<{name}>", offset)

    def tag_text(self, markup: str, offset: int) -> str:
        return f"{markup} (line {self.line(offset)})"

    def push(self, name: str, start: int) -> _Open:
        stack = self.stack
        index = len(stack)
        entry = _Open(name, start, stack[-1] if stack else _NOTHING_OPEN, index)
        stack.append(entry)
        positions = self.open_at.get(name)
        if positions is None:
            self.open_at[name] = [index]
        else:
            positions.append(index)
        return entry

    def pop(self) -> _Open:
        entry = self.stack.pop()
        self.open_at[entry.name].pop()
        return entry

    def topmost(self, name: str) -> int:
        positions = self.open_at.get(name)
        return positions[-1] if positions else -1

    def forgive(self, name: str) -> None:
        """Its end tag, if it comes, belongs to a mistake already reported."""
        self.forgiven[name] = self.forgiven.get(name, 0) + 1

    def close_above(self, index: int, closer: str | None, offset: int) -> None:
        """Pop every element above ``index``; those that needed an end tag are reported.

        ``closer`` is the markup at ``offset`` that closed them, e.g. "</div>" or "the next
        <li>"; None is the end of the page.
        """
        unclosed: list[_Open] = []
        while len(self.stack) > index + 1:
            entry = self.pop()
            if entry.name == "p" and closer is not None:
                self.paragraph_end = _ParagraphEnd(entry.start, closer, offset, None)
            if entry.name not in OPTIONAL_END:
                unclosed.append(entry)
        if unclosed:
            unclosed.reverse()
            cause = None if closer is None else self.tag_text(closer, offset)
            self.report_unclosed(unclosed, cause)
            if closer is not None:
                for entry in unclosed:
                    self.forgive(entry.name)

    def report_unclosed(self, entries: list[_Open], cause: str | None) -> None:
        """One finding for elements closed together, outermost first; swallowed text apart."""
        rest = []
        for entry in entries:
            if entry is self.typo_target:
                continue  # the stray look-alike end tag reported already was meant for it
            if entry.swallowed is not None:
                self.report(
                    entry.start,
                    f"'{entry.swallowed}' is read as a <{entry.name}> tag that is never closed, "
                    "so the text after it is mangled: if the '<' is text, write it as &lt;",
                )
            else:
                rest.append(entry)
        if not rest:
            return
        first = rest[0]
        inner = ", ".join(self.tag(e.name, e.start) for e in rest[1 : 1 + LISTED_INNER_ELEMENTS])
        if len(rest) > 1 + LISTED_INNER_ELEMENTS:
            inner += ", ..."
        also = f"; so are {inner} inside it" if inner else ""
        if cause is None:
            message = (
                f"<{first.name}> is never closed{also}: add </{first.name}> where it should end"
            )
        else:
            message = (
                f"<{first.name}> is still open at {cause}{also}: the tags are mis-nested or "
                f"</{first.name}> is missing"
            )
        self.report(first.start, message)

    # -- the pass

    def scan(self) -> list[Hit]:
        text = self.text
        position = 0
        search = _TOKEN.search
        while position >= 0:
            match = search(text, position)
            if match is None:
                break
            start_name, attrs, start_close, end_name, end_close, comment, _ = match.groups()
            if start_name is not None:
                position = self.start_tag(match, start_name.lower(), attrs, start_close)
            elif end_name is not None:
                position = self.end_tag(match.start(), match.end(), end_name.lower(), end_close)
            elif comment is not None:
                position = self.comment(match.start())
            else:
                position = self.declaration(match)
        if not self.rest_swallowed:
            self.close_content(len(text))
        return self.hits

    def swallow_rest(self) -> int:
        """Stop here: what follows is not markup, so nothing left open is reported twice."""
        self.rest_swallowed = True
        return -1

    def comment(self, start: int) -> int:
        text = self.text
        body = start + 4
        if text.startswith(">", body):  # <!--> and <!---> are (empty) comments
            return body + 1
        if text.startswith("->", body):
            return body + 2
        end = text.find("-->", body)
        if end >= 0:
            return end + 3
        self.report(
            start,
            f"the comment '{_snippet(text, start)}' is never closed with '-->', so the rest "
            "of the page is hidden inside it",
        )
        return self.swallow_rest()

    def declaration(self, match: re.Match[str]) -> int:
        """<!DOCTYPE>, <![CDATA[...]]>, <?...?>, <![if IE]> markers and other bogus comments
        are skipped; a doctype after the page has begun is reported."""
        text = self.text
        after = match.end()
        if match.group("other") == "!":
            if text.startswith("[CDATA[", after):
                end = text.find("]]>", after)
                if end >= 0:
                    return end + 3
            elif _DOCTYPE.match(text, after):
                self.doctype(match.start())
        end = text.find(">", after)
        return end + 1 if end >= 0 else -1

    def doctype(self, start: int) -> None:
        if self.started or "doctype" in self.first_seen:
            self.report_pasted_page(start, "a <!DOCTYPE> in the middle of the page")
        self.first_seen.setdefault("doctype", start)

    def report_pasted_page(self, start: int, what: str) -> None:
        """Once per pasted page: its doctype, <html>, <head> and <body> are one mistake."""
        if not self.in_pasted_head:
            self.in_pasted_head = True
            self.report(
                start, f"{what}: another whole page seems to have been pasted into this one"
            )

    def start_tag(self, match: re.Match[str], name: str, attrs: str, closed: str | None) -> int:
        text = self.text
        start = match.start()
        end = match.end()
        if closed is None:
            self.report(
                start,
                f"'{_snippet(text, start)}' opens a tag that never ends, so the rest of the "
                "page is swallowed: write a literal '<' as &lt;",
            )
            return self.swallow_rest()
        if "<" in attrs:
            inner = _unquoted_lt(attrs)
            if inner >= 0:
                resume = match.start("attrs") + inner
                self.report(
                    start,
                    f"'{_snippet(text, start, resume)}' is read as a tag that swallows the "
                    "text up to the next '>': write a literal '<' as &lt;",
                )
                return resume
        stack = self.stack
        foreign = bool(stack) and stack[-1].foreign
        self_closing = attrs.endswith("/") and not _UNQUOTED_VALUE_WITH_SLASH.search(attrs)
        if self_closing and (foreign or self.xhtml or name in VOID or name in FOREIGN_ROOTS):
            closes_itself = True
        elif self_closing:
            self.report(
                start,
                f"<{name}/> does not close the element in HTML, so "
                + (
                    f"everything up to </{name}> becomes its content"
                    if name in RAW_TEXT
                    else "it stays open and swallows what follows"
                )
                + f": write <{name}></{name}>",
            )
            if name not in RAW_TEXT:
                return end
            closes_itself = False
        else:
            closes_itself = False
        if name in RAW_TEXT and not closes_itself:
            return self.raw_text(name, start, end, reported=self_closing)
        if foreign:
            if not closes_itself:
                self.push(name, start)
            return end
        if name not in KNOWN_ELEMENTS and "-" not in name and ":" not in name:
            self.report(
                start,
                f"'{_snippet(text, start, end)}' is not an HTML element: if the '<' is text, "
                "write it as &lt; (a custom element needs a hyphen in its name)",
            )
            self.forgive(name)
            return end
        if name in DOCUMENT_ELEMENTS:
            self.document_element(name, start)
            return end
        self.started = True
        if name not in HEAD_CONTENT:
            self.in_body = True
            self.in_pasted_head = False
        if name in IMPLIES_END:
            self.close_implied_by(name, start)
        if name in ENDS_PARAGRAPH or name in BLOCKS:
            self.check_block_placement(name, start)
        if name in INTERACTIVE:
            self.check_interactive_nesting(name, start)
        if name not in VOID and not closes_itself:
            entry = self.push(name, start)
            if attrs and (name in INLINE_ONLY or name in TRANSPARENT):
                entry.swallowed = _words_as_attributes(attrs, text, start, end)
        return end

    def raw_text(self, name: str, start: int, end: int, *, reported: bool) -> int:
        closer = _RAW_TEXT_END[name].search(self.text, end)
        if closer is None:
            if not reported:
                self.report(
                    start,
                    f"<{name}> is never closed: the rest of the page is read as its content; "
                    f"add </{name}>",
                )
            return self.swallow_rest()
        gt = self.text.find(">", closer.end())
        return gt + 1 if gt >= 0 else self.swallow_rest()

    def document_element(self, name: str, start: int) -> None:
        """<html>, <head>, <body>: a second one (or one out of place) means two pages were
        pasted together. Each is pushed once at most."""
        first = self.first_seen.get(name)
        if first is not None or _misplaced(name, self.started, self.in_body):
            where = (
                f"the first is at line {self.line(first)}"
                if first is not None
                else ("after the page content began")
            )
            self.report_pasted_page(start, f"another <{name}> start tag ({where})")
            return
        self.first_seen[name] = start
        self.started = True
        if name == "body":
            head = self.topmost("head")
            if head >= 0:
                self.close_above(head - 1, "<body>", start)
        self.push(name, start)

    def close_implied_by(self, name: str, start: int) -> None:
        """End what a start tag implicitly ends: an open <li> for a new <li>, a cell for a
        new cell, an <option> for a new <option>..."""
        if not self.stack:
            return
        top = self.stack[-1]
        if name == "li":
            if top.li >= 0:
                self.close_above(top.li - 1, "the next <li>", start)
        elif name in ("dd", "dt"):
            if top.dd >= 0:
                self.close_above(top.dd - 1, f"the next <{name}>", start)
        elif name in TABLE_START_STOPS:
            table = top.table
            if table < 0 or self.stack[table].name != "table":
                return
            stops = TABLE_START_STOPS[name]
            index = len(self.stack) - 1
            while index > table and self.stack[index].name not in stops:
                index -= 1
            if index < len(self.stack) - 1:
                self.close_above(index, f"the next <{name}>", start)
        elif name in ("option", "optgroup"):
            if top.name == "option":
                self.pop()
            if name == "optgroup" and self.stack and self.stack[-1].name == "optgroup":
                self.pop()
        elif top.name in RUBY_TEXT or (name == "rtc" and top.name == "rtc"):
            self.pop()

    def check_block_placement(self, name: str, start: int) -> None:
        """A block inside an inline-only element is reported (and nested as written, so the
        end tags that follow still match); a block that legally ends an open <p> ends it."""
        if not self.stack:
            return
        top = self.stack[-1]
        if name in BLOCKS and top.inline >= 0:
            owner = self.stack[top.inline]
            kind = "a heading" if owner.name in HEADINGS else "an inline element"
            self.report(
                start,
                f"<{name}> is inside {self.tag(owner.name, owner.start)}, which is {kind} "
                f"and can only hold text and inline tags: close the <{owner.name}> before "
                f"the <{name}>",
            )
            return
        if name not in ENDS_PARAGRAPH or top.p < 0:
            return
        paragraph = self.stack[top.p]
        if top.p == len(self.stack) - 1:
            self.pop()
            self.paragraph_end = _ParagraphEnd(paragraph.start, f"the <{name}>", start, name)
            return
        holder = self.stack[top.p + 1]
        self.report(
            start,
            f"<{name}> is inside <{holder.name}> in the paragraph "
            f"{self.tag('p', paragraph.start)}, and a paragraph can only hold text and inline "
            f"tags: close the <p> before the <{name}>",
        )

    def check_interactive_nesting(self, name: str, start: int) -> None:
        top = self.stack[-1] if self.stack else None
        if top is None or top.link < 0:
            return
        outer = self.stack[top.link]
        self.report(
            start,
            f"<{name}> is inside {self.tag(outer.name, outer.start)}: links and buttons "
            f"cannot be nested (the browser ends the <{outer.name}> early); close it first",
        )

    def end_tag(self, start: int, end: int, name: str, closed: str | None) -> int:
        if closed is None:
            self.report(
                start,
                f"the end tag '{_snippet(self.text, start)}' is cut off: it has no closing '>'",
            )
            return self.swallow_rest()
        stack = self.stack
        if stack and stack[-1].name == name and name not in DOCUMENT_ELEMENTS:
            entry = self.pop()  # the common case: the end tag of the current element
            if name == "p":
                self.last_closed_paragraph = entry.start
            return end
        if name in VOID:
            return end  # </br>, or <img></img> from an XML serializer: no structure changes
        if name in ("html", "body"):
            self.close_content(start)
            return end
        if name == "head":
            head = self.topmost("head")
            if head >= 0:
                self.close_above(head - 1, "</head>", start)
            return end
        if not stack:
            self.stray_end_tag(name, start, -1)
            return end
        top = stack[-1]
        boundary = _end_tag_boundary(name, top)
        if name == "p":
            index = top.p
        else:
            index = self.topmost(name)
            if index < boundary:
                index = -1
        if index < 0:
            if name in HEADINGS and self.close_other_heading(name, start):
                return end
            outside = self.topmost(name)
            self.stray_end_tag(name, start, boundary if 0 <= outside < boundary else -1)
            return end
        self.close_above(index, f"</{name}>", start)
        entry = self.pop()
        if name == "p":
            self.last_closed_paragraph = entry.start
        return end

    def close_other_heading(self, name: str, start: int) -> bool:
        """</h3> closing an open <h2>: one finding, and the <h2> is closed as browsers do."""
        index = max(self.topmost(heading) for heading in HEADINGS)
        if index < 0 or index < self.stack[-1].scope:
            return False
        heading = self.stack[index]
        self.report(
            heading.start,
            f"<{heading.name}> is closed by </{name}> (line {self.line(start)}): "
            f"use </{heading.name}>",
        )
        self.close_above(index, f"</{name}>", start)
        self.pop()
        return True

    def stray_end_tag(self, name: str, start: int, boundary: int) -> None:
        """Report an end tag that closes nothing; ``boundary`` is the index of the table or
        cell it cannot reach out of to the open element of its name (-1: none is open)."""
        count = self.forgiven.get(name, 0)
        if count:  # the end tag of an element already reported (mis-nested or unclosed)
            self.forgiven[name] = count - 1
            return
        message = f"</{name}> has no open <{name}> to close"
        ended = self.paragraph_end
        if name == "p" and ended is not None and ended.offset >= self.last_closed_paragraph:
            message += (
                f": the {self.tag('p', ended.paragraph)} was already ended by "
                f"{self.tag_text(ended.by, ended.offset)}"
            )
            if ended.ruled_out is not None:
                message += f", because a paragraph cannot contain a <{ended.ruled_out}>"
            message += "; close the paragraph earlier, or use a <div> instead of the <p>"
        elif boundary >= 0:
            outer = self.stack[self.topmost(name)]
            cell = self.stack[boundary]
            message += (
                f" here: the {self.tag(name, outer.start)} is outside the "
                f"{self.tag(cell.name, cell.start)} this tag is in"
            )
        else:
            message += ": remove it or add the missing start tag"
            top = self.stack[-1] if self.stack else None
            if top is not None and top.name not in OPTIONAL_END and _look_alike(name, top.name):
                message += f" (or is it a typo for the </{top.name}> of the open <{top.name}>?)"
                self.typo_target = top
        self.report(start, message)

    def close_content(self, start: int) -> None:
        """</body>, </html> or the end of the page: all but the document elements must be
        closed by now."""
        first = 0
        while first < len(self.stack) and self.stack[first].name in DOCUMENT_ELEMENTS:
            first += 1
        if first < len(self.stack):
            self.close_above(first - 1, None, start)


def _end_tag_boundary(name: str, top: _Open) -> int:
    """The stack index an end tag cannot reach below ("in scope" in the HTML tree builder)."""
    if name == "template":
        return -1  # </template> closes its template from anywhere inside it
    return top.table if name in TABLE_END_TAGS else top.scope


def _misplaced(name: str, started: bool, in_body: bool) -> bool:
    """<html> after other tags, or <head> after the body began."""
    if name == "html":
        return started
    return name == "head" and in_body


def _look_alike(written: str, meant: str) -> bool:
    """A likely typo: '</spam>' for '</span>', '</dvi>' for '</div>'."""
    return SequenceMatcher(None, written, meant).ratio() >= LOOK_ALIKE_RATIO


def _snippet(text: str, start: int, end: int | None = None) -> str:
    """The markup from ``start`` (to ``end``), whitespace collapsed and shortened."""
    stop = start + SNIPPET_LIMIT * 2 if end is None else min(end, start + SNIPPET_LIMIT * 2)
    piece = " ".join(text[start:stop].split())
    if len(piece) > SNIPPET_LIMIT:
        piece = piece[: SNIPPET_LIMIT - 1].rstrip() + "\u2026"
    return piece


def _unquoted_lt(attrs: str) -> int:
    """Where the first '<' outside a quoted attribute value is in ``attrs``, or -1."""
    for found in _QUOTED_VALUE_OR_LT.finditer(attrs):
        if found.group(0) == "<":
            return found.start()
    return -1


def _words_as_attributes(attrs: str, text: str, start: int, end: int) -> str | None:
    """'<b and c>' is prose with an unescaped '<', not a <b> with two attributes: return the
    snippet when every attribute is a bare word no element uses."""
    if "=" in attrs:
        return None
    words = _WORD.findall(attrs.rstrip("/"))
    if not words:
        return None
    for word in words:
        if word.lower() in BOOLEAN_ATTRIBUTES or "-" in word or ":" in word or "@" in word:
            return None
    return _snippet(text, start, end)


def _xml_problems(document: Document, own: list[Hit]) -> Iterator[Hit]:
    """The XML parser's first well-formedness error, unless a finding of ours at or before
    its line already explains it (the XML parser stops at the first error)."""
    first_own = min((hit.line for hit in own if hit.line is not None), default=None)
    seen: set[str] = set()
    for problem in document.problems:
        if not _is_xml_problem(problem):
            continue
        message = _XML_POSITION.sub("", problem.message).strip()
        if message in seen:
            continue
        seen.add(message)
        if first_own is not None and (problem.line is None or first_own <= problem.line):
            continue
        yield Hit(
            MALFORMED_HTML,
            f"not well-formed XML, which an EPUB or XHTML page must be: {message}",
            line=problem.line,
        )


def _is_xml_problem(problem: ParseProblem) -> bool:
    """document.problems mixes lxml's HTML log (found by the scanner anyway) with the XML
    parser's error; only the XML parser's messages end with ', line N, column M'."""
    return _HTML_PARSER_LOG.match(problem.message) is None


def check(document: Document, context: CheckContext) -> Iterator[Hit]:
    if markup_is_clean(document.text, xhtml=document.xhtml):
        hits: list[Hit] = []
    else:
        hits = _MarkupScanner(document.text, xhtml=document.xhtml).scan()
    yield from hits
    if document.xhtml:
        yield from _xml_problems(document, hits)


CHECKER = Checker(rules=(MALFORMED_HTML,), run=check)
