"""Packs: hand a rehearsal and its review between workspaces, merged by id."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plans import small_draft
from reviewing import REVIEW_TABLES, dump, recorded, shown

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.errors import InvalidOperation, PackError
from rehearsal.exchange.packs import canonical, export_pack, import_pack
from rehearsal.model import DEBRIEF_QUESTIONS
from rehearsal.rehearsing.adjustments import adjustments


@pytest.fixture
def three(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace, Workspace]]:
    with ExitStack() as stack:
        yield tuple(  # type: ignore[misc]
            stack.enter_context(Workspace.open(tmp_path / f"{name}.rehearsal"))
            for name in ("lead", "producer-a", "producer-b")
        )


def test_a_rehearsal_pack_brings_the_plan_revision_and_every_mark(
    three: tuple[Workspace, Workspace, Workspace], tmp_path: Path
) -> None:
    lead, other, _ = three
    rehearsal, flags = recorded(lead)
    pack = export_pack(lead, rehearsal.id, tmp_path / "run.rehearsalpack")
    report = import_pack(other, pack)
    assert report.changed and report.plans_added == ["Module 1, revision 1"]
    assert other.plan(rehearsal.plan_id) == lead.plan(rehearsal.plan_id)  # same ids
    assert other.events(rehearsal.id) == lead.events(rehearsal.id)
    assert other.flags(rehearsal.id) == flags
    assert other.rehearsal_summary(rehearsal.id) == lead.rehearsal_summary(rehearsal.id)
    assert other.interrupted_rehearsals() == []  # a finished run is not offered for resume
    before = dump(other)
    again = import_pack(other, pack)
    assert not again.changed and "nothing new" in again.summary()
    assert dump(other) == before


def test_a_pack_carries_the_targets_adjusted_live(
    three: tuple[Workspace, Workspace, Workspace], tmp_path: Path
) -> None:
    lead, other, _ = three
    plan = lead.add_plan(small_draft())
    clock = FakeClock()
    run = lead.start_rehearsal(plan.id, clock=clock)
    run.next()
    clock.advance(400)
    run.next()
    run.adjust_target(run.steps[1].id, 180, "behind 2:40")
    clock.advance(180)
    run.finish()
    pack = export_pack(lead, run.rehearsal.id, tmp_path / "run.rehearsalpack")
    import_pack(other, pack)
    events = other.events(run.rehearsal.id)
    assert events == lead.events(run.rehearsal.id)
    assert adjustments(run.steps, events)[0].text() == (
        "target 4:00 → 3:00, accepted live at 0:06:40: behind 2:40"
    )


def test_a_running_rehearsal_is_not_handed_on(ws: Workspace, tmp_path: Path) -> None:
    rehearsal, _ = recorded(ws)
    run = ws.start_rehearsal(rehearsal.plan_id, clock=FakeClock())
    run.next()
    with pytest.raises(InvalidOperation, match="still being recorded"):
        export_pack(ws, run.rehearsal.id, tmp_path / "x.rehearsalpack")
    run.finish()


def test_three_machines_end_with_the_same_annotations(
    three: tuple[Workspace, Workspace, Workspace], tmp_path: Path
) -> None:
    lead, a, b = three
    rehearsal, (flag, high) = recorded(lead)
    rid = rehearsal.id
    full = export_pack(lead, rid, tmp_path / "lead.rehearsalpack")
    import_pack(a, full)
    import_pack(b, full)
    a.review.clock = FakeClock(wall=datetime(2026, 2, 1, 10, 0, tzinfo=UTC))
    b.review.clock = FakeClock(wall=datetime(2026, 2, 1, 11, 0, tzinfo=UTC))  # edits later
    a.review.annotate(rid, "Poll link was the old one", at_ns=flag.at_ns, author="Ana")
    a.review.edit_flag(flag.id, severity="high", note="A's note", author="Ana")
    b.review.edit_flag(flag.id, note="B's note", author="Ben")  # the same field: B is later
    b.review.answer(rid, "changes_next", "Send links the day before", answered_by="Ben")
    item = b.review.add_action_item(rid, "flag", high.id, owner_role="producer")
    lead.review.annotate(rid, "Facilitator ran long on purpose", segment_id=flag.segment_id)
    packs = {
        name: export_pack(ws, rid, tmp_path / f"{name}.rehearsalpack", scope="annotations")
        for name, ws in (("lead", lead), ("a", a), ("b", b))
    }
    for ws in (lead, a, b):
        for pack in packs.values():
            import_pack(ws, pack)
    views = [shown(ws, rid) for ws in (lead, a, b)]
    assert views[0] == views[1] == views[2]
    assert [dump(ws, REVIEW_TABLES) for ws in (a, b)] == [dump(lead, REVIEW_TABLES)] * 2
    merged = lead.review.flag(flag.id)
    assert merged.note == "B's note" and merged.severity.value == "high"  # last writer wins
    assert [e.value for e in lead.review.history("flag", flag.id, "note")] == [
        "A's note",
        "B's note",
    ]  # the losing value is kept
    (conflict,) = lead.review.conflicts(rid)
    assert conflict.field == "note" and [e.value for e in conflict.losers] == ["A's note"]
    assert len(views[0]["annotations"]) == 2 and views[0]["items"][0].id == item.id
    # The lead confirms; the confirmation travels and the conflict is gone everywhere.
    lead.review.confirm(conflict, author="Lee")
    settled = export_pack(lead, rid, tmp_path / "settled.rehearsalpack", scope="annotations")
    for ws in (a, b):
        import_pack(ws, settled)
        assert ws.review.conflicts(rid) == [] and ws.review.flag(flag.id).note == "B's note"


# -- merge properties ------------------------------------------------------------------------
fields = st.sampled_from(["note", "severity", "seconds_lost", "status"])
# What a person can type: any script, but never a NUL or half a character (refused).
typed = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
values = {
    "note": st.text(typed, max_size=12),
    "severity": st.sampled_from(["low", "medium", "high"]),
    "seconds_lost": st.none() | st.integers(0, 600),
    "status": st.sampled_from(["open", "accepted", "wont-fix"]),
}


@st.composite
def review_ops(draw: st.DrawFn) -> list[tuple[str, object, object, int]]:
    ops = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flag", "annotate", "answer", "item"]))
        minutes = draw(st.integers(0, 120))
        if kind == "flag":
            name = draw(fields)
            ops.append((kind, name, draw(values[name]), minutes))
        elif kind == "answer":
            key = draw(st.sampled_from([k for k, _ in DEBRIEF_QUESTIONS]))
            ops.append((kind, key, draw(st.text(typed, min_size=1, max_size=12)), minutes))
        else:
            ops.append(
                (kind, "", draw(st.text(typed, min_size=1, max_size=12).filter(str.strip)), minutes)
            )
    return ops


def apply_ops(
    ws: Workspace, rid: str, flag_id: str, ops: list[tuple[str, object, object, int]]
) -> None:
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    for kind, name, value, minutes in ops:
        ws.review.clock = FakeClock(wall=start + timedelta(minutes=minutes))
        if kind == "flag":
            ws.review.edit_flag(flag_id, **{str(name): value})
        elif kind == "annotate":
            ws.review.annotate(rid, str(value))
        elif kind == "answer":
            ws.review.answer(rid, str(name), str(value))
        else:
            ws.review.add_action_item(rid, "flag", flag_id, title=str(value))


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=review_ops(), second=review_ops())
def test_two_producers_packs_merge_the_same_in_either_order_and_twice(
    tmp_path_factory: pytest.TempPathFactory,
    first: list[tuple[str, object, object, int]],
    second: list[tuple[str, object, object, int]],
) -> None:
    folder = tmp_path_factory.mktemp("merge")
    with ExitStack() as stack:
        lead, a, b, x, y = (
            stack.enter_context(Workspace.open(folder / f"{n}.rehearsal"))
            for n in ("lead", "a", "b", "x", "y")
        )
        rehearsal, (flag, _) = recorded(lead)
        full = export_pack(lead, rehearsal.id, folder / "full.rehearsalpack")
        for ws in (a, b, x, y):
            import_pack(ws, full)
        apply_ops(a, rehearsal.id, flag.id, first)
        apply_ops(b, rehearsal.id, flag.id, second)
        pack_a = export_pack(a, rehearsal.id, folder / "a.rehearsalpack", scope="annotations")
        pack_b = export_pack(b, rehearsal.id, folder / "b.rehearsalpack", scope="annotations")
        import_pack(x, pack_a)
        import_pack(x, pack_b)
        import_pack(y, pack_b)
        import_pack(y, pack_a)
        assert dump(x) == dump(y)
        assert shown(x, rehearsal.id) == shown(y, rehearsal.id)
        before = dump(x)
        import_pack(x, pack_a)
        import_pack(x, pack_b)
        assert dump(x) == before  # a pack seen twice changes nothing
        for ws in (a, b):  # and everyone converges once they swap packs
            import_pack(ws, pack_a)
            import_pack(ws, pack_b)
            assert shown(ws, rehearsal.id) == shown(x, rehearsal.id)


# -- refusing bad packs ----------------------------------------------------------------------
def _document(path: Path) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _bad_packs(pack: Path) -> dict[str, bytes]:
    data = pack.read_bytes()
    doc = _document(pack)
    newer = dict(doc, version=2)
    tampered = json.loads(data)
    tampered["content"]["flags"][0]["note"] = "forged"
    forged = json.loads(data)  # a consistent checksum, but a value the schema refuses
    forged["content"]["events"][0]["at_ns"] = "soon"
    forged["sha256"] = hashlib.sha256(canonical(forged["content"])).hexdigest()
    huge = json.loads(data)  # a number no SQLite column holds
    huge["content"]["events"][0]["at_ns"] = 10**30
    huge["sha256"] = hashlib.sha256(canonical(huge["content"])).hexdigest()
    return {
        "truncated": data[: len(data) // 2],
        "tampered": json.dumps(tampered).encode(),
        "newer": json.dumps(newer).encode(),
        "csv": b"Title,Duration\nWelcome,5\n",
        "binary": bytes(range(256)) * 10,
        "other json": b'{"format": "something-else", "version": 1}',
        "empty": b"",
        "forged value": json.dumps(forged).encode(),
        "huge number": json.dumps(huge).encode(),
    }


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("truncated", "cut short"),
        ("tampered", "checksum"),
        ("newer", "newer version"),
        ("csv", "not a Rehearsal pack"),
        ("binary", "not a Rehearsal pack"),
        ("other json", "not a Rehearsal pack"),
        ("empty", "not a Rehearsal pack"),
        ("forged value", "at_ns"),
        ("huge number", "at_ns"),
    ],
)
def test_a_bad_pack_is_refused_with_a_reason_and_changes_nothing(
    three: tuple[Workspace, Workspace, Workspace], tmp_path: Path, kind: str, message: str
) -> None:
    lead, other, _ = three
    rehearsal, _ = recorded(lead)
    pack = export_pack(lead, rehearsal.id, tmp_path / "good.rehearsalpack")
    bad = tmp_path / f"{kind}.rehearsalpack"
    bad.write_bytes(_bad_packs(pack)[kind])
    before = dump(other)
    with pytest.raises(PackError, match=message) as caught:
        import_pack(other, bad)
    assert bad.name in str(caught.value)
    assert dump(other) == before


def test_review_notes_need_their_rehearsal(
    three: tuple[Workspace, Workspace, Workspace], tmp_path: Path
) -> None:
    lead, other, _ = three
    rehearsal, _ = recorded(lead)
    notes = export_pack(lead, rehearsal.id, tmp_path / "n.rehearsalpack", scope="annotations")
    assert _document(notes)["content"]["events"] == []  # type: ignore[index]
    with pytest.raises(PackError, match="full pack first"):
        import_pack(other, notes)
    assert other.rehearsals() == []


json_values = st.one_of(
    st.sampled_from(["[1]", '"x"', "{}", '[["a", 1]]', "not json", "[]", '{"a": [1]}', "null"]),
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_forged_pack_with_a_valid_checksum_is_merged_or_refused_never_crashes(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    folder = tmp_path_factory.mktemp("forged")
    with (
        Workspace.open(folder / "lead.rehearsal") as lead,
        Workspace.open(folder / "other.rehearsal") as other,
    ):
        rehearsal, (flag, _) = recorded(lead)
        lead.review.edit_flag(flag.id, note="edited")
        lead.review.annotate(rehearsal.id, "note")
        doc = json.loads(export_pack(lead, rehearsal.id, folder / "p.rehearsalpack").read_bytes())
        content = doc["content"]
        for _ in range(data.draw(st.integers(1, 3))):
            table = data.draw(st.sampled_from(sorted(t for t in content if content[t])))
            row = data.draw(st.sampled_from(content[table]))
            column = data.draw(st.sampled_from(sorted(row)))
            if data.draw(st.booleans()):
                row[column] = data.draw(json_values)
            else:
                del row[column]
        doc["sha256"] = hashlib.sha256(canonical(content)).hexdigest()
        forged = folder / "forged.rehearsalpack"
        forged.write_text(json.dumps(doc), encoding="utf-8")
        before = dump(other)
        try:
            import_pack(other, forged)
        except PackError:
            assert dump(other) == before  # refused: nothing changed
        else:
            assert other.rehearsals()  # merged: and it reads back
            other.rehearsal_summary(rehearsal.id)
            shown(other, rehearsal.id)
