"""What the Analyze view reads and computes off the UI thread: one call on a workspace of
its own (a read-only companion), no widget touched. The view submits `load` to the pool
and draws what it returns (`rehearsal_ui.analyze.view`)."""

from __future__ import annotations

from dataclasses import dataclass

from rehearsal.analysis import Filters
from rehearsal.analysis.engagement import Engagement, chosen_rehearsals, engagement_of
from rehearsal.analysis.observations import Known, observations_among
from rehearsal.errors import RehearsalError
from rehearsal.model import Plan, Rehearsal
from rehearsal.workspace import Workspace
from rehearsal_ui.analyze.choices import kept
from rehearsal_ui.analyze.data import Analysis, analyse
from rehearsal_ui.shell.worker import CancelToken


@dataclass(frozen=True, slots=True)
class Request:
    plan_id: str
    filters: Filters  # as the filters bar shows them, before it offers this program's choices
    listed: tuple[str, ...]  # the revisions the bar lists (see `choices.kept`)
    method: str
    rule: str
    draws: int
    seed: int


@dataclass(frozen=True, slots=True)
class Loaded:
    request: Request
    filters: Filters  # those analysed: the request's, kept for the program's choices
    analysis: Analysis
    plans: list[Plan]  # the program's revisions, oldest first
    rehearsals: list[Rehearsal]  # every rehearsal of those revisions (the filters' choices)
    program: str  # its name, "" when it cannot be read
    next_revision: int  # the number "Apply as revision N" gives
    known: Known  # what was read: what the request knew and what it lacked
    engagement: Engaged  # what learners said, typed and answered, per segment


@dataclass(frozen=True, slots=True)
class Engaged:
    """Engagement per segment (`analysis.engagement`) over the rehearsals the filters
    choose, and over each of them alone: the spread across rehearsals."""

    overall: Engagement
    runs: dict[str, Engagement]  # by rehearsal id: each counted rehearsal alone


def read_engagement(ws: Workspace, plan: Plan, filters: Filters) -> Engaged:
    """`analysis.engagement.engagement` of `plan`, and the same of each rehearsal it counts
    (the figures of each run read once)."""
    chosen = chosen_rehearsals(ws, plan, filters)
    with_evidence = ws.evidence.with_evidence([r.id for r in chosen])
    counted = [r for r in chosen if r.id in with_evidence]
    runs = ws.evidence.figures_of(counted)
    return Engaged(
        overall=engagement_of(plan, runs, len(chosen) - len(counted)),
        runs={rid: engagement_of(plan, {rid: run}) for rid, run in runs.items()},
    )


def load(
    ws: Workspace,
    request: Request,
    cancel: CancelToken,
    known: Known | None = None,
) -> Loaded:
    """Read the program's rehearsals that `request.filters` selects (their stored step
    figures and flags, but for those `known` already) and analyse them; `RehearsalError` when the
    plan is gone."""
    plan = ws.plan(request.plan_id)
    plans = ws.plans(plan.program_id)
    ids = {p.id for p in plans}
    rehearsals = [r for r in ws.rehearsals() if r.plan_id in ids]
    known = Known() if known is None else known
    filters = kept(request.filters, request.listed, plans, rehearsals)
    obs = observations_among(ws, plan, plans, rehearsals, filters, known)
    cancel.check()
    analysis = analyse(
        obs,
        method=request.method,
        rule=request.rule,
        min_complete=ws.launch_rules().retiming_min_complete,
        draws=request.draws,
        seed=request.seed,
    )
    engaged = read_engagement(ws, plan, filters)
    cancel.check()
    try:
        program = ws.program(plan.program_id).name
    except RehearsalError:
        program = ""
    return Loaded(
        request=request,
        filters=filters,
        analysis=analysis,
        plans=plans,
        rehearsals=rehearsals,
        program=program,
        next_revision=max(p.revision for p in plans) + 1,
        known=known,
        engagement=engaged,
    )
