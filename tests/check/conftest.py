"""A harness for rule tests: write pages to a temporary tree, check them for real."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from newsdocs.check import CheckConfig, Finding, check_paths

CheckHtml = Callable[..., list[Finding]]


def page(body: str, *, head: str = "", title: str = "Page") -> str:
    """A minimal valid HTML page around ``body``."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n{head}</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``files`` (name in the tree: text or bytes) under ``root``; returns ``root``."""
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def check_html(tmp_path: Path) -> CheckHtml:
    """check_html(html, files={...}, rules={...}, config=...) -> findings of page.html.

    ``html`` is a whole page (use ``page()`` for a body fragment); ``files`` maps other
    names in the same tree to their content (str or bytes); ``rules`` keeps only findings
    of those rule ids.
    """

    def run(
        html: str | bytes,
        *,
        name: str = "page.html",
        files: Mapping[str, str | bytes] | None = None,
        rules: set[str] | None = None,
        config: CheckConfig | None = None,
    ) -> list[Finding]:
        root = write_files(tmp_path / "site", {name: html, **(files or {})})
        result = check_paths([root / name], config, jobs=1)
        return [f for f in result.findings if rules is None or f.rule in rules]

    return run
