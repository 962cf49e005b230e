"""The program report of a plan revision: readiness, variance per segment, risk, the
suggested re-timing, time stolen and the revisions compared — over the rehearsals the
filters select, with what that evidence is."""

from __future__ import annotations

import dataclasses

from rehearsal.analysis import (
    RULES,
    Against,
    Filters,
    Risk,
    describe,
    evidence,
    observations,
    revision_comparison,
    simulate,
    step_stats,
    suggest,
    time_stolen,
)
from rehearsal.analysis.engagement import engagement
from rehearsal.clock import now_iso
from rehearsal.durations import count, format_time_of_day
from rehearsal.model import lead_text
from rehearsal.plans.readiness import readiness
from rehearsal.rehearsing.timing import StepKind
from rehearsal.reports import svg_charts as charts
from rehearsal.reports.action_items import items_blocks
from rehearsal.reports.cells import Progress, d, pct, quiet, signed
from rehearsal.reports.model import Chart, Facts, Heading, Paragraph, Report, Table
from rehearsal.workspace import Workspace


def _risk_blocks(risk: Risk) -> list[Heading | Facts | Chart | Paragraph]:
    """The risk of an overrun: of the slot, or of the planned total when the plan has no
    slot (the core says which, `Risk.against`); a statement when nothing was simulated."""
    if not risk.simulated or risk.against is Against.NOTHING:
        return [Heading("Risk of an overrun"), Paragraph(risk.statement, muted=True)]
    end = risk.end_s(risk.p80_s)
    line = "the slot" if risk.against is Against.SLOT else "the planned total (no slot set)"
    return [
        Heading(
            "Risk of overrunning the slot"
            if risk.against is Against.SLOT
            else "Risk of overrunning the plan (no slot set)"
        ),
        Facts(
            (
                ("Measured against", risk.limit),
                ("P(overrun)", pct(risk.p_overrun)),
                ("Total P50 / P80 / P95", f"{d(risk.p50_s)} / {d(risk.p80_s)} / {d(risk.p95_s)}"),
                ("P80 end", format_time_of_day(round(end)) if end is not None else "—"),
                ("Carrying the risk", "; ".join(f"{s.title} {pct(v)}" for s, v in risk.shares[:3])),
            )
        ),
        Chart(
            "Simulated session lengths",
            charts.histogram(risk.totals.tolist(), risk.limit_s, limit_label=risk.limit_label),
            500,
            200,
            f"{risk.draws:,} simulated sessions; the dashed line is {line}: "
            "bars past it are overruns.",
        ),
    ]


# -- a plan across rehearsals -------------------------------------------------------------------
def _narrowed(filters: Filters) -> bool:
    """Whether `filters` select fewer than every rehearsal (click-throughs aside)."""
    return (
        dataclasses.replace(filters, include_click_through=False, include_archived=False)
        != Filters()
    )


def program_report(
    ws: Workspace,
    plan_id: str,
    filters: Filters | None = None,
    *,
    draws: int = 10_000,
    seed: int = 0,
    progress: Progress = quiet,
) -> Report:
    plan = ws.plan(plan_id)
    program = ws.program(plan.program_id)
    progress("Checking readiness")
    ready = readiness(ws, plan_id)  # against the workspace's launch rules
    report = Report(
        title=f"Variance and readiness — {program.name}",
        subtitle=f"Revision {plan.revision}",
        generated=now_iso(),
    )
    progress("Reading the rehearsals")
    obs = observations(ws, plan_id, filters)
    report.add(
        Facts(
            (
                ("Plan", f"{program.name}, revision {plan.revision}"),
                (
                    "Planned",
                    d(plan.planned_s) + (f" of a {d(plan.slot_s)} slot" if plan.slot_s else ""),
                ),
                (
                    "Timing evidence",
                    f"{count(len(obs.runs), 'rehearsal')}: {describe(evidence(obs))}"
                    + (" (filtered)" if filters and _narrowed(filters) else ""),
                ),
                ("Readiness", f"{ready.score}/100 — {'READY' if ready.ready else 'NOT READY'}"),
            )
        ),
        Heading("Readiness"),
        Table(
            ("Check", "", "Detail"),
            tuple((c.title, "✓" if c.passed else "✗", c.detail) for c in ready.checks),
            (False, False, False),
            weights=(2, 0.3, 5),
        ),
    )
    progress("Computing statistics")
    stats = step_stats(obs)
    observed = any(s.n for s in stats)
    report.add(Heading("Variance per segment"))
    if not stats:
        report.add(
            Paragraph(
                "The plan has no timed steps (every segment is a marker or skipped): "
                "nothing to compare.",
                muted=True,
            )
        )
    elif not observed:
        report.add(
            Paragraph(
                "No step was observed in the rehearsals that match"
                + (" (each finished before its first step)" if obs.runs else "")
                + ": the statistics are empty and the risk below is the plan's own estimate.",
                muted=True,
            )
        )
    if stats:
        segments = {seg.id: seg for seg in plan.segments}
        report.add(
            Chart(
                "Spread of actuals",
                charts.ranges(
                    [s.step.title for s in stats],
                    [float(s.step.planned_s) for s in stats],
                    [s.min_s for s in stats],
                    [s.median_s for s in stats],
                    [s.max_s for s in stats],
                ),
                500,
                22 + 14 * len(stats) + 22,
                "Per segment, the range of actual durations, their median and the plan.",
            ),
            Table(
                ("Segment", "Lead", "Planned", "n", "Median", "Mean", "P80", "SD", "Over", "Flags"),
                tuple(
                    (
                        s.step.title,
                        lead_text(segments[s.step.key])
                        if s.step.kind is StepKind.SEGMENT and s.step.key in segments
                        else "",
                        d(s.step.planned_s),
                        str(s.n),
                        d(s.median_s),
                        d(s.mean_s),
                        d(s.p80_s),
                        d(s.stdev_s),
                        pct(s.over_rate),
                        ", ".join(f"{k} ×{v}" for k, v in s.flags.items()),
                    )
                    for s in stats
                ),
                (False, False, True, True, True, True, True, True, True, False),
                weights=(3.2, 1.8, 0.9, 0.4, 0.9, 0.9, 0.9, 0.8, 0.7, 2.4),
            ),
        )
    progress(f"Simulating {draws:,} sessions")
    risk = simulate(obs, draws=draws, seed=seed)
    report.add(*_risk_blocks(risk))
    if risk.estimated:
        report.add(
            Paragraph(
                "Too few observations, estimated from the plan (PERT): "
                + ", ".join(s.title for s in risk.estimated)
                + ".",
                muted=True,
            )
        )
    rules = ws.launch_rules()  # the workspace's, as in Analyze
    retiming = suggest(obs, rule=rules.retiming_rule, min_complete=rules.retiming_min_complete)
    label = RULES[retiming.rule]
    if not retiming.enough:
        report.add(
            Heading(f"Suggested re-timing ({label}): none"),
            Paragraph(retiming.missing + " Nothing is suggested until there are.", muted=True),
        )
    else:
        report.add(
            Heading(
                f"Suggested re-timing ({label}): "
                f"{d(retiming.planned_total_s)} → {d(retiming.suggested_total_s)}"
            ),
            Paragraph(
                f"{retiming.described[:1].upper()}{retiming.described[1:]}. Non-negotiable "
                "segments are never shortened; flexible ones stay inside their range.",
                muted=True,
            ),
            Table(
                ("Step", "n", "Planned", "Suggested", "Change", "Limit applied"),
                tuple(
                    (
                        s.step.title + (" (non-negotiable)" if s.step.non_negotiable else ""),
                        str(s.n),
                        d(s.planned_s),
                        d(s.suggested_s),
                        signed(s.change_s),
                        s.reason or "—",
                    )
                    for s in retiming.suggestions
                ),
                (False, True, True, True, True, False),
                weights=(4, 0.5, 1, 1, 1, 2.5),
            ),
        )
    revisions = revision_comparison(obs)
    report.add(Heading("Revision against revision"))
    if revisions:
        report.add(
            Table(
                (
                    "Revision",
                    "Rehearsals",
                    "Mean total",
                    "SD of total",
                    "Mean over plan",
                    "Mean SD per step",
                ),
                tuple(
                    (
                        f"revision {r.revision}",
                        str(r.runs),
                        d(r.mean_total_s),
                        d(r.stdev_total_s),
                        signed(r.mean_over_s),
                        d(r.step_stdev_s),
                    )
                    for r in revisions
                ),
                (False, True, True, True, True, True),
            )
        )
    else:
        report.add(Paragraph("No finished rehearsals match.", muted=True))
    stolen = time_stolen(obs)
    if stolen:
        report.add(
            Heading("Time stolen from practice"),
            Table(
                ("Rehearsal", "Non-negotiable short", "Flexible over", "Short on"),
                tuple(
                    (
                        t.run.label,
                        d(t.stolen_s),
                        d(t.overrun_s),
                        ", ".join(title for title, _ in t.short),
                    )
                    for t in stolen
                ),
                (False, True, True, False),
                weights=(2.4, 1.2, 1.2, 3),
            ),
        )
    progress("Counting the evidence")
    report.add(*_engagement_blocks(ws, plan_id, filters))
    plan_ids = {p.id for p in ws.plans(plan.program_id)}
    rehearsal_ids = [r.id for r in ws.rehearsals() if r.plan_id in plan_ids]
    report.add(*items_blocks(ws, rehearsal_ids, open_only=True))
    return report


def _engagement_blocks(
    ws: Workspace, plan_id: str, filters: Filters | None
) -> list[Heading | Paragraph | Table]:
    """Engagement per segment (`analysis.engagement`), when a rehearsal has evidence."""
    found = engagement(ws, plan_id, filters)
    if not found.rehearsal_ids:
        return []

    def rate(value: float | None) -> str:
        return "—" if value is None else f"{value:.1f}"

    return [
        Heading("Engagement (from the meeting platform's evidence)"),
        Paragraph(
            f"Per minute of each segment, {found.basis}: seconds of learner talk, learner "
            "messages, and learner contributions (turns, messages, poll answers). "
            "“Interaction planned, none observed”: fewer than one contribution in ten minutes "
            "of a segment planned as an interaction."
        ),
        Table(
            ("Segment", "Type", "Rehearsals", "Learner talk", "Messages", "Contributions", ""),
            tuple(
                (
                    s.title,
                    s.interaction.label,
                    str(s.rehearsals),
                    rate(s.learner_talk_s_per_min),
                    rate(s.messages_per_min),
                    rate(s.contributions_per_min),
                    "interaction planned, none observed" if s.none_observed else "",
                )
                for s in found.segments
            ),
            (False, False, True, True, True, True, False),
            weights=(3, 1.4, 0.9, 0.9, 0.9, 1.1, 2.2),
        ),
    ]
