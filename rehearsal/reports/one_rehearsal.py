"""The report of one rehearsal: its figures (the core's `RunTotals`), its steps against the
plan, its flags where they are, annotations, the debrief and action items."""

from __future__ import annotations

from datetime import datetime, timedelta

from rehearsal.clock import now_iso
from rehearsal.durations import format_moment, format_time_of_day
from rehearsal.model import DEBRIEF_QUESTIONS, Plan, lead_text
from rehearsal.rehearsing.adjustments import adjustments
from rehearsal.rehearsing.figures import figure_rows
from rehearsal.rehearsing.timing import StepKind, live_steps, replay
from rehearsal.reports import svg_charts as charts
from rehearsal.reports.action_items import items_blocks
from rehearsal.reports.cells import Progress, d, quiet, signed, status_text
from rehearsal.reports.evidence_section import evidence_blocks
from rehearsal.reports.model import Block, Chart, Facts, Heading, Paragraph, Report, Table
from rehearsal.schedule import plan_today, planned_start_local
from rehearsal.workspace import Workspace

QUESTIONS = dict(DEBRIEF_QUESTIONS)


def rehearsal_report(
    ws: Workspace, rehearsal_id: str, progress: Progress = quiet, *, evidence_text: bool = False
) -> Report:
    """The report of one rehearsal. Its evidence shows counts and durations only, unless
    `evidence_text`: then names and the chat too (`reports.evidence_section`)."""
    progress("Reading the rehearsal")
    summary = ws.rehearsal_summary(rehearsal_id)
    r, plan = summary.rehearsal, summary.plan
    program = ws.program(plan.program_id)
    review = ws.review
    started = _moment(summary.started_wall)
    report = Report(
        title=f"Rehearsal report — {program.name}",
        subtitle=f"Revision {plan.revision} · {r.kind.label} · {format_moment(r.created)}",
        generated=now_iso(),
    )
    people = [
        ("Plan", f"{program.name}, revision {plan.revision}"),
        ("Kind", r.kind.label),
        ("Date", format_moment(summary.started_wall or r.created)),
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
    segments = {seg.id: seg for seg in plan.segments}
    rows = []
    for i, s in enumerate(steps):
        categories = ", ".join(f.category for f in s.flags)
        segment = segments.get(s.id) if s.kind is StepKind.SEGMENT else None
        rows.append(
            (
                s.title,
                "transition" if s.kind is StepKind.TRANSITION else "segment",
                lead_text(segment) if segment is not None else "",
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
                    *("",) * 7,
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
                "Lead",
                "Planned start",
                "Actual start",
                "Planned",
                "Actual",
                "Over/under",
                "Attempts",
                "Flags",
            ),
            tuple(rows),
            (False, False, False, True, True, True, True, True, True, False),
            emphasis=(len(rows) - 1,),
            weights=(3, 1.4, 1.8, 1, 1, 0.9, 0.9, 1, 0.8, 1.7),
        ),
    )
    report.add(*_adjusted_blocks(ws, rehearsal_id, plan, {s.id: s.actual_s for s in steps}))
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
                        status_text(f.status, f.fixed_in_revision),
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
    progress("Counting the evidence")
    report.add(*evidence_blocks(ws, rehearsal_id, with_text=evidence_text))
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
    report.add(*items_blocks(ws, [rehearsal_id], open_only=False))
    return report


def _adjusted_blocks(
    ws: Workspace, rehearsal_id: str, plan: Plan, actuals: dict[str, float | None]
) -> tuple[Block, ...]:
    """The targets changed live, when any were: over/under stays against the plan, the
    adjusted target is shown alongside it."""
    adjusted = adjustments(live_steps(plan), ws.events(rehearsal_id))
    if not adjusted:
        return ()
    return (
        Heading(f"Targets adjusted live ({len(adjusted)})"),
        Paragraph(
            "Accepted from the recovery plan or set by the lead during the run. Over/under "
            "above stays measured against the plan.",
            muted=True,
        ),
        Table(
            ("Step", "Planned", "Actual", "Adjusted live"),
            tuple((a.title, d(a.planned_s), d(actuals.get(a.step_id)), a.text()) for a in adjusted),
            (False, True, True, False),
            weights=(3, 0.9, 0.9, 5),
        ),
    )


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
