"""A run of the demo plan, some way in, in a workspace of its own: for pictures of live
screens and pages with real content (long producer cues, a 90-minute plan)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from rehearsal.clock import FakeClock
from rehearsal.demo import demo_draft
from rehearsal.rehearsing.run import Run
from rehearsal.workspace import Workspace

# The steps run before the breakout, each a little long (seconds of the step's plan added).
RUN_LONG_S = (40, 15, 90, 0, 30)


@contextmanager
def demo_run(until: str = "Breakout") -> Iterator[tuple[Run, FakeClock]]:
    """The demo plan run (a few steps long) up to the step whose title starts with `until`,
    which has been running for a minute."""
    with tempfile.TemporaryDirectory() as folder, Workspace.open(Path(folder, "d.rehearsal")) as ws:
        plan = ws.add_plan(demo_draft())
        clock = FakeClock(datetime(2026, 3, 2, 9, 1, tzinfo=UTC))
        run = ws.start_rehearsal(plan.id, producer="Sam", clock=clock)
        run.next()
        i = 0
        while run.state.current is not None and not run.state.current.title.startswith(until):
            clock.advance(run.state.current.planned_s + RUN_LONG_S[i % len(RUN_LONG_S)])
            run.next()
            i += 1
        clock.advance(60)
        yield run, clock
