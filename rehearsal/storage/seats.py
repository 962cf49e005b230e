"""Seats as stored: the seat, its marks, and the seats attached to a rehearsal by hand.
Every write is a union by id (a pack of a seat merged twice, or a seat that grew since,
adds only what is new)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rehearsal.model import Annotation, Flag, Severity
from rehearsal.seat_model import SeatMark, SeatMarkKind, SeatRecord, SeatRole
from rehearsal.storage import rows
from rehearsal.storage.database import Storage, chunks, marks

SEAT_COLUMNS = ("id", "plan_id", "plan_label", "role", "person", "started", "finished", "origin")
MARK_COLUMNS = ("id", "seat_id", "kind", "wall_ms", "step", "category", "severity", "text")


def seat_row(seat: SeatRecord) -> dict[str, Any]:
    return {name: getattr(seat, name) for name in SEAT_COLUMNS}


def mark_row(mark: SeatMark) -> dict[str, Any]:
    return {name: getattr(mark, name) for name in MARK_COLUMNS}


def seat_from_row(row: dict[str, Any]) -> SeatRecord:
    return SeatRecord(**{**{k: row[k] for k in SEAT_COLUMNS}, "role": SeatRole(row["role"])})


def mark_from_row(row: dict[str, Any]) -> SeatMark:
    return SeatMark(
        **{
            **{k: row[k] for k in MARK_COLUMNS},
            "kind": SeatMarkKind(row["kind"]),
            "severity": Severity(row["severity"]),
        }
    )


def insert_seat(s: Storage, seat: SeatRecord) -> None:
    with s.transaction():
        s.conn.execute(*rows.insert_statement("seats", seat_row(seat)))


def insert_mark(s: Storage, mark: SeatMark) -> None:
    with s.transaction():
        s.conn.execute(*rows.insert_statement("seat_marks", mark_row(mark)))


def finish(s: Storage, seat_id: str, when: str) -> None:
    with s.transaction():
        s.conn.execute(
            "UPDATE seats SET finished = ? WHERE id = ? AND finished IS NULL", (when, seat_id)
        )


def merge(s: Storage, seat: dict[str, Any], seat_marks: Sequence[dict[str, Any]]) -> int:
    """Add a seat's rows (checked already) that are not here; how many marks were new. The
    seat's end is the latest one known (a seat only ever finishes once, here or there)."""
    with s.transaction():
        conn = s.conn
        columns = ", ".join(SEAT_COLUMNS)
        holes = ", ".join("?" for _ in SEAT_COLUMNS)
        conn.execute(
            f"INSERT OR IGNORE INTO seats ({columns}) VALUES ({holes})",
            tuple(seat[k] for k in SEAT_COLUMNS),
        )
        if seat["finished"] is not None:
            conn.execute(
                "UPDATE seats SET finished = ? WHERE id = ? AND finished IS NULL",
                (seat["finished"], seat["id"]),
            )
        columns = ", ".join(MARK_COLUMNS)
        holes = ", ".join("?" for _ in MARK_COLUMNS)
        added = 0
        for mark in seat_marks:
            cursor = conn.execute(
                f"INSERT OR IGNORE INTO seat_marks ({columns}) VALUES ({holes})",
                tuple(mark[k] for k in MARK_COLUMNS),
            )
            added += cursor.rowcount
    return added


def seats(s: Storage) -> list[SeatRecord]:
    return [seat_from_row(r) for r in s.rows("SELECT * FROM seats ORDER BY started, id")]


def seat(s: Storage, seat_id: str) -> SeatRecord:
    return seat_from_row(s.one("SELECT * FROM seats WHERE id = ?", (seat_id,), f"seat {seat_id}"))


def is_seat(s: Storage, seat_id: str) -> bool:
    return any(s.rows("SELECT 1 FROM seats WHERE id = ?", (seat_id,)))


def seat_marks(s: Storage, seat_id: str) -> list[SeatMark]:
    found = s.rows("SELECT * FROM seat_marks WHERE seat_id = ? ORDER BY wall_ms, id", (seat_id,))
    return [mark_from_row(r) for r in found]


def landed(s: Storage, mark_ids: Sequence[str]) -> dict[str, str]:
    """Mark id → the rehearsal it landed on, for those of `mark_ids` that did."""
    found: dict[str, str] = {}
    for chunk in chunks(list(mark_ids)):
        for table in ("flags", "annotations"):
            for row in s.rows(
                f"SELECT id, rehearsal_id FROM {table} WHERE id IN ({marks(chunk)})", chunk
            ):
                found[row["id"]] = row["rehearsal_id"]
    return found


def land(s: Storage, flags: Sequence[Flag], notes: Sequence[Annotation]) -> None:
    """Store the flags and annotations a seat's marks became (their ids: the marks')."""
    with s.transaction():
        conn = s.conn
        for flag in flags:
            sql, params = rows.insert_statement("flags", rows.flag_row(flag))
            conn.execute(sql.replace("INSERT INTO", "INSERT OR IGNORE INTO", 1), params)
        for note in notes:
            sql, params = rows.insert_statement("annotations", rows.annotation_row(note))
            conn.execute(sql.replace("INSERT INTO", "INSERT OR IGNORE INTO", 1), params)


def link(s: Storage, seat_id: str, rehearsal_id: str) -> None:
    with s.transaction():
        s.conn.execute(
            "INSERT OR REPLACE INTO seat_links (seat_id, rehearsal_id) VALUES (?, ?)",
            (seat_id, rehearsal_id),
        )


def links(s: Storage) -> dict[str, str]:
    """Seat id → the rehearsal a person attached it to."""
    return {r["seat_id"]: r["rehearsal_id"] for r in s.rows("SELECT * FROM seat_links")}
