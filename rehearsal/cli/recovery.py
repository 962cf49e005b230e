"""`rehearsal recovery REHEARSAL_ID`: a rehearsal's recovery plan as of its last mark (for
a finished run, at its end), and the targets adjusted live during it."""

from __future__ import annotations

import argparse
import json
from typing import Any

from rehearsal.durations import format_moment
from rehearsal.rehearsing.adjustments import Adjustment, adjustments
from rehearsal.rehearsing.recovery import RecoveryPlan, recovery_plan
from rehearsal.rehearsing.timing import live_steps, replay
from rehearsal.workspace import Workspace

COMMANDS = ("recovery",)


def add_parsers(sub: Any, db_option: argparse.ArgumentParser) -> None:
    shown = sub.add_parser(
        "recovery",
        parents=[db_option],
        help="a rehearsal's recovery plan as of its last mark, and its targets adjusted live",
    )
    shown.add_argument("rehearsal_id")
    shown.add_argument("--json", action="store_true")


def recovery_json(plan: RecoveryPlan, adjusted: tuple[Adjustment, ...]) -> dict[str, Any]:
    return {
        "status": plan.status.value,
        "projected_end_s": round(plan.projected_end_s, 3),  # after the first mark
        "slot_end_s": round(plan.slot_end_s, 3),
        "behind_s": plan.behind_s,
        "spare_s": plan.spare_s,
        "shortfall_s": plan.shortfall_s,
        "running_target_s": plan.running_target_s,
        "changes": [
            {
                "step_id": c.step_id,
                "title": c.title,
                "planned_s": c.planned_s,
                "from_s": c.from_s,
                "target_s": c.target_s,
                "non_negotiable": c.non_negotiable,
            }
            for c in plan.changes
        ],
        "lines": list(plan.lines()),
        "adjusted": [
            {
                "step_id": a.step_id,
                "title": a.title,
                "planned_s": a.planned_s,
                "from_s": a.from_s,
                "target_s": a.target_s,
                "at_s": round(a.at_s, 3),
                "reason": a.reason,
                "text": a.text(),
            }
            for a in adjusted
        ],
    }


def run(args: argparse.Namespace, ws: Workspace) -> int:
    rehearsal = ws.rehearsal(args.rehearsal_id)
    plan = ws.plan(rehearsal.plan_id)
    events = ws.events(rehearsal.id)
    steps = live_steps(plan)
    state = replay(steps, events)
    recovery = recovery_plan(plan, state, state.last_ns)
    adjusted = adjustments(steps, events)
    if args.json:
        data = {"rehearsal_id": rehearsal.id, **recovery_json(recovery, adjusted)}
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    when = f"its last mark ({format_moment(events[-1].wall)})" if events else "its start"
    if state.finished:
        when = "its end"
    print(f"Recovery plan of rehearsal {rehearsal.id}, as of {when}:")
    for line in recovery.lines():
        print(f"  {line}")
    if adjusted:
        print("Adjusted live:")
        for a in adjusted:
            print(f"  {a.title}: {a.text()}")
    return 0
