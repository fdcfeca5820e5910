"""`newsdocs serve`: the live preview, run for real on a loopback port.

A writer saves an article and the served page changes; the published output is untouched.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdocs.cli import app
from newsdocs.preview import autobuild_arguments

SITE = Path(__file__).parent.parent / "site"
WAIT_SECONDS = 60  # the first build of the example site, or one rebuild, on a slow machine
MARKER = "The harbor master confirmed the count on Tuesday evening."


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str) -> tuple[int, str]:
    """Status and text of a GET; status 0 while nothing listens yet."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


class Preview:
    """A running `python -m newsdocs serve`, its address and its log."""

    def __init__(self, process: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
        self.process = process
        self.base_url = base_url
        self.log = log

    def wait_for(self, path: str, wanted: Callable[[str], bool], what: str) -> str:
        """Poll ``path`` until it answers 200 with text that is ``wanted``; fail after
        WAIT_SECONDS, or at once if the server has exited."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"newsdocs serve exited ({self.process.returncode}):\n{self.tail()}")
            status, text = fetch(self.base_url + path)
            if status == 200 and wanted(text):
                return text
            time.sleep(0.25)
        pytest.fail(f"{path}: no {what} within {WAIT_SECONDS} s\n{self.tail()}")

    def tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-30:])


def stop(process: subprocess.Popen[bytes]) -> None:
    """End the server and the sphinx-build it may be running (its own process group)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    target = tmp_path / "site"
    shutil.copytree(SITE, target, ignore=shutil.ignore_patterns("_build"))
    return target


@pytest.fixture
def preview(site: Path, tmp_path: Path) -> Iterator[Preview]:
    port = free_loopback_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "newsdocs", "serve", str(site), "--port", str(port)],
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        yield Preview(process, f"http://127.0.0.1:{port}", log)
    finally:
        stop(process)


def test_serve_rebuilds_the_article_a_writer_saves(site: Path, preview: Preview) -> None:
    front = preview.wait_for("/", lambda text: "The Meridian" in text, "front page")
    assert "/websocket-reload" in front  # the script that reloads the browser after a rebuild
    article = "/articles/gull-island-terns.html"
    assert MARKER not in preview.wait_for(article, lambda text: "Gull Island" in text, "article")

    source = site / "articles" / "gull-island-terns.rst"
    source.write_text(source.read_text(encoding="utf-8") + f"\n{MARKER}\n", encoding="utf-8")

    preview.wait_for(article, lambda text: MARKER in text, "rebuilt article")
    assert (site / "_build" / "preview" / "articles" / "gull-island-terns.html").is_file()
    assert not (site / "_build" / "html").exists()  # the published output is not the preview


def test_serve_refuses_a_directory_without_conf_py(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", str(tmp_path)])
    assert result.exit_code == 1
    assert "no conf.py here" in result.stderr


@pytest.mark.parametrize(
    ("drafts", "expected"), [(False, "newsdocs_drafts=0"), (True, "newsdocs_drafts=1")]
)
def test_preview_builds_apart_from_the_published_site(drafts: bool, expected: str) -> None:
    site = Path("/news/site")
    arguments = autobuild_arguments(site, host="127.0.0.1", port=8000, drafts=drafts)
    assert arguments[:2] == ["-b", "newshtml"]
    assert arguments[arguments.index("-D") + 1] == expected
    assert [str(site), "/news/site/_build/preview"] == arguments[4:6]
    assert arguments[arguments.index("--host") + 1] == "127.0.0.1"
    assert arguments[arguments.index("--ignore") + 1] == "/news/site/_build"
