"""What the Analyze view reads and computes off the UI thread: one call on a workspace of
its own (a read-only companion), no widget touched. The view submits `load` to the pool
and draws what it returns (`rehearsal_ui.analyze.view`)."""

from __future__ import annotations

from dataclasses import dataclass

from rehearsal.analysis import Filters, observations
from rehearsal.errors import RehearsalError
from rehearsal.model import Plan, Rehearsal
from rehearsal.workspace import Workspace
from rehearsal_ui.analyze.data import Analysis, analyse
from rehearsal_ui.shell.worker import CancelToken


@dataclass(frozen=True, slots=True)
class Request:
    plan_id: str
    filters: Filters
    method: str
    rule: str
    draws: int
    seed: int


@dataclass(frozen=True, slots=True)
class Loaded:
    request: Request
    analysis: Analysis
    plans: list[Plan]  # the program's revisions, oldest first
    rehearsals: list[Rehearsal]  # every rehearsal of those revisions (the filters' choices)
    program: str  # its name, "" when it cannot be read
    next_revision: int  # the number "Apply as revision N" gives


def load(ws: Workspace, request: Request, cancel: CancelToken) -> Loaded:
    """Read the program's rehearsals that `request.filters` selects (their stored step
    figures) and analyse them; `RehearsalError` when the plan is gone."""
    plan = ws.plan(request.plan_id)
    plans = ws.plans(plan.program_id)
    ids = {p.id for p in plans}
    rehearsals = [r for r in ws.rehearsals() if r.plan_id in ids]
    obs = observations(ws, request.plan_id, request.filters)
    cancel.check()
    analysis = analyse(
        obs,
        {p.id: p for p in plans},
        method=request.method,
        rule=request.rule,
        draws=request.draws,
        seed=request.seed,
    )
    try:
        program = ws.program(plan.program_id).name
    except RehearsalError:
        program = ""
    return Loaded(
        request=request,
        analysis=analysis,
        plans=plans,
        rehearsals=rehearsals,
        program=program,
        next_revision=max(p.revision for p in plans) + 1,
    )
