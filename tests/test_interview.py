"""``interview``: turns shown under the speakers' declared full names, questions marked."""

from __future__ import annotations

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.build_output import (
    assert_messages,
    by_class,
    main,
    shared_build,
    source_line,
    text,
)

newsroom = shared_build("newsroom", "interview-newsroom")
errors = shared_build("errors", "interview-errors")

DOCNAME = "world/plotnikov-interview"
CARTER = "Emily Carter"
PLOTNIKOV = "Dr. Alexei Plotnikov"


@newsroom
def test_turns_are_labelled_with_declared_names(app: SphinxTestApp) -> None:
    app.build()
    (interview,) = by_class(main(app, DOCNAME), "nd-interview")
    assert interview.tag == "section"
    assert interview.get("aria-label") == "Interview"
    turns = [
        (text(dt), text(dt.getnext()))
        for dt in interview.xpath(".//dl[contains(@class, 'nd-turns')]/dt")
    ]
    assert turns == [
        (CARTER, "Dr. Plotnikov, thank you for joining us. What do you make of the message?"),
        (
            PLOTNIKOV,
            "Cooperation between these two powers is not entirely new. "
            "The recent messaging suggests a more robust partnership.",
        ),
        (CARTER, "How might it affect the war in Ukraine?"),
        (
            PLOTNIKOV,
            "Beijing\N{RIGHT SINGLE QUOTATION MARK}s support for Moscow could prolong the war.",
        ),
    ]
    # The handles are for the editor; readers never see them.
    words = text(interview).replace(",", " ").split()
    assert "carter" not in words
    assert "plotnikov" not in words


@newsroom
def test_questions_and_answers_are_marked(app: SphinxTestApp) -> None:
    app.build()
    (turns,) = by_class(main(app, DOCNAME), "nd-turns")
    marks = []
    for dt in turns.xpath("./dt"):
        dd = dt.getnext()
        assert dd.tag == "dd"
        kind = {"nd-question", "nd-answer"} & set(dt.classes)
        assert kind == {"nd-question", "nd-answer"} & set(dd.classes)
        marks.append((text(dt), *kind))
    assert marks == [
        (CARTER, "nd-question"),
        (PLOTNIKOV, "nd-answer"),
        (CARTER, "nd-question"),
        (PLOTNIKOV, "nd-answer"),
    ]
    # An answer keeps its paragraphs.
    first_answer = turns.xpath("./dd")[1]
    assert len(first_answer.xpath("./p")) == 2


@newsroom
def test_speakers_paragraph(app: SphinxTestApp) -> None:
    app.build()
    (speakers,) = by_class(main(app, DOCNAME), "nd-speakers")
    assert text(speakers) == (
        "Emily Carter, Senior Editor, The Meridian; "
        "Dr. Alexei Plotnikov, Senior fellow, Center for Strategic and International Studies."
    )
    assert [text(s) for s in speakers.xpath("./strong")] == [CARTER, PLOTNIKOV]


@newsroom
def test_turns_carry_the_line_of_their_handle(app: SphinxTestApp) -> None:
    app.build()
    (turns,) = by_class(main(app, DOCNAME), "nd-turns")
    lines = [int(dt.get("data-line")) for dt in turns.xpath("./dt")]
    # A handle is the line above its words (the handle alone also matches the speakers list).
    first_question = source_line(app, DOCNAME, "Dr. Plotnikov, thank you") - 1
    first_answer = source_line(app, DOCNAME, "Cooperation between") - 1
    assert lines[:2] == [first_question, first_answer]


INTERVIEW_MISTAKES = [
    pytest.param(
        "interview-undeclared",
        # At the turn, not at the directive.
        [(14, "ERROR", "'alexei' is not a declared speaker (declared: carter, plotnikov)")],
        id="undeclared-handle",
    ),
    pytest.param(
        "interview-empty-turn",
        [(14, "ERROR", "the turn of 'plotnikov' is empty")],
        id="empty-turn",
    ),
    pytest.param(
        "interview-silent-speaker",
        [(6, "WARNING", "speaker 'guest' (Ann Bee) is declared but never speaks")],
        id="silent-speaker",
    ),
    pytest.param(
        "interview-bad-speakers",
        [(6, "ERROR", "cannot read speaker 'carter Emily Carter'")],
        id="bad-speakers-line",
    ),
    pytest.param(
        "interview-duplicate",
        [(6, "ERROR", "speaker 'carter' is declared twice")],
        id="duplicate-handle",
    ),
    pytest.param(
        "interview-non-turn",
        [(6, "ERROR", "every turn is a speaker handle on its own line")],
        id="non-turn-content",
    ),
]


@errors
@pytest.mark.parametrize(("docname", "expected"), INTERVIEW_MISTAKES)
def test_interview_mistakes_are_located(
    app: SphinxTestApp, docname: str, expected: list[tuple[int, str, str]]
) -> None:
    app.build()
    assert_messages(app, docname, expected)


@errors
def test_an_undeclared_turn_is_left_out_and_the_rest_rendered(app: SphinxTestApp) -> None:
    app.build()
    (turns,) = by_class(main(app, "interview-undeclared"), "nd-turns")
    assert [text(dt) for dt in turns.xpath("./dt")] == [CARTER, PLOTNIKOV]
    assert "alexei" not in text(main(app, "interview-undeclared"))
