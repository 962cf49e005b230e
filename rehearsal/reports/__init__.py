"""Reports people can send: one rehearsal, or a plan across its rehearsals.

    from rehearsal.reports import rehearsal_report, program_report, render_html
    report = rehearsal_report(ws, rehearsal_id)
    write_atomic(Path("report.html"), render_html(report).encode())  # rehearsal.files

HTML, CSV and XLSX are written here; PDF needs Qt and is written by the app
(`rehearsal_ui.reports.pdf`), which the `rehearsal report` command loads when asked.
"""

from rehearsal.reports.actuals import actual_rows, write_actuals
from rehearsal.reports.html import render_html
from rehearsal.reports.model import Chart, Facts, Heading, Paragraph, Report, Table
from rehearsal.reports.one_rehearsal import rehearsal_report
from rehearsal.reports.program import program_report

__all__ = [
    "Chart",
    "Facts",
    "Heading",
    "Paragraph",
    "Report",
    "Table",
    "actual_rows",
    "program_report",
    "rehearsal_report",
    "render_html",
    "write_actuals",
]
