"""Sessions CI runs (`.ci/run`) and developers can run one by one: `nox -s tests`."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "typecheck", "tests", "site"]

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
    session.run("pytest", "-n", "auto", *session.posargs, env=env)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("ruff")
    session.run("ruff", "check", "src", "tests", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "noxfile.py")


@nox.session
def typecheck(session: nox.Session) -> None:
    session.install("-e", ".", "mypy", "types-lxml", "types-docutils")
    session.run("mypy", "--strict", "src")


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
