"""Suggested re-timing from the evidence, and applying it as the next plan revision.

A suggestion protects the design:

- It needs enough evidence: `min_complete` complete rehearsals (the workspace's launch
  rule `retiming_min_complete`, 3 by default). Below that nothing is suggested
  (`Retiming.enough` is false, `Retiming.missing` says what is missing) and nothing can
  be applied. A click-through is never timing evidence here, even when the filters
  include it for the charts.
- A step's observations are the steps those complete rehearsals ran plus the steps that
  rehearsals stopped early did run; a step observed fewer than `min_complete` times keeps
  its plan.
- The statistic (`rule` of those observations) is rounded to a whole half-minute, or to a
  whole minute from 10 minutes on; then held to the floor (never under 0:30, never under
  1:00 for a step planned at 5 minutes or more, never under the plan of a step planned
  shorter than the floor); then to a flexible segment's range (the designer's own limits
  win over the floor); and a non-negotiable segment is never shortened (it may be
  lengthened). `Suggestion.limit` names the last of these that moved the value.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from rehearsal.analysis.evidence import Evidence, describe
from rehearsal.analysis.observations import Observations, StepInfo
from rehearsal.durations import count, format_duration, format_signed
from rehearsal.errors import InvalidOperation
from rehearsal.launch_rules import DEFAULT_RULES, RETIMING_RULES
from rehearsal.model import Plan
from rehearsal.rehearsing.timing import StepKind
from rehearsal.workspace import Workspace

RULES = RETIMING_RULES  # rule → what it sets each step to
ROUND_S = 30  # suggestions under LONG_S are whole half-minutes
ROUND_LONG_S = 60  # from LONG_S on, whole minutes
LONG_S = 600
FLOOR_S = 30  # nothing is suggested under half a minute…
FLOOR_LONG_S = 60  # …nor under a minute for a step planned at FLOOR_LONG_FROM_S or more
FLOOR_LONG_FROM_S = 300


class Limit(StrEnum):
    """What held a suggestion away from its rounded statistic."""

    NONE = "none"  # the statistic, rounded
    TOO_FEW = "too-few"  # observed too few times: keeps its plan
    FLOOR = "floor"
    FLEX_MIN = "flex-min"
    FLEX_MAX = "flex-max"
    NON_NEGOTIABLE = "non-negotiable"


def rounded_s(statistic_s: float) -> int:
    """`statistic_s` to the nearest half-minute, or whole minute from 10 minutes on (halves
    round up)."""
    unit = ROUND_LONG_S if statistic_s >= LONG_S else ROUND_S
    return math.floor(statistic_s / unit + 0.5) * unit


def floor_s(planned_s: int) -> int:
    """The least a step planned at `planned_s` may be suggested: 1:00 for 5 minutes or more,
    else 0:30 — or its plan, when that is shorter (a short hand-off is not lengthened to
    the floor)."""
    least = FLOOR_LONG_S if planned_s >= FLOOR_LONG_FROM_S else FLOOR_S
    return min(least, planned_s)


@dataclass(frozen=True, slots=True)
class Suggestion:
    step: StepInfo
    n: int  # observations of the step that count
    planned_s: int
    suggested_s: int  # = planned_s when there is nothing (or too little) to go on
    statistic_s: float | None = None  # the rule's value of the observations, unrounded
    limit: Limit = Limit.NONE

    @property
    def change_s(self) -> int:
        return self.suggested_s - self.planned_s

    @property
    def reason(self) -> str:
        """Why it differs from the statistic, in words ("" when it is the statistic)."""
        step = self.step
        if self.limit is Limit.TOO_FEW:
            return f"observed {count(self.n, 'time')}: keeps its plan"
        if self.limit is Limit.FLOOR:
            return f"held at the floor of {format_duration(self.suggested_s)}"
        if self.limit is Limit.FLEX_MIN:
            return f"held at its flexible range's shortest, {format_duration(step.flex_min_s or 0)}"
        if self.limit is Limit.FLEX_MAX:
            return f"held at its flexible range's longest, {format_duration(step.flex_max_s or 0)}"
        if self.limit is Limit.NON_NEGOTIABLE:
            return "non-negotiable: held at its plan, never shortened"
        return ""


@dataclass(frozen=True, slots=True)
class Retiming:
    rule: str
    min_complete: int  # complete rehearsals needed
    evidence: Evidence  # what it rests on (click-throughs counted as left out)
    suggestions: tuple[Suggestion, ...]
    planned_total_s: int
    suggested_total_s: int
    slot_s: int | None = None

    @property
    def runs(self) -> int:
        """The rehearsals it rests on (complete and stopped early)."""
        return self.evidence.complete + self.evidence.stopped_early

    @property
    def enough(self) -> bool:
        return self.evidence.complete >= self.min_complete

    @property
    def changed(self) -> tuple[Suggestion, ...]:
        return tuple(s for s in self.suggestions if s.change_s) if self.enough else ()

    @property
    def missing(self) -> str:
        """ "Re-timing needs 3 complete rehearsals; there is 1 (1 stopped early, 1
        click-through left out)" — or "" when there is enough."""
        if self.enough:
            return ""
        have = self.evidence.complete
        extra = []
        if self.evidence.stopped_early:
            extra.append(f"{self.evidence.stopped_early} stopped early")
        if self.evidence.left_out:
            extra.append(count(self.evidence.left_out, "click-through") + " left out")
        there = f"there is {have}" if have == 1 else f"there are {have or 'none'}"
        more = f" ({', '.join(extra)})" if extra else ""
        return f"Re-timing needs {count(self.min_complete, 'complete rehearsal')}; {there}{more}."

    @property
    def described(self) -> str:
        """What it rests on: "from 4 complete rehearsals of revision 2; 1 stopped early"."""
        return describe(self.evidence)


def _statistic(rule: str, seen: npt.NDArray[np.float64]) -> float:
    if rule == "p80":
        return float(np.quantile(seen, 0.8))
    if rule == "p90":
        return float(np.quantile(seen, 0.9))
    if rule == "median":
        return float(np.median(seen))
    return float(np.mean(seen))


def protected(step: StepInfo, statistic_s: float) -> tuple[int, Limit]:
    """`statistic_s` rounded, then held to the floor, the flexible range and, for a
    non-negotiable segment, its plan — with the last limit that moved it."""
    value, limit = rounded_s(statistic_s), Limit.NONE
    least = floor_s(step.planned_s)
    if value < least:
        value, limit = least, Limit.FLOOR
    if not step.non_negotiable:
        if step.flex_min_s is not None and value < step.flex_min_s:
            value, limit = step.flex_min_s, Limit.FLEX_MIN
        if step.flex_max_s is not None and value > step.flex_max_s:
            value, limit = step.flex_max_s, Limit.FLEX_MAX
    elif value < step.planned_s:
        value, limit = step.planned_s, Limit.NON_NEGOTIABLE
    return value, limit


def retiming_evidence(obs: Observations) -> Evidence:
    """The rehearsals a re-timing rests on: as `evidence`, but a click-through the filters
    included counts as left out (it is never re-timed from)."""
    counted = [r for r in obs.runs if not r.click_through]
    complete = sum(1 for r in counted if r.complete)
    return Evidence(
        complete=complete,
        stopped_early=len(counted) - complete,
        click_through=0,
        left_out=len(obs.left_out) + len(obs.runs) - len(counted),
        revisions=tuple(sorted({r.revision for r in counted})),
        archived=obs.archived_left_out,
    )


def suggest(
    obs: Observations,
    rule: str = DEFAULT_RULES.retiming_rule,
    min_complete: int = DEFAULT_RULES.retiming_min_complete,
) -> Retiming:
    """Each step's planned time set to `rule` of its observations, protected (see the
    module); nothing changes with fewer than `min_complete` complete rehearsals. The
    workspace's values are `Workspace.launch_rules().retiming_rule` and
    `.retiming_min_complete`."""
    if rule not in RULES:
        raise InvalidOperation(f"The re-timing rule is one of {', '.join(RULES)}, not {rule!r}.")
    found = retiming_evidence(obs)
    enough = found.complete >= min_complete
    rows = np.array([not r.click_through for r in obs.runs], dtype=bool)
    suggestions = []
    for j, step in enumerate(obs.steps):
        seen = obs.actual[rows, j] if len(rows) else np.zeros(0)
        seen = seen[~np.isnan(seen)]
        if not enough or not len(seen):
            suggestions.append(Suggestion(step, len(seen), step.planned_s, step.planned_s))
            continue
        statistic = _statistic(rule, seen)
        if len(seen) < min_complete:
            value, limit = step.planned_s, Limit.TOO_FEW
        else:
            value, limit = protected(step, statistic)
        suggestions.append(Suggestion(step, len(seen), step.planned_s, value, statistic, limit))
    return Retiming(
        rule=rule,
        min_complete=min_complete,
        evidence=found,
        suggestions=tuple(suggestions),
        planned_total_s=sum(s.planned_s for s in suggestions),
        suggested_total_s=sum(s.suggested_s for s in suggestions),
        slot_s=obs.plan.slot_s,
    )


def change_line(s: Suggestion) -> str:
    """ "Breakout practice [non-negotiable]: 6:00 → 7:00 (+1:00)"."""
    why = f"; {s.reason}" if s.reason else ""
    mark = " [non-negotiable]" if s.step.non_negotiable else ""
    return (
        f"{s.step.title}{mark}: {format_duration(s.planned_s)} → "
        f"{format_duration(s.suggested_s)} ({format_signed(s.change_s)}{why})"
    )


def retiming_notes(plan: Plan, retiming: Retiming) -> str:
    """What the new revision's notes record: the rule, the evidence, every change."""
    lines = [
        f"Re-timed from revision {plan.revision}: each step to the {RULES[retiming.rule]} "
        f"(needs {count(retiming.min_complete, 'complete rehearsal')}), "
        f"{retiming.described}.",
        f"Planned total {format_duration(retiming.planned_total_s)} → "
        f"{format_duration(retiming.suggested_total_s)} "
        f"({format_signed(retiming.suggested_total_s - retiming.planned_total_s)})"
        + (f"; slot {format_duration(retiming.slot_s)}." if retiming.slot_s else "; no slot set."),
        f"{count(len(retiming.changed), 'step')} changed:",
        *(f"- {change_line(s)}" for s in retiming.changed),
    ]
    return "\n".join(lines)


def retimed_plan(plan: Plan, retiming: Retiming) -> Plan:
    durations = {s.step.key: s.suggested_s for s in retiming.suggestions}
    kinds = {s.step.key: s.step.kind for s in retiming.suggestions}
    segments = tuple(
        dataclasses.replace(seg, planned_s=durations[seg.id])
        if kinds.get(seg.id) is StepKind.SEGMENT
        else seg
        for seg in plan.segments
    )
    transitions = tuple(
        dataclasses.replace(t, allowance_s=durations[t.id])
        if kinds.get(t.id) is StepKind.TRANSITION
        else t
        for t in plan.transitions
    )
    return dataclasses.replace(
        plan,
        segments=segments,
        transitions=transitions,
        notes=(plan.notes + "\n\n" + retiming_notes(plan, retiming)).strip(),
    )


def apply_retiming(ws: Workspace, plan_id: str, retiming: Retiming) -> Plan:
    """Store the re-timed plan as the next revision of its program (always a new
    revision, even if `plan_id` was never rehearsed), recorded in its notes. Refused
    (`InvalidOperation`) without enough evidence or when nothing changes."""
    plan = ws.plan(plan_id)
    if not retiming.enough:
        raise InvalidOperation(retiming.missing)
    if not retiming.changed:
        raise InvalidOperation("The suggestion changes nothing: every step keeps its time.")
    return ws.new_revision(retimed_plan(plan, retiming))
