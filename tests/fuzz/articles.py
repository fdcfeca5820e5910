"""Hypothesis strategies for articles: the newsdocs fields and directives, with option values
and contents that are sometimes right, sometimes wrong and sometimes hostile."""

from __future__ import annotations

from hypothesis import strategies as st

AUTHOR_IDS = ("ana-lima", "li-wei")
HOSTILE = (
    "</script><script>alert(1)</script>", "\"quoted\" & 'single'", "]]>", "<!-- x -->",
    "javascript:alert(1)", "../../../../../../etc/passwd", "/etc/passwd", "\u202eevil\u202c",
    "\x00\x01\x1b[31m\x7f\x85\u2028", "a" * 300, "(", ")", ",", " and ", "|", ":", "::",
    "`", "*", "_", "\\", "..", "|x|", "[#]_", ":raw:`<b>`", "`x <javascript:y>`_",
)  # fmt: skip
DATES = (
    "2025-01-01T09:00:00+00:00", "2025-01-02T09:00:00+08:00", "2025-06-01T11:59:59Z",
    "2025-01-01", "2025-02-30T09:00:00+00:00", "2025-01-01T09:00:00", "yesterday", "",
    "9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-12:00",
)  # fmt: skip
IMAGES = (
    "../images/ok.png", "/images/ok.png", "../images/missing.png", "https://x.example/a.png",
    "data:image/png;base64,AAAA", "../../../../../../etc/passwd", "../images/ok.*", "",
)  # fmt: skip

words = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\n"), max_size=30
)
value = st.one_of(words, st.sampled_from(HOSTILE), st.sampled_from(AUTHOR_IDS)).map(str.strip)
line = st.lists(st.one_of(value, st.sampled_from(HOSTILE)), min_size=1, max_size=4).map(" ".join)
paragraph = st.lists(line, min_size=1, max_size=3).map("\n".join)


def indented(text: str, spaces: int = 3) -> str:
    return "\n".join(" " * spaces + row if row.strip() else "" for row in text.splitlines())


def options(draw: st.DrawFn, known: dict[str, st.SearchStrategy[str]]) -> str:
    chosen = draw(st.lists(st.sampled_from(sorted(known)), unique=True))
    if draw(st.booleans()) and draw(st.booleans()):
        chosen.append(draw(st.sampled_from(["credits", "by", "alt", "type", "bogus"])))
    lines = []
    for name in chosen:
        strategy = known.get(name, value)
        lines.append(f":{name}: {draw(strategy)}".rstrip())
    return indented("\n".join(lines))


person = st.one_of(
    st.sampled_from(AUTHOR_IDS),
    st.tuples(value, value).map(lambda pair: f"{pair[0]} ({pair[1]})"),
    value,
)
people = st.lists(person, min_size=0, max_size=3).map(", ".join)


@st.composite
def byline(draw: st.DrawFn) -> str:
    known = {"by": people, "additional-reporting": people, "photos": people}
    return f".. byline::\n{options(draw, known)}\n"


@st.composite
def photo(draw: st.DrawFn) -> str:
    path = draw(st.one_of(st.sampled_from(IMAGES), value))
    known = {"alt": value, "credit": value, "lead": st.just("")}
    caption = draw(st.one_of(st.just(""), paragraph))
    block = f".. photo:: {path}\n{options(draw, known)}\n"
    return block + (f"\n{indented(caption)}\n" if caption else "")


@st.composite
def pullquote(draw: st.DrawFn, body: str) -> str:
    words_of_body = body.split()
    quoted = " ".join(words_of_body[: draw(st.integers(0, 12))]) or draw(value)
    if draw(st.booleans()):
        quoted = draw(paragraph)
    return f".. pullquote::\n{options(draw, {'attribution': value})}\n\n{indented(quoted)}\n"


@st.composite
def interview(draw: st.DrawFn) -> str:
    handles = draw(st.lists(st.one_of(st.sampled_from(["carter", "li", "x-1"]), value), max_size=3))
    speakers = "\n".join(
        f"{handle}: {draw(value)} | {draw(value)}"
        + (" | interviewer" if draw(st.booleans()) else "")
        for handle in handles
    )
    turns = "\n\n".join(
        f"{draw(st.one_of(st.sampled_from(handles or ['nobody']), value))}\n"
        f"{indented(draw(paragraph))}"
        for _ in range(draw(st.integers(0, 4)))
    )
    block = ".. interview::\n"
    if speakers or draw(st.booleans()):
        block += f"   :speakers:\n{indented(speakers, 6)}\n"
    return block + (f"\n{indented(turns)}\n" if turns else "")


@st.composite
def notice(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(["correction", "update"]))
    date = draw(st.one_of(st.sampled_from(DATES), value))
    known = {"type": st.one_of(st.sampled_from(["correction", "clarification", "update"]), value)}
    text = draw(st.one_of(st.just(""), paragraph))
    block = f".. {name}:: {date}\n{options(draw, known)}\n"
    return block + (f"\n{indented(text)}\n" if text else "")


FIELDS = {
    "section": st.sampled_from(["world", "sport", ""]),
    "kicker": value,
    "dek": line,
    "tags": st.lists(value, max_size=4).map(", ".join),
    "published": st.sampled_from(DATES),
    "updated": st.sampled_from(DATES),
    "dateline": value,
    "status": st.sampled_from(["draft", "published", "maybe"]),
    "bogus": value,
}


@st.composite
def article(draw: st.DrawFn) -> str:
    """A whole article: fields, headline, then directives among body paragraphs."""
    names = draw(st.lists(st.sampled_from(list(FIELDS)), unique=True))
    if draw(st.booleans()):  # mostly a real article, so the directives are reached
        names = ["section", "published", *[n for n in names if n not in ("section", "published")]]
    fields = "\n".join(f":{name}: {draw(FIELDS[name])}".rstrip() for name in names)
    headline = draw(st.one_of(line, st.just("")))
    title = f"{headline}\n{'=' * max(len(headline), 1)}\n" if headline.strip() else ""
    body = draw(st.lists(paragraph, min_size=1, max_size=3))
    text_of_body = " ".join(body)
    blocks = draw(
        st.lists(
            st.one_of(byline(), photo(), pullquote(text_of_body), interview(), notice()),
            max_size=5,
        )
    )
    parts = [*body, *blocks]
    order = draw(st.permutations(range(len(parts))))
    content = "\n\n".join(parts[index] for index in order)
    return f"{fields}\n\n{title}\n{content}\n"
