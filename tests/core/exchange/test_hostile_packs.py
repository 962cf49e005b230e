"""Packs are untrusted input: attacked here as an adversary would, each with a checksum that
matches, so that only the checks of what the pack holds stand in the way. A pack that is
refused changes nothing and says why; one that is accepted leaves every command working."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import raw
from packs import Document, document, forged, reviewed, write
from reviewing import dump

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.errors import PackError
from rehearsal.exchange.packs import import_pack
from rehearsal.model import new_id


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace]]:
    with ExitStack() as stack:
        yield (
            stack.enter_context(Workspace.open(tmp_path / "lead.rehearsal")),
            stack.enter_context(Workspace.open(tmp_path / "other.rehearsal")),
        )


def insert_event(doc: Document, before: int, kind: str, data: dict[str, str]) -> None:
    """Put a mark before mark `before`, at its moment, numbering the later ones on."""
    events = doc["content"]["events"]
    at = events[before]
    for event in events[before:]:
        event["seq"] += 1
    events.insert(
        before,
        {**at, "id": new_id(), "seq": before, "kind": kind, "data": json.dumps(data)},
    )


def rows_of(doc: Document, table: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = doc["content"][table]
    return found


def renamed(doc: Document, old: str, new: str) -> Document:
    """`doc` with the id `old` changed to `new` wherever it appears (references too)."""
    changed: Document = json.loads(json.dumps(doc).replace(old, new))
    return changed


def on_all(doc: Document, column: str, value: object) -> None:
    """Set `column` of every row that has it (an id and all references to it)."""
    for table in doc["content"].values():
        for row in table:
            if column in row:
                row[column] = value


def path_like_rehearsal(doc: Document) -> None:
    doc["rehearsal_id"] = "../../../../tmp/escape"
    on_all(doc, "rehearsal_id", doc["rehearsal_id"])
    rows_of(doc, "rehearsals")[0]["id"] = doc["rehearsal_id"]


def segment(doc: Document, column: str, value: object) -> None:
    rows_of(doc, "segments")[0][column] = value


def first(table: str, column: str, value: object) -> Callable[[Document], None]:
    def change(doc: Document) -> None:
        rows_of(doc, table)[0][column] = value

    return change


def event_data(index: int, data: dict[str, str]) -> Callable[[Document], None]:
    def change(doc: Document) -> None:
        rows_of(doc, "events")[index]["data"] = json.dumps(data)

    return change


def swap_moments(doc: Document) -> None:
    events = rows_of(doc, "events")
    events[2]["at_ns"] = events[1]["at_ns"] - 10**9


def duplicate_flag(doc: Document) -> None:
    rows_of(doc, "flags").append(dict(rows_of(doc, "flags")[0]))


def edit_replacing_a_stranger(doc: Document) -> None:
    rows_of(doc, "edits")[0]["replaces"] = json.dumps([new_id()])


def flex_upside_down(doc: Document) -> None:
    segment(doc, "flex_min_s", 600)
    segment(doc, "flex_max_s", 60)


def extra_column(doc: Document) -> None:
    rows_of(doc, "flags")[0]["path"] = "/etc/passwd"


def edit_of(entity: str, column: str, value: object) -> Callable[[Document], None]:
    def change(doc: Document) -> None:
        next(r for r in rows_of(doc, "edits") if r["entity"] == entity)[column] = value

    return change


def item_of(kind: str, column: str, value: object) -> Callable[[Document], None]:
    def change(doc: Document) -> None:
        next(r for r in rows_of(doc, "evidence_items") if r["kind"] == kind)[column] = value

    return change


def drop_an_item(doc: Document) -> None:
    del rows_of(doc, "evidence_items")[3]


HOSTILE: dict[str, tuple[Callable[[Document], object], str]] = {
    "path-like rehearsal id": (path_like_rehearsal, "UUID"),
    "path-like date": (first("rehearsals", "created", "../../../x"), "created"),
    "gap of abc seconds": (
        lambda d: insert_event(d, 3, "gap", {"gap_s": "abc"}),
        "gap of 'abc'",
    ),
    "a moment of 2**62 ns": (first("events", "at_ns", 2**62), "at_ns"),
    "a negative duration": (lambda d: segment(d, "planned_s", -300), "planned_s"),
    "a duration of 10**12 s": (lambda d: segment(d, "planned_s", 10**12), "planned_s"),
    "a boolean for a number": (lambda d: segment(d, "planned_s", True), "planned_s"),
    "a float moment": (first("events", "at_ns", 1.5), "at_ns"),
    "a lone surrogate": (first("flags", "note", "\ud800 broken"), "note"),
    "a NUL in a title": (lambda d: segment(d, "title", "Wel\x00come"), "title"),
    "an unknown severity": (first("flags", "severity", "critical"), "severity"),
    "a path-like segment id": (lambda d: segment(d, "id", "../../seg"), "segments[0].id"),
    "a zone that is a path": (first("plans", "time_zone", "../../etc/passwd"), "time_zone"),
    "a slot of 11 days": (first("plans", "slot_s", 10**6), "slot_s"),
    "a flexible range upside down": (flex_upside_down, "flexible minimum"),
    "a flag on a segment of no plan": (first("flags", "segment_id", new_id()), "segment"),
    "a mark raising a missing flag": (
        lambda d: insert_event(d, 3, "flag", {"flag_id": new_id(), "category": "other"}),
        "flag the pack does not hold",
    ),
    "a mark with unknown data": (event_data(1, {"step": "0", "path": "/x"}), "records"),
    "a step beyond the plan": (event_data(1, {"step": "4000"}), "step"),
    "an adjustment without a target": (
        lambda d: insert_event(d, 3, "adjust", {"step": "2"}),
        "records",
    ),
    "an adjustment to a negative target": (
        lambda d: insert_event(d, 3, "adjust", {"step": "2", "target_s": "-60"}),
        "target of '-60'",
    ),
    "an adjustment of 10**12 s": (
        lambda d: insert_event(d, 3, "adjust", {"step": "2", "target_s": str(10**12)}),
        "whole seconds from 0 to",
    ),
    "an adjustment of a step beyond the plan": (
        lambda d: insert_event(d, 3, "adjust", {"step": "99", "target_s": "60"}),
        "names step '99'",
    ),
    "an adjustment with a reason no title holds": (
        lambda d: insert_event(
            d, 3, "adjust", {"step": "2", "target_s": "60", "reason": "r" * 5000}
        ),
        "reason of 5000 characters",
    ),
    "an adjustment after the run finished": (
        lambda d: rows_of(d, "events").append(
            {
                **rows_of(d, "events")[-1],
                "id": new_id(),
                "seq": len(rows_of(d, "events")),
                "kind": "adjust",
                "data": json.dumps({"step": "2", "target_s": "60"}),
            }
        ),
        "comes after the run",
    ),
    "marks out of time order": (swap_moments, "earlier than"),
    "a gap in the numbering": (first("events", "seq", 50), "numbered"),
    "a rehearsal still running": (first("rehearsals", "status", "running"), "running"),
    "a flag twice": (duplicate_flag, "twice"),
    "an edit of a field that cannot be edited": (first("edits", "field", "rehearsal_id"), "edited"),
    "an edit with a value of the wrong kind": (first("edits", "value", "12"), "value"),
    "an edit replacing an unknown edit": (edit_replacing_a_stranger, "replaces"),
    "an unknown column": (extra_column, "unknown"),
    "an intent no spreadsheet cell holds": (
        lambda d: segment(d, "intent", "i" * 40_000),
        "out of bounds: segment 1, intent",
    ),
    "an item of a file the pack lacks": (
        first("evidence_items", "file_id", new_id()),
        "belongs to a file the pack and this workspace lack",
    ),
    "a file whose id its bytes do not give": (
        first("evidence_files", "sha256", "0" * 64),
        "the id its rehearsal and SHA-256 give",
    ),
    "a file's digest that is no digest": (
        first("evidence_files", "sha256", "../../etc/passwd"),
        "SHA-256",
    ),
    "a file without one of its items": (drop_an_item, "every item of a file it brings"),
    "an item at a place its file does not have": (
        first("evidence_items", "position", 5000),
        "at place 5000",
    ),
    "an item with another item's id": (
        lambda d: rows_of(d, "evidence_items")[1].update(id=rows_of(d, "evidence_items")[2]["id"]),
        "twice",
    ),
    "a recording moment a century long": (item_of("speech", "end_ms", 4 * 10**12), "end_ms"),
    "a message that lasts": (item_of("message", "end_ms", 80_000_000), "a moment"),
    "an answer in a transcript": (item_of("speech", "kind", "answer"), "kind"),
    "an unknown kind of file": (first("evidence_files", "kind", "video"), "kind"),
    "an offset past a month": (edit_of("evidence", "value", json.dumps(10**12)), "offset_ms"),
    "an offset that is text": (edit_of("evidence", "value", '"-30"'), "offset_ms"),
    "a role no speaker has": (edit_of("speaker", "value", '"sponsor"'), "role"),
    "a role of a speaker the evidence lacks": (
        edit_of("speaker", "entity_id", new_id()),
        "speaker the pack and this workspace lack",
    ),
    "an edit of a file the pack lacks": (
        edit_of("evidence", "entity_id", new_id()),
        "evidence the pack and this workspace lack",
    ),
    "a lone surrogate in a message": (item_of("message", "text", "\ud800"), "text"),
    "an unknown proposal": (first("evidence_files", "proposal", "guessed"), "proposal"),
    "more custom columns than a sheet has": (
        lambda d: segment(d, "custom", json.dumps([[f"c{n}", "x"] for n in range(151)])),
        "custom columns",
    ),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_pack_is_refused_with_the_reason_and_changes_nothing(
    pair: tuple[Workspace, Workspace], tmp_path: Path, kind: str
) -> None:
    lead, other = pair
    change, reason = HOSTILE[kind]
    doc = document(lead, reviewed(lead))
    pack = write(tmp_path, "forged.rehearsalpack", forged(doc, change))
    before = dump(other)
    with pytest.raises(PackError) as refused:
        import_pack(other, pack)
    assert reason in str(refused.value)
    assert "forged.rehearsalpack" in str(refused.value)
    assert dump(other) == before
    import_pack(other, write(tmp_path, "good.rehearsalpack", forged(doc)))  # the real one fits


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (b"9" * 5000, "thousands of digits"),
        (b"NaN", "NaN"),
        (b"Infinity", "NaN"),
        (b"[" * 100_000 + b"]" * 100_000, "nested"),
    ],
)
def test_numbers_no_pack_holds_are_refused_before_anything_is_read(
    pair: tuple[Workspace, Workspace], tmp_path: Path, text: bytes, reason: str
) -> None:
    lead, other = pair
    doc = document(lead, reviewed(lead))
    marker = 987654321987
    rows_of(doc, "events")[0]["at_ns"] = marker
    data = forged(doc).replace(str(marker).encode(), text)
    with pytest.raises(PackError, match=reason):
        import_pack(other, write(tmp_path, "big.rehearsalpack", data))
    assert other.rehearsals() == []


# -- ids that are taken here ---------------------------------------------------------------------
def _ids(ws: Workspace, table: str) -> list[str]:
    return [r["id"] for r in raw.rows(ws, f"SELECT id FROM {table} ORDER BY rowid")]


@pytest.mark.parametrize(
    ("table", "noun"), [("events", "mark"), ("flags", "flag"), ("annotations", "note")]
)
def test_an_id_of_another_rehearsal_here_is_refused_not_dropped(
    pair: tuple[Workspace, Workspace], tmp_path: Path, table: str, noun: str
) -> None:
    lead, other = pair
    doc = document(lead, reviewed(lead))
    reviewed(other)  # a rehearsal of its own, with its own marks, flags and notes
    taken = _ids(other, table)[0]
    doc = renamed(doc, rows_of(doc, table)[0]["id"], taken)
    before = dump(other)
    with pytest.raises(PackError, match=f"{noun} {taken} belongs to another rehearsal here"):
        import_pack(other, write(tmp_path, "p.rehearsalpack", forged(doc)))
    assert dump(other) == before


def test_a_changed_copy_of_a_row_here_is_refused(
    pair: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    lead, other = pair
    doc = document(lead, reviewed(lead))
    import_pack(other, write(tmp_path, "p.rehearsalpack", forged(doc)))
    before = dump(other)
    changed = forged(doc, first("flags", "note", "rewritten after the fact"))
    with pytest.raises(PackError, match=r"flag .* differs from the one here \(note\)"):
        import_pack(other, write(tmp_path, "changed.rehearsalpack", changed))
    assert dump(other) == before
    assert not import_pack(other, write(tmp_path, "again.rehearsalpack", forged(doc))).changed


def test_a_plan_of_another_program_here_is_refused(
    pair: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    lead, other = pair
    doc = document(lead, reviewed(lead))
    reviewed(other)
    mine = raw.rows(other, "SELECT id FROM plans")[0]["id"]
    doc = renamed(doc, rows_of(doc, "plans")[0]["id"], mine)
    before = dump(other)
    with pytest.raises(PackError, match="belongs to another program here"):
        import_pack(other, write(tmp_path, "p.rehearsalpack", forged(doc)))
    assert dump(other) == before


def test_review_notes_alone_never_change_how_a_run_ended(
    pair: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    lead, other = pair
    rid = reviewed(lead)
    clock = FakeClock()
    abandoned = lead.start_rehearsal(lead.rehearsals()[0].plan_id, clock=clock)
    abandoned.next()
    clock.advance(60)
    abandoned.abandon()
    import_pack(
        other, write(tmp_path, "a.rehearsalpack", forged(document(lead, abandoned.rehearsal.id)))
    )
    notes = document(lead, abandoned.rehearsal.id, "annotations")
    rows_of(notes, "rehearsals")[0]["status"] = "finished"
    import_pack(other, write(tmp_path, "n.rehearsalpack", forged(notes)))
    assert other.rehearsal(abandoned.rehearsal.id).status.value == "abandoned"
    assert rid != abandoned.rehearsal.id


def test_a_pack_from_before_a_column_was_added_is_read_with_its_default(
    pair: tuple[Workspace, Workspace], tmp_path: Path
) -> None:
    """A colleague on an earlier version exports segments without `lead_person`."""
    lead, other = pair
    rid = reviewed(lead)
    doc = document(lead, rid)

    def earlier(d: Document) -> None:
        for row in rows_of(d, "segments"):
            del row["lead_person"]

    import_pack(other, write(tmp_path, "old.rehearsalpack", forged(doc, earlier)))
    plan = other.plan(other.rehearsal(rid).plan_id)
    assert [s.lead_person for s in plan.segments] == ["" for _ in plan.segments]
