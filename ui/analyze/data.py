"""What the Analyze view shows, computed once per change of plan, filters, method or rule.

Everything comes from `rehearsal.analysis`. Two of its answers are adapted here, so that
the charts draw exactly what the tests check (each is checked against the core):

- `step_stats` finds each flag's step with `Observations.step_of`, a scan of the steps per
  flag (~50 ms for 3,000 flags), and leaves out flags on zero-time hand-offs. The view asks
  it for the statistics without flags and counts flags itself, by place, hand-offs
  included (`flag_grid`).
- `time_stolen` and `revision_comparison` hold each rehearsal against its own revision when
  the observations carry it (`Observations.planned_runs`); observations built without it
  (the benchmark's) are given it here from the program's plans (`own_planned`); per-segment
  statistics and risk stay against the analysed plan ("would this plan's time be enough").
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from rehearsal.analysis import (
    Observations,
    Retiming,
    RevisionTotals,
    Risk,
    StepStats,
    revision_comparison,
    simulate,
    step_stats,
    suggest,
)
from rehearsal.analysis.observations import plan_steps
from rehearsal.durations import format_duration
from rehearsal.launch_rules import DEFAULT_RULES
from rehearsal.model import FLAG_CATEGORIES, Plan
from rehearsal.rehearsing.timing import StepKind

Matrix = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]
Counts = npt.NDArray[np.int64]

# Dimensions of the consistency chart. "revision" has its own chart, against each
# revision's own plan.
SPREAD_DIMENSIONS = {
    "interaction": "interaction type",
    "lead": "lead role",
    "facilitator": "facilitator",
    "producer": "producer",
    "cohort": "cohort",
    "region": "region",
    "kind": "rehearsal kind",
}


# -- text ----------------------------------------------------------------------------------
def mmss(seconds: float) -> str:
    return format_duration(round(seconds))


def percent(share: float) -> str:
    return f"{share * 100:.0f}%"


# -- places: the rows of the per-segment charts ---------------------------------------------
@dataclass(frozen=True, slots=True)
class Place:
    key: str  # the step key (segment id or timed transition id), or a hand-off's id
    title: str
    step: int | None  # the column in the observations; None for a zero-time hand-off
    segment_id: str  # the segment, or the one a transition or hand-off follows
    kind: str  # "segment", "transition" or "hand-off"
    detail: str  # the title in full, for tooltips


@dataclass(frozen=True, slots=True)
class FlagGrid:
    categories: tuple[str, ...]
    counts: Counts  # places × categories
    unplaced: int  # flags on segments this plan does not have, or on the whole session


def places_and_flags(obs: Observations) -> tuple[tuple[Place, ...], FlagGrid]:
    """Every step of the plan in order, with a hand-off row after a segment wherever flags
    were raised on that hand-off; and the flag counts per row and category."""
    steps = obs.steps
    segment_columns = {s.key: j for j, s in enumerate(steps) if s.kind is StepKind.SEGMENT}
    timed = {s.key for s in steps if s.kind is StepKind.TRANSITION}
    handoffs: dict[str, str] = {}  # segment id → the hand-off id flags name
    for flag in obs.flags:
        tid = flag.transition_id
        if tid and tid not in timed and flag.segment_id in segment_columns:
            handoffs.setdefault(flag.segment_id, tid)
    places: list[Place] = []
    for j, step in enumerate(steps):
        if step.kind is StepKind.TRANSITION:
            title = f"↔ {step.title}"
            places.append(Place(step.key, title, j, step.segment_id, "transition", title))
            continue
        places.append(Place(step.key, step.title, j, step.key, "segment", step.title))
        tid = handoffs.get(step.key)
        if tid is not None:
            following = next(
                (s.title for s in steps[j + 1 :] if s.kind is StepKind.SEGMENT), "the end"
            )
            places.append(
                Place(
                    tid,
                    f"↔ hand-off after {step.title}",
                    None,
                    step.key,
                    "hand-off",
                    f"hand-off {step.title} → {following}",
                )
            )
    row_of = {p.key: i for i, p in enumerate(places)}
    present = {f.category for f in obs.flags}
    categories = tuple(c for c in FLAG_CATEGORIES if c in present) + tuple(
        sorted(present - set(FLAG_CATEGORIES))
    )
    column = {c: k for k, c in enumerate(categories)}
    counts = np.zeros((len(places), len(categories)), dtype=np.int64)
    unplaced = 0
    for flag in obs.flags:
        tid, sid = flag.transition_id, flag.segment_id
        if tid and tid in timed:
            key: str | None = tid
        elif tid:  # a hand-off: whichever id it has, the one after its segment
            key = handoffs.get(sid) if sid is not None else None
        else:
            key = sid if sid in segment_columns else None
        row = row_of.get(key) if key is not None else None
        if row is None:
            unplaced += 1
        else:
            counts[row, column[flag.category]] += 1
    return tuple(places), FlagGrid(categories, counts, unplaced)


# -- each rehearsal against its own revision --------------------------------------------------
def own_planned(obs: Observations, plans: dict[str, Plan]) -> Matrix:
    """runs × steps: the planned seconds of each step in the revision each rehearsal ran."""
    planned = obs.planned
    grid = np.tile(planned, (len(obs.runs), 1))
    by_plan: dict[str, Matrix] = {}
    for i, run in enumerate(obs.runs):
        if run.plan_id == obs.plan.id or run.plan_id not in plans:
            continue
        row = by_plan.get(run.plan_id)
        if row is None:
            theirs = {s.key: s.planned_s for s in plan_steps(plans[run.plan_id])}
            row = np.array([theirs.get(s.key, s.planned_s) for s in obs.steps], dtype=np.float64)
            by_plan[run.plan_id] = row
        grid[i] = row
    return grid


def revisions_compared(obs: Observations, planned_rows: Matrix) -> list[RevisionTotals]:
    """`revision_comparison`, each revision's rehearsals against that revision's plan."""
    found: list[RevisionTotals] = []
    for revision in sorted({r.revision for r in obs.runs}):
        rows = np.flatnonzero([r.revision == revision for r in obs.runs])
        planned = planned_rows[rows[0]]
        steps = tuple(
            dataclasses.replace(s, planned_s=int(p))
            for s, p in zip(obs.steps, planned, strict=True)
        )
        sub = Observations(
            plan=obs.plan,
            steps=steps,
            runs=tuple(obs.runs[i] for i in rows),
            actual=obs.actual[rows],
            pause=obs.pause[rows],
            attempts=obs.attempts[rows],
        )
        found.extend(revision_comparison(sub))
    return found


@dataclass(frozen=True, slots=True)
class Stolen:
    """`time_stolen`, vectorised and against each rehearsal's own revision: the rehearsals
    where non-negotiable segments got less than planned while flexible ones ran over,
    largest shortfall first."""

    rows: npt.NDArray[np.int64]  # rows of obs.runs
    stolen_s: Matrix
    overrun_s: Matrix
    diff: Matrix  # len(rows) × steps: actual − planned
    short: Mask
    over: Mask

    def __len__(self) -> int:
        return len(self.rows)

    def details(self, k: int, obs: Observations) -> tuple[list[tuple[str, float]], ...]:
        """(segments cut short, segments over) of the k-th rehearsal listed, in seconds."""
        cut = [(obs.steps[j].title, -self.diff[k, j]) for j in np.flatnonzero(self.short[k])]
        over = [(obs.steps[j].title, self.diff[k, j]) for j in np.flatnonzero(self.over[k])]
        return cut, over


def time_stolen_by_run(obs: Observations, planned_rows: Matrix) -> Stolen:
    segment = np.array([s.kind is StepKind.SEGMENT for s in obs.steps], dtype=bool)
    protected = segment & np.array([s.non_negotiable for s in obs.steps], dtype=bool)
    flexible = segment & ~protected
    diff = obs.actual - planned_rows
    with np.errstate(invalid="ignore"):
        short = protected & (diff < 0)
        over = flexible & (diff > 0)
    rows = np.flatnonzero(short.any(axis=1) & over.any(axis=1))
    stolen = -np.where(short, diff, 0.0).sum(axis=1)[rows]
    overrun = np.where(over, diff, 0.0).sum(axis=1)[rows]
    order = np.argsort(-stolen, kind="stable")
    rows = rows[order]
    return Stolen(
        rows=rows,
        stolen_s=stolen[order],
        overrun_s=overrun[order],
        diff=diff[rows],
        short=short[rows],
        over=over[rows],
    )


# -- consistency --------------------------------------------------------------------------------
# -- drift ----------------------------------------------------------------------------------------
def drift(actual: Matrix, planned_rows: Matrix) -> tuple[Matrix, Mask]:
    """runs × (steps + 1): each rehearsal's offset from its plan (seconds, + behind) after
    each step, starting at 0; and which points it reached (up to its last reached step;
    a step its revision lacked counts as on time)."""
    runs, width = actual.shape
    diff = actual - planned_rows
    reached = ~np.isnan(diff)
    any_reached: Mask = np.any(reached, axis=1)
    last = np.where(any_reached, width - 1 - np.argmax(reached[:, ::-1], axis=1), -1)
    offsets = np.zeros((runs, width + 1))
    offsets[:, 1:] = np.cumsum(np.where(reached, diff, 0.0), axis=1)
    valid: Mask = np.arange(width + 1)[None, :] <= (last + 1)[:, None]
    valid &= any_reached[:, None]
    return offsets, valid


# -- everything at once ---------------------------------------------------------------------------
@dataclass(slots=True)
class Analysis:
    obs: Observations
    planned_rows: Matrix  # runs × steps, each rehearsal's own revision
    stats: tuple[StepStats, ...]
    risk: Risk | None  # None without rehearsals
    retiming: Retiming
    stolen: Stolen
    revisions: list[RevisionTotals]
    places: tuple[Place, ...]
    flags: FlagGrid

    @property
    def empty(self) -> bool:
        return not self.obs.runs

    def place_index(self, key: str | None) -> int | None:
        return next((i for i, p in enumerate(self.places) if p.key == key), None)

    def place(self, key: str | None) -> Place | None:
        i = self.place_index(key)
        return None if i is None else self.places[i]


def analyse(
    obs: Observations,
    plans: dict[str, Plan],
    *,
    method: str = "segments",
    rule: str = "p80",
    min_complete: int = DEFAULT_RULES.retiming_min_complete,
    draws: int = 10_000,
    seed: int = 0,
) -> Analysis:
    planned_rows = own_planned(obs, plans)
    places, flags = places_and_flags(obs)
    return Analysis(
        obs=obs,
        planned_rows=planned_rows,
        stats=step_stats(dataclasses.replace(obs, flags=[])),
        risk=simulate(obs, draws=draws, seed=seed, method=method) if obs.runs else None,
        retiming=suggest(obs, rule=rule, min_complete=min_complete),
        stolen=time_stolen_by_run(obs, planned_rows),
        revisions=revisions_compared(obs, planned_rows),
        places=places,
        flags=flags,
    )
