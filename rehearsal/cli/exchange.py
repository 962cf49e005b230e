"""CLI commands for rehearsals and exchanging them: `rehearsals`, `pack export|import`, `sync`,
`seats` (list, attach)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rehearsal.durations import count, format_moment
from rehearsal.errors import RehearsalError
from rehearsal.exchange.pack_format import read_pack_bytes
from rehearsal.exchange.packs import export_pack, import_pack
from rehearsal.exchange.seat_pack import (
    export_seat_pack,
    is_seat_pack,
    merge_seat_pack,
    parse_seat_pack,
)
from rehearsal.exchange.shared_folder import set_shared_folder, shared_folder, sync
from rehearsal.model import RehearsalStatus, RunTotals
from rehearsal.rehearsing.figures import FIGURE_KEYS, as_json, ending, run_line
from rehearsal.workspace import Workspace

COMMANDS = ("rehearsals", "pack", "sync", "seats")


def add_parsers(sub: Any, db_option: argparse.ArgumentParser) -> None:
    runs = sub.add_parser("rehearsals", parents=[db_option], help="list rehearsals and their ids")
    runs.add_argument("plan_id", nargs="?", help="only the rehearsals of this plan revision")
    runs.add_argument("--json", action="store_true")
    runs.add_argument(
        "--archived", action="store_true", help="list the rehearsals archived here too"
    )

    pack = sub.add_parser(
        "pack", parents=[db_option], help="hand a rehearsal to someone working offline"
    )
    actions = pack.add_subparsers(dest="pack_command", metavar="export|import", required=True)
    out = actions.add_parser(
        "export", parents=[db_option], help="write one rehearsal (or its review notes) to a file"
    )
    out.add_argument("rehearsal_id", metavar="ID", help="a rehearsal's id, or a seat's")
    out.add_argument("-o", "--output", required=True, metavar="FILE")
    out.add_argument(
        "--annotations-only",
        action="store_true",
        help="only flags, annotations, the debrief and action items (no timings)",
    )
    into = actions.add_parser("import", parents=[db_option], help="merge packs into the workspace")
    into.add_argument("files", nargs="+", metavar="FILE")

    share = sub.add_parser(
        "sync", parents=[db_option], help="merge and write packs in the team's shared folder"
    )
    share.add_argument("--set", metavar="FOLDER", help="share through FOLDER from now on")
    share.add_argument("--stop", action="store_true", help="stop sharing")

    seats = sub.add_parser(
        "seats", parents=[db_option], help="second seats recorded offline, and where they landed"
    )
    seats.add_argument("--json", action="store_true")
    seats.add_argument(
        "--attach",
        nargs=2,
        metavar=("SEAT_ID", "REHEARSAL_ID"),
        help="land a seat's waiting flags and notes on this rehearsal",
    )


def run(args: argparse.Namespace, ws: Workspace) -> int:
    if args.command == "rehearsals":
        archived = ws.archived_rehearsals()
        every = ws.rehearsals(args.plan_id)
        found = [r for r in every if args.archived or r.id not in archived]
        hidden = len(every) - len(found)
        stored = ws.step_figures([r for r in found if r.status is RehearsalStatus.FINISHED])
        totals: dict[str, RunTotals | None] = {
            r.id: stored[r.id].totals if r.id in stored else _live_totals(ws, r.id) for r in found
        }
        data: list[dict[str, Any]] = [
            {
                "id": r.id,
                "plan": r.plan_id,
                "revision": ws.plan(r.plan_id).revision,
                "created": r.created,
                "kind": r.kind.value,
                "status": r.status.value,
                "lead": r.lead,
                "facilitators": list(r.facilitators),
                "producer": r.producer,
                "cohort": r.cohort,
                "region": r.region,
                "archived": r.id in archived,
                **_figures(totals[r.id]),
            }
            for r in found
        ]
        if args.json:
            print(json.dumps({"rehearsals": data}, ensure_ascii=False, indent=2))
        elif not data:
            print("No rehearsals yet.")
        for r in [] if args.json else data:
            who = ", ".join(r["facilitators"]) or "—"
            t = totals[r["id"]]
            print(
                f"{r['id']}  {format_moment(r['created'])}  rev {r['revision']}  {r['kind']:<15} "
                f"{r['status']:<9} {who}" + ("  (archived)" if r["archived"] else "")
            )
            if t is not None:
                print(f"    {run_line(t)}")
        if hidden and not args.json:
            print(f"({count(hidden, 'archived rehearsal')} not shown: --archived lists them)")
        return 0
    if args.command == "seats":
        return _seats(args, ws)
    if args.command == "pack":
        if args.pack_command == "export":
            if ws.seats.is_seat(args.rehearsal_id):
                print(export_seat_pack(ws, args.rehearsal_id, args.output))
                return 0
            scope = "annotations" if args.annotations_only else "rehearsal"
            print(export_pack(ws, args.rehearsal_id, args.output, scope=scope))
            return 0
        failed = 0
        for name in args.files:
            try:
                raw = read_pack_bytes(Path(name))
                if is_seat_pack(raw):
                    pack = parse_seat_pack(raw, Path(name).name)
                    print(merge_seat_pack(ws, pack, Path(name).name).summary())
                    continue
                print(import_pack(ws, name).summary())
            except RehearsalError as exc:  # each pack is all or nothing; go on with the rest
                print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
                failed += 1
        return 2 if failed else 0
    if args.stop:
        set_shared_folder(ws, None)
        print("Stopped sharing.")
        return 0
    if args.set:
        set_shared_folder(ws, args.set)
    report = sync(ws, progress=_progress if sys.stderr.isatty() else None)
    print(report.summary())
    for path, why in report.skipped:
        print(f"  skipped {path.name}: {why}")
    for _rehearsal_id, why in report.unwritten:
        print(f"  not written: {why}")
    print(f"shared folder: {shared_folder(ws)}", file=sys.stderr)
    return 0


def _live_totals(ws: Workspace, rehearsal_id: str) -> RunTotals | None:
    """The figures of a rehearsal not finished (running, or abandoned), so far."""
    try:
        return ws.rehearsal_summary(rehearsal_id).totals
    except RehearsalError:
        return None


def _figures(totals: RunTotals | None) -> dict[str, Any]:
    """A rehearsal's figures as `--json` lists them (`as_json`), and its ending in words;
    all None when they cannot be derived."""
    if totals is None:
        return {key: None for key in (*FIGURE_KEYS, "ending")}
    return {**as_json(totals), "ending": ending(totals)}


def _progress(done: int, total: int, text: str) -> None:
    print(f"\r[{done}/{total}] {text[:60]:<60}", end="" if done < total else "\n", file=sys.stderr)


def _seats(args: argparse.Namespace, ws: Workspace) -> int:
    if args.attach:
        seat_id, rehearsal_id = args.attach
        ws.seats.attach(seat_id, rehearsal_id)
    statuses = ws.seats.statuses()
    if args.json:
        data = [
            {
                "id": s.seat.id,
                "plan": s.seat.plan_id,
                "plan_label": s.seat.plan_label,
                "role": s.seat.role.value,
                "person": s.seat.person,
                "started": s.seat.started,
                "finished": s.seat.finished,
                "marks": s.marks,
                "landed": s.landed,
                "waiting": s.waiting,
                "rehearsals": list(s.rehearsals),
                "attached_to": s.attached_by_hand,
            }
            for s in statuses
        ]
        print(json.dumps({"seats": data}, ensure_ascii=False, indent=2))
        return 0
    if not statuses:
        print("No seats yet.")
    for s in statuses:
        who = s.seat.person or "—"
        print(
            f"{s.seat.id}  {format_moment(s.seat.started)}  {s.seat.role.value:<14} {who}  "
            f"{s.seat.plan_label}"
        )
        where = ", ".join(s.rehearsals) or "no rehearsal"
        line = f"    {count(s.landed, 'flag or note', 'flags and notes')} on {where}"
        if s.waiting:
            line += f"; {s.waiting} waiting (seats --attach {s.seat.id} REHEARSAL_ID)"
        print(line)
    return 0
