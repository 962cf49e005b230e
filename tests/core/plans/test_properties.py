"""The plan's own properties (slot, planned start and its time zone, notes) and the
program's name: checked, undoable, and a rehearsed plan is never changed."""

from __future__ import annotations

import pytest
from plans import small_draft

from rehearsal import InvalidOperation, Workspace
from rehearsal.changes import Changes
from rehearsal.model import Plan
from rehearsal.plans import editor as ops
from rehearsal.plans.editor import PlanEditor


def properties(plan: Plan) -> tuple[object, ...]:
    return (plan.slot_s, plan.start_s, plan.time_zone, plan.notes)


def test_setting_every_property() -> None:
    plan = Plan("p", "prog", 1, "2026-01-01")
    changed = ops.update_plan(
        plan, slot_s=5400, start_s=9 * 3600, time_zone="Europe/Berlin", notes="Pilot cut"
    )
    assert properties(changed) == (5400, 9 * 3600, "Europe/Berlin", "Pilot cut")
    cleared = ops.update_plan(changed, slot_s=None, start_s=None, time_zone="")
    assert properties(cleared) == (None, None, "", "Pilot cut")
    assert ops.update_plan(plan, slot_s=60).slot_s == 60  # a minute
    assert ops.update_plan(plan, slot_s=24 * 3600).slot_s == 24 * 3600  # a day


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"slot_s": 59}, "1 minute and 24 hours"),
        ({"slot_s": 24 * 3600 + 1}, "1 minute and 24 hours"),
        ({"slot_s": -60}, "1 minute and 24 hours"),
        ({"slot_s": True}, "1 minute and 24 hours"),
        ({"slot_s": "90"}, "1 minute and 24 hours"),
        ({"start_s": -1}, "time of day"),
        ({"start_s": 24 * 3600}, "time of day"),
        ({"start_s": 3600.5}, "time of day"),
        ({"time_zone": "Mars/Olympus_Mons"}, "not a time zone"),
        ({"time_zone": "europe/berlin"}, "not a time zone"),
        ({"time_zone": None}, "not a time zone"),
        ({"notes": 5}, "text"),
        ({"colour": "red"}, "Only the slot"),
    ],
)
def test_bad_properties_are_refused(changes: dict[str, object], says: str) -> None:
    with pytest.raises(InvalidOperation, match=says):
        ops.update_plan(Plan("p", "prog", 1, "2026-01-01"), **changes)


def test_program_names_are_trimmed_and_checked() -> None:
    assert ops.program_name("  Order   workflow\n rollout ") == "Order workflow rollout"
    with pytest.raises(InvalidOperation, match="needs a name"):
        ops.program_name(" \t\n")
    assert ops.program_name("x" * ops.MAX_PROGRAM_NAME) == "x" * ops.MAX_PROGRAM_NAME
    with pytest.raises(InvalidOperation, match="at most 200"):
        ops.program_name("x" * (ops.MAX_PROGRAM_NAME + 1))


def set_properties(**changes: object) -> ops.PlanChange:
    return lambda p: ops.update_plan(p, **changes)


def test_properties_change_in_place_with_undo_and_redo(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    heard: list[Changes] = []
    ws.changes.subscribe(heard.append)
    editor = PlanEditor(ws, plan.id)
    editor.apply("Plan properties", set_properties(slot_s=3600, time_zone="Asia/Kolkata"))
    assert properties(ws.plan(plan.id)) == (3600, plan.start_s, "Asia/Kolkata", plan.notes)
    assert heard and heard[-1].touches_plan(plan.id)
    editor.undo()
    assert ws.plan(plan.id) == plan
    editor.redo()
    assert properties(ws.plan(plan.id))[:3] == (3600, plan.start_s, "Asia/Kolkata")
    assert len(ws.plans(plan.program_id)) == 1


def test_a_rehearsed_plans_properties_go_into_the_next_revision(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    ws.start_rehearsal(plan.id)
    editor = PlanEditor(ws, plan.id)
    new = editor.apply("Plan properties", set_properties(slot_s=2700, time_zone="UTC"))
    assert (new.revision, new.based_on, new.slot_s, new.time_zone) == (2, plan.id, 2700, "UTC")
    assert ws.plan(plan.id) == plan  # the rehearsed revision is untouched
    editor.undo()  # the revision it created goes again
    assert editor.plan == plan
    assert [p.revision for p in ws.plans(plan.program_id)] == [1]
    editor.redo()
    assert [p.time_zone for p in ws.plans(plan.program_id)] == ["", "UTC"]


def test_renaming_the_program_is_undoable_and_makes_no_revision(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft("Module 1"))
    ws.start_rehearsal(plan.id)  # even a rehearsed plan: the name is the program's
    heard: list[Changes] = []
    ws.changes.subscribe(heard.append)
    editor = PlanEditor(ws, plan.id)
    assert editor.apply("Rename program", rename="  Module 1 — pilot ") == plan
    assert ws.program(plan.program_id).name == "Module 1 — pilot"
    assert heard[-1] == Changes.of(programs=[plan.program_id])
    assert [p.revision for p in ws.plans(plan.program_id)] == [1]
    assert editor.undo_label == "Rename program"
    editor.undo()
    assert ws.program(plan.program_id).name == "Module 1"
    editor.redo()
    assert ws.program(plan.program_id).name == "Module 1 — pilot"
    assert ws.plan(plan.id) == plan


def test_a_name_and_properties_together_are_one_step(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft("Module 1"))
    editor = PlanEditor(ws, plan.id)
    editor.apply("Plan properties", set_properties(notes="Shorter"), rename="Module 1b")
    assert (ws.program(plan.program_id).name, ws.plan(plan.id).notes) == ("Module 1b", "Shorter")
    editor.undo()
    assert not editor.can_undo
    assert (ws.program(plan.program_id).name, ws.plan(plan.id)) == ("Module 1", plan)


@pytest.mark.parametrize(
    ("change", "rename"),
    [
        (set_properties(slot_s=0), None),
        (set_properties(time_zone="Nowhere/Special"), "Fine name"),
        (set_properties(notes="fine"), "   "),
        (set_properties(notes="fine"), "y" * 300),
    ],
)
def test_a_refused_change_changes_nothing(
    ws: Workspace, change: ops.PlanChange, rename: str | None
) -> None:
    plan = ws.add_plan(small_draft("Module 1"))
    heard: list[Changes] = []
    ws.changes.subscribe(heard.append)
    editor = PlanEditor(ws, plan.id)
    with pytest.raises(InvalidOperation):
        editor.apply("Plan properties", change, rename=rename)
    assert ws.plan(plan.id) == plan and editor.plan == plan
    assert ws.program(plan.program_id).name == "Module 1"
    assert not editor.can_undo and heard == []


def test_the_same_values_are_not_an_undo_step(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft("Module 1"))
    editor = PlanEditor(ws, plan.id)
    same = set_properties(slot_s=plan.slot_s, start_s=plan.start_s, notes=plan.notes)
    editor.apply("Plan properties", same, rename=" Module 1 ")
    assert not editor.can_undo
