"""Parsing and showing the timestamps newsroom readers see."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


class DateError(ValueError):
    """A timestamp that a newsroom cannot publish: the message says how to write it."""


EXAMPLE = "2025-01-31T09:30:00+00:00"


def parse_timestamp(text: str) -> datetime:
    """Parse an ISO 8601 timestamp that must carry a time zone."""
    value = text.strip()
    if not value:
        raise DateError(f"is empty; write a timestamp such as {EXAMPLE}")
    if "T" not in value and " " not in value:
        raise DateError(f"{value!r} has no time and time zone; write e.g. {value}T09:00:00+00:00")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        reason = str(error)
        if "out of range" in reason or "must be in" in reason:
            raise DateError(f"{value!r} is not a real date or time ({reason})") from None
        raise DateError(f"{value!r} is not an ISO 8601 timestamp such as {EXAMPLE}") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise DateError(f"{value!r} has no time zone; add one, e.g. {value}+00:00")
    return parsed


def now_for_build(configured: str | None) -> datetime:
    """The build's notion of "now": ``newsdocs_now`` when set (tests, reproducible builds)."""
    if configured:
        return parse_timestamp(configured)
    return datetime.now(UTC)


def _offset_label(moment: datetime) -> str:
    offset = moment.utcoffset() or timedelta(0)
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def human_date(moment: date) -> str:
    """``31 December 2024``."""
    return f"{moment.day} {moment:%B %Y}"


def human_timestamp(moment: datetime) -> str:
    """``31 December 2024, 09:00 UTC+08:00``: in the article's own time zone, stated."""
    return f"{human_date(moment)}, {moment:%H:%M} {_offset_label(moment)}"
