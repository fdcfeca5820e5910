"""``mirror``: a directory made an exact copy of another, copying only what differs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from newsdocs.mirror import mirror


def tree(directory: Path) -> dict[str, object]:
    """Every entry under ``directory``: file bytes and mtime, link targets, directories."""
    found: dict[str, object] = {}
    for path in sorted(directory.rglob("*")):
        name = path.relative_to(directory).as_posix()
        if path.is_symlink():
            found[name] = ("link", str(path.readlink()))
        elif path.is_dir():
            found[name] = "dir"
        else:
            found[name] = (path.read_bytes(), path.stat().st_mtime_ns, path.stat().st_mode)
    return found


@pytest.fixture
def source(tmp_path: Path) -> Path:
    root = tmp_path / "source"
    (root / "articles" / "2025").mkdir(parents=True)
    (root / "index.html").write_text("<p>front</p>", encoding="utf-8")
    (root / "articles" / "2025" / "story.html").write_text("<p>story</p>", encoding="utf-8")
    (root / "feed.xml").write_bytes(b"<feed/>")
    (root / "latest.html").symlink_to("articles/2025/story.html")
    os.utime(root / "feed.xml", ns=(1_000_000_000, 1_000_000_000))
    return root


def test_an_empty_target_becomes_a_copy(source: Path, tmp_path: Path) -> None:
    target = tmp_path / "target"
    mirror(source, target)
    assert tree(target) == tree(source)


def test_identical_files_are_left_as_they_are(source: Path, tmp_path: Path) -> None:
    target = tmp_path / "target"
    shutil.copytree(source, target, symlinks=True)
    inodes = {path: path.stat().st_ino for path in target.rglob("*") if path.is_file()}
    mirror(source, target)
    assert {path: path.stat().st_ino for path in inodes} == inodes


def test_every_difference_is_undone(source: Path, tmp_path: Path) -> None:
    target = tmp_path / "target"
    shutil.copytree(source, target, symlinks=True)
    # Same size, other bytes, same time: only the bytes tell.
    story = target / "articles" / "2025" / "story.html"
    stat = story.stat()
    story.write_text("<p>STORY</p>", encoding="utf-8")
    os.utime(story, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.utime(target / "index.html", ns=(5, 5))  # same bytes, another time
    (target / "feed.xml").chmod(0o600)
    (target / "stale.html").write_text("old", encoding="utf-8")  # not in the source
    (target / "articles" / "2024").mkdir()  # nor this
    (target / "latest.html").unlink()
    (target / "latest.html").symlink_to("index.html")  # a link elsewhere
    shutil.rmtree(target / "articles" / "2025")
    (target / "articles" / "2025").write_text("a file where a directory was", encoding="utf-8")

    mirror(source, target)

    assert tree(target) == tree(source)


def test_top_level_entries_can_be_left_out(source: Path, tmp_path: Path) -> None:
    target = tmp_path / "target"
    (source / "keep-out").mkdir()
    (source / "keep-out" / "x").write_text("x", encoding="utf-8")
    mirror(source, target, leave_out={"keep-out"})
    expected = {name: entry for name, entry in tree(source).items() if "keep-out" not in name}
    assert tree(target) == expected


def test_shared_files_are_links_and_no_other_file_is(source: Path, tmp_path: Path) -> None:
    target = tmp_path / "target"
    shutil.copytree(source, target, symlinks=True)
    # A file of the target that is the source's own (a hard link) must become a copy.
    (target / "index.html").unlink()
    (target / "index.html").hardlink_to(source / "index.html")

    mirror(source, target, shared=lambda name: name.endswith(".xml"))

    assert tree(target) == tree(source)
    assert (target / "feed.xml").samefile(source / "feed.xml")
    assert not (target / "index.html").samefile(source / "index.html")
    assert not (target / "articles/2025/story.html").samefile(source / "articles/2025/story.html")
