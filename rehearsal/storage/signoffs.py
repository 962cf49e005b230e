"""Sign-off and launch-date records as stored: only ever appended to
(`rehearsal.reviewing.signoffs`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from rehearsal.signoff_model import LaunchRecord, SignoffKind, SignoffRecord, SignoffRole
from rehearsal.storage import rows
from rehearsal.storage.database import Storage

Row = dict[str, Any]


def signoff_row(r: SignoffRecord) -> Row:
    return {
        "id": r.id,
        "plan_id": r.plan_id,
        "role": r.role.value,
        "person": r.person,
        "kind": r.kind.value,
        "note": r.note,
        "withdraws": r.withdraws,
        "recorded_at": r.recorded_at,
        "origin": r.origin,
    }


def signoff_from_row(row: Any) -> SignoffRecord:
    return SignoffRecord(
        id=row["id"],
        plan_id=row["plan_id"],
        role=SignoffRole(row["role"]),
        person=row["person"],
        kind=SignoffKind(row["kind"]),
        note=row["note"],
        withdraws=row["withdraws"],
        recorded_at=row["recorded_at"],
        origin=row["origin"],
    )


def launch_row(r: LaunchRecord) -> Row:
    return {
        "id": r.id,
        "plan_id": r.plan_id,
        "launch_on": r.launch_on.isoformat() if r.launch_on else "",
        "set_at": r.set_at,
        "origin": r.origin,
    }


def launch_from_row(row: Any) -> LaunchRecord:
    text = row["launch_on"]
    return LaunchRecord(
        id=row["id"],
        plan_id=row["plan_id"],
        launch_on=date.fromisoformat(text) if text else None,
        set_at=row["set_at"],
        origin=row["origin"],
    )


def signoffs_of(s: Storage, plan_ids: Sequence[str] | None = None) -> list[SignoffRecord]:
    """The sign-off records of these revisions (None: of every revision), oldest first."""
    return [signoff_from_row(r) for r in _of(s, "signoffs", "recorded_at", plan_ids)]


def launches_of(s: Storage, plan_ids: Sequence[str] | None = None) -> list[LaunchRecord]:
    """The launch-date records of these revisions (None: of every revision), oldest first."""
    return [launch_from_row(r) for r in _of(s, "launch_dates", "set_at", plan_ids)]


def _of(s: Storage, table: str, when: str, plan_ids: Sequence[str] | None) -> list[Row]:
    if plan_ids is None:
        return [dict(r) for r in s.rows(f"SELECT * FROM {table} ORDER BY {when}, id")]
    sql = f"SELECT * FROM {table} WHERE plan_id IN (SELECT value FROM json_each(?)) "
    return [dict(r) for r in s.rows(sql + f"ORDER BY {when}, id", (json.dumps(list(plan_ids)),))]


def signoff(s: Storage, record_id: str) -> SignoffRecord:
    row = s.one("SELECT * FROM signoffs WHERE id = ?", (record_id,), f"sign-off {record_id}")
    return signoff_from_row(row)


def insert_signoff(s: Storage, record: SignoffRecord) -> None:
    with s.transaction():
        s.conn.execute(*rows.insert_statement("signoffs", signoff_row(record)))


def insert_launch(s: Storage, record: LaunchRecord) -> None:
    with s.transaction():
        s.conn.execute(*rows.insert_statement("launch_dates", launch_row(record)))


def plans_with_records(s: Storage, program_id: str) -> list[str]:
    """The revisions of a program that have sign-off or launch records (what packs carry)."""
    return [
        r["id"]
        for r in s.rows(
            "SELECT id FROM plans WHERE program_id = ? AND (id IN (SELECT plan_id FROM signoffs)"
            " OR id IN (SELECT plan_id FROM launch_dates)) ORDER BY revision",
            (program_id,),
        )
    ]
