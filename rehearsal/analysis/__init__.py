"""Pressure-testing a plan: statistics across rehearsals, session risk, re-timing.

from rehearsal.analysis import Filters, observations, step_stats, simulate, suggest
obs = observations(ws, plan_id, Filters(kinds=("dry-run",)))
stats = step_stats(obs)            # per step: n, median, mean, p80, stdev, over-rate, …
risk = simulate(obs, draws=10_000, seed=1)   # P(overrun), P50/P80/P95, variance shares
retiming = suggest(obs, rule="p80", min_complete=3)   # nothing below 3 complete rehearsals
apply_retiming(ws, plan_id, retiming)        # the next plan revision
engagement(ws, plan_id, filters)   # per segment, from the rehearsals with evidence
debrief_prompts(ws, rehearsal_id)  # where to look, per debrief question, from its evidence
"""

from rehearsal.analysis.debrief_prompts import debrief_prompts
from rehearsal.analysis.drift import drift, drift_of_row
from rehearsal.analysis.engagement import Engagement, SegmentEngagement, engagement
from rehearsal.analysis.evidence import Evidence, describe, evidence
from rehearsal.analysis.observations import (
    Filters,
    FlagObs,
    Observations,
    RunInfo,
    StepInfo,
    observations,
)
from rehearsal.analysis.retiming import (
    RULES,
    Limit,
    Retiming,
    Suggestion,
    apply_retiming,
    suggest,
)
from rehearsal.analysis.risk import METHODS, Against, Risk, simulate
from rehearsal.analysis.stats import (
    DIMENSIONS,
    RevisionTotals,
    Spread,
    StepStats,
    StolenTime,
    revision_comparison,
    spread_by,
    step_stats,
    time_stolen,
)
from rehearsal.rehearsing.places import FlagGrid, Place, Places, places_of

__all__ = [
    "DIMENSIONS",
    "METHODS",
    "RULES",
    "Against",
    "Engagement",
    "Evidence",
    "Filters",
    "FlagGrid",
    "FlagObs",
    "Limit",
    "Observations",
    "Place",
    "Places",
    "Retiming",
    "RevisionTotals",
    "Risk",
    "RunInfo",
    "SegmentEngagement",
    "Spread",
    "StepInfo",
    "StepStats",
    "StolenTime",
    "Suggestion",
    "apply_retiming",
    "debrief_prompts",
    "describe",
    "drift",
    "drift_of_row",
    "engagement",
    "evidence",
    "observations",
    "places_of",
    "revision_comparison",
    "simulate",
    "spread_by",
    "step_stats",
    "suggest",
    "time_stolen",
]
