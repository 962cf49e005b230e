"""Session risk by Monte Carlo: how likely the session is to overrun its slot.

Each draw is one imagined session: every step's duration is drawn from what was
observed of it (a bootstrap). A step seen fewer than three times is drawn from a PERT
(three-point) estimate instead: most likely its planned time, at least its flexible
minimum and at most its flexible maximum (without a flexible range: 85 % and 130 % of the
plan — sessions run long more often than short). With `method="rehearsals"` whole
rehearsals are resampled, which keeps the correlation between the steps of one run
(a facilitator who runs long tends to run long all day); steps a resampled rehearsal did
not reach are drawn on their own. Seeded: the same data and seed give the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from rehearsal.analysis.observations import Observations, StepInfo
from rehearsal.durations import format_duration

MIN_OBSERVED = 3
DEFAULT_DRAWS = 10_000
PERT_LOW, PERT_HIGH = 0.85, 1.30
METHODS = ("segments", "rehearsals")


@dataclass(frozen=True, slots=True)
class Risk:
    method: str
    draws: int
    seed: int
    slot_s: int | None
    start_s: int | None  # the plan's start, seconds after midnight
    totals: npt.NDArray[np.float64]  # one simulated session length per draw
    p_overrun: float | None  # P(total > limit_s); None only for a plan with no timed step
    limit_s: int  # what an overrun is measured against: the slot, or without one the plan
    against: str  # "slot" or "plan" (no slot set)
    p50_s: float
    p80_s: float
    p95_s: float
    shares: tuple[tuple[StepInfo, float], ...]  # each step's share of the variance, largest first
    estimated: tuple[StepInfo, ...]  # steps drawn from a PERT estimate (too few observations)

    @property
    def limit_words(self) -> str:
        """`the 1:30:00 slot`, or `the plan's 1:28:00 (no slot set)`."""
        if self.against == "slot":
            return f"the {format_duration(self.limit_s)} slot"
        return f"the plan's {format_duration(self.limit_s)} (no slot set)"

    @property
    def limit_label(self) -> str:
        """What a chart writes on the limit's line: `slot 1:30:00` or `plan 1:28:00`."""
        return f"{self.against} {format_duration(self.limit_s)}"

    def end_s(self, total_s: float) -> float | None:
        """The time of day (seconds after midnight) a session of `total_s` ends."""
        return None if self.start_s is None else self.start_s + total_s


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


def simulate(
    obs: Observations,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    method: str = "segments",
) -> Risk:
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}")
    draws = max(int(draws), 1)
    rng = np.random.default_rng(seed)
    actual = obs.actual
    observed = ~np.isnan(actual)
    counts = observed.sum(axis=0)
    width = len(obs.steps)
    samples = np.empty((draws, width))
    estimated = []
    if method == "rehearsals" and len(obs.runs):
        rows = rng.integers(0, len(obs.runs), draws)
        samples[:] = actual[rows]
        missing = np.isnan(samples)
    else:
        missing = np.ones((draws, width), dtype=bool)
    for j, step in enumerate(obs.steps):
        need = missing[:, j]
        if not need.any():
            continue
        size = int(need.sum())
        if counts[j] >= MIN_OBSERVED:
            seen = actual[observed[:, j], j]
            samples[need, j] = seen[rng.integers(0, len(seen), size)]
        else:
            samples[need, j] = pert_draws(step, size, rng)
            estimated.append(step)
    totals = samples.sum(axis=1)
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
    slot = obs.plan.slot_s
    limit = slot if slot else int(obs.planned.sum())
    return Risk(
        method=method,
        draws=draws,
        seed=seed,
        slot_s=slot,
        start_s=obs.plan.start_s,
        totals=totals,
        p_overrun=float((totals > limit).mean()) if limit > 0 else None,
        limit_s=limit,
        against="slot" if slot else "plan",
        p50_s=float(p50),
        p80_s=float(p80),
        p95_s=float(p95),
        shares=tuple((obs.steps[j], float(contributions[j])) for j in order),
        estimated=tuple(estimated),
    )
