"""The names a page refers to come back from the check's own parse, the same from one worker
or several, and the same as a separate parse of the page gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdocs.check import CheckConfig, Checked, Finding, Unit, check_units, discover
from newsdocs.check.engine import load_document
from newsdocs.check.references import page_references

from .conftest import page, write_files


def units_of(root: Path) -> list[Unit]:
    return [unit for unit in discover([root]) if isinstance(unit, Unit)]


def references_of(unit: Unit) -> frozenset[str] | None:
    """What a parse of its own gives for a page."""
    document = load_document(unit)
    assert not isinstance(document, Finding)
    return page_references(document)


EVERY_KIND = page(
    '<p><a href="story.html#part-b">a story</a> <a href="../up.html">climbs</a>'
    ' <a href="https://example.com/x.html">external</a> <a href="/root.html">root</a>'
    ' <a href="mailto:desk@example.com">mail</a> <a href="#top">top</a>'
    ' <a href="sport/">a section</a> <a href="my%20story.html?x=1">encoded</a></p>'
    '<img src="a.png" srcset="b.png 1x, c.png 2x" alt="A" class="wide.png" id="d.png">'
    '<div style="background: url(e.png)" aria-describedby="f.png" title="g.png">x</div>'
    "<style>.x { background: url('h.png') }</style>",
    head='<meta http-equiv="refresh" content="5; url=i.html"><meta name="x" content="j.png">',
)


def test_a_page_refers_to_the_local_names_its_attributes_may_lead_to(tmp_path: Path) -> None:
    root = write_files(tmp_path / "site", {"world/index.html": EVERY_KIND})

    [unit] = units_of(root)

    found = references_of(unit)
    assert found is not None
    assert {
        "world/story.html",
        "up.html",
        "world/sport",
        "world/my story.html",
        "world/a.png",
        "world/b.png",
        "world/c.png",
        "world/e.png",
        "world/h.png",
        "world/i.html",
    } <= found
    # Never an external, root-relative or climbing URL, nor a value that holds no URL.
    assert not any(name.endswith(("x.html", "root.html", "example.com")) for name in found)
    assert not any(name.startswith("..") for name in found)
    assert found.isdisjoint({"world/wide.png", "world/d.png", "world/f.png", "world/g.png"})
    assert "world/j.png" not in found


def test_a_page_with_a_base_may_depend_on_any_name(tmp_path: Path) -> None:
    root = write_files(tmp_path / "site", {"a.html": page("<p>x</p>", head='<base target="_top">')})

    [unit] = units_of(root)

    assert references_of(unit) is None


def test_references_come_with_the_findings_from_one_parse(tmp_path: Path) -> None:
    pages = {
        "index.html": EVERY_KIND,
        "world/story.html": page('<p id="part-a"><a href="../index.html#nowhere">x</a></p>'),
        "based.html": page('<a href="story.html">x</a>', head='<base href="world/">'),
        "broken.html": page('<p><a href="gone.html">gone</a></p>'),
    }
    root = write_files(tmp_path / "site", pages)
    units = units_of(root)

    steps = list(check_units(units, CheckConfig(), references=True))

    checked = {step.document: step.references for step in steps if step.document is not None}
    assert checked == {unit.display: references_of(unit) for unit in units}
    assert checked[str(root / "based.html")] is None
    assert steps[-1].document is None
    rules = {finding.rule for step in steps for finding in step.findings}
    assert {"broken-anchor", "broken-link", "missing-image"} <= rules


def test_references_are_only_collected_when_asked_for(tmp_path: Path) -> None:
    root = write_files(tmp_path / "site", {"index.html": EVERY_KIND})

    steps = list(check_units(units_of(root), CheckConfig()))

    assert [step.references for step in steps] == [frozenset(), frozenset()]


@pytest.mark.parametrize("jobs", [2, 3])
def test_several_processes_give_what_one_gives(tmp_path: Path, jobs: int) -> None:
    pages = {
        f"section{number % 3}/story-{number}.html": page(
            f'<h2 id="part-a">Part</h2><p><a href="story-{number + 3}.html#part-a">next</a>'
            f' <a href="../section0/story-0.html#part-{number % 2}">first</a>'
            f' <img src="photo-{number % 5}.png" alt="x"></p>'
        )
        for number in range(40)
    }
    root = write_files(tmp_path / "site", pages)
    units = units_of(root)

    def outcome(jobs: int) -> tuple[list[Finding], dict[str | None, frozenset[str] | None]]:
        steps: list[Checked] = list(check_units(units, CheckConfig(), jobs, references=True))
        findings = sorted(finding for step in steps for finding in step.findings)
        return findings, {step.document: step.references for step in steps if step.document}

    serial, parallel = outcome(1), outcome(jobs)

    assert serial[0]  # the comparison means something
    assert parallel == serial
    assert len(serial[1]) == len(units)
