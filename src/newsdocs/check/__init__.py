"""The publication gate: an HTML/EPUB validator with stable rule ids.

This package imports nothing from Sphinx or docutils, so it starts fast and can check any
site. The Sphinx extension calls it; it never calls the Sphinx extension.
"""

from __future__ import annotations

from newsdocs.check.config import CheckConfig
from newsdocs.check.engine import (
    PAGE_SUFFIXES,
    Checked,
    CheckResult,
    Unit,
    check_paths,
    check_units,
    discover,
)
from newsdocs.check.findings import Finding, Severity

__all__ = [
    "PAGE_SUFFIXES",
    "CheckConfig",
    "CheckResult",
    "Checked",
    "Finding",
    "Severity",
    "Unit",
    "check_paths",
    "check_units",
    "discover",
]
