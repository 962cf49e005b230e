"""Where a running rehearsal stands against its plan, for the live screen.

Cheap enough to compute on every tick of the display: it reads the replayed state, it
never touches storage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from rehearsal.durations import format_duration
from rehearsal.model import Plan, lead_text
from rehearsal.rehearsing import recovery
from rehearsal.rehearsing.recovery import RecoveryPlan
from rehearsal.rehearsing.timing import RunState, Step, StepKind
from rehearsal.schedule import plan_today, planned_start_at

WARNING_SHARE = 0.8  # the timer turns to the warning colour at 80% of the planned time
COMING_ROWS = 12  # steps listed after the one shown: the screen shows as many as fit


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
    attempts: int = 0  # how often it was started (a retry adds one)


@dataclass(frozen=True, slots=True)
class RundownRow:
    """One step of the rundown under the running one: when it was planned to start, when
    it will start at the pace of now, who leads it and the hand-off cue into it; for a step
    already run, its actual time and over/under (its last attempt, as the figures count)."""

    index: int
    step: Step
    lead: str  # `model.lead_text`; "" for a transition
    handoff_cue: str  # the cue of the hand-off into this step ("" when there is none)
    planned_start: datetime | None  # the plan's clock (its planned start, else the actual)
    projected_start: datetime | None  # now + the rest of the running step + the plan between
    actual_s: float | None = None
    over_s: float | None = None  # actual − planned
    attempts: int = 0
    target_s: int | None = None  # a step to come: its target (planned unless adjusted live)


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
    lead: str = ""  # who leads the step shown (`model.lead_text`); "" for a transition
    next_lead: str = ""  # who leads the next step
    # Before the first mark the screen shows the first step (`first_step`) as the one the
    # first key starts; `next_step` is then the one after it, never the first step again.
    first_step: Step | None = None
    attempt: int = 0  # the running step's attempt: 2 after one retry
    on_next: str = ""  # what the next key does, in words (the UI names the key)
    next_cue: str = ""  # the hand-off cue into the next step
    coming: tuple[RundownRow, ...] = ()  # the steps after the one shown, in order
    done: tuple[RundownRow, ...] = ()  # the steps run, in order
    # The running step's target when it was adjusted live (`recovery.presenter_target`):
    # the clock (`remaining_s`, `timer`) counts down to it on every screen; None: its plan.
    target_s: int | None = None
    recovery: RecoveryPlan | None = None  # while a step runs: the Recovery panel


def live_status(
    state: RunState,
    plan: Plan,
    now_ns: int,
    now_wall: datetime,
    *,
    panels: bool = True,
    with_strip: bool = True,
) -> LiveStatus:
    """Where the run stands at `now_ns` (`now_wall` on the wall clock). `panels=False`
    leaves out what the screen shows beside the step and the clock — the rundown (`coming`,
    `done`) and the recovery plan — for a mark, which shows those on the next tick;
    `with_strip=False` leaves the whole-session strip out (the companion pages do not draw
    it)."""
    step = state.current
    elapsed = state.step_elapsed_ns(now_ns) / 1e9
    target = recovery.presenter_target(state)
    planned = target if target is not None else step.planned_s if step else 0
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
    if not state.finished:  # before the start: if it started now
        projected = now_wall + timedelta(seconds=state.remaining_planned_s(now_ns))
    slot_end = None
    # The plan's clock: its planned start, unless the run started at another time of day
    # (then its actual start: `recovery.slot_end`); before the start, today's planned start.
    anchor = planned_at or started_at
    if plan.slot_s and started_at is not None:  # the recovery plan's slot end, on the wall
        slot_end = started_at + timedelta(seconds=recovery.slot_end(plan, state))
        anchor = slot_end - timedelta(seconds=plan.slot_s)
    elif started_at is None and plan.start_s is not None:
        anchor = _planned_start(plan, now_wall)
        if anchor is not None and plan.slot_s:
            slot_end = anchor + timedelta(seconds=plan.slot_s)
    end = state.ended_ns if state.ended_ns is not None else now_ns
    facts = _facts(plan, state.steps)
    armed = state.started_ns is None and state.index < 0 and bool(state.steps)
    shown = 0 if armed else state.index  # before the start, the first step is shown
    following = state.steps[shown + 1] if shown + 1 < len(state.steps) else None
    attempts = len(state.attempts[state.index]) if step is not None else 0
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
        lead=facts.leads[shown] if 0 <= shown < len(state.steps) else "",
        next_lead=facts.leads[shown + 1] if following is not None else "",
        first_step=state.steps[0] if armed else None,
        attempt=attempts,
        on_next=_on_next(state, armed),
        next_cue=facts.cues[shown + 1] if following is not None else "",
        coming=_coming(state, facts, shown, now_ns, now_wall, anchor) if panels else (),
        done=_done(state, facts, now_ns, anchor) if panels else (),
        target_s=target,
        recovery=(
            recovery.recovery_plan(plan, state, now_ns) if panels and step is not None else None
        ),
    )


@dataclass(frozen=True, slots=True)
class _PlanFacts:
    """Per step of a plan: who leads it and the hand-off cue into it (read once per plan)."""

    plan: Plan
    leads: tuple[str, ...]
    cues: tuple[str, ...]
    planned_before_s: tuple[int, ...]  # the plan of the steps before each one


_last_facts: list[_PlanFacts] = []  # the plan last asked about: a tick reads it again


def _facts(plan: Plan, steps: tuple[Step, ...]) -> _PlanFacts:
    if _last_facts and _last_facts[0].plan is plan and len(_last_facts[0].leads) == len(steps):
        return _last_facts[0]
    segments = {s.id: s for s in plan.segments}
    leads = tuple(
        lead_text(segments[s.segment_id])
        if s.kind is StepKind.SEGMENT and s.segment_id in segments
        else ""
        for s in steps
    )
    cues = []
    for i, step in enumerate(steps):
        before = steps[i - 1] if i else None
        handoff = None
        if before is not None and before.kind is StepKind.SEGMENT:
            handoff = plan.transition_after(before.segment_id)
        timed = step.kind is StepKind.TRANSITION  # its title is the cue already
        cues.append(handoff.cue if handoff is not None and not timed else "")
    planned_before, total = [], 0
    for step in steps:
        planned_before.append(total)
        total += step.planned_s
    facts = _PlanFacts(plan, leads, tuple(cues), tuple(planned_before))
    _last_facts[:] = [facts]
    return facts


def _on_next(state: RunState, armed: bool) -> str:
    """What the next key does: "starts the rehearsal with “Welcome” (5:00)", "ends
    “Welcome” and starts “Poll”", "ends “Wrap-up” and finishes the rehearsal"."""
    if armed:
        first = state.steps[0]
        return f"starts the rehearsal with “{first.title}” ({format_duration(first.planned_s)})"
    step = state.current
    if step is None:
        return ""
    if state.index + 1 < len(state.steps):
        return f"ends “{step.title}” and starts “{state.steps[state.index + 1].title}”"
    return f"ends “{step.title}” and finishes the rehearsal"


def _coming(
    state: RunState,
    facts: _PlanFacts,
    shown: int,
    now_ns: int,
    now_wall: datetime,
    anchor: datetime | None,
) -> tuple[RundownRow, ...]:
    """The steps after the one shown: each step's projected start is now, plus what is left
    of the running step's target (none in overtime), plus the targets of the steps between
    — the plan shifted by the offset now (a target is the planned time unless adjusted
    live). The last step's start plus its target is the projected end. Before the start:
    as if it started now."""
    if state.finished or shown < 0:
        return ()
    steps = state.steps
    if state.started_ns is None:
        left = float(state.target_s(shown)) if steps else 0.0
    else:
        left = max(0.0, state.target_s(shown) - state.step_elapsed_ns(now_ns) / 1e9)
    rows = []
    for i in range(shown + 1, min(len(steps), shown + 1 + COMING_ROWS)):
        before = facts.planned_before_s[i]
        rows.append(
            RundownRow(
                index=i,
                step=steps[i],
                lead=facts.leads[i],
                handoff_cue=facts.cues[i],
                planned_start=anchor + timedelta(seconds=before) if anchor else None,
                projected_start=now_wall + timedelta(seconds=left),
                target_s=state.target_s(i),
            )
        )
        left += state.target_s(i)
    return tuple(rows)


def _done(
    state: RunState, facts: _PlanFacts, now_ns: int, anchor: datetime | None
) -> tuple[RundownRow, ...]:
    rows = []
    for i, step in enumerate(state.steps):
        tried = state.attempts[i]
        if not tried or (i == state.index and not state.finished):
            continue
        actual = tried[-1].actual_ns(now_ns) / 1e9
        before = facts.planned_before_s[i]
        rows.append(
            RundownRow(
                index=i,
                step=step,
                lead=facts.leads[i],
                handoff_cue=facts.cues[i],
                planned_start=anchor + timedelta(seconds=before) if anchor else None,
                projected_start=None,
                actual_s=actual,
                over_s=actual - step.planned_s,
                attempts=len(tried),
            )
        )
    return tuple(rows)


# The strip's cells of the steps not reached yet are the same on every mark and tick of a
# run (its states share their steps): made once for the steps last asked about.
_last_unreached: list[tuple[tuple[Step, ...], tuple[StripCell, ...]]] = []


def _unreached(steps: tuple[Step, ...]) -> tuple[StripCell, ...]:
    if _last_unreached and _last_unreached[0][0] is steps:
        return _last_unreached[0][1]
    cells = tuple(StripCell(step, step.planned_s, None, False) for step in steps)
    _last_unreached[:] = [(steps, cells)]
    return cells


def _strip(state: RunState, now_ns: int) -> tuple[StripCell, ...]:
    cells = []
    flagged: dict[int, list[int]] = {}
    for index, at in state.flag_marks:
        flagged.setdefault(index, []).append(at)
    unreached = _unreached(state.steps)
    for i, step in enumerate(state.steps):
        attempts = state.attempts[i]
        if not attempts and i != state.index:
            cells.append(unreached[i])
            continue
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
        cells.append(
            StripCell(step, step.planned_s, actual, i == state.index, flags, len(attempts))
        )
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
