"""What the Analyze view shows, computed once per change of plan, filters, method or rule:
every figure is the core's (`rehearsal.analysis`), gathered here and only formatted by the
charts. Flags are counted by place (`places_of`: a hand-off's flags on the hand-off), so the
statistics are asked for without them. Per-segment statistics and risk are against the
analysed plan ("would this plan's time be enough"); time stolen, the revisions compared and
drift hold each rehearsal against its own revision.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from rehearsal.analysis import (
    Evidence,
    FlagGrid,
    Observations,
    Place,
    Places,
    Retiming,
    RevisionTotals,
    Risk,
    StepStats,
    StolenTime,
    evidence,
    places_of,
    revision_comparison,
    simulate,
    step_stats,
    suggest,
    time_stolen,
)
from rehearsal.durations import format_duration
from rehearsal.launch_rules import DEFAULT_RULES

Matrix = npt.NDArray[np.float64]

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


# -- everything at once ---------------------------------------------------------------------------
@dataclass(slots=True)
class Analysis:
    obs: Observations
    evidence: Evidence  # what the figures rest on, said on every tab
    stats: tuple[StepStats, ...]
    risk: Risk | None  # None without rehearsals
    retiming: Retiming
    stolen: list[StolenTime]  # largest shortfall first
    revisions: list[RevisionTotals]
    where: Places  # the rows of the per-segment charts, and the flags at each

    @property
    def planned_rows(self) -> Matrix:
        """runs × steps: each step's planned seconds in the rehearsal's own revision."""
        return self.obs.planned_by_run()

    @property
    def places(self) -> tuple[Place, ...]:
        return self.where.places

    @property
    def flags(self) -> FlagGrid:
        return self.where.flags

    @property
    def empty(self) -> bool:
        return not self.obs.runs

    def place_index(self, key: str | None) -> int | None:
        return self.where.index(key)

    def place(self, key: str | None) -> Place | None:
        i = self.place_index(key)
        return None if i is None else self.places[i]


def analyse(
    obs: Observations,
    *,
    method: str = "segments",
    rule: str = "p80",
    min_complete: int = DEFAULT_RULES.retiming_min_complete,
    draws: int = 10_000,
    seed: int = 0,
) -> Analysis:
    return Analysis(
        obs=obs,
        evidence=evidence(obs),
        stats=step_stats(dataclasses.replace(obs, flags=[])),
        risk=simulate(obs, draws=draws, seed=seed, method=method) if obs.runs else None,
        retiming=suggest(obs, rule=rule, min_complete=min_complete),
        stolen=sorted(time_stolen(obs), key=lambda t: -t.stolen_s),
        revisions=revision_comparison(obs),
        where=places_of(obs.steps, obs.flags),
    )
