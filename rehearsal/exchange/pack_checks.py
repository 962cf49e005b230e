"""Checking a pack against this app's schema before anything of it is merged: the columns
of every row, their types and ranges, the values of enumerations, and that every row reads
back as what it stands for. A forged pack with a valid checksum still cannot put rows in a
workspace that the app could not show."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from rehearsal.errors import PackError
from rehearsal.exchange.pack_format import TABLES, Pack
from rehearsal.model import EventKind, FlagStatus, RehearsalStatus, Severity
from rehearsal.reviewing.fields import FIELDS
from rehearsal.storage import rows
from rehearsal.storage.database import Storage
from rehearsal.storage.packs import columns as table_columns


def check_pack(storage: Storage, pack: Pack, name: str) -> None:
    """Raise `PackError` for the first row of `pack` the workspace could not hold."""
    for table in TABLES:
        columns = table_columns(storage, table)
        for index, row in enumerate(pack.content[table]):
            where = f"{table}[{index}]"
            if set(row) != set(columns):
                missing = sorted(set(columns) - set(row))
                extra = sorted(set(row) - set(columns))
                raise PackError(
                    f"{where} does not match this app's columns"
                    + (f"; missing {missing}" if missing else "")
                    + (f"; unknown {extra}" if extra else ""),
                    file=name,
                )
            for column, (kind, not_null) in columns.items():
                value = row[column]
                if value is None:
                    if not_null:
                        raise PackError(f"{where}.{column} is empty", file=name)
                    continue
                ok = isinstance(value, int) and not isinstance(value, bool)
                ok = ok and -(2**63) <= value < 2**63  # what SQLite can hold
                if kind == "TEXT":
                    ok = isinstance(value, str)
                if not ok:
                    raise PackError(
                        f"{where}.{column} is {value!r}",
                        file=name,
                        expected="text" if kind == "TEXT" else "a whole number",
                    )
            if "id" in columns and not (isinstance(row["id"], str) and row["id"].strip()):
                raise PackError(f"{where}.id is missing", file=name)
            if table in TABLES[6:] and row["rehearsal_id"] != pack.rehearsal_id:
                raise PackError(f"{where} belongs to another rehearsal", file=name)
    _check_values(pack, name)


def _check_values(pack: Pack, name: str) -> None:
    content = pack.content
    if [r["id"] for r in content["rehearsals"]] != [pack.rehearsal_id]:
        raise PackError("the pack must hold exactly its own rehearsal", file=name)
    checks: list[tuple[str, str, Any]] = [
        ("events", "kind", EventKind),
        ("flags", "severity", Severity),
        ("flags", "status", FlagStatus),
        ("rehearsals", "status", RehearsalStatus),
    ]
    for table, column, kind in checks:
        for index, row in enumerate(content[table]):
            try:
                kind(row[column])
            except ValueError:
                raise PackError(
                    f"{table}[{index}].{column} is {row[column]!r}",
                    file=name,
                    expected=", ".join(v.value for v in kind),
                ) from None
    _check_readable(content, name)
    for index, row in enumerate(content["edits"]):
        fields = FIELDS.get(row["entity"], {})
        if row["field"] not in fields:
            raise PackError(
                f"edits[{index}] changes {row['entity']}.{row['field']}, which cannot be edited",
                file=name,
            )
        try:
            value = json.loads(row["value"])
            if fields[row["field"]](value) != value:
                raise ValueError(value)
            replaces = json.loads(row["replaces"])
            if not isinstance(replaces, list) or not all(isinstance(r, str) for r in replaces):
                raise ValueError(replaces)
        except Exception as exc:  # any way a forged value can fail its check
            raise PackError(f"edits[{index}] holds an invalid value ({exc})", file=name) from None


def _check_readable(content: dict[str, list[dict[str, Any]]], name: str) -> None:
    """Every row must read back as what it stands for (enums, JSON columns), or the
    workspace would hold rows it cannot show."""
    readers: list[tuple[str, Callable[[dict[str, Any]], object]]] = [
        ("rehearsals", rows.rehearsal_from_row),
        ("events", rows.event_from_row),
        ("flags", rows.flag_from_row),
        ("annotations", rows.annotation_from_row),
        ("action_items", rows.action_from_row),
    ]
    for plan in content["plans"]:

        def of(table: str, plan_id: str = plan["id"]) -> list[dict[str, Any]]:
            return [r for r in content[table] if r["plan_id"] == plan_id]

        try:
            built = rows.plan_from_rows(plan, of("sections"), of("segments"), of("transitions"))
            if any(not isinstance(k, str) for seg in built.segments for k, _ in seg.custom):
                raise ValueError("custom columns")
        except Exception as exc:  # any way a forged row can fail to read
            raise PackError(f"plan {plan['id']} cannot be read ({exc})", file=name) from None
    for table, read in readers:
        for index, row in enumerate(content[table]):
            try:
                read(row)
                names = json.loads(row["facilitators"]) if table == "rehearsals" else []
                if not isinstance(names, list) or not all(isinstance(f, str) for f in names):
                    raise ValueError("facilitators must be names")
                if table == "events" and not isinstance(json.loads(row["data"]), dict):
                    raise ValueError("data must be an object")
            except Exception as exc:  # any way a forged row can fail to read
                raise PackError(f"{table}[{index}] cannot be read ({exc})", file=name) from None
