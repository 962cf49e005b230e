"""Render the README's screenshots of the Portfolio and of Design's Sign-off panel, light and
dark (the appearance switched in the running app, as Preferences does, never restarted);
and the Portfolio while its P(overrun)s are being simulated (the kept risks dropped first,
the simulation held until the shot is taken).

    QT_QPA_PLATFORM=offscreen python packaging/screenshots.py [--out packaging/screenshots]

The workspace is made here: the demo program, and beside it a handful of programs with
two-hour plans, long producer cues, rehearsals by several facilitators, launch dates and
sign-offs, so every column of the portfolio has something to say.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

PROGRAMS = (
    ("Order workflow rollout — module 3", 0.97, 4),
    ("Returns and refunds for store leads", 1.06, 2),
    ("Safety briefing for new warehouse staff (EMEA, APAC)", 1.12, 0),
    ("Coaching conversations: giving feedback that lands", 1.0, 3),
    ("Quarter-end close for regional finance teams", 1.03, 1),
)
CUES = (
    "Open the poll the moment the facilitator says 'let's check in'; if fewer than half "
    "have answered after 45 seconds, post the link again in chat and read the question aloud."
)


def build(path: Path) -> None:
    from rehearsal.clock import FakeClock
    from rehearsal.demo import write_demo
    from rehearsal.model import InteractionType, LeadRole, PlanDraft, Segment, new_id
    from rehearsal.signoff_model import SignoffRole
    from rehearsal.workspace import Workspace

    write_demo(path)
    types = (
        InteractionType.PRESENTATION,
        InteractionType.POLL,
        InteractionType.BREAKOUT,
        InteractionType.DISCUSSION,
        InteractionType.DEMO,
    )
    facilitators = ("Maya Chen", "Jordan Okafor", "Ana Lima")
    with Workspace.open(path) as ws:
        for n, (name, pace, accepted) in enumerate(PROGRAMS):
            segments = tuple(
                Segment(
                    id=new_id(),
                    title=f"Part {i + 1}",
                    planned_s=(5 + (i * 5) % 11) * 60,
                    interaction=types[i % len(types)],
                    lead=LeadRole.FACILITATOR,
                    intent="Practise the new flow" if (i + n) % 4 else "",
                    producer_cues=CUES,
                    non_negotiable=i % 5 == 2,
                )
                for i in range(12)
            )
            total = sum(s.planned_s for s in segments)
            plan = ws.add_plan(
                PlanDraft(name=name, slot_s=2 * 3600, start_s=9 * 3600, segments=segments)
            )
            assert total <= 2 * 3600
            for r in range(3 + n % 3):
                clock = FakeClock()
                who = facilitators[(r + n) % len(facilitators)]
                run = ws.start_rehearsal(plan.id, facilitator=who, producer="Sam", clock=clock)
                for step in run.steps:
                    run.next()
                    lean = 1.0 + 0.04 * ((r + n) % len(facilitators))
                    clock.advance(step.planned_s * pace * lean)
                run.finish()
            ws.signoffs.set_launch(plan.id, date.today() + timedelta(days=9 + 11 * n))
            ws.signoffs.record(plan.id, SignoffRole.PRODUCER, "Sam Rivera", accepted=False)
            for role in list(SignoffRole)[:accepted]:
                ws.signoffs.record(
                    plan.id, role, f"{role.value.split('-')[0].capitalize()} lead", accepted=True
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "screenshots")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = tempfile.TemporaryDirectory(prefix="rehearsal-screens-")
    for name, sub in (("REHEARSAL_CONFIG_DIR", "config"), ("REHEARSAL_LOG_DIR", "logs")):
        os.environ[name] = str(Path(scratch.name) / sub)
    from PySide6.QtWidgets import QApplication

    from rehearsal.storage import risk_cache
    from rehearsal.workspace import Workspace
    from rehearsal_ui.main_window import MainWindow
    from rehearsal_ui.portfolio import view as portfolio_view
    from rehearsal_ui.shell.application import application
    from rehearsal_ui.shell.settings import Settings
    from rehearsal_ui.shell.theme import apply_appearance

    app = application()
    path = Path(scratch.name) / "screens.rehearsal"
    build(path)
    ws = Workspace.open(path)
    window = MainWindow(ws, Settings())
    window.resize(1400, 820)
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        for _ in range(30):
            app.processEvents()

    held = threading.Event()  # cleared: the simulation waits for the shot of it under way
    held.set()
    simulate = portfolio_view.fill_risks

    def holding(*args: Any, **kwargs: Any) -> Any:
        held.wait(60)
        return simulate(*args, **kwargs)

    portfolio_view.fill_risks = holding
    for mode in ("light", "dark"):
        apply_appearance(app, mode)  # switched live, as Preferences does
        settle()
        window.show_view("portfolio")
        view = window.portfolio
        while view.busy:
            app.processEvents()
        suffix = "" if mode == "light" else "-dark"
        risk_cache.forget(ws.storage)
        held.clear()
        view.refresh()
        while "Simulating" not in view.updating.text():
            app.processEvents()
        settle()
        view.grab().save(str(args.out / f"portfolio-simulating{suffix}.png"))
        held.set()
        while view.busy:
            app.processEvents()
        settle()
        view.table.selectRow(1)
        settle()
        view.grab().save(str(args.out / f"portfolio{suffix}.png"))
        view.table.selectRow(0)
        window.open_plan_in_design(str(view.selected_plan()))
        settle()
        window.design.launch_tabs.setCurrentWidget(window.design.signoff)
        settle()
        window.grab().save(str(args.out / f"signoff{suffix}.png"))
    window.close()
    ws.close()
    QApplication.processEvents()
    scratch.cleanup()
    print(f"written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
