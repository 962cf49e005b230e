"""Does the Analyze view keep up with a program rehearsed a thousand times?

Run on purpose: `python tests/benchmarks/bench_analyze.py [--runs 7] [--profile [tottime]]`.
Runs offscreen with its own workspace, settings and logs in a temp folder. Timings depend on
the machine's load and on OpenBLAS's threads (`OPENBLAS_NUM_THREADS`), both printed: the
core's risk simulation makes one small matrix product, and on a 2-CPU machine the threads
OpenBLAS starts for it then compete with everything after it.

Data: a 60-segment plan stored in a scratch workspace; an `Observations` of 1,000
rehearsals × 60 segments built directly with numpy (actual = planned × lognormal, 2% of
cells missing and some rehearsals stopped early), and 3,000 flags, a fifth of them on
zero-time hand-offs.

- view: one update of the whole view for new observations, timed from the call until
  every chart of every tab is painted: `AnalyzeView.show_observations` (per-segment
  statistics, 10,000-draw Monte Carlo risk, re-timing, time stolen, revisions, flags by
  place and category, drift, spread — then every chart and table drawn), then each of the
  four tab pages rendered with `QWidget.grab()` at 1400×900 (which lays out and paints it).
  Also timed apart: the statistics + risk part alone (`analyse`).
- floor: a plain numpy group-by over the same data: long-format arrays (step, seconds) of
  the observed cells → per-step mean (bincount), median and 80th percentile (one lexsort,
  then indexing) — the least work any per-segment statistic needs.
- memory: peak RSS of the process (`resource.getrusage`, Qt and the app included) and the
  peak of Python allocations during one update (`tracemalloc`).

Prints values (median of several runs), the floor, the ratio, and whether the targets —
< 300 ms for the whole update, < 300 MB peak RSS — are met. Asserts only correctness
(what the charts hold equals what the core computes), never a timing.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication
from scratch import isolate_user_dirs  # run as a script: this folder is on sys.path

from rehearsal.analysis import Observations, simulate, step_stats
from rehearsal.analysis.observations import FlagObs, RunInfo, plan_steps
from rehearsal.model import (
    FLAG_CATEGORIES,
    InteractionType,
    LeadRole,
    PlanDraft,
    Segment,
    new_id,
)
from rehearsal.rehearsing.timing import handoff_id
from rehearsal.workspace import Workspace
from rehearsal_ui.analyze.data import analyse
from rehearsal_ui.analyze.view import DRAWS, SEED, AnalyzeView
from rehearsal_ui.shell.settings import Settings

REHEARSALS = 1000
SEGMENTS = 60
FLAGS = 3000
WINDOW = (1400, 900)
TARGET_MS = 300.0
TARGET_MB = 300.0
TYPES = tuple(InteractionType)
LEADS = tuple(LeadRole)
FACILITATORS = ("Maya Chen", "Jordan Okafor", "Ana Lima", "Tom Berg", "Ines Roy", "Kai Lu")


def build_draft() -> PlanDraft:
    segments = tuple(
        Segment(
            id=new_id(),
            title=f"Activity {i + 1}: {('scenario practice', 'debrief', 'poll')[i % 3]}",
            planned_s=(2 + i % 9) * 60,
            interaction=TYPES[i % len(TYPES)],
            lead=LEADS[i % len(LEADS)],
            non_negotiable=i % 7 == 0,
        )
        for i in range(SEGMENTS)
    )
    total = sum(s.planned_s for s in segments)
    return PlanDraft(
        name="Benchmark program", slot_s=int(total * 1.08), start_s=9 * 3600, segments=segments
    )


def build_observations(ws: Workspace, seed: int = 7) -> Observations:
    plan = ws.add_plan(build_draft())
    steps = plan_steps(plan)
    rng = np.random.default_rng(seed)
    planned = np.array([s.planned_s for s in steps], dtype=np.float64)
    actual = planned * rng.lognormal(0.06, 0.18, (REHEARSALS, len(steps)))
    actual[rng.random(actual.shape) < 0.02] = np.nan  # missed marks
    stopped = rng.random(REHEARSALS) < 0.05  # a few stopped early
    for i in np.flatnonzero(stopped):
        actual[i, rng.integers(len(steps) // 2, len(steps)) :] = np.nan
    runs = tuple(
        RunInfo(
            id=f"run-{i}",
            plan_id=plan.id,
            revision=plan.revision,
            kind=("dry-run", "dress-rehearsal", "pilot")[i % 3],
            created=f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T09:00:00+00:00",
            facilitators=(FACILITATORS[i % len(FACILITATORS)],),
            producer=("Sam Rivera", "Priya Natarajan")[i % 2],
            cohort=f"cohort {i % 9}",
            region=("EMEA", "Americas", "APAC")[i % 3],
        )
        for i in range(REHEARSALS)
    )
    flags = []
    for k in range(FLAGS):
        j = int(rng.integers(len(steps)))
        on_handoff = k % 5 == 0 and j + 1 < len(steps)
        flags.append(
            FlagObs(
                run=int(rng.integers(REHEARSALS)),
                segment_id=steps[j].key,
                transition_id=handoff_id(steps[j].key) if on_handoff else None,
                category=FLAG_CATEGORIES[int(rng.integers(len(FLAG_CATEGORIES)))],
                severity=("low", "medium", "high")[k % 3],
                seconds_lost=int(rng.integers(0, 120)),
            )
        )
    return Observations(
        plan=plan,
        steps=steps,
        runs=runs,
        actual=actual,
        pause=np.zeros_like(actual),
        attempts=np.where(np.isnan(actual), 0, 1).astype(np.int64),
        flags=flags,
    )


def numpy_floor(actual: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-step mean, median and 80th percentile by a plain group-by over long arrays."""
    rows, cols = np.nonzero(~np.isnan(actual))
    values = actual[rows, cols]
    width = actual.shape[1]
    n = np.bincount(cols, minlength=width)
    mean = np.bincount(cols, weights=values, minlength=width) / n
    order = np.lexsort((values, cols))
    ordered = values[order]
    start = np.concatenate([[0], np.cumsum(n)[:-1]])

    def quantile(q: float) -> np.ndarray:
        pos = start + (n - 1) * q
        lo, hi = np.floor(pos).astype(int), np.ceil(pos).astype(int)
        return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)

    return mean, quantile(0.5), quantile(0.8)


def timed(job, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    found = []
    for _ in range(repeat):
        began = time.perf_counter()
        job()
        found.append((time.perf_counter() - began) * 1000)
    return found


def check(view: AnalyzeView, obs: Observations) -> None:
    """What the charts hold is what the core computes."""
    a = view.analysis
    assert a is not None and len(a.obs.runs) == REHEARSALS
    core = step_stats(obs)
    medians = np.array([s.median_s for s in a.stats], dtype=float)
    assert np.allclose(medians, [s.median_s for s in core])
    assert np.allclose(medians, np.nanmedian(obs.actual, axis=0))
    risk = simulate(obs, draws=DRAWS, seed=SEED)
    assert a.risk is not None and np.array_equal(a.risk.totals, risk.totals)
    assert int(view.risk.histogram.counts.sum()) == DRAWS
    boxes = view.segments.boxes.opts["x0"]
    assert len(boxes) == SEGMENTS
    assert np.allclose(np.sort(boxes), np.sort(np.nanquantile(view.segments.ratio, 0.25, axis=0)))
    drawn = sum(len(c.xData) for c in view.drift.curves if c.isVisible() and c.xData is not None)
    assert drawn == int(view.drift.valid.sum()), "every reached point of every rehearsal drawn"
    assert len(view.drift.curves) == 1, "all rehearsals of one revision in one line item"
    placed = int(a.flags.counts.sum())
    assert placed + a.flags.unplaced == FLAGS and a.flags.unplaced == 0
    assert any(p.kind == "hand-off" for p in a.places), "hand-off rows for hand-off flags"
    assert view.stats_table.model().rowCount() == SEGMENTS
    assert view.risk.table.model().rowCount() == SEGMENTS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed repetitions (median shown)")
    parser.add_argument("--profile", action="store_true", help="cProfile one update")
    parser.add_argument("sort", nargs="?", default="cumulative", choices=("cumulative", "tottime"))
    args = parser.parse_args()

    scratch = isolate_user_dirs("bench-analyze-")
    folder = Path(scratch.name)

    def quiet(kind: QtMsgType, context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(f"Qt {kind.name}: {message}", file=sys.stderr)

    qInstallMessageHandler(quiet)
    app = QApplication([sys.argv[0]])
    ws = Workspace.open(folder / "bench.rehearsal")
    obs = build_observations(ws)
    plans = {obs.plan.id: obs.plan}
    view = AnalyzeView(ws, Settings())
    view.resize(*WINDOW)
    view.show()
    app.processEvents()
    pages = [view.tabs.widget(i) for i in range(view.tabs.count())]

    def update() -> None:
        view.show_observations(obs, plans)
        for page in pages:
            page.grab()

    update()  # warm up: first-use costs (fonts, pixmap caches) are not what we measure
    check(view, obs)

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    update()
    _current, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    whole = timed(update, args.runs)
    compute = timed(lambda: analyse(obs, plans, draws=DRAWS, seed=SEED), args.runs)
    draw = timed(view.draw, args.runs)
    paint = timed(lambda: [page.grab() for page in pages], args.runs)
    floor = timed(lambda: numpy_floor(obs.actual), args.runs * 3)
    mean, median, p80 = numpy_floor(obs.actual)
    assert np.allclose(median, np.nanmedian(obs.actual, axis=0))
    assert np.allclose(p80, np.nanquantile(obs.actual, 0.8, axis=0))
    assert np.allclose(mean, np.nanmean(obs.actual, axis=0))
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    cells = int((~np.isnan(obs.actual)).sum())
    print(
        f"data: {REHEARSALS} rehearsals × {SEGMENTS} segments ({cells:,} observed cells), "
        f"{FLAGS:,} flags; risk {DRAWS:,} draws; window {WINDOW[0]}×{WINDOW[1]} offscreen, "
        f"{len(pages)} tabs, {len(view.charts())} charts and 3 tables"
    )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"runs: median of {args.runs}; {os.cpu_count()} CPUs, load average {load} at the end; "
        f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(not set: all CPUs)')}\n"
    )
    floor_ms = statistics.median(floor)
    head = f"{'metric':<52} {'ms':>9} {'floor':>8} {'ratio':>7}  target"
    print(head)
    print("-" * (len(head) + 16))
    met = statistics.median(whole) < TARGET_MS
    for name, values, target in (
        ("whole update: analyse + draw + paint every tab", whole, TARGET_MS),
        ("  analyse: statistics, risk, re-timing, flags, …", compute, None),
        ("  draw every chart and table (data into items)", draw, None),
        ("  paint the four tab pages (grab)", paint, None),
    ):
        value = statistics.median(values)
        verdict = f"< {target:g} ms: {'met' if value < target else 'NOT met'}" if target else ""
        print(f"{name:<52} {value:9.1f} {floor_ms:8.2f} {value / floor_ms:6.0f}x  {verdict}")
    print(f"{'numpy group-by floor (mean, median, p80 per step)':<52} {floor_ms:9.2f}")
    mem_met = peak_rss < TARGET_MB
    print(
        f"\nmemory: peak RSS {peak_rss:.0f} MB (before the measured update {rss_before:.0f} MB)"
        f" < {TARGET_MB:g} MB: {'met' if mem_met else 'NOT met'}; "
        f"peak Python allocations in one update {traced_peak / 2**20:.1f} MB"
    )
    print("\nall targets met." if met and mem_met else "\ntargets NOT met.")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        update()
        profiler.disable()
        print(f"\ncProfile of one update ({args.sort}):")
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(30)

    view.close()
    ws.close()
    scratch.cleanup()


if __name__ == "__main__":
    main()
