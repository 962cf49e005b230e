"""Plans for tests: a small realistic one, and hypothesis strategies for arbitrary ones."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import strategies as st

from rehearsal.limits import (
    DAY_S,
    MAX_DURATION_S,
    MAX_NAME_CHARS,
    MAX_PLAN_TEXT_CHARS,
    MAX_SLOT_S,
    MIN_SLOT_S,
)
from rehearsal.model import (
    InteractionType,
    LeadRole,
    PlanDraft,
    Section,
    Segment,
    Transition,
    new_id,
)


def small_draft(name: str = "Module 1") -> PlanDraft:
    opening = Section(new_id(), "Opening")
    practice = Section(new_id(), "Practice")
    segs = (
        Segment(
            new_id(),
            "Welcome",
            300,
            opening.id,
            InteractionType.CHAT,
            LeadRole.PRODUCER,
            intent="Everyone connected",
            producer_cues="Watch audio",
        ),
        Segment(new_id(), "Poll", 240, opening.id, InteractionType.POLL, cue="2"),
        Segment(
            new_id(),
            "Breakout",
            900,
            practice.id,
            InteractionType.BREAKOUT,
            LeadRole.LEARNERS,
            non_negotiable=True,
        ),
        Segment(new_id(), "Close", 180, practice.id),
    )
    return PlanDraft(
        name=name,
        slot_s=1800,
        start_s=9 * 3600,
        sections=(opening, practice),
        segments=segs,
        transitions=(Transition(new_id(), segs[1].id, 120, "Open rooms"),),
    )


text = st.text(max_size=40)
seconds = st.integers(min_value=0, max_value=36_000)


# "" (the device's local time) and zones with and without summer time, far apart
TIME_ZONES = st.sampled_from(
    ["", "UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"]
)


@st.composite
def drafts(draw: st.DrawFn) -> PlanDraft:
    sections = tuple(Section(new_id(), draw(text)) for _ in range(draw(st.integers(0, 3))))
    section_ids = st.sampled_from([s.id for s in sections]) if sections else st.none()
    segments = []
    for _ in range(draw(st.integers(1, 8))):
        lo = draw(st.none() | seconds)
        segments.append(
            Segment(
                id=new_id(),
                title=draw(text.filter(lambda t: t.strip() != "")),
                planned_s=draw(seconds),
                section_id=draw(st.none() | section_ids),
                interaction=draw(st.sampled_from(InteractionType)),
                lead=draw(st.sampled_from(LeadRole)),
                lead_person=draw(text),
                intent=draw(text),
                non_negotiable=draw(st.booleans()),
                flex_min_s=lo,
                flex_max_s=None if lo is None else lo + draw(seconds),
                facilitator_notes=draw(text),
                producer_cues=draw(text),
                materials=draw(text),
                contingency=draw(text),
                cue=draw(text),
                marker=draw(st.booleans()),
                skipped=draw(st.booleans()),
                custom=tuple(
                    draw(
                        st.lists(
                            st.tuples(text.filter(str.strip), text),
                            max_size=2,
                            unique_by=lambda kv: kv[0],
                        )
                    )
                ),
            )
        )
    after = draw(st.lists(st.sampled_from(segments), unique_by=lambda s: s.id, max_size=3))
    transitions = tuple(Transition(new_id(), s.id, draw(seconds), draw(text)) for s in after)
    return PlanDraft(
        name=draw(text),
        slot_s=draw(st.none() | seconds),
        start_s=draw(st.none() | st.integers(0, 86_399)),
        time_zone=draw(TIME_ZONES),
        notes=draw(text),
        source=draw(text),
        sections=sections,
        segments=tuple(segments),
        transitions=transitions,
    )


# -- plans within the domain's bounds (rehearsal/limits.py), extremes included ---------------
# Text as a plan keeps it (trimmed, "\n" line breaks, no control character but the tab):
# any letters, and what troubles CSV, spreadsheets and JSON — separators, quotes, newlines,
# tabs, a leading "=", "+", "-", "@" or "'", other scripts, emoji.
_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Cn")) | st.sampled_from(
    [",", ";", '"', "'", "=", "+", "-", "@", "\n", "\t", "é", "–", "€", "日", "ש", "😀", "\u2028"]
)
_SHORT = st.text(_CHARS, max_size=24).map(str.strip)
_FORMULA = st.builds(lambda lead, rest: lead + rest, st.sampled_from("=+-@'"), _SHORT)


def _long(pattern: str, length: int) -> str:
    return (pattern * (length // len(pattern) + 1))[: length - 1] + "."


_PATTERN = 'Line, "quoted"; tab\there\n=SUM(A1) 日本語 😀 עברית; '
LONG_NAME = _long(_PATTERN, MAX_NAME_CHARS)
LONG_PROSE = _long(_PATTERN, MAX_PLAN_TEXT_CHARS)
NAME = st.one_of(_SHORT, _FORMULA, st.just(LONG_NAME))
PROSE = st.one_of(_SHORT, _FORMULA, st.just(LONG_PROSE))
DURATION = st.one_of(
    st.sampled_from([0, 1, 59, 60, MAX_DURATION_S]), st.integers(0, MAX_DURATION_S)
)
SLOT = st.one_of(
    st.none(), st.sampled_from([MIN_SLOT_S, MAX_SLOT_S]), st.integers(MIN_SLOT_S, MAX_SLOT_S)
)
START = st.one_of(st.none(), st.sampled_from([0, DAY_S - 1]), st.integers(0, DAY_S - 1))
UUIDS = st.uuids().map(str)
# Custom column names, some of them the names of the export's own columns.
CUSTOM_NAMES = st.one_of(
    _SHORT.filter(bool), st.sampled_from(["Title", "ID", "Duration", "Section", "Plan", "Slot"])
)


@st.composite
def flexible_range(draw: st.DrawFn) -> tuple[int | None, int | None]:
    kind = draw(st.sampled_from(["none", "both", "min", "max"]))
    lo, hi = sorted((draw(DURATION), draw(DURATION)))
    return (lo if kind in ("both", "min") else None, hi if kind in ("both", "max") else None)


@st.composite
def bounded_drafts(draw: st.DrawFn, max_segments: int = 6) -> PlanDraft:
    """A plan the editor or any reader may hold: every value within `rehearsal.limits`."""
    sections = tuple(Section(draw(UUIDS), draw(NAME)) for _ in range(draw(st.integers(0, 3))))
    custom_names = draw(st.lists(CUSTOM_NAMES, max_size=3, unique=True))
    segments = []
    for _ in range(draw(st.integers(1, max_segments))):
        lo, hi = draw(flexible_range())
        # each segment its own order of the names, sometimes one twice
        names = draw(st.permutations([n for n in custom_names if draw(st.booleans())]))
        if names and draw(st.integers(0, 4)) == 0:
            names = [*names, names[0]]
        segments.append(
            Segment(
                id=draw(UUIDS),
                title=draw(NAME),
                planned_s=draw(DURATION),
                section_id=draw(st.sampled_from([None, *(s.id for s in sections)])),
                interaction=draw(st.sampled_from(InteractionType)),
                lead=draw(st.sampled_from(LeadRole)),
                lead_person=draw(NAME),
                intent=draw(PROSE),
                non_negotiable=draw(st.booleans()),
                flex_min_s=lo,
                flex_max_s=hi,
                facilitator_notes=draw(PROSE),
                producer_cues=draw(PROSE),
                materials=draw(PROSE),
                contingency=draw(PROSE),
                cue=draw(NAME),
                marker=draw(st.booleans()),
                skipped=draw(st.booleans()),
                custom=tuple((n, draw(PROSE.filter(bool))) for n in names),
            )
        )
    after = draw(st.lists(st.sampled_from(segments), unique_by=lambda s: s.id, max_size=3))
    transitions = tuple(Transition(draw(UUIDS), s.id, draw(DURATION), draw(PROSE)) for s in after)
    return PlanDraft(
        name=draw(NAME),
        slot_s=draw(SLOT),
        start_s=draw(START),
        time_zone=draw(TIME_ZONES),
        notes=draw(PROSE),
        source=draw(NAME),
        sections=sections,
        segments=tuple(segments),
        transitions=transitions,
    )


def course_draft(name: str = "Order workflow rollout — module 2") -> PlanDraft:
    """A real course: twenty steps, two hours with a break, producer cues of three lines
    and more, a lead person on most steps and hand-off cues between some."""
    morning, practice = Section(new_id(), "Concepts"), Section(new_id(), "Practice")
    segments = []
    transitions = []
    rows = json.loads((Path(__file__).parent / "fixtures" / "course.json").read_text("utf-8"))
    for i, row in enumerate(rows):
        minutes, fixed = row["minutes"], row["non_negotiable"]
        segment = Segment(
            new_id(),
            row["title"],
            minutes * 60,
            (morning if i < 7 else practice).id,
            InteractionType(row["type"]),
            LeadRole(row["lead"]),
            lead_person=row["person"],
            intent=row["intent"],
            producer_cues=row["producer_cues"],
            non_negotiable=fixed,
            flex_min_s=None if fixed else minutes * 45,
            flex_max_s=None if fixed else minutes * 75,
        )
        segments.append(segment)
        if row["handoff_cue"]:
            transitions.append(Transition(new_id(), segment.id, 0, row["handoff_cue"]))
    return PlanDraft(
        name=name,
        slot_s=2 * 3600 + 20 * 60,
        start_s=9 * 3600,
        sections=(morning, practice),
        segments=tuple(segments),
        transitions=tuple(transitions),
    )
