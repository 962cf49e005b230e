"""What goes into each report, from the workspace: the numbers are the core's own
(`rehearsal_summary`, `analysis`, `readiness`), only formatted here."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime, timedelta

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
from rehearsal.clock import now_iso
from rehearsal.durations import count, format_duration, format_signed, format_time_of_day
from rehearsal.model import DEBRIEF_QUESTIONS, FlagStatus
from rehearsal.plans.readiness import readiness
from rehearsal.rehearsing.figures import figure_rows
from rehearsal.rehearsing.timing import StepKind, live_steps, replay
from rehearsal.reports import svg_charts as charts
from rehearsal.reports.model import Chart, Facts, Heading, Paragraph, Report, Table
from rehearsal.schedule import plan_today, planned_start_local
from rehearsal.workspace import Workspace

Progress = Callable[[str], None]
QUESTIONS = dict(DEBRIEF_QUESTIONS)


def d(seconds: float | None) -> str:
    """A duration as m:ss (h:mm:ss past an hour); — when unknown."""
    if seconds is None:
        return "—"
    return ("-" if seconds < 0 else "") + format_duration(round(abs(seconds)))


def signed(seconds: float | None) -> str:
    """Over (+) or under (−), as every surface writes it (`format_signed`); — unknown."""
    return format_signed(seconds) or "—"


def pct(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


def _quiet(_: str) -> None:
    return None


# -- one rehearsal ----------------------------------------------------------------------------
def rehearsal_report(ws: Workspace, rehearsal_id: str, progress: Progress = _quiet) -> Report:
    progress("Reading the rehearsal")
    summary = ws.rehearsal_summary(rehearsal_id)
    r, plan = summary.rehearsal, summary.plan
    program = ws.program(plan.program_id)
    review = ws.review
    started = _moment(summary.started_wall)
    report = Report(
        title=f"Rehearsal report — {program.name}",
        subtitle=f"Revision {plan.revision} · {r.kind.label} · {r.created[:10]}",
        generated=now_iso(),
    )
    people = [
        ("Plan", f"{program.name}, revision {plan.revision}"),
        ("Kind", r.kind.label),
        ("Date", (started or _moment(r.created) or datetime.min).strftime("%Y-%m-%d %H:%M")),
        ("Lead", r.lead or "—"),
        ("Facilitators", ", ".join(r.facilitators) or "—"),
        ("Producer", r.producer or "—"),
        ("Cohort / region", " / ".join(x for x in (r.cohort, r.region) if x) or "—"),
        ("Status", r.status.value),
        ("Slot", d(plan.slot_s) if plan.slot_s else "no slot set"),
        *figure_rows(summary.totals),
    ]
    report.add(Facts(tuple(people)))
    steps = summary.segments
    titles = [s.title for s in steps]
    if not steps:
        report.add(Paragraph("The plan has no timed steps: there is nothing to chart.", muted=True))
    elif not summary.totals.steps_run:
        report.add(
            Paragraph(
                "No step ran in this rehearsal (it finished before its first step): "
                "there are no timings to chart.",
                muted=True,
            )
        )
    else:
        report.add(
            Chart(
                "Over or under plan, step by step",
                charts.over_under_bars(titles, [s.over_s for s in steps]),
                500,
                36 + 14 * len(steps) + 12,
                "A bar per step: to the right when it ran over its plan, to the left when "
                "under; “not run” where it did not run.",
            ),
            Chart(
                "Cumulative drift",
                charts.cumulative(
                    titles, [s.planned_s for s in steps], [s.actual_s for s in steps]
                ),
                500,
                220,
                "Time into the session after each step, planned against actual"
                + (
                    f"; the plan ends at {d(plan.planned_s)} of a {d(plan.slot_s)} slot."
                    if plan.slot_s
                    else "; no slot set: the plan's end is the limit."
                ),
            ),
        )
    progress("Laying out the segments")
    starts = _actual_starts(ws, rehearsal_id, summary.plan, started)
    planned_at = planned_start_local(  # on the run's day, in the zone its times are in
        plan, plan_today(plan, started), started.tzinfo if started else None
    )
    rows = []
    for i, s in enumerate(steps):
        categories = ", ".join(f.category for f in s.flags)
        rows.append(
            (
                s.title,
                "transition" if s.kind is StepKind.TRANSITION else "segment",
                format_time_of_day(planned_at) if planned_at is not None else "—",
                starts[i] or "—",
                d(s.planned_s),
                d(s.actual_s),
                signed(s.over_s),
                str(len(s.attempts)) if len(s.attempts) > 1 else "",
                categories,
            )
        )
        if planned_at is not None:
            planned_at += s.planned_s
        handoff = summary.handoff_flags(i)
        if handoff:  # a hand-off's flags are counted on it, as everywhere
            following = next((t.title for t in steps[i + 1 :]), "the end")
            rows.append(
                (
                    f"↔ hand-off to {following}",
                    "hand-off",
                    *("",) * 6,
                    ", ".join(f.category for f in handoff),
                )
            )
    totals = summary.totals
    rows.append(
        (
            "Total of the steps run",
            "",
            "",
            "",
            d(totals.planned_s),
            d(totals.actual_s),
            signed(totals.over_s),
            "",
            str(len(summary.flags)),
        )
    )
    report.add(
        Heading("Segments and transitions"),
        Table(
            (
                "Step",
                "Kind",
                "Planned start",
                "Actual start",
                "Planned",
                "Actual",
                "Over/under",
                "Attempts",
                "Flags",
            ),
            tuple(rows),
            (False, False, True, True, True, True, True, True, False),
            emphasis=(len(rows) - 1,),
            weights=(3.2, 1.1, 1, 1, 0.9, 0.9, 1, 0.8, 2),
        ),
    )
    flags = review.flags(rehearsal_id)
    report.add(Heading(f"Flags ({len(flags)})"))
    titles_by_id = {s.id: s.title for s in plan.segments}
    timed = {s.id: s.title for s in steps if s.kind is StepKind.TRANSITION}
    at0 = _start_ns(ws, rehearsal_id)
    if flags:
        report.add(
            Table(
                ("At", "Category", "Severity", "Lost", "On", "Note", "Raised by", "Status"),
                tuple(
                    (
                        d((f.at_ns - at0) / 1e9) if at0 is not None else "—",
                        f.category,
                        f.severity.value,
                        d(f.seconds_lost) if f.seconds_lost is not None else "—",
                        _flag_place(f.segment_id, f.transition_id, titles_by_id, timed),
                        f.note,
                        f.raised_by,
                        _status(f.status, f.fixed_in_revision),
                    )
                    for f in flags
                ),
                (True, False, False, True, False, False, False, False),
                weights=(0.7, 1.4, 0.8, 0.6, 2, 3, 1.1, 1.2),
            )
        )
    else:
        report.add(Paragraph("No flags were raised.", muted=True))
    notes = review.annotations(rehearsal_id)
    report.add(Heading(f"Annotations ({len(notes)})"))
    if notes:
        report.add(
            Table(
                ("At", "On", "Note", "By"),
                tuple(
                    (
                        d((a.at_ns - at0) / 1e9)
                        if a.at_ns is not None and at0 is not None
                        else "—",
                        titles_by_id.get(a.segment_id or "", "—"),
                        a.text,
                        a.author,
                    )
                    for a in notes
                ),
                (True, False, False, False),
                weights=(0.7, 2, 5, 1.2),
            )
        )
    else:
        report.add(Paragraph("No annotations.", muted=True))
    debrief = review.debrief(rehearsal_id)
    report.add(Heading("Debrief"))
    if debrief.answers:
        report.add(
            Table(
                ("Question", "Answer", "Answered by"),
                tuple((QUESTIONS[a.question], a.answer, a.answered_by) for a in debrief.answers),
                (False, False, False),
                weights=(2.2, 4, 1.2),
            )
        )
    else:
        report.add(Paragraph("The debrief has not been answered.", muted=True))
    report.add(*_items_blocks(ws, [rehearsal_id], open_only=False))
    return report


def _flag_place(
    segment_id: str | None, transition_id: str | None, titles: dict[str, str], timed: dict[str, str]
) -> str:
    if transition_id in timed:
        return timed[transition_id or ""]
    title = titles.get(segment_id or "", "the session")
    return f"hand-off after {title}" if transition_id else title


def _moment(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def _start_ns(ws: Workspace, rehearsal_id: str) -> int | None:
    summary_events = ws.events(rehearsal_id)
    plan = ws.plan(ws.rehearsal(rehearsal_id).plan_id)
    return replay(live_steps(plan), summary_events).started_ns


def _actual_starts(
    ws: Workspace, rehearsal_id: str, plan: object, started: datetime | None
) -> list[str]:
    from rehearsal.model import Plan

    assert isinstance(plan, Plan)
    state = replay(live_steps(plan), ws.events(rehearsal_id))
    found = []
    for attempts in state.attempts:
        if not attempts or state.started_ns is None or started is None:
            found.append("")
            continue
        moment = started + timedelta(seconds=(attempts[0].start_ns - state.started_ns) / 1e9)
        found.append(moment.strftime("%H:%M:%S"))
    return found


def _status(status: FlagStatus, revision: int | None) -> str:
    if status is FlagStatus.FIXED:
        return f"fixed in revision {revision}" if revision else "fixed"
    return {"open": "open", "accepted": "accepted", "wont-fix": "won't fix"}[status.value]


def _items_blocks(
    ws: Workspace, rehearsal_ids: list[str], open_only: bool
) -> list[Heading | Paragraph | Table]:
    items = [i for rid in rehearsal_ids for i in ws.review.action_items(rid)]
    if open_only:
        items = [i for i in items if i.status is FlagStatus.OPEN]
    heading = Heading(f"{'Open action items' if open_only else 'Action items'} ({len(items)})")
    if not items:
        return [heading, Paragraph("None.", muted=True)]
    revisions = {}
    for i in items:
        if i.fixed_in_plan and i.fixed_in_plan not in revisions:
            revisions[i.fixed_in_plan] = ws.plan(i.fixed_in_plan).revision
    dates = {rid: ws.rehearsal(rid).created[:10] for rid in {i.rehearsal_id for i in items}}
    return [
        heading,
        Table(
            ("Item", "Owner", "Status", "From"),
            tuple(
                (
                    i.title,
                    i.owner_role or "—",
                    _status(i.status, revisions.get(i.fixed_in_plan or "")),
                    f"{i.source_kind.value} · {dates[i.rehearsal_id]}",
                )
                for i in items
            ),
            (False, False, False, False),
            weights=(4, 1.2, 1.6, 1.6),
        ),
    ]


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
    return dataclasses.replace(filters, include_click_through=False) != Filters()


def program_report(
    ws: Workspace,
    plan_id: str,
    filters: Filters | None = None,
    *,
    draws: int = 10_000,
    seed: int = 0,
    progress: Progress = _quiet,
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
                ("Segment", "Planned", "n", "Median", "Mean", "P80", "SD", "Over", "Flags"),
                tuple(
                    (
                        s.step.title,
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
                (False, True, True, True, True, True, True, True, False),
                weights=(3.2, 0.9, 0.4, 0.9, 0.9, 0.9, 0.8, 0.7, 2.4),
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
    plan_ids = {p.id for p in ws.plans(plan.program_id)}
    rehearsal_ids = [r.id for r in ws.rehearsals() if r.plan_id in plan_ids]
    report.add(*_items_blocks(ws, rehearsal_ids, open_only=True))
    return report
