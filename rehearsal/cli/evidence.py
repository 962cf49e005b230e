"""CLI commands for evidence, what the meeting platform recorded about a run:
`import-evidence` stores its files with a rehearsal, `evidence` shows the figures of each
step. Names and messages stay in the workspace: both print counts and durations only."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rehearsal.durations import count, format_signed
from rehearsal.errors import RehearsalError
from rehearsal.evidence_model import EvidenceFile, SpeakerRole
from rehearsal.limits import MAX_OFFSET_MS
from rehearsal.rehearsing.evidence_figures import HEADINGS, StepEngagement, as_json, cells
from rehearsal.rehearsing.figures import rehearsal_label
from rehearsal.rehearsing.placement import offset_text
from rehearsal.workspace import Workspace

COMMANDS = ("import-evidence", "evidence")
ROLE_NOUNS = {
    SpeakerRole.FACILITATOR: ("facilitator", "facilitators"),
    SpeakerRole.STAFF: ("staff member", "staff"),
    SpeakerRole.LEARNER: ("learner", "learners"),
}


def _seconds(text: str) -> int:
    """`--offset SECONDS` as milliseconds (a whole number or a decimal, either sign)."""
    try:
        value = round(float(text) * 1000)
    except (ValueError, OverflowError):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if abs(value) > MAX_OFFSET_MS:
        raise argparse.ArgumentTypeError(f"an offset is at most {MAX_OFFSET_MS // 1000:,} s")
    return value


def add_parsers(sub: Any, db_option: argparse.ArgumentParser) -> None:
    imp = sub.add_parser(
        "import-evidence",
        parents=[db_option],
        help="store a meeting platform's files (transcript, chat, attendance, poll report) "
        "with a rehearsal",
    )
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--rehearsal", required=True, metavar="ID", help="the rehearsal they record")
    imp.add_argument(
        "--offset",
        type=_seconds,
        metavar="SECONDS",
        help="place the files so instead of the proposal: for a recording (transcript, "
        "cloud chat), when it began against the run's start (-30: 30 s before it); for a "
        "file of clock times (attendance, poll, local chat), a shift of its times",
    )
    shown = sub.add_parser(
        "evidence",
        parents=[db_option],
        help="a rehearsal's evidence step by step: talk by role, silence, chat, attendance, "
        "poll answers (counts only)",
    )
    shown.add_argument("rehearsal_id")
    shown.add_argument("--json", action="store_true")


def run(args: argparse.Namespace, ws: Workspace) -> int:
    if args.command == "evidence":
        return _evidence(args, ws)
    rehearsal = ws.rehearsal(args.rehearsal)  # NotFound before any file is read
    failed = 0
    for name in args.files:
        try:
            found = ws.evidence.import_file(rehearsal.id, name, offset_ms=args.offset)
        except RehearsalError as exc:  # each file is all or nothing; go on with the rest
            print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
            failed += 1
            continue
        print(found.summary())
        for warning in found.warnings:  # what the reader read loosely
            print(f"warning: {found.file.name}: {' '.join(warning.split())}", file=sys.stderr)
    return 2 if failed else 0


def evidence_json(ws: Workspace, rehearsal_id: str) -> dict[str, Any]:
    """`rehearsal evidence --json`: `{"steps": [{"id", "kind", "title", …figures}]}`."""
    figures = ws.evidence.figures(rehearsal_id)
    return {
        "steps": [
            {
                "id": s.step_id,
                "kind": s.kind.value if s.kind is not None else None,
                "title": s.title,
                **as_json(s),
            }
            for s in figures.steps
        ]
    }


def _evidence(args: argparse.Namespace, ws: Workspace) -> int:
    rehearsal = ws.rehearsal(args.rehearsal_id)
    if args.json:
        print(json.dumps(evidence_json(ws, rehearsal.id), ensure_ascii=False, indent=2))
        return 0
    totals = ws.run_totals([rehearsal]).get(rehearsal.id)
    print(f"Evidence of {rehearsal_label(rehearsal, totals)}")
    files = ws.evidence.files(rehearsal.id)
    if not files:
        print(
            "No evidence yet: import the platform's files with "
            f"'rehearsal import-evidence FILE … --rehearsal {rehearsal.id}'."
        )
        return 0
    for f in files:
        print(f"  {_file_line(f)}")
    roles = [s.role for s in ws.evidence.speakers(rehearsal.id)]
    people = ", ".join(count(roles.count(r), *ROLE_NOUNS[r]) for r in SpeakerRole)
    print(f"  People: {people} (names stay in the workspace)")
    figures = ws.evidence.figures(rehearsal.id)
    if figures.outside:
        print(f"  {count(figures.outside, 'item')} fall outside the run's steps: check the offsets")
    if figures.unplaced:
        print(f"  {count(figures.unplaced, 'item')} cannot be placed: the run has no marks")
    print()
    _table([*figures.steps, figures.totals])
    return 0


def _file_line(f: EvidenceFile) -> str:
    adjusted = ", adjusted" if f.adjusted else ""
    return (
        f"{f.name}: {f.platform.value.capitalize()} {f.kind.value}, "
        f"{count(f.items, 'item')}; offset {format_signed(f.offset_ms / 1000)}{adjusted}: "
        f"{offset_text(f.time_base, f.offset_ms)}"
    )


def _table(rows: list[StepEngagement]) -> None:
    width = min(36, max(len("Step"), *(len(s.title) for s in rows)))
    print(f"{'Step':<{width}}  " + "  ".join(f"{h:>{max(len(h), 6)}}" for h in HEADINGS))
    for s in rows:
        title = s.title if len(s.title) <= width else s.title[: width - 1] + "…"
        values = cells(s)
        print(
            f"{title:<{width}}  "
            + "  ".join(f"{v:>{max(len(h), 6)}}" for v, h in zip(values, HEADINGS, strict=True))
        )
