"""Per-step statistics across rehearsals, time stolen from practice, and consistency.

Quantiles use numpy's default linear interpolation (`np.quantile(x, 0.8)`); the standard
deviation is the sample one (`ddof=1`), None with fewer than two observations. Over-rate
is the share of observations longer than planned.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from rehearsal.analysis.observations import Observations, RunInfo, StepInfo
from rehearsal.rehearsing.timing import StepKind


@dataclass(frozen=True, slots=True)
class StepStats:
    step: StepInfo
    n: int
    median_s: float | None
    mean_s: float | None
    p80_s: float | None
    stdev_s: float | None
    min_s: float | None
    max_s: float | None
    over_rate: float | None  # share of observations over the plan
    mean_over_s: float | None  # mean of actual − planned (− under)
    pause_s: float  # mean pause inside the step per observation
    flags: dict[str, int]  # category → count


def column_quantiles(values: np.ndarray, qs: list[float]) -> np.ndarray:
    """`np.nanquantile(values, qs, axis=0)` (linear interpolation) for columns with at least
    one observation, by one sort instead of a pass per column (NaNs sort last)."""
    ordered = np.sort(values, axis=0)
    n = (~np.isnan(values)).sum(axis=0)
    found = np.empty((len(qs), values.shape[1]))
    columns = np.arange(values.shape[1])
    for i, q in enumerate(qs):
        position = q * (np.maximum(n, 1) - 1)
        below = np.floor(position).astype(np.int64)
        above = np.minimum(below + 1, np.maximum(n - 1, 0))
        share = position - below
        low, high = ordered[below, columns], ordered[above, columns]
        found[i] = low + (high - low) * share
    found[:, n == 0] = np.nan
    return found


def _or_none(values: np.ndarray, mask: np.ndarray, j: int) -> float | None:
    return float(values[j]) if mask[j] else None


def step_stats(obs: Observations) -> tuple[StepStats, ...]:
    actual = obs.actual
    planned = obs.planned
    observed = ~np.isnan(actual)
    n = observed.sum(axis=0)
    some, several = n > 0, n > 1
    width = len(obs.steps)
    median = np.full(width, np.nan)
    p80 = np.full(width, np.nan)
    mean = np.full(width, np.nan)
    low = np.full(width, np.nan)
    high = np.full(width, np.nan)
    over_rate = np.full(width, np.nan)
    mean_over = np.full(width, np.nan)
    stdev = np.full(width, np.nan)
    if some.any():
        sub = actual[:, some]
        median[some], p80[some] = column_quantiles(sub, [0.5, 0.8])
        mean[some] = np.nanmean(sub, axis=0)
        low[some], high[some] = np.nanmin(sub, axis=0), np.nanmax(sub, axis=0)
        over = sub > planned[some]
        over_rate[some] = over.sum(axis=0) / n[some]
        mean_over[some] = mean[some] - planned[some]
    if several.any():
        stdev[several] = np.nanstd(actual[:, several], axis=0, ddof=1)
    pause = np.where(some, np.where(observed, obs.pause, 0.0).sum(axis=0) / np.maximum(n, 1), 0.0)
    counts: list[Counter[str]] = [Counter() for _ in obs.steps]
    for flag in obs.flags:
        j = obs.step_of(flag)
        if j is not None:
            counts[j][flag.category] += 1
    return tuple(
        StepStats(
            step=step,
            n=int(n[j]),
            median_s=_or_none(median, some, j),
            mean_s=_or_none(mean, some, j),
            p80_s=_or_none(p80, some, j),
            stdev_s=_or_none(stdev, several, j),
            min_s=_or_none(low, some, j),
            max_s=_or_none(high, some, j),
            over_rate=_or_none(over_rate, some, j),
            mean_over_s=_or_none(mean_over, some, j),
            pause_s=float(pause[j]),
            flags=dict(sorted(counts[j].items())),
        )
        for j, step in enumerate(obs.steps)
    )


# -- time stolen from practice --------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class StolenTime:
    """A rehearsal where non-negotiable segments got less than planned while flexible ones
    ran over: practice time paid for someone else's overrun."""

    run: RunInfo
    stolen_s: float  # total shortfall of the non-negotiable segments
    overrun_s: float  # total overrun of the flexible segments
    short: tuple[tuple[str, float], ...]  # (title, seconds short)
    over: tuple[tuple[str, float], ...]  # (title, seconds over)
    worst: str  # the key of the step cut shortest


def time_stolen(obs: Observations) -> list[StolenTime]:
    """Each rehearsal against its own revision's plan (the masks for every rehearsal at
    once; the lists only for those found)."""
    planned_runs = obs.planned_by_run()
    segment = np.array([s.kind is StepKind.SEGMENT for s in obs.steps], dtype=bool)
    protected = segment & np.array([s.non_negotiable for s in obs.steps], dtype=bool)
    flexible = segment & ~protected
    diff = obs.actual - planned_runs
    with np.errstate(invalid="ignore"):
        short = protected & (diff < 0)  # NaN (not reached) compares False
        over = flexible & (diff > 0)
    titles = np.array([s.title for s in obs.steps], dtype=object)
    rows = np.flatnonzero(short.any(axis=1) & over.any(axis=1))
    if not len(rows):
        return []
    stolen = -np.where(short, diff, 0.0).sum(axis=1)
    overrun = np.where(over, diff, 0.0).sum(axis=1)
    worst = np.argmin(np.where(short, diff, np.inf), axis=1)
    keys = [s.key for s in obs.steps]
    return [
        StolenTime(
            run=obs.runs[i],
            stolen_s=float(stolen[i]),
            overrun_s=float(overrun[i]),
            short=tuple(zip(titles[short[i]].tolist(), (-diff[i][short[i]]).tolist(), strict=True)),
            over=tuple(zip(titles[over[i]].tolist(), diff[i][over[i]].tolist(), strict=True)),
            worst=keys[int(worst[i])],
        )
        for i in rows.tolist()
    ]


# -- consistency ------------------------------------------------------------------------------
DIMENSIONS = (
    "facilitator",
    "producer",
    "cohort",
    "region",
    "kind",
    "revision",
    "interaction",
    "lead",
)


@dataclass(frozen=True, slots=True)
class Spread:
    """Observations of one group: actual/planned ratios and overruns."""

    dimension: str
    group: str
    n: int
    mean_ratio: float
    stdev_ratio: float | None
    mean_over_s: float
    over_rate: float


def _run_group(run: RunInfo, dimension: str) -> str:
    if dimension == "facilitator":
        return ", ".join(run.facilitators) or "—"
    if dimension == "revision":
        return f"revision {run.revision}"
    return str(getattr(run, dimension)) or "—"


def spread_by(obs: Observations, dimension: str) -> list[Spread]:
    """How consistent timing is within each facilitator, cohort, interaction type, …
    (every observed cell of a step with a planned time, grouped; vectorised per group)."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"dimension must be one of {DIMENSIONS}")
    shape = obs.actual.shape
    planned = np.broadcast_to(obs.planned, shape)
    usable = ~np.isnan(obs.actual) & (planned > 0)
    if dimension in ("interaction", "lead"):
        names = [getattr(s, dimension) for s in obs.steps]
    else:
        names = [_run_group(r, dimension) for r in obs.runs]
    # each cell's group as a number (its name's place in `named`): compared as numbers
    named = sorted(set(names))
    place = {name: i for i, name in enumerate(named)}
    numbers = np.array([place[name] for name in names], dtype=np.int64)
    if dimension in ("interaction", "lead"):
        codes = np.broadcast_to(numbers, shape)
    else:
        codes = np.broadcast_to(numbers[:, None], shape)
    found = []
    for code in np.unique(codes[usable]).tolist():  # in the order of their names
        cells = usable & (codes == code)
        actual, plan = obs.actual[cells], planned[cells]
        ratios, overs = actual / plan, actual - plan
        found.append(
            Spread(
                dimension=dimension,
                group=named[code],
                n=len(ratios),
                mean_ratio=float(ratios.mean()),
                stdev_ratio=float(ratios.std(ddof=1)) if len(ratios) > 1 else None,
                mean_over_s=float(overs.mean()),
                over_rate=float((overs > 0).mean()),
            )
        )
    return found


@dataclass(frozen=True, slots=True)
class RevisionTotals:
    """One revision's rehearsals: how long the whole session ran against its plan."""

    revision: int
    runs: int
    mean_total_s: float
    stdev_total_s: float | None
    mean_over_s: float  # mean total − planned total, over the steps observed
    step_stdev_s: float | None  # mean per-step standard deviation
    stopped_early: int = 0  # rehearsals of it stopped early: no session total, left out


def revision_comparison(obs: Observations) -> list[RevisionTotals]:
    """Did a revision reduce the overrun and the spread? (Totals over the steps reached,
    each complete rehearsal against its own revision's plan: one stopped early has no
    session total, and is counted apart; a revision with only such rehearsals is left
    out.)"""
    planned_runs = obs.planned_by_run()
    found = []
    for revision in sorted({r.revision for r in obs.runs}):
        rows = np.array([r.revision == revision and r.complete for r in obs.runs])
        stopped = sum(r.revision == revision and not r.complete for r in obs.runs)
        if not rows.any():
            continue
        actual = obs.actual[rows]
        reached = ~np.isnan(actual)
        totals = np.where(reached, actual, 0.0).sum(axis=1)
        planned_totals = np.where(reached, planned_runs[rows], 0.0).sum(axis=1)
        counts = reached.sum(axis=0)
        stdevs = [
            float(np.std(actual[reached[:, j], j], ddof=1))
            for j in range(actual.shape[1])
            if counts[j] > 1
        ]
        found.append(
            RevisionTotals(
                revision=revision,
                runs=int(rows.sum()),
                mean_total_s=float(totals.mean()),
                stdev_total_s=float(totals.std(ddof=1)) if len(totals) > 1 else None,
                mean_over_s=float((totals - planned_totals).mean()),
                step_stdev_s=float(np.mean(stdevs)) if stdevs else None,
                stopped_early=stopped,
            )
        )
    return found


def facilitator_spread_s(obs: Observations) -> float | None:
    """Consistency across facilitators, in seconds: how far apart the facilitators' mean
    over/under per step is (the highest group's `Spread.mean_over_s` minus the lowest's,
    groups as `spread_by(obs, "facilitator")` makes them; rehearsals naming nobody are left
    out). 0 is perfectly consistent; None with fewer than two facilitators observed."""
    groups = [g for g in spread_by(obs, "facilitator") if g.group != "—"]
    if len(groups) < 2:
        return None
    means = [g.mean_over_s for g in groups]
    return max(means) - min(means)
