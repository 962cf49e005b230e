"""A plan as Ontime's XLSX rundown: the sheet "Event schedule" that Ontime's spreadsheet
import reads with its default columns, laid out as Ontime's own spreadsheet export lays it.

The rows are the entries of the Ontime project `ontime_export` makes, in its flat order: a
group opens with a row whose Timer Type is "group" (its ID the section's), and a
"group-end" row closes it; an event is a row of its own (Timer Type "count-down"), a
milestone one with Timer Type "milestone" (its duration and skip, which Ontime does not
read for milestones, in the Duration and Skip cells). Times are text as Ontime writes them
("09:05:00"); a plan with no planned start has no Time Start or Time End. Ontime's own
columns come first (ID, Cue, Title, Colour, Time Start, Time End, Duration, Note, Timer
Type, Skip), then a column for each custom field (`ontime_fields`): Ontime's import takes
them as custom fields when they are mapped.

Above the header, rows name the plan's facts as our own sheet export does (a mark, the
plan, its slot, planned start, time zone, notes, source): Ontime's import passes over rows
above its header, and Rehearsal's sheet reader reads them, so the workbook reads back as
the same plan.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from rehearsal.formats.ontime_export import ontime_project
from rehearsal.formats.ontime_fields import Label, duration_text, field_key, time_text
from rehearsal.formats.sheet_cells import CellValue
from rehearsal.formats.sheet_columns import (
    EXPORT_MARK,
    ONTIME_EXPORT_VERSION,
    ONTIME_SHEET_HEADERS,
    Field,
)
from rehearsal.formats.sheet_export import ExportTable
from rehearsal.model import Plan, PlanDraft

SHEET_TITLE = "Event schedule"
# Ontime's columns, in the order its export writes them; None: no field of ours (Colour).
COLUMNS: tuple[tuple[str, Field | None], ...] = (
    ("ID", Field.ID),
    ("Cue", Field.CUE),
    ("Title", Field.TITLE),
    ("Colour", None),
    ("Time Start", Field.START),
    ("Time End", Field.END),
    ("Duration", Field.DURATION),
    ("Note", Field.NOTES),
    ("Timer Type", Field.TIMER_TYPE),
    ("Skip", Field.SKIP),
)
# A milestone's duration and skip go in the Duration and Skip cells, not custom columns.
_IN_CELLS = (Label.PLANNED, Label.SKIPPED)


def ontime_xlsx_bytes(plan: Plan | PlanDraft, program_name: str = "") -> bytes:
    from rehearsal.formats.sheet_xlsx import table_xlsx_bytes  # openpyxl

    return table_xlsx_bytes(ontime_table(plan, program_name), SHEET_TITLE)


def ontime_table(plan: Plan | PlanDraft, program_name: str = "") -> ExportTable:
    project = ontime_project(plan, program_name)
    (rundown,) = project["rundowns"].values()
    entries: dict[str, dict[str, Any]] = rundown["entries"]
    labels = [
        definition["label"]
        for definition in project["customFields"].values()
        if definition["label"] not in _IN_CELLS
    ]
    by_label = {label: target for target, label in ONTIME_SHEET_HEADERS.items()}
    header = (*(name for name, _ in COLUMNS), *labels)
    fields = (*(target for _, target in COLUMNS), *(by_label.get(label) for label in labels))
    width = len(header)
    timed = plan.start_s is not None
    rows: list[tuple[CellValue, ...]] = []
    group: str | None = None
    for entry_id in rundown["flatOrder"]:
        entry = entries[entry_id]
        parent = entry.get("parent")
        if group is not None and (entry["type"] == "group" or parent != group):
            rows.append(_row(width, {"Timer Type": "group-end"}, header))
            group = None
        if entry["type"] == "group":
            group = entry_id
            cells: dict[str, CellValue] = {
                "ID": entry_id,
                "Title": entry["title"],
                "Timer Type": "group",
            }
        else:
            cells = _entry_cells(entry, timed)
            custom = entry["custom"]
            cells.update({label: custom.get(field_key(label), "") for label in labels})
        rows.append(_row(width, cells, header))
    if group is not None:
        rows.append(_row(width, {"Timer Type": "group-end"}, header))
    return ExportTable(_preamble(plan, program_name), header, fields, tuple(rows))


def _entry_cells(entry: dict[str, Any], timed: bool) -> dict[str, CellValue]:
    cells: dict[str, CellValue] = {
        "ID": entry["id"],
        "Cue": entry["cue"],
        "Title": entry["title"],
        "Colour": entry["colour"],
        "Note": entry["note"],
    }
    custom = entry["custom"]
    if entry["type"] == "milestone":
        cells["Timer Type"] = "milestone"
        cells["Duration"] = custom.get(field_key(Label.PLANNED), "")
        cells["Skip"] = "TRUE" if custom.get(field_key(Label.SKIPPED)) else ""
        return cells
    cells["Timer Type"] = entry["timerType"]
    cells["Duration"] = duration_text(entry["duration"] // 1000)
    cells["Skip"] = "TRUE" if entry["skip"] else ""
    if timed:
        cells["Time Start"] = time_text(entry["timeStart"] // 1000)
        cells["Time End"] = time_text(entry["timeEnd"] // 1000)
    return cells


def _row(width: int, cells: dict[str, CellValue], header: tuple[str, ...]) -> tuple[CellValue, ...]:
    row: list[CellValue] = [None] * width
    for index, name in enumerate(header[: len(COLUMNS)]):
        if name in cells:
            row[index] = cells[name]
    for index in range(len(COLUMNS), width):  # custom columns: by label
        value = cells.get(header[index])
        row[index] = value or None
    return tuple(row)


def _preamble(plan: Plan | PlanDraft, program_name: str) -> tuple[tuple[str, CellValue], ...]:
    name = plan.name if isinstance(plan, PlanDraft) else program_name
    preamble: list[tuple[str, CellValue]] = [(EXPORT_MARK, ONTIME_EXPORT_VERSION)]
    if name:
        preamble.append(("Plan", name))
    if plan.slot_s is not None:
        preamble.append(("Slot", timedelta(seconds=plan.slot_s)))
    if plan.start_s is not None:
        preamble.append(("Planned start", time_text(plan.start_s)))
    if plan.time_zone:
        preamble.append(("Time zone", plan.time_zone))
    if plan.notes:
        preamble.append(("Notes", plan.notes))
    if plan.source:
        preamble.append(("Source", plan.source))
    return tuple(preamble)
