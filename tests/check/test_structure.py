"""duplicate-id and empty-element, checked on real pages in a temp tree."""

from __future__ import annotations

import pytest

from newsdocs.check import Finding

from .conftest import CheckHtml, page

RULES = {"duplicate-id", "empty-element"}
BODY = 8  # the line page() puts the body on


def rules_and_lines(findings: list[Finding]) -> list[tuple[str, int | None]]:
    return [(finding.rule, finding.line) for finding in findings]


BAD_BODIES = [
    # duplicate-id: the second and later elements, not the first
    pytest.param(
        '<h2 id="intro">Intro</h2>\n<p id="intro">x</p>',
        [("duplicate-id", BODY + 1)],
        id="id-twice",
    ),
    pytest.param(
        '<div id="a">x</div>\n<span id="a">y</span>\n<p id="a">z</p>',
        [("duplicate-id", BODY + 1), ("duplicate-id", BODY + 2)],
        id="id-three-times",
    ),
    pytest.param(
        '<svg><symbol id="icon"></symbol></svg>\n<svg><symbol id="icon"></symbol></svg>',
        [("duplicate-id", BODY + 1)],
        id="svg-symbols-pasted-twice",
    ),
    # empty-element: headings
    pytest.param("<h2></h2>", [("empty-element", BODY)], id="empty-h2"),
    pytest.param("<h1>\n  \n</h1>", [("empty-element", BODY)], id="whitespace-h1"),
    pytest.param("<h3>&nbsp;</h3>", [("empty-element", BODY)], id="nbsp-h3"),
    pytest.param("<h4>\u200b&#8203;</h4>", [("empty-element", BODY)], id="zero-width-space-h4"),
    pytest.param("<h5><span> </span><!-- title --></h5>", [("empty-element", BODY)], id="h5"),
    pytest.param('<h6><img src="x.png" alt=""></h6>', [("empty-element", BODY)], id="empty-alt"),
    pytest.param('<h2><img src="x.png"></h2>', [("empty-element", BODY)], id="img-without-alt"),
    # empty-element: links
    pytest.param('<a href="/news"></a>', [("empty-element", BODY)], id="empty-link"),
    pytest.param('<a href="/news"> &nbsp; </a>', [("empty-element", BODY)], id="blank-link"),
    pytest.param(
        '<a href="https://twitter.com/x"><i class="fa fa-twitter"></i></a>',
        [("empty-element", BODY)],
        id="icon-font-link",
    ),
    pytest.param(
        '<a href="/x"><img src="x.png" alt=""></a>', [("empty-element", BODY)], id="image-link"
    ),
    pytest.param(
        '<a href="/x" aria-label="  " title=""></a>', [("empty-element", BODY)], id="blank-labels"
    ),
    pytest.param(
        '<a href="/x"><svg viewBox="0 0 1 1"><path d="M0 0"/></svg></a>',
        [("empty-element", BODY)],
        id="svg-without-title",
    ),
    pytest.param("<a href=''></a>", [("empty-element", BODY)], id="empty-href-is-a-link"),
]


@pytest.mark.parametrize(("body", "expected"), BAD_BODIES)
def test_bad_structure_is_reported(
    check_html: CheckHtml, body: str, expected: list[tuple[str, int]]
) -> None:
    assert rules_and_lines(check_html(page(body), rules=RULES)) == expected


GOOD_BODIES = [
    pytest.param(
        '<p id="intro">a</p><p id="Intro">b</p><p id="INTRO">c</p>', id="ids-differ-by-case"
    ),
    pytest.param('<p id="a">a</p><a name="a"></a>', id="name-is-not-an-id"),
    pytest.param('<p id="">a</p><p id="">b</p>', id="empty-ids"),
    pytest.param(
        '<p id="card">a</p><template><div id="card">x</div></template>', id="id-in-template"
    ),
    pytest.param('<a id="x"></a><a name="y"></a>', id="anchor-targets-without-href"),
    pytest.param('<h1><img src="logo.png" alt="Logo"></h1>', id="heading-with-logo"),
    pytest.param("<h2><span>text</span></h2>", id="heading-with-span"),
    pytest.param("<h2>0</h2>", id="heading-zero"),
    pytest.param('<a href="/" aria-label="Home"></a>', id="aria-label"),
    pytest.param('<a href="/" aria-labelledby="home-label"></a>', id="aria-labelledby"),
    pytest.param('<a href="/" title="Home"></a>', id="title"),
    pytest.param('<a href="/"><img src="home.png" alt="Home"></a>', id="image-with-alt"),
    pytest.param(
        '<a href="/"><svg viewBox="0 0 1 1"><title>Home</title><path d="M0 0"/></svg></a>',
        id="svg-with-title",
    ),
    pytest.param(
        '<a href="/"><span class="icon" aria-label="Home"></span></a>', id="labelled-child"
    ),
    pytest.param(
        '<a href="/"><span class="screen-reader-text">Skip to content</span></a>',
        id="screen-reader-text",
    ),
    pytest.param('<template><h2></h2><a href="#"></a></template>', id="empty-in-template"),
    pytest.param(
        '<h1>Title<a class="headerlink" href="#title" title="Link to this heading">¶</a></h1>',
        id="sphinx-headerlink",
    ),
]


@pytest.mark.parametrize("body", GOOD_BODIES)
def test_good_structure_is_not_reported(check_html: CheckHtml, body: str) -> None:
    assert check_html(page(body), rules=RULES) == []


def test_duplicate_id_message_names_the_first(check_html: CheckHtml) -> None:
    findings = check_html(page('<h2 id="lede">A</h2>\n\n<p id="lede">B</p>'), rules=RULES)
    assert rules_and_lines(findings) == [("duplicate-id", BODY + 2)]
    message = findings[0].message
    assert '"lede"' in message
    assert f"<h2> at line {BODY}" in message


def test_empty_link_message_names_the_url(check_html: CheckHtml) -> None:
    findings = check_html(page('<a href="https://example.com/story"></a>'), rules=RULES)
    assert len(findings) == 1
    assert "https://example.com/story" in findings[0].message


def test_empty_heading_message_names_the_heading(check_html: CheckHtml) -> None:
    findings = check_html(page("<h3></h3>"), rules=RULES)
    assert len(findings) == 1
    assert "<h3>" in findings[0].message


def test_findings_are_errors(check_html: CheckHtml) -> None:
    findings = check_html(page('<h2></h2><p id="a">x</p><p id="a">y</p>'), rules=RULES)
    assert sorted(f.rule for f in findings) == ["duplicate-id", "empty-element"]
    assert {f.severity for f in findings} == {"error"}
