"""Fuzzing (``nox -s fuzz``): each target runs for ``NEWSDOCS_FUZZ_SECONDS`` seconds.

Without that variable the targets are skipped: the regular suite has its own, fixed-size
property tests (tests/check/test_hostile.py). The ``fuzz`` hypothesis profile (chosen with
``--hypothesis-profile fuzz``) sets the size of one round; a target runs rounds until its time
is up, so the session is time-boxed however fast or slow the machine is.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

BUDGET_VARIABLE = "NEWSDOCS_FUZZ_SECONDS"

settings.register_profile(
    "fuzz",
    max_examples=25,  # one round; rounds repeat until the budget is spent
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,  # a failure prints the @reproduce_failure blob to replay it
    database=DirectoryBasedExampleDatabase(str(Path(__file__).parents[2] / ".hypothesis" / "fuzz")),
)


def budget_seconds() -> float | None:
    value = os.environ.get(BUDGET_VARIABLE, "").strip()
    return float(value) if value else None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if budget_seconds() is not None:
        return
    skip = pytest.mark.skip(reason=f"fuzzing runs with {BUDGET_VARIABLE} set (nox -s fuzz)")
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(skip)


@pytest.fixture
def for_the_budget() -> Callable[[Callable[[], None]], int]:
    """Run a hypothesis test (a ``@given`` function) round after round until the budget is
    spent; at least one round. Returns the number of rounds."""

    def run(test: Callable[[], None]) -> int:
        seconds = budget_seconds() or 0.0
        deadline = time.monotonic() + seconds
        rounds = 0
        while True:
            test()
            rounds += 1
            if time.monotonic() >= deadline:
                return rounds

    return run
