"""Where a running rehearsal stands against its plan, for the live screen.

Cheap enough to compute on every tick of the display: it reads the replayed state, it
never touches storage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from rehearsal.model import Plan, lead_text
from rehearsal.rehearsing import recovery
from rehearsal.rehearsing.timing import RunState, Step, StepKind
from rehearsal.schedule import plan_today, planned_start_at

WARNING_SHARE = 0.8  # the timer turns to the warning colour at 80% of the planned time


class TimerState(StrEnum):
    ON_TIME = "on-time"
    WARNING = "warning"  # most of the planned time used
    OVERTIME = "overtime"  # past the planned time: the timer counts up


@dataclass(frozen=True, slots=True)
class StripCell:
    """One step of the whole-session strip: planned width, and actual width so far."""

    step: Step
    planned_s: int
    actual_s: float | None  # None: not reached yet
    running: bool
    flags: tuple[float, ...] = ()  # where flags were raised, as fractions of the cell


@dataclass(frozen=True, slots=True)
class LiveStatus:
    started: bool
    finished: bool
    step: Step | None
    index: int
    next_step: Step | None
    elapsed_s: float  # in the running attempt, pauses excluded
    remaining_s: float  # planned − elapsed; negative in overtime
    timer: TimerState
    paused: bool
    pause_reason: str
    pause_s: float  # the current pause so far
    session_s: float  # since the first mark
    relative_offset_s: float  # + behind the plan, − ahead, since the actual start
    absolute_offset_s: float | None  # against the plan's clock, late start included
    projected_end: datetime | None  # wall clock
    slot_end: datetime | None  # wall clock: `recovery.slot_end` (the planned start + slot
    # when the run started within a slot of it, else the actual start + slot)
    strip: tuple[StripCell, ...]
    lead: str = ""  # who leads the running step (`model.lead_text`); "" for a transition
    next_lead: str = ""  # who leads the next step


def live_status(
    state: RunState, plan: Plan, now_ns: int, now_wall: datetime, *, with_strip: bool = True
) -> LiveStatus:
    """Where the run stands; `with_strip=False` leaves the whole-session strip out (the
    companion pages do not draw it)."""
    step = state.current
    elapsed = state.step_elapsed_ns(now_ns) / 1e9
    planned = step.planned_s if step else 0
    remaining = planned - elapsed
    if step is not None and remaining < 0:
        timer = TimerState.OVERTIME
    elif step is not None and planned and elapsed >= WARNING_SHARE * planned:
        timer = TimerState.WARNING
    else:
        timer = TimerState.ON_TIME
    relative = state.relative_offset_s(now_ns)
    started_at = _started(state)
    planned_at = _planned_start(plan, started_at)  # in the started moment's zone
    absolute = None
    if started_at is not None and planned_at is not None:
        absolute = relative + (started_at - planned_at).total_seconds()
    projected = None
    if state.started_ns is not None and not state.finished:
        projected = now_wall + timedelta(seconds=state.remaining_planned_s(now_ns))
    slot_end = None
    if plan.slot_s and started_at is not None:  # the recovery plan's slot end, on the wall
        slot_end = started_at + timedelta(seconds=recovery.slot_end(plan, state))
    end = state.ended_ns if state.ended_ns is not None else now_ns
    following = state.steps[state.index + 1] if state.index + 1 < len(state.steps) else None
    return LiveStatus(
        started=state.started_ns is not None,
        finished=state.finished,
        step=step,
        index=state.index,
        next_step=following,
        elapsed_s=elapsed,
        remaining_s=remaining,
        timer=timer,
        paused=state.paused_since is not None,
        pause_reason=state.pause_reason,
        pause_s=(now_ns - state.paused_since) / 1e9 if state.paused_since is not None else 0.0,
        session_s=(end - state.started_ns) / 1e9 if state.started_ns is not None else 0.0,
        relative_offset_s=relative,
        absolute_offset_s=absolute,
        projected_end=projected,
        slot_end=slot_end,
        strip=_strip(state, now_ns) if with_strip else (),
        lead=_lead(plan, step),
        next_lead=_lead(plan, following),
    )


def _lead(plan: Plan, step: Step | None) -> str:
    if step is None or step.kind is not StepKind.SEGMENT:
        return ""
    try:
        return lead_text(plan.segment(step.segment_id))
    except KeyError:
        return ""


def _strip(state: RunState, now_ns: int) -> tuple[StripCell, ...]:
    cells = []
    flagged: dict[int, list[int]] = {}
    for index, at in state.flag_marks:
        flagged.setdefault(index, []).append(at)
    for i, step in enumerate(state.steps):
        attempts = state.attempts[i]
        actual = None
        if attempts:
            actual = attempts[-1].actual_ns(now_ns) / 1e9
            if i == state.index:
                actual = state.step_elapsed_ns(now_ns) / 1e9
        flags: tuple[float, ...] = ()
        if attempts and i in flagged:
            begin = attempts[0].start_ns
            end = attempts[-1].end_ns if attempts[-1].end_ns is not None else now_ns
            span = max(end - begin, 1)
            flags = tuple(min(max((at - begin) / span, 0.0), 1.0) for at in flagged[i])
        cells.append(StripCell(step, step.planned_s, actual, i == state.index, flags))
    return tuple(cells)


def _started(state: RunState) -> datetime | None:
    if not state.started_wall:
        return None
    try:
        return datetime.fromisoformat(state.started_wall)
    except ValueError:
        return None


def _planned_start(plan: Plan, started_at: datetime | None) -> datetime | None:
    """The plan's planned start on the day the run started (that day in the plan's time
    zone), in the zone the start was recorded in: the device's local time."""
    if started_at is None:
        return None
    if started_at.tzinfo is None:
        started_at = started_at.astimezone()
    at = planned_start_at(plan, plan_today(plan, started_at), local=started_at.tzinfo)
    return at.astimezone(started_at.tzinfo) if at is not None else None
