"""Putting a rehearsal out of sight (archived) or out of the workspace (deleted), and back.

Both are kept in `meta`, this workspace's own values, which no pack carries:

- `archived_rehearsals`: the ids of the rehearsals archived here — a view of this
  workspace (hidden from lists and the analysis unless asked for), not a fact about the
  rehearsal, so a colleague's workspace shows them as it chooses;
- `deleted_rehearsals`: id → when, for each rehearsal deleted here (a tombstone), so that
  a colleague's pack of it in the shared folder does not bring it back unasked. A merge
  of the rehearsal (an explicit pack import) lifts its tombstone (`packs.merge_rows`).

Deleting removes the rehearsal's row and, by the schema's cascades, its marks, flags,
annotations, action items, edits and step figures; `rows` first reads all of them, which
is what `restore` puts back (an undo)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rehearsal.errors import InvalidOperation
from rehearsal.storage import meta, rows
from rehearsal.storage.database import Storage

ARCHIVED_KEY = "archived_rehearsals"
DELETED_KEY = "deleted_rehearsals"
# The tables a rehearsal's rows are in, in the order they are put back (references first).
TABLES = (
    "rehearsals",
    "events",
    "flags",
    "annotations",
    "action_items",
    "evidence_files",
    "evidence_items",
    "edits",
)

Rows = dict[str, list[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class RehearsalCopy:
    """Every row of a rehearsal, read before it is deleted, so that it can be put back."""

    rehearsal_id: str
    rows: Rows
    archived: bool


# -- archived ---------------------------------------------------------------------------------
def archived(s: Storage) -> frozenset[str]:
    """The ids of the rehearsals archived in this workspace (what is stored that is not a
    list of texts is forgotten: a hand-edited value never stops the app)."""
    found = _json(meta.value(s, ARCHIVED_KEY), [])
    if not isinstance(found, list):
        return frozenset()
    return frozenset(v for v in found if isinstance(v, str))


def set_archived(s: Storage, rehearsal_ids: Iterable[str], on: bool) -> bool:
    """Archive (`on`) or bring back the rehearsals; whether that changed anything."""
    before = archived(s)
    after = before | set(rehearsal_ids) if on else before - set(rehearsal_ids)
    if after == before:
        return False
    return meta.set_value(s, ARCHIVED_KEY, json.dumps(sorted(after)))


# -- deleted ----------------------------------------------------------------------------------
def deleted(s: Storage) -> dict[str, str]:
    """The rehearsals deleted here: id → when (ISO 8601)."""
    found = _json(meta.value(s, DELETED_KEY), {})
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str)}


def forget_deleted(s: Storage, rehearsal_id: str) -> bool:
    """Lift the tombstone of a rehearsal (it is here again); whether there was one."""
    tombstones = deleted(s)
    if tombstones.pop(rehearsal_id, None) is None:
        return False
    meta.set_value(s, DELETED_KEY, json.dumps(tombstones, sort_keys=True))
    return True


def rehearsal_rows(s: Storage, rehearsal_id: str) -> Rows:
    """Every row of the rehearsal's own, table by table (its plan revision is not one:
    revisions are history, kept whatever happens to their rehearsals)."""
    found: Rows = {}
    for table in TABLES:
        column = "id" if table == "rehearsals" else "rehearsal_id"
        found[table] = [
            dict(r)
            for r in s.rows(
                f'SELECT * FROM "{table}" WHERE {column} = ? ORDER BY rowid', (rehearsal_id,)
            )
        ]
    return found


def delete(s: Storage, rehearsal_id: str, when: str) -> None:
    """Remove the rehearsal and everything it recorded, leaving a tombstone dated `when`
    (and taking it off the archived list), in one transaction."""
    with s.transaction():
        s.conn.execute("DELETE FROM rehearsals WHERE id = ?", (rehearsal_id,))
        tombstones = deleted(s)
        tombstones[rehearsal_id] = when
        meta.set_value(s, DELETED_KEY, json.dumps(tombstones, sort_keys=True))
        set_archived(s, [rehearsal_id], False)


def restore(s: Storage, found: Mapping[str, list[dict[str, Any]]], rehearsal_id: str) -> None:
    """Put back the rows `rehearsal_rows` read (a row here already is kept as it is) and
    lift the tombstone, in one transaction. `InvalidOperation` when they no longer fit
    (the revision the rehearsal ran was removed since)."""
    try:
        with s.transaction():
            for table in TABLES:
                for row in found.get(table, ()):
                    sql, params = rows.insert_statement(table, dict(row))
                    s.conn.execute(sql.replace("INSERT", "INSERT OR IGNORE", 1), params)
            forget_deleted(s, rehearsal_id)
    except sqlite3.IntegrityError as exc:
        raise InvalidOperation(
            f"The rehearsal cannot be put back: its plan revision is no longer here ({exc})."
        ) from None


def _json(text: str | None, default: Any) -> Any:
    if text is None:
        return default
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return default
