"""`rehearsal report`: a rehearsal report or a plan's variance and readiness report, as
PDF, HTML, CSV or XLSX, headless. PDF is painted by the app's report writer (Qt,
offscreen), found through the `rehearsal.pdf` entry point; the rest is written here."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from rehearsal.cli.analysis import _draws, _seed, add_filter_options, filters_from
from rehearsal.errors import RehearsalError
from rehearsal.files import write_atomic
from rehearsal.workspace import Workspace

COMMANDS = ("report",)
FORMATS = ("pdf", "html", "csv", "xlsx")


class ReportError(RehearsalError):
    pass


def add_parsers(sub: Any, db_option: argparse.ArgumentParser) -> None:
    report = sub.add_parser(
        "report",
        parents=[db_option],
        help="write a rehearsal report or a plan's variance and readiness report",
    )
    which = report.add_mutually_exclusive_group(required=True)
    which.add_argument("--rehearsal", metavar="ID", help="one rehearsal")
    which.add_argument("--plan", metavar="PLAN_ID", help="a plan across its rehearsals")
    report.add_argument("--format", choices=FORMATS, help="default: from the file's suffix")
    report.add_argument("-o", "--output", required=True, metavar="FILE")
    report.add_argument("--draws", type=_draws, default=10_000, help="Monte Carlo draws")
    report.add_argument("--seed", type=_seed, default=0)
    report.add_argument(
        "--evidence-text",
        action="store_true",
        help="a rehearsal report with the names and messages of its evidence (by default "
        "it shows counts only: people's words stay in the workspace)",
    )
    add_filter_options(report)


class Progress:
    """Steps of long work on stderr, with the time each took."""

    def __init__(self) -> None:
        self.started = time.perf_counter()

    def __call__(self, text: str) -> None:
        ending = "." if text.startswith(("Done", "Wrote")) else "…"
        elapsed = time.perf_counter() - self.started
        print(f"[{elapsed:5.1f} s] {text}{ending}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace, ws: Workspace) -> int:
    try:
        return _run(args, ws)
    except OSError as exc:
        raise ReportError(f"could not write {args.output}: {exc.strerror or exc}") from None


def _run(args: argparse.Namespace, ws: Workspace) -> int:
    # Imported here: every launch builds this command's parser, only a report needs these.
    from rehearsal.reports import (
        actual_rows,
        program_report,
        rehearsal_report,
        render_html,
        write_actuals,
    )

    target = Path(args.output)
    if target.is_dir():
        raise ReportError(f"{target} is a folder: give a file name, e.g. {target / 'report.pdf'}")
    if not target.parent.is_dir():
        raise ReportError(f"the folder {target.parent} does not exist")
    format = args.format or target.suffix.lower().lstrip(".")
    if format not in FORMATS:
        raise ReportError(
            f"cannot tell the format from {target.name!r}: use --format " + "|".join(FORMATS)
        )
    progress = Progress()
    if format in ("csv", "xlsx"):
        progress("Collecting the actuals")
        if args.rehearsal:
            rows = actual_rows(ws, rehearsal_id=args.rehearsal)
        else:
            rows = actual_rows(ws, plan_id=args.plan, filters=filters_from(args, ws, args.plan))
        write_actuals(target, rows, format)
        progress(f"Wrote {len(rows)} rows")
        print(target)
        return 0
    if args.rehearsal:
        report = rehearsal_report(
            ws, args.rehearsal, progress=progress, evidence_text=args.evidence_text
        )
    else:
        filters = filters_from(args, ws, args.plan)
        report = program_report(
            ws, args.plan, filters, draws=args.draws, seed=args.seed, progress=progress
        )
    if format == "html":
        write_atomic(target, render_html(report).encode("utf-8"))
    else:
        from rehearsal.reports.pdf import pdf_writer

        pdf_writer("use --format html")(report, target, progress)
    progress("Done")
    print(target)
    return 0
