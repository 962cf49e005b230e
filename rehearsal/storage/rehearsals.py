"""Rehearsals and what they recorded: the rehearsal rows, their events and the flags raised
live. `append_events` is the one way events are written, for a live run (one mark at a
time) and for a rehearsal recorded elsewhere (all of it at once) alike."""

from __future__ import annotations

from collections.abc import Sequence

from rehearsal.model import Event, EventKind, Flag, Rehearsal, RehearsalStatus
from rehearsal.storage import rows
from rehearsal.storage.database import Storage, chunks, marks

# The status an event moves its rehearsal to.
STATUS_AFTER = {
    EventKind.NEXT: RehearsalStatus.RUNNING,
    EventKind.FINISH: RehearsalStatus.FINISHED,
    EventKind.ABANDON: RehearsalStatus.ABANDONED,
}


def rehearsals(s: Storage, plan_id: str | None = None) -> list[Rehearsal]:
    if plan_id is None:
        found = s.rows("SELECT * FROM rehearsals ORDER BY created, id")
    else:
        found = s.rows(
            "SELECT * FROM rehearsals WHERE plan_id = ? ORDER BY created, id", (plan_id,)
        )
    return [rows.rehearsal_from_row(r) for r in found]


def rehearsal(s: Storage, rehearsal_id: str) -> Rehearsal:
    row = s.one(
        "SELECT * FROM rehearsals WHERE id = ?",
        (rehearsal_id,),
        f"rehearsal with id {rehearsal_id}",
    )
    return rows.rehearsal_from_row(row)


def counts_by_plan(s: Storage) -> dict[str, int]:
    """Plan id → how many rehearsals used it."""
    sql = "SELECT plan_id, count(*) AS n FROM rehearsals GROUP BY plan_id"
    return {r["plan_id"]: int(r["n"]) for r in s.rows(sql)}


def events(s: Storage, rehearsal_id: str) -> list[Event]:
    return [
        rows.event_from_row(r)
        for r in s.rows("SELECT * FROM events WHERE rehearsal_id = ? ORDER BY seq", (rehearsal_id,))
    ]


def events_of(s: Storage, rehearsal_ids: list[str]) -> dict[str, list[Event]]:
    """`events` of many rehearsals at once (one query per 500)."""
    found: dict[str, list[Event]] = {rid: [] for rid in rehearsal_ids}
    for chunk in chunks(rehearsal_ids):
        for row in s.rows(
            f"SELECT * FROM events WHERE rehearsal_id IN ({marks(chunk)}) "
            "ORDER BY rehearsal_id, seq",
            chunk,
        ):
            found[row["rehearsal_id"]].append(rows.event_from_row(row))
    return found


def insert_rehearsal(s: Storage, new: Rehearsal) -> None:
    with s.transaction():
        s.conn.execute(*rows.insert_statement("rehearsals", rows.rehearsal_row(new)))


def append_events(
    s: Storage,
    rehearsal_id: str,
    recorded: Sequence[tuple[Event, Flag | None]],
    *,
    status: RehearsalStatus | None = None,
) -> None:
    """Append events (each with the flag it raised, if any) in one transaction, moving the
    rehearsal's status along (running at its first Next, then finished or abandoned).
    `status`: the rehearsal's status as the caller last wrote it, or None when unknown; an
    event that would move it to that same status writes nothing more.

    Plain statements, not `table.insert`: a mark is on the keyboard's critical path, and
    sqlite-utils' insert adds savepoints and queries around each row. A mark while the run
    is running is one INSERT in its transaction.
    """
    conn = s.conn
    with s.transaction():
        for event, flag in recorded:
            conn.execute(*rows.insert_statement("events", rows.event_row(event)))
            if flag is not None:
                conn.execute(*rows.insert_statement("flags", rows.flag_row(flag)))
            moves_to = STATUS_AFTER.get(event.kind)
            if moves_to is not None and moves_to is not status:
                conn.execute(
                    "UPDATE rehearsals SET status = ? WHERE id = ? AND status != ?",
                    (moves_to.value, rehearsal_id, moves_to.value),
                )
