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
from types import ModuleType
from typing import TYPE_CHECKING, Any, NoReturn

from rehearsal import __version__
from rehearsal.crashlog import write_crash_log
from rehearsal.durations import format_duration, format_signed, format_time_of_day_exact
from rehearsal.errors import InvalidOperation, RehearsalError
from rehearsal.workspace import Workspace

if TYPE_CHECKING:
    from rehearsal.plans.readiness import ReadinessReport
    from rehearsal.plans.revision_diff import PlanChange, PlanDiff

VIEWS = ("design", "rehearse", "review", "analyze")
WORKSPACE_SUFFIX = ".rehearsal"
PACK_SUFFIX = ".rehearsalpack"
# Options of the launch that take a value: the word after them is not a file to open.
_VALUE_OPTIONS = ("--db", "--view", "--appearance", "--screenshot")
MAP_FIELDS = (
    "title",
    "duration",
    "start",
    "end",
    "section",
    "type",
    "lead",
    "lead_person",
    "intent",
    "notes",
    "producer",
    "materials",
    "contingency",
    "cue",
    "id",
    "non_negotiable",
    "flexible",
    "flex_min",
    "flex_max",
)


class UserError(RehearsalError):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message} (see '{self.prog} --help')\n")


def command_modules() -> tuple[ModuleType, ...]:
    """The modules that add commands of their own (`add_parsers`, `COMMANDS`, `run`).
    Imported when a command is parsed, not for the launch of the app: they bring the
    analysis, packs and reports with them."""
    from rehearsal.cli import analysis, evidence, exchange, recovery, report, rules

    return (exchange, analysis, report, rules, evidence, recovery)


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The parser of every option and command; with `commands=False`, of the launch's
    options only (for a command line without a command: `names_a_command`)."""
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
        "--appearance",
        choices=("system", "light", "dark"),
        help="light or dark appearance (default: as in Preferences, following the system)",
    )
    parser.add_argument(
        "--screenshot",
        metavar="FILE.png",
        help="render the window offscreen at 1400x900 to FILE.png and exit",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check offscreen that this installation works (views, files it writes and "
        "reads back); prints one line per check, exits 0 when all pass",
    )
    if not commands:
        parser.set_defaults(command=None)
        return parser
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
    exp.add_argument(
        "--format",
        choices=("json", "csv", "xlsx", "ontime", "ontime-xlsx"),
        help="json|csv|xlsx: Rehearsal's own (by the suffix unless given); ontime: an Ontime "
        "v4 project file; ontime-xlsx: Ontime's XLSX rundown",
    )
    exp.add_argument(
        "--note",
        choices=("facilitator_notes", "intent", "producer_cues", "materials", "contingency"),
        default="facilitator_notes",
        help="with --format ontime: the field each event's note holds",
    )

    lst = sub.add_parser("list", parents=[db_option], help="list programs and their plans")
    lst.add_argument("--json", action="store_true")

    ready = sub.add_parser(
        "readiness", parents=[db_option], help="check whether a plan is ready to launch"
    )
    ready.add_argument("plan_id")
    ready.add_argument("--json", action="store_true")
    ready.add_argument(
        "--buffer",
        type=_percent,
        metavar="PCT",
        help="the share of the slot to keep free (default: the workspace's launch rules, "
        "10 unless set with 'rehearsal rules')",
    )
    ready.add_argument(
        "--min-rehearsals",
        type=_count,
        metavar="N",
        help="complete rehearsals of the revision needed to prove its timing (default: the "
        "workspace's launch rules, 2 unless set)",
    )

    diff = sub.add_parser("diff", parents=[db_option], help="compare two revisions of a plan")
    diff.add_argument("old_plan_id")
    diff.add_argument("new_plan_id")
    diff.add_argument("--json", action="store_true")

    sub.add_parser("demo", parents=[db_option], help="write the demo workspace")
    for module in command_modules():
        module.add_parsers(sub, db_option)
    return parser


def names_a_command(argv: Sequence[str]) -> bool:
    """Whether `argv` may name a command (or asks for help, which lists them): a word that
    is neither an option nor a launch option's value. Without one, argparse would find no
    command either, so the launch's options parse `argv` alike."""
    for index, word in enumerate(argv):
        if word in ("-h", "--help"):
            return True
        if not word.startswith("-") and not (index and argv[index - 1] in _VALUE_OPTIONS):
            return True
    return False


def _percent(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < 100:
        raise argparse.ArgumentTypeError(f"{text!r} is not a percentage from 0 to under 100")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 0 or more")
    return value


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


def _import(ws: Workspace, args: argparse.Namespace) -> None:
    """Store the plan in `args.file`; on stderr, which columns of a sheet were read as what
    (the guess a script author may want to correct with --map) and what was read loosely."""
    from rehearsal.formats import as_imported, import_draft, open_sheet
    from rehearsal.formats.sheet_file import describe_columns, read_sheet_file

    mapping = _mapping(args.map) or None
    sheet = open_sheet(args.file, format=args.format)
    if sheet is None:
        draft, note = import_draft(args.file, format=args.format, mapping=mapping), ""
    else:
        reading = read_sheet_file(sheet, mapping=mapping)
        draft = as_imported(reading.draft, args.file)
        note = (
            ""
            if reading.exported
            else describe_columns(reading.columns, reading.used, imported=True)
        )
    plan = ws.add_plan(draft, program=args.program)
    name = Path(args.file).name
    if note:
        print(f"note: {name}: {' '.join(note.split())}", file=sys.stderr)  # one line
    for warning in draft.warnings:  # what was read loosely, for the person to check
        print(f"warning: {name}: {' '.join(warning.split())}", file=sys.stderr)
    print(plan.id)


def list_json(ws: Workspace) -> dict[str, Any]:
    counts = ws.rehearsal_counts()
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
        for module in command_modules():
            if args.command in module.COMMANDS:
                return int(module.run(args, ws))
        if args.command == "import":
            _import(ws, args)
        elif args.command == "export":
            if args.note != "facilitator_notes" and args.format != "ontime":
                raise InvalidOperation("--note is for --format ontime.")
            ws.export_plan(args.plan_id, args.output, format=args.format, note_field=args.note)
        elif args.command == "list":
            data = list_json(ws)
            if args.json:
                _dump(data)
            else:
                _print_list(data)
        elif args.command == "readiness":
            from rehearsal.plans.readiness import readiness

            report = readiness(
                ws, args.plan_id, buffer_pct=args.buffer, min_rehearsals=args.min_rehearsals
            )
            _print_readiness(report, ws, as_json=args.json)
        elif args.command == "diff":
            old, new = ws.plan(args.old_plan_id), ws.plan(args.new_plan_id)
            if old.program_id != new.program_id:
                raise UserError("these plans belong to different programs; diff two revisions")
            from rehearsal.plans.revision_diff import diff_plans

            _print_diff(diff_plans(old, new), as_json=args.json)
    return 0


def _dump(data: dict[str, Any]) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _print_readiness(report: ReadinessReport, ws: Workspace, *, as_json: bool) -> None:
    from rehearsal.plans.readiness import report_json

    if as_json:
        _dump(report_json(report))
        return
    plan = ws.plan(report.plan_id)
    program = ws.program(plan.program_id)
    verdict = "READY" if report.ready else "NOT READY"
    print(f"{program.name}, revision {plan.revision}: {verdict} (score {report.score}/100)")
    for check in report.checks:
        print(f"  {'✓' if check.passed else '✗'} {check.title}: {check.detail}")


def _print_diff(diff: PlanDiff, *, as_json: bool) -> None:
    from rehearsal.plans.revision_diff import Change, PlanField, diff_json

    if as_json:
        _dump(diff_json(diff))
        return
    print(f"Revision {diff.old.revision} → revision {diff.new.revision}")
    if diff.empty:
        print("  No differences.")
        return
    for change in diff.plan:
        text = (
            f"  {change.field.value}: {_plan_value(change, change.old_s)} → "
            f"{_plan_value(change, change.new_s)}"
        )
        if change.delta_s is not None and change.field is not PlanField.START:
            text += f" ({format_signed(change.delta_s)})"
        print(text)
    retimes = {r.segment_id: r for r in diff.retimed}
    moves = {m.segment_id: m for m in diff.moved}
    transitions = {t.after_segment_id: t for t in diff.transitions}
    for row in diff.aligned_rows(changed_only=True):
        seg = row.new or row.old
        assert seg is not None
        notes = []
        if Change.ADDED in row.changes:
            notes.append(f"added ({format_duration(seg.planned_s)})")
        if Change.REMOVED in row.changes:
            notes.append(f"removed (was {format_duration(seg.planned_s)})")
        if Change.MOVED in row.changes:
            move = moves[seg.id]
            notes.append(f"moved {move.old_index + 1} → {move.new_index + 1}")
        if Change.RETIMED in row.changes:
            r = retimes[seg.id]
            notes.append(
                f"re-timed {format_duration(r.old_s)} → {format_duration(r.new_s)} "
                f"({format_signed(r.delta_s)})"
            )
        mark = "+" if row.old is None else "-" if row.new is None else "~"
        print(f"  {mark} {seg.title}" + (f": {'; '.join(notes)}" if notes else ""))
        for field in row.fields:
            print(f"      {field.label}: {_quoted(field.old)} → {_quoted(field.new)}")
        if Change.TRANSITION in row.changes:
            t = transitions[seg.id]
            print(
                f"      hand-off after it: {format_duration(t.old_allowance_s)} "
                f"{_quoted(t.old_cue)} → {format_duration(t.new_allowance_s)} "
                f"{_quoted(t.new_cue)}"
            )


def _plan_value(change: PlanChange, value: int | None) -> str:
    from rehearsal.plans.revision_diff import PlanField

    if value is None:
        return "not set"
    if change.field is PlanField.START:
        return format_time_of_day_exact(value)
    return format_duration(value)


def _quoted(text: str) -> str:
    return f"“{' '.join(text.split())}”" if text.strip() else "—"


def split_files(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """`rehearsal [OPTIONS] FILE…` → (the files, the other arguments).

    This is how a file manager opens workspaces (.rehearsal) and packs (.rehearsalpack)
    with the app (`Exec=rehearsal %F`). Only words before a command count, and not an
    option's value: `rehearsal --db w.rehearsal` and `rehearsal pack import x.rehearsalpack`
    are left as they are.
    """
    files: list[int] = []
    for index, word in enumerate(argv):
        if word.startswith("-") or (index and argv[index - 1] in _VALUE_OPTIONS):
            continue
        if Path(word).suffix.lower() not in (WORKSPACE_SUFFIX, PACK_SUFFIX):
            break  # a command: the rest are its arguments
        files.append(index)
    rest = [word for index, word in enumerate(argv) if index not in files]
    return [argv[index] for index in files], rest


def _files_to_open(args: argparse.Namespace, files: Sequence[str]) -> None:
    """Point the launch at the workspace among `files` (`args.db`) and the packs to merge
    into it once the window is open (`args.packs`)."""
    workspaces = [f for f in files if Path(f).suffix.lower() == WORKSPACE_SUFFIX]
    if len(workspaces) > 1:
        raise UserError("open one workspace at a time")
    if workspaces and getattr(args, "db", None):
        raise UserError(f"{workspaces[0]} and --db name two workspaces; open one at a time")
    if workspaces:
        args.db = workspaces[0]
    args.packs = [f for f in files if Path(f).suffix.lower() == PACK_SUFFIX]


def launch_app(args: argparse.Namespace) -> int:
    """Hand over to the desktop app, which registers itself as a `rehearsal.gui` entry point."""
    found = entry_points(group="rehearsal.gui", name="app")
    if not found:
        raise UserError("the desktop app is not installed; only the commands work here")
    launch = next(iter(found)).load()
    return int(launch(args))


def main(argv: Sequence[str] | None = None) -> int:
    files, rest = split_files(sys.argv[1:] if argv is None else argv)
    args = build_parser(commands=names_a_command(rest)).parse_args(rest)
    try:
        if args.command:
            return run_command(args)
        if args.self_test and (files or args.screenshot or args.demo or getattr(args, "db", None)):
            raise UserError("--self-test runs on its own: it makes its own demo workspace")
        _files_to_open(args, files)
        return launch_app(args)
    except RehearsalError as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `rehearsal stats … | head`: the reader had enough
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug: keep the details, tell the user where they are
        log = write_crash_log(exc)
        print(f"error: unexpected {type(exc).__name__}: {exc} (details in {log})", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
