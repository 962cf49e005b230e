"""`rehearsal rules`: show or set the workspace's launch rules (what Preferences edits in
the app): the slot buffer and rehearsals readiness asks for, the re-timing rule and the complete
rehearsals it needs."""

from __future__ import annotations

import argparse
import json
from typing import Any

from rehearsal.durations import count
from rehearsal.launch_rules import (
    BUFFER_PCT_RANGE,
    MIN_REHEARSALS_RANGE,
    PRODUCER_LEAD_DAYS_RANGE,
    RETIMING_MIN_COMPLETE_RANGE,
    RETIMING_RULES,
    LaunchRules,
)
from rehearsal.workspace import Workspace

COMMANDS = ("rules",)


def add_parsers(sub: Any, db_option: argparse.ArgumentParser) -> None:
    rules = sub.add_parser(
        "rules",
        parents=[db_option],
        help="show or set the launch rules readiness, reports and re-timing use",
    )
    low, high = BUFFER_PCT_RANGE
    rules.add_argument(
        "--buffer",
        type=float,
        metavar="PCT",
        help=f"the share of the slot to keep free, {low:g} to {high:g}",
    )
    low_n, high_n = MIN_REHEARSALS_RANGE
    rules.add_argument(
        "--min-rehearsals",
        type=int,
        metavar="N",
        help=f"finished rehearsals that prove a revision's timing, {low_n} to {high_n}",
    )
    rules.add_argument("--retiming-rule", choices=list(RETIMING_RULES), help="re-time steps to")
    low_c, high_c = RETIMING_MIN_COMPLETE_RANGE
    rules.add_argument(
        "--retiming-min-complete",
        type=int,
        metavar="N",
        help=f"complete rehearsals a re-timing suggestion needs, {low_c} to {high_c}",
    )
    low_d, high_d = PRODUCER_LEAD_DAYS_RANGE
    rules.add_argument(
        "--producer-lead-days",
        type=int,
        metavar="N",
        help=f"days before launch the producer must have received the plan, {low_d} to {high_d}",
    )
    rules.add_argument("--json", action="store_true")


def rules_json(rules: LaunchRules, stored: bool) -> dict[str, Any]:
    return {
        "buffer_pct": rules.buffer_pct,
        "min_rehearsals": rules.min_rehearsals,
        "retiming_rule": rules.retiming_rule,
        "retiming_min_complete": rules.retiming_min_complete,
        "producer_lead_days": rules.producer_lead_days,
        "set": stored,  # false: the defaults, nobody set them for this workspace
    }


def run(args: argparse.Namespace, ws: Workspace) -> int:
    given = (
        args.buffer,
        args.min_rehearsals,
        args.retiming_rule,
        args.retiming_min_complete,
        args.producer_lead_days,
    )
    if any(value is not None for value in given):
        ws.set_launch_rules(
            buffer_pct=args.buffer,
            min_rehearsals=args.min_rehearsals,
            retiming_rule=args.retiming_rule,
            retiming_min_complete=args.retiming_min_complete,
            producer_lead_days=args.producer_lead_days,
        )
    rules = ws.launch_rules()
    if args.json:
        print(json.dumps(rules_json(rules, ws.has_launch_rules()), indent=2))
        return 0
    origin = "" if ws.has_launch_rules() else " (the defaults)"
    print(f"Launch rules of {ws.path.name}{origin}:")
    print(f"  slot buffer: {rules.buffer_pct:g} %")
    print(f"  rehearsals to prove the timing: {rules.min_rehearsals}")
    print(f"  re-timing: each step to the {RETIMING_RULES[rules.retiming_rule]}")
    print(f"  re-timing needs {count(rules.retiming_min_complete, 'complete rehearsal')}")
    print(
        f"  the producer receives the plan {count(rules.producer_lead_days, 'day')} before launch"
    )
    return 0
