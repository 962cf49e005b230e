"""Plans for tests: a small realistic one, and hypothesis strategies for arbitrary ones."""

from __future__ import annotations

from hypothesis import strategies as st

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
