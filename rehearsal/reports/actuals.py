"""The actuals as a table (CSV or XLSX): one row per step of each rehearsal, a row per
hand-off that has flags (a hand-off's flags are counted on it), and a row of the run's
figures (`RunTotals`: of the steps run), with how the run ended on every row."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from rehearsal.analysis import Filters
from rehearsal.files import write_atomic
from rehearsal.rehearsing.figures import ending, steps_run
from rehearsal.rehearsing.timing import StepKind
from rehearsal.reports.cells import safe_cell
from rehearsal.workspace import Workspace

HEADERS = (
    "Rehearsal",
    "Date",
    "Kind",
    "Revision",
    "Facilitators",
    "Step",
    "Kind of step",
    "Segment id",
    "Planned (s)",
    "Actual (s)",
    "Over/under (s)",
    "Attempts",
    "Pause (s)",
    "Flags",
    "Ended",
)


def actual_rows(
    ws: Workspace,
    *,
    rehearsal_id: str | None = None,
    plan_id: str | None = None,
    filters: Filters | None = None,
) -> list[tuple[Any, ...]]:
    if rehearsal_id is not None:
        chosen = [ws.rehearsal(rehearsal_id)]
    else:
        assert plan_id is not None
        plan = ws.plan(plan_id)
        plans = {p.id for p in ws.plans(plan.program_id)}
        archived = ws.archived_rehearsals()
        chosen = [
            r
            for r in ws.rehearsals()
            if r.plan_id in plans and (filters or Filters()).matches(r, archived)
        ]
    found: list[tuple[Any, ...]] = []
    for r, summary in zip(chosen, ws.rehearsal_summaries(chosen), strict=True):
        head = (
            r.id,
            (summary.started_wall or r.created)[:19],
            r.kind.value,
            summary.plan.revision,
            ", ".join(r.facilitators),
        )
        ended = ending(summary.totals) if summary.finished else r.status.value
        for i, s in enumerate(summary.segments):
            found.append(
                (
                    *head,
                    s.title,
                    "transition" if s.kind is StepKind.TRANSITION else "segment",
                    s.segment_id,
                    s.planned_s,
                    s.actual_s,
                    s.over_s,
                    len(s.attempts),
                    s.pause_s,
                    "; ".join(f.category for f in s.flags),
                    ended,
                )
            )
            handoff = summary.handoff_flags(i)
            if handoff:
                after = "; ".join(f.category for f in handoff)
                found.append(
                    (*head, f"hand-off after {s.title}", "hand-off", s.segment_id)
                    + (None,) * 5
                    + (after, ended)
                )
        t = summary.totals
        found.append(
            (
                *head,
                f"total of the {steps_run(t)} run",
                "total",
                "",
                t.planned_s,
                t.actual_s,
                t.over_s,
                None,
                t.paused_s,
                str(len(summary.flags)),
                ended,
            )
        )
    return found


def write_actuals(path: Path, rows: list[tuple[Any, ...]], format: str) -> Path:
    if format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(HEADERS)
        for row in rows:
            writer.writerow(["" if v is None else _safe(v) for v in row])
        write_atomic(path, buffer.getvalue().encode("utf-8-sig"))
        return path
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Actuals"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe(v) for v in row])
    sheet.freeze_panes = "A2"
    for column, width in zip(
        "ABCDEFGHIJKLMN", (38, 20, 16, 9, 24, 44, 12, 38, 11, 11, 13, 9, 10, 30), strict=True
    ):
        sheet.column_dimensions[column].width = width
    workbook = io.BytesIO()
    book.save(workbook)  # in memory: a full disk must not leave openpyxl half-way through
    write_atomic(path, workbook.getvalue())
    return path


def _safe(value: Any) -> Any:
    return safe_cell(value)
