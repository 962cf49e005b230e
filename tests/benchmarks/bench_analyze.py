"""Does Analyze keep up with a program rehearsed a thousand times, read from its file?

Run on purpose: `python tests/benchmarks/bench_analyze.py [--rounds 5] [--rebuild]`.
Offscreen, with its own settings and logs in a temp folder.

Data: a workspace file holding one 60-segment plan and 1,000 finished rehearsals of it,
built through the public API as imported actuals are (`Run` records each rehearsal with a
fake clock, `Workspace.record_rehearsal` stores its events and flags: durations lognormal
around the plan, some retries, a few stopped early) and about 3,000 flags, a fifth of them
on hand-offs. Built once and kept in the system's temp folder (`--rebuild` builds it again).

Each round is a fresh process (so "cold" is cold: nothing read, nothing drawn yet) that
opens the file in the app's main window, shows Design, then:

- cold: a second after the window is up (by when the app, idle, has imported Analyze's
  modules), switches to Analyze for the first time (its widgets made then, its rehearsals
  read and analysed) until every chart of every tab holds the analysis and the tab shown
  has been painted;
- warm: goes back to Design, edits a flag in Review's store (heard as Changes: Analyze is
  stale), switches to Analyze again, until everything is drawn again and the tab painted;
  then once more with nothing changed (a switch and a paint);
- each other tab shown once: until its first paint is over;
- the longest gap between ticks of a 5 ms timer on the UI thread during each, i.e. the
  longest the window could not repaint or take a click;
- peak RSS of the process at the end.

Floor, measured in the same processes: one plain query of every stored step figure from the
file into numpy and a per-step median by sorting (what any per-segment statistic costs
at least). Prints medians over the rounds, the floor, ratios, and the targets: cold ≤ 400 ms,
warm ≤ 150 ms, no UI stall over 50 ms, peak RSS < 300 MB. Asserts only correctness (the view
analysed all 1,000 rehearsals, and its medians equal those of a replay of the events).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

REHEARSALS = 1000
SEGMENTS = 60
FLAGS_PER_RUN = 3
WINDOW = (1400, 900)
TARGETS = {"cold_ms": 400.0, "warm_ms": 150.0, "stall_ms": 50.0, "rss_mb": 300.0}
BUILD = "v2"  # change when the data built changes
CACHED = Path(tempfile.gettempdir()) / f"rehearsal-bench-analyze-{BUILD}.rehearsal"


# -- the workspace file -------------------------------------------------------------------------
def build(path: Path, seed: int = 7) -> None:
    from rehearsal.clock import FakeClock
    from rehearsal.model import (
        FLAG_CATEGORIES,
        Event,
        Flag,
        InteractionType,
        LeadRole,
        PlanDraft,
        Rehearsal,
        RehearsalKind,
        RehearsalStatus,
        Segment,
        new_id,
    )
    from rehearsal.rehearsing.run import Run
    from rehearsal.workspace import Workspace

    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    types, leads = tuple(InteractionType), tuple(LeadRole)
    facilitators = ("Maya Chen", "Jordan Okafor", "Ana Lima", "Tom Berg", "Ines Roy", "Kai Lu")
    segments = tuple(
        Segment(
            id=new_id(),
            title=f"Activity {i + 1}: {('scenario practice', 'debrief', 'poll')[i % 3]}",
            planned_s=(2 + i % 9) * 60,
            interaction=types[i % len(types)],
            lead=leads[i % len(leads)],
            non_negotiable=i % 7 == 0,
        )
        for i in range(SEGMENTS)
    )
    total = sum(s.planned_s for s in segments)
    draft = PlanDraft(
        name="Benchmark program", slot_s=int(total * 1.08), start_s=9 * 3600, segments=segments
    )
    rng = np.random.default_rng(seed)
    began = time.perf_counter()
    with Workspace.open(path) as ws:
        plan = ws.add_plan(draft)
        for i in range(REHEARSALS):
            clock = FakeClock()
            rehearsal = Rehearsal(
                id=new_id(),
                plan_id=plan.id,
                kind=(RehearsalKind.DRY_RUN, RehearsalKind.DRESS_REHEARSAL, RehearsalKind.PILOT)[
                    i % 3
                ],
                status=RehearsalStatus.ARMED,
                created=f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T09:00:00+00:00",
                facilitators=(facilitators[i % len(facilitators)],),
                producer=("Sam Rivera", "Priya Natarajan")[i % 2],
                cohort=f"cohort {i % 9}",
                region=("EMEA", "Americas", "APAC")[i % 3],
            )
            kept: list[tuple[Event, Flag | None]] = []
            run = Run(rehearsal, plan, [], clock, lambda e, f, kept=kept: kept.append((e, f)))
            steps = run.steps
            last = (
                len(steps)
                if rng.random() > 0.05
                else int(rng.integers(len(steps) // 2, len(steps)))
            )
            flagged = set(rng.choice(last, size=min(last, FLAGS_PER_RUN), replace=False).tolist())
            for j, step in enumerate(steps[:last]):
                run.next()
                seconds = step.planned_s * float(rng.lognormal(0.06, 0.18))
                if j in flagged:
                    clock.advance(seconds / 2)
                    run.flag(
                        FLAG_CATEGORIES[int(rng.integers(len(FLAG_CATEGORIES)))],
                        severity=("low", "medium", "high")[j % 3],
                        seconds_lost=int(rng.integers(0, 120)),
                        on_handoff=bool(rng.random() < 0.2) and j + 1 < last,
                    )
                    clock.advance(seconds / 2)
                else:
                    clock.advance(seconds)
                if rng.random() < 0.01:
                    run.retry()
                    clock.advance(step.planned_s)
            run.finish()
            ws.record_rehearsal(
                rehearsal, [e for e, _ in kept], [f for _, f in kept if f is not None]
            )
    print(f"built {path} in {time.perf_counter() - began:.1f} s", file=sys.stderr)


# -- one round, in a fresh process --------------------------------------------------------------
def floor_ms(path: Path) -> float:
    """Every stored step figure, one plain query into numpy, a median per step by sorting."""
    began = time.perf_counter()
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        blobs = [b for (b,) in conn.execute("SELECT actual_s FROM step_figures")]
    finally:
        conn.close()
    actual = np.stack([np.frombuffer(b, "<f8") for b in blobs])
    ordered = np.sort(actual, axis=0)  # NaN sorts last
    n = (~np.isnan(actual)).sum(axis=0)
    medians = ordered[(n - 1) // 2, np.arange(actual.shape[1])]
    assert len(medians) == SEGMENTS and len(blobs) == REHEARSALS
    return (time.perf_counter() - began) * 1000


def idle(app: object, seconds: float) -> None:
    """Let the event loop run for a while, as a user pausing between actions."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.002)


def child(path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from scratch import isolate_user_dirs

    scratch = isolate_user_dirs("bench-analyze-")
    from PySide6.QtCore import (
        QElapsedTimer,
        QEvent,
        QObject,
        QTimer,
        QtMsgType,
        qInstallMessageHandler,
    )
    from PySide6.QtWidgets import QApplication, QWidget

    from rehearsal.workspace import Workspace
    from rehearsal_ui.main_window import MainWindow
    from rehearsal_ui.shell.collector import settle_startup_objects
    from rehearsal_ui.shell.settings import Settings

    def quiet(kind: QtMsgType, context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(f"Qt {kind.name}: {message}", file=sys.stderr)

    qInstallMessageHandler(quiet)
    app = QApplication([sys.argv[0]])
    ws = Workspace.open(path)
    plan_id = ws.plans(ws.programs()[0].id)[0].id
    settings = Settings()
    settings.last_plan_id = plan_id
    window = MainWindow(ws, settings)
    window.resize(*WINDOW)
    window.show()
    window.show_view("design")
    settle_startup_objects()  # as `rehearsal_ui.app.launch` does once the window is shown
    idle(app, 1.0)  # a second, as a user takes: the window settles (Design's readiness,
    # the navigator; Analyze's modules are imported when the app is idle, PREPARE_ANALYZE_MS)

    clock = QElapsedTimer()
    ticks = QTimer()
    ticks.setInterval(5)
    gaps = {"last": 0, "longest": 0}

    def tick() -> None:
        now = clock.elapsed()
        gaps["longest"] = max(gaps["longest"], now - gaps["last"])
        gaps["last"] = now

    ticks.timeout.connect(tick)

    def measured(work: Callable[[], bool]) -> tuple[float, int]:
        """(ms, longest UI-thread stall in ms) from calling `work` until it says it is done
        (it is called again on every pass of the event loop)."""
        gaps["last"], gaps["longest"] = 0, 0
        clock.start()
        ticks.start()
        began = time.perf_counter()
        while not work():
            app.processEvents()
            time.sleep(0.0005)
        total = (time.perf_counter() - began) * 1000
        tick()
        ticks.stop()
        return total, int(gaps["longest"])

    def switch() -> tuple[float, int]:
        """Show Analyze: until everything is drawn and the tab shown painted."""
        state = {"asked": False, "heard": False, "drawn": False, "painted": False}

        def paint() -> None:
            window.analyze.tabs.currentWidget().grab()  # what the next paint would do
            state["painted"] = True

        def work() -> bool:
            if not state["asked"]:
                state["asked"] = True
                window.show_view("analyze")  # built a tick later, the first time
            if not state["heard"] and window.analyze_page.is_built:
                state["heard"] = True
                view = window.analyze
                if not view.busy:  # nothing to read again
                    QTimer.singleShot(0, paint)
                view.drawn.connect(lambda: QTimer.singleShot(0, paint))
            return state["painted"]

        found = measured(work)
        window.analyze.drawn.disconnect()
        return found

    class Painted(QObject):
        """Has a widget inside `page` been painted since `reset`?"""

        def __init__(self) -> None:
            super().__init__()
            self.page: QWidget | None = None
            self.seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            page = self.page
            if (
                page is not None
                and event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget)
                and (watched is page or page.isAncestorOf(watched))
            ):
                self.seen = True
            return False

    painted = Painted()  # an application-wide filter slows every event: only while needed

    def other_tabs() -> tuple[float, int]:
        """Show each other tab once, as a click on it would: (the slowest until its first
        paint is over, the longest stall)."""
        view = window.analyze
        slowest, stall = 0.0, 0
        app.installEventFilter(painted)
        for i in range(1, view.tabs.count()):
            state = {"asked": False, "ticks": 0}

            def work(i: int = i, state: dict[str, int] = state) -> bool:
                if not state["asked"]:
                    state["asked"] = True
                    painted.page, painted.seen = view.tabs.widget(i), False
                    view.tabs.setCurrentIndex(i)
                    return False
                return painted.seen  # this pass of the event loop painted it

            ms, gap = measured(work)
            slowest, stall = max(slowest, ms), max(stall, gap)
        app.removeEventFilter(painted)
        painted.page = None
        view.tabs.setCurrentIndex(0)
        return slowest, stall

    cold_ms, cold_stall = switch()
    tab_ms, tab_stall = other_tabs()
    a = window.analyze.analysis
    assert a is not None and len(a.obs.runs) == REHEARSALS, "every rehearsal analysed"
    window.show_view("design")
    idle(app, 0.6)
    rid = a.obs.runs[0].id
    flag = ws.review.flags(rid)[0]
    ws.review.edit_flag(flag.id, note="seen in the benchmark")  # Changes: Analyze is stale
    idle(app, 0.6)
    warm_ms, warm_stall = switch()
    window.show_view("design")
    idle(app, 0.3)
    again_ms, again_stall = switch()  # nothing changed meanwhile
    # the medians shown are those of a replay of the events (the figures are a cache)
    summaries = ws.rehearsal_summaries([ws.rehearsal(r.id) for r in a.obs.runs[:50]])
    replay = np.array(
        [[s.actual_s if s.actual_s is not None else np.nan for s in x.segments] for x in summaries]
    )
    shown = window.analyze.analysis
    assert shown is not None
    assert np.allclose(shown.obs.actual[:50], replay, equal_nan=True), "figures equal a replay"
    floor = floor_ms(path)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    window.exchange.close()
    window.close()
    ws.close()
    scratch.cleanup()
    print(
        json.dumps(
            {
                "cold_ms": cold_ms,
                "cold_stall_ms": cold_stall,
                "warm_ms": warm_ms,
                "warm_stall_ms": warm_stall,
                "again_ms": again_ms,
                "again_stall_ms": again_stall,
                "tab_ms": tab_ms,
                "tab_stall_ms": tab_stall,
                "floor_ms": floor,
                "rss_mb": rss,
            }
        )
    )


# -- the parent -----------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="fresh processes (median shown)")
    parser.add_argument("--rebuild", action="store_true", help="build the workspace file again")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return
    if args.rebuild or not CACHED.exists():
        build(CACHED)
    here = Path(__file__).resolve()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    checkout = here.parents[2]
    env["PYTHONPATH"] = os.pathsep.join(
        [str(checkout), str(checkout / ".mypy_path"), env.get("PYTHONPATH", "")]
    )
    rounds = []
    for _ in range(args.rounds):
        out = subprocess.run(
            [sys.executable, str(here), "--child", str(CACHED)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            sys.exit(f"a round failed:\n{out.stderr}")
        rounds.append(json.loads(out.stdout.strip().splitlines()[-1]))

    def med(key: str) -> float:
        return statistics.median(r[key] for r in rounds)

    def spread(key: str) -> str:
        values = [r[key] for r in rounds]
        return f"{min(values):.0f}–{max(values):.0f}"

    size = CACHED.stat().st_size / 2**20
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"data: {CACHED.name} ({size:.0f} MB): {REHEARSALS} finished rehearsals × {SEGMENTS} "
        f"segments, ~{REHEARSALS * FLAGS_PER_RUN:,} flags; window {WINDOW[0]}×{WINDOW[1]} "
        f"offscreen; {args.rounds} fresh processes; {os.cpu_count()} CPUs, load {load}\n"
    )
    floor = med("floor_ms")
    head = f"{'metric':<58} {'median':>8} {'spread':>10} {'ratio':>7}  target"
    print(head)
    print("-" * (len(head) + 14))
    met = True
    for name, key, target in (
        ("cold: switch to Analyze → all drawn, shown (ms)", "cold_ms", TARGETS["cold_ms"]),
        ("  longest UI-thread stall meanwhile (ms)", "cold_stall_ms", TARGETS["stall_ms"]),
        ("warm: again, after a change → all drawn, shown (ms)", "warm_ms", TARGETS["warm_ms"]),
        ("  longest UI-thread stall meanwhile (ms)", "warm_stall_ms", TARGETS["stall_ms"]),
        ("warm, nothing changed: switch → tab painted (ms)", "again_ms", TARGETS["warm_ms"]),
        ("  longest UI-thread stall meanwhile (ms)", "again_stall_ms", TARGETS["stall_ms"]),
        ("then each other tab: shown → painted, slowest (ms)", "tab_ms", TARGETS["warm_ms"]),
        ("  longest UI-thread stall meanwhile (ms)", "tab_stall_ms", TARGETS["stall_ms"]),
        ("peak RSS (MB)", "rss_mb", TARGETS["rss_mb"]),
    ):
        value = med(key)
        ok = value <= target if key != "rss_mb" else value < target
        met &= ok
        ratio = f"{value / floor:6.1f}x" if key.endswith("_ms") and "stall" not in key else ""
        verdict = f"{'≤' if key != 'rss_mb' else '<'} {target:g}: {'met' if ok else 'NOT met'}"
        print(f"{name:<58} {value:8.1f} {spread(key):>10} {ratio:>7}  {verdict}")
    print(f"{'floor: every step figure by one query into numpy + median':<58} {floor:8.1f}")
    print("\nall targets met." if met else "\ntargets NOT met.")


if __name__ == "__main__":
    main()
