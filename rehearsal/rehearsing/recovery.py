"""A recovery plan: what to change in the rest of a running session so it lands on time.

The rule, once (README "Recovery plan"):
- The session is projected to end at now + what the running step has left of its target +
  the targets of the steps after it (a target is the planned time unless it was adjusted
  live, `Run.adjust_target`). The slot ends at the plan's planned start + its slot when
  the run started within a slot's length of it, else at the actual start + the slot
  (`slot_end`); with no slot, at the plan's planned length.
- **Behind** (the projected end passes the slot end): the fewest flexible steps that can
  absorb the shortfall, the ones with most room first (room = target − flexible minimum;
  the running step never below what it has already used), each cut in proportion to its
  room, in whole seconds, so the session lands on time exactly. Never a non-negotiable
  step, never a transition, never outside a flexible range.
- **Cannot land**: even every flexible step at its minimum leaves the session short; every
  flexible step goes to its minimum, and the line says how short it still is.
- **Ahead** (the projected end at least `AHEAD_FROM_S` before both the slot end and the
  planned end — the steps' targets added up from the first mark: a buffer the plan keeps
  before its slot end is not time gained, and is never handed out): where the time gained
  would best go — non-negotiable segments first (up to their flexible maximum, or half
  their planned time again when they have none), then flexible steps up to their maximum,
  most room first.
- Otherwise **on time**: no change.

Costs O(remaining steps) per call, with a step table built once per plan: cheap enough to
recompute on every mark and every tick of the live screen.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from rehearsal.durations import format_duration, format_signed
from rehearsal.model import Plan, Segment
from rehearsal.rehearsing.timing import RunState, Step, StepKind
from rehearsal.schedule import plan_today, planned_start_at

AHEAD_FROM_S = 60  # less spare than this is on time: no suggestion
PRACTICE_GROWTH = 0.5  # a non-negotiable step with no maximum may grow by half its plan


class RecoveryStatus(StrEnum):
    ON_TIME = "on-time"
    BEHIND = "behind"  # the changes land the session on time
    AHEAD = "ahead"  # the changes say where the spare time would best go
    CANNOT_LAND = "cannot-land"  # short even with every flexible step at its minimum


@dataclass(frozen=True, slots=True)
class TargetChange:
    """One step's target, changed: from what it is now to what the plan suggests."""

    index: int  # the step's place in the live sequence
    step_id: str  # segment id (only segments change)
    title: str
    planned_s: int  # as the plan has it
    from_s: int  # its target now: planned, or as adjusted live before
    target_s: int  # suggested
    non_negotiable: bool

    @property
    def change_s(self) -> int:
        return self.target_s - self.from_s

    def line(self) -> str:
        """`Discussion: 8:00 → 6:00 (−2:00)` — the words of the live screen."""
        tag = " (non-negotiable)" if self.non_negotiable else ""
        return (
            f"{self.title}{tag}: {format_duration(self.from_s)} → "
            f"{format_duration(self.target_s)} ({format_signed(self.change_s)})"
        )


@dataclass(frozen=True, slots=True)
class RecoveryPlan:
    status: RecoveryStatus
    changes: tuple[TargetChange, ...]  # in the order of the session
    projected_end_s: float  # seconds after the first mark, with the targets as they are
    slot_end_s: float  # seconds after the first mark
    behind_s: int  # how far the projected end passes the slot end (whole seconds, up)
    spare_s: int  # how far before the slot end it comes (whole seconds, down)
    shortfall_s: int  # still short after the changes: 0 unless it cannot land
    running_target_s: int | None  # the running step's target when adjusted live (presenter)
    gained_s: int = 0  # how far before the slot end and the planned end (whole seconds, down)

    @property
    def reason(self) -> str:
        """Why a change is accepted, as an adjustment records it: `behind 3:20`."""
        if self.behind_s:
            return f"behind {format_duration(self.behind_s)}"
        if self.gained_s:
            return f"ahead {format_duration(self.gained_s)}"
        return "on time"

    def lines(self) -> tuple[str, ...]:
        """The words shown on the live screen: a headline, then one line per change."""
        changes = tuple(c.line() for c in self.changes)
        if self.status is RecoveryStatus.BEHIND:
            return (f"Behind {format_duration(self.behind_s)}: to land on time —", *changes)
        if self.status is RecoveryStatus.CANNOT_LAND:
            short = format_duration(self.shortfall_s)
            if not changes:
                return (f"{short} short: no remaining step is flexible",)
            return (f"{short} short even with every flexible step at its minimum", *changes)
        if self.status is RecoveryStatus.AHEAD:
            spare = format_duration(self.gained_s)
            if not changes:
                return (f"Ahead {spare}: no remaining step has room to grow",)
            return (f"Ahead {spare}: where the extra time would best go —", *changes)
        if self.spare_s:
            return (f"On time: {format_duration(self.spare_s)} to spare",)
        return ("On time",)


# A step that may move: (how far — down when behind, up when ahead —, its index, its
# target now, its segment). Plain tuples: a plan weighs every remaining step on every mark.
_Room = tuple[int, int, int, Segment]


def recovery_plan(
    plan: Plan, state: RunState, now_ns: int, *, slot_end_s: float | None = None
) -> RecoveryPlan:
    """The recovery plan at `now_ns` for a run of `plan` in `state` (see the module's rule).

    `slot_end_s`: when the session must end, in seconds after its first mark; by default
    `slot_end_s(plan, state)`.
    """
    end_s = slot_end_s if slot_end_s is not None else slot_end(plan, state)
    projected = _session_s(state, now_ns)
    if state.ended_ns is None:
        projected += state.remaining_planned_s(now_ns)
    running = None
    if state.current is not None and state.index in state.targets:
        running = state.targets[state.index]
    late = projected - end_s
    behind = max(0, math.ceil(late - 1e-9))
    spare = max(0, math.floor(-late + 1e-9))
    planned_end = sum(state.target_s(i) for i in range(len(state.steps)))
    gained = min(spare, max(0, math.floor(planned_end - projected + 1e-9)))

    def result(
        status: RecoveryStatus, changes: list[TargetChange], shortfall: int = 0
    ) -> RecoveryPlan:
        changes.sort(key=lambda c: c.index)
        return RecoveryPlan(
            status, tuple(changes), projected, end_s, behind, spare, shortfall, running, gained
        )

    if behind > 0:
        rooms = sorted(_shrink_rooms(plan, state, now_ns), key=_most_room_first)
        total, chosen = 0, []
        for room in rooms:
            if total >= behind:
                break
            chosen.append(room)
            total += room[0]
        if total < behind:
            changes = [_change(state, r, r[2] - r[0]) for r in chosen]
            return result(RecoveryStatus.CANNOT_LAND, changes, behind - total)
        cuts = _shares(behind, [r[0] for r in chosen])
        changes = [
            _change(state, r, r[2] - cut) for r, cut in zip(chosen, cuts, strict=True) if cut
        ]
        return result(RecoveryStatus.BEHIND, changes)
    if gained >= AHEAD_FROM_S and state.ended_ns is None:
        left, changes = gained, []
        for tier in _grow_rooms(plan, state):
            for room in sorted(tier, key=_most_room_first):
                if left <= 0:
                    break
                give = min(left, room[0])
                changes.append(_change(state, room, room[2] + give))
                left -= give
        return result(RecoveryStatus.AHEAD, changes)
    return result(RecoveryStatus.ON_TIME, [])


def presenter_target(state: RunState) -> int | None:
    """The running step's target when it was adjusted live (the presenter screen counts
    down to it); None when it runs to its plan or no step runs."""
    if state.current is None:
        return None
    return state.targets.get(state.index)


def slot_end(plan: Plan, state: RunState) -> float:
    """When the session must end, in seconds after its first mark: the plan's planned start
    on the day it ran + its slot, as the live screen shows it, when the run started within
    a slot's length of that start (a late start eats into the slot); otherwise — a run at
    another time of day, or a plan with no planned start — the actual start + the slot.
    With no slot, the plan's planned length of live steps."""
    if not plan.slot_s:
        return float(sum(s.planned_s for s in state.steps))
    started = _started(state)
    if started is None:
        return float(plan.slot_s)
    planned = planned_start_at(plan, plan_today(plan, started), local=started.tzinfo)
    if planned is None:
        return float(plan.slot_s)
    late_s = (started - planned).total_seconds()
    return plan.slot_s - late_s if abs(late_s) <= plan.slot_s else float(plan.slot_s)


def _started(state: RunState) -> datetime | None:
    if state.started_ns is None or not state.started_wall:
        return None
    try:
        started = datetime.fromisoformat(state.started_wall)
    except ValueError:
        return None
    return started if started.tzinfo is not None else started.astimezone()


def _session_s(state: RunState, now_ns: int) -> float:
    if state.started_ns is None:
        return 0.0
    end = state.ended_ns if state.ended_ns is not None else now_ns
    return (end - state.started_ns) / 1e9


def _shrink_rooms(plan: Plan, state: RunState, now_ns: int) -> list[_Room]:
    """The flexible segments not yet over, and how far each may shrink."""
    if state.ended_ns is not None:
        return []
    table = _table(plan, state)
    first, targets, rooms = max(state.index, 0), state.targets, []
    for index, segment, floor in table.shrink[bisect_left(table.shrink_at, first) :]:
        if index == state.index:
            floor = max(floor, math.ceil(state.step_elapsed_ns(now_ns) / 1e9 - 1e-9))
        now_s = targets.get(index, segment.planned_s)
        if now_s > floor:
            rooms.append((now_s - floor, index, now_s, segment))
    return rooms


def _grow_rooms(plan: Plan, state: RunState) -> tuple[list[_Room], list[_Room]]:
    """Non-negotiable segments, then flexible ones, not yet over, and how far each may grow."""
    if state.ended_ns is not None:
        return [], []
    table, first = _table(plan, state), max(state.index, 0)

    def rooms(tier: list[tuple[int, Segment, int]], at: list[int]) -> list[_Room]:
        found = []
        for index, segment, top in tier[bisect_left(at, first) :]:
            now_s = state.targets.get(index, segment.planned_s)
            if top > now_s:
                found.append((top - now_s, index, now_s, segment))
        return found

    return rooms(table.practice, table.practice_at), rooms(table.grow, table.grow_at)


@dataclass(frozen=True, slots=True)
class _Table:
    """The segments of a live sequence that may move, in its order, with their bounds:
    built once per plan, so a recovery plan costs O(remaining steps)."""

    shrink: list[tuple[int, Segment, int]]  # flexible, with a range: (index, segment, floor)
    practice: list[tuple[int, Segment, int]]  # non-negotiable: (index, segment, top)
    grow: list[tuple[int, Segment, int]]  # flexible, with a maximum: (index, segment, top)
    shrink_at: list[int]
    practice_at: list[int]
    grow_at: list[int]


_TABLE: list[tuple[Plan, tuple[Step, ...], _Table]] = []  # the last plan's


def _table(plan: Plan, state: RunState) -> _Table:
    if _TABLE and _TABLE[0][0] is plan and _TABLE[0][1] is state.steps:
        return _TABLE[0][2]
    by_id = {s.id: s for s in plan.segments}
    shrink, practice, grow = [], [], []
    for index, step in enumerate(state.steps):
        segment = by_id.get(step.id) if step.kind is StepKind.SEGMENT else None
        if segment is None:
            continue
        low, high, planned = segment.flex_min_s, segment.flex_max_s, segment.planned_s
        if segment.non_negotiable:
            top = high if high is not None else planned + int(planned * PRACTICE_GROWTH)
            practice.append((index, segment, top))
            continue
        if low is not None or high is not None:
            shrink.append((index, segment, low if low is not None else planned))
        if high is not None:
            grow.append((index, segment, high))
    table = _Table(
        shrink,
        practice,
        grow,
        [t[0] for t in shrink],
        [t[0] for t in practice],
        [t[0] for t in grow],
    )
    _TABLE[:] = [(plan, state.steps, table)]
    return table


def _most_room_first(room: _Room) -> tuple[int, int]:
    return -room[0], room[1]  # ties: the earlier step first


def _change(state: RunState, room: _Room, target_s: int) -> TargetChange:
    _, index, from_s, segment = room
    title = state.steps[index].title
    return TargetChange(
        index, segment.id, title, segment.planned_s, from_s, target_s, segment.non_negotiable
    )


def _shares(total: int, rooms: list[int]) -> list[int]:
    """`total` split over `rooms` in proportion, in whole seconds, none above its room
    (largest remainders round up); `total` is at most their sum."""
    whole = sum(rooms)
    shares = [total * r // whole for r in rooms]
    rests = [total * r % whole for r in rooms]
    order = sorted(range(len(rooms)), key=lambda i: (-rests[i], i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares
