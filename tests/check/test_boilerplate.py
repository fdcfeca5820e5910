"""ai-boilerplate and cms-boilerplate: model meta-text and CMS chrome published as content."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdocs.check import CheckConfig, Finding
from newsdocs.check.context import CheckContext
from newsdocs.check.phrases import PhraseMatcher

from .conftest import CheckHtml, page

RULES = {"ai-boilerplate", "cms-boilerplate"}
BODY = 8  # the line page() puts the body on
SEED = Path(__file__).parent / "data" / "seed-article.txt"
CONTEXT = CheckContext(CheckConfig())


def found(
    check_html: CheckHtml, body: str, config: CheckConfig | None = None
) -> list[tuple[str, int | None]]:
    return [(f.rule, f.line) for f in check_html(page(body), rules=RULES, config=config)]


def messages(check_html: CheckHtml, body: str) -> list[str]:
    return [f.message for f in check_html(page(body), rules=RULES)]


# --- ai-boilerplate ----------------------------------------------------------------------

AI_TEXT = [
    # distinctive phrases count anywhere
    pytest.param(
        "<p>I cannot create a news article based on the provided input. The input consists "
        "only of seemingly random alphanumeric characters.</p>",
        "I cannot create a news article",
        id="seed-refusal",
    ),
    pytest.param(
        "<p>Moscow has not said. As an AI language model, I cannot verify this.</p>",
        "As an AI language model, I",
        id="as-an-ai-mid-block",
    ),
    pytest.param(
        "<p>Markets fell. Here is a rewritten version of the article with a clearer lede.</p>",
        "Here is a rewritten version",
        id="rewritten-version",
    ),
    pytest.param(
        "<p>My knowledge cutoff is 2023, so later events are missing.</p>",
        "My knowledge cutoff",
        id="knowledge-cutoff",
    ),
    # short generic phrases count as a block's opening or closing sentence
    pytest.param(
        "<p>Certainly! Here\u2019s a news story on the summit:</p>",
        "Certainly! Here\u2019s",
        id="certainly-curly",
    ),
    pytest.param("<p>Sure, here's a draft about the summit.</p>", "Sure, here's a", id="sure"),
    pytest.param("<p>I hope this helps!</p>", "I hope this helps", id="hope-whole-block"),
    pytest.param(
        "<p>The summit ended without a deal. I hope this helps you understand the stakes.</p>",
        "I hope this helps",
        id="hope-last-sentence",
    ),
    pytest.param(
        "<p>Let me know if you\u2019d like a shorter version or a different tone.</p>",
        "Let me know if you\u2019d like",
        id="let-me-know-curly",
    ),
    pytest.param(
        "<li>I\u2019m sorry, but I can\u2019t help with that request.</li>",
        "I\u2019m sorry, but I can\u2019t",
        id="sorry-list-item",
    ),
    pytest.param(
        "<h2>As an AI language model trained by OpenAI</h2>",
        "As an AI language model",
        id="as-an-ai-heading",
    ),
    pytest.param(
        "<p>AS AN AI LANGUAGE MODEL, I CANNOT WRITE THIS.</p>",
        "AS AN AI LANGUAGE MODEL, I",
        id="uppercase",
    ),
]


@pytest.mark.parametrize(("body", "quoted"), AI_TEXT)
def test_model_text_is_found(check_html: CheckHtml, body: str, quoted: str) -> None:
    (message,) = messages(check_html, body)
    assert message == (
        f'Language-model text is published as content: "{quoted}"; remove it and have an '
        "editor review the article."
    )


AI_PROSE = [
    pytest.param(
        '<p>"I hope this helps the people of Gaza," said the aid worker.</p>', id="quoted-speech"
    ),
    pytest.param(
        "<p>\u201cI hope this helps the people of Gaza,\u201d said the aid worker.</p>",
        id="curly-quoted-speech",
    ),
    pytest.param(
        "<p>\u2018I hope this helps,\u2019 she said, handing over the keys.</p>",
        id="british-quotes",
    ),
    pytest.param('<p>"We tried. I hope this helps," she said.</p>', id="sentence-inside-quote"),
    pytest.param(
        "<p>The aid worker said: I hope this helps the people of Gaza.</p>",
        id="reported-after-colon",
    ),
    pytest.param(
        "<p>Officials said they hope this helps, and that more aid is coming.</p>",
        id="mid-sentence",
    ),
    pytest.param(
        "<p>Staff said the system, described as a large language model, had been retired.</p>",
        id="described-as-a-language-model",
    ),
    pytest.param(
        "<p>Readers can let me know if you'd like more coverage, the editor wrote, and "
        "they did.</p>",
        id="let-me-know-mid-sentence",
    ),
    pytest.param(
        "<p>Sure, the minister said, there will be talks.</p>"
        "<p>Certainly, here is what we know so far.</p>",
        id="sure-certainly-in-prose",
    ),
    pytest.param(
        "<p>Feel free to adjust the spices to taste. Serve hot.</p>", id="recipe-feel-free"
    ),
    pytest.param(
        "<p>As of my last update at 3pm, twelve people had died.</p>", id="liveblog-update"
    ),
]


@pytest.mark.parametrize("body", AI_PROSE)
def test_journalism_with_similar_words_passes_ai(check_html: CheckHtml, body: str) -> None:
    assert found(check_html, body) == []


# --- cms-boilerplate ---------------------------------------------------------------------

CMS_TEXT = [
    pytest.param("<p>Leave a Comment</p>", "Leave a Comment", id="leave-a-comment"),
    pytest.param(
        "<p>This site uses Akismet to reduce spam. Learn how your comment data is processed.</p>",
        "This site uses Akismet to reduce spam",
        id="akismet",
    ),
    pytest.param(
        "<p>A representative image of the meeting. (Replace with actual image URL)</p>",
        "(Replace with",
        id="replace-with",
    ),
    pytest.param(
        "<blockquote>[Insert quote here]</blockquote>", "[Insert quote here]", id="insert-quote"
    ),
    pytest.param(
        "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>",
        "Lorem ipsum dolor sit amet",
        id="lorem",
    ),
    pytest.param("<div>Click here to add text</div>", "Click here to add text", id="wix-prompt"),
    pytest.param(
        "<p>Your email address will not be published. Required fields are marked *</p>",
        "Your email address will not be published",
        id="comment-form-note",
    ),
    pytest.param(
        '<h3 id="reply-title">Leave a Reply <small><a href="#respond">Cancel reply</a></small>'
        "</h3>",
        "Leave a Reply",
        id="wordpress-reply-title",
    ),
    pytest.param(
        '<p class="meta">Posted in World | <a href="#respond">Leave a comment</a></p>',
        "Leave a comment",
        id="meta-line-last-segment",
    ),
    pytest.param(
        '<p>Share your view: <a href="#respond">Leave a comment</a></p>',
        "Leave a comment",
        id="link-text",
    ),
    pytest.param(
        '<form><button type="submit">Post a comment</button></form>',
        "Post a comment",
        id="button-text",
    ),
]


@pytest.mark.parametrize(("body", "quoted"), CMS_TEXT)
def test_cms_chrome_is_found(check_html: CheckHtml, body: str, quoted: str) -> None:
    (message,) = messages(check_html, body)
    assert message == (
        f'CMS or template boilerplate is published as content: "{quoted}"; remove it from '
        "the page (or suppress cms-boilerplate where the site shows it on purpose)."
    )


CMS_PROSE = [
    pytest.param(
        "<p>The minister declined to leave a comment on the record.</p>",
        id="declined-on-the-record",
    ),
    pytest.param("<p>The minister declined to leave a comment.</p>", id="declined-end"),
    pytest.param(
        "<p>Readers were invited to leave a reply, and hundreds did.</p>", id="leave-a-reply-prose"
    ),
    pytest.param('<p>"Leave a comment," the moderator told him.</p>', id="quoted"),
    pytest.param("<p>Double-click to edit the cell, the manual says.</p>", id="click-to-edit"),
    pytest.param("<p>The diary is a sample page from 1942.</p>", id="sample-page"),
    pytest.param("<p>Fans replaced with robots? Not yet, the club said.</p>", id="replaced-with"),
    pytest.param("<p>He said [inserted by editor] that the plan was dead.</p>", id="inserted"),
    pytest.param(
        '<nav aria-label="Post navigation"><h2>Post navigation</h2></nav>', id="post-navigation"
    ),
]


@pytest.mark.parametrize("body", CMS_PROSE)
def test_journalism_with_similar_words_passes_cms(check_html: CheckHtml, body: str) -> None:
    assert found(check_html, body) == []


def test_comment_form_chrome_is_reported_even_in_a_real_comment_form(
    check_html: CheckHtml,
) -> None:
    body = (
        '<div id="respond" class="comment-respond">\n'
        '<h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>\n'
        '<form id="commentform"><p class="comment-notes">Your email address will not be '
        "published.</p></form>\n</div>"
    )
    assert found(check_html, body) == [("cms-boilerplate", BODY + 1), ("cms-boilerplate", BODY + 2)]


# --- both --------------------------------------------------------------------------------


def test_one_finding_per_block_and_rule(check_html: CheckHtml) -> None:
    body = (
        "<p>Certainly! Here's a rewritten version. I hope this helps. Leave a comment</p>\n"
        "<p>Lorem ipsum dolor sit amet. (Replace with a quote)</p>"
    )
    assert found(check_html, body) == [
        ("ai-boilerplate", BODY),
        ("cms-boilerplate", BODY),
        ("cms-boilerplate", BODY + 1),
    ]


def test_inline_suppression_comment(check_html: CheckHtml) -> None:
    body = (
        "<!-- newsdocs: ignore cms-boilerplate -->\n"
        '<div id="comments"><h3>Leave a Reply</h3></div>\n'
        "<!-- newsdocs: ignore ai-boilerplate cms-boilerplate -->\n"
        "<p>I hope this helps! Leave a comment</p>\n"
        "<p>I hope this helps!</p>\n"
        "<p>Leave a comment</p>"
    )
    assert found(check_html, body) == [("ai-boilerplate", BODY + 4), ("cms-boilerplate", BODY + 5)]


def test_extra_phrases_from_config_extend_the_lists(check_html: CheckHtml) -> None:
    body = (
        "<p>Schreibe einen Kommentar</p>\n"
        "<p>The region, per the analysis generated by our assistant, is stable.</p>\n"
        "<p>Leave a comment</p>"
    )
    config = CheckConfig.from_mapping(
        {
            "extra-cms-phrases": ["Schreibe einen Kommentar"],
            "extra-ai-phrases": ["generated by our assistant"],
        },
        "test",
    )
    assert found(check_html, body) == [("cms-boilerplate", BODY + 2)]
    assert found(check_html, body, config) == [
        ("cms-boilerplate", BODY),
        ("ai-boilerplate", BODY + 1),
        ("cms-boilerplate", BODY + 2),
    ]


def test_config_ignore_and_per_path_ignores(check_html: CheckHtml) -> None:
    body = "<p>I hope this helps!</p>\n<p>Leave a comment</p>"
    ignore = CheckConfig.from_mapping({"ignore": ["cms-boilerplate"]}, "test")
    assert found(check_html, body, ignore) == [("ai-boilerplate", BODY)]
    per_path = CheckConfig.from_mapping(
        {"per-path-ignores": {"*page.html": ["ai-boilerplate", "cms-boilerplate"]}}, "test"
    )
    assert found(check_html, body, per_path) == []


def test_phrases_are_matched_across_case_quotes_and_spacing(check_html: CheckHtml) -> None:
    body = "<p>I\u00a0CANNOT   create a\nnews  ARTICLE from this.</p>"
    assert found(check_html, body) == [("ai-boilerplate", BODY)]


def test_case_folding_letters_still_match(check_html: CheckHtml) -> None:
    config = CheckConfig.from_mapping({"extra-cms-phrases": ["strasse der templates"]}, "test")
    assert found(check_html, "<p>STRAẞE DER TEMPLATES</p>", config) == [("cms-boilerplate", BODY)]


# --- the motivating article --------------------------------------------------------------


def seed_paragraphs() -> list[str]:
    return [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


def paragraphs_page(paragraphs: list[str]) -> str:
    return page("\n".join(f"<p>{html.escape(text)}</p>" for text in paragraphs))


def line_of(paragraphs: list[str], start: str) -> int:
    return BODY + next(i for i, text in enumerate(paragraphs) if text.startswith(start))


def test_the_seed_article_is_refused(check_html: CheckHtml) -> None:
    paragraphs = seed_paragraphs()
    findings: list[Finding] = check_html(paragraphs_page(paragraphs), rules=RULES)
    assert [(f.rule, f.line) for f in findings] == [
        ("cms-boilerplate", line_of(paragraphs, "A representative image")),
        ("ai-boilerplate", line_of(paragraphs, "I cannot create a news article")),
        ("cms-boilerplate", line_of(paragraphs, "Leave a Comment")),
        ("cms-boilerplate", line_of(paragraphs, "This site uses Akismet")),
    ]
    assert '"I cannot create a news article"' in findings[1].message


def cleaned_seed_paragraphs() -> list[str]:
    leaks = ("(Replace with", "I cannot create", "Leave a Comment", "This site uses Akismet")
    return [text for text in seed_paragraphs() if not any(leak in text for leak in leaks)]


def test_the_cleaned_seed_article_passes(check_html: CheckHtml) -> None:
    cleaned = cleaned_seed_paragraphs()
    assert len(cleaned) == len(seed_paragraphs()) - 4
    rules = {*RULES, "leaked-source"}
    assert check_html(paragraphs_page(cleaned), rules=rules) == []


# --- the shared phrase matcher finds a phrase however it is cased, quoted or spaced ---------

ALL_PHRASES = [
    phrase
    for matcher in (
        CONTEXT.ai_phrases,
        CONTEXT.ai_standalone_phrases,
        CONTEXT.cms_phrases,
        CONTEXT.cms_standalone_phrases,
    )
    for phrase in matcher.phrases
]
SEPARATORS = st.sampled_from([" ", "\n", ". ", "(", '"', "\u201c", "\u00a0", " \u2014 "])
FILLER = st.text(alphabet="aZ é.,!?ßﬁ", max_size=12)
CURLY = str.maketrans({"'": "\u2019", '"': "\u201d"})


@settings(max_examples=300, deadline=None)
@given(
    before=FILLER,
    left=SEPARATORS,
    phrase=st.sampled_from(ALL_PHRASES),
    right=SEPARATORS,
    after=FILLER,
    upper=st.booleans(),
    curly=st.booleans(),
)
def test_the_matcher_finds_a_phrase_however_it_is_written(
    before: str, left: str, phrase: str, right: str, after: str, upper: bool, curly: bool
) -> None:
    written = phrase.upper() if upper else phrase
    written = written.translate(CURLY) if curly else written
    text = before + left + written.replace(" ", "  ") + right + after
    matcher = PhraseMatcher([phrase])
    assert phrase in {match.phrase for match in matcher.find(text)}


def test_the_matcher_respects_word_boundaries() -> None:
    matcher = PhraseMatcher(["leave a comment", "[insert"])
    assert matcher.find("Please leave a comments section") == []
    assert [m.phrase for m in matcher.find("Leave a Comment")] == ["leave a comment"]
    assert [m.phrase for m in matcher.find("x[insert quote]")] == ["[insert"]
