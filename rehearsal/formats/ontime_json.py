"""Ontime project JSON: v3's `rundown` list and v4's `rundowns` map, read as a plan draft.

Ontime (github.com/cpvalente/ontime) keeps times in milliseconds since midnight and
durations in milliseconds. v3 stores one flat `rundown` list of entries typed "event",
"delay" or "block", a block opening a group for the entries after it. v4 stores
`rundowns: {id: {title, order, flatOrder, entries}}`, where `order` lists the top-level
entry ids, `entries` maps id to entry, and an entry typed "group" (briefly "block") lists
its children in its own `entries`. v4 adds "milestone", a cue with no duration.

Ids are derived from Ontime's with uuid5, so importing a project again yields the same
segment, section and transition ids and a segment's history follows it across revisions.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rehearsal.errors import FormatError
from rehearsal.model import InteractionType, PlanDraft, Section, Segment, Transition

# Fixed forever: changing it would give every imported segment a new id.
ID_NAMESPACE = uuid.UUID("5f17b095-e57e-4021-b590-b268f35c0e99")

DAY_MS = 24 * 60 * 60 * 1000  # Ontime's times and durations live within one day
ENTRY_TYPES = ("event", "delay", "group", "block", "milestone")
GROUP_TYPES = ("group", "block")
DEFAULT_TIMER_TYPE = "count-down"
DEFAULT_END_ACTION = "none"

# "Break", "Lunch", "Coffee break", "Break 2", "Lunch (45 min)"; not "Breakout", "Break the ice".
_BREAK_TITLE = re.compile(r"^(?:\w+\s+)?(?:break|lunch)(?:\s+break)?(?:\s*\d+)?$")
_TITLE_DETAIL = re.compile(r"\s+[-–—]\s.*$|\s*[:(\[].*$")


def is_ontime(obj: object) -> bool:
    return isinstance(obj, dict) and ("rundown" in obj or "rundowns" in obj)


def read_ontime(obj: object, *, file: str) -> PlanDraft:
    """Read a parsed Ontime project; FormatError names the entry and field that are wrong."""
    if not isinstance(obj, dict):
        raise FormatError(
            "not an Ontime project: the document is not a JSON object",
            file=file,
            expected='an object with "rundown" or "rundowns"',
        )
    doc = _Fields(file, None, "the project", obj)
    warnings: list[str] = []
    if "rundowns" in obj:
        rundown_title, rows = _v4_rows(doc, warnings)
        source = f"Ontime project, rundown {rundown_title!r}" if rundown_title else "Ontime project"
    elif "rundown" in obj:
        rundown_title, rows = "", _v3_rows(doc)
        source = "Ontime project (v3)"
    else:
        raise doc.fail(None, "not an Ontime project", 'a top-level "rundown" or "rundowns"')
    details = _project_details(doc)
    builder = _PlanBuilder(file, _custom_labels(doc))
    for row in rows:
        builder.add(row)
    builder.warnings[:0] = warnings
    return builder.draft(
        name=details.name or rundown_title,
        notes=details.notes,
        source=f"{file}: {source}" if file else source,
    )


@dataclass(frozen=True, slots=True)
class _Row:
    """One Ontime entry in rundown order, with the section (group) it belongs to."""

    ontime_id: str
    position: int  # 1-based place in the rundown, as Ontime lists it
    kind: str
    entry: dict[str, Any]
    section_id: str | None


@dataclass(frozen=True, slots=True)
class _ProjectDetails:
    name: str
    notes: str


def derived_id(kind: str, ontime_id: str) -> str:
    """The stable Rehearsal id for Ontime's `ontime_id` (kind: segment, section, transition)."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{kind}:{ontime_id}"))


def _short(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")


class _Fields:
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

    def text(self, key: str) -> str:
        value = self.obj.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.fail(key, f"{key} is not text", "a string")
        return value

    def label(self, key: str) -> str:
        """A cue: text, though old files sometimes hold a bare number."""
        value = self.obj.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            return str(value)
        return self.text(key)

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


def _seconds(ms: float) -> int:
    return math.floor(ms / 1000 + 0.5)


def _entry_type(fields: _Fields) -> str:
    kind = fields.obj.get("type")
    if kind is None:
        raise fields.fail("type", "the entry has no type", ", ".join(ENTRY_TYPES))
    if kind not in ENTRY_TYPES:
        shown = _short(kind) if isinstance(kind, str) else "not text"
        raise fields.fail("type", f"unknown entry type {shown}", ", ".join(ENTRY_TYPES))
    return str(kind)


def _v3_rows(doc: _Fields) -> list[_Row]:
    """v3: a flat list; a block starts a section holding the entries after it."""
    rundown, file = doc.obj["rundown"], doc.file
    if not isinstance(rundown, list):
        raise doc.fail("rundown", "rundown is not a list", "a list of entries")
    rows: list[_Row] = []
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
            raise _Fields(file, position, f"entry {position}", entry).fail(
                "id", "the entry has no id", "a non-empty string"
            )
        fields = _Fields(file, position, f"entry {_short(ontime_id)}", entry)
        if ontime_id in seen:
            raise fields.fail("id", "another entry has the same id", "unique ids")
        seen.add(ontime_id)
        kind = _entry_type(fields)
        if kind in GROUP_TYPES:
            section_id = derived_id("section", ontime_id)
        rows.append(_Row(ontime_id, position, kind, entry, section_id))
    return rows


def _v4_rows(doc: _Fields, warnings: list[str]) -> tuple[str, list[_Row]]:
    """v4: the first rundown of the map, walked through `order` and the groups' entries."""
    rundowns = doc.mapping("rundowns")
    if not rundowns:
        raise doc.fail("rundowns", "no events: the project has no rundown", "a rundown")
    chosen, *others = rundowns
    rundown = rundowns[chosen]
    if not isinstance(rundown, dict):
        raise doc.fail("rundowns", f"rundown {_short(chosen)} is not an object", "an object")
    fields = _Fields(doc.file, None, f"rundown {_short(chosen)}", rundown)
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
    return _short(title) if isinstance(title, str) and title else _short(key)


def _walk(order: list[Any], entries: dict[str, Any], rundown: _Fields) -> list[_Row]:
    """Flatten `order`, descending into groups, without recursion (files can be hostile)."""
    rows: list[_Row] = []
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
            where = _Fields(rundown.file, index, rundown.what, rundown.obj)
            column = "order"
        else:
            where = _Fields(rundown.file, position_of[group], f"group {_short(group)}", {})
            column = "entries"
        if not isinstance(ref, str):
            raise where.fail(column, f"item {index} is not an entry id", "a string")
        if ref not in entries:
            raise where.fail(
                column,
                f"item {index}, {_short(ref)}, is not in the entries",
                "ids of entries in this rundown",
            )
        if ref in open_groups:
            raise where.fail(
                column,
                f"item {index}, group {_short(ref)}, contains itself",
                "groups that hold events, delays and milestones",
            )
        if ref in position_of:
            raise where.fail(
                column,
                f"item {index}, {_short(ref)}, is already in the rundown",
                "each entry listed once",
            )
        position = len(rows) + 1
        position_of[ref] = position
        entry = entries[ref]
        if not isinstance(entry, dict):
            raise _Fields(rundown.file, position, f"entry {_short(ref)}", {}).fail(
                None, "the entry is not a JSON object", "an object with a type"
            )
        fields = _Fields(rundown.file, position, f"entry {_short(ref)}", entry)
        own_id = entry.get("id")
        if own_id is not None and not isinstance(own_id, str):
            raise fields.fail("id", "the id is not text", "a string")
        kind = _entry_type(fields)
        rows.append(_Row(ref, position, kind, entry, section_id))
        if kind in GROUP_TYPES:
            children = entry.get("entries")
            if children is None:
                children = []
            if not isinstance(children, list):
                raise fields.fail(
                    "entries", "the group's entries are not a list", "a list of entry ids"
                )
            open_groups.add(ref)
            stack.append((enumerate(children, start=1), ref, derived_id("section", ref)))
    return rows


def _check_flat_order(flat_order: object, entries: dict[str, Any], rundown: _Fields) -> None:
    if not isinstance(flat_order, list):
        raise rundown.fail("flatOrder", "flatOrder is not a list", "a list of entry ids")
    for index, ref in enumerate(flat_order, start=1):
        if not isinstance(ref, str) or ref not in entries:
            shown = _short(ref) if isinstance(ref, str) else f"item {index}"
            raise _Fields(rundown.file, index, rundown.what, {}).fail(
                "flatOrder", f"flatOrder lists {shown}, which is not an entry", "entry ids"
            )


def _project_details(doc: _Fields) -> _ProjectDetails:
    project = _Fields(doc.file, None, "the project details", doc.mapping("project"))
    notes = [project.text("description")]
    notes += [project.text(key) for key in ("info", "backstageInfo", "publicInfo")]
    extra = project.obj.get("custom")
    if isinstance(extra, list):  # v4: [{title, value, url}]
        for item in extra:
            if isinstance(item, dict):
                pair = _Fields(doc.file, None, "the project details", item)
                if pair.text("value"):
                    notes.append(f"{pair.text('title')}: {pair.text('value')}")
    return _ProjectDetails(
        name=project.text("title"),
        notes="\n\n".join(n for n in notes if n.strip()),
    )


def _custom_labels(doc: _Fields) -> dict[str, str]:
    """customFields {key: {label, type, colour}} → {key: label}."""
    labels: dict[str, str] = {}
    for key, definition in doc.mapping("customFields").items():
        if not isinstance(definition, dict):
            raise doc.fail(
                "customFields",
                f"custom field {_short(key)} is not an object",
                "an object with a label",
            )
        field = _Fields(doc.file, None, f"custom field {_short(key)}", definition)
        labels[key] = field.text("label") or key
    return labels


def _looks_like_break(title: str) -> bool:
    core = _TITLE_DETAIL.sub("", title.strip().lower())
    return bool(_BREAK_TITLE.match(core))


class _PlanBuilder:
    """Turns rows, in rundown order, into sections, segments and transitions."""

    def __init__(self, file: str, custom_labels: dict[str, str]) -> None:
        self.file = file
        self.custom_labels = custom_labels
        self.sections: list[Section] = []
        self.segments: list[Segment] = []
        self.allowance_ms: dict[str, float] = {}  # Ontime id of the segment before → delay
        self.segment_ontime_ids: list[str] = []
        self.start_ms: float | None = None
        self.first_start_ms: float | None = None
        self.group_notes: list[str] = []
        self.warnings: list[str] = []

    def add(self, row: _Row) -> None:
        fields = _Fields(self.file, row.position, f"{row.kind} {_short(row.ontime_id)}", row.entry)
        if row.kind in GROUP_TYPES:
            title = fields.text("title")
            self.sections.append(Section(id=derived_id("section", row.ontime_id), title=title))
            if fields.text("note").strip():
                self.group_notes.append(f"{title or 'Group'}: {fields.text('note').strip()}")
        elif row.kind == "delay":
            self._add_delay(row, fields)
        else:
            self.segments.append(self._segment(row, fields))
            self.segment_ontime_ids.append(row.ontime_id)

    def _add_delay(self, row: _Row, fields: _Fields) -> None:
        delay_ms = fields.millis("duration", negative_ok=True)
        if delay_ms is None:
            raise fields.fail("duration", "the delay has no duration", "milliseconds")
        if delay_ms == 0:
            return
        if delay_ms < 0:
            self.warnings.append(
                f"row {row.position}: a negative delay ({_seconds(-delay_ms)} s earlier) "
                "has no hand-off equivalent; left out"
            )
            return
        if not self.segment_ontime_ids:
            self.warnings.append(
                f"row {row.position}: a delay of {_seconds(delay_ms)} s before the first "
                "segment has no hand-off to belong to; left out"
            )
            return
        after = self.segment_ontime_ids[-1]
        self.allowance_ms[after] = self.allowance_ms.get(after, 0) + delay_ms

    def _segment(self, row: _Row, fields: _Fields) -> Segment:
        title = fields.text("title")
        cue = fields.label("cue")
        note = fields.text("note")
        custom = self._custom(fields)
        if row.kind == "milestone":
            return Segment(
                id=derived_id("segment", row.ontime_id),
                title=title,
                planned_s=0,
                section_id=row.section_id,
                interaction=InteractionType.OTHER,
                facilitator_notes=note,
                cue=cue,
                marker=True,
                custom=custom,
            )
        skipped = fields.flag("skip")
        start = fields.millis("timeStart")
        end = fields.millis("timeEnd")
        duration = fields.millis("duration")
        if duration is None:
            if start is None or end is None:
                raise fields.fail(
                    "duration",
                    "the event has no duration",
                    "duration in milliseconds, or both timeStart and timeEnd",
                )
            duration = end - start if end >= start else end + DAY_MS - start  # past midnight
        if start is not None:
            if self.first_start_ms is None:
                self.first_start_ms = start
            if self.start_ms is None and not skipped:
                self.start_ms = start
        return Segment(
            id=derived_id("segment", row.ontime_id),
            title=title,
            planned_s=_seconds(duration),
            section_id=row.section_id,
            interaction=(
                InteractionType.BREAK if _looks_like_break(title) else InteractionType.PRESENTATION
            ),
            facilitator_notes=note,
            cue=cue,
            skipped=skipped,
            custom=custom,
        )

    def _custom(self, fields: _Fields) -> tuple[tuple[str, str], ...]:
        """Custom fields by their labels, then what Ontime knows and Rehearsal does not."""
        pairs: list[tuple[str, str]] = []
        for key, value in fields.mapping("custom").items():
            if isinstance(value, dict):  # early v3 wrote {"value": "..."}
                value = value.get("value")
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = str(value)
            if value is not None and not isinstance(value, str):
                raise fields.fail(f"custom.{key}", "the custom field is not text", "a string")
            if value:
                pairs.append((self.custom_labels.get(key, key), value))
        if fields.text("colour"):
            pairs.append(("Colour", fields.text("colour")))
        timer_type = fields.text("timerType")
        if timer_type and timer_type != DEFAULT_TIMER_TYPE:
            pairs.append(("Timer type", timer_type))
        end_action = fields.text("endAction")
        if end_action and end_action != DEFAULT_END_ACTION:
            pairs.append(("End action", end_action))
        flags = {"countToEnd": "Count to end", "flag": "Flagged", "isPublic": "Public"}
        pairs += [(label, "yes") for key, label in flags.items() if fields.flag(key)]
        link = fields.obj.get("linkStart")  # v3: the linked event's id or null; v4: a bool
        if link is not None and not isinstance(link, bool | str):
            raise fields.fail(
                "linkStart", "linkStart is not true, false or an id", "true, false or an entry id"
            )
        if link:
            pairs.append(("Linked start", "yes"))
        return tuple(pairs)

    def draft(self, *, name: str, notes: str, source: str) -> PlanDraft:
        if not any(not s.marker for s in self.segments):
            raise FormatError(
                "no events: the rundown has nothing to time",
                file=self.file,
                expected='an entry of type "event"',
            )
        transitions = tuple(
            Transition(
                id=derived_id("transition", after),
                after_segment_id=derived_id("segment", after),
                allowance_s=_seconds(allowance),
            )
            for after, allowance in self.allowance_ms.items()
            if _seconds(allowance) > 0
        )
        start_ms = self.start_ms if self.start_ms is not None else self.first_start_ms
        notes = "\n\n".join(n for n in (notes, *self.group_notes) if n)
        return PlanDraft(
            name=name,
            start_s=None if start_ms is None else _seconds(start_ms) % (DAY_MS // 1000),
            notes=notes,
            source=source,
            sections=tuple(self.sections),
            segments=tuple(self.segments),
            transitions=transitions,
            warnings=tuple(self.warnings),
        )
