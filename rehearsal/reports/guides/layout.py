"""A guide laid out as report blocks, once, for every format it is written in (PDF by the
app's report writer, DOCX here in the core): the header, what changed, the role's table to
run from, then every step in full."""

from __future__ import annotations

from rehearsal.durations import (
    count,
    format_clock,
    format_duration,
    format_moment,
    format_range,
    format_time_of_day,
)
from rehearsal.reports.guides.model import Guide, GuideChanges, GuideRole, GuideStep
from rehearsal.reports.model import Block, Facts, Heading, Paragraph, Report, Table


def guide_report(guide: Guide) -> Report:
    report = Report(
        title=guide.title,
        subtitle=f"Revision {guide.revision}, for the {guide.role.value}",
        generated=guide.generated,
    )
    report.add(_header(guide))
    if guide.changes is not None:
        report.add(*_changes(guide.changes))
    if guide.role is GuideRole.PRODUCER:
        report.add(*_run_sheet(guide))
    else:
        report.add(*_at_a_glance(guide), *_flex_first(guide))
    report.add(Heading("Step by step"))
    if not guide.steps:
        report.add(Paragraph("This revision has no steps to run.", muted=True))
    for step in guide.steps:
        report.add(Heading(f"{step.number}. {step.title}", level=2), Facts(_details(guide, step)))
    if guide.not_run:
        report.add(
            Paragraph(
                "Kept in the plan but not run in this revision: " + "; ".join(guide.not_run),
                muted=True,
            )
        )
    return report


def start_text(guide: Guide, step: GuideStep, *, at_end: bool = False) -> str:
    """A step's planned start (or end): a clock time when the plan has a start (`09:05`),
    else the time from the top of the session (`0:05:00`)."""
    at = step.start_s + (step.planned_s if at_end else 0)
    if guide.start_s is None:
        return format_clock(at)
    return format_time_of_day(guide.start_s + at)


def flex_text(step: GuideStep) -> str:
    if step.non_negotiable:
        return "non-negotiable: keep it as planned"
    return format_range(step.flex_min_s, step.flex_max_s) or "flexible (no range set)"


def handoff_text(step: GuideStep) -> str:
    """`→ Next step, 2:00 allowed: Open the rooms`; `End of the session` after the last."""
    if step.handoff is None:
        return "End of the session"
    h = step.handoff
    text = f"→ {h.next_title}"
    if h.allowance_s:
        text += f", {format_duration(h.allowance_s)} allowed"
    return text + (f": {h.cue}" if h.cue.strip() else "")


def handoff_cue(step: GuideStep) -> str:
    """The hand-off as the run sheet's table gives it (the next row is the next step):
    `2:00 allowed: Open the rooms`, the cue alone, or "" when there is nothing to do."""
    if step.handoff is None:
        return "End of the session"
    h = step.handoff
    allowed = f"{format_duration(h.allowance_s)} allowed" if h.allowance_s else ""
    return ": ".join(part for part in (allowed, h.cue.strip()) if part)


# A table to run from stays a table: a cell longer than this is shortened there (a row
# taller than a page could not be printed); the step in full follows under "Step by step".
CELL_CHARS = {"title": 200, "lead": 120, "notes": 700, "handoff": 300, "change": 400}


def short(text: str, kind: str) -> str:
    """`text` as a table cell of `kind` holds it: whole, or its start and "…"."""
    limit = CELL_CHARS[kind]
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _type_text(step: GuideStep) -> str:
    return step.interaction.label + (" (a zero-length cue)" if step.marker else "")


def _header(guide: Guide) -> Facts:
    planned = format_duration(guide.planned_s)
    if guide.slot_s is not None:
        planned += f" of a {format_duration(guide.slot_s)} slot"
    if guide.start_s is None:
        starts = "not set: step starts count from the top of the session"
    else:
        starts = f"{format_time_of_day(guide.start_s)} {guide.time_zone}".strip()
    pairs = [
        ("Program", guide.program),
        ("Revision", str(guide.revision)),
        ("Starts", starts),
        ("Planned", planned),
        ("Steps", count(len(guide.steps), "step")),
    ]
    if guide.notes.strip():
        pairs.append(("Revision notes", guide.notes))
    pairs.append(("Generated", format_moment(guide.generated)))
    return Facts(tuple(pairs))


def _changes(changes: GuideChanges) -> list[Block]:
    blocks: list[Block] = [Heading(f"What changed since revision {changes.since_revision}")]
    if changes.empty:
        blocks.append(Paragraph("Nothing this guide shows has changed.", muted=True))
        return blocks
    if changes.plan:
        blocks.append(Paragraph("The session: " + "; ".join(changes.plan) + "."))
    if changes.steps:
        blocks.append(
            Table(
                ("Step", "What changed"),
                tuple(
                    (
                        short(c.title, "title"),
                        "\n".join(short(line, "change") for line in c.changes),
                    )
                    for c in changes.steps
                ),
                (False, False),
                weights=(1.2, 3),
            )
        )
    return blocks


def _run_sheet(guide: Guide) -> list[Block]:
    rows = tuple(
        (
            start_text(guide, s),
            format_duration(s.planned_s),
            f"{s.number}. {short(s.title, 'title')}\n{_type_text(s)}",
            short(s.lead, "lead"),
            s.launch,
            short(s.notes, "notes"),
            short(handoff_cue(s), "handoff"),
        )
        for s in guide.steps
    )
    return [
        Heading("Run sheet"),
        Paragraph(
            "Cues, hand-offs and tool launches, step by step; each step in full follows.",
            muted=True,
        ),
        Table(
            ("Start", "Length", "Step", "Lead", "Launch", "Cues (watch for)", "Hand-off"),
            rows,
            (True, True, False, False, False, False, False),
            weights=(0.75, 0.75, 2.0, 1.1, 1.1, 3.6, 1.6),
        ),
    ]


def _at_a_glance(guide: Guide) -> list[Block]:
    rows = tuple(
        (
            start_text(guide, s),
            format_duration(s.planned_s),
            f"{s.number}. {short(s.title, 'title')}",
            _type_text(s),
            short(s.lead, "lead"),
            flex_text(s),
        )
        for s in guide.steps
    )
    return [
        Heading("The session at a glance"),
        Table(
            ("Start", "Length", "Step", "Type", "Lead", "May flex"),
            rows,
            (True, True, False, False, False, False),
            weights=(0.75, 0.75, 2.6, 1.3, 1.4, 1.8),
        ),
    ]


def _flex_first(guide: Guide) -> list[Block]:
    """Where to take time from when the session runs late: the flexible steps, the most
    room first; the non-negotiable ones never."""
    flexible = sorted(
        (s for s in guide.steps if s.room_to_cut_s and not s.marker),
        key=lambda s: (-(s.room_to_cut_s or 0), s.number),
    )
    shortest = [
        f"{s.number}. {s.title}" for s in guide.steps if s.room_to_cut_s == 0 and not s.marker
    ]
    fixed = [f"{s.number}. {s.title}" for s in guide.steps if s.non_negotiable]
    blocks: list[Block] = [Heading("Where to flex first")]
    if flexible:
        blocks.append(
            Paragraph(
                "When the session runs late, take time from these steps first, the most "
                "room first, and stay within each one's range.",
                muted=True,
            )
        )
        blocks.append(
            Table(
                ("Step", "Planned", "Range", "Can give"),
                tuple(
                    (
                        f"{s.number}. {short(s.title, 'title')}",
                        format_duration(s.planned_s),
                        format_range(s.flex_min_s, s.flex_max_s) or "no range set",
                        format_duration(s.room_to_cut_s or 0),
                    )
                    for s in flexible
                ),
                (False, True, False, True),
                weights=(3, 0.9, 1.4, 0.9),
            )
        )
    else:
        blocks.append(Paragraph("No step of this revision has time to give.", muted=True))
    if shortest:
        blocks.append(
            Paragraph("Already at the shortest of their range: " + "; ".join(shortest) + ".")
        )
    if fixed:
        blocks.append(Paragraph("Never cut (non-negotiable): " + "; ".join(fixed) + "."))
    return blocks


def _details(guide: Guide, step: GuideStep) -> tuple[tuple[str, str], ...]:
    """Every field of a step the role is given, in the order a person reads them."""
    end = start_text(guide, step, at_end=True)
    pairs = [("Planned", f"{start_text(guide, step)}–{end} ({format_duration(step.planned_s)})")]
    if step.section:
        pairs.append(("Section", step.section))
    pairs += [
        ("Type", _type_text(step)),
        ("Lead", step.lead),
        ("Why this matters", step.intent.strip() or "—"),
        ("May flex", flex_text(step)),
        (guide.role.notes_label, step.notes.strip() or "—"),
    ]
    if step.launch and guide.role is GuideRole.PRODUCER:
        pairs.append(("Launch", step.launch))
    if step.materials.strip():
        pairs.append(("Materials", step.materials))
    if step.contingency.strip():
        pairs.append(("If it goes wrong", step.contingency))
    pairs.append(("Hand-off", handoff_text(step)))
    return tuple(pairs)
