"""The rehearsal report's evidence: per step, talk by role, silence, chat, attendance and
poll answers (`rehearsing.evidence_figures`), as counts and durations. Names and messages
are people's words and stay in the workspace: only `with_text` (`rehearsal report
--evidence-text`) adds who spoke in which role and the chat as it was typed."""

from __future__ import annotations

from collections import Counter

from rehearsal.durations import count
from rehearsal.evidence_model import EvidenceKind, ItemKind, SpeakerRole
from rehearsal.rehearsing.evidence_figures import HEADINGS, cells, step_windows
from rehearsal.rehearsing.placement import offset_text
from rehearsal.rehearsing.timing import live_steps, replay
from rehearsal.reports.cells import d
from rehearsal.reports.model import Block, Heading, Paragraph, Table
from rehearsal.workspace import Workspace

ROLE_NOUNS = {
    SpeakerRole.FACILITATOR: ("facilitator", "facilitators"),
    SpeakerRole.STAFF: ("staff member", "staff"),
    SpeakerRole.LEARNER: ("learner", "learners"),
}
ABOUT = (
    "Talk is the time someone of that role was speaking (two at once count once); staff "
    "are the producer and co-facilitators, the facilitator apart; silence is the step's "
    "time with nobody speaking. A step's time runs from the mark that started it to the "
    "one that ended it, pauses and every attempt included. “—”: no evidence of that kind."
)


def evidence_blocks(ws: Workspace, rehearsal_id: str, *, with_text: bool = False) -> list[Block]:
    files = ws.evidence.files(rehearsal_id)
    blocks: list[Block] = [Heading("Evidence")]
    if not files:
        blocks.append(
            Paragraph(
                "No evidence: import the meeting platform's files (transcript, chat, "
                "attendance, poll report) to see talk, chat and attendance step by step.",
                muted=True,
            )
        )
        return blocks
    figures = ws.evidence.figures(rehearsal_id)
    speakers = ws.evidence.speakers(rehearsal_id)
    roles = Counter(s.role for s in speakers)
    sources = "; ".join(
        f"{f.platform.value.capitalize()} {f.kind.value} ({count(f.items, 'item')}, "
        f"{offset_text(f.time_base, f.offset_ms)})"
        for f in files
    )
    people = ", ".join(count(roles[r], *ROLE_NOUNS[r]) for r in SpeakerRole)
    blocks.append(Paragraph(f"From {sources}. People: {people}. {ABOUT}"))
    rows = [(s.title, *cells(s)) for s in (*figures.steps, figures.totals)]
    blocks.append(
        Table(
            ("Step", *HEADINGS),
            tuple(rows),
            (False, *(True for _ in HEADINGS)),
            emphasis=(len(rows) - 1,),
            weights=(2.6, *(1.0 for _ in HEADINGS)),
        )
    )
    if figures.outside:
        blocks.append(
            Paragraph(
                f"{count(figures.outside, 'item')} of the evidence fall outside the run's "
                "steps (before its start or after its end).",
                muted=True,
            )
        )
    if not with_text:
        blocks.append(
            Paragraph(
                "Names and messages stay in the workspace; a report made with them "
                "(--evidence-text) lists who spoke in which role and the chat.",
                muted=True,
            )
        )
        return blocks
    return blocks + _with_text(ws, rehearsal_id)


def _with_text(ws: Workspace, rehearsal_id: str) -> list[Block]:
    """Who is who, and the chat as typed: for a report that stays with the team."""
    speakers = ws.evidence.speakers(rehearsal_id)
    placed = ws.evidence.placed(rehearsal_id)
    cues = Counter(p.speaker_id for p in placed if p.item.kind is ItemKind.SPEECH)
    said = Counter(p.speaker_id for p in placed if p.item.kind is ItemKind.MESSAGE)
    blocks: list[Block] = [
        Heading(f"People in the evidence ({len(speakers)})"),
        Table(
            ("Name", "Role", "Why", "Speech cues", "Messages"),
            tuple(
                (s.name, s.role.value, s.reason, str(cues[s.id]), str(said[s.id])) for s in speakers
            ),
            (False, False, False, True, True),
            weights=(2, 1, 2.4, 0.8, 0.8),
        ),
    ]
    if EvidenceKind.CHAT not in ws.evidence.figures(rehearsal_id).kinds:
        return blocks
    rehearsal = ws.rehearsal(rehearsal_id)
    steps = live_steps(ws.plan(rehearsal.plan_id))
    state = replay(steps, ws.events(rehearsal_id))
    windows = step_windows(state)
    names = {s.id: s.name for s in speakers}
    start = state.started_ns or 0

    def step_of(at_ns: int) -> str:
        for step, spans in zip(steps, windows, strict=True):
            if any(a <= at_ns < b for a, b in spans):
                return step.title
        return "outside the run"

    messages = [p for p in placed if p.item.kind is ItemKind.MESSAGE]
    blocks += [
        Heading(f"Chat ({len(messages)})"),
        Table(
            ("At", "Step", "From", "To", "Message"),
            tuple(
                (
                    d((p.start_ns - start) / 1e9),
                    step_of(p.start_ns),
                    names[p.speaker_id],
                    p.item.detail,
                    p.item.text,
                )
                for p in messages
            ),
            (True, False, False, False, False),
            weights=(0.7, 1.6, 1.3, 1.1, 4),
        ),
    ]
    return blocks
