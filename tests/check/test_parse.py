"""Reading pages: the quick path for clean UTF-8 gives what the general one does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from newsdocs.check.parse import _decode, _decode_any, _html_parser, parse_html

TEXT = st.text(
    st.one_of(
        st.sampled_from("<p>&amp; \u00e9\u201c\ufffd\ufffe\uffff\x00\x01\x0b\x0c\x1f\x7f\x85\n"),
        st.characters(),
    ),
    max_size=200,
)


@settings(max_examples=1500, deadline=None)
@given(text=TEXT, junk=st.binary(max_size=8))
def test_clean_utf8_is_decoded_as_the_general_path_would(text: str, junk: bytes) -> None:
    for data in (text.encode("utf-8", "surrogatepass"), text.encode("utf-8", "replace") + junk):
        decoded, general = _decode(data), _decode_any(data, "utf-8")
        assert (decoded.text, decoded.binary) == (general.text, general.binary)
        if decoded.utf8 is not None:  # then the page's bytes are the text, as they are
            assert decoded.utf8 == data == decoded.text.encode()


DECLARATION = '<?xml version="1.0" encoding="iso-8859-1"?>'
PAGES = [
    "<p>caf\u00e9 &amp; &eacute; &#x1F600; \u201cquoted\u201d</p>",
    '<meta charset="windows-1252"><p>\u00e9</p>',  # decoded already: the label is not obeyed
    f"{DECLARATION}<html><body><p>x</p></body></html>",
    "<title>t</title><p>a<br>b</p>\r\n<pre>\n x</pre><!-- c -->",
    "<table><td>x<td>y</table><p>unclosed",
]


def test_a_page_parses_to_the_tree_its_decoded_text_gives() -> None:
    for html in PAGES:
        data = html.encode("utf-8")
        parsed = parse_html(data)
        # The declaration is blanked (as parse_html does), so that lxml takes the text.
        markup = parsed.text.replace(DECLARATION, " " * len(DECLARATION))
        expected = etree.fromstring(markup, _html_parser())
        assert etree.tostring(parsed.root) == etree.tostring(expected), html
        assert [node.sourceline for node in parsed.root.iter()] == [
            node.sourceline for node in expected.iter()
        ]
