"""The process tests/core/storage/test_kill.py kills: it marks a rehearsal as fast as it can.

    python tests/kill_child.py WORKSPACE PLAN_ID SEED

It opens the workspace, starts a rehearsal of the plan on the real clock and loops over a
random mix of marks. After each call returns it prints one line and flushes, so every line
the parent reads is something the app had already shown:

    REHEARSAL <rehearsal id>
    MARK <rehearsal id> <seq> <event id> <kind> <step index> <paused 0/1> [<flag id>]

A finished rehearsal is followed by a new one, so the loop never runs out of marks.
"""

from __future__ import annotations

import random
import sys

from rehearsal import InvalidOperation, Workspace
from rehearsal.model import Event, Flag
from rehearsal.rehearsing.run import Run

ACTIONS = ("next", "pause", "resume", "flag", "note", "undo", "retry")
WEIGHTS = (4, 3, 3, 2, 2, 3, 1)


def mark(run: Run, action: str, rng: random.Random) -> tuple[Event, Flag | None]:
    if action == "flag":
        flag = run.flag("other", note=f"flag {rng.randrange(1000)}", seconds_lost=rng.randrange(60))
        return run.events[-1], flag
    if action == "note":
        return run.note(f"note {rng.randrange(1000)}", author="kill test"), None
    return getattr(run, action)(), None


def main(path: str, plan_id: str, seed: int) -> None:
    rng = random.Random(seed)
    ws = Workspace.open(path)
    while True:
        run = ws.start_rehearsal(plan_id)
        rid = run.rehearsal.id
        print(f"REHEARSAL {rid}", flush=True)
        while not run.state.finished:
            action = rng.choices(ACTIONS, WEIGHTS)[0]
            try:
                event, flag = mark(run, action, rng)
            except InvalidOperation:
                continue
            fields = [
                "MARK",
                rid,
                str(event.seq),
                event.id,
                event.kind.value,
                str(run.state.index),
                "1" if run.state.paused_since is not None else "0",
            ]
            if flag is not None:
                fields.append(flag.id)
            print(" ".join(fields), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
