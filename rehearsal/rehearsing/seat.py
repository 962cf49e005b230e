"""A seat live: a second person follows a plan revision on their own computer, with no
connection, and records flags and notes dated by its wall clock (`Workspace.start_seat`).

The step shown is the plan's: from its planned start today when it has one (else from the
moment the seat started), each step taking its planned time, until the person steps it by
hand (`next_step`, `previous_step`); from then on it is theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from rehearsal.clock import Clock
from rehearsal.errors import InvalidOperation
from rehearsal.limits import MAX_NAME_CHARS, checked_text
from rehearsal.model import Plan, Severity, new_id
from rehearsal.rehearsing.timing import Step, live_steps
from rehearsal.schedule import plan_today, planned_start_at
from rehearsal.seat_model import SeatMark, SeatMarkKind, SeatRecord

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def wall_ms(moment: datetime) -> int:
    return (moment.astimezone(UTC) - _EPOCH) // timedelta(milliseconds=1)


class Seat:
    """Records one seat; every call is on disk (through `record`) before it returns."""

    def __init__(
        self,
        record: SeatRecord,
        plan: Plan,
        clock: Clock,
        store: Callable[[SeatMark], None],
        close: Callable[[str], None],
        marks: list[SeatMark] | None = None,
    ) -> None:
        self.record = record
        self.plan = plan
        self.steps: tuple[Step, ...] = live_steps(plan)
        self._clock = clock
        self._store = store
        self._close = close
        self._marks = list(marks or [])
        self._finished = record.finished is not None
        stepped = [m for m in self._marks if m.kind is SeatMarkKind.STEP]
        self._stepped: int | None = stepped[-1].step if stepped else None

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def marks(self) -> tuple[SeatMark, ...]:
        return tuple(self._marks)

    @property
    def finished(self) -> bool:
        return self._finished

    # -- the step shown ------------------------------------------------------------------
    def planned_step(self) -> int:
        """The step the seat shows now: stepped by hand, else the plan's clock's (-1 before
        the start; `len(steps)` after the last)."""
        if self._stepped is not None:
            return self._stepped
        now = self._clock.wall()
        start = planned_start_at(self.plan, plan_today(self.plan, now))
        if start is None:
            start = datetime.fromisoformat(self.record.started)
        elapsed = (now - start).total_seconds()
        if elapsed < 0:
            return -1
        for i, step in enumerate(self.steps):
            elapsed -= step.planned_s
            if elapsed < 0:
                return i
        return len(self.steps)

    def next_step(self) -> SeatMark:
        return self._step(min(self.planned_step() + 1, len(self.steps)))

    def previous_step(self) -> SeatMark:
        return self._step(max(self.planned_step() - 1, -1))

    def _step(self, index: int) -> SeatMark:
        self._stepped = index
        return self._mark(SeatMarkKind.STEP, step=index)

    # -- marks ---------------------------------------------------------------------------
    def flag(
        self, category: str, note: str = "", severity: str | Severity = Severity.MEDIUM
    ) -> SeatMark:
        category = checked_text(category, "A flag's category", MAX_NAME_CHARS, required=True)
        if severity not in {s.value for s in Severity}:
            raise InvalidOperation(f"Severity is low, medium or high, not {severity!r}.")
        return self._mark(
            SeatMarkKind.FLAG,
            category=category,
            severity=Severity(severity),
            text=checked_text(note, "A flag's note"),
        )

    def note(self, text: str) -> SeatMark:
        return self._mark(SeatMarkKind.NOTE, text=checked_text(text, "A note", required=True))

    def finish(self) -> None:
        """End the seat: nothing more is recorded on it; its pack can be handed on."""
        if not self._finished:
            self._close(self._clock.wall().isoformat(timespec="milliseconds"))
            self._finished = True

    def _mark(
        self,
        kind: SeatMarkKind,
        *,
        step: int | None = None,
        category: str = "",
        severity: Severity = Severity.MEDIUM,
        text: str = "",
    ) -> SeatMark:
        if self._finished:
            raise InvalidOperation("This seat has finished: nothing more is recorded on it.")
        mark = SeatMark(
            id=new_id(),
            seat_id=self.record.id,
            kind=kind,
            wall_ms=wall_ms(self._clock.wall()),
            step=self.planned_step() if step is None else step,
            category=category,
            severity=severity,
            text=text,
        )
        self._store(mark)
        self._marks.append(mark)
        return mark
