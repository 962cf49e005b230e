"""Seat packs: one seat (a second person's flags and notes, dated by their computer's wall
clock) in a file, handed to the lead like a rehearsal's pack.

The format (version 1) is UTF-8 JSON:

    {"format": "rehearsal-seat", "version": 1, "seat_id": "…", "origin": "…",
     "exported": "<ISO>", "app": "rehearsal 0.1.0",
     "content": {"seats": [ {one row} ], "seat_marks": [ … ]},
     "sha256": "<hex SHA-256 of `content` as canonical JSON>"}

The rows are those of the workspace's `seats` and `seat_marks` tables, column for column.
Importing one checks every field at the door (a file from anyone is untrusted), adds what
is new by id (twice changes nothing; any order gives the same workspace) and lands the
seat's flags and notes on the rehearsal of its revision whose time window holds them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from rehearsal import __version__
from rehearsal.changes import Changes
from rehearsal.clock import now_iso
from rehearsal.durations import count
from rehearsal.errors import PackError
from rehearsal.exchange.pack_format import canonical, read_pack_bytes
from rehearsal.files import write_atomic
from rehearsal.limits import (
    MAX_EVENTS,
    MAX_NAME_CHARS,
    MAX_STEPS,
    MAX_TEXT_CHARS,
    MAX_WALL_MS,
    is_text,
    is_uuid,
)
from rehearsal.model import Severity
from rehearsal.seat_model import SeatMarkKind, SeatRole
from rehearsal.storage import seats as stored_seats
from rehearsal.storage.seats import MARK_COLUMNS, SEAT_COLUMNS, mark_row, seat_row
from rehearsal.workspace import Workspace

FORMAT = "rehearsal-seat"
VERSION = 1
SEAT_SUFFIX = ".rehearsalseat"


@dataclass(frozen=True, slots=True)
class SeatPack:
    seat: dict[str, Any]
    marks: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class SeatMergeReport:
    file: str
    seat_id: str
    person: str
    added: int  # marks new here
    landed: int  # flags and notes of the seat on a rehearsal here, now
    waiting: int  # ... and still waiting for one
    changes: Changes

    def summary(self) -> str:
        who = f"{self.person}'s seat" if self.person else "A seat"
        if not self.added:
            return f"{self.file}: nothing new ({who})."
        text = f"{self.file}: {who}, {count(self.added, 'new mark')}"
        text += f"; {count(self.landed, 'flag or note', 'flags and notes')} on a rehearsal"
        if self.waiting:
            text += f", {self.waiting} waiting for a rehearsal they fall in (or attach it)"
        return text + "."


def is_seat_pack(data: bytes) -> bool:
    return f'"format": "{FORMAT}"'.encode() in data[:200] or f'"{FORMAT}"'.encode() in data[:200]


def seat_pack_bytes(ws: Workspace, seat_id: str) -> bytes:
    record = ws.seats.seat(seat_id)
    content = {
        "seats": [seat_row(record)],
        "seat_marks": [mark_row(m) for m in ws.seats.marks(record.id)],
    }
    document = {
        "format": FORMAT,
        "version": VERSION,
        "seat_id": record.id,
        "origin": ws.origin,
        "exported": now_iso(),
        "app": f"rehearsal {__version__}",
        "content": content,
        "sha256": hashlib.sha256(canonical(content)).hexdigest(),
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def seat_pack_name(ws: Workspace, seat_id: str) -> str:
    """`seat SEAT_ID @WORKSPACE_ID.rehearsalseat`: the name of a seat's pack in the shared
    folder, made of two UUIDs this workspace checked."""
    record = ws.seats.seat(seat_id)
    if not (is_uuid(record.id) and is_uuid(ws.origin)):
        raise PackError("the seat's id is not of the form this app makes", file=record.id[:40])
    return f"seat {record.id} @{ws.origin}{SEAT_SUFFIX}"


def export_seat_pack(ws: Workspace, seat_id: str, path: str | Path) -> Path:
    target = Path(path)
    write_atomic(target, seat_pack_bytes(ws, seat_id))
    return target


def import_seat_pack(ws: Workspace, path: str | Path) -> SeatMergeReport:
    source = Path(path)
    return merge_seat_pack(ws, parse_seat_pack(read_pack_bytes(source), source.name), source.name)


def merge_seat_pack(
    ws: Workspace, pack: SeatPack, name: str = "pack", *, publish: bool = True
) -> SeatMergeReport:
    """Add the seat's rows that are new here and land its flags and notes; publishes what
    changed (unless not to: a sync publishes all its merges at once)."""
    added = stored_seats.merge(ws.storage, pack.seat, pack.marks)
    changes = ws.seats.land(publish=publish)
    status = next(s for s in ws.seats.statuses() if s.seat.id == pack.seat["id"])
    return SeatMergeReport(
        name, status.seat.id, status.seat.person, added, status.landed, status.waiting, changes
    )


# -- the door ---------------------------------------------------------------------------------
def parse_seat_pack(data: bytes, name: str = "pack") -> SeatPack:
    """A seat pack's rows, every field checked; `PackError` names the first wrong one."""
    try:
        document = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PackError("not a seat pack (not JSON in UTF-8)", file=name) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise PackError("not a seat pack", file=name, expected=f'"format": "{FORMAT}"')
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PackError("the seat pack has no valid version number", file=name)
    if version > VERSION:
        raise PackError(
            f"the seat pack was written by a newer version of Rehearsal (version {version}, "
            f"this app reads up to {VERSION}); update Rehearsal to import it",
            file=name,
        )
    content = document.get("content")
    if not isinstance(content, dict) or set(content) != {"seats", "seat_marks"}:
        raise PackError("the seat pack has no content", file=name, expected="seats, seat_marks")
    if document.get("sha256") != hashlib.sha256(canonical(content)).hexdigest():
        raise PackError(
            "the seat pack's checksum does not match its content: it was changed or damaged "
            "after it was exported",
            file=name,
        )
    seats, marks = content["seats"], content["seat_marks"]
    if not isinstance(seats, list) or len(seats) != 1:
        raise PackError("a seat pack holds one seat", file=name, expected="one row in seats")
    if not isinstance(marks, list) or len(marks) > MAX_EVENTS:
        raise PackError("the seat's marks are not a list", file=name, expected=f"≤ {MAX_EVENTS}")
    seat = _row(seats[0], SEAT_COLUMNS, "seats", 1, name)
    _check_seat(seat, document.get("seat_id"), name)
    seen: set[str] = set()
    for i, row in enumerate(marks, start=1):
        mark = _row(row, MARK_COLUMNS, "seat_marks", i, name)
        _check_mark(mark, seat["id"], i, name)
        if mark["id"] in seen:
            raise PackError("a mark's id is used twice", file=name, row=i, column="id")
        seen.add(mark["id"])
    return SeatPack(seat, [dict(m) for m in marks])


def _row(row: Any, columns: tuple[str, ...], table: str, at: int, name: str) -> dict[str, Any]:
    if not isinstance(row, dict) or set(row) != set(columns):
        raise PackError(
            f"a row of {table} is not one of this app's",
            file=name,
            row=at,
            expected=", ".join(columns),
        )
    return row


def _check_seat(seat: dict[str, Any], named: Any, name: str) -> None:
    def wrong(column: str, expected: str) -> PackError:
        return PackError(
            "the seat is not valid", file=name, row=1, column=column, expected=expected
        )

    if not is_uuid(seat["id"]) or seat["id"] != named:
        raise wrong("id", "the seat's UUID, as the pack names it")
    if not is_uuid(seat["plan_id"]):
        raise wrong("plan_id", "a plan revision's UUID")
    if not is_text(seat["plan_label"], MAX_NAME_CHARS):
        raise wrong("plan_label", f"text of at most {MAX_NAME_CHARS} characters")
    if not _one_of(seat["role"], SeatRole):
        raise wrong("role", ", ".join(r.value for r in SeatRole))
    if not is_text(seat["person"], MAX_NAME_CHARS):
        raise wrong("person", f"text of at most {MAX_NAME_CHARS} characters")
    if not _moment(seat["started"]):
        raise wrong("started", "a moment in ISO 8601 with its offset")
    if seat["finished"] is not None and not _moment(seat["finished"]):
        raise wrong("finished", "a moment in ISO 8601 with its offset, or null")
    if seat["origin"] != "" and not is_uuid(seat["origin"]):
        raise wrong("origin", "a workspace's UUID")


def _check_mark(mark: dict[str, Any], seat_id: str, at: int, name: str) -> None:
    def wrong(column: str, expected: str) -> PackError:
        return PackError(
            "a mark of the seat is not valid", file=name, row=at, column=column, expected=expected
        )

    if not is_uuid(mark["id"]):
        raise wrong("id", "a UUID")
    if mark["seat_id"] != seat_id:
        raise wrong("seat_id", "the seat's id")
    if not _one_of(mark["kind"], SeatMarkKind):
        raise wrong("kind", ", ".join(k.value for k in SeatMarkKind))
    if not _whole(mark["wall_ms"], 0, MAX_WALL_MS):
        raise wrong("wall_ms", "milliseconds since 1970, a whole number")
    if mark["step"] is not None and not _whole(mark["step"], -1, MAX_STEPS):
        raise wrong("step", f"a step from -1 to {MAX_STEPS}, or null")
    if not is_text(mark["category"], MAX_NAME_CHARS) or (
        mark["kind"] == SeatMarkKind.FLAG.value and not mark["category"].strip()
    ):
        raise wrong("category", f"text of 1 to {MAX_NAME_CHARS} characters for a flag")
    if not _one_of(mark["severity"], Severity):
        raise wrong("severity", "low, medium or high")
    if not is_text(mark["text"], MAX_TEXT_CHARS) or (
        mark["kind"] == SeatMarkKind.NOTE.value and not mark["text"].strip()
    ):
        raise wrong("text", f"text of at most {MAX_TEXT_CHARS} characters (a note's not empty)")


def _one_of(value: Any, kind: type[StrEnum]) -> bool:
    return isinstance(value, str) and value in {k.value for k in kind}


def _whole(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _moment(value: Any) -> bool:
    if not is_text(value, 64):
        return False
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return False
    return moment.tzinfo is not None and 1970 <= moment.year <= 9998


def _no_constant(name: str) -> None:
    raise ValueError(name)
