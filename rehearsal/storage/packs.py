"""The rows a pack carries, read table by table, and merging a pack's rows by id: what is
already here is kept as it is, so a pack merged twice changes nothing (`exchange.packs`).

A plan row of a pack carries, as its `revision`, the number the revision got where it was
made (`authored_revision` here); merging a revision numbers the program's revisions again
(`plans.renumber`), so every workspace agrees on them whatever order packs arrive in."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from rehearsal.errors import PackError
from rehearsal.model import RehearsalStatus
from rehearsal.storage import evidence, removal, rows, signoffs
from rehearsal.storage.database import Storage, chunks, marks
from rehearsal.storage.plans import renumber

Rows = dict[str, list[dict[str, Any]]]
PLAN_TABLES = ("programs", "plans", "sections", "segments", "transitions")
REHEARSAL_TABLES = (
    "rehearsals",
    "events",
    "flags",
    "annotations",
    "action_items",
    "evidence_files",
    "evidence_items",
    "edits",
)
# Records of plan revisions (sign-off, launch dates), merged after the plans.
PLAN_RECORD_TABLES = ("signoffs", "launch_dates")
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
    renumbered: list[AddedPlan] = field(default_factory=list)  # revisions here, numbered anew
    status_changed: bool = False
    undeleted: str | None = None  # when the rehearsal had been deleted here, brought back
    evidence_updated: bool = False  # a file of evidence here took an earlier import's facts
    records_of: set[str] = field(default_factory=set)  # plans that got sign-off/launch records


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
    for program_id in {plan_program(s, pid) for pid in plan_ids} - {None}:
        plan_ids.update(signoffs.plans_with_records(s, str(program_id)))  # sign-off travels
    wanted = tuple(sorted(plan_ids))
    plans = [_as_made(p) for p in _select(s, "plans", f"id IN ({marks(wanted)})", wanted)]
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
    for table in ("flags", "annotations", "action_items", "evidence_files", "evidence_items"):
        content[table] = _select(s, table, "rehearsal_id = ?", rid)
    content["edits"] = _select(s, "edits", "rehearsal_id = ?", rid)
    for table in PLAN_RECORD_TABLES:
        content[table] = _select(s, table, f"plan_id IN ({marks(found)})", found)
    return content


def _as_made(plan: dict[str, Any]) -> dict[str, Any]:
    """A plan row as a pack carries it: numbered as where it was made."""
    row = dict(plan)
    row["revision"] = row.pop("authored_revision") or row["revision"]
    return row


def review_ids(s: Storage, rehearsal_id: str) -> dict[str, set[str]]:
    """The ids of a rehearsal's flags, annotations, action items and edits here."""
    return {
        table: {
            r["id"]
            for r in s.rows(f"SELECT id FROM {table} WHERE rehearsal_id = ?", (rehearsal_id,))
        }
        for table in ("flags", "annotations", "action_items", "edits")
    }


def plan_program(s: Storage, plan_id: str) -> str | None:
    """The program a plan revision belongs to here, None when this workspace lacks it."""
    for r in s.rows("SELECT program_id FROM plans WHERE id = ?", (plan_id,)):
        return str(r["program_id"])
    return None


def rows_by_id(s: Storage, table: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The rows of `table` (one with an `id` column) with these ids that are here."""
    found: dict[str, dict[str, Any]] = {}
    for part in chunks(ids):
        for row in s.rows(f"SELECT * FROM {table} WHERE id IN ({marks(part)})", part):
            found[row["id"]] = row
    return found


def mark_clash(s: Storage, rehearsal_id: str, events: list[dict[str, Any]]) -> int | None:
    """The first of `events` whose number a different mark of the rehearsal has here."""
    here = {
        r["seq"]: r["id"]
        for r in s.rows("SELECT seq, id FROM events WHERE rehearsal_id = ?", (rehearsal_id,))
    }
    for event in sorted(events, key=lambda e: e["seq"]):
        if event["seq"] in here and here[event["seq"]] != event["id"]:
            return int(event["seq"])
    return None


def rehearsal_status(s: Storage, rehearsal_id: str) -> str | None:
    """The stored status of a rehearsal, None when this workspace lacks it."""
    for r in s.rows("SELECT status FROM rehearsals WHERE id = ?", (rehearsal_id,)):
        return str(r["status"])
    return None


# -- merging ------------------------------------------------------------------------------------
def merge_rows(
    s: Storage,
    content: Rows,
    rehearsal_id: str,
    name: str,
    *,
    check: Callable[[], None],
    with_status: bool = True,
) -> Merged:
    """Merge pack rows, all or nothing: `check` (which raises `PackError` for rows this
    workspace must not take) runs first, in the same transaction, so the rows merged are
    the rows checked against. A row whose id is here already is the same row (the check
    made sure), so it is kept as it is. `with_status`: the rehearsal's status may advance
    (not from review notes alone)."""
    merged = Merged()
    try:
        with s.transaction():
            check()
            local = rehearsal_status(s, rehearsal_id)
            conn = s.conn
            # merged on purpose (a sync leaves out what was deleted here): here again
            merged.undeleted = removal.deleted(s).get(rehearsal_id)
            removal.forget_deleted(s, rehearsal_id)
            _merge_plans(s, content, merged)
            for table in REHEARSAL_TABLES:
                added = 0
                for row in content[table]:
                    if table == "evidence_files":  # the earlier import's facts are kept
                        new, updated = evidence.merge_file(s, row)
                        added += new
                        merged.evidence_updated |= updated
                        continue
                    sql, params = rows.insert_statement(table, row)
                    added += conn.execute(
                        sql.replace("INSERT", "INSERT OR IGNORE", 1), params
                    ).rowcount
                merged.added[table] = added
            for table in PLAN_RECORD_TABLES:
                added = 0
                for row in content[table]:
                    sql, params = rows.insert_statement(table, row)
                    inserted = conn.execute(sql.replace("INSERT", "INSERT OR IGNORE", 1), params)
                    if inserted.rowcount:
                        added += 1
                        merged.records_of.add(row["plan_id"])
                merged.added[table] = added
            if local is not None and with_status:
                theirs = content["rehearsals"][0]["status"]
                if STATUS_RANK.get(theirs, 0) > STATUS_RANK.get(local, 0):
                    conn.execute(
                        "UPDATE rehearsals SET status = ? WHERE id = ?", (theirs, rehearsal_id)
                    )
                    merged.status_changed = True
    except sqlite3.IntegrityError as exc:
        raise PackError(f"the pack does not fit this workspace ({exc})", file=name) from None
    return merged


def _merge_plans(s: Storage, content: Rows, merged: Merged) -> None:
    """Bring the plan revisions (and programs) the workspace lacks, with their ids, then
    number each program's revisions again (`plans.renumber`)."""
    conn = s.conn
    programs = {p["id"]: p for p in content["programs"]}
    for program in content["programs"]:
        sql, params = rows.insert_statement("programs", program)
        conn.execute(sql.replace("INSERT", "INSERT OR IGNORE", 1), params)
    added: list[str] = []
    for plan in sorted(content["plans"], key=lambda p: (p["revision"], p["id"])):
        if plan_program(s, plan["id"]) is not None:
            continue
        row = {**plan, "authored_revision": plan["revision"]}
        # a number no revision has, until the program is numbered again below
        row["revision"] = min(0, _lowest_revision(s, row["program_id"])) - 1
        if row["based_on"] and plan_program(s, row["based_on"]) is None:
            row["based_on"] = None  # a revision this workspace never saw
        conn.execute(*rows.insert_statement("plans", row))
        for table in ("sections", "segments", "transitions"):
            for child in content[table]:
                if child["plan_id"] == row["id"]:
                    conn.execute(*rows.insert_statement(table, child))
        added.append(row["id"])
    for program_id in sorted({p["program_id"] for p in content["plans"]}):
        renumbered = set(renumber(s, program_id))
        name = programs.get(program_id, {}).get("name", "a program")
        for r in s.rows(
            "SELECT id, revision FROM plans WHERE program_id = ? ORDER BY revision", (program_id,)
        ):
            numbered = AddedPlan(r["id"], program_id, name, r["revision"])
            if r["id"] in added:
                merged.plans.append(numbered)
            elif r["id"] in renumbered:
                merged.renumbered.append(numbered)


def _lowest_revision(s: Storage, program_id: str) -> int:
    for r in s.rows("SELECT min(revision) AS low FROM plans WHERE program_id = ?", (program_id,)):
        return int(r["low"] or 0)
    return 0
