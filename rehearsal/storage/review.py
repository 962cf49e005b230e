"""Review data as stored: the flags and notes as they were made (annotations, action items)
and the log of edits to them, which is only ever appended to (`rehearsal.reviewing`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rehearsal.model import ActionItem, Annotation, FieldEdit, Flag
from rehearsal.storage import rows
from rehearsal.storage.database import Storage, chunks, marks

_IN = "IN (SELECT value FROM json_each(?))"  # one statement for any number of ids


# -- the edit log -------------------------------------------------------------------------------
def edits(s: Storage, rehearsal_id: str) -> list[FieldEdit]:
    return [
        rows.edit_from_row(r)
        for r in s.rows(
            "SELECT * FROM edits WHERE rehearsal_id = ? ORDER BY edited_at, id", (rehearsal_id,)
        )
    ]


def edits_of(s: Storage, rehearsal_ids: Sequence[str], entities: Sequence[str]) -> list[FieldEdit]:
    """Every edit of these kinds of things (`entities`) in many rehearsals."""
    found: list[FieldEdit] = []
    kinds = tuple(entities)
    for chunk in chunks(list(dict.fromkeys(rehearsal_ids))):
        found.extend(
            rows.edit_from_row(r)
            for r in s.rows(
                f"SELECT * FROM edits WHERE rehearsal_id IN ({marks(chunk)}) "
                f"AND entity IN ({marks(kinds)}) ORDER BY edited_at, id",
                (*chunk, *kinds),
            )
        )
    return found


def history(s: Storage, entity: str, entity_id: str, field: str | None = None) -> list[FieldEdit]:
    """Every edit of one thing (or one of its fields), oldest first."""
    sql = "SELECT * FROM edits WHERE entity = ? AND entity_id = ?"
    params: tuple[str, ...] = (entity, entity_id)
    if field is not None:
        sql, params = sql + " AND field = ?", (*params, field)
    return [rows.edit_from_row(r) for r in s.rows(sql + " ORDER BY edited_at, id", params)]


def insert_edits(s: Storage, made: Sequence[FieldEdit]) -> None:
    """Append edits, all or none."""
    with s.transaction():
        for edit in made:
            s.conn.execute(*rows.insert_statement("edits", rows.edit_row(edit)))


# -- flags --------------------------------------------------------------------------------------
def flags(s: Storage, rehearsal_id: str) -> list[Flag]:
    """A rehearsal's flags as raised (before any edit), in the order they were raised."""
    return [
        rows.flag_from_row(r)
        for r in s.rows(
            "SELECT * FROM flags WHERE rehearsal_id = ? ORDER BY at_ns, rowid", (rehearsal_id,)
        )
    ]


def flags_of(s: Storage, rehearsal_ids: list[str]) -> tuple[dict[str, list[Flag]], list[FieldEdit]]:
    """The flags of many rehearsals as raised, by rehearsal, and every edit of them."""
    found: dict[str, list[Flag]] = {rid: [] for rid in rehearsal_ids}
    if not found:
        return found, []
    wanted = (json.dumps(list(found)),)
    made = [
        rows.edit_from_row(r)
        for r in s.rows(f"SELECT * FROM edits WHERE entity = 'flag' AND rehearsal_id {_IN}", wanted)
    ]
    for r in s.rows(f"SELECT * FROM flags WHERE rehearsal_id {_IN} ORDER BY at_ns, rowid", wanted):
        found[r["rehearsal_id"]].append(rows.flag_from_row(r))
    return found, made


def flag(s: Storage, flag_id: str) -> Flag:
    return rows.flag_from_row(
        s.one("SELECT * FROM flags WHERE id = ?", (flag_id,), f"flag {flag_id}")
    )


# -- annotations and action items ---------------------------------------------------------------
def rehearsal_annotations(s: Storage, rehearsal_id: str) -> list[Annotation]:
    return [rows.annotation_from_row(r) for r in _listed(s, "annotations", rehearsal_id)]


def annotation(s: Storage, annotation_id: str) -> Annotation:
    row = s.one(
        "SELECT * FROM annotations WHERE id = ?", (annotation_id,), f"annotation {annotation_id}"
    )
    return rows.annotation_from_row(row)


def insert_annotation(s: Storage, note: Annotation) -> None:
    with s.transaction():
        s.conn.execute(*rows.insert_statement("annotations", rows.annotation_row(note)))


def rehearsal_action_items(s: Storage, rehearsal_id: str) -> list[ActionItem]:
    return [rows.action_from_row(r) for r in _listed(s, "action_items", rehearsal_id)]


def action_item(s: Storage, item_id: str) -> ActionItem:
    row = s.one("SELECT * FROM action_items WHERE id = ?", (item_id,), f"action item {item_id}")
    return rows.action_from_row(row)


def insert_action_item(s: Storage, item: ActionItem) -> None:
    with s.transaction():
        s.conn.execute(*rows.insert_statement("action_items", rows.action_row(item)))


def action_items_of(
    s: Storage, rehearsal_ids: Sequence[str]
) -> tuple[dict[str, list[ActionItem]], list[FieldEdit]]:
    """The action items of many rehearsals as made, by rehearsal, and every edit of them."""
    found: dict[str, list[ActionItem]] = {rid: [] for rid in rehearsal_ids}
    if not found:
        return found, []
    wanted = (json.dumps(list(found)),)
    made = [
        rows.edit_from_row(r)
        for r in s.rows(
            f"SELECT * FROM edits WHERE entity = 'action' AND rehearsal_id {_IN}", wanted
        )
    ]
    sql = f"SELECT * FROM action_items WHERE rehearsal_id {_IN} ORDER BY created, id"
    for r in s.rows(sql, wanted):
        found[r["rehearsal_id"]].append(rows.action_from_row(r))
    return found, made


def rehearsals_with_action_items(s: Storage) -> list[str]:
    return [r["id"] for r in s.rows("SELECT DISTINCT rehearsal_id AS id FROM action_items")]


def _listed(s: Storage, table: str, rehearsal_id: str) -> list[dict[str, Any]]:
    return list(
        s.rows(
            f"SELECT * FROM {table} WHERE rehearsal_id = ? ORDER BY created, id", (rehearsal_id,)
        )
    )
