"""What the analysis works on: the actual time of every step of a plan in every selected
rehearsal, as numpy arrays (one row per rehearsal, one column per step).

Steps are those of the plan being analysed (its segments that run, and its transitions
with time allowed). Rehearsals of other revisions of the same program count too: segment
ids are kept across revisions, so a segment's history follows it. A step a rehearsal did
not reach (or that its revision did not have) is NaN.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from rehearsal.changes import Changes
from rehearsal.model import Flag, Plan, Rehearsal, RehearsalStatus, RunTotals
from rehearsal.rehearsing.figures import ending, run_label
from rehearsal.rehearsing.timing import StepKind, live_steps
from rehearsal.storage.figures import StoredRun

if TYPE_CHECKING:
    from rehearsal.workspace import Workspace

Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Filters:
    """Which rehearsals count; an empty tuple means any."""

    plan_ids: tuple[str, ...] = ()  # revisions
    kinds: tuple[str, ...] = ()
    facilitators: tuple[str, ...] = ()
    producers: tuple[str, ...] = ()
    cohorts: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None  # inclusive
    # A click-through (`RunTotals.click_through`) is no timing evidence: left out unless
    # asked for (`Observations.left_out` names those left out).
    include_click_through: bool = False
    # An archived rehearsal (`Workspace.archived_rehearsals`) is left out unless asked for.
    include_archived: bool = False

    def matches(self, r: Rehearsal, archived: AbstractSet[str] = frozenset()) -> bool:
        """Whether `r` is selected; `archived`: the ids of the rehearsals archived."""
        if r.status is not RehearsalStatus.FINISHED:
            return False
        if r.id in archived and not self.include_archived:
            return False
        if not (
            (not self.plan_ids or r.plan_id in self.plan_ids)
            and (not self.kinds or r.kind.value in self.kinds)
            and (not self.facilitators or bool(set(r.facilitators) & set(self.facilitators)))
            and (not self.producers or r.producer in self.producers)
            and (not self.cohorts or r.cohort in self.cohorts)
            and (not self.regions or r.region in self.regions)
        ):
            return False
        if self.since is None and self.until is None:
            return True  # no date read
        day = _day(r.created)
        return (
            day is not None
            and (self.since is None or day >= self.since)
            and (self.until is None or day <= self.until)
        )


def _day(created: str) -> date | None:
    try:
        return datetime.fromisoformat(created).date()
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class StepInfo:
    key: str  # segment id, or transition id
    kind: StepKind
    segment_id: str
    title: str
    planned_s: int
    non_negotiable: bool
    interaction: str
    lead: str
    flex_min_s: int | None
    flex_max_s: int | None

    @property
    def id(self) -> str:
        """The step's key, as `timing.Step` names it."""
        return self.key


@dataclass(frozen=True, slots=True)
class RunInfo:
    id: str
    plan_id: str
    revision: int
    kind: str
    created: str
    facilitators: tuple[str, ...]
    producer: str
    cohort: str
    region: str
    totals: RunTotals | None = None  # None: its figures could not be derived

    @property
    def complete(self) -> bool:
        return self.totals is not None and self.totals.complete

    @property
    def click_through(self) -> bool:
        return self.totals is not None and self.totals.click_through

    @property
    def label(self) -> str:
        """As every list names a rehearsal (`rehearsing.figures.run_label`), with its
        revision: `2026-01-12 09:30 · rev 2 · Dry run · Maya Chen · stopped early`."""
        state = ending(self.totals) if self.totals is not None else ""
        return run_label(self.created, self.kind, self.facilitators, state, revision=self.revision)


@dataclass(frozen=True, slots=True)
class FlagObs:
    run: int  # row of the rehearsal
    segment_id: str | None
    transition_id: str | None  # a timed transition's id, or a hand-off's
    category: str
    severity: str
    seconds_lost: int | None


@dataclass(slots=True)
class Observations:
    plan: Plan
    steps: tuple[StepInfo, ...]
    runs: tuple[RunInfo, ...]
    actual: Matrix  # runs × steps, seconds; NaN: not reached / not in that revision
    pause: Matrix  # runs × steps, seconds paused inside the step
    attempts: npt.NDArray[np.int64]  # runs × steps
    flags: list[FlagObs] = field(default_factory=list)
    # runs × steps: the schedule offset after each step, against the rehearsal's own
    # revision (`rehearsing.figures.step_offsets`); NaN: not run. None: not read.
    offset: Matrix | None = None
    # runs × steps: each step's planned time in the rehearsal's own revision (the analysed
    # plan's where that revision lacked the step); None: the analysed plan's for every run
    planned_runs: Matrix | None = None
    left_out: tuple[RunInfo, ...] = ()  # click-throughs the filters left out
    archived_left_out: int = 0  # archived rehearsals the filters would select, left out

    @property
    def planned(self) -> Matrix:
        return np.array([s.planned_s for s in self.steps], dtype=np.float64)

    def planned_by_run(self) -> Matrix:
        """Planned seconds per run and step, as each rehearsal's own revision planned them."""
        if self.planned_runs is not None:
            return self.planned_runs
        return np.tile(self.planned, (len(self.runs), 1))

    def index(self, key: str) -> int:
        return next(i for i, s in enumerate(self.steps) if s.key == key)

    def step_of(self, flag: FlagObs) -> int | None:
        """The column of the step a flag is on (None for a zero-time hand-off)."""
        if flag.transition_id:
            j = self._columns().get(flag.transition_id)
            return j if j is not None and self.steps[j].kind is StepKind.TRANSITION else None
        j = self._columns().get(flag.segment_id or "")
        return j if j is not None and self.steps[j].kind is StepKind.SEGMENT else None

    def _columns(self) -> dict[str, int]:
        return {s.key: j for j, s in enumerate(self.steps)}


def plan_steps(plan: Plan) -> tuple[StepInfo, ...]:
    found = []
    for step in live_steps(plan):
        seg = plan.segment(step.segment_id)
        segment = step.kind is StepKind.SEGMENT
        found.append(
            StepInfo(
                key=step.id,
                kind=step.kind,
                segment_id=step.segment_id,
                title=step.title,
                planned_s=step.planned_s,
                non_negotiable=seg.non_negotiable if segment else False,
                interaction=seg.interaction.value if segment else "transition",
                lead=seg.lead.value if segment else "producer",
                flex_min_s=seg.flex_min_s if segment else None,
                flex_max_s=seg.flex_max_s if segment else None,
            )
        )
    return tuple(found)


def observations(ws: Workspace, plan_id: str, filters: Filters | None = None) -> Observations:
    """The finished rehearsals of `plan_id`'s program that `filters` selects: their stored
    step figures (one query, no replay of events) and their flags as Review shows them."""
    plan = ws.plan(plan_id)
    return observations_among(ws, plan, ws.plans(plan.program_id), ws.rehearsals(), filters)


@dataclass(slots=True)
class Known:
    """What was read before, by rehearsal id, for reading again cheaply: step figures (a
    rehearsal's change only with its events) and flags as Review shows them. `forget`
    what a `Changes` names; a copy per reader (`copy`), merged back by its owner."""

    figures: dict[str, StoredRun] = field(default_factory=dict)
    flags: dict[str, list[Flag]] = field(default_factory=dict)

    def forget(self, changes: Changes) -> None:
        if changes.everything:
            self.figures.clear()
            self.flags.clear()
            return
        for rid in changes.rehearsals:
            self.figures.pop(rid, None)
            self.flags.pop(rid, None)
        for rid in changes.review:
            self.flags.pop(rid, None)

    def copy(self) -> Known:
        return Known(dict(self.figures), dict(self.flags))


def observations_among(
    ws: Workspace,
    plan: Plan,
    plans: Sequence[Plan],
    rehearsals: Sequence[Rehearsal],
    filters: Filters | None = None,
    known: Known | None = None,
    archived: frozenset[str] | None = None,
) -> Observations:
    """`observations` of `plan` (its program's revisions `plans`) when the caller has read
    the plans and rehearsals already; with `known`, only what it lacks is read (and added
    to it); with `archived` (`Workspace.archived_rehearsals`), that is not read again."""
    revisions = {p.id: p for p in plans}
    wanted = filters or Filters()
    archived = ws.archived_rehearsals() if archived is None else archived
    chosen = [r for r in rehearsals if r.plan_id in revisions and wanted.matches(r, archived)]
    hidden = sum(
        1
        for r in rehearsals
        if r.plan_id in revisions
        and r.id in archived
        and not wanted.include_archived
        and wanted.matches(r)
    )
    known = Known() if known is None else known
    lacking = [r for r in chosen if r.id not in known.figures]
    if lacking:
        known.figures.update(ws.step_figures(lacking))
    unflagged = [r.id for r in chosen if r.id not in known.flags]
    if unflagged:
        known.flags.update(ws.flags_of(unflagged))
    return build(
        plan,
        revisions,
        chosen,
        known.figures,
        known.flags,
        include_click_through=wanted.include_click_through,
        archived_left_out=hidden,
    )


def build(
    plan: Plan,
    plans: Mapping[str, Plan],
    rehearsals: Sequence[Rehearsal],
    figures: Mapping[str, StoredRun],
    flags: Mapping[str, Sequence[Flag]],
    *,
    include_click_through: bool = False,
    archived_left_out: int = 0,
) -> Observations:
    """Observations of `rehearsals` (in that order) from their figures and flags; `plans`
    holds the revision each rehearsal ran (its figures follow that plan's steps). A
    click-through is left out (`Observations.left_out`) unless `include_click_through`."""

    def info(r: Rehearsal) -> RunInfo:
        stored = figures.get(r.id)
        return RunInfo(
            id=r.id,
            plan_id=r.plan_id,
            revision=plans[r.plan_id].revision if r.plan_id in plans else 0,
            kind=r.kind.value,
            created=r.created,  # as every list names the rehearsal (`label`)
            facilitators=r.facilitators,
            producer=r.producer,
            cohort=r.cohort,
            region=r.region,
            totals=None if stored is None else stored.totals,
        )

    every = [(r, info(r)) for r in rehearsals]
    left_out = tuple(i for _, i in every if i.click_through and not include_click_through)
    counted = [(r, i) for r, i in every if include_click_through or not i.click_through]
    rehearsals = [r for r, _ in counted]
    steps = plan_steps(plan)
    column = {s.key: j for j, s in enumerate(steps)}
    shape = (len(rehearsals), len(steps))
    actual = np.full(shape, np.nan)
    planned = np.tile(np.array([s.planned_s for s in steps], dtype=np.float64), (shape[0], 1))
    pause = np.zeros(shape)
    attempts = np.zeros(shape, dtype=np.int64)
    offset = np.full(shape, np.nan)
    by_plan: dict[str, list[int]] = {}
    for i, r in enumerate(rehearsals):
        if r.id in figures:
            by_plan.setdefault(r.plan_id, []).append(i)
    for plan_id, rows in by_plan.items():
        theirs = live_steps(plans[plan_id]) if plan_id in plans else ()
        here = np.array([column.get(step.id, -1) for step in theirs], dtype=np.int64)
        runs = [figures[rehearsals[i].id] for i in rows]
        rows = [i for i, run in zip(rows, runs, strict=True) if len(run.actual_s) == len(here)]
        runs = [run for run in runs if len(run.actual_s) == len(here)]
        kept = here >= 0
        if not runs or not kept.any():
            continue
        at = np.ix_(np.array(rows), here[kept])
        actual[at] = np.stack([run.actual_s for run in runs])[:, kept]
        planned[at] = np.stack([run.planned_s for run in runs])[:, kept]
        pause[at] = np.stack([run.pause_s for run in runs])[:, kept]
        attempts[at] = np.stack([run.attempts for run in runs])[:, kept]
        offset[at] = np.stack([run.offset_s for run in runs])[:, kept]
    infos = tuple(i for _, i in counted)
    found = [
        FlagObs(i, f.segment_id, f.transition_id, f.category, f.severity.value, f.seconds_lost)
        for i, r in enumerate(rehearsals)
        for f in sorted(flags.get(r.id, ()), key=lambda f: f.at_ns)
    ]
    return Observations(
        plan=plan,
        steps=steps,
        runs=infos,
        actual=actual,
        pause=pause,
        attempts=attempts,
        flags=found,
        offset=offset,
        planned_runs=planned,
        left_out=left_out,
        archived_left_out=archived_left_out,
    )
