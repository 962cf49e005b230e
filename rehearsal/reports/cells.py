"""How a report writes a value: a duration, an over/under, a share, a flag's status; and the
progress callback report builders take. One function each, for both reports."""

from __future__ import annotations

from collections.abc import Callable

from rehearsal.durations import format_duration, format_signed
from rehearsal.model import FlagStatus

Progress = Callable[[str], None]


def d(seconds: float | None) -> str:
    """A duration as m:ss (h:mm:ss past an hour); — when unknown."""
    if seconds is None:
        return "—"
    return ("-" if seconds < 0 else "") + format_duration(round(abs(seconds)))


def signed(seconds: float | None) -> str:
    """Over (+) or under (−), as every surface writes it (`format_signed`); — unknown."""
    return format_signed(seconds) or "—"


def pct(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


def quiet(_: str) -> None:
    return None


def status_text(status: FlagStatus, revision: int | None) -> str:
    """A flag's or an action item's status: `open`, `fixed in revision 3`, `won't fix`."""
    if status is FlagStatus.FIXED:
        return f"fixed in revision {revision}" if revision else "fixed"
    return {"open": "open", "accepted": "accepted", "wont-fix": "won't fix"}[status.value]


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
