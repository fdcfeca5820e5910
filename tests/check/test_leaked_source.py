"""leaked-source: reST, Markdown, template syntax and Docutils messages shown as page text."""

from __future__ import annotations

import pytest

from newsdocs.check import Finding

from .conftest import CheckHtml, page

RULE = {"leaked-source"}
BODY = 8  # the line page() puts the body on


def found(check_html: CheckHtml, body: str) -> list[Finding]:
    return check_html(page(body), rules=RULE)


# (paragraph text, the kind named in the message, the snippet quoted in the message)
LEAKS = [
    pytest.param(".. image:: photos/xi-putin.jpg", "reST directive", ".. image::", id="image"),
    pytest.param(".. code-block:: python", "reST directive", ".. code-block::", id="directive"),
    pytest.param(".. py:function:: f()", "reST directive", ".. py:function::", id="domain-dir"),
    pytest.param(
        ".. |logo| image:: logo.png", "reST directive", ".. |logo| image::", id="subst-def"
    ),
    pytest.param(".. _background:", "reST hyperlink target", ".. _background:", id="target"),
    pytest.param("See :ref:`background` first.", "reST role", ":ref:`background`", id="ref"),
    pytest.param("Read :doc:`/world/index`.", "reST role", ":doc:`/world/index`", id="doc"),
    pytest.param("A :term:`sanction` applies.", "reST role", ":term:`sanction`", id="term"),
    pytest.param("The :py:func:`len` call.", "reST role", ":py:func:`len`", id="domain-role"),
    pytest.param(
        "The `Reuters &lt;https://reuters.com&gt;`_ wire.",
        "reST hyperlink reference",
        "`Reuters <https://reuters.com>`_",
        id="embedded-url",
    ),
    pytest.param(
        "Source: `Xinhua`_ reported.", "reST hyperlink reference", "`Xinhua`_", id="named-ref"
    ),
    pytest.param(
        "Source: `Xinhua`__ reported.", "reST hyperlink reference", "`Xinhua`__", id="anonymous-ref"
    ),
    pytest.param(
        "Type ``newsdocs build`` now.", "reST inline literal", "``newsdocs build``", id="literal"
    ),
    pytest.param(
        "Updated |today| by the desk.", "reST substitution reference", "|today|", id="substitution"
    ),
    pytest.param("As reported [1]_ earlier.", "reST footnote", "[1]_", id="footnote-number"),
    pytest.param("As reported [#]_ earlier.", "reST footnote", "[#]_", id="footnote-auto"),
    pytest.param("As reported [#note]_ earlier.", "reST footnote", "[#note]_", id="footnote-label"),
    pytest.param(".. [1] Xinhua, 31 December.", "reST footnote", ".. [1]", id="footnote-def"),
    pytest.param("This is **very** important.", "bold markup", "**very**", id="strong"),
    pytest.param("This is __very__ important.", "bold markup", "__very__", id="md-bold"),
    pytest.param("This is *really* important.", "emphasis markup", "*really*", id="emphasis"),
    pytest.param('He said *"no"* twice.', "emphasis markup", '*"no"*', id="emphasis-around-quotes"),
    pytest.param("**Update:** talks resumed.", "bold markup", "**Update:**", id="strong-colon"),
    pytest.param(
        "![Xi and Putin](xi-putin.jpg)",
        "Markdown image",
        "![Xi and Putin](xi-putin.jpg)",
        id="md-image",
    ),
    pytest.param(
        "Read [the statement](https://example.org/s) here.",
        "Markdown link",
        "[the statement](https://example.org/s)",
        id="md-link",
    ),
    pytest.param(
        "Read [the statement](statement.html) here.",
        "Markdown link",
        "[the statement](statement.html)",
        id="md-link-relative",
    ),
    pytest.param(
        "## A Partnership Forged in Beijing",
        "Markdown heading",
        "## A Partnership Forged in Beijing",
        id="atx-heading",
    ),
    pytest.param("# Implications", "Markdown heading", "# Implications", id="atx-h1"),
    pytest.param(
        "Hello {{ reader.name }}!", "template expression", "{{ reader.name }}", id="jinja-var"
    ),
    pytest.param(
        "{% if premium %}Subscribe{% endif %}", "template tag", "{% if premium %}", id="jinja-tag"
    ),
    pytest.param("By &lt;%= author %&gt; today", "template tag", "<%= author %>", id="erb"),
    pytest.param(
        "{# TODO: byline #} Beijing", "template comment", "{# TODO: byline #}", id="jinja-comment"
    ),
    pytest.param("Dear ${firstName},", "template placeholder", "${firstName}", id="js-template"),
    pytest.param(
        '[caption id="attachment_12" align="alignnone"]Xi and Putin[/caption]',
        "WordPress shortcode",
        '[caption id="attachment_12" align="alignnone"]',
        id="wp-caption",
    ),
    pytest.param("[vc_row][vc_column]Text", "WordPress shortcode", "[vc_row]", id="page-builder"),
    pytest.param(
        "System Message: ERROR/3 (article.rst, line 12)",
        "Docutils system message",
        "System Message: ERROR/3",
        id="system-message-text",
    ),
    pytest.param(
        'article.rst:12: (ERROR/3) Unknown interpreted text role "pull".',
        "Docutils system message",
        "(ERROR/3)",
        id="warning-line",
    ),
    pytest.param(
        'Unknown directive type "byline".',
        "Docutils system message",
        'Unknown directive type "',
        id="unknown-directive",
    ),
]


@pytest.mark.parametrize(("text", "kind", "snippet"), LEAKS)
def test_leaked_syntax_is_found(check_html: CheckHtml, text: str, kind: str, snippet: str) -> None:
    (finding,) = found(check_html, f"<p>{text}</p>")
    assert finding.line == BODY
    assert finding.message.startswith(f'Leaked {kind} "{snippet}" in the page text')


@pytest.mark.parametrize(("text", "kind", "snippet"), LEAKS)
def test_syntax_inside_code_or_pre_is_exempt(
    check_html: CheckHtml, text: str, kind: str, snippet: str
) -> None:
    body = (
        f"<p>Write <code>{text}</code> for that.</p>\n<pre>{text}</pre>\n<p><kbd>{text}</kbd></p>"
    )
    assert found(check_html, body) == []


PROSE = [
    pytest.param("<p>Prices rose 5* in May.</p><p>*Adjusted for inflation</p>", id="footnote-star"),
    pytest.param("<p>A lone * asterisk and 5% * 2.</p>", id="lone-asterisk"),
    pytest.param("<p>The answer is 2 * 3 * 4 = 24, or 2*3*4.</p>", id="multiplication"),
    pytest.param("<p>Expletives like f*ck and s**t are starred.</p>", id="censored"),
    pytest.param("<p>Rated ***** by readers; * * * section break.</p>", id="stars"),
    pytest.param("<td>v8.10.0+*, v9.3.0+*, 10.0.0 and later</td>", id="version-stars"),
    pytest.param("<p>Files in */lib* and *.txt are kept.</p>", id="globs"),
    pytest.param(
        "<li><code>npm init foo@latest</code> # fetches the latest version</li>",
        id="hash-after-code",
    ),
    pytest.param("<p>Write to news_desk@example.org or tips__2024@example.org.</p>", id="email"),
    pytest.param("<p>Tickets cost $25 (about £20) at 10:30 a.m. on 12/05.</p>", id="price-time"),
    pytest.param("<p>Written in C# and F#, with #news and #breaking trending.</p>", id="hashtag"),
    pytest.param("<p>Politics | World | Business</p>", id="pipe-separator"),
    pytest.param("<p>Politics|World|Business</p>", id="tight-pipe-separator"),
    pytest.param("<p>He wrote {sic} and {left: right} in the memo.</p>", id="single-braces"),
    pytest.param("<h2>#1 in the charts</h2><h2># 1 seed advances</h2>", id="number-sign"),
    pytest.param("<p>No. 1 and #2 seeds met; #3 withdrew.</p>", id="number-sign-prose"),
    pytest.param("<p>He said [sic] that [the minister](1) had left.</p>", id="editorial-brackets"),
    pytest.param("<p>[Video] Watch the press conference [inaudible].</p>", id="bracket-labels"),
    pytest.param("<p>Home » World » Xi's New Year Message</p>", id="breadcrumb"),
    pytest.param("<p>The talks... resumed. Then.. nothing.</p>", id="dots"),
    pytest.param("<p>Ratio 3:2 and odds of 5:1; see p. 12.</p>", id="colons"),
    pytest.param("<p>``Hello,'' he said, in old typewriter quotes.</p>", id="tex-quotes"),
    pytest.param("<p>The CEO's pay rose 40% — to $5 million.</p>", id="percent-dollar"),
    pytest.param(
        "<p>Email <a href='mailto:a@b.org'>a@b.org</a> or call 555-0100.</p>", id="mailto"
    ),
    pytest.param(
        "<h2><a href='https://example.org'>[text](not a link)</a></h2>",
        id="md-lookalike-without-url",
    ),
]


@pytest.mark.parametrize("body", PROSE)
def test_prose_that_looks_like_markup_passes(check_html: CheckHtml, body: str) -> None:
    assert found(check_html, body) == []


def test_one_finding_per_block_and_kind(check_html: CheckHtml) -> None:
    body = (
        "<p>See :ref:`a`, :ref:`b` and :doc:`c`.</p>\n"
        "<p>See :ref:`a` and [the link](https://example.org).</p>"
    )
    findings = found(check_html, body)
    assert [(f.line, f.message.split('"')[0]) for f in findings] == [
        (BODY, "Leaked reST role "),
        (BODY + 1, "Leaked Markdown link "),
        (BODY + 1, "Leaked reST role "),
    ]


def test_each_block_is_reported_at_its_own_line(check_html: CheckHtml) -> None:
    body = "<h2>## Heading</h2>\n<p>Clean prose.</p>\n<li>Item with **bold**</li>"
    assert [f.line for f in found(check_html, body)] == [BODY, BODY + 2]


def test_long_snippets_are_shortened(check_html: CheckHtml) -> None:
    (finding,) = found(check_html, "<p>{{ " + "x" * 100 + " }}</p>")
    snippet = finding.message.split('"')[1]
    assert snippet == "{{ " + "x" * 56 + "…"


def system_message_title(line: int, problematic: int | None = None) -> str:
    backlink = (
        f'; <em><a href="#problematic-{problematic}">backlink</a></em>' if problematic else ""
    )
    return (
        '<p class="system-message-title">System Message: ERROR/3 '
        f'(<span class="docutils literal">a.rst</span>, line {line}){backlink}</p>'
    )


def problematic(number: int, source: str) -> str:
    return (
        f'<a href="#system-message-{number}">'
        f'<span class="problematic" id="problematic-{number}">{source}</span></a>'
    )


# Docutils' HTML for an unknown role, an unknown directive and an undefined substitution
# (docutils html5 writer, report_level 2), one element per line as docutils writes it;
# spelled out here so the checker tests need no docutils.
DOCUTILS_ERRORS = "\n".join(
    [
        f"<p>See {problematic(1, ':foo:`bar`')} here.</p>",
        '<aside class="system-message" id="system-message-1">',
        system_message_title(4, problematic=1),
        "<p>Unknown interpreted text role &quot;foo&quot;.</p>",
        "</aside>",
        '<aside class="system-message">',
        system_message_title(6),
        "<p>Unknown directive type &quot;frobnicate&quot;.</p>",
        '<pre class="literal-block">.. frobnicate:: x',
        "</pre>",
        "</aside>",
        f"<p>Text with {problematic(2, '|undefined|')} and {problematic(3, '`nowhere`_')}.</p>",
        '<section class="system-messages">',
        "<h2>Docutils System Messages</h2>",
        '<aside class="system-message" id="system-message-2">',
        system_message_title(8, problematic=2),
        "<p>Undefined substitution referenced: &quot;undefined&quot;.</p>",
        "</aside>",
        "</section>",
    ]
)


def test_docutils_system_messages_and_problematic_markers(check_html: CheckHtml) -> None:
    findings = found(check_html, DOCUTILS_ERRORS)
    assert [(f.line, f.message) for f in findings] == [
        (
            BODY,
            'Docutils marked ":foo:`bar`" as problematic: reST that failed to render is shown '
            "on the page; fix it in the source (the system message says why).",
        ),
        (
            BODY + 1,
            "Docutils system message ERROR/3 is shown on the page (Unknown interpreted text role "
            '"foo"); fix the reST source and rebuild.',
        ),
        (
            BODY + 5,
            "Docutils system message ERROR/3 is shown on the page (Unknown directive type "
            '"frobnicate"); fix the reST source and rebuild.',
        ),
        (
            BODY + 11,
            'Docutils marked "|undefined|" as problematic: reST that failed to render is shown '
            "on the page; fix it in the source (the system message says why).",
        ),
        (
            BODY + 14,
            "Docutils system message ERROR/3 is shown on the page (Undefined substitution "
            'referenced: "undefined"); fix the reST source and rebuild.',
        ),
    ]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param('<div class="admonition system-message"><p>Oops</p></div>', id="div"),
        pytest.param('<p>Broken <span class=" problematic ">`x`_</span>.</p>', id="span"),
    ],
)
def test_docutils_classes_are_found_on_any_element(check_html: CheckHtml, body: str) -> None:
    assert len(found(check_html, body)) == 1


def test_docutils_classes_inside_pre_are_exempt(check_html: CheckHtml) -> None:
    body = '<pre>&lt;p class="system-message"&gt; <span class="problematic">x</span></pre>'
    assert found(check_html, body) == []


def test_inline_suppression(check_html: CheckHtml) -> None:
    body = (
        "<!-- newsdocs: ignore leaked-source -->\n<p>Use :ref:`x` like this.</p>\n"
        "<p>But :ref:`y` here is a leak.</p>"
    )
    assert [f.line for f in found(check_html, body)] == [BODY + 2]
