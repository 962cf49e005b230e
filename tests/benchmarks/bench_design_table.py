"""Does the Design view's segment table keep up on a realistic 300-segment plan?

Run on purpose: `python tests/benchmarks/bench_design_table.py` (add `--profile` for the
functions an edit spends its time in). Runs offscreen with its own workspace and settings.

Three things a designer feels, each timed with `time.perf_counter` over repeated runs
(median and p95), against a floor measured in the same run:

- open:   `DesignView.show_plan` until the table is laid out and painted once.
          Floor: a bare QTableView over a QStandardItemModel holding the same texts.
- scroll: the vertical scrollbar stepped through the whole table a page at a time, the
          viewport repainted at each step. Floor: the same on the bare table.
- edit:   an inline edit of a planned duration (`model.setData(…, "7m")` on Planned):
          the core operation, the SQLite write (synchronous=FULL) and the table refresh,
          then the repaint the person sees; and `DesignView.undo()` of each edit.
          Floor: `setData` on the QStandardItemModel plus one SQLite UPDATE committed with
          WAL and synchronous=FULL (the workspace's settings) on a temp database in the
          same folder, then the same repaint.

Prints ratios; asserts nothing (timings belong to the machine, not to a test).
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QTableView
from scratch import isolate_user_dirs  # run as a script: this folder is on sys.path

from rehearsal.model import (
    InteractionType,
    LeadRole,
    PlanDraft,
    Section,
    Segment,
    Transition,
    new_id,
)
from rehearsal.workspace import Workspace
from rehearsal_ui.design.segment_model import COL_PLANNED, COLUMNS
from rehearsal_ui.design.view import DesignView

SEGMENTS = 300
SECTIONS = 15
OPEN_RUNS = 15
SCROLL_PASSES = 5
EDITS = 60
WINDOW = (1280, 800)
EDIT_BUDGET_MS = 50.0  # an edit that lands within this is not felt as lag
FRAME_MS = 16.0  # one frame at 60 Hz
BALLAST: list[object] = []  # references to None; see none_leak_per_void_call

TYPES = (
    "presentation",
    "discussion",
    "poll",
    "breakout",
    "chat",
    "annotation",
    "demo",
    "scenario-practice",
    "knowledge-check",
    "qa",
    "break",
)
LEADS = ("facilitator", "co-facilitator", "producer", "learners")


def build_draft() -> PlanDraft:
    sections = tuple(
        Section(new_id(), f"Module {i + 1} — giving feedback that lands, in practice")
        for i in range(SECTIONS)
    )
    per_section = SEGMENTS // SECTIONS
    segments = []
    for i in range(SEGMENTS):
        minutes = 3 + i % 17
        if minutes == 7:  # the benchmark edits durations to 7 minutes: make each edit real
            minutes = 6
        kind = InteractionType(TYPES[i % len(TYPES)])
        segments.append(
            Segment(
                id=new_id(),
                title=(
                    f"Activity {i + 1}: a scenario with a longer title, commas, and “quotes” "
                    f"about {('feedback', 'delegation', 'coaching')[i % 3]}"
                ),
                planned_s=minutes * 60,
                section_id=sections[i // per_section].id,
                interaction=kind,
                lead=LeadRole(LEADS[i % len(LEADS)]),
                intent=(
                    ""
                    if i % 9 == 0
                    else "Learners can name three ways to give feedback that lands, and try one."
                ),
                non_negotiable=i % 11 == 0,
                facilitator_notes=(
                    "Open with the story; ask for two volunteers; keep an eye on the chat.\n"
                    "If late, cut the second round."
                ),
                producer_cues=(
                    "" if i % 7 == 0 else "Launch poll 3 at the 2-minute mark; rooms of 4."
                ),
                materials=f"Slides {i + 10}–{i + 12}; handout B",
                contingency="If breakout rooms fail, run it as a whole-group discussion.",
                cue=f"{i + 1}",
            )
        )
    transitions = tuple(Transition(new_id(), s.id, 60, "Open rooms") for s in segments[4::10])
    total = sum(s.planned_s for s in segments) + sum(t.allowance_s for t in transitions)
    return PlanDraft(
        name="Leadership programme — cohort 7",
        slot_s=int(total * 1.15),
        start_s=9 * 3600,
        notes="Four days, online.",
        sections=sections,
        segments=tuple(segments),
        transitions=transitions,
    )


# -- statistics and printing -------------------------------------------------------------
def p50(times: list[float]) -> float:
    return statistics.median(times)


def p95(times: list[float]) -> float:
    if len(times) < 2:
        return times[0]
    return statistics.quantiles(times, n=20, method="inclusive")[18]


def timed(work: Callable[[], object]) -> float:
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def ms(seconds: float) -> str:
    return f"{seconds * 1000:9.2f}"


# -- the floor: a bare table over a QStandardItemModel, and one SQLite UPDATE -------------
def standard_model(texts: list[list[str]]) -> QStandardItemModel:
    # setData, not setItem/appendRow: in PySide6 6.12 on Python 3.11 those two drop a
    # reference to None on every call, and a few thousand calls abort the interpreter.
    model = QStandardItemModel(len(texts), len(texts[0]) if texts else 0)
    for r, row in enumerate(texts):
        for c, text in enumerate(row):
            model.setData(model.index(r, c), text)
    return model


def floor_database(folder: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(folder / "floor.sqlite", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE segments (id INTEGER PRIMARY KEY, title TEXT, planned_s INTEGER)")
    conn.executemany(
        "INSERT INTO segments VALUES (?, ?, ?)",
        [(i, f"Activity {i + 1}", 300) for i in range(SEGMENTS)],
    )
    return conn


def none_leak_per_void_call() -> float:
    """References to None lost per call of a void Qt method (0 on a sound binding).

    PySide6 6.12.0 on CPython 3.11 (where None is not yet immortal) loses one on every
    call of a method returning nothing (setText, setRowHidden, setSpan …). With the app
    imported None holds ~22k references and an edit of this plan loses ~400 (one
    setRowHidden per row), so the process aborts with "Fatal Python error: none_dealloc"
    within about sixty edits. The benchmark props None up with a ballast list when it
    sees this (and leaves with os._exit, as freeing it would take None below zero), and
    says so.
    """
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("x")
    return (before - sys.getrefcount(None)) / 1000


# -- measuring ---------------------------------------------------------------------------
def scroll_pages(table: QAbstractScrollArea) -> list[float]:
    """Step the vertical scrollbar from top to bottom a page at a time; time each page."""
    bar = table.verticalScrollBar()
    viewport = table.viewport()
    bar.setValue(bar.minimum())
    QCoreApplication.processEvents()
    viewport.repaint()
    times = []
    value = bar.minimum()
    while value < bar.maximum():
        value = min(value + bar.pageStep(), bar.maximum())

        def page(v: int = value) -> None:
            bar.setValue(v)
            viewport.repaint()

        times.append(timed(page))
    return times


def main() -> None:
    profile = "--profile" in sys.argv[1:]
    scratch = isolate_user_dirs("bench-design-table-")
    folder = Path(scratch.name)

    def quiet(kind: QtMsgType, context: object, message: str) -> None:
        # The offscreen platform says this for every top-level window; anything else shows.
        if "propagateSizeHints" not in message:
            print(f"Qt {kind.name}: {message}", file=sys.stderr)

    qInstallMessageHandler(quiet)
    app = QApplication([sys.argv[0]])
    leak = none_leak_per_void_call()
    if leak:
        # Keep the process alive long enough to measure; see none_leak_per_void_call.
        BALLAST.append([None] * 5_000_000)
    ws = Workspace.open(folder / "bench.rehearsal")
    plan = ws.add_plan(build_draft())

    design = DesignView(ws)
    design.resize(*WINDOW)
    design.show()
    app.processEvents()
    table, model = design.table, design.model

    def open_ours() -> None:
        design.show_plan(plan.id)
        app.processEvents()
        table.viewport().repaint()

    open_times = []
    for _ in range(OPEN_RUNS):
        design.show_plan(None)
        app.processEvents()
        open_times.append(timed(open_ours))
    rows = len(model.rows)
    assert rows == SEGMENTS + SECTIONS, rows

    texts = [
        [
            str(model.index(r, c).data(Qt.ItemDataRole.DisplayRole) or "")
            for c in range(len(COLUMNS))
        ]
        for r in range(rows)
    ]
    bare = QTableView()
    bare.verticalHeader().hide()
    bare.setWordWrap(False)
    bare.resize(table.size())
    bare.show()
    app.processEvents()

    held: list[QStandardItemModel] = []  # the view does not own its model: keep each one alive

    def open_floor() -> None:
        held.append(standard_model(texts))
        bare.setModel(held[-1])
        app.processEvents()
        bare.viewport().repaint()

    floor_open_times = []
    for _ in range(OPEN_RUNS):
        held.append(QStandardItemModel())
        bare.setModel(held[-1])
        app.processEvents()
        floor_open_times.append(timed(open_floor))

    # -- scrolling, page by page ------------------------------------------------------------
    scroll_times: list[float] = []
    floor_scroll_times: list[float] = []
    for _ in range(SCROLL_PASSES):
        scroll_times += scroll_pages(table)
        floor_scroll_times += scroll_pages(bare)
    pages = len(scroll_times) // SCROLL_PASSES

    # -- edits and undos ----------------------------------------------------------------------
    segment_rows = [r for r, row in enumerate(model.rows) if not row.is_group][:EDITS]
    assert all(getattr(model.rows[r].segment, "planned_s", 0) != 420 for r in segment_rows)

    def edit(row: int) -> Callable[[], None]:
        def work() -> None:
            model.setData(model.index(row, COL_PLANNED), "7m")
            app.processEvents()
            table.viewport().repaint()

        return work

    def undo() -> None:
        design.undo()
        app.processEvents()
        table.viewport().repaint()

    table.scrollToTop()
    app.processEvents()
    edit_times = [timed(edit(r)) for r in segment_rows]
    assert ws.plan(plan.id).segments[EDITS - 1].planned_s == 420, "the edits did not reach storage"
    undo_times = [timed(undo) for _ in segment_rows]
    assert ws.plan(plan.id).segments[0].planned_s != 420, "the undos did not reach storage"

    conn = floor_database(folder)
    floor_model = bare.model()

    def edit_floor(i: int) -> Callable[[], None]:
        def work() -> None:
            floor_model.setData(floor_model.index(i, COL_PLANNED), "7m")
            conn.execute("BEGIN")
            conn.execute("UPDATE segments SET planned_s = ? WHERE id = ?", (420 + i, i))
            conn.execute("COMMIT")
            app.processEvents()
            bare.viewport().repaint()

        return work

    bare.scrollToTop()
    app.processEvents()
    floor_edit_times = [timed(edit_floor(i)) for i in range(EDITS)]
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    conn.close()

    # -- report ---------------------------------------------------------------------------
    print(
        f"plan: {SEGMENTS} segments in {SECTIONS} sections ({rows} table rows × {len(COLUMNS)} "
        f"columns); window {WINDOW[0]}×{WINDOW[1]} offscreen, table viewport "
        f"{table.viewport().width()}×{table.viewport().height()}, {pages} pages per pass"
    )
    print(
        f"runs: open ×{OPEN_RUNS}, scroll {SCROLL_PASSES} passes ({len(scroll_times)} pages), "
        f"edits ×{EDITS}, undos ×{EDITS}; SQLite in {folder.parent} (WAL, synchronous=FULL)"
    )
    print()
    lines = [
        ("open (show_plan → painted)", open_times, floor_open_times),
        ("scroll, per page", scroll_times, floor_scroll_times),
        ("edit Planned → 7m", edit_times, floor_edit_times),
        ("undo (design.undo)", undo_times, floor_edit_times),
    ]
    print(f"{'metric':<28} {'stat':>4} {'ours (ms)':>10} {'floor (ms)':>10} {'ratio':>8}")
    for name, ours, floor in lines:
        for stat, fn in (("p50", p50), ("p95", p95)):
            print(
                f"{name:<28} {stat:>4} {ms(fn(ours)):>10} {ms(fn(floor)):>10} "
                f"{fn(ours) / fn(floor):7.1f}x"
            )
            name = ""
    print()
    edit_p95 = max(p95(edit_times), p95(undo_times)) * 1000
    page_p95 = p95(scroll_times) * 1000
    edits_ok = edit_p95 < EDIT_BUDGET_MS
    pages_ok = page_p95 < FRAME_MS
    print(
        f"edits and undos {'stay' if edits_ok else 'do NOT stay'} under {EDIT_BUDGET_MS:.0f} ms "
        f"p95 (worst p95 {edit_p95:.1f} ms); scroll pages {'stay' if pages_ok else 'do NOT stay'} "
        f"under {FRAME_MS:.0f} ms, one frame (p95 {page_p95:.1f} ms) — "
        + ("without visible lag." if edits_ok and pages_ok else "there is visible lag.")
    )

    if leak:
        print(
            f"\nWARNING: PySide6 {PySide6.__version__} on CPython {sys.version.split()[0]} "
            f"loses {leak:.2f} reference(s) to None per void Qt call; the app aborts "
            "(none_dealloc) once ~22k are gone, and every layout of this table makes over "
            f"{rows} such calls. The timings above were taken with None propped up."
        )

    if profile:
        profiler = cProfile.Profile()
        more = [r for r, row in enumerate(model.rows) if not row.is_group][EDITS : EDITS + 20]
        profiler.enable()
        for r in more:
            edit(r)()
        profiler.disable()
        print(f"\ncProfile of {len(more)} more edits (cumulative):")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)

    design.close()
    bare.close()
    ws.close()
    scratch.cleanup()
    if leak:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)  # skip interpreter teardown: freeing the ballast would free None


if __name__ == "__main__":
    main()
