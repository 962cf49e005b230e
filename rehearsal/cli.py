"""The `rehearsal` command: launch the app, or script a workspace headlessly.

Exit status: 0 on success; 2 on a user error (one line on stderr starting ``error:``);
1 on anything unexpected (the traceback goes to the log file it names).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, NoReturn

from rehearsal import __version__
from rehearsal.crashlog import write_crash_log
from rehearsal.errors import RehearsalError
from rehearsal.workspace import Workspace

VIEWS = ("design", "rehearse", "review", "analyze")
MAP_FIELDS = (
    "title",
    "duration",
    "start",
    "end",
    "section",
    "type",
    "lead",
    "intent",
    "notes",
    "producer",
    "materials",
    "contingency",
    "cue",
    "id",
    "non_negotiable",
)


class UserError(RehearsalError):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    db_option = _Parser(add_help=False)
    db_option.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the workspace file (default: $REHEARSAL_DB, else one in your data folder)",
    )
    parser = _Parser(
        prog="rehearsal",
        parents=[db_option],
        description="Rehearse live virtual training: step through a run-of-show, capture "
        "actual timings and flags, and compare them with the plan.",
    )
    parser.add_argument("--version", action="version", version=f"rehearsal {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="open a demo workspace (created if missing)"
    )
    parser.add_argument("--view", choices=VIEWS, help="the view to show first")
    parser.add_argument(
        "--screenshot",
        metavar="FILE.png",
        help="render the window offscreen at 1400x900 to FILE.png and exit",
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    imp = sub.add_parser("import", parents=[db_option], help="import a run-of-show as a plan")
    imp.add_argument("file")
    imp.add_argument("--format", default="auto", choices=("auto", "json", "csv", "xlsx", "ontime"))
    imp.add_argument(
        "--program", metavar="NAME", help="add the import as the next revision of this program"
    )
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="read FIELD from the column headed COLUMN (fields: " + ", ".join(MAP_FIELDS) + ")",
    )

    exp = sub.add_parser("export", parents=[db_option], help="write a plan to a file")
    exp.add_argument("plan_id")
    exp.add_argument("-o", "--output", required=True, metavar="FILE")
    exp.add_argument("--format", choices=("json", "csv", "xlsx"))

    lst = sub.add_parser("list", parents=[db_option], help="list programs and their plans")
    lst.add_argument("--json", action="store_true")

    sub.add_parser("demo", parents=[db_option], help="write the demo workspace")
    return parser


def _mapping(pairs: Sequence[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        field = field.strip().lower().replace("-", "_")
        if not sep or not column.strip():
            raise UserError(f"--map {pair!r}: write it as FIELD=COLUMN, e.g. title=Activity")
        if field not in MAP_FIELDS:
            raise UserError(
                f"--map {pair!r}: unknown field {field!r}; fields: " + ", ".join(MAP_FIELDS)
            )
        mapping[field] = column.strip()
    return mapping


def list_json(ws: Workspace) -> dict[str, Any]:
    counts = {
        r["plan_id"]: r["n"]
        for r in ws.db.query("SELECT plan_id, count(*) AS n FROM rehearsals GROUP BY plan_id")
    }
    return {
        "programs": [
            {
                "id": program.id,
                "name": program.name,
                "plans": [
                    {
                        "id": plan.id,
                        "revision": plan.revision,
                        "segments": len(plan.segments),
                        "planned_s": plan.planned_s,
                        "slot_s": plan.slot_s,
                        "rehearsals": int(counts.get(plan.id, 0)),
                    }
                    for plan in ws.plans(program.id)
                ],
            }
            for program in ws.programs()
        ]
    }


def _print_list(data: dict[str, Any]) -> None:
    from rehearsal.durations import format_duration

    if not data["programs"]:
        print("No programs yet. Import a run-of-show with: rehearsal import FILE")
    for program in data["programs"]:
        print(f"{program['name']}  ({program['id']})")
        for plan in program["plans"]:
            slot = format_duration(plan["slot_s"]) if plan["slot_s"] is not None else "no slot"
            print(
                f"  rev {plan['revision']}  {plan['id']}  {plan['segments']} segments  "
                f"{format_duration(plan['planned_s'])} planned / {slot}  "
                f"{plan['rehearsals']} rehearsals"
            )


def run_command(args: argparse.Namespace) -> int:
    db = getattr(args, "db", None)
    if args.command == "demo":
        from rehearsal.demo import write_demo

        if not db:
            raise UserError("demo needs --db PATH: the file to write the demo workspace to")
        path = write_demo(Path(db))
        print(path)
        return 0
    with Workspace.open(db) as ws:
        if args.command == "import":
            plan = ws.import_plan(
                args.file,
                format=args.format,
                program=args.program,
                mapping=_mapping(args.map) or None,
            )
            print(plan.id)
        elif args.command == "export":
            ws.export_plan(args.plan_id, args.output, format=args.format)
        elif args.command == "list":
            data = list_json(ws)
            if args.json:
                print(json.dumps(data, ensure_ascii=False, indent=2))
            else:
                _print_list(data)
    return 0


def launch_app(args: argparse.Namespace) -> int:
    """Hand over to the desktop app, which registers itself as a `rehearsal.gui` entry point."""
    found = entry_points(group="rehearsal.gui", name="app")
    if not found:
        raise UserError("the desktop app is not installed; only the commands work here")
    launch = next(iter(found)).load()
    return int(launch(args))


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command:
            return run_command(args)
        return launch_app(args)
    except RehearsalError as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: keep the details, tell the user where they are
        log = write_crash_log(exc)
        print(f"error: unexpected {type(exc).__name__}: {exc} (details in {log})", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
