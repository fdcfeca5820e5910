"""Hardened parsing of untrusted HTML and XHTML: no network, no entities, bounded input."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from lxml import etree

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_XML_DECLARATION = re.compile(r"\A\s*<\?xml\s[^>]*\?>")
_NOT_NEWLINE = re.compile(r"[^\n]")
_JUNK = re.compile("[\ufffd\x00-\x08\x0b\x0e-\x1f]")
_UNSAFE_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffe\uffff]")
_UNSAFE_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
SAMPLE_CHARACTERS = 4096  # how much of a page is looked at to tell markup from binary junk
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BROWSER_ENCODINGS = {
    "utf-16": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
    "utf-32": "utf-8",
    "utf-32-le": "utf-8",
    "utf-32-be": "utf-8",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
}
# The encodings of the WHATWG Encoding Standard, as Python names them: a label naming anything
# else (utf-7, base64, rot13, punycode...) is unknown to browsers, so the page is read as
# UTF-8, never decoded into text no reader sees (or, for a non-text codec, an exception).
_WEB_ENCODINGS = frozenset(
    {"utf-8", "cp866", "koi8-r", "koi8-u", "mac-roman", "cp874", "gbk", "gb18030", "big5"}
    | {"euc_jp", "iso2022_jp", "shift_jis", "euc_kr", "utf-16-be", "utf-16-le"}
    | {f"iso8859-{part}" for part in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)}
    | {f"cp{number}" for number in range(1250, 1259)}
)


@dataclass(frozen=True, slots=True)
class ParseProblem:
    line: int | None
    message: str


@dataclass(frozen=True, slots=True)
class Parsed:
    """A parsed page: the markup as text (controls replaced) and its tree."""

    text: str
    root: etree._Element
    problems: tuple[ParseProblem, ...]
    binary: bool


def decode(data: bytes) -> tuple[str, bool]:
    """Decode page bytes the way a browser would, roughly; never fails.

    Returns the text and whether the bytes look like binary junk rather than markup.
    """
    decoded = _decode(data)
    return decoded.text, decoded.binary


@dataclass(frozen=True, slots=True)
class _Decoded:
    text: str
    binary: bool
    utf8: bytes | None  # the text encoded as UTF-8, when that is simply the page's bytes


def _decode(data: bytes) -> _Decoded:
    encoding = _declared_encoding(data)
    if encoding == "utf-8" and not data.startswith(codecs.BOM_UTF8):
        clean = _clean_utf8(data)
        if clean is not None:
            return clean
    return _decode_any(data, encoding)


def _decode_any(data: bytes, encoding: str) -> _Decoded:
    """Decode ``data`` (with its BOM, if any) from ``encoding``, replacing what no page may
    hold: undecodable bytes, control characters and noncharacters."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom) :], name
            break
    text = data.decode(encoding, errors="replace")
    sample = text[:SAMPLE_CHARACTERS]
    junk = len(_JUNK.findall(sample))
    return _Decoded(_UNSAFE_CONTROLS.sub("\ufffd", text), _looks_binary(sample, junk), None)


def _declared_encoding(data: bytes) -> str:
    """The encoding a BOM, ``<meta charset>`` or XML declaration names, as browsers take it."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:1024]
    declared = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not declared:
        return "utf-8"
    name = declared.group(1).decode("ascii").lower()
    try:
        encoding = codecs.lookup(name).name
    except LookupError:
        return "utf-8"
    # As browsers do (WHATWG Encoding): a declared UTF-16/32 in bytes without a BOM is a
    # mistake, and Latin-1/ASCII labels mean windows-1252 (curly quotes, not C1 codes).
    encoding = _BROWSER_ENCODINGS.get(encoding, encoding)
    return encoding if encoding in _WEB_ENCODINGS else "utf-8"


def _clean_utf8(data: bytes) -> _Decoded | None:
    """The common case, checked in C: valid UTF-8 with no control characters or
    noncharacters to replace, so the text is exactly the bytes (None: take the long way)."""
    if len(data.translate(None, _UNSAFE_CONTROL_BYTES)) != len(data):
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\ufffe" in text or "\uffff" in text:
        return None
    sample = text[:SAMPLE_CHARACTERS]
    return _Decoded(text, _looks_binary(sample, sample.count("\ufffd")), data)


def _looks_binary(sample: str, junk: int) -> bool:
    return bool(sample) and junk > len(sample) // 10


def _html_parser(encoding: str | None = None) -> etree.HTMLParser:
    return etree.HTMLParser(
        recover=True,
        no_network=True,
        remove_pis=True,
        huge_tree=False,
        default_doctype=False,
        encoding=encoding,
    )


def _xml_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=False,
    )


def _empty_root() -> etree._Element:
    return etree.fromstring("<html><body></body></html>", _html_parser())


def parse_html(data: bytes) -> Parsed:
    """Parse HTML bytes into an element tree, recovering from errors as browsers do."""
    decoded = _decode(data)
    text = decoded.text
    problems: list[ParseProblem] = []
    root: etree._Element | None = None
    markup = _blank_xml_declaration(text)
    # The decoded text goes to libxml2 as UTF-8 bytes, with the encoding given, so that no
    # <meta charset> in it is obeyed a second time (UTF-8 is what libxml2 reads fastest).
    parser = _html_parser("utf-8")
    try:
        if markup.strip():
            utf8 = decoded.utf8 if markup is text and decoded.utf8 is not None else None
            root = etree.fromstring(utf8 or markup.encode("utf-8"), parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        problems.append(ParseProblem(None, str(error)))
        root = None
    for entry in parser.error_log:
        problems.append(ParseProblem(entry.line or None, entry.message))
    root = root if root is not None else _empty_root()
    return Parsed(text, root, tuple(problems), decoded.binary)


def _blank_xml_declaration(text: str) -> str:
    """Blank out an XML declaration: lxml refuses text that declares an encoding (the bytes
    were already decoded), and XHTML pages usually start with one. Spaces keep positions."""
    declaration = _XML_DECLARATION.match(text)
    if declaration is None:
        return text
    end = declaration.end()
    return _NOT_NEWLINE.sub(" ", text[:end]) + text[end:]


def check_well_formed_xml(data: bytes) -> ParseProblem | None:
    """Return the first well-formedness error of an XHTML document, or None.

    Entities are never expanded and no DTD or other resource is loaded.
    """
    try:
        etree.fromstring(data, _xml_parser())
    except etree.XMLSyntaxError as error:
        line = error.lineno if isinstance(error.lineno, int) and error.lineno > 0 else None
        return ParseProblem(line, error.msg or str(error))
    return None
