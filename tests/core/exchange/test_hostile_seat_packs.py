"""Seat packs are untrusted input too: every field attacked with a checksum that matches, so
only the checks at the door stand in the way. A refused pack changes nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plans import small_draft

from rehearsal.clock import FakeClock
from rehearsal.errors import PackError
from rehearsal.exchange.pack_format import canonical
from rehearsal.exchange.seat_pack import import_seat_pack, parse_seat_pack, seat_pack_bytes
from rehearsal.workspace import Workspace

HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["\ud800", "a\x00b", "x" * 100_001, "../../etc/passwd", "", " "]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    with Workspace.open(tmp_path_factory.mktemp("seat") / "w.rehearsal") as ws:
        plan = ws.add_plan(small_draft())
        clock = FakeClock()
        seat = ws.start_seat(plan.id, person="Sam", clock=clock)
        seat.flag("tool launch", note="poll link", severity="high")  # the first mark
        clock.advance(1)
        seat.note("Room 3 silent")
        clock.advance(1)
        seat.next_step()
        seat.finish()
        document: dict[str, Any] = json.loads(seat_pack_bytes(ws, seat.id))
    return document


def sealed(document: dict[str, Any]) -> bytes:
    document["sha256"] = hashlib.sha256(canonical(document["content"])).hexdigest()
    return json.dumps(document, ensure_ascii=False).encode("utf-8", "surrogatepass")


def refused_and_unchanged(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "hostile.rehearsalseat"
    path.write_bytes(data)
    with Workspace.open(tmp_path / "lead.rehearsal") as ws:
        with pytest.raises(PackError):
            import_seat_pack(ws, path)
        assert ws.seats.seats() == []


def copy(document: dict[str, Any]) -> dict[str, Any]:
    copied: dict[str, Any] = json.loads(json.dumps(document))
    return copied


def test_the_valid_pack_is_read(valid: dict[str, Any]) -> None:
    pack = parse_seat_pack(sealed(copy(valid)))
    assert len(pack.marks) == 3 and pack.seat["person"] == "Sam"


@pytest.mark.parametrize(
    ("where", "column", "value"),
    [
        ("seat", "id", "../../x"),
        ("seat", "plan_id", "not-a-uuid"),
        ("seat", "role", "admin"),
        ("seat", "person", "\ud800"),
        ("seat", "started", "yesterday"),
        ("seat", "started", "2026-03-02T09:00:00"),  # no offset: whose clock?
        ("seat", "finished", 12),
        ("mark", "seat_id", "00000000-0000-4000-8000-000000000000"),
        ("mark", "kind", "delete"),
        ("mark", "wall_ms", -1),
        ("mark", "wall_ms", 10**20),
        ("mark", "wall_ms", 1.5),
        ("mark", "wall_ms", True),
        ("mark", "step", 10**9),
        ("mark", "category", ""),
        ("mark", "severity", "urgent"),
        ("mark", "text", "x" * 100_001),
    ],
)
def test_a_field_out_of_bounds_is_refused(
    tmp_path: Path, valid: dict[str, Any], where: str, column: str, value: Any
) -> None:
    document = copy(valid)
    row = (
        document["content"]["seats"][0] if where == "seat" else document["content"]["seat_marks"][0]
    )
    row[column] = value
    refused_and_unchanged(tmp_path, sealed(document))


def test_structure_attacks_are_refused(tmp_path: Path, valid: dict[str, Any]) -> None:
    attacks: list[dict[str, Any]] = []
    two = copy(valid)
    two["content"]["seats"].append(two["content"]["seats"][0])
    attacks.append(two)
    extra = copy(valid)
    extra["content"]["seat_marks"][0]["sql"] = "DROP TABLE flags"
    attacks.append(extra)
    twice = copy(valid)
    twice["content"]["seat_marks"].append(twice["content"]["seat_marks"][0])
    attacks.append(twice)
    other_table = copy(valid)
    other_table["content"]["flags"] = []
    attacks.append(other_table)
    newer = copy(valid)
    newer["version"] = 2
    attacks.append(newer)
    for attack in attacks:
        refused_and_unchanged(tmp_path, sealed(attack))
    tampered = copy(valid)
    tampered["content"]["seat_marks"][0]["text"] = "changed"
    refused_and_unchanged(tmp_path, json.dumps(tampered).encode())  # checksum of the old


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    table=st.sampled_from(["seats", "seat_marks"]),
    column=st.sampled_from(
        [
            "id",
            "plan_id",
            "role",
            "person",
            "started",
            "finished",
            "origin",
            "plan_label",
            "seat_id",
            "kind",
            "wall_ms",
            "step",
            "category",
            "severity",
            "text",
        ]
    ),
    value=HOSTILE,
)
def test_any_value_anywhere_is_refused_or_harmless(
    tmp_path: Path, valid: dict[str, Any], table: str, column: str, value: Any
) -> None:
    document = copy(valid)
    row = document["content"][table][0]
    if column not in row:
        return
    row[column] = value
    try:
        pack = parse_seat_pack(sealed(document))
    except PackError:
        return
    # accepted: then it imports and every view of it works
    path = tmp_path / f"{abs(hash(repr(value)))}.rehearsalseat"
    path.write_bytes(sealed(document))
    with Workspace.open(tmp_path / f"{path.stem}.rehearsal") as ws:
        import_seat_pack(ws, path)
        assert [s.seat.id for s in ws.seats.statuses()] == [pack.seat["id"]]
