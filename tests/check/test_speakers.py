"""The speaker-inconsistent rule: one interview speaker, one spelling."""

from __future__ import annotations

import pytest

from newsdocs.check import Severity

from .conftest import CheckHtml, page

RULE = {"speaker-inconsistent"}
BODY_LINE = 8  # page() puts the first body line here


def interview(*labels: str, tag: str = "p") -> str:
    """Paragraphs, one a line, each opening with a label ("<strong>X:</strong>" is allowed)."""
    return "\n".join(f"<{tag}>{label} Something was said here.</{tag}>" for label in labels)


def definition_list(*terms: str) -> str:
    items = "\n".join(f"<dt>{term}</dt><dd>Something was said here.</dd>" for term in terms)
    return f"<dl>\n{items}\n</dl>"


def findings(check_html: CheckHtml, body: str) -> list[tuple[int | None, str]]:
    return [(f.line, f.message) for f in check_html(page(body), rules=RULE)]


SEED = interview(
    "Emily carter:",
    "Dr. Alexei Plotnikov:",
    "Emily Carter:",
    "Dr. Alexei Plotnikov:",
    "Emily carter:",
    "Dr. Alexei Plotnikov:",
    "Emily Carter:",
    "Dr. Alexei Plotnikov:",
    "Emily Carter:",
)


def test_the_seed_interview_fails_once_at_the_first_variant(check_html: CheckHtml) -> None:
    (finding,) = check_html(page(SEED), rules=RULE)
    assert finding.line == BODY_LINE
    assert finding.severity == Severity.ERROR
    assert finding.message == (
        f"'Emily carter' and 'Emily Carter' (line {BODY_LINE + 2}) look like the same speaker; "
        "use one spelling"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # case
        (
            interview("Emily Carter:", "Alexei Plotnikov:", "EMILY CARTER:", "Alexei Plotnikov:"),
            [(BODY_LINE + 2, "'EMILY CARTER' and 'Emily Carter' (line 8)")],
        ),
        # diacritics
        (
            interview("José García:", "Ana Ruiz:", "Jose Garcia:", "Ana Ruiz:", "José García:"),
            [(BODY_LINE + 2, "'Jose Garcia' and 'José García' (line 8)")],
        ),
        (
            interview("Lech Wałęsa:", "Ana Ruiz:", "Lech Walesa:", "Ana Ruiz:"),
            [(BODY_LINE + 2, "'Lech Walesa' and 'Lech Wałęsa' (line 8)")],
        ),
        # punctuation and spacing
        (
            interview(
                "Dr. Alexei Plotnikov:", "Emily Carter:", "Dr Alexei Plotnikov:", "Emily Carter:"
            ),
            [(BODY_LINE + 2, "'Dr Alexei Plotnikov' and 'Dr. Alexei Plotnikov' (line 8)")],
        ),
        (
            interview("Jean-Pierre Roux:", "Emily Carter:", "Jean Pierre Roux:", "Emily Carter:"),
            [(BODY_LINE + 2, "'Jean Pierre Roux' and 'Jean-Pierre Roux' (line 8)")],
        ),
        (
            interview("Emily Carter:", "Ana Ruiz:", "EmilyCarter:", "Ana Ruiz:"),
            [(BODY_LINE + 2, "'EmilyCarter' and 'Emily Carter' (line 8)")],
        ),
        # a one-letter typo inside a longer word, when one spelling is settled
        (
            interview(
                "Alexei Plotnikov:",
                "Emily Carter:",
                "Alexei Plotnikv:",
                "Emily Carter:",
                "Alexei Plotnikov:",
            ),
            [(BODY_LINE + 2, "'Alexei Plotnikv' and 'Alexei Plotnikov' (line 8)")],
        ),
        (
            interview("Emily Carter:", "Ana Ruiz:", "Emily Cartre:", "Ana Ruiz:", "Emily Carter:"),
            [(BODY_LINE + 2, "'Emily Cartre' and 'Emily Carter' (line 8)")],
        ),
        (
            interview("Emily Carter:", "Ana Ruiz:", "Emilly Carter:", "Ana Ruiz:", "Emily Carter:"),
            [(BODY_LINE + 2, "'Emilly Carter' and 'Emily Carter' (line 8)")],
        ),
        # the majority spelling is the intended one, even when it comes later
        (
            interview("Emily carter:", "Ana Ruiz:", "Emily Carter:", "Ana Ruiz:", "Emily Carter:"),
            [(BODY_LINE, "'Emily carter' and 'Emily Carter' (line 10)")],
        ),
        # each variant spelling once, at its first use
        (
            interview(
                "Emily Carter:",
                "Ana Ruiz:",
                "Emily carter:",
                "ana ruiz:",
                "Emily carter:",
                "EMILY CARTER:",
                "Ana Ruiz:",
                "Emily Carter:",
            ),
            [
                (BODY_LINE + 2, "'Emily carter' and 'Emily Carter' (line 8)"),
                (BODY_LINE + 3, "'ana ruiz' and 'Ana Ruiz' (line 9)"),
                (BODY_LINE + 5, "'EMILY CARTER' and 'Emily Carter' (line 8)"),
            ],
        ),
        # particles are fine, but not the same particle name cased two ways
        (
            interview(
                "Ursula von der Leyen:", "Emily Carter:", "Ursula Von Der Leyen:", "Emily Carter:"
            ),
            [(BODY_LINE + 2, "'Ursula Von Der Leyen' and 'Ursula von der Leyen' (line 8)")],
        ),
    ],
)
def test_variant_spellings_fail(
    check_html: CheckHtml, body: str, expected: list[tuple[int, str]]
) -> None:
    found = findings(check_html, body)
    assert [(line, message.split(" look like")[0]) for line, message in found] == expected
    assert all(
        message.endswith("look like the same speaker; use one spelling") for _, message in found
    )


@pytest.mark.parametrize(
    "body",
    [
        # a clean interview
        interview(
            "Emily Carter:", "Dr. Alexei Plotnikov:", "Emily Carter:", "Dr. Alexei Plotnikov:"
        ),
        # lowercase particles, used consistently
        interview(
            "Ursula von der Leyen:",
            "Charles de Gaulle:",
            "Ursula von der Leyen:",
            "Charles de Gaulle:",
            "Vincent van Gogh:",
            "Mohammed bin Salman:",
            "Vincent van Gogh:",
            "Mohammed bin Salman:",
        ),
        # different people, one letter apart at a word's first letter
        interview("Dan Smith:", "Jan Smith:", "Dan Smith:", "Jan Smith:"),
        # ... at its last letter (forms of a name), or in a short word
        interview("Mario Rossi:", "Maria Rossi:", "Mario Rossi:", "Maria Rossi:"),
        interview("Daniel Weber:", "Daniela Weber:", "Daniel Weber:", "Daniela Weber:"),
        interview("Anna Smith:", "Anne Smith:", "Anna Smith:", "Anne Smith:"),
        interview("Mark Lee:", "Mary Lee:", "Mark Lee:", "Mary Lee:"),
        # further apart than one typo
        interview("Emily Carter:", "Emma Carter:", "Emily Carter:", "Emma Carter:"),
        # a typo with no settled spelling to be a typo of
        interview("Alexei Plotnikov:", "Emily Carter:", "Alexei Plotnikv:", "Emily Carter:"),
        # Q and A, notes and updates are not speakers
        interview("Q:", "A:", "q:", "a:", "Note:", "NOTE:", "Update:", "UPDATE:", "Q:"),
        interview("<strong>Q:</strong>", "<strong>A:</strong>", "<b>q:</b>", "<b>a:</b>"),
        # lead-ins that are not names, and a label must open the paragraph
        interview(
            "The answer is simple:", "Emily Carter:", "The Answer Is Simple:", "Emily Carter:"
        ),
        interview("Emily Carter:", "Ana Ruiz:", "Later, Emily carter:", "Ana Ruiz:"),
        interview("Emily Carter:", "Ana Ruiz:", "He met Emily carter at 10:30:", "Ana Ruiz:"),
        # headings that merely repeat a lead-in, with no exchange between them
        interview("Background:", "Appendix one:", "Appendix One:", "Methods:"),
        # a glossary, not an interview
        definition_list("Colour", "Color", "Weight", "Height"),
        # the same spelling, bold or plain, colon inside or outside the bold
        interview(
            "<strong>Emily Carter:</strong>",
            "Ana Ruiz:",
            "<b>Emily Carter</b>:",
            "Ana Ruiz:",
            "Emily Carter:",
        ),
        # too long to be a label
        interview(
            "One two three four five six seven:",
            "Ana Ruiz:",
            "one two three four five six seven:",
            "Ana Ruiz:",
        ),
    ],
)
def test_consistent_or_unrelated_labels_pass(check_html: CheckHtml, body: str) -> None:
    assert findings(check_html, body) == []


def test_bold_labels(check_html: CheckHtml) -> None:
    body = interview(
        "<strong>Emily Carter:</strong>",
        "<strong>Alexei Plotnikov:</strong>",
        "<b>Emily carter:</b>",
        "<b>Alexei Plotnikov</b>:",
    )
    assert findings(check_html, body) == [
        (
            BODY_LINE + 2,
            "'Emily carter' and 'Emily Carter' (line 8) look like the same speaker; "
            "use one spelling",
        )
    ]


def test_definition_list_labels(check_html: CheckHtml) -> None:
    body = definition_list("Emily Carter", "Alexei Plotnikov", "Emily carter:", "Alexei Plotnikov")
    assert findings(check_html, body) == [
        (
            BODY_LINE + 3,
            "'Emily carter' and 'Emily Carter' (line 9) look like the same speaker; "
            "use one spelling",
        )
    ]


def test_definition_list_consistent(check_html: CheckHtml) -> None:
    body = definition_list(
        "Emily Carter:", "Alexei Plotnikov:", "Emily Carter:", "Alexei Plotnikov:"
    )
    assert findings(check_html, body) == []


def test_labels_in_divs(check_html: CheckHtml) -> None:
    body = interview("Emily Carter:", "Ana Ruiz:", "Emily carter:", "Ana Ruiz:", tag="div")
    assert [line for line, _ in findings(check_html, body)] == [BODY_LINE + 2]


def test_labels_elsewhere_are_not_read(check_html: CheckHtml) -> None:
    body = interview("Emily Carter:", "Ana Ruiz:", "Emily carter:", "Ana Ruiz:", tag="li")
    assert findings(check_html, f"<ul>{body}</ul>") == []


def test_the_whole_page_is_one_scope(check_html: CheckHtml) -> None:
    body = (
        "<article>\n"
        + interview("Emily Carter:", "Ana Ruiz:", "Emily Carter:")
        + "\n</article>\n<article>\n"
        + interview("Ana Ruiz:", "Emily carter:", "Ana Ruiz:")
        + "\n</article>"
    )
    assert [line for line, _ in findings(check_html, body)] == [BODY_LINE + 7]
