"""The spacing rule: words run together across punctuation, and doubled words."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdocs.check import Severity
from newsdocs.check.rules.spacing import (
    LOWERCASE_CHANGES_LENGTH,
    _may_have_doubled_words,
    _may_have_doubled_words_on_page,
)

from .conftest import CheckHtml, page

RULE = {"spacing"}
BODY_LINE = 8  # page() puts the first body line here


def messages(check_html: CheckHtml, body: str) -> list[str]:
    return [finding.message for finding in check_html(page(body), rules=RULE)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the seed article's slips
        (
            "their partnership,despite international pressure.",
            ["missing space after ',' in 'partnership,despite'"],
        ),
        (
            "Russia's ongoing conflict in Ukraine.How might this partnership",
            ["missing space after '.' in 'Ukraine.How'"],
        ),
        ("First,it\u2019s crucial to understand", ["missing space after ',' in 'First,it\u2019s'"]),
        (
            "the deepening Sino-Russian alliance.What are your observations?",
            ["missing space after '.' in 'alliance.What'"],
        ),
        # a domain right after the comma: the comma still lacks its space
        (
            "this evolving dynamic,world-today-news.com Senior Editor spoke",
            ["missing space after ',' in 'dynamic,world-today-news.com'"],
        ),
        (
            "no easy solutions.The U.S. needs a plan.",
            ["missing space after '.' in 'solutions.The'"],
        ),
        ("towards Taiwan;coupled with this", ["missing space after ';' in 'Taiwan;coupled'"]),
        ('"yes,"he said', ["missing space after ',' in 'yes,\"he'"]),
        ("“It was over.”Then he left.", ["missing space after '.' in 'over.”Then'"]),
        ("Really?!No way.", ["missing space after '?!' in 'Really?!No'"]),
        ("as shown (see above).The end", ["missing space after '.' in 'above).The'"]),
        ("Mrs.Smith arrived late.", ["missing space after '.' in 'Mrs.Smith'"]),
        ("Olá,José disse.", ["missing space after ',' in 'Olá,José'"]),
        # doubled words
        ("We went to the the market.", ["doubled word 'the the' in 'to the the market.'"]),
        ("He was in in time.", ["doubled word 'in in' in 'was in in time.'"]),
        ("The the report was late.", ["doubled word 'The the' in 'The the report'"]),
        ("It was not not true.", ["doubled word 'not not' in 'was not not true.'"]),
        ("Why The The Vote Matters", ["doubled word 'The The' in 'Why The The Vote'"]),
        ("They met (the the mayor).", ["doubled word 'the the' in '(the the mayor).'"]),
    ],
)
def test_slips_are_reported(check_html: CheckHtml, text: str, expected: list[str]) -> None:
    assert messages(check_html, f"<p>{text}</p>") == expected


@pytest.mark.parametrize(
    "text",
    [
        # numbers, decimals, thousands, dates and times
        "Some 1,000 people paid 3.5 percent, or 1.000.000 euros at 2,5 Prozent.",
        "The meeting on 12.03.2024 began at 10:30 and ended at 11.45.",
        "Version v2.1 and release 3.10.4 shipped in 2010\u20132020.",
        # abbreviations and initials
        "The U.S. Army, the U.K. Foreign Office and D.C. Police met at 10 a.m. Monday.",
        "She earned a Ph.D. at Yale, e.g. Chemistry, i.e. Physics, by 5 p.m. Friday.",
        "J.R.R. Tolkien and C.S. Lewis met in Oxford. Sen. Chuck Schumer, D-N.Y., agreed.",
        # domains, URLs, e-mail addresses, file names, dotted names
        "Visit world-today-news.com or www.example.org for more.",
        "Read https://example.com/News.Today/a,b or example.com/a,b today.",
        "Write to john.smith@example.com or John.Smith@Example.com now.",
        "Download report.pdf, then Report.Pdf and Booking.Com and Mail.Ru.",
        "Built with Node.js, ASP.NET and .NET, not System.Text.Json or argparse.ArgumentParser.",
        # ellipses, dashes, quotes, ?! and spacing done right
        "Wait...what? Wait...What? Wait…What? “Wait...” he said.",
        "A well—known rule; the 2010\u20132020 decade; a well-known fact.",
        '"Yes," he said. “No.” She left. Really?! I thought so. What?! No.',
        "He said: “No. Never.” Then he shouted “Go!” and left.",
        # lists and code-like text pasted outside <code>
        "Tags: politics,economy,trade and x,y coordinates or a,b.",
        "Call foo(a,b) or set key=value,other.",
        "Double-escaped &nbsp;entities belong to another rule.",
        # scripts written without spaces between words
        "\u4e2d\u56fd,\u4fc4\u7f57\u65af and \u6771\u4eac;\u5927\u962a",
        # grammatical and idiomatic doubles, names
        "She had had enough; he said that that was fine; what it is is clear.",
        "Bye bye, ha ha, no no, very very good.",
        "Duran Duran played. Theresa May may resign. Boutros Boutros-Ghali spoke.",
        "A A Milne wrote it. Sirhan Sirhan was tried.",
        "He re-read read-only files; the theory held.",
    ],
)
def test_false_alarm_traps_pass(check_html: CheckHtml, text: str) -> None:
    assert messages(check_html, f"<p>{text}</p>") == []


@pytest.mark.parametrize(
    "text",
    [
        "Mr.Smith met the St.Louis team.",  # one lowercase letter before the dot: abbreviation
        "It hit the U.S.The damage",  # an uppercase letter before the dot: initials
        "Shares rose.NATO met.",  # an all-capitals word after the dot: ASP.NET, Socket.IO
        "We met.I left.",  # one letter after the dot
    ],
)
def test_deliberate_blind_spots(check_html: CheckHtml, text: str) -> None:
    """Missed slips, kept because telling them from names and abbreviations is guesswork."""
    assert messages(check_html, f"<p>{text}</p>") == []


SLIPS = "partnership,despite the the end.Next"


@pytest.mark.parametrize("tag", ["pre", "code", "kbd", "samp", "script", "textarea"])
def test_code_is_not_prose(check_html: CheckHtml, tag: str) -> None:
    assert messages(check_html, f"<p>Run <{tag}>{SLIPS}</{tag}> now.</p>") == []
    assert len(messages(check_html, f"<p>Run <span>{SLIPS}</span> now.</p>")) == 3


def test_findings_point_at_the_block_and_are_errors(check_html: CheckHtml) -> None:
    body = "<p>Fine text.</p>\n<p>Their partnership,despite it all.</p>"
    (finding,) = check_html(page(body), rules=RULE)
    assert finding.line == BODY_LINE + 1
    assert finding.severity == Severity.ERROR


def test_text_split_by_inline_markup_is_read_as_rendered(check_html: CheckHtml) -> None:
    body = "<p>the <em>end</em>.<a href='#x'>Next</a> and <b>the</b> the</p>"
    assert messages(check_html, body) == [
        "doubled word 'the the' in 'and the the'",
        "missing space after '.' in 'end.Next'",
    ]


def test_blocks_are_separate(check_html: CheckHtml) -> None:
    body = "<ul><li>the</li><li>the</li></ul><p>end.</p><p>Next</p>"
    assert messages(check_html, body) == []


def test_at_most_five_findings_per_block(check_html: CheckHtml) -> None:
    text = "one,two three,four five,six seven,eight nine,ten eleven,twelve"
    found = check_html(page(f"<p>{text}</p>\n<p>last,one</p>"), rules=RULE)
    assert len(found) == 6
    assert [f.message for f in found if f.line == BODY_LINE] == [
        "missing space after ',' in 'five,six'",
        "missing space after ',' in 'nine,ten'",
        "missing space after ',' in 'one,two'",
        "missing space after ',' in 'seven,eight'",
        "missing space after ',' in 'three,four'",
    ]


def test_the_same_slip_twice_in_a_block_is_reported_once(check_html: CheckHtml) -> None:
    assert messages(check_html, "<p>Yes,sir. Yes,sir.</p>") == [
        "missing space after ',' in 'Yes,sir'"
    ]


def test_long_snippets_are_shortened(check_html: CheckHtml) -> None:
    (message,) = messages(check_html, "<p>word," + "a" * 100 + "</p>")
    assert message.startswith("missing space after ',' in 'word,aaa")
    assert message.endswith("…'")
    assert len(message) < 100


def test_the_seed_article(check_html: CheckHtml) -> None:
    body = (
        "<p>Too shed light on this evolving dynamic,world-today-news.com Senior Editor,Emily "
        "Carter,spoke with Dr. Alexei Plotnikov, a leading expert on U.S. affairs.</p>\n"
        "<p>Emily carter: The recent exchange has raised concerns about the deepening "
        "Sino-Russian alliance.What are your initial observations?</p>"
    )
    found = check_html(page(body), rules=RULE)
    assert [(f.line, f.message) for f in found] == [
        (BODY_LINE, "missing space after ',' in 'Carter,spoke'"),
        (BODY_LINE, "missing space after ',' in 'Editor,Emily'"),
        (BODY_LINE, "missing space after ',' in 'dynamic,world-today-news.com'"),
        (BODY_LINE + 1, "missing space after '.' in 'alliance.What'"),
    ]


# --- The page is searched as a whole first ---------------------------------------------------


def test_the_characters_whose_lowercase_changes_length_are_all_listed() -> None:
    changing = {
        character
        for character in map(chr, range(0x80, sys.maxunicode + 1))
        if not "\ud800" <= character <= "\udfff"
        and len(character.lower().encode()) != len(character.encode())
    }
    assert changing == set(LOWERCASE_CHANGES_LENGTH)


WORDS = ["the", "The", "THE", "été", "Été", "ÉTÉ", "Ⱥx", "ⱥx", "İs", "is", "a", "b", "1", "2x"]
SEPARATORS = [" ", ", ", ". ", " \u2014 ", "\u201c", "\u201d", "\u00ab", "-", "\u2019s "]
PIECES = st.sampled_from([*WORDS, *SEPARATORS])
BLOCKS = st.lists(st.lists(PIECES, max_size=12).map(lambda parts: " ".join("".join(parts).split())))


@settings(max_examples=2000, deadline=None)
@given(blocks=BLOCKS)
def test_the_page_wide_test_for_doubled_words_misses_no_block(blocks: list[str]) -> None:
    if any(_may_have_doubled_words(block) for block in blocks):
        assert _may_have_doubled_words_on_page("\n".join(blocks)), blocks


def test_words_at_the_end_of_one_block_and_the_start_of_the_next_are_not_adjacent() -> None:
    assert not _may_have_doubled_words_on_page("a b the\nthe c d")
    assert _may_have_doubled_words_on_page("a \u00c9t\u00e9 \u2014 \u00e9t\u00e9")


def test_doubled_words_are_found_in_any_block_of_a_long_page(check_html: CheckHtml) -> None:
    body = "\n".join(f"<p>Paragraph {n} is fine.</p>" for n in range(40))
    body += "\n<p>But this this one is not.</p>"
    assert messages(check_html, body) == ["doubled word 'this this' in 'But this this one'"]
