"""The portfolio: every program of a workspace on one line — its latest revision, launch
date and days left, readiness and what fails, the chance of overrunning (the same Monte
Carlo as Analyze, `risk.simulate`, with Analyze's draws and seed), open high-severity
flags and action items, complete rehearsals, sign-offs missing, and consistency across
facilitators (`stats.facilitator_spread_s`).

Each figure is computed where it is defined (readiness in `plans.readiness`, the risk in
`risk`, consistency in `stats`); this module only reads the workspace once for all
programs (every rehearsal, every stored step figure, every flag and action item: one
query per table, however many programs) and hands each program its share.

The P(overrun) of a program is kept in the workspace by the key of what its simulation
reads (`risk_cache`), so only a program whose evidence or plan changed is simulated again.
`outline` is every figure at once, with the P(overrun)s not kept yet left pending (the
cheap part: a view shows it first); `fill_risks` simulates those and keeps them.

    from rehearsal.analysis.portfolio import portfolio, portfolio_json
    found = portfolio(ws)                  # Portfolio(programs=(ProgramLine, …), today=…)
    json.dumps(portfolio_json(found))      # what `rehearsal portfolio --json` prints

    first = outline(ws)                    # first.pending: programs still to simulate
    found = fill_risks(ws, first)          # the same as portfolio(ws)
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from rehearsal.analysis.observations import Known, Observations, observations_among
from rehearsal.analysis.risk import DEFAULT_DRAWS, Against, against_of, overrun_chance, risk_key
from rehearsal.analysis.stats import facilitator_spread_s
from rehearsal.clock import now_iso
from rehearsal.model import FlagStatus, Plan, Rehearsal, RehearsalStatus
from rehearsal.plans.readiness import CheckKey, ReadinessReport, readiness_of
from rehearsal.storage import risk_cache
from rehearsal.workspace import Workspace

SEED = 0  # Analyze's: the portfolio shows the same P(overrun) as Analyze for a revision


@dataclass(frozen=True, slots=True)
class ProgramLine:
    """One program in the portfolio (its latest revision)."""

    program_id: str
    name: str
    plan_id: str
    revision: int
    launch_on: date | None
    days_left: int | None  # days from `Portfolio.today` to the launch (negative: past)
    readiness: ReadinessReport
    p_overrun: float | None  # None: nothing to overrun (`Against.NOTHING`), or pending
    against: Against  # what an overrun is measured against
    open_high_flags: int  # open high-severity flags blocking this revision
    open_items: int  # open action items of the program's rehearsals
    complete_rehearsals: int  # complete rehearsals of this revision (readiness counts)
    rehearsals: int  # finished rehearsals of the program (the risk's evidence)
    missing_signoffs: tuple[str, ...]  # roles that have not accepted, and who is missing
    facilitator_spread_s: float | None  # `stats.facilitator_spread_s`
    risk_pending: bool = False  # P(overrun) not simulated yet (`outline`; `fill_risks`)

    @property
    def failing(self) -> tuple[str, ...]:
        """The titles of the readiness checks that fail."""
        return tuple(c.title for c in self.readiness.failed)


@dataclass(frozen=True, slots=True)
class PendingRisk:
    """A program whose P(overrun) is not kept yet: what its simulation reads."""

    program_id: str
    key: str  # `risk_key` of `observations` with `draws` and `SEED`
    observations: Observations
    draws: int


@dataclass(frozen=True, slots=True)
class Portfolio:
    today: date
    programs: tuple[ProgramLine, ...]  # by name
    pending: tuple[PendingRisk, ...] = ()  # P(overrun)s still to simulate (`fill_risks`)

    @property
    def complete(self) -> bool:
        """Every P(overrun) is there (nothing `pending`)."""
        return not self.pending


Progress = Callable[[int, int], None]


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """No cyclic garbage collection inside: reading every program makes some hundred
    thousand objects that all live until the portfolio is made, which the collector would
    walk again and again for nothing (a sixth of the time); they hold no cycles."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def outline(ws: Workspace, *, today: date | None = None, draws: int = DEFAULT_DRAWS) -> Portfolio:
    """Every program of `ws` on one line (`today`: the day days left count from), with
    each P(overrun) kept in the workspace; the others are `pending` (`fill_risks`)."""
    with _no_cycle_collection():
        return _outline(ws, today or date.today(), draws)


def _outline(ws: Workspace, day: date, draws: int) -> Portfolio:
    programs = ws.programs()
    rules = ws.launch_rules()
    archived = ws.archived_rehearsals()
    every = ws.rehearsals()
    plans: dict[str, list[Plan]] = ws.plans_of([p.id for p in programs])
    by_plan = {plan.id: p.id for p in programs for plan in plans[p.id]}
    of_program: dict[str, list[Rehearsal]] = {p.id: [] for p in programs}
    for r in every:
        if r.plan_id in by_plan:
            of_program[by_plan[r.plan_id]].append(r)
    finished = [r for r in every if r.status is RehearsalStatus.FINISHED]
    known = Known(ws.step_figures(finished), ws.flags_of([r.id for r in every]))
    items = ws.review.action_items_of([r.id for r in every])
    latest = {p.id: plans[p.id][-1] for p in programs if plans[p.id]}
    latest_ids = [plan.id for plan in latest.values()]
    signoffs = ws.signoffs.states(latest_ids)
    launches = ws.signoffs.launches(latest_ids)
    found = []
    for program in programs:
        plan = latest.get(program.id)
        if plan is None:
            continue
        theirs = of_program[program.id]
        ready = readiness_of(
            plan,
            theirs,
            figures=known.figures,
            flags=known.flags,
            archived=archived,
            rules=rules,
            signoffs=signoffs[plan.id],
            launch_on=launches[plan.id],
        )
        obs = observations_among(
            ws, plan, plans[program.id], theirs, known=known, archived=archived
        )
        against, _limit = against_of(obs)
        key = "" if against is Against.NOTHING else risk_key(obs, draws=draws, seed=SEED)
        found.append((program, plan, theirs, ready, obs, against, key))
    kept = risk_cache.read(ws.storage, [key for *_, key in found if key])
    lines, pending = [], []
    for program, plan, theirs, ready, obs, against, key in found:
        waiting = bool(key) and key not in kept
        if waiting:
            pending.append(PendingRisk(program.id, key, obs, draws))
        launch = launches[plan.id]
        lines.append(
            ProgramLine(
                program_id=program.id,
                name=program.name,
                plan_id=plan.id,
                revision=plan.revision,
                launch_on=launch,
                days_left=None if launch is None else (launch - day).days,
                readiness=ready,
                p_overrun=kept[key][0] if key in kept else None,
                against=against,
                open_high_flags=ready.open_high_flags,
                open_items=sum(
                    i.status is FlagStatus.OPEN for r in theirs for i in items.get(r.id, ())
                ),
                complete_rehearsals=ready.complete_rehearsals,
                rehearsals=len(obs.runs),
                missing_signoffs=ready.check(CheckKey.SIGNED_OFF).missing,
                facilitator_spread_s=facilitator_spread_s(obs),
                risk_pending=waiting,
            )
        )
    return Portfolio(today=day, programs=tuple(lines), pending=tuple(pending))


def fill_risks(
    ws: Workspace,
    found: Portfolio,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Portfolio:
    """`found` with its pending P(overrun)s simulated (`risk.overrun_chance`: Analyze's
    number) and kept in the workspace. Stopped by `cancelled`: what was simulated is kept,
    and the rest stays pending."""
    computed: dict[str, tuple[float | None, str]] = {}
    left = list(found.pending)
    total = len(left)
    while left:
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(total - len(left), total)
        todo = left.pop(0)
        if todo.key not in computed:
            p_overrun, against = overrun_chance(todo.observations, draws=todo.draws, seed=SEED)
            computed[todo.key] = (p_overrun, against.value)
        time.sleep(0)  # the interpreter to any other thread (a view painting) between programs
    risk_cache.store(ws.storage, computed, now_iso())
    if progress is not None and not left:
        progress(total, total)
    done = {todo.program_id: computed[todo.key] for todo in found.pending if todo.key in computed}
    lines = tuple(
        replace(line, p_overrun=done[line.program_id][0], risk_pending=False)
        if line.program_id in done
        else line
        for line in found.programs
    )
    return replace(found, programs=lines, pending=tuple(left))


def portfolio(
    ws: Workspace,
    *,
    today: date | None = None,
    draws: int = DEFAULT_DRAWS,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Portfolio:
    """Every program of `ws` on one line, every P(overrun) there (`outline`, `fill_risks`)."""
    first = outline(ws, today=today, draws=draws)
    return fill_risks(ws, first, progress=progress, cancelled=cancelled)


def portfolio_json(found: Portfolio) -> dict[str, Any]:
    """The portfolio as plain JSON values (what `rehearsal portfolio --json` prints)."""
    return {
        "today": found.today.isoformat(),
        "programs": [
            {
                "id": line.program_id,
                "name": line.name,
                "plan": line.plan_id,
                "revision": line.revision,
                "launch": line.launch_on.isoformat() if line.launch_on else None,
                "readiness": line.readiness.score,
                "ready": line.readiness.ready,
                "p_overrun": line.p_overrun,
                "open_high_flags": line.open_high_flags,
                "open_items": line.open_items,
                "complete_rehearsals": line.complete_rehearsals,
                "missing_signoffs": list(line.missing_signoffs),
                # more than the documented keys:
                "days_left": line.days_left,
                "failing": [c.key.value for c in line.readiness.failed],
                "overrun_against": line.against.value,
                "rehearsals": line.rehearsals,
                "facilitator_spread_s": line.facilitator_spread_s,
            }
            for line in found.programs
        ],
    }
