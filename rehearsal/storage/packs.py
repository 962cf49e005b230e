"""The rows a pack carries, read table by table, and merging a pack's rows by id: what is
already here is kept as it is, so a pack merged twice changes nothing (`exchange.packs`)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from rehearsal.errors import PackError
from rehearsal.model import RehearsalStatus
from rehearsal.storage import rows
from rehearsal.storage.database import Storage, marks

Rows = dict[str, list[dict[str, Any]]]
PLAN_TABLES = ("programs", "plans", "sections", "segments", "transitions")
REHEARSAL_TABLES = ("rehearsals", "events", "flags", "annotations", "action_items", "edits")
STATUS_RANK = {
    RehearsalStatus.ARMED.value: 0,
    RehearsalStatus.RUNNING.value: 1,
    RehearsalStatus.ABANDONED.value: 2,
    RehearsalStatus.FINISHED.value: 3,
}


class AddedPlan(NamedTuple):
    plan_id: str
    program_id: str
    program_name: str
    revision: int  # as numbered here (the next free one when the pack's was taken)


@dataclass(slots=True)
class Merged:
    added: dict[str, int] = field(default_factory=dict)  # table → new rows
    plans: list[AddedPlan] = field(default_factory=list)
    status_changed: bool = False


# -- reading ------------------------------------------------------------------------------------
def columns(s: Storage, table: str) -> dict[str, tuple[str, bool]]:
    """column → (declared type, NOT NULL)."""
    return {
        r["name"]: (str(r["type"]).upper(), bool(r["notnull"]))
        for r in s.rows(f"PRAGMA table_info({table})")
    }


def _select(s: Storage, table: str, where: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    return [dict(r) for r in s.rows(f"SELECT * FROM {table} WHERE {where} ORDER BY rowid", params)]


def rehearsal_rows(s: Storage, rehearsal_id: str, *, with_events: bool) -> Rows:
    """Every row of one rehearsal, column for column: its own plan revision and any revision
    an action item was fixed in (with their programs), and its review data."""
    rid = (rehearsal_id,)
    rehearsal = _select(s, "rehearsals", "id = ?", rid)
    plan_ids = {r["plan_id"] for r in rehearsal}
    for edit in _select(s, "edits", "rehearsal_id = ? AND field = 'fixed_in_plan'", rid):
        value = json.loads(edit["value"])
        if isinstance(value, str):
            plan_ids.add(value)
    wanted = tuple(sorted(plan_ids))
    plans = _select(s, "plans", f"id IN ({marks(wanted)})", wanted)
    program_ids = tuple(sorted({p["program_id"] for p in plans}))
    found = tuple(p["id"] for p in plans)
    content: Rows = {
        "programs": _select(s, "programs", f"id IN ({marks(program_ids)})", program_ids),
        "plans": plans,
    }
    for table in ("sections", "segments", "transitions"):
        content[table] = _select(s, table, f"plan_id IN ({marks(found)})", found)
    content["rehearsals"] = rehearsal
    content["events"] = _select(s, "events", "rehearsal_id = ?", rid) if with_events else []
    for table in ("flags", "annotations", "action_items", "edits"):
        content[table] = _select(s, table, "rehearsal_id = ?", rid)
    return content


def rehearsal_status(s: Storage, rehearsal_id: str) -> str | None:
    """The stored status of a rehearsal, None when this workspace lacks it."""
    for r in s.rows("SELECT status FROM rehearsals WHERE id = ?", (rehearsal_id,)):
        return str(r["status"])
    return None


# -- merging ------------------------------------------------------------------------------------
def merge_rows(s: Storage, content: Rows, rehearsal_id: str, name: str) -> Merged:
    """Merge checked pack rows, all or nothing (`PackError` when they do not fit)."""
    merged = Merged()
    local = rehearsal_status(s, rehearsal_id)
    try:
        with s.transaction():
            conn = s.conn
            _merge_plans(conn, content, merged)
            for table in REHEARSAL_TABLES:
                added = 0
                for row in content[table]:
                    if table == "events":
                        _check_event(conn, row, name)
                    sql, params = rows.insert_statement(table, row)
                    added += conn.execute(
                        sql.replace("INSERT", "INSERT OR IGNORE", 1), params
                    ).rowcount
                merged.added[table] = added
            if local is not None:
                theirs = content["rehearsals"][0]["status"]
                if STATUS_RANK.get(theirs, 0) > STATUS_RANK.get(local, 0):
                    conn.execute(
                        "UPDATE rehearsals SET status = ? WHERE id = ?", (theirs, rehearsal_id)
                    )
                    merged.status_changed = True
    except sqlite3.IntegrityError as exc:
        raise PackError(f"the pack does not fit this workspace ({exc})", file=name) from None
    return merged


def _merge_plans(conn: sqlite3.Connection, content: Rows, merged: Merged) -> None:
    """Bring the plan revisions (and programs) the workspace lacks, with their ids. A
    revision number another plan of the program already has here becomes the next one."""
    programs = {p["id"]: p for p in content["programs"]}
    for program in content["programs"]:
        sql, params = rows.insert_statement("programs", program)
        conn.execute(sql.replace("INSERT", "INSERT OR IGNORE", 1), params)
    for plan in sorted(content["plans"], key=lambda p: p["revision"]):
        if conn.execute("SELECT 1 FROM plans WHERE id = ?", (plan["id"],)).fetchone():
            continue
        row = dict(plan)
        taken = conn.execute(
            "SELECT 1 FROM plans WHERE program_id = ? AND revision = ?",
            (row["program_id"], row["revision"]),
        ).fetchone()
        if taken:
            top = conn.execute(
                "SELECT max(revision) FROM plans WHERE program_id = ?", (row["program_id"],)
            ).fetchone()[0]
            row["notes"] = (
                f"Revision {row['revision']} where it was exported. " + row["notes"]
            ).strip()
            row["revision"] = int(top) + 1
        if (
            row["based_on"]
            and not conn.execute("SELECT 1 FROM plans WHERE id = ?", (row["based_on"],)).fetchone()
        ):
            row["based_on"] = None
        conn.execute(*rows.insert_statement("plans", row))
        for table in ("sections", "segments", "transitions"):
            for child in content[table]:
                if child["plan_id"] == row["id"]:
                    conn.execute(*rows.insert_statement(table, child))
        program = programs.get(row["program_id"], {}).get("name", "a program")
        merged.plans.append(AddedPlan(row["id"], row["program_id"], program, row["revision"]))


def _check_event(conn: sqlite3.Connection, row: dict[str, Any], name: str) -> None:
    clash = conn.execute(
        "SELECT id FROM events WHERE rehearsal_id = ? AND seq = ?",
        (row["rehearsal_id"], row["seq"]),
    ).fetchone()
    if clash is not None and clash[0] != row["id"]:
        raise PackError(
            f"mark {row['seq']} of this rehearsal differs from the one in this workspace; "
            "the two copies were recorded separately and cannot be merged",
            file=name,
        )
