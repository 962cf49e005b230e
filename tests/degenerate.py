"""Workspaces of bad input for the analysis (issue 12): a plan with no slot, no rehearsals,
one step, rehearsals where no step ran, a plan with no timed steps. Each case is recorded
the way a rehearsal really is (a fake clock, `next`, `finish`), so every surface reads it
from storage as it would a real one."""

from __future__ import annotations

import dataclasses
import math
import re

from plans import small_draft

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.model import Plan, PlanDraft, Segment, new_id

CASES = (
    "no-slot",  # three complete rehearsals of a plan with no slot
    "no-rehearsals",  # a plan with a slot, never rehearsed
    "no-slot-no-rehearsals",
    "one-step",  # a plan of one segment, rehearsed twice
    "no-step-ran",  # rehearsals finished before any step ran (RunTotals.steps_run == 0)
    "all-zero",  # every segment 0:00, no slot; rehearsed
    "all-markers",  # every segment a marker or skipped: the live sequence is empty
)

# "nan", "inf" as words of their own (not "information", "finance")
NOT_A_NUMBER = re.compile(r"\b(nan|inf|infinity)\b", re.IGNORECASE)


def finite_text(text: str) -> bool:
    return NOT_A_NUMBER.search(text) is None


def finite(value: object) -> bool:
    """No NaN or infinity anywhere inside `value` (numbers, dicts, lists, dataclasses)."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(finite(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(finite(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return all(finite(getattr(value, f.name)) for f in dataclasses.fields(value))
    return True


def _draft(case: str) -> PlanDraft:
    draft = small_draft()
    if case in ("no-slot", "no-slot-no-rehearsals"):
        return dataclasses.replace(draft, slot_s=None)
    if case == "one-step":
        return PlanDraft(name="One step", slot_s=600, segments=(Segment(new_id(), "Talk", 480),))
    if case == "all-zero":
        segments = tuple(dataclasses.replace(s, planned_s=0) for s in draft.segments)
        return dataclasses.replace(draft, slot_s=None, segments=segments, transitions=())
    if case == "all-markers":
        segments = tuple(
            dataclasses.replace(s, marker=True, planned_s=0)
            if i % 2
            else dataclasses.replace(s, skipped=True)
            for i, s in enumerate(draft.segments)
        )
        return dataclasses.replace(draft, segments=segments, transitions=())
    return draft


def _rehearse(ws: Workspace, plan: Plan, extra_s: tuple[int, ...], *, run_steps: bool) -> None:
    for day, extra in enumerate(extra_s):
        clock = FakeClock()
        run = ws.start_rehearsal(plan.id, clock=clock, facilitator=f"F{day % 2}")
        if run_steps:
            for step in run.steps:
                run.next()
                clock.advance(max(step.planned_s + extra, 30))
        else:
            clock.advance(60)
        run.finish()


def build(ws: Workspace, case: str) -> Plan:
    """A workspace holding `case` (one of CASES); the plan to analyse."""
    if case not in CASES:
        raise ValueError(case)
    plan = ws.add_plan(_draft(case))
    if case in ("no-rehearsals", "no-slot-no-rehearsals"):
        return plan
    _rehearse(ws, plan, (0, 45, -20), run_steps=case != "no-step-ran")
    return plan
