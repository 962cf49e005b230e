from __future__ import annotations

import bisect
import dataclasses
import json

from hypothesis import given, settings
from hypothesis import strategies as st
from plans import drafts, small_draft

from rehearsal.model import InteractionType, Plan, PlanDraft, Section, Segment, Transition, new_id
from rehearsal.plans.revision_diff import (
    Change,
    FieldChange,
    Move,
    PlanChange,
    PlanField,
    Retime,
    SegmentField,
    TransitionChange,
    diff_json,
    diff_plans,
)


def as_plan(draft: PlanDraft, revision: int = 1) -> Plan:
    return Plan(
        id=new_id(),
        program_id="program",
        revision=revision,
        created="2026-01-05T09:00:00+00:00",
        slot_s=draft.slot_s,
        start_s=draft.start_s,
        sections=draft.sections,
        segments=draft.segments,
        transitions=draft.transitions,
    )


def revise(plan: Plan, **changes: object) -> Plan:
    """The next revision: a new plan id, the same segment ids."""
    return dataclasses.replace(
        plan,
        id=new_id(),
        revision=plan.revision + 1,
        based_on=plan.id,
        **changes,  # type: ignore[arg-type]
    )


def titles(segments: tuple[Segment, ...]) -> list[str]:
    return [s.title for s in segments]


def test_a_plan_against_itself_has_no_changes() -> None:
    plan = as_plan(small_draft())
    diff = diff_plans(plan, revise(plan))
    assert diff.empty
    assert [(r.old, r.new, r.changes) for r in diff.rows] == [
        (s, s, frozenset()) for s in plan.segments
    ]
    assert diff.aligned_rows(changed_only=True) == ()


def test_added_segment_is_not_a_move() -> None:
    plan = as_plan(small_draft())
    extra = Segment(new_id(), "Energiser", 120)
    segs = plan.segments
    new = revise(plan, segments=(segs[0], segs[1], extra, segs[2], segs[3]))
    diff = diff_plans(plan, new)
    assert diff.added == (extra,)
    assert diff.removed == () and diff.moved == () and diff.retimed == () and diff.edited == ()
    assert diff.plan == (PlanChange(PlanField.PLANNED, 1740, 1860),)
    assert diff.plan[0].delta_s == 120
    assert [r.changes for r in diff.rows] == [
        frozenset(),
        frozenset(),
        frozenset({Change.ADDED}),
        frozenset(),
        frozenset(),
    ]
    assert diff.rows[2].old is None and diff.rows[2].new == extra


def test_removed_segment_stays_where_it_was() -> None:
    plan = as_plan(small_draft())
    welcome, poll, breakout, close = plan.segments
    new = revise(plan, segments=(welcome, breakout, close), transitions=())
    diff = diff_plans(plan, new)
    assert diff.removed == (poll,) and diff.added == () and diff.moved == ()
    assert diff.transitions == ()  # the hand-off after the poll went with it
    assert [(r.old, r.new) for r in diff.rows] == [
        (welcome, welcome),
        (poll, None),
        (breakout, breakout),
        (close, close),
    ]
    assert diff.rows[1].changes == {Change.REMOVED}
    first_removed = diff_plans(plan, revise(plan, segments=(poll, breakout, close)))
    assert first_removed.rows[0].old == welcome and first_removed.rows[0].new is None


def test_a_pure_reorder_moves_only_what_changed_place() -> None:
    plan = as_plan(small_draft())
    welcome, poll, breakout, close = plan.segments
    diff = diff_plans(plan, revise(plan, segments=(poll, breakout, close, welcome)))
    assert diff.moved == (Move(welcome.id, "Welcome", 0, 3),)
    assert diff.added == diff.removed == () and diff.retimed == ()
    assert diff.plan == ()
    assert [r.changes for r in diff.rows] == [frozenset()] * 3 + [frozenset({Change.MOVED})]
    swap = diff_plans(plan, revise(plan, segments=(welcome, poll, close, breakout)))
    assert len(swap.moved) == 1


def test_moves_with_inserts_and_removals() -> None:
    plan = as_plan(small_draft())
    welcome, poll, breakout, close = plan.segments
    extra = Segment(new_id(), "Energiser", 120)
    new = revise(plan, segments=(extra, breakout, welcome, close))
    diff = diff_plans(plan, new)
    assert diff.added == (extra,) and diff.removed == (poll,)
    # welcome, breakout, close → breakout, welcome, close: one of the first two moved.
    assert len(diff.moved) == 1 and diff.moved[0].segment_id in {welcome.id, breakout.id}
    rows = [(r.old.title if r.old else None, r.new.title if r.new else None) for r in diff.rows]
    assert sorted(rows, key=str) == sorted(
        [
            (None, "Energiser"),
            ("Poll", None),
            ("Breakout", "Breakout"),
            ("Welcome", "Welcome"),
            ("Close", "Close"),
        ],
        key=str,
    )
    assert [t for _, t in rows if t] == titles(new.segments)


def test_retimed_segments_report_old_new_and_delta() -> None:
    plan = as_plan(small_draft())
    segs = list(plan.segments)
    segs[2] = dataclasses.replace(segs[2], planned_s=1200)
    segs[3] = dataclasses.replace(segs[3], planned_s=120)
    diff = diff_plans(plan, revise(plan, segments=tuple(segs)))
    assert diff.retimed == (
        Retime(segs[2].id, "Breakout", 900, 1200),
        Retime(segs[3].id, "Close", 180, 120),
    )
    assert [r.delta_s for r in diff.retimed] == [300, -60]
    assert diff.plan == (PlanChange(PlanField.PLANNED, 1740, 1980),)
    assert diff.rows[2].changes == {Change.RETIMED}


def test_changed_fields_are_reported_as_display_text() -> None:
    plan = as_plan(small_draft())
    welcome, poll, breakout, close = plan.segments
    opening, practice = plan.sections
    new_poll = dataclasses.replace(
        poll,
        title="Warm-up poll",
        intent="Surface current practice",
        producer_cues="Launch on cue",
        facilitator_notes="Read the results aloud",
        materials="Slide 4",
        contingency="Ask in chat",
        section_id=practice.id,
        interaction=InteractionType.ANNOTATION,
        non_negotiable=True,
        flex_min_s=180,
        flex_max_s=300,
    )
    new_close = dataclasses.replace(close, lead=breakout.lead, skipped=True, cue="9")
    diff = diff_plans(plan, revise(plan, segments=(welcome, new_poll, breakout, new_close)))
    [poll_edit, close_edit] = diff.edited
    assert poll_edit.segment_id == poll.id and poll_edit.title == "Warm-up poll"
    assert poll_edit.fields == (
        FieldChange(SegmentField.TITLE, "Poll", "Warm-up poll"),
        FieldChange(SegmentField.SECTION, "Opening", "Practice"),
        FieldChange(SegmentField.INTERACTION, "Poll", "Annotation / whiteboard"),
        FieldChange(SegmentField.INTENT, "", "Surface current practice"),
        FieldChange(SegmentField.NON_NEGOTIABLE, "no", "yes"),
        FieldChange(SegmentField.FLEX_RANGE, "", "3:00–5:00"),
        FieldChange(SegmentField.FACILITATOR_NOTES, "", "Read the results aloud"),
        FieldChange(SegmentField.PRODUCER_CUES, "", "Launch on cue"),
        FieldChange(SegmentField.MATERIALS, "", "Slide 4"),
        FieldChange(SegmentField.CONTINGENCY, "", "Ask in chat"),
    )
    assert close_edit.fields == (
        FieldChange(SegmentField.LEAD, "facilitator", "learners"),
        FieldChange(SegmentField.CUE, "", "9"),
        FieldChange(SegmentField.SKIPPED, "no", "yes"),
    )
    assert diff.rows[1].changes == {Change.EDITED} and diff.rows[1].fields == poll_edit.fields
    assert diff.plan == (PlanChange(PlanField.PLANNED, 1740, 1560),)  # Close is skipped now
    assert opening.title == "Opening"


def test_a_changed_lead_person_and_custom_values_are_named() -> None:
    plan = as_plan(small_draft())
    welcome, poll, breakout, close = plan.segments
    before = dataclasses.replace(poll, custom=(("Room", "B2"), ("Slide #", "4")))
    after = dataclasses.replace(
        poll, lead_person="Ana", custom=(("Room", "B3"), ("Slide #", "4"), ("Kit", "mic"))
    )
    old = revise(plan, segments=(welcome, before, breakout, close))
    diff = diff_plans(old, revise(old, segments=(welcome, after, breakout, close)))
    [edit] = diff.edited
    assert edit.fields == (
        FieldChange(SegmentField.LEAD_PERSON, "", "Ana"),
        FieldChange(SegmentField.CUSTOM, "B2", "B3", column="Room"),
        FieldChange(SegmentField.CUSTOM, "", "mic", column="Kit"),
    )
    assert [f.label for f in edit.fields] == ["lead person", "Room", "Kit"]
    assert diff_json(diff)["edited"][0]["fields"][1] == {
        "field": "custom",
        "old": "B2",
        "new": "B3",
        "column": "Room",
    }


def test_sections_compare_by_title_and_flex_by_seconds() -> None:
    plan = as_plan(small_draft())
    renamed = tuple(Section(new_id(), s.title) for s in plan.sections)
    remap = {old.id: new.id for old, new in zip(plan.sections, renamed, strict=True)}
    segments = tuple(
        dataclasses.replace(s, section_id=remap[s.section_id]) if s.section_id else s
        for s in plan.segments
    )
    assert diff_plans(plan, revise(plan, sections=renamed, segments=segments)).empty
    tight = dataclasses.replace(plan.segments[0], flex_min_s=200, flex_max_s=None)
    looser = dataclasses.replace(tight, flex_min_s=None, flex_max_s=400)
    a = revise(plan, segments=(tight, *plan.segments[1:]))
    b = revise(plan, segments=(looser, *plan.segments[1:]))
    [edit] = diff_plans(a, b).edited
    assert edit.fields == (FieldChange(SegmentField.FLEX_RANGE, "at least 3:20", "up to 6:40"),)


def test_transition_and_plan_level_changes() -> None:
    plan = as_plan(small_draft())
    welcome, poll, breakout, _ = plan.segments
    [rooms] = plan.transitions
    new = revise(
        plan,
        slot_s=3600,
        start_s=None,
        transitions=(
            dataclasses.replace(rooms, allowance_s=180),
            Transition(new_id(), welcome.id, 0, "Standby for poll"),
        ),
    )
    diff = diff_plans(plan, new)
    assert diff.transitions == (
        TransitionChange(welcome.id, "Welcome", 0, 0, "", "Standby for poll"),
        TransitionChange(poll.id, "Poll", 120, 180, "Open rooms", "Open rooms"),
    )
    assert diff.rows[0].changes == {Change.TRANSITION}
    assert diff.plan == (
        PlanChange(PlanField.SLOT, 1800, 3600),
        PlanChange(PlanField.START, 9 * 3600, None),
        PlanChange(PlanField.PLANNED, 1740, 1800),
    )
    assert diff.plan[1].delta_s is None
    gone = diff_plans(plan, revise(plan, transitions=()))
    assert gone.transitions == (TransitionChange(poll.id, "Poll", 120, 0, "Open rooms", ""),)
    assert breakout.id not in {t.after_segment_id for t in diff.transitions}


def test_diff_json_is_plain_and_ordered() -> None:
    plan = as_plan(small_draft())
    welcome, poll, breakout, close = plan.segments
    retimed = dataclasses.replace(breakout, planned_s=600)
    new = revise(plan, segments=(poll, welcome, retimed))
    data = diff_json(diff_plans(plan, new))
    assert list(data) == [
        "old",
        "new",
        "old_revision",
        "new_revision",
        "plan",
        "added",
        "removed",
        "moved",
        "retimed",
        "edited",
        "transitions",
    ]
    assert data["removed"] == [{"id": close.id, "title": "Close", "planned_s": 180}]
    assert data["moved"] == [{"id": welcome.id, "title": "Welcome", "from": 1, "to": 2}]
    assert data["retimed"][0]["delta_s"] == -300
    assert json.loads(json.dumps(data)) == data


# -- laws -------------------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(drafts())
def test_diff_with_itself_is_empty(draft: PlanDraft) -> None:
    plan = as_plan(draft)
    diff = diff_plans(plan, revise(plan))
    assert diff.empty
    assert all(not r.changes for r in diff.rows)
    assert [r.new for r in diff.rows] == list(plan.segments)


def _longest_increasing(values: list[int]) -> int:
    tails: list[int] = []
    for v in values:
        at = bisect.bisect_left(tails, v)
        tails[at : at + 1] = [v]
    return len(tails)


@settings(max_examples=80, deadline=None)
@given(drafts(), st.data())
def test_random_edits_come_back_as_exactly_those_changes(
    draft: PlanDraft, data: st.DataObject
) -> None:
    plan = as_plan(draft)
    segs = list(plan.segments)
    removed = set(data.draw(st.sets(st.sampled_from([s.id for s in segs]))))
    kept = [s for s in segs if s.id not in removed]
    retimed: dict[str, int] = {}
    reworded: set[str] = set()
    for n, s in enumerate(kept):
        if data.draw(st.booleans()):
            retimed[s.id] = s.planned_s + data.draw(st.integers(1, 600))
            kept[n] = dataclasses.replace(kept[n], planned_s=retimed[s.id])
        if data.draw(st.booleans()):
            reworded.add(s.id)
            kept[n] = dataclasses.replace(kept[n], intent=s.intent + " (revised)")
    shuffle = data.draw(st.booleans())
    if shuffle:
        kept = data.draw(st.permutations(kept))
    added: list[Segment] = []
    for _ in range(data.draw(st.integers(0, 3))):
        seg = Segment(new_id(), "New", data.draw(st.integers(0, 900)))
        kept.insert(data.draw(st.integers(0, len(kept))), seg)
        added.append(seg)
    new = revise(plan, segments=tuple(kept))
    diff = diff_plans(plan, new)

    assert {s.id for s in diff.added} == {s.id for s in added}
    assert {s.id for s in diff.removed} == removed
    assert {r.segment_id: r.new_s for r in diff.retimed} == retimed
    assert {e.segment_id for e in diff.edited} == reworded
    assert all(
        e.fields == (FieldChange(SegmentField.INTENT, e.fields[0].old, e.fields[0].new),)
        for e in diff.edited
    )
    # Moves are minimal: what stays is a longest common subsequence of the shared segments.
    old_pos = {s.id: n for n, s in enumerate(plan.segments)}
    shared = [old_pos[s.id] for s in kept if s.id in old_pos]
    assert len(diff.moved) == len(shared) - _longest_increasing(shared)
    if not shuffle:
        assert diff.moved == ()
    # Rows: every segment of both revisions once, the new ones in new order.
    assert sorted(r.segment_id for r in diff.rows) == sorted(
        {s.id for s in plan.segments} | {s.id for s in kept}
    )
    assert [r.new for r in diff.rows if r.new is not None] == kept
    if not diff.moved:
        assert [r.old for r in diff.rows if r.old is not None] == list(plan.segments)
