"""malformed-html, checked on real pages in a temp tree (and on a page Sphinx builds)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdocs.check import CheckConfig, Finding, check_paths
from newsdocs.check.rules.clean_markup import markup_is_clean
from newsdocs.check.rules.markup import _MarkupScanner

from .conftest import CheckHtml, page

RULE = {"malformed-html"}
BODY = 8  # the line page() puts the body on


def lines(findings: list[Finding]) -> list[int | None]:
    return [finding.line for finding in findings]


BAD_BODIES = [
    # (a) elements left unclosed, at the end of the page or when an ancestor closes
    pytest.param("<div><p>x</p>", [BODY], id="div-unclosed-at-end"),
    pytest.param("<em>emphasis", [BODY], id="em-unclosed-at-end"),
    pytest.param("<div>\n<span>x\n</div>", [BODY + 1], id="span-unclosed-when-div-closes"),
    pytest.param("<section><article>x</section>", [BODY], id="article-unclosed"),
    pytest.param("<p><a href='#x'>link</p>", [BODY], id="link-unclosed-when-p-closes"),
    pytest.param("<ul>\n<li><a href='#x'>a\n<li>b</ul>", [BODY + 1], id="link-unclosed-at-next-li"),
    pytest.param("<table><tr><td><div>x<td>y</table>", [BODY], id="div-unclosed-at-next-cell"),
    pytest.param("<div><div><div>x", [BODY], id="three-unclosed-one-finding"),
    # (b) stray end tags
    pytest.param("<p>x</p></p>", [BODY], id="stray-p"),
    pytest.param("<div>x</div>\n</div>", [BODY + 1], id="extra-div"),
    pytest.param("<p>x</p>\n</span>", [BODY + 1], id="stray-span"),
    pytest.param(
        "<div><table><tr><td>x</div></td></tr></table></div>", [BODY], id="end-tag-out-of-cell"
    ),
    pytest.param("<p><span>x</spam> y</p>", [BODY], id="typo-end-tag-one-finding"),
    # (c) mis-nested end tags: one finding, no cascade
    pytest.param("<p><b><i>x</b></i></p>", [BODY], id="b-i-mis-nested"),
    pytest.param("<div><span>x</div></span>", [BODY], id="div-span-mis-nested"),
    pytest.param("<h2>Title</h3>", [BODY], id="heading-closed-by-other-level"),
    # (d) content model
    pytest.param("<p>a<p>b</p></p>", [BODY], id="p-in-p-explicit"),
    pytest.param("<p>a\n<div>b</div>\n</p>", [BODY + 2], id="div-in-p"),
    pytest.param("<p>a<table><tr><td>x</td></tr></table></p>", [BODY], id="table-in-p"),
    pytest.param("<p>a<hr>b</p>", [BODY], id="hr-in-p"),
    pytest.param("<span>\n<div>x</div></span>", [BODY + 1], id="div-in-span"),
    pytest.param("<em><p>x</p></em>", [BODY], id="p-in-em"),
    pytest.param("<p><span><div>x</div></span></p>", [BODY], id="div-in-span-in-p"),
    pytest.param("<span><a href='#x'><div>x</div></a></span>", [BODY], id="div-in-a-in-span"),
    pytest.param("<p><a href='#x'><div>x</div></a></p>", [BODY], id="div-in-a-in-p"),
    pytest.param("<button><div>x</div></button>", [BODY], id="div-in-button"),
    pytest.param("<label><ul><li>x</li></ul></label>", [BODY], id="ul-in-label"),
    pytest.param("<h1>a<h2>b</h2></h1>", [BODY], id="heading-in-heading"),
    pytest.param("<h2>Title<div>by line</div></h2>", [BODY], id="div-in-heading"),
    pytest.param("<a href='#a'>x<a href='#b'>y</a></a>", [BODY], id="link-in-link"),
    # (e) an unescaped '<' read as a tag
    pytest.param("<p>if x <y then z</p>", [BODY], id="unknown-tag-swallowing-end-tag"),
    pytest.param("<p>a <b and c</p>", [BODY], id="known-tag-swallowing-end-tag"),
    pytest.param("<p>a <b and c> d</p>", [BODY], id="known-tag-with-words-unclosed"),
    pytest.param("<p>a Vec<T> of items</p>", [BODY], id="unknown-element"),
    pytest.param("<p>x</p>\n<p>3 <y> 2</p>", [BODY + 1], id="unknown-element-later-line"),
    # what else a browser silently repairs
    pytest.param("<div class='clear'/>\n<p>x</p>", [BODY], id="self-closing-div"),
    pytest.param("<a name='top'/>", [BODY], id="self-closing-a"),
    pytest.param(
        "<script src='a.js'/>\n<p>hidden</p>\n<script>b()</script>",
        [BODY],
        id="self-closing-script",
    ),
    pytest.param("<p>x</p>\n<!-- never closed\n<p>y</p>", [BODY + 1], id="unterminated-comment"),
    pytest.param("<script>var a = 1;", [BODY], id="unterminated-script"),
]


@pytest.mark.parametrize(("body", "expected"), BAD_BODIES)
def test_bad_markup_is_reported_once_on_its_line(
    check_html: CheckHtml, body: str, expected: list[int]
) -> None:
    assert lines(check_html(page(body), rules=RULE)) == expected


GOOD_BODIES = [
    pytest.param("<ul><li>a<li>b</ul>", id="li-end-tags-omitted"),
    pytest.param("<ol><li><p>a<li><p>b</ol>", id="li-and-p-end-tags-omitted"),
    pytest.param("<p>a<p>b", id="p-end-tags-omitted"),
    pytest.param("<p>Text<div>block</div>", id="p-ended-by-div-without-end-tag"),
    pytest.param("<table><tr><td>a<td>b<tr><td>c</table>", id="table-without-tbody-or-td-ends"),
    pytest.param("<table><thead><tr><th>h<tbody><tr><td>x<tfoot><tr><td>f</table>", id="sections"),
    pytest.param(
        "<table><caption>c<colgroup><col><col></colgroup><tr><td>x</table>", id="caption-colgroup"
    ),
    pytest.param("<dl><dt>a<dd>b<dt>c<dd>d</dl>", id="dl-end-tags-omitted"),
    pytest.param("<select><option>a<option>b<optgroup label=g><option>c</select>", id="options"),
    pytest.param("<ruby>漢<rp>(<rt>kan<rp>)</ruby>", id="ruby"),
    pytest.param(
        "<p>a<br>b<br/>c<br />d</p><img src='a.png' alt='x'><hr/><input type=text>",
        id="void-elements",
    ),
    pytest.param("<img src='a.png' alt='x'></img><br></br>", id="xml-style-void-end-tags"),
    pytest.param(
        """<p title="a > b" data-x='<i>' data-json='{"a": "<b>x</b>"}'>x</p>""",
        id="lt-and-gt-in-quoted-attributes",
    ),
    pytest.param("<a href=/path/to/>link</a>", id="unquoted-value-ending-in-slash"),
    pytest.param(
        "<script>if (a < b && c > d) { document.write('<div>'); }</script>", id="lt-in-script"
    ),
    pytest.param("<style>a > b::after { content: '<'; }</style>", id="lt-in-style"),
    pytest.param("<textarea><b>not a tag</textarea>", id="markup-in-textarea"),
    pytest.param("<!-- <div> never closed --><p>x</p><!----><!-->", id="markup-in-comments"),
    pytest.param("<DIV CLASS=x><P>Upper<BR></P></DIV><p>a</P>", id="uppercase-tags"),
    pytest.param(
        "<!--[if lt IE 9]><script src='html5.js'></script><![endif]-->"
        "<![if !IE]><p>modern</p><![endif]>",
        id="conditional-comments",
    ),
    pytest.param("<p>a &lt;b and c&gt; d</p><p>x < y and 3<4</p>", id="escaped-and-bare-lt"),
    pytest.param(
        "<p>icon <svg viewBox='0 0 10 10' aria-hidden='true'><title>Icon</title>"
        "<path d='M0 0L10 10'/><circle r=5 /><g><use href='#i'></use></g></svg></p>",
        id="inline-svg",
    ),
    pytest.param("<p><math><mi>x</mi><mo>&lt;</mo><mn>2</mn></math></p>", id="mathml"),
    pytest.param("<template><li>x<tr><td>y</template>", id="template"),
    pytest.param(
        "<dialog open><p>Sure?</p><form method=dialog><button>OK</button></form></dialog>",
        id="dialog",
    ),
    pytest.param("<search><form><input name=q></form></search>", id="search"),
    pytest.param("<div><a href='#x'><div>block link</div></a></div>", id="block-in-a-in-block"),
    pytest.param("<my-widget data-x=1><p>x</p></my-widget><o:p></o:p>", id="custom-elements"),
    pytest.param(
        "<b hidden>x</b><details open><summary>s</summary>d</details>", id="boolean-attrs"
    ),
    pytest.param("<pre><code>x &lt; y</code></pre>", id="code-block"),
    pytest.param(
        "<noscript><img src='x.png' alt='y'></noscript><iframe src='x'></iframe>",
        id="noscript-iframe",
    ),
    pytest.param(
        "<figure><img src='x.png' alt='y'><figcaption>Caption</figcaption></figure>", id="figure"
    ),
    pytest.param("<a name='top'></a><a id='x'></a>", id="anchor-targets"),
    pytest.param(
        """<div class="wp-block-group"><div class="wp-block-group__inner-container">
<h2 class="wp-block-heading" id="h-world">World</h2>
<p>First line<br />
second line &amp; more</p>
<figure class="wp-block-image size-large"><img decoding="async" width="1024" height="683"
 src="photo.jpg" alt="A photo" class="wp-image-1" srcset="photo.jpg 1024w, photo-300.jpg 300w"
 sizes="(max-width: 1024px) 100vw, 1024px" /><figcaption class="wp-element-caption">Credit
</figcaption></figure>
<blockquote class="wp-block-quote"><p>Quote</p><cite>Someone</cite></blockquote>
<p><a href="https://example.com" target="_blank" rel="noreferrer noopener">link</a></p>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "a < b"}</script>
</div></div>""",
        id="wordpress",
    ),
]


@pytest.mark.parametrize("body", GOOD_BODIES)
def test_valid_markup_is_not_reported(check_html: CheckHtml, body: str) -> None:
    assert check_html(page(body), rules=RULE) == []


def test_no_head_or_body_tags_is_fine(check_html: CheckHtml) -> None:
    html = "<!DOCTYPE html>\n<title>t</title>\n<p>a\n<p>b\n"
    assert check_html(html, rules=RULE) == []


def test_tag_that_never_ends_swallows_the_page(check_html: CheckHtml) -> None:
    findings = check_html("<!DOCTYPE html>\n<p>a\n<p>if a <b c", rules=RULE)
    assert lines(findings) == [3]
    assert "&lt;" in findings[0].message


def test_pasted_page_is_one_finding(check_html: CheckHtml) -> None:
    first = page("<p>a</p>")
    findings = check_html(first + page("<p>b</p>"), rules=RULE)
    assert lines(findings) == [first.count("\n") + 1]
    assert "pasted" in findings[0].message


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("<p>a</p>\n<body>\n<p>b</p>", id="second-body"),
        pytest.param("<p>a</p>\n<head><meta charset=utf-8></head>\n<p>b</p>", id="late-head"),
        pytest.param("<p>a</p>\n<html>\n<p>b</p>", id="second-html"),
    ],
)
def test_misplaced_document_elements_are_reported(check_html: CheckHtml, body: str) -> None:
    assert lines(check_html(page(body), rules=RULE)) == [BODY + 1]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        pytest.param("<p><b><i>x</b></i></p>", ["<i>", "</b>", "mis-nested"], id="mis-nested"),
        pytest.param("<div>x", ["<div>", "never closed"], id="unclosed"),
        pytest.param(
            "<p>a\n<div>b</div>\n</p>",
            ["</p>", "<p> (line 8)", "<div> (line 9)", "cannot contain a <div>"],
            id="stray-p-explains-why",
        ),
        pytest.param("<span><div>x</div></span>", ["<div>", "<span> (line 8)"], id="inline"),
        pytest.param("<p>if x <y then z</p>", ["'<y then z", "&lt;"], id="unescaped-lt"),
        pytest.param("<p>a <b and c> d</p>", ["'<b and c>'", "&lt;"], id="words-as-attributes"),
        pytest.param("<p>Vec<T> here</p>", ["'<T>'", "&lt;"], id="unknown-element"),
        pytest.param("<p><span>x</spam></p>", ["</spam>", "</span>"], id="typo"),
        pytest.param(
            "<div>\n<ul><li>a</li></ul>\n<span>b\n</div>",
            ["<span>", "</div> (line 11)"],
            id="names-what-closed-it",
        ),
    ],
)
def test_messages_name_the_markup(check_html: CheckHtml, body: str, words: list[str]) -> None:
    findings = check_html(page(body), rules=RULE)
    assert len(findings) == 1
    for word in words:
        assert word in findings[0].message


def test_findings_are_errors_and_can_be_suppressed(check_html: CheckHtml) -> None:
    findings = check_html(page("<p>x</p></p>"), rules=RULE)
    assert [finding.severity for finding in findings] == ["error"]
    ignored = page("<!-- newsdocs: ignore-file malformed-html -->\n<p>x</p></p>")
    assert check_html(ignored, rules=RULE) == []


XHTML_HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">\n'
    "<head><title>Chapter</title></head>\n<body>\n"
)
XHTML_TAIL = "\n</body>\n</html>\n"


def xhtml(body: str) -> str:
    return XHTML_HEAD + body + XHTML_TAIL


@pytest.mark.parametrize(
    ("body", "expected", "words"),
    [
        pytest.param("<p>a&nbsp;b</p>", [5], "nbsp", id="html-entity"),
        pytest.param("<p>line<br>break</p>", [5], "mismatch", id="unclosed-void"),
        pytest.param("<ul><li>a<li>b</ul>", [5], "mismatch", id="omitted-end-tags"),
        pytest.param("<p>a & b</p>", [5], "EntityRef", id="bare-ampersand"),
        pytest.param("<p><b><i>x</b></i></p>", [5], "mis-nested", id="own-finding-not-doubled"),
    ],
)
def test_xhtml_must_be_well_formed(
    check_html: CheckHtml, body: str, expected: list[int], words: str
) -> None:
    findings = check_html(xhtml(body), name="chapter.xhtml", rules=RULE)
    assert lines(findings) == expected
    assert words in findings[0].message


def test_well_formed_xhtml_is_not_reported(check_html: CheckHtml) -> None:
    body = (
        '<section epub:type="chapter"><h1>One</h1><p>a<br/>b</p><div class="sep"/>'
        '<p/><script src="x.js"/><img src="a.png" alt="x"/><a id="n1"/></section>'
    )
    assert check_html(xhtml(body), name="chapter.xhtml", rules=RULE) == []


def test_lxml_error_log_adds_no_duplicates(check_html: CheckHtml) -> None:
    # lxml logs "Opening and ending tag mismatch" and "Unexpected end tag" for this page.
    findings = check_html(page("<p><b><i>x</b></i></p>\n<div></div></div>"), rules=RULE)
    assert lines(findings) == [BODY, BODY + 1]


SPHINX_INDEX = """\
Newsroom
========

A paragraph with *emphasis*, ``code < literal``, a link_ and :ref:`details`.

.. _link: https://example.com/?a=1&b=2

.. _details:

Details
-------

- item one
- item two

  a second paragraph

.. note:: A note with **strong** text.

.. code-block:: python

   if a < b and c > d:
       print("<div>")

==== ====
Head Head
==== ====
a<b  c>d
==== ====

Term
   Definition.

.. py:function:: parse(text: str, *, strict: bool = False) -> list[int]

   Parse things. [#f1]_

.. [#f1] A footnote.

.. math:: a < b
"""

# Theme markup of the kind Sphinx 9 themes add (inline SVG icons, <template>, <dialog>, data
# attributes), put in through a template override rather than a raw directive.
SPHINX_LAYOUT = """\
{% extends "!layout.html" %}
{% block footer %}
{{ super() }}
<template id="card"><li class="card"><span class="t"></span></li></template>
<dialog id="share" data-state="closed"><p>Share?</p>
<button type="button" data-action="close" aria-label="Close">
<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><title>Close</title>
<path d="M6 6l12 12M18 6L6 18"/></svg></button></dialog>
{% endblock %}
"""


def test_sphinx_pages_are_not_reported(tmp_path: Path) -> None:
    from sphinx.cmd.build import build_main

    source = tmp_path / "src"
    source.mkdir()
    (source / "_templates").mkdir()
    (source / "_templates" / "layout.html").write_text(SPHINX_LAYOUT, encoding="utf-8")
    conf = 'project = "Newsroom"\ntemplates_path = ["_templates"]\n'
    (source / "conf.py").write_text(conf, encoding="utf-8")
    (source / "index.rst").write_text(SPHINX_INDEX, encoding="utf-8")
    out = tmp_path / "out"
    assert build_main(["-q", "-b", "html", str(source), str(out)]) == 0
    built = (out / "index.html").read_text(encoding="utf-8")
    assert "<search" in built and "<svg" in built and "<template" in built
    result = check_paths([out], CheckConfig(), jobs=1)
    assert result.checked >= 3
    assert [f for f in result.findings if f.rule == "malformed-html"] == []


# --- The quick proof of clean markup ----------------------------------------------------------
# Most pages are proven clean by ``clean_markup`` without the full scanner; the proof must
# never pass a page the scanner reports, and must give up wherever it is not certain.

SOUP = st.lists(
    st.sampled_from(
        [
            "<p>", "</p>", "<div>", "</div>", "<span>", "</span>", "<a href='#x'>", "</a>",
            "<b>", "</b>", "<i>", "</i>", "<li>", "</li>", "<ul>", "</ul>", "<dl>", "<dt>",
            "</dt>", "<dd>", "</dd>", "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>",
            "<tbody>", "</tbody>", "<caption>", "<select>", "<option>", "</option>",
            "<optgroup>", "<ruby>", "<rt>", "<rp>", "<button>", "</button>", "<h2>", "</h2>",
            "<h3>", "</h3>", "<hr>", "<br>", "<br/>", "<img src=x>", "<div/>", "<span/>",
            "<svg>", "</svg>", "<path d='x'/>", "<image href=x>", "</image>", "<math>",
            "</math>", "<foreignObject>", "</foreignObject>", "<template>", "</template>",
            "<html>", "</html>", "<head>", "</head>", "<body>", "</body>", "<title>t</title>",
            "<script>x<y</script>", "<script>", "<style>", "</style>", "<textarea>",
            "<!-- c -->", "<!--", "-->", "<!DOCTYPE html>", "<![CDATA[x]]>", "<?x?>", "</ x>",
            "<x-el>", "</x-el>", "<foo>", "</foo>", "<DIV>", "</DIV>", "<P>", "<b and c>",
            "<a b=c<d>", "<p title='a>b'>", "<section>", "</section>", "<main>", "</main>",
            "<li/>", "<p/>", "<a href=x/>", "<meta charset=utf-8>", "<link rel=x>", "text",
            " ", "\n", "a < b", "<", ">", "&amp;",
        ]
    ),
    max_size=40,
).map("".join)  # fmt: skip


# Well-nested trees with every end tag written: mostly proven clean, so that what the proof
# decides about nesting (a <div> in a <span>, an <li> in an <li>, a cell in a cell...) is
# compared with the scanner again and again.
NAMES = st.sampled_from(
    [
        "p",
        "div",
        "span",
        "a",
        "b",
        "em",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tbody",
        "tr",
        "td",
        "th",
        "caption",
        "colgroup",
        "select",
        "option",
        "optgroup",
        "ruby",
        "rt",
        "rp",
        "rtc",
        "button",
        "h1",
        "h2",
        "section",
        "article",
        "nav",
        "template",
        "svg",
        "math",
        "foreignObject",
        "title",
        "g",
        "hr",
        "br",
        "img",
        "input",
        "x-el",
        "label",
        "form",
        "pre",
        "code",
    ]
)
TREES = st.recursive(
    st.sampled_from(["", "x", " y ", "<!-- c -->"]),
    lambda children: st.tuples(NAMES, st.lists(children, max_size=4)).map(
        lambda tree: f"<{tree[0]}>{''.join(tree[1])}</{tree[0]}>"
    ),
    max_leaves=30,
)


@settings(max_examples=1500, deadline=None)
@given(soup=st.one_of(SOUP, TREES), xhtml=st.booleans())
def test_the_quick_proof_passes_nothing_the_scanner_reports(soup: str, xhtml: bool) -> None:
    for text in (soup, page(soup)):
        if markup_is_clean(text, xhtml=xhtml):
            assert _MarkupScanner(text, xhtml=xhtml).scan() == [], text


CLEAN_PAGES = [
    pytest.param(page("<p>Plain <a href='#x'>text</a>.</p>"), id="prose"),
    pytest.param(page("<ul><li><p>a</p></li><li>b</li></ul>"), id="list"),
    pytest.param(page("<table><tbody><tr><td>a</td></tr></tbody></table>"), id="table"),
    pytest.param(page("<figure><img src=x alt=y><figcaption>c</figcaption></figure>"), id="image"),
    pytest.param(page('<script>if (a < b) { x("</p>"); }</script><p>x</p>'), id="script"),
    pytest.param(page("<!-- <div> -->\n<p>x</p>"), id="comment"),
    pytest.param(page("<svg><path d='x'/></svg><x-widget>y</x-widget>"), id="foreign"),
]


@pytest.mark.parametrize("text", CLEAN_PAGES)
def test_common_clean_pages_are_proven_clean(text: str) -> None:
    assert markup_is_clean(text, xhtml=False)


@pytest.mark.parametrize(
    "body",
    [
        "<ul><li>a<li>b</ul>",  # legal, but the scanner decides: an end tag left out
        "<p>a<p>b",
        "<div/>",
        "<!-- x",
        "<script>x",
        "<p>x</p></p>",
        "<b><i>x</b></i>",
        "<span><div>x</div></span>",
        "<a href=x><a href=y>z</a></a>",
        "<foo>x</foo>",
        "<b and c>",
        "<a b=c<d>x</a>",
        "<p>x</p><!DOCTYPE html>",
    ],
)
def test_the_quick_proof_gives_up_where_the_scanner_must_decide(body: str) -> None:
    assert not markup_is_clean(page(body), xhtml=False)
