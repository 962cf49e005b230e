"""CLI commands for launch: `signoff`, `launch` and `portfolio`."""

from __future__ import annotations

import argparse
import json
from typing import Any

from rehearsal.analysis.portfolio import Portfolio, portfolio, portfolio_json
from rehearsal.durations import format_date, format_days_left, format_moment
from rehearsal.errors import InvalidOperation
from rehearsal.signoff_model import ROLE_TITLES, SignoffRole, SignoffState
from rehearsal.workspace import Workspace

COMMANDS = ("signoff", "launch", "portfolio")


def add_parsers(sub: Any, db_option: argparse.ArgumentParser) -> None:
    sign = sub.add_parser(
        "signoff",
        parents=[db_option],
        help="record that a person in a role received (or accepted) a plan revision",
    )
    sign.add_argument("plan_id")
    sign.add_argument("--role", choices=[r.value for r in SignoffRole])
    sign.add_argument("--person", metavar="NAME")
    sign.add_argument("--accept", action="store_true", help="accepted it (without: received it)")
    sign.add_argument("--note", default="", metavar="TEXT")
    sign.add_argument("--json", action="store_true", help="print the revision's sign-offs")

    launch = sub.add_parser(
        "launch", parents=[db_option], help="show or set a plan revision's launch date"
    )
    launch.add_argument("plan_id")
    launch.add_argument("date", nargs="?", metavar="YYYY-MM-DD|none")

    folio = sub.add_parser(
        "portfolio", parents=[db_option], help="every program: readiness, risk, sign-off"
    )
    folio.add_argument("--json", action="store_true")


def signoffs_json(state: SignoffState) -> dict[str, Any]:
    return {
        "plan": state.plan_id,
        "people": [
            {
                "role": p.role.value,
                "person": p.person,
                "received": p.received_at,
                "accepted": p.accepted_at,
                "note": p.note,
            }
            for p in state.people
        ],
        "missing_roles": [r.value for r in state.missing_roles()],
    }


def run(args: argparse.Namespace, ws: Workspace) -> int:
    if args.command == "signoff":
        _signoff(args, ws)
    elif args.command == "launch":
        if args.date is not None:
            ws.signoffs.set_launch(args.plan_id, args.date)
        plan = ws.plan(args.plan_id)
        shown = format_date(ws.signoffs.launch(plan.id)) or "none"
        print(f"{ws.program(plan.program_id).name}, revision {plan.revision}: launch {shown}")
    elif args.command == "portfolio":
        found = portfolio(ws)
        if args.json:
            print(json.dumps(portfolio_json(found), ensure_ascii=False, indent=2))
        else:
            _print_portfolio(found)
    return 0


def _signoff(args: argparse.Namespace, ws: Workspace) -> None:
    if (args.role is None) != (args.person is None):
        raise InvalidOperation("Give both --role and --person (or neither, to list them).")
    plan = ws.plan(args.plan_id)
    if args.role is not None:
        ws.signoffs.record(plan.id, args.role, args.person, accepted=args.accept, note=args.note)
    state = ws.signoffs.of(plan.id)
    if args.json:
        print(json.dumps(signoffs_json(state), ensure_ascii=False, indent=2))
        return
    print(f"{ws.program(plan.program_id).name}, revision {plan.revision}:")
    for p in state.people:
        what = (
            f"accepted {format_moment(p.accepted_at)}"
            if p.accepted_at
            else f"received {format_moment(p.received_at or '')}"
        )
        note = f" — {p.note}" if p.note else ""
        print(f"  {ROLE_TITLES[p.role]} {p.person}: {what}{note}")
    missing = [ROLE_TITLES[r] for r in state.missing_roles()]
    print("  not yet accepted by: " + (", ".join(missing) if missing else "nobody — all accepted"))


def _print_portfolio(found: Portfolio) -> None:
    if not found.programs:
        print("No programs yet. Import a run-of-show with: rehearsal import FILE")
        return
    for line in found.programs:
        launch = format_date(line.launch_on) or "no launch date"
        left = f" ({format_days_left(line.days_left)})" if line.days_left is not None else ""
        risk = "—" if line.p_overrun is None else f"{line.p_overrun:.0%}"
        verdict = "ready" if line.readiness.ready else f"readiness {line.readiness.score}"
        print(
            f"{line.name}, revision {line.revision}: {verdict}; launch {launch}{left}; "
            f"P(overrun) {risk}; {line.open_high_flags} open high flags, "
            f"{line.open_items} open items, {line.complete_rehearsals} complete rehearsals"
        )
        if line.missing_signoffs:
            print(f"  sign-off missing: {'; '.join(line.missing_signoffs)}")
        for title in line.failing:
            print(f"  ✗ {title}")
