"""What the rules ask of a page: its text blocks, the page text, and where its links lead."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsdocs.check.containers import ContainerError, DirectoryContainer
from newsdocs.check.document import Document
from newsdocs.check.parse import parse_html


def document(html: str, tmp_path: Path, name: str = "page.html") -> Document:
    parsed = parse_html(html.encode())
    return Document(name, name, parsed.root, parsed.text, DirectoryContainer(tmp_path))


@pytest.mark.parametrize(
    ("html", "blocks"),
    [
        pytest.param("<p>a <b>b</b>\n  c</p><p> </p>", ["a b c"], id="collapsed-empty-dropped"),
        pytest.param("<div>x<p>in</p>y</div>", ["in", "x y"], id="nested-first"),
        pytest.param("<p>a<br>b</p>", ["a b"], id="br-is-a-space"),
        pytest.param("<p>a<code>x<b>y</b></code>b</p>", ["a \ufffc b"], id="inline-code"),
        pytest.param("<div>a<pre>x</pre>b</div>", ["ab"], id="pre-left-out"),
        pytest.param("<p>a<code><pre>x</pre></code>b</p>", ["a \ufffc b"], id="code-around-pre"),
        pytest.param("<div>a<pre><code>x</code></pre>b</div>", ["ab"], id="pre-around-code"),
        pytest.param("<p>a<!-- c -->b<script>s</script>c</p>", ["abc"], id="comment-script"),
        pytest.param(
            "<ul><li>one</li><li>two<ul><li>2a</li></ul></li></ul>", ["one", "2a", "two"], id="list"
        ),
        pytest.param("<p>x\u00a0\u2009y</p>", ["x y"], id="unicode-spaces"),
    ],
)
def test_text_blocks(tmp_path: Path, html: str, blocks: list[str]) -> None:
    page = document(f"<html><head><title>T</title></head><body>{html}</body></html>", tmp_path)
    assert page.block_texts == blocks
    assert [block.text for block in page.blocks] == blocks
    assert [block.element for block in page.blocks] == page.block_elements


def test_the_page_text_maps_matches_to_their_blocks(tmp_path: Path) -> None:
    page = document("<p>first</p><div><p>second one</p>third</div>", tmp_path)
    assert page.page_text.text == "first\nsecond one\nthird"
    assert page.page_text.blocks_with(re.compile("o|d")) == [1, 2]
    assert [page.page_text.block_of(offset) for offset in (0, 5, 6, 16, 17)] == [0, 0, 1, 1, 2]


def test_links_resolve_from_each_page_s_own_directory(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.html").write_text("x")
    (tmp_path / "b").mkdir()
    container = DirectoryContainer(tmp_path)
    first = Document("a/p.html", "a/p.html", parse_html(b"<p>a</p>").root, "", container)
    second = Document("b/q.html", "b/q.html", parse_html(b"<p>b</p>").root, "", container)
    for _ in range(2):  # the second time from what the container remembers
        assert first.resolve("x.html#s") == ("a/x.html", "s")
        assert second.resolve("x.html#s") == ("b/x.html", "s")
        assert first.resolve("#top") == ("a/p.html", "top")
        assert second.resolve("#top") == ("b/q.html", "top")
        assert first.resolve("../a/") == ("a/index.html", "")
        assert first.resolve("%78.html?q=1#%C3%A9") == ("a/x.html", "\u00e9")
        assert first.resolve(" x.html ") == ("a/x.html", "")
        assert first.resolve("../../x.html") is None
        assert first.resolve("//host/x.html") is None


def test_a_page_read_is_looked_up_again_not_remembered(tmp_path: Path) -> None:
    container = DirectoryContainer(tmp_path)
    (tmp_path / "p.html").write_text("old")
    assert container.exists("p.html")
    (tmp_path / "p.html").write_text("a longer page than before")
    assert container.read("p.html") == b"a longer page than before"
    (tmp_path / "p.html").unlink()
    (tmp_path / "p.html").mkdir()
    with pytest.raises(ContainerError, match="not a file"):
        container.read("p.html")
