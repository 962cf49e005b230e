"""Review after the fact: flags edited, annotations, the debrief, action items, conflicts."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import raw
from reviewing import dump, recorded

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.errors import InvalidOperation, NotFound
from rehearsal.model import ActionSource, FieldEdit, FlagStatus, Severity
from rehearsal.reviewing.fields import resolve
from rehearsal.storage.rows import edit_row, insert_statement
from rehearsal.storage.schema import MIGRATIONS


def test_a_flag_edit_changes_what_is_shown_and_keeps_the_history(ws: Workspace) -> None:
    rehearsal, (flag, _) = recorded(ws)
    edited = ws.review.edit_flag(
        flag.id, severity="high", seconds_lost=40, note="link expired", author="Sam"
    )
    assert (edited.severity, edited.seconds_lost, edited.note) == (
        Severity.HIGH,
        40,
        "link expired",
    )
    assert ws.flags(rehearsal.id)[0] == edited  # the workspace reads flags as edited
    ws.review.edit_flag(flag.id, note="link expired again")
    notes = [e.value for e in ws.review.history("flag", flag.id, "note")]
    assert notes == ["link expired", "link expired again"]
    row = raw.rows(ws, "SELECT note FROM flags WHERE id = ?", (flag.id,))[0]
    assert row["note"] == "poll link dead"  # what was recorded live is never overwritten


@pytest.mark.parametrize(
    "change",
    [
        {"severity": "urgent"},
        {"seconds_lost": -5},
        {"seconds_lost": "lots"},
        {"status": "done"},
        {"category": "  "},
        {"at_ns": 3},
    ],
)
def test_a_bad_flag_edit_is_refused_and_changes_nothing(
    ws: Workspace, change: dict[str, object]
) -> None:
    _, (flag, _) = recorded(ws)
    before = dump(ws)
    with pytest.raises(InvalidOperation):
        ws.review.edit_flag(flag.id, **change)
    assert dump(ws) == before


def test_annotations_at_a_moment_on_a_segment_and_on_a_transition(ws: Workspace) -> None:
    rehearsal, (flag, _) = recorded(ws)
    plan = ws.plan(rehearsal.plan_id)
    at = ws.review.annotate(rehearsal.id, "Audio dropped", at_ns=flag.at_ns, author="Sam")
    on_segment = ws.review.annotate(rehearsal.id, "Too long", segment_id=plan.segments[2].id)
    hand_off = plan.transitions[0]
    on_transition = ws.review.annotate(
        rehearsal.id,
        "Rooms opened late",
        segment_id=hand_off.after_segment_id,
        transition_id=hand_off.id,
    )
    assert [a.id for a in ws.review.annotations(rehearsal.id)] == [
        at.id,
        on_segment.id,
        on_transition.id,
    ]
    ws.review.edit_annotation(at.id, text="Audio dropped twice")
    ws.review.delete_annotation(on_segment.id)
    shown = {a.id: a for a in ws.review.annotations(rehearsal.id)}
    assert shown[at.id].text == "Audio dropped twice" and on_segment.id not in shown
    ws.review.restore_annotation(on_segment.id)
    assert len(ws.review.annotations(rehearsal.id)) == 3
    with pytest.raises(InvalidOperation):
        ws.review.annotate(rehearsal.id, "   ")
    with pytest.raises(NotFound):
        ws.review.annotate("no-such-rehearsal", "text")


def test_the_debrief_keeps_each_answer_and_who_gave_it(ws: Workspace) -> None:
    rehearsal, _ = recorded(ws)
    ws.review.answer(rehearsal.id, "slowed_learners", "Finding the poll", answered_by="Maya")
    ws.review.answer(rehearsal.id, "changes_next", "Pre-assign rooms", answered_by="Sam")
    ws.review.answer(rehearsal.id, "slowed_learners", "Finding the poll link", answered_by="Dee")
    debrief = ws.review.debrief(rehearsal.id)
    assert [(a.question, a.answer, a.answered_by) for a in debrief.answers] == [
        ("slowed_learners", "Finding the poll link", "Dee"),
        ("changes_next", "Pre-assign rooms", "Sam"),
    ]
    with pytest.raises(InvalidOperation, match="not a debrief question"):
        ws.review.answer(rehearsal.id, "mood", "fine")


def test_action_items_from_a_flag_and_an_answer_fixed_in_a_revision(ws: Workspace) -> None:
    rehearsal, (flag, _) = recorded(ws)
    plan = ws.plan(rehearsal.plan_id)
    ws.review.answer(rehearsal.id, "changes_next", "Shorten the welcome", answered_by="Maya")
    from_flag = ws.review.add_action_item(rehearsal.id, "flag", flag.id, owner_role="producer")
    from_answer = ws.review.add_action_item(
        rehearsal.id, ActionSource.DEBRIEF, "changes_next", owner_role="designer"
    )
    assert from_flag.segment_id == flag.segment_id and from_flag.title.startswith("tool launch")
    assert from_answer.title == "Shorten the welcome"
    open_items = ws.review.open_items_by_segment(plan.program_id)
    assert [i.id for i in open_items[flag.segment_id or ""]] == [from_flag.id]
    # The next revision keeps the segment ids, and the item is fixed there.
    edited = ws.save_plan(plan)  # a used plan: saving makes revision 2
    assert edited.revision == 2
    fixed = ws.review.mark_fixed(from_flag.id, edited.id, author="Dee")
    assert (fixed.status, fixed.fixed_in_plan) == (FlagStatus.FIXED, edited.id)
    flag_now = ws.review.flag(flag.id)
    assert (flag_now.status, flag_now.fixed_in_revision) == (FlagStatus.FIXED, 2)
    assert ws.review.open_items_by_segment(plan.program_id) == {}
    with pytest.raises(NotFound):
        ws.review.edit_action_item(from_answer.id, fixed_in_plan="no-such-plan")


def _edit(id_: str, value: object, at: str, replaces: tuple[str, ...] = ()) -> FieldEdit:
    return FieldEdit(id_, "r", "flag", "f", "note", value, at, origin=id_, replaces=replaces)


def test_the_latest_of_concurrent_edits_wins_and_the_conflict_is_listed() -> None:
    base = _edit("a", "first", "2026-01-01T10:00:00.000000+00:00")
    mine = _edit("b", "mine", "2026-01-01T10:05:00.000000+00:00", ("a",))
    theirs = _edit("c", "theirs", "2026-01-01T10:03:00.000000+00:00", ("a",))
    resolved = resolve([theirs, base, mine])[("flag", "f", "note")]
    assert resolved.winner is mine and resolved.conflicted
    assert {h.id for h in resolved.heads} == {"b", "c"}
    settled = _edit("d", "theirs", "2026-01-01T10:01:00.000000+00:00", ("b", "c"))
    after = resolve([base, mine, theirs, settled])[("flag", "f", "note")]
    assert after.winner is settled and not after.conflicted  # even with an earlier clock
    later = _edit("e", "later", "2026-01-01T11:00:00.000000+00:00", ("a",))
    assert resolve([base, later])[("flag", "f", "note")].winner is later


def test_confirming_a_conflict_keeps_or_changes_the_value(ws: Workspace, tmp_path: Path) -> None:
    rehearsal, (flag, _) = recorded(ws)
    rid = rehearsal.id
    first = ws.review.edit_flag(flag.id, note="one")  # replaces the (absent) base edit
    assert first.note == "one"
    # A second "machine": an edit of the same field that did not see ours.
    other = FieldEdit(
        "other-edit",
        rid,
        "flag",
        flag.id,
        "note",
        "two",
        "2999-01-01T00:00:00.000000+00:00",
        author="Sam",
        origin="elsewhere",
    )
    raw.conn(ws).execute(*insert_statement("edits", edit_row(other)))
    conflicts = ws.review.conflicts(rid)
    assert len(conflicts) == 1 and conflicts[0].winner.value == "two"
    assert [e.value for e in conflicts[0].losers] == ["one"]
    ws.review.confirm(conflicts[0], value="one")
    assert ws.review.conflicts(rid) == [] and ws.review.flag(flag.id).note == "one"


def test_a_schema_1_workspace_keeps_its_debrief_answers(tmp_path: Path) -> None:
    path = tmp_path / "old.rehearsal"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO programs VALUES ('p', 'Old', '2025-01-01', '')")
    conn.execute(
        "INSERT INTO plans (id, program_id, revision, created) VALUES ('pl', 'p', 1, '2025')"
    )
    conn.execute(
        "INSERT INTO rehearsals (id, plan_id, kind, status, created) "
        "VALUES ('r', 'pl', 'dry-run', 'finished', '2025-01-02')"
    )
    conn.execute(
        "INSERT INTO debriefs VALUES ('r', ?, 'Maya', '2025-01-02T10:00:00+00:00')",
        ('[["changes_next", "Shorter welcome"]]',),
    )
    conn.close()
    with Workspace.open(path) as ws:
        answer = ws.review.debrief("r").answer("changes_next")
        assert answer is not None
        assert (answer.answer, answer.answered_by) == ("Shorter welcome", "Maya")
    assert (tmp_path / "old.rehearsal.schema1.bak").exists()


def test_edit_times_are_utc_and_increase(ws: Workspace) -> None:
    _, (flag, _) = recorded(ws)
    ws.review.clock = FakeClock(wall=datetime(2026, 5, 1, 12, 0, tzinfo=UTC))
    for note in ("a", "b", "c"):
        ws.review.edit_flag(flag.id, note=note)
    times = [e.edited_at for e in ws.review.history("flag", flag.id, "note")]
    assert times == sorted(times) and len(set(times)) == 3
    assert all(t.endswith("+00:00") for t in times)
    assert ws.review.flag(flag.id).note == "c"


@pytest.mark.parametrize(
    ("do", "reason"),
    [
        (lambda ws, rid, fid: ws.review.annotate(rid, "a\x00b"), "without NUL"),
        (lambda ws, rid, fid: ws.review.edit_flag(fid, note="\ud800"), "broken characters"),
        (lambda ws, rid, fid: ws.review.edit_flag(fid, note="x" * 100_001), "100,000"),
        (lambda ws, rid, fid: ws.review.edit_flag(fid, category="c" * 1001), "1,000"),
        (lambda ws, rid, fid: ws.review.edit_flag(fid, seconds_lost=10**9), "at most"),
        (lambda ws, rid, fid: ws.review.annotate(rid, "x", segment_id="../x"), "UUID"),
        (lambda ws, rid, fid: ws.review.answer(rid, "slowed_learners", "\x00"), "NUL"),
    ],
)
def test_what_no_pack_could_carry_is_refused_when_it_is_typed(
    ws: Workspace, do: Any, reason: str
) -> None:
    """The review store holds what people type to the bounds a pack is held to, so that
    everything recorded here can be handed on."""
    rehearsal, (flag, _) = recorded(ws)
    before = dump(ws)
    with pytest.raises(InvalidOperation, match=reason):
        do(ws, rehearsal.id, flag.id)
    assert dump(ws) == before


def test_an_action_item_from_a_long_note_gets_a_title_cut_to_size(ws: Workspace) -> None:
    rehearsal, (flag, _) = recorded(ws)
    ws.review.edit_flag(flag.id, note="n" * 5000)
    item = ws.review.add_action_item(rehearsal.id, "flag", flag.id)
    assert len(item.title) == 1000 and item.title.endswith("…")
