"""Suggested re-timing from the evidence, and applying it as the next plan revision."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from rehearsal.analysis.observations import Observations, StepInfo
from rehearsal.errors import InvalidOperation
from rehearsal.launch_rules import DEFAULT_RULES, RETIMING_RULES
from rehearsal.model import Plan
from rehearsal.rehearsing.timing import StepKind
from rehearsal.workspace import Workspace

RULES = RETIMING_RULES  # rule → what it sets each step to
ROUND_S = 30  # suggestions are whole half-minutes


@dataclass(frozen=True, slots=True)
class Suggestion:
    step: StepInfo
    n: int
    planned_s: int
    suggested_s: int  # = planned_s when there is nothing to go on

    @property
    def change_s(self) -> int:
        return self.suggested_s - self.planned_s


@dataclass(frozen=True, slots=True)
class Retiming:
    rule: str
    min_observed: int
    suggestions: tuple[Suggestion, ...]
    planned_total_s: int
    suggested_total_s: int
    runs: int

    @property
    def changed(self) -> tuple[Suggestion, ...]:
        return tuple(s for s in self.suggestions if s.change_s)


def _statistic(rule: str, seen: npt.NDArray[np.float64]) -> float:
    if rule == "p80":
        return float(np.quantile(seen, 0.8))
    if rule == "p90":
        return float(np.quantile(seen, 0.9))
    if rule == "median":
        return float(np.median(seen))
    return float(np.mean(seen))


def suggest(
    obs: Observations, rule: str = DEFAULT_RULES.retiming_rule, min_observed: int = 1
) -> Retiming:
    """Each step's planned time set to `rule` of its actuals, rounded to half-minutes;
    steps observed fewer than `min_observed` times keep their plan. The workspace's rule
    is `Workspace.launch_rules().retiming_rule`."""
    if rule not in RULES:
        raise InvalidOperation(f"The re-timing rule is one of {', '.join(RULES)}, not {rule!r}.")
    found = []
    for j, step in enumerate(obs.steps):
        seen = obs.actual[:, j]
        seen = seen[~np.isnan(seen)]
        suggested = step.planned_s
        if len(seen) >= max(min_observed, 1):
            suggested = max(ROUND_S, round(_statistic(rule, seen) / ROUND_S) * ROUND_S)
        found.append(Suggestion(step, len(seen), step.planned_s, suggested))
    return Retiming(
        rule=rule,
        min_observed=min_observed,
        suggestions=tuple(found),
        planned_total_s=sum(s.planned_s for s in found),
        suggested_total_s=sum(s.suggested_s for s in found),
        runs=len(obs.runs),
    )


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
    note = (
        f"Re-timed from the {RULES[retiming.rule]} of {retiming.runs} rehearsals "
        f"(revision {plan.revision}: {len(retiming.changed)} steps changed)."
    )
    return dataclasses.replace(
        plan,
        segments=segments,
        transitions=transitions,
        notes=(plan.notes + "\n" + note).strip(),
    )


def apply_retiming(ws: Workspace, plan_id: str, retiming: Retiming) -> Plan:
    """Store the re-timed plan as the next revision of its program (always a new
    revision, even if `plan_id` was never rehearsed), recorded in its notes."""
    plan = ws.plan(plan_id)
    if not retiming.changed:
        raise InvalidOperation("The suggestion changes nothing: every step keeps its time.")
    return ws.new_revision(retimed_plan(plan, retiming))
