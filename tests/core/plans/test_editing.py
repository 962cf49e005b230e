from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from plans import small_draft

from rehearsal import InvalidOperation, Workspace
from rehearsal.formats.plan_limits import plan_problems
from rehearsal.limits import MAX_CUSTOM_COLUMNS
from rehearsal.model import Plan
from rehearsal.plans import editor as ops
from rehearsal.plans.editor import PlanEditor


def content(plan: Plan) -> tuple[object, ...]:
    return (plan.sections, plan.segments, plan.transitions, plan.slot_s, plan.start_s, plan.notes)


def test_operations(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    welcome, poll, breakout, close = (s.id for s in plan.segments)
    opening, practice = (s.id for s in plan.sections)

    added = ops.add_segment(plan, poll, title="Icebreaker", planned_s=120)
    assert [s.title for s in added.segments][:3] == ["Welcome", "Poll", "Icebreaker"]
    assert added.segments[2].section_id == opening

    copied = ops.duplicate_segments(plan, [welcome, poll])
    assert [s.title for s in copied.segments][:4] == [
        "Welcome",
        "Poll",
        "Welcome (copy)",
        "Poll (copy)",
    ]
    assert len({s.id for s in copied.segments}) == 6

    deleted = ops.delete_segments(plan, [poll])
    assert poll not in {s.id for s in deleted.segments} and deleted.transitions == ()

    moved = ops.move_segments(plan, [close], welcome, opening)
    assert [s.id for s in moved.segments] == [close, welcome, poll, breakout]
    assert moved.segments[0].section_id == opening

    up = ops.shift_segments(plan, [breakout], -1)
    assert [s.id for s in up.segments] == [welcome, breakout, poll, close]
    assert ops.shift_segments(plan, [welcome], -1) == plan

    regrouped = ops.move_to_section(plan, [welcome], practice)
    assert regrouped.segments[0].section_id == practice

    without = ops.delete_section(plan, opening)
    assert [s.id for s in without.sections] == [practice]
    assert without.segments[0].section_id is None

    handoff = ops.set_transition(plan, welcome, allowance_s=60, cue="Share screen")
    assert handoff.transition_after(welcome) is not None
    cleared = ops.set_transition(handoff, welcome, allowance_s=0, cue=" ")
    assert cleared.transition_after(welcome) is None

    retimed = ops.update_segment(plan, poll, planned_s=90, intent="Surface practice")
    assert retimed.segment(poll).planned_s == 90


@pytest.mark.parametrize(
    "change",
    [
        lambda p: ops.update_segment(p, p.segments[0].id, title="  "),
        lambda p: ops.update_segment(p, p.segments[0].id, planned_s=-1),
        lambda p: ops.update_segment(p, p.segments[0].id, flex_min_s=600, flex_max_s=60),
        lambda p: ops.update_segment(p, p.segments[0].id, colour="red"),
        lambda p: ops.update_segment(p, "nope", title="x"),
        lambda p: ops.move_to_section(p, [p.segments[0].id], "nope"),
        lambda p: ops.update_plan(p, slot_s=0),
        lambda p: ops.set_transition(p, p.segments[0].id, allowance_s=-5, cue=""),
        # the domain's bounds (rehearsal/limits.py): what no reader would read back
        lambda p: ops.update_segment(p, p.segments[0].id, planned_s=8 * 24 * 3600),
        lambda p: ops.update_segment(p, p.segments[0].id, flex_max_s=2**63),
        lambda p: ops.update_segment(p, p.segments[0].id, planned_s=None),
        lambda p: ops.update_segment(p, p.segments[0].id, title="t" * 1001),
        lambda p: ops.update_segment(p, p.segments[0].id, intent="i" * 32_768),
        lambda p: ops.update_segment(p, p.segments[0].id, cue="a\x00b"),
        lambda p: ops.update_segment(p, p.segments[0].id, materials="\ud800"),
        lambda p: ops.add_segment(p, planned_s=8 * 24 * 3600),
        lambda p: ops.add_section(p, "s" * 1001),
        lambda p: ops.rename_section(p, p.sections[0].id, "s" * 1001),
        lambda p: ops.set_transition(p, p.segments[0].id, allowance_s=8 * 24 * 3600, cue=""),
        lambda p: ops.set_transition(p, p.segments[0].id, allowance_s=1, cue="c" * 32_768),
        lambda p: ops.update_plan(p, notes="n" * 32_768),
        lambda p: ops.update_segment(p, p.segments[0].id, lead_person="Ana" * 334),
        lambda p: ops.update_segment(p, p.segments[0].id, lead_person="A\x00na"),
        # custom columns, held as the readers hold them
        lambda p: ops.set_custom(p, p.segments[0].id, "Room", "r" * 32_768),
        lambda p: ops.set_custom(p, p.segments[0].id, "Room", "B\x00"),
        lambda p: ops.set_custom(p, p.segments[0].id, "Room", "\ud800"),
        lambda p: ops.set_custom(p, p.segments[0].id, " ", "B2"),
        lambda p: ops.set_custom(p, p.segments[0].id, "R" * 1001, "B2"),
        lambda p: ops.set_custom(p, "nope", "Room", "B2"),
    ],
)
def test_invalid_edits_are_refused(ws: Workspace, change: ops.PlanChange) -> None:
    plan = ws.add_plan(small_draft())
    with pytest.raises(InvalidOperation):
        change(plan)


def test_editor_undo_redo_in_place(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    editor = PlanEditor(ws, plan.id)
    assert not editor.will_create_revision
    first = plan.segments[0].id
    editor.apply("Rename", lambda p: ops.update_segment(p, first, title="Hello"))
    editor.apply("Retime", lambda p: ops.update_segment(p, first, planned_s=60))
    assert ws.plan(plan.id).segments[0].planned_s == 60
    assert editor.undo_label == "Retime"
    editor.undo()
    assert ws.plan(plan.id).segments[0].planned_s == 300
    editor.undo()
    assert content(ws.plan(plan.id)) == content(plan)
    assert not editor.can_undo and editor.redo_label == "Rename"
    editor.redo()
    editor.redo()
    stored = ws.plan(plan.id)
    assert (stored.segments[0].title, stored.segments[0].planned_s) == ("Hello", 60)
    assert len(ws.plans(plan.program_id)) == 1


def test_first_edit_of_a_used_plan_creates_the_next_revision(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    ws.start_rehearsal(plan.id)
    editor = PlanEditor(ws, plan.id)
    assert editor.will_create_revision
    first = plan.segments[0].id
    new = editor.apply("Retime", lambda p: ops.update_segment(p, first, planned_s=60))
    assert (new.revision, new.based_on) == (2, plan.id)
    assert not editor.will_create_revision
    again = editor.apply("Rename", lambda p: ops.update_segment(p, first, title="Hi"))
    assert again.id == new.id  # later edits change the new revision in place
    assert ws.plan(plan.id) == plan  # the used revision is untouched throughout
    editor.undo()
    editor.undo()  # undoing the first change removes the revision it created
    assert editor.plan == plan
    assert [p.revision for p in ws.plans(plan.program_id)] == [1]
    editor.redo()
    assert [p.revision for p in ws.plans(plan.program_id)] == [1, 2]
    assert editor.plan.segments[0].planned_s == 60


def test_unchanged_result_is_not_an_undo_step(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    editor = PlanEditor(ws, plan.id)
    editor.apply("Nothing", lambda p: ops.shift_segments(p, [p.segments[0].id], -1))
    assert not editor.can_undo


def test_a_used_revision_cannot_be_deleted(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    ws.start_rehearsal(plan.id)
    with pytest.raises(InvalidOperation, match="history"):
        ws.delete_plan(plan.id)


ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["add", "dup", "del", "up", "down", "retime", "handoff", "section"]),
        st.integers(0, 10),
    ),
    min_size=1,
    max_size=12,
)


def _change(action: str, n: int) -> ops.PlanChange:
    def change(p: Plan) -> Plan:
        if not p.segments:
            return ops.add_segment(p, None, title=f"S{n}")
        target = p.segments[n % len(p.segments)].id
        return {
            "add": lambda: ops.add_segment(p, target, title=f"S{n}"),
            "dup": lambda: ops.duplicate_segments(p, [target]),
            "del": lambda: ops.delete_segments(p, [target]),
            "up": lambda: ops.shift_segments(p, [target], -1),
            "down": lambda: ops.shift_segments(p, [target], 1),
            "retime": lambda: ops.update_segment(p, target, planned_s=n * 60),
            "handoff": lambda: ops.set_transition(p, target, allowance_s=n * 10, cue=""),
            "section": lambda: ops.move_to_section(p, [target], None),
        }[action]()

    return change


@settings(max_examples=30, deadline=None)
@given(actions=ACTIONS, used=st.booleans())
def test_undo_all_restores_and_redo_all_replays(
    tmp_path_factory: pytest.TempPathFactory, actions: list[tuple[str, int]], used: bool
) -> None:
    with Workspace.open(tmp_path_factory.mktemp("e") / "w.rehearsal") as ws:
        plan = ws.add_plan(small_draft())
        if used:
            ws.start_rehearsal(plan.id)
        editor = PlanEditor(ws, plan.id)
        for action, n in actions:
            editor.apply(action, _change(action, n))
        final = content(editor.plan)
        while editor.can_undo:
            editor.undo()
        assert content(editor.plan) == content(plan)
        assert content(ws.plan(editor.plan.id)) == content(plan)
        while editor.can_redo:
            editor.redo()
        assert content(ws.plan(editor.plan.id)) == final
        if used:  # the rehearsed revision never changed
            assert ws.plan(plan.id) == plan


def test_edited_text_is_kept_as_every_reader_reads_it(ws: Workspace) -> None:
    """Trimmed, "\n" line breaks, no invisible control character: what a sheet gives back."""
    plan = ws.add_plan(small_draft())
    first = plan.segments[0].id
    edited = ops.update_segment(plan, first, facilitator_notes="one\r\ntwo\x07\n\n", cue=" 3 ")
    assert (edited.segment(first).facilitator_notes, edited.segment(first).cue) == ("one\ntwo", "3")
    edited = ops.set_transition(edited, first, allowance_s=60, cue="\tgo\r")
    assert edited.transition_after(first).cue == "go"  # type: ignore[union-attr]
    assert ops.update_plan(edited, notes=" plan notes\r\n").notes == "plan notes"


def test_custom_values_are_set_added_and_removed_in_place(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    first = plan.segments[0].id
    seg = lambda p: p.segment(first)  # noqa: E731
    added = ops.set_custom(plan, first, "Room", " B2 ")
    assert seg(added).custom == (("Room", "B2"),)  # trimmed, as a sheet reads it back
    both = ops.set_custom(added, first, "Slide #", "14")
    assert seg(both).custom == (("Room", "B2"), ("Slide #", "14"))
    changed = ops.set_custom(both, first, "Room", "B3")
    assert seg(changed).custom == (("Room", "B3"), ("Slide #", "14"))  # in its place
    assert seg(changed).custom_value("Room") == "B3"
    cleared = ops.set_custom(changed, first, "Room", "")
    assert seg(cleared).custom == (("Slide #", "14"),)  # an empty cell is no pair
    assert ops.set_custom(cleared, first, "Room", "") == cleared
    assert [s.custom for s in cleared.segments[1:]] == [(), (), ()]


def test_a_repeated_custom_column_changes_its_first_value(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    first = plan.segments[0].id
    repeated = (("Notes", "a"), ("Room", "B2"), ("Notes", "b"))  # as a sheet may have it
    segments = (dataclasses.replace(plan.segments[0], custom=repeated), *plan.segments[1:])
    twice = dataclasses.replace(plan, segments=segments)
    edited = ops.set_custom(twice, first, "Notes", "A")
    assert edited.segment(first).custom == (("Notes", "A"), ("Room", "B2"), ("Notes", "b"))


def test_custom_columns_stay_within_what_a_sheet_holds(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    first, second = plan.segments[0].id, plan.segments[1].id
    for n in range(MAX_CUSTOM_COLUMNS):
        plan = ops.set_custom(plan, first, f"C{n}", "x")
    with pytest.raises(InvalidOperation, match="custom columns"):
        ops.set_custom(plan, first, "One more", "x")
    # Another segment naming two of them in the other order would need a column more.
    ordered = ops.set_custom(plan, second, "C1", "x")
    with pytest.raises(InvalidOperation, match="custom columns"):
        ops.set_custom(ordered, second, "C0", "x")
    assert list(plan_problems(ordered)) == []  # what was allowed, a reader would read


def test_lead_person_and_custom_edits_undo_and_make_the_next_revision(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    ws.start_rehearsal(plan.id)
    editor = PlanEditor(ws, plan.id)
    first = plan.segments[0].id
    new = editor.apply("Lead person", lambda p: ops.update_segment(p, first, lead_person="Ana"))
    assert (new.revision, new.segment(first).lead_person) == (2, "Ana")
    new = editor.apply("Room", lambda p: ops.set_custom(p, first, "Room", "B2"))
    assert ws.plan(new.id).segment(first).custom == (("Room", "B2"),)
    assert ws.plan(plan.id) == plan  # the rehearsed revision is kept as it was
    editor.undo()
    assert ws.plan(new.id).segment(first).custom == ()
    editor.undo()
    assert [p.revision for p in ws.plans(plan.program_id)] == [1]
    editor.redo()
    editor.redo()
    stored = ws.plan(editor.plan.id).segment(first)
    assert (stored.lead_person, stored.custom) == ("Ana", (("Room", "B2"),))
