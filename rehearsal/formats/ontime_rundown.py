"""Walking an Ontime project's rundown: its entries in order, each with its section.

v3 keeps a flat `rundown` list where a block opens a group for the entries after it; v4
keeps `rundowns: {id: {order, flatOrder, entries}}` where groups list their children.
Both come out as the same `Row`s, so the plan is built one way (`ontime_json`).
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rehearsal.errors import FormatError
from rehearsal.formats.plan_limits import text_problem, tidy_text
from rehearsal.limits import MAX_NAME_CHARS, MAX_PLAN_TEXT_CHARS

# Fixed forever: changing it would give every imported segment a new id.
ID_NAMESPACE = uuid.UUID("5f17b095-e57e-4021-b590-b268f35c0e99")

DAY_MS = 24 * 60 * 60 * 1000  # Ontime's times and durations live within one day
ENTRY_TYPES = ("event", "delay", "group", "block", "milestone")
GROUP_TYPES = ("group", "block")
_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


@dataclass(frozen=True, slots=True)
class Row:
    """One Ontime entry in rundown order, with the section (group) it belongs to."""

    ontime_id: str
    position: int  # 1-based place in the rundown, as Ontime lists it
    kind: str
    entry: dict[str, Any]
    section_id: str | None


def derived_id(kind: str, ontime_id: str) -> str:
    """The stable Rehearsal id for Ontime's `ontime_id` (kind: segment, section, transition)."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{kind}:{ontime_id}"))


def entry_id(kind: str, ontime_id: str) -> str:
    """The id of the segment or section (`kind`) an Ontime entry becomes: the entry's own
    id when it is a UUID (as Rehearsal's export writes them: a plan sent to Ontime and read
    back keeps its ids), in its canonical form; else `derived_id`."""
    if _UUID.fullmatch(ontime_id):
        return str(uuid.UUID(ontime_id))
    return derived_id(kind, ontime_id)


def short(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")


class Fields:
    """Typed access to one parsed JSON object that fails with a located FormatError."""

    def __init__(self, file: str, row: int | None, what: str, obj: dict[str, Any]) -> None:
        self.file = file
        self.row = row
        self.what = what
        self.obj = obj

    def fail(self, column: str | None, problem: str, expected: str = "") -> FormatError:
        return FormatError(
            f"{self.what}: {problem}",
            file=self.file,
            row=self.row,
            column=column,
            expected=expected,
        )

    def text(self, key: str, max_chars: int = MAX_PLAN_TEXT_CHARS) -> str:
        """The text at `key`, tidied as a plan keeps it (`plan_limits.tidy_text`)."""
        value = self.obj.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.fail(key, f"{key} is not text", "a string")
        return checked_text(self, key, value, max_chars)

    def label(self, key: str) -> str:
        """A cue: text, though old files sometimes hold a bare number."""
        value = self.obj.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            return str(value)
        return self.text(key, MAX_NAME_CHARS)

    def flag(self, key: str) -> bool:
        value = self.obj.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise self.fail(key, f"{key} is not true or false", "true or false")
        return value

    def millis(self, key: str, *, negative_ok: bool = False) -> float | None:
        """Milliseconds within one day, or None when absent."""
        value = self.obj.get(key)
        if value is None:
            return None
        low = -DAY_MS if negative_ok else 0
        expected = f"milliseconds from {low} to {DAY_MS}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"{key} is not a number", expected)
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail(key, f"{key} is not a finite number", expected)
        if value < low:
            raise self.fail(key, f"{key} is negative", expected)
        if value > DAY_MS:
            raise self.fail(key, f"{key} is longer than a day", expected)
        return value

    def mapping(self, key: str) -> dict[str, Any]:
        value = self.obj.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(key, f"{key} is not an object", "a JSON object")
        return value


def checked_text(fields: Fields, key: str, value: str, max_chars: int) -> str:
    """`value` tidied, or a FormatError naming `key` when it is no plan's text."""
    tidy = tidy_text(value)
    problem = text_problem(tidy, max_chars)
    if problem is not None:
        raise fields.fail(key, f"{key}: {problem}", f"text of at most {max_chars:,} characters")
    return tidy


def seconds(ms: float) -> int:
    return math.floor(ms / 1000 + 0.5)


def _entry_type(fields: Fields) -> str:
    kind = fields.obj.get("type")
    if kind is None:
        raise fields.fail("type", "the entry has no type", ", ".join(ENTRY_TYPES))
    if kind not in ENTRY_TYPES:
        shown = short(kind) if isinstance(kind, str) else "not text"
        raise fields.fail("type", f"unknown entry type {shown}", ", ".join(ENTRY_TYPES))
    return str(kind)


def v3_rows(doc: Fields) -> list[Row]:
    """v3: a flat list; a block starts a section holding the entries after it."""
    rundown, file = doc.obj["rundown"], doc.file
    if not isinstance(rundown, list):
        raise doc.fail("rundown", "rundown is not a list", "a list of entries")
    rows: list[Row] = []
    seen: set[str] = set()
    section_id: str | None = None
    for position, entry in enumerate(rundown, start=1):
        if not isinstance(entry, dict):
            raise FormatError(
                f"entry {position} is not a JSON object",
                file=file,
                row=position,
                expected="an object with a type and an id",
            )
        ontime_id = entry.get("id")
        if not isinstance(ontime_id, str) or not ontime_id:
            raise Fields(file, position, f"entry {position}", entry).fail(
                "id", "the entry has no id", "a non-empty string"
            )
        fields = Fields(file, position, f"entry {short(ontime_id)}", entry)
        if ontime_id in seen:
            raise fields.fail("id", "another entry has the same id", "unique ids")
        seen.add(ontime_id)
        kind = _entry_type(fields)
        if kind in GROUP_TYPES:
            section_id = entry_id("section", ontime_id)
        rows.append(Row(ontime_id, position, kind, entry, section_id))
    return rows


def v4_rows(doc: Fields, warnings: list[str]) -> tuple[str, list[Row]]:
    """v4: the first rundown of the map, walked through `order` and the groups' entries."""
    rundowns = doc.mapping("rundowns")
    if not rundowns:
        raise doc.fail("rundowns", "no events: the project has no rundown", "a rundown")
    chosen, *others = rundowns
    rundown = rundowns[chosen]
    if not isinstance(rundown, dict):
        raise doc.fail("rundowns", f"rundown {short(chosen)} is not an object", "an object")
    fields = Fields(doc.file, None, f"rundown {short(chosen)}", rundown)
    title = fields.text("title")
    if others:
        names = ", ".join(_rundown_name(key, rundowns[key]) for key in others)
        warnings.append(
            f"the project has {len(rundowns)} rundowns; imported the first, "
            f"{_rundown_name(chosen, rundown)}, and left out {names}"
        )
    entries = rundown.get("entries")
    if not isinstance(entries, dict):
        raise fields.fail(
            "entries", "entries is missing or not an object", "a map of entry id to entry"
        )
    order = rundown.get("order")
    if not isinstance(order, list):
        raise fields.fail("order", "order is missing or not a list", "a list of entry ids")
    rows = _walk(order, entries, fields)
    left_out = len(entries) - len(rows)
    if left_out:
        warnings.append(
            f"{left_out} entries are in no group and not in the rundown's order; "
            "they were left out, as Ontime does"
        )
    flat_order = rundown.get("flatOrder")
    if flat_order is not None:
        _check_flat_order(flat_order, entries, fields)
        if flat_order != [row.ontime_id for row in rows]:
            warnings.append(
                "flatOrder disagrees with order and the groups' entries; "
                "followed order, as Ontime does when it loads the project"
            )
    return title, rows


def _rundown_name(key: str, rundown: object) -> str:
    title = rundown.get("title") if isinstance(rundown, dict) else None
    return short(title) if isinstance(title, str) and title else short(key)


def _walk(order: list[Any], entries: dict[str, Any], rundown: Fields) -> list[Row]:
    """Flatten `order`, descending into groups, without recursion (files can be hostile)."""
    rows: list[Row] = []
    position_of: dict[str, int] = {}
    open_groups: set[str] = set()
    # Each frame: the ids still to visit, their group (None at top level), its section id.
    stack: list[tuple[Iterator[tuple[int, Any]], str | None, str | None]] = [
        (enumerate(order, start=1), None, None)
    ]
    while stack:
        ids, group, section_id = stack[-1]
        step = next(ids, None)
        if step is None:
            stack.pop()
            if group is not None:
                open_groups.discard(group)
            continue
        index, ref = step
        if group is None:
            where = Fields(rundown.file, index, rundown.what, rundown.obj)
            column = "order"
        else:
            where = Fields(rundown.file, position_of[group], f"group {short(group)}", {})
            column = "entries"
        if not isinstance(ref, str):
            raise where.fail(column, f"item {index} is not an entry id", "a string")
        if ref not in entries:
            raise where.fail(
                column,
                f"item {index}, {short(ref)}, is not in the entries",
                "ids of entries in this rundown",
            )
        if ref in open_groups:
            raise where.fail(
                column,
                f"item {index}, group {short(ref)}, contains itself",
                "groups that hold events, delays and milestones",
            )
        if ref in position_of:
            raise where.fail(
                column,
                f"item {index}, {short(ref)}, is already in the rundown",
                "each entry listed once",
            )
        position = len(rows) + 1
        position_of[ref] = position
        entry = entries[ref]
        if not isinstance(entry, dict):
            raise Fields(rundown.file, position, f"entry {short(ref)}", {}).fail(
                None, "the entry is not a JSON object", "an object with a type"
            )
        fields = Fields(rundown.file, position, f"entry {short(ref)}", entry)
        own_id = entry.get("id")
        if own_id is not None and not isinstance(own_id, str):
            raise fields.fail("id", "the id is not text", "a string")
        kind = _entry_type(fields)
        rows.append(Row(ref, position, kind, entry, section_id))
        if kind in GROUP_TYPES:
            children = entry.get("entries")
            if children is None:
                children = []
            if not isinstance(children, list):
                raise fields.fail(
                    "entries", "the group's entries are not a list", "a list of entry ids"
                )
            open_groups.add(ref)
            stack.append((enumerate(children, start=1), ref, entry_id("section", ref)))
    return rows


def _check_flat_order(flat_order: object, entries: dict[str, Any], rundown: Fields) -> None:
    if not isinstance(flat_order, list):
        raise rundown.fail("flatOrder", "flatOrder is not a list", "a list of entry ids")
    for index, ref in enumerate(flat_order, start=1):
        if not isinstance(ref, str) or ref not in entries:
            shown = short(ref) if isinstance(ref, str) else f"item {index}"
            raise Fields(rundown.file, index, rundown.what, {}).fail(
                "flatOrder", f"flatOrder lists {shown}, which is not an entry", "entry ids"
            )
