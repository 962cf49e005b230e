"""Every operation that changes a workspace says what it changed, once it is stored: a
subscriber of `Workspace.changes` hears exactly that, and nothing when nothing changed."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import raw
from plans import small_draft
from reviewing import recorded

from rehearsal import Workspace
from rehearsal.analysis import observations, suggest
from rehearsal.analysis.retiming import apply_retiming
from rehearsal.changes import Changes
from rehearsal.clock import FakeClock
from rehearsal.exchange.actuals_import import import_actuals
from rehearsal.exchange.packs import export_pack, import_pack
from rehearsal.exchange.shared_folder import set_shared_folder, sync
from rehearsal.formats import write_plan
from rehearsal.model import FieldEdit
from rehearsal.storage.rows import edit_row, insert_statement

FIXTURES = Path(__file__).parents[1] / "fixtures" / "actuals"


class Heard:
    """What a subscriber heard since the last `take()`."""

    def __init__(self, ws: Workspace) -> None:
        self.messages: list[Changes] = []
        self.stop = ws.changes.subscribe(self.hear)

    def hear(self, changes: Changes) -> None:
        self.messages.append(changes)

    def take(self) -> list[Changes]:
        found, self.messages = self.messages, []
        return found


@pytest.fixture
def heard(ws: Workspace) -> Iterator[Heard]:
    listener = Heard(ws)
    yield listener
    listener.stop()


def plan_changes(plan_id: str, program_id: str) -> Changes:
    return Changes.of(programs=[program_id], plans=[plan_id])


# -- plans ----------------------------------------------------------------------------------------
def test_adding_importing_saving_and_deleting_plans(
    ws: Workspace, heard: Heard, tmp_path: Path
) -> None:
    plan = ws.add_plan(small_draft())
    assert heard.take() == [plan_changes(plan.id, plan.program_id)]

    path = tmp_path / "next.json"
    write_plan(plan, path, format="json", program_name="Module 1")
    second = ws.import_plan(path, program="Module 1")
    assert heard.take() == [plan_changes(second.id, plan.program_id)]

    renamed = dataclasses.replace(second, notes="tighter")
    saved = ws.save_plan(renamed)
    assert saved.id == second.id and heard.take() == [plan_changes(second.id, plan.program_id)]
    assert ws.save_plan(saved) == saved and heard.take() == []  # nothing to store

    third = ws.new_revision(saved)
    assert heard.take() == [plan_changes(third.id, plan.program_id)]
    assert ws.delete_plan(third.id) == plan_changes(third.id, plan.program_id)
    assert heard.take() == [plan_changes(third.id, plan.program_id)]


def test_editing_a_rehearsed_plan_publishes_the_new_revision(ws: Workspace, heard: Heard) -> None:
    rehearsal, _ = recorded(ws)
    plan = ws.plan(rehearsal.plan_id)
    heard.take()
    changed = ws.save_plan(dataclasses.replace(plan, notes="after the dry run"))
    assert changed.id != plan.id
    assert heard.take() == [plan_changes(changed.id, plan.program_id)]


# -- rehearsals -----------------------------------------------------------------------------------
def test_a_rehearsal_is_published_when_it_starts_and_ends_not_at_each_mark(
    ws: Workspace, heard: Heard
) -> None:
    plan = ws.add_plan(small_draft())
    heard.take()
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, clock=clock)
    started = Changes.of(rehearsals=[run.rehearsal.id])
    assert heard.take() == [started]
    run.next()
    clock.advance(30)
    run.flag("audio", note="echo")
    run.pause("tech")
    run.resume()
    run.note("slow start")
    run.next()
    run.undo()
    assert heard.take() == []  # marks: the live screen shows its own state
    run.finish()
    assert heard.take() == [started]


def test_resuming_and_abandoning_an_interrupted_rehearsal(ws: Workspace, heard: Heard) -> None:
    plan = ws.add_plan(small_draft())
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, clock=clock)
    run.next()
    heard.take()
    rid = Changes.of(rehearsals=[run.rehearsal.id])
    ws.resume_rehearsal(run.rehearsal.id, clock=clock)
    assert heard.take() == [rid]
    assert ws.abandon_rehearsal(run.rehearsal.id) == rid
    assert heard.take() == [rid]
    assert not ws.abandon_rehearsal(run.rehearsal.id)  # already closed: nothing happens
    assert heard.take() == []


def test_imported_actuals_are_one_new_rehearsal(ws: Workspace, heard: Heard) -> None:
    plan = ws.add_plan(small_draft())
    heard.take()
    report = import_actuals(ws, FIXTURES / "ontime_report.csv", plan.id, day=date(2026, 2, 3))
    assert heard.take() == [Changes.of(rehearsals=[report.rehearsal_id])]


# -- review ---------------------------------------------------------------------------------------
def test_every_review_edit_names_its_rehearsal(ws: Workspace, heard: Heard) -> None:
    rehearsal, flags = recorded(ws)
    plan = ws.plan(rehearsal.plan_id)
    review, rid = ws.review, rehearsal.id
    only = [Changes.of(review=[rid])]
    heard.take()
    review.edit_flag(flags[0].id, severity="high", author="Sam")
    assert heard.take() == only
    review.edit_flag(flags[0].id)  # no field given: nothing stored
    assert heard.take() == []
    note = review.annotate(rid, "Rooms opened late", author="Sam")
    assert heard.take() == only
    review.delete_annotation(note.id)
    assert heard.take() == only
    review.answer(rid, "changes_next", "Pre-assign rooms", answered_by="Maya")
    assert heard.take() == only
    item = review.add_action_item(rid, "flag", flags[1].id, owner_role="producer")
    assert heard.take() == only
    review.mark_fixed(item.id, plan.id)  # the item and its flag: one message
    assert heard.take() == only
    review.set_value(rid, "flag", flags[0].id, "note", "two")
    other = FieldEdit("x", rid, "flag", flags[0].id, "note", "three", "2999-01-01T00:00:00+00:00")
    raw.conn(ws).execute(*insert_statement("edits", edit_row(other)))
    heard.take()
    review.confirm(review.conflicts(rid)[0])
    assert heard.take() == only


# -- packs and the shared folder ------------------------------------------------------------------
def test_a_pack_publishes_what_it_brought_and_nothing_the_second_time(
    tmp_path: Path, ws: Workspace
) -> None:
    rehearsal, _ = recorded(ws)
    pack = export_pack(ws, rehearsal.id, tmp_path / "one.rehearsalpack")
    with Workspace.open(tmp_path / "other.rehearsal") as other:
        listener = Heard(other)
        report = import_pack(other, pack)
        plan = other.plan(rehearsal.plan_id)
        expected = Changes.of(
            programs=[plan.program_id],
            plans=[plan.id],
            rehearsals=[rehearsal.id],
            review=[rehearsal.id],
        )
        assert listener.take() == [expected] and report.changes == expected
        again = import_pack(other, pack)
        assert listener.take() == [] and not again.changes


def test_a_sync_publishes_its_merges_once(tmp_path: Path, ws: Workspace) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    first, _ = recorded(ws)
    second, _ = recorded(ws)
    set_shared_folder(ws, folder)
    sync(ws)
    with Workspace.open(tmp_path / "other.rehearsal") as other:
        listener = Heard(other)
        set_shared_folder(other, folder)
        assert listener.take() == [Changes(settings=True)]
        report = sync(other)
        heard = listener.take()
        assert len(heard) == 1 and heard[0] == report.changes
        assert heard[0].rehearsals == {first.id, second.id} == heard[0].review
        assert len(heard[0].plans) == 2
        sync(other)
        assert listener.take() == []  # nothing new


# -- analysis and settings ------------------------------------------------------------------------
def test_applying_a_retiming_publishes_the_new_revision(ws: Workspace, heard: Heard) -> None:
    rehearsal, _ = recorded(ws)
    plan = ws.plan(rehearsal.plan_id)
    retiming = suggest(observations(ws, plan.id), min_complete=1)  # one rehearsal is enough here
    heard.take()
    revised = apply_retiming(ws, plan.id, retiming)
    assert heard.take() == [plan_changes(revised.id, plan.program_id)]


def test_settings_are_published_when_they_change(ws: Workspace, heard: Heard) -> None:
    ws.set_meta("review_author", "Sam")
    assert heard.take() == [Changes(settings=True)]
    assert not ws.set_meta("review_author", "Sam")
    assert heard.take() == []
    assert ws.origin and heard.take() == []  # the workspace's id, made on first use
