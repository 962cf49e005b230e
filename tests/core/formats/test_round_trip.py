"""Every plan the app may hold exports, in every format, to a file that reads back as the
same plan, ids included (issue 13): the writers and the readers agree on the domain's bounds
(rehearsal/limits.py). Plans are generated within them, extremes included."""

from __future__ import annotations

import csv
import dataclasses
import tempfile
import uuid
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from plans import LONG_NAME, LONG_PROSE, bounded_drafts, small_draft

from rehearsal import Workspace
from rehearsal.formats import WRITE_FORMATS, read_plan, write_plan
from rehearsal.limits import MAX_DURATION_S, MAX_SLOT_S, MIN_SLOT_S
from rehearsal.model import PlanDraft, Segment, Transition
from rehearsal.plans import editor as ops
from rehearsal.plans.editor import PlanEditor


def _extremes() -> PlanDraft:
    """The edges at once: the shortest and longest slot are separate examples (see below)."""
    base = small_draft()
    longest = dataclasses.replace(
        base.segments[0],
        title=LONG_NAME,
        planned_s=MAX_DURATION_S,
        flex_min_s=0,
        flex_max_s=MAX_DURATION_S,
        facilitator_notes=LONG_PROSE,
        custom=(("=Room", '@B2, "east";\tside\n2nd line'), ("Room", "日本語 😀")),
    )
    zero = Segment("6f2c0f34-8ac5-4c07-93a5-1c3c1b4fb0a2", "-Standby", 0, marker=True)
    return dataclasses.replace(
        base,
        slot_s=MAX_SLOT_S,
        start_s=24 * 3600 - 1,
        notes=LONG_PROSE,
        segments=(longest, zero, *base.segments[1:]),
        transitions=(
            *base.transitions,
            Transition("0a1d6e43-3f0e-4c55-bf3f-d59e7e7f9a1e", zero.id, MAX_DURATION_S, "+go"),
        ),
    )


def _as_read(plan: PlanDraft, kind: str, file: str) -> PlanDraft:
    """What reading the file gives: hand-offs in the order of the segments they follow (a
    sheet has them on their segments' rows); a sheet names its source after the file when
    the plan names none."""
    order = [s.id for s in plan.segments]
    transitions = tuple(sorted(plan.transitions, key=lambda t: order.index(t.after_segment_id)))
    source = plan.source if kind == "json" else plan.source or file
    return dataclasses.replace(plan, transitions=transitions, source=source)


@pytest.mark.parametrize("kind", WRITE_FORMATS)
@settings(max_examples=25, deadline=None)
@given(plan=bounded_drafts())
@example(plan=_extremes())
@example(plan=dataclasses.replace(small_draft(), slot_s=MIN_SLOT_S, start_s=0))
def test_every_plan_exports_and_reads_back_the_same(kind: str, plan: PlanDraft) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, f"plan.{kind}")
        write_plan(plan, path)
        assert read_plan(path) == _as_read(plan, kind, path.name)


def test_custom_columns_keep_each_segments_order(tmp_path: Path) -> None:
    """Found by the import fuzzer: two segments ordering their custom columns differently
    read back with one of them reordered. A name gets a column more where needed."""
    one = Segment(str(uuid.uuid4()), "One", 60, custom=(("Room", "A"), ("Slides", "1-3")))
    two = Segment(str(uuid.uuid4()), "Two", 60, custom=(("Slides", "4"), ("Room", "B")))
    three = Segment(str(uuid.uuid4()), "Three", 60, custom=(("Room", "C"),))
    plan = PlanDraft(segments=(one, two, three), source="x")
    for kind in WRITE_FORMATS:
        write_plan(plan, tmp_path / f"p.{kind}")
        assert read_plan(tmp_path / f"p.{kind}") == plan, kind


def test_repeated_custom_keys_get_a_column_each(tmp_path: Path) -> None:
    segment = Segment(
        id=str(uuid.uuid4()), title="Intro", planned_s=60, custom=(("Room", "A"), ("Room", "B"))
    )
    plan = PlanDraft(segments=(segment,), source="x")
    for kind in WRITE_FORMATS:
        write_plan(plan, tmp_path / f"p.{kind}")
        assert read_plan(tmp_path / f"p.{kind}") == plan


def test_a_plan_edited_in_the_app_reads_back_the_same(ws: Workspace, tmp_path: Path) -> None:
    """Whatever the editor accepts, every format writes and reads back: text typed with
    Windows line breaks, a bell, spaces around; the longest durations; the widest slot."""
    from rehearsal.plans import editor as ops

    plan = ws.add_plan(small_draft())
    first, second = plan.segments[0].id, plan.segments[1].id
    edited = ops.update_segment(
        plan,
        first,
        title=" =Welcome\x07 ",
        facilitator_notes='Say hello,\r\n\t"then"; wait\r\n',
        planned_s=MAX_DURATION_S,
        flex_min_s=0,
        flex_max_s=MAX_DURATION_S,
    )
    edited = ops.set_transition(edited, second, allowance_s=MAX_DURATION_S, cue=" @producer ")
    edited = ops.update_plan(edited, slot_s=MAX_SLOT_S, notes="\r\nNotes\r\n")
    stored = ws.save_plan(edited)
    for kind in WRITE_FORMATS:
        path = tmp_path / f"edited.{kind}"
        ws.export_plan(stored.id, path)
        back = read_plan(path)
        assert (back.segments, back.sections, back.slot_s, back.notes) == (
            stored.segments,
            stored.sections,
            stored.slot_s,
            stored.notes,
        )
        assert sorted(back.transitions, key=str) == sorted(stored.transitions, key=str)


@pytest.mark.parametrize("kind", WRITE_FORMATS)
def test_edited_custom_values_and_lead_person_export_and_read_back(
    ws: Workspace, tmp_path: Path, kind: str
) -> None:
    """What the Design view edits — a custom column's value changed, one added, one cleared,
    a lead person — exports under the column's own header and reads back as edited."""
    draft = small_draft()
    first = dataclasses.replace(draft.segments[0], custom=(("Room", "B2"), ("Slide #", "3")))
    plan = ws.add_plan(dataclasses.replace(draft, segments=(first, *draft.segments[1:])))
    editor = PlanEditor(ws, plan.id)
    welcome, poll = plan.segments[0].id, plan.segments[1].id
    editor.apply("Room", lambda p: ops.set_custom(p, welcome, "Room", "C4"))
    editor.apply("Slide", lambda p: ops.set_custom(p, welcome, "Slide #", ""))
    editor.apply("Slide", lambda p: ops.set_custom(p, poll, "Slide #", "=7"))
    editor.apply("Person", lambda p: ops.update_segment(p, poll, lead_person="fx1"))
    path = ws.export_plan(plan.id, tmp_path / f"plan.{kind}")
    if kind == "csv":  # under the column's own header, beside the app's own
        rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
        header = next(row for row in rows if "Title" in row)
        assert {"Room", "Slide #", "Lead person"} <= set(header)
    back = ws.import_plan(path, program=ws.program(plan.program_id).name)
    assert back.revision == 2
    assert [(s.id, s.custom, s.lead_person) for s in back.segments] == [
        (welcome, (("Room", "C4"),), ""),
        (poll, (("Slide #", "=7"),), "fx1"),
        *((s.id, (), "") for s in plan.segments[2:]),
    ]
