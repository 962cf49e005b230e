"""Clocks. Durations come from a monotonic clock; the wall clock is for display only."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def monotonic_ns(self) -> int: ...

    def wall(self) -> datetime: ...


class SystemClock:
    def monotonic_ns(self) -> int:
        return time.monotonic_ns()

    def wall(self) -> datetime:
        return datetime.now().astimezone()


class FakeClock:
    """A clock that moves only when told to — for tests and for generating the demo."""

    def __init__(self, wall: datetime | None = None, monotonic_ns: int = 1_000_000_000) -> None:
        self._wall = wall or datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
        self._mono = monotonic_ns

    def monotonic_ns(self) -> int:
        return self._mono

    def wall(self) -> datetime:
        return self._wall

    def advance(self, seconds: float) -> None:
        self._mono += round(seconds * 1e9)
        self._wall += timedelta(seconds=seconds)

    def sleep_gap(self, seconds: float) -> None:
        """The computer slept: the wall clock jumps, the monotonic clock does not."""
        self._wall += timedelta(seconds=seconds)


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")
