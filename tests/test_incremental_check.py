"""The gate on a rebuilt site checks again only what may have changed, and finds exactly what
a check of every page finds: after every change below, ``check_site`` is compared with
``check_paths`` on the same tree."""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdocs import incremental_check
from newsdocs.check import CheckConfig, CheckResult, Finding, check_paths, engine
from newsdocs.check.engine import load_document
from newsdocs.check.references import page_references
from newsdocs.incremental_check import RECORD_FILE, check_site
from tests.build_output import snapshot

Pages = dict[str, str]


def page(body: str, *, head: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Page</title>\n'
        f"{head}</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def link(href: str) -> str:
    return f'<p>See <a href="{href}">the other story</a>.</p>'


def section(anchor: str) -> str:
    return f'<h2 id="{anchor}">Part {anchor}</h2>\n<p>Words of part {anchor}.</p>'


class Site:
    """A checked tree, its record, and the pages each ``check`` looked at."""

    def __init__(self, root: Path, config: CheckConfig | None = None) -> None:
        self.root = root
        self.record = root.parent / f"{root.name}-record" / RECORD_FILE
        self.config = config or CheckConfig()
        self.checked: list[str] = []

    def write(self, name: str, text: str | bytes) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")

    def remove(self, name: str) -> None:
        path = self.root / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()

    def check(self) -> CheckResult:
        """``check_site``, after asserting it agrees with a check of every page."""
        self.checked.clear()
        result = check_site(self.root, self.config, self.record, jobs=1)
        full = check_paths([self.root], self.config, jobs=1)
        assert result.findings == full.findings
        assert result.checked == full.checked
        return result

    def rules(self, result: CheckResult, name: str) -> list[str]:
        return [f.rule for f in result.findings if f.path == str(self.root / name)]


@pytest.fixture
def checked_units(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the pages the gate checks, as it checks them."""
    checked: list[str] = []
    real_check_units = incremental_check._check_units

    def counting(units: list[engine.Unit], config: CheckConfig, jobs: int) -> Iterator[object]:
        checked.extend(unit.name for unit in units)
        return real_check_units(units, config, jobs)

    monkeypatch.setattr(incremental_check, "_check_units", counting)
    return checked


@pytest.fixture
def site(tmp_path: Path, checked_units: list[str]) -> Site:
    made = Site(tmp_path / "out")
    made.checked = checked_units
    made.root.mkdir()
    return made


def build(site: Site, pages: Pages) -> None:
    for name, text in pages.items():
        site.write(name, text)


STORIES: Pages = {
    "index.html": page(link("world/summit.html") + link("world/floods.html#part-b")),
    "world/summit.html": page(section("part-a") + link("floods.html")),
    "world/floods.html": page(section("part-a") + section("part-b")),
    "about.html": page("<p>About us.</p>"),
}


def test_a_first_check_checks_everything(site: Site) -> None:
    build(site, STORIES)
    site.check()
    assert sorted(site.checked) == sorted(STORIES)


def test_nothing_changed_nothing_checked(site: Site) -> None:
    build(site, STORIES)
    site.check()
    site.check()
    assert site.checked == []


def test_a_changed_page_and_the_pages_linking_to_it_are_checked(site: Site) -> None:
    build(site, STORIES)
    site.check()
    site.write("world/floods.html", page(section("part-a") + section("part-b") + "<p>More.</p>"))
    site.check()
    assert sorted(site.checked) == ["index.html", "world/floods.html", "world/summit.html"]


def test_a_deleted_target_is_a_broken_link_on_the_unchanged_page(site: Site) -> None:
    build(site, STORIES)
    assert site.check().findings == []
    site.remove("world/summit.html")
    result = site.check()
    assert site.rules(result, "index.html") == ["broken-link"]
    assert site.checked == ["index.html"]


def test_a_renamed_target_is_caught_and_the_fix_clears_it(site: Site) -> None:
    build(site, STORIES)
    site.check()
    (site.root / "world/floods.html").rename(site.root / "world/flooding.html")
    result = site.check()
    assert site.rules(result, "index.html") == ["broken-link"]
    assert site.rules(result, "world/summit.html") == ["broken-link"]
    site.write("world/summit.html", page(section("part-a") + link("flooding.html")))
    site.write("index.html", page(link("world/summit.html") + link("world/flooding.html#part-b")))
    assert site.check().findings == []


def test_an_id_that_goes_away_is_a_broken_anchor_on_the_unchanged_page(site: Site) -> None:
    build(site, STORIES)
    site.check()
    site.write("world/floods.html", page(section("part-a")))
    result = site.check()
    assert site.rules(result, "index.html") == ["broken-anchor"]


def test_a_target_that_appears_clears_the_finding_of_an_unchanged_page(site: Site) -> None:
    build(site, {**STORIES, "about.html": page(link("later.html"))})
    assert site.rules(site.check(), "about.html") == ["broken-link"]
    site.write("later.html", page("<p>Here now.</p>"))
    assert site.check().findings == []
    assert sorted(site.checked) == ["about.html", "later.html"]


def test_findings_of_unchanged_pages_are_kept(site: Site) -> None:
    build(site, {**STORIES, "about.html": page(link("missing.html"))})
    site.check()
    site.write("world/floods.html", page(section("part-a") + section("part-b") + "<p>x</p>"))
    result = site.check()
    assert "about.html" not in site.checked
    assert site.rules(result, "about.html") == ["broken-link"]


def test_a_link_to_a_directory_follows_its_index(site: Site) -> None:
    build(site, {"index.html": page(link("archive/#top-story")), **_archive("top-story")})
    assert site.check().findings == []
    site.write("archive/index.html", page(section("other")))
    result = site.check()
    assert site.rules(result, "index.html") == ["broken-anchor"]
    site.remove("archive")
    result = site.check()
    assert site.rules(result, "index.html") == ["broken-link"]


def _archive(anchor: str) -> Pages:
    return {"archive/index.html": page(section(anchor))}


def test_images_and_srcsets_are_dependencies(site: Site) -> None:
    body = '<img src="a.png" alt="A"><img srcset="b.png 1x, c.png 2x" src="a.png" alt="B">'
    build(site, {"index.html": page(body), "a.png": b"png", "b.png": b"png", "c.png": b"png"})
    assert site.check().findings == []
    site.remove("c.png")
    site.check()
    assert site.checked == ["index.html"]


def test_a_page_with_a_base_is_checked_whenever_anything_changed(site: Site) -> None:
    based = page(link("summit.html"), head='<base href="world/">')
    build(site, {**STORIES, "based.html": based})
    site.check()
    site.write("about.html", page("<p>About us, again.</p>"))
    site.check()
    assert sorted(site.checked) == ["about.html", "based.html"]


def test_an_epub_is_checked_again_only_when_it_changed(site: Site, tmp_path: Path) -> None:
    import zipfile

    book = tmp_path / "book.epub"
    with zipfile.ZipFile(book, "w") as epub:
        epub.writestr("mimetype", "application/epub+zip")
        epub.writestr("OEBPS/a.xhtml", page("<p>A chapter.</p>"))
    build(site, STORIES)
    site.write("edition/book.epub", book.read_bytes())
    site.check()
    site.write("about.html", page("<p>About us, again.</p>"))
    site.check()
    assert site.checked == ["about.html"]


def test_a_tree_with_a_symbolic_link_is_checked_in_full(site: Site) -> None:
    build(site, STORIES)
    (site.root / "alias.html").symlink_to(site.root / "about.html")
    site.check()
    site.check()
    assert sorted(site.checked) == sorted([*STORIES, "alias.html"])


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda path: path.write_bytes(b"not a pickle"), id="unreadable"),
        pytest.param(lambda path: path.write_bytes(pickle.dumps({"x": 1})), id="not a record"),
        pytest.param(lambda path: path.unlink(), id="missing"),
    ],
)
def test_a_bad_record_means_checking_everything(site: Site, spoil: Callable[[Path], None]) -> None:
    build(site, STORIES)
    site.check()
    spoil(site.record)
    site.check()
    assert sorted(site.checked) == sorted(STORIES)


def test_another_configuration_means_checking_everything(site: Site) -> None:
    build(site, {**STORIES, "about.html": page(link("missing.html"))})
    site.check()
    site.config = CheckConfig(ignore=frozenset({"broken-link"}))
    assert site.check().findings == []
    assert sorted(site.checked) == sorted(STORIES)


def test_another_checker_means_checking_everything(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(site, STORIES)
    site.check()
    monkeypatch.setattr(incremental_check, "checker_fingerprint", lambda: (("rules.py", 1, 2),))
    site.check()
    assert sorted(site.checked) == sorted(STORIES)


def test_many_pages_are_checked_by_several_processes(tmp_path: Path) -> None:
    root = tmp_path / "out"
    for number in range(incremental_check.PARALLEL_FROM + 10):
        target = root / "articles" / f"story-{number}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        following = f"story-{number + 1}.html#part-a"
        target.write_text(page(section("part-a") + link(following)), encoding="utf-8")
    record = tmp_path / "record" / RECORD_FILE

    result = check_site(root, CheckConfig(), record, jobs=2)

    assert result.findings == check_paths([root], CheckConfig(), jobs=1).findings
    assert [f.rule for f in result.findings] == ["broken-link"]  # the last one's link
    (root / "articles" / "story-5.html").unlink()
    again = check_site(root, CheckConfig(), record, jobs=2)
    assert again.findings == check_paths([root], CheckConfig(), jobs=1).findings
    assert len(again.findings) == 2


def test_the_record_holds_the_references_a_separate_parse_finds(tmp_path: Path) -> None:
    root = tmp_path / "out"
    pages = {
        **STORIES,
        "based.html": page(link("summit.html"), head='<base href="world/">'),
        "world/photo.html": page('<img src="../img/a.png" srcset="b.png 2x" alt="A">'),
    }
    for number in range(incremental_check.PARALLEL_FROM):
        pages[f"articles/story-{number}.html"] = page(link(f"story-{number + 1}.html#part-a"))
    for name, text in pages.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")

    def recorded(jobs: int) -> dict[str, frozenset[str] | None]:
        record = tmp_path / f"record-{jobs}" / RECORD_FILE
        check_site(root, CheckConfig(), record, jobs=jobs)
        with record.open("rb") as stream:
            documents = pickle.load(stream).documents
        return {name: documents[name].references for name in documents}

    def parsed(name: str) -> frozenset[str] | None:
        document = load_document(engine.Unit(str(root), name, str(root / name)))
        assert not isinstance(document, Finding)
        return page_references(document)

    serial = recorded(1)
    assert serial == {name: parsed(name) for name in pages}
    assert serial["based.html"] is None
    assert {"img/a.png", "world/b.png"} <= (serial["world/photo.html"] or set())
    assert recorded(2) == serial


# --- Any sequence of changes: the same findings as a full check -----------------------------

NAMES = ("index.html", "a.html", "b.html", "sub/c.html", "sub/index.html", "img.png")
HREFS = ("a.html", "b.html#x", "sub/", "sub/c.html#y", "../a.html", "img.png", "#x", "nope.html")


def _random_page(links: list[str], ids: list[str]) -> str:
    return page("".join(section(anchor) for anchor in ids) + "".join(link(h) for h in links))


changes = st.lists(
    st.tuples(
        st.sampled_from(NAMES),
        st.one_of(
            st.none(),  # delete
            st.tuples(
                st.lists(st.sampled_from(HREFS), max_size=3),
                st.lists(st.sampled_from(("x", "y", "z")), max_size=2, unique=True),
            ),
        ),
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rounds=st.lists(changes, min_size=2, max_size=4))
def test_any_changes_give_the_findings_of_a_full_check(
    tmp_path_factory: pytest.TempPathFactory,
    rounds: list[list[tuple[str, tuple[list[str], list[str]] | None]]],
) -> None:
    site = Site(tmp_path_factory.mktemp("random") / "out")
    site.root.mkdir()
    for round_changes in rounds:
        for name, change in round_changes:
            if change is None:
                if (site.root / name).exists():
                    site.remove(name)
            elif name.endswith(".png"):
                site.write(name, b"png")
            else:
                site.write(name, _random_page(*change))
        site.check()  # asserts the same findings as check_paths


# --- In `newsdocs build` ---------------------------------------------------------------------

ROOTS = Path(__file__).parent / "roots"


def newsdocs_build(site_dir: Path) -> tuple[int, str]:
    from typer.testing import CliRunner

    from newsdocs.cli import app

    result = CliRunner().invoke(app, ["build", str(site_dir), "-q"])
    return result.exit_code, result.stderr


@pytest.fixture
def linked_site(tmp_path: Path) -> Path:
    """The CLI test site, its bakery story linking to the harbour story by a plain URL."""
    target = tmp_path / "site"
    shutil.copytree(ROOTS / "test-cli-site", target)
    bakery = target / "articles" / "bakery.rst"
    bakery.write_text(
        bakery.read_text(encoding="utf-8") + "\nRead `the harbour story <harbour.html>`_ too.\n",
        encoding="utf-8",
    )
    return target


def test_deleting_a_story_an_unchanged_page_links_to_fails_the_build(linked_site: Path) -> None:
    assert newsdocs_build(linked_site) == (0, "")
    out = linked_site / "_build" / "html"
    before = snapshot(out)
    (linked_site / "articles" / "harbour.rst").unlink()

    code, stderr = newsdocs_build(linked_site)

    assert code == 1
    assert "articles/bakery.rst:13: ERROR:" in stderr
    assert "[newsdocs.check.broken-link]" in stderr
    assert snapshot(out) == before


def test_a_rebuild_checks_only_what_changed(linked_site: Path, checked_units: list[str]) -> None:
    assert newsdocs_build(linked_site) == (0, "")
    checked_units.clear()  # the first build's
    bakery = linked_site / "articles" / "bakery.rst"
    bakery.write_text(
        bakery.read_text(encoding="utf-8").replace("ten more", "twelve more"), encoding="utf-8"
    )

    assert newsdocs_build(linked_site) == (0, "")

    # The story, and the listings linking to it: its page's bytes changed, and with them
    # perhaps its ids.
    assert "articles/bakery.html" in checked_units
    assert "articles/harbour.html" not in checked_units
    assert len(checked_units) < len(list((linked_site / "_build" / "html").rglob("*.html"))) / 2
