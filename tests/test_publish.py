"""Atomic publishing: ``newsdocs build`` replaces the output only with a build that succeeded
and passed the check. A failed build, a failed check, a build killed with SIGKILL, or a
second build at the same time leaves the previous output complete and unchanged.

The builds are real ``python -m newsdocs build`` processes; the crash states the swap can
leave are made on disk, as a crash would leave them, and the next build must recover.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdocs import publish
from tests.build_output import snapshot

ROOTS = Path(__file__).parent / "roots"
REFUSAL = "I cannot create a news article based on the provided input."
STORIES = 150


def newsdocs_build(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsdocs", "build", str(site), "-q", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def start_build(site: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsdocs", "build", str(site), "-q", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def write_stories(site: Path, count: int) -> None:
    """Enough articles that a build takes a few seconds."""
    for number in range(count):
        paragraphs = "\n\n".join(
            f"Paragraph {paragraph} of story {number}: the council met on Tuesday and "
            f"discussed item {paragraph}. Residents asked about parking and the harbour wall."
            for paragraph in range(12)
        )
        (site / "articles" / f"story-{number:03d}.rst").write_text(
            f":section: local\n:dek: Story {number} of the load test.\n"
            f":published: 2025-05-{1 + number % 28:02d}T07:30:00+01:00\n\n"
            f"Council story {number}\n{'=' * 40}\n\n.. byline::\n   :by: ana-lima\n\n"
            f"{paragraphs}\n",
            encoding="utf-8",
        )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    target = tmp_path / "site"
    shutil.copytree(ROOTS / "test-cli-site", target)
    return target


@pytest.fixture(scope="module")
def big_site_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of 150 stories, built once; tests take copies."""
    target = tmp_path_factory.mktemp("big") / "site"
    shutil.copytree(ROOTS / "test-cli-site", target)
    write_stories(target, STORIES)
    completed = newsdocs_build(target)
    assert completed.returncode == 0, completed.stderr
    return target


@pytest.fixture
def big_site(big_site_built: Path, tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "site"
    shutil.copytree(big_site_built, target, symlinks=True)
    yield target


def out_of(site: Path) -> Path:
    return site / "_build" / "html"


def leftovers(site: Path) -> list[str]:
    """What a build leaves beside the output besides the output, its cache and its lock."""
    names = {path.name for path in (site / "_build").iterdir()}
    return sorted(names - {"html", "html.doctrees", "html.lock"})


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# --- failures keep the last good site -------------------------------------------------------


def test_a_failed_check_leaves_the_previous_output_unchanged(site: Path) -> None:
    assert newsdocs_build(site).returncode == 0
    before = snapshot(out_of(site))
    append(site / "articles" / "bakery.rst", f"\n{REFUSAL}\n")

    completed = newsdocs_build(site)

    assert completed.returncode == 1
    assert "[newsdocs.check.ai-boilerplate]" in completed.stderr
    assert "articles/bakery.rst:13: ERROR:" in completed.stderr
    assert snapshot(out_of(site)) == before
    assert leftovers(site) == []


def test_the_next_good_build_publishes_after_a_failed_one(site: Path) -> None:
    """The failed build's cache is thrown away: its errors come back until fixed."""
    assert newsdocs_build(site).returncode == 0
    bakery = site / "articles" / "bakery.rst"
    good = bakery.read_text(encoding="utf-8")
    append(bakery, f"\n{REFUSAL}\n")
    assert newsdocs_build(site).returncode == 1
    assert newsdocs_build(site).returncode == 1  # not forgotten by the incremental build
    bakery.write_text(good.replace("ten more people", "twelve more people"), encoding="utf-8")

    completed = newsdocs_build(site)

    assert completed.returncode == 0, completed.stderr
    assert "twelve more people" in (out_of(site) / "articles" / "bakery.html").read_text(
        encoding="utf-8"
    )
    assert leftovers(site) == []


def test_the_cache_is_kept_beside_the_output_not_published_in_it(site: Path) -> None:
    assert newsdocs_build(site).returncode == 0
    out = out_of(site)
    assert not (out / ".doctrees").exists()
    assert (site / "_build" / "html.doctrees" / "environment.pickle").is_file()
    append(site / "articles" / "bakery.rst", "\nA new last line.\n")

    completed = subprocess.run(
        [sys.executable, "-m", "newsdocs", "build", str(site)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert "0 added, 1 changed, 0 removed" in completed.stdout  # incremental
    assert "A new last line." in (out / "articles" / "bakery.html").read_text(encoding="utf-8")


def test_a_cache_left_in_the_output_by_older_versions_is_unpublished(site: Path) -> None:
    assert newsdocs_build(site).returncode == 0
    legacy = out_of(site) / ".doctrees"
    shutil.copytree(site / "_build" / "html.doctrees", legacy)
    assert newsdocs_build(site).returncode == 0
    assert not legacy.exists()


# --- killed builds --------------------------------------------------------------------------


def wait_for(condition: object, process: subprocess.Popen[str], what: str) -> None:
    deadline = time.monotonic() + 300
    while not condition():  # type: ignore[operator]
        if process.poll() is not None:
            pytest.fail(f"the build ended ({process.returncode}) before {what}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"timed out waiting until {what}")
        time.sleep(0.005)


@pytest.mark.slow
def test_a_build_killed_while_writing_leaves_the_previous_output(big_site: Path) -> None:
    out = out_of(big_site)
    before = snapshot(out)
    assert len([name for name in before if name.endswith(".html")]) > STORIES
    story = big_site / "articles" / "story-000.rst"
    story.write_text(
        story.read_text(encoding="utf-8").replace("Council story 0\n", "Council story zero\n"),
        encoding="utf-8",
    )
    staging = publish.staging_dir(out)
    started = time.time()
    # --strict rereads and rewrites every page: the writing phase lasts long enough to hit.
    process = start_build(big_site, "--strict")

    def writing() -> bool:
        pages = staging / "articles"
        try:
            return any(page.stat().st_mtime > started for page in pages.glob("story-*.html"))
        except FileNotFoundError:  # a page replaced as we looked
            return False

    wait_for(writing, process, "it wrote a page into the staging directory")
    process.send_signal(signal.SIGKILL)
    process.communicate()

    assert process.returncode == -signal.SIGKILL
    assert staging.is_dir()  # killed mid-way: the half-built site is still there...
    assert snapshot(out) == before  # ...and readers still have the previous one, byte for byte

    completed = newsdocs_build(big_site)

    assert completed.returncode == 0, completed.stderr
    assert leftovers(big_site) == []
    page = (out / "articles" / "story-000.html").read_text(encoding="utf-8")
    assert "Council story zero" in page
    after = snapshot(out)
    assert set(after) == set(before)


@pytest.mark.slow
def test_a_second_build_at_the_same_time_is_refused_and_the_first_publishes(
    big_site: Path,
) -> None:
    out = out_of(big_site)
    lock = publish.lock_file(out)
    append(big_site / "articles" / "story-001.rst", "\nA late paragraph.\n")
    first = start_build(big_site, "--strict")
    wait_for(lambda: lock.read_text() == str(first.pid), first, "it took the lock")

    second = newsdocs_build(big_site)

    assert second.returncode == 1
    assert second.stderr == (
        f"newsdocs: error: another newsdocs build (process {first.pid}) is writing {out} "
        "right now; wait for it to finish, or build into another --out\n"
    )
    _, stderr = first.communicate(timeout=600)
    assert first.returncode == 0, stderr
    assert "A late paragraph." in (out / "articles" / "story-001.html").read_text(encoding="utf-8")
    assert leftovers(big_site) == []
    assert lock.read_text() == ""  # released, and no stale holder named
    assert newsdocs_build(big_site).returncode == 0


# --- what a crash can leave on disk, and how the next build recovers ------------------------


def test_a_half_built_staging_directory_is_cleared(site: Path) -> None:
    assert newsdocs_build(site).returncode == 0
    before = snapshot(out_of(site))
    for leftover in ("html.staging", "html.doctrees.staging"):
        junk = site / "_build" / leftover / "articles"
        junk.mkdir(parents=True)
        (junk / "half-written.html").write_text("<p>half", encoding="utf-8")

    assert newsdocs_build(site).returncode == 0

    assert leftovers(site) == []
    assert snapshot(out_of(site)) == before


def test_a_crash_between_the_two_renames_is_undone(site: Path) -> None:
    """The rename swap (where no atomic exchange exists) first moves the output aside: a
    crash then leaves only ``html.previous``. The next build puts it back, even if it
    fails itself."""
    assert newsdocs_build(site).returncode == 0
    out = out_of(site)
    before = snapshot(out)
    out.rename(site / "_build" / "html.previous")
    append(site / "articles" / "bakery.rst", f"\n{REFUSAL}\n")

    assert newsdocs_build(site).returncode == 1

    assert snapshot(out) == before
    assert leftovers(site) == []


def test_a_crash_after_the_second_rename_is_finished(site: Path) -> None:
    assert newsdocs_build(site).returncode == 0
    out = out_of(site)
    before = snapshot(out)
    shutil.copytree(out, site / "_build" / "html.previous")  # the old site, not yet deleted
    (site / "_build" / "html.previous" / "stale.html").write_text("old", encoding="utf-8")

    assert newsdocs_build(site).returncode == 0

    assert snapshot(out) == before
    assert leftovers(site) == []


@pytest.mark.parametrize("swap", ["exchange", "renames"])
def test_replacing_a_directory(tmp_path: Path, swap: str) -> None:
    target, new = tmp_path / "out", tmp_path / "new"
    for directory, page in ((target, "old.html"), (new, "new.html")):
        (directory / "articles").mkdir(parents=True)
        (directory / "articles" / page).write_text(page, encoding="utf-8")

    if swap == "exchange":
        publish.replace_directory(new, target)
    else:
        publish.replace_by_renames(new, target)

    assert snapshot(target) == {"articles/new.html": b"new.html"}
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]


def test_replacing_a_directory_that_does_not_exist_yet(tmp_path: Path) -> None:
    new = tmp_path / "new"
    new.mkdir()
    (new / "index.html").write_text("x", encoding="utf-8")
    publish.replace_directory(new, tmp_path / "out")
    assert snapshot(tmp_path / "out") == {"index.html": b"x"}
    assert not new.exists()


# --- starting from the site before the last publish -----------------------------------------


def test_a_build_starts_from_the_previous_site_kept_in_the_cache(site: Path) -> None:
    """After a publish the old site and cache are kept (in the cache directory, unpublished)
    for the next build to start from, copying only what changed."""
    assert newsdocs_build(site).returncode == 0
    assert newsdocs_build(site).returncode == 0
    cache = site / "_build" / "html.doctrees"
    spare = cache / publish.SPARE_SITE
    assert snapshot(spare) == snapshot(out_of(site))
    assert (cache / publish.SPARE_CACHE / "environment.pickle").is_file()
    assert not (out_of(site) / publish.SPARE_SITE).exists()
    assert leftovers(site) == []


def test_whatever_happened_to_the_kept_site_the_build_is_exact(site: Path, tmp_path: Path) -> None:
    twin = tmp_path / "twin"
    shutil.copytree(site, twin)
    for directory in (site, twin):
        assert newsdocs_build(directory).returncode == 0
        assert newsdocs_build(directory).returncode == 0
        append(directory / "articles" / "bakery.rst", "\nA new last line.\n")
    spare = twin / "_build" / "html.doctrees" / publish.SPARE_SITE
    (spare / "articles" / "harbour.html").write_text("tampered", encoding="utf-8")
    (spare / "junk.html").write_text("<p>junk</p>", encoding="utf-8")
    shutil.rmtree(spare / "_static")

    for directory in (site, twin):
        assert newsdocs_build(directory).returncode == 0

    assert snapshot(out_of(twin)) == snapshot(out_of(site))


def test_a_failed_build_leaves_the_published_cache_unchanged(site: Path) -> None:
    """The build's cache shares the unchanged doctree files with the published one: a
    document read again gets a new file, never written into the shared one."""
    assert newsdocs_build(site).returncode == 0
    assert newsdocs_build(site).returncode == 0  # now from the kept site and cache
    cache = site / "_build" / "html.doctrees"

    def published_cache() -> dict[str, bytes]:
        return {
            name: data
            for name, data in snapshot(cache).items()
            if not name.startswith(publish.SPARES)
        }

    before = published_cache()
    assert "articles/bakery.doctree" in before
    append(site / "articles" / "bakery.rst", f"\n{REFUSAL}\n")

    assert newsdocs_build(site).returncode == 1

    assert published_cache() == before
