"""Programs and their plan revisions: reading them, and the writes that add, change or
remove one revision (sections, segments and transitions with it)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from rehearsal.errors import NotFound
from rehearsal.model import Plan, Program
from rehearsal.storage import rows
from rehearsal.storage.database import Storage

_CHILDREN = "SELECT * FROM {} WHERE plan_id = ? ORDER BY {}"


# -- programs -----------------------------------------------------------------------------------
def programs(s: Storage) -> list[Program]:
    return [
        rows.program_from_row(r)
        for r in s.rows("SELECT * FROM programs ORDER BY name COLLATE NOCASE, id")
    ]


def program(s: Storage, program_id: str) -> Program:
    row = s.one(
        "SELECT * FROM programs WHERE id = ?", (program_id,), f"program with id {program_id}"
    )
    return rows.program_from_row(row)


def find_program(s: Storage, name: str) -> Program | None:
    for r in s.rows("SELECT * FROM programs WHERE name = ? ORDER BY created", (name,)):
        return rows.program_from_row(r)
    return None


def insert_program(s: Storage, prog: Program) -> None:
    with s.transaction():
        s.conn.execute(*rows.insert_statement("programs", dataclasses.asdict(prog)))


def rename_program(s: Storage, program_id: str, name: str) -> None:
    with s.transaction():
        s.conn.execute("UPDATE programs SET name = ? WHERE id = ?", (name, program_id))


# -- reading plans ------------------------------------------------------------------------------
def plan(s: Storage, plan_id: str) -> Plan:
    row = s.one("SELECT * FROM plans WHERE id = ?", (plan_id,), f"plan with id {plan_id}")
    return rows.plan_from_rows(
        row,
        s.rows(_CHILDREN.format("sections", "position"), (plan_id,)),
        s.rows(_CHILDREN.format("segments", "position"), (plan_id,)),
        s.rows(_CHILDREN.format("transitions", "rowid"), (plan_id,)),
    )


def plans_of(s: Storage, program_ids: Sequence[str]) -> dict[str, list[Plan]]:
    """Every revision of these programs, first to latest, in four queries."""
    wanted = json.dumps(list(dict.fromkeys(program_ids)))
    inside = (
        "plan_id IN (SELECT id FROM plans WHERE program_id IN (SELECT value FROM json_each(?)))"
    )
    children: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for table, order in (
        ("sections", "position"),
        ("segments", "position"),
        ("transitions", "rowid"),
    ):
        for row in s.rows(
            f"SELECT * FROM {table} WHERE {inside} ORDER BY plan_id, {order}", (wanted,)
        ):
            children.setdefault(row["plan_id"], {}).setdefault(table, []).append(row)
    found: dict[str, list[Plan]] = {pid: [] for pid in json.loads(wanted)}
    for row in s.rows(
        "SELECT * FROM plans WHERE program_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY program_id, revision",
        (wanted,),
    ):
        mine = children.get(row["id"], {})
        found[row["program_id"]].append(
            rows.plan_from_rows(
                row, mine.get("sections", []), mine.get("segments", []), mine.get("transitions", [])
            )
        )
    return found


def plan_ids(s: Storage, program_id: str) -> list[str]:
    """The program's revisions, first to latest."""
    sql = "SELECT id FROM plans WHERE program_id = ? ORDER BY revision"
    return [r["id"] for r in s.rows(sql, (program_id,))]


def plan_program_id(s: Storage, plan_id: str) -> str | None:
    """The program of a plan revision, None when there is no such revision."""
    for r in s.rows("SELECT program_id FROM plans WHERE id = ?", (plan_id,)):
        return str(r["program_id"])
    return None


def programs_of_plans(s: Storage, plan_ids: Sequence[str]) -> dict[str, str]:
    """plan id → program id, for those of `plan_ids` that are here (one query)."""
    sql = "SELECT id, program_id FROM plans WHERE id IN (SELECT value FROM json_each(?))"
    return {r["id"]: r["program_id"] for r in s.rows(sql, (json.dumps(list(plan_ids)),))}


def revisions(s: Storage, program_id: str) -> dict[str, int]:
    """plan id → revision number, of every revision of a program."""
    sql = "SELECT id, revision FROM plans WHERE program_id = ? ORDER BY revision"
    return {r["id"]: int(r["revision"]) for r in s.rows(sql, (program_id,))}


def revisions_of(s: Storage, program_ids: Sequence[str]) -> dict[str, dict[str, int]]:
    """`revisions` of many programs (one query): program id → plan id → revision."""
    found: dict[str, dict[str, int]] = {pid: {} for pid in program_ids}
    sql = (
        "SELECT program_id, id, revision FROM plans "
        "WHERE program_id IN (SELECT value FROM json_each(?)) ORDER BY program_id, revision"
    )
    for r in s.rows(sql, (json.dumps(list(found)),)):
        found[r["program_id"]][r["id"]] = int(r["revision"])
    return found


def latest_revisions(s: Storage) -> dict[str, tuple[str, int]]:
    """program id → (plan id, revision) of each program's latest revision."""
    sql = (
        "SELECT program_id, id, revision FROM plans AS p WHERE revision = "
        "(SELECT max(revision) FROM plans WHERE program_id = p.program_id)"
    )
    return {r["program_id"]: (r["id"], int(r["revision"])) for r in s.rows(sql)}


def latest_plan_id(s: Storage, program_id: str) -> str:
    row = s.one(
        "SELECT id FROM plans WHERE program_id = ? ORDER BY revision DESC LIMIT 1",
        (program_id,),
        f"plan for program {program_id}",
    )
    return str(row["id"])


def latest_revision(s: Storage, program_id: str) -> int:
    """The program's highest revision number (0 when it has none)."""
    for r in s.rows("SELECT max(revision) AS top FROM plans WHERE program_id = ?", (program_id,)):
        return int(r["top"] or 0)
    return 0


def plan_used(s: Storage, plan_id: str) -> bool:
    """Whether a rehearsal used the revision (it is then history, never changed)."""
    return any(s.rows("SELECT 1 FROM rehearsals WHERE plan_id = ? LIMIT 1", (plan_id,)))


# -- writing plans ------------------------------------------------------------------------------
def insert_plan(s: Storage, new: Plan) -> None:
    """Store a new revision with its sections, segments and transitions."""
    with s.transaction():
        row = {**rows.plan_row(new), "authored_revision": new.revision}
        s.conn.execute(*rows.insert_statement("plans", row))
        _insert_children(s, new)


def renumber(s: Storage, program_id: str) -> list[str]:
    """Number the program's revisions from the set of them alone, so that every workspace
    holding the same revisions numbers them alike, whatever order they arrived in: by the
    number each got where it was made, then its creation time (UTC), then its id; each
    keeps its own number unless an earlier one took it, else takes the next free one.
    A revision made here is numbered after every other, so keeps its number until two
    workspaces made the same one. Returns the ids of the revisions renumbered."""
    found = list(
        s.rows(
            "SELECT id, revision, authored_revision, created FROM plans WHERE program_id = ?",
            (program_id,),
        )
    )
    found.sort(key=lambda r: (r["authored_revision"], _instant(r["created"]), r["id"]))
    wanted: dict[str, int] = {}
    number = 0
    for row in found:
        number = max(int(row["authored_revision"]), number + 1)
        wanted[row["id"]] = number
    changed = [r["id"] for r in found if r["revision"] != wanted[r["id"]]]
    with s.transaction():  # two steps, as no two revisions of a program share a number
        for index, plan_id in enumerate(changed):
            s.conn.execute("UPDATE plans SET revision = ? WHERE id = ?", (-1 - index, plan_id))
        for plan_id in changed:
            s.conn.execute("UPDATE plans SET revision = ? WHERE id = ?", (wanted[plan_id], plan_id))
    return changed


def _instant(created: str) -> float:
    """A creation time as seconds since the epoch (UTC when it names no zone)."""
    try:
        moment = datetime.fromisoformat(created)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.timestamp()
    except (TypeError, ValueError, OverflowError, OSError):
        return float("-inf")


def update_plan(s: Storage, stored: Plan, new: Plan) -> None:
    """Rewrite revision `stored` in place as `new` (same id): only the segment rows that
    changed when the shape is the same (an edit usually touches one), else every child."""
    with s.transaction():
        _update(s, "plans", {"id": new.id}, rows.plan_row(new))
        if _same_shape(stored, new):
            changed = zip(stored.segments, new.segments, rows.segment_rows(new), strict=True)
            for before, after, row in changed:
                if before != after:
                    _update(s, "segments", {"plan_id": new.id, "id": after.id}, row)
        else:
            _delete_children(s, new.id)
            _insert_children(s, new)


def delete_plan(s: Storage, plan_id: str) -> None:
    with s.transaction():
        _delete_children(s, plan_id)
        s.conn.execute("DELETE FROM plans WHERE id = ?", (plan_id,))


def _insert_children(s: Storage, new: Plan) -> None:
    for table, children in (
        ("sections", rows.section_rows(new)),
        ("segments", rows.segment_rows(new)),
        ("transitions", rows.transition_rows(new)),
    ):
        if children:
            sql, _ = rows.insert_statement(table, children[0])  # one shape per table
            s.conn.executemany(sql, [tuple(child.values()) for child in children])


def _update(s: Storage, table: str, key: dict[str, Any], row: dict[str, Any]) -> None:
    """Rewrite the row of `table` whose primary key is `key`; `NotFound` if there is none."""
    if s.conn.execute(*rows.update_statement(table, key, row)).rowcount == 0:
        raise NotFound(f"No {table} row {tuple(key.values())} in {s.path.name}.")


def _delete_children(s: Storage, plan_id: str) -> None:
    for table in ("transitions", "segments", "sections"):
        s.conn.execute(f"DELETE FROM {table} WHERE plan_id = ?", (plan_id,))


def _same_shape(a: Plan, b: Plan) -> bool:
    return (
        a.sections == b.sections
        and a.transitions == b.transitions
        and [seg.id for seg in a.segments] == [seg.id for seg in b.segments]
    )
