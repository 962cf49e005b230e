"""The portfolio as a report and a sheet: one row per program, each figure written as the
Portfolio view, the HTML and PDF report and the CSV write it (`cells`)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from rehearsal.analysis.portfolio import Portfolio, ProgramLine
from rehearsal.clock import now_iso
from rehearsal.durations import count, format_date, format_days_left
from rehearsal.files import write_atomic
from rehearsal.reports.cells import d, pct, safe_cell
from rehearsal.reports.model import Facts, Heading, Paragraph, Report, Table

HEADERS = (
    "Program",
    "Revision",
    "Launch",
    "Days left",
    "Readiness",
    "Failing",
    "P(overrun)",
    "Open high flags",
    "Open items",
    "Complete rehearsals",
    "Sign-off missing",
    "Facilitator spread",
)
# As the Portfolio view heads its columns (narrow), each with its header above as a tip.
SHORT_HEADERS = (
    "Program",
    "Rev.",
    "Launch",
    "Days left",
    "Ready",
    "Failing",
    "P(overrun)",
    "High flags",
    "Items",
    "Complete",
    "Missing",
    "Spread",
)
NUMERIC = (False, True, False, False, True, False, True, True, True, True, False, True)


def cells(line: ProgramLine) -> tuple[str, ...]:
    """One program's row, as every surface writes it."""
    ready = line.readiness
    return (
        line.name,
        str(line.revision),
        format_date(line.launch_on) or "—",
        format_days_left(line.days_left) or "—",
        f"{ready.score}" + (" ✓" if ready.ready else ""),
        "; ".join(line.failing) or "—",
        pct(line.p_overrun),
        str(line.open_high_flags),
        str(line.open_items),
        str(line.complete_rehearsals),
        "; ".join(line.missing_signoffs) or "—",
        d(line.facilitator_spread_s),
    )


FIGURES = (0, 1, 2, 3, 4, 6, 7, 8, 9, 11)  # the report's first table: one line a program
WHY = (0, 5, 10)  # its second: what fails and who is missing, for the programs not ready


def portfolio_report(found: Portfolio) -> Report:
    """The portfolio as a report (HTML here, PDF in the app): the figures of every program
    in one table (short headers, so a page holds them), then what fails and who is
    missing for each program not ready."""
    ready = sum(line.readiness.ready for line in found.programs)
    report = Report(
        title="Portfolio",
        subtitle=f"Every program on {format_date(found.today)}",
        generated=now_iso(),
    )
    rows = [cells(line) for line in found.programs]
    report.add(
        Facts(
            (
                ("Programs", str(len(found.programs))),
                ("Ready to launch", count(ready, "program")),
            )
        ),
        Table(
            tuple(SHORT_HEADERS[i] for i in FIGURES),
            tuple(tuple(row[i] for i in FIGURES) for row in rows),
            (False, True, True, False, True, True, True, True, True, True),
            weights=(3.2, 0.7, 1.4, 1.3, 0.9, 1.2, 0.9, 0.8, 1.1, 0.9),
        ),
        Paragraph(
            "P(overrun): the chance of overrunning the slot (the planned total when no slot "
            "is set), from the timing evidence of each program's rehearsals. Spread: how "
            "far apart the facilitators' mean over/under per step is. High flags: open "
            "high-severity flags on the revision; Items: open action items.",
            muted=True,
        ),
    )
    why = [
        tuple(row[i] for i in WHY)
        for line, row in zip(found.programs, rows, strict=True)
        if not line.readiness.ready
    ]
    if why:
        report.add(
            Heading("What fails, and who is missing"),
            Table(
                ("Program", "Failing checks", "Sign-off missing"),
                tuple(why),
                (False, False, False),
                weights=(1.0, 1.6, 1.6),
            ),
        )
    return report


def write_portfolio_csv(found: Portfolio, path: Path) -> Path:
    """The portfolio as a CSV sheet (UTF-8 with a BOM, as spreadsheets read it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for line in found.programs:
        writer.writerow([safe_cell(v) for v in cells(line)])
    write_atomic(path, buffer.getvalue().encode("utf-8-sig"))
    return path
