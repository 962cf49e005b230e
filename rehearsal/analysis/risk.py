"""Session risk by Monte Carlo: how likely the session is to overrun its slot — or, when
the plan has no slot, its own planned total ("overrun the plan"; `Risk.against` says which).

Each draw is one imagined session: every step's duration is drawn from what was
observed of it (a bootstrap). A step seen fewer than three times is drawn from a PERT
(three-point) estimate instead: most likely its planned time, at least its flexible
minimum and at most its flexible maximum (without a flexible range: 85 % and 130 % of the
plan — sessions run long more often than short). With `method="rehearsals"` whole
rehearsals are resampled, which keeps the correlation between the steps of one run
(a facilitator who runs long tends to run long all day); steps a resampled rehearsal did
not reach are drawn on their own. Seeded: the same data and seed give the same answer.

A plan with no timed steps (every segment a marker or skipped) has nothing to simulate: its
risk is `Against.NOTHING`, no P(overrun), and `statement` says why — so does a plan with
no slot whose steps are all planned 0:00 (no length to overrun).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from rehearsal.analysis.observations import Observations, StepInfo
from rehearsal.durations import format_duration

MIN_OBSERVED = 3
DEFAULT_DRAWS = 10_000
PERT_LOW, PERT_HIGH = 0.85, 1.30
METHODS = ("segments", "rehearsals")
RISK_VERSION = 1  # of `simulate`'s way: a change that alters its results changes this


class Against(StrEnum):
    """What an overrun is measured against."""

    SLOT = "slot"  # the plan's slot
    PLAN = "plan"  # no slot: the plan's planned total ("overrun the plan")
    NOTHING = "nothing"  # no timed steps, or no slot and nothing planned: no overrun


@dataclass(frozen=True, slots=True)
class Risk:
    method: str
    draws: int
    seed: int
    slot_s: int | None
    start_s: int | None  # the plan's start, seconds after midnight
    totals: npt.NDArray[np.float64]  # one simulated session length per draw
    p_overrun: float | None  # P(total > limit_s); None: nothing to measure against
    against: Against
    limit_s: int | None  # the slot, or the planned total (`against`); None: NOTHING
    p50_s: float
    p80_s: float
    p95_s: float
    shares: tuple[tuple[StepInfo, float], ...]  # each step's share of the variance, largest first
    estimated: tuple[StepInfo, ...]  # steps drawn from a PERT estimate (too few observations)

    def end_s(self, total_s: float) -> float | None:
        """The time of day (seconds after midnight) a session of `total_s` ends."""
        return None if self.start_s is None else self.start_s + total_s

    @property
    def simulated(self) -> bool:
        """Whether there was anything to simulate (the plan has timed steps)."""
        return bool(self.shares)

    @property
    def from_plan_only(self) -> bool:
        """Every step drawn from the plan's estimate: no step was observed often enough."""
        return self.simulated and len(self.estimated) == len(self.shares)

    @property
    def limit(self) -> str:
        """What an overrun is measured against, in words: "the 30:00 slot", "the planned
        29:00 (no slot set)"; "" when nothing (see `statement`)."""
        if self.limit_s is None:
            return ""
        if self.against is Against.SLOT:
            return f"the {format_duration(self.limit_s)} slot"
        return f"the planned {format_duration(self.limit_s)} (no slot set)"

    @property
    def limit_label(self) -> str:
        """The line drawn at the limit: "slot 30:00", "plan 29:00"; "" when none."""
        if self.limit_s is None:
            return ""
        return f"{self.against.value} {format_duration(self.limit_s)}"

    @property
    def statement(self) -> str:
        """Why there is no P(overrun), when there is none; "" otherwise."""
        if not self.simulated:
            return (
                "The plan has no timed steps (every segment is a marker or skipped, or "
                "there are none): nothing to simulate."
            )
        if self.against is Against.NOTHING:
            return "The plan has no slot and nothing planned (every step 0:00): nothing to overrun."
        return ""


def measured_against(slot_s: int | None, planned_s: int, steps: int) -> tuple[Against, int | None]:
    """What an overrun of a plan is measured against: its slot, else its planned total."""
    if not steps:
        return Against.NOTHING, None
    if slot_s:
        return Against.SLOT, slot_s
    if planned_s > 0:
        return Against.PLAN, planned_s
    return Against.NOTHING, None


def pert_bounds(step: StepInfo) -> tuple[float, float, float]:
    """(minimum, most likely, maximum) seconds of a step's three-point estimate."""
    mode = float(step.planned_s)
    low = float(step.flex_min_s) if step.flex_min_s is not None else mode * PERT_LOW
    high = float(step.flex_max_s) if step.flex_max_s is not None else mode * PERT_HIGH
    low, high = min(low, mode), max(high, mode)
    return low, mode, high


def pert_draws(step: StepInfo, size: int, rng: np.random.Generator) -> npt.NDArray[np.float64]:
    low, mode, high = pert_bounds(step)
    if high <= low:
        return np.full(size, mode)
    alpha = 1 + 4 * (mode - low) / (high - low)
    beta = 1 + 4 * (high - mode) / (high - low)
    return low + (high - low) * rng.beta(alpha, beta, size)


@dataclass(frozen=True, slots=True)
class _Drawn:
    samples: npt.NDArray[np.float64]  # draws × steps: each imagined session's steps
    totals: npt.NDArray[np.float64]  # one simulated session length per draw
    estimated: tuple[StepInfo, ...]  # steps drawn from a PERT estimate


def _draw(obs: Observations, draws: int, seed: int, method: str) -> _Drawn:
    """The imagined sessions: what `simulate` and `overrun_chance` both rest on."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}")
    rng = np.random.default_rng(seed)
    actual = obs.actual
    observed = ~np.isnan(actual)
    counts = observed.sum(axis=0)
    width = len(obs.steps)
    samples = np.empty((draws, width))
    estimated = []
    whole = method != "rehearsals" or not len(obs.runs)  # every step of every draw to draw
    if whole:
        missing = np.ones((draws, width), dtype=bool)
    else:
        rows = rng.integers(0, len(obs.runs), draws)
        samples[:] = actual[rows]
        missing = np.isnan(samples)
    for j, step in enumerate(obs.steps):
        need: slice | npt.NDArray[np.bool_] = slice(None) if whole else missing[:, j]
        size = draws if whole else int(missing[:, j].sum())
        if not size:
            continue
        if counts[j] >= MIN_OBSERVED:
            seen = actual[observed[:, j], j]
            samples[need, j] = seen[rng.integers(0, len(seen), size)]
        else:
            samples[need, j] = pert_draws(step, size, rng)
            estimated.append(step)
    return _Drawn(samples, samples.sum(axis=1), tuple(estimated))


def against_of(obs: Observations) -> tuple[Against, int | None]:
    """What an overrun of `obs`'s plan is measured against, and that limit (no draw needed:
    with `Against.NOTHING` there is no P(overrun) to simulate)."""
    return measured_against(obs.plan.slot_s, obs.plan.planned_s, len(obs.steps))


def _chance(
    obs: Observations, totals: npt.NDArray[np.float64]
) -> tuple[Against, int | None, float | None]:
    """What an overrun is measured against, its limit, and P(total > limit) of `totals`."""
    against, limit = against_of(obs)
    return against, limit, None if limit is None else float((totals > limit).mean())


def overrun_chance(
    obs: Observations, *, draws: int = DEFAULT_DRAWS, seed: int = 0, method: str = "segments"
) -> tuple[float | None, Against]:
    """`simulate(...)`'s P(overrun) and what it is measured against — the same number, from
    the same draws, without the percentiles and the steps' shares (a third of the work)."""
    against, _limit, p = _chance(obs, _draw(obs, max(int(draws), 1), seed, method).totals)
    return p, against


def simulate(
    obs: Observations,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    method: str = "segments",
) -> Risk:
    draws = max(int(draws), 1)
    drawn = _draw(obs, draws, seed, method)
    samples, totals = drawn.samples, drawn.totals
    width = len(obs.steps)
    p50, p80, p95 = np.quantile(totals, [0.5, 0.8, 0.95])
    variance = float(totals.var())
    if variance > 0:
        centred = samples - samples.mean(axis=0)
        # einsum, not a matrix product: BLAS would start threads that slow everything after
        # it on a small machine (and the transposed product took 40× as long).
        contributions = np.einsum("d,ds->s", totals - totals.mean(), centred) / draws / variance
    else:
        contributions = np.zeros(width)
    order = np.argsort(-contributions, kind="stable")
    against, limit, p_overrun = _chance(obs, totals)
    return Risk(
        method=method,
        draws=draws,
        seed=seed,
        slot_s=obs.plan.slot_s,
        start_s=obs.plan.start_s,
        totals=totals,
        p_overrun=p_overrun,
        against=against,
        limit_s=limit,
        p50_s=float(p50),
        p80_s=float(p80),
        p95_s=float(p95),
        shares=tuple((obs.steps[j], float(contributions[j])) for j in order),
        estimated=drawn.estimated,
    )


def risk_key(obs: Observations, *, draws: int, seed: int, method: str = "segments") -> str:
    """A key of everything `simulate` reads to find P(overrun): the observed actuals, each
    step's plan and range, the slot and planned total, the draws, seed and method (and
    `RISK_VERSION`). Equal keys give equal results, so a result may be kept by its key."""
    digest = hashlib.sha256()
    plan = obs.plan
    head = f"{RISK_VERSION}|{max(int(draws), 1)}|{seed}|{method}|{plan.slot_s}|{plan.planned_s}|"
    digest.update(head.encode())
    for step in obs.steps:
        digest.update(f"{step.planned_s},{step.flex_min_s},{step.flex_max_s};".encode())
    actual = np.ascontiguousarray(obs.actual, dtype=np.float64)
    digest.update(f"{actual.shape}".encode())
    digest.update(actual.tobytes())
    return digest.hexdigest()
