"""Does the window stay responsive while long work runs on the pool?

Run on purpose: `python tests/benchmarks/bench_responsive.py [--segments 3000]`. Offscreen,
in a temp folder. A 10 ms QTimer ticks on the UI thread while each piece of work runs; the
longest gap between two ticks is how long the window could not repaint or take a click.
Each is measured twice: the work called on the UI thread (as before), then through the app's
own path on the pool (report dialog, plan import, pack import). The work is Python, so the
GIL is shared: the pool path trades a little total time for a window that keeps ticking.
What stays on the UI thread: building widgets, and showing the plan imported (it is read
and stored on the pool). The big XLSX's stall that is left is the GIL: the workbook's XML
is parsed by C code that holds it for up to ~100 ms at a time (seen from a plain Python
thread beside the reader, without Qt), so the UI thread waits that long for it.
Prints milliseconds; asserts nothing about timing.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import bench_import_xlsx
from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from rehearsal.demo import write_demo
from rehearsal.exchange.packs import export_pack, import_pack
from rehearsal.reports import program_report
from rehearsal.workspace import Workspace
from rehearsal_ui.exchange.import_flow import PlanImport
from rehearsal_ui.exchange.pack_flow import import_rehearsal_packs
from rehearsal_ui.reports.dialog import ReportDialog
from rehearsal_ui.reports.pdf import page_images
from rehearsal_ui.shell.worker import Runner, settle


class Stalls:
    """The longest gap between ticks of a 10 ms timer on the UI thread."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.longest_ms = 0
        self.last = 0

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.longest_ms = max(self.longest_ms, now - self.last)
        self.last = now

    def measure(self, start: Callable[[], object], done: Callable[[], bool]) -> tuple[int, int]:
        """(longest stall, total) in ms of `start()` and the events until `done()`."""
        app = QApplication.instance()
        assert app is not None
        self.longest_ms, self.last = 0, 0
        self.clock.start()
        self.timer.start()
        start()
        while not done():
            app.processEvents()
            time.sleep(0.001)
        self._tick()
        self.timer.stop()
        return self.longest_ms, self.clock.elapsed()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--segments", type=int, default=3000, help="rows of the big workbook")
    args = parser.parse_args()
    app = QApplication([])
    for kind in ("information", "warning"):  # summaries would wait for a click
        setattr(QMessageBox, kind, lambda *a, **k: QMessageBox.StandardButton.Ok)
    stalls = Stalls()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        write_demo(folder / "demo.rehearsal")
        ws = Workspace.open(folder / "demo.rehearsal")
        plan = ws.latest_plan(ws.programs()[0].id)
        rows: list[tuple[str, int, int]] = []

        def report_sync() -> None:
            page_images(program_report(ws, plan.id), 640)

        flag: list[bool] = []  # the preview is shown
        rows.append(("plan report preview", *stalls.measure(report_sync, lambda: True)))
        dialogs: list[ReportDialog] = []

        def report_pool() -> None:
            dialog = ReportDialog(None, ws, None, plan.id)
            dialog.previewed.connect(lambda: flag.append(True))
            dialogs.append(dialog)

        pooled = stalls.measure(report_pool, lambda: bool(flag))
        rows.append(("  on the pool", *pooled))

        bench_import_xlsx.SEGMENTS = args.segments
        big = folder / "big.xlsx"
        big.write_bytes(bench_import_xlsx.build_workbook())
        rows.append(("big XLSX import", *stalls.measure(lambda: ws.import_plan(big), lambda: True)))
        runner = Runner()
        tasks: list[PlanImport] = []

        def imported() -> bool:
            """Done once stored; the column check is accepted once it has previewed."""
            task = tasks[-1]
            if task.dialog is not None and task.dialog.reading is not None:
                task.dialog.accept()
            return task.ended

        rows.append(
            (
                "  on the pool (with the column check)",
                *stalls.measure(lambda: tasks.append(PlanImport(ws, big, None, runner)), imported),
            )
        )
        packs = [
            export_pack(ws, r.id, folder / f"{n}.rehearsalpack")
            for n, r in enumerate(ws.rehearsals())
            if r.status.value in ("finished", "abandoned")
        ]
        for name in ("copy1", "copy2"):
            Workspace.open(folder / f"{name}.rehearsal").close()
        with Workspace.open(folder / "copy1.rehearsal") as copy:
            rows.append(
                (
                    f"import {len(packs)} packs",
                    *stalls.measure(lambda: [import_pack(copy, p) for p in packs], lambda: True),
                )
            )
        with Workspace.open(folder / "copy2.rehearsal") as copy:
            rows.append(
                (
                    "  on the pool",
                    *stalls.measure(
                        lambda: tasks.append(
                            import_rehearsal_packs(None, copy, packs, runner=runner)
                        ),
                        lambda: not runner.running(),
                    ),
                )
            )
        settle()
        ws.close()
    print(f"{'work':<24}{'longest stall ms':>18}{'total ms':>10}  ({args.segments} rows)")
    for name, longest, total in rows:
        print(f"{name:<24}{longest:>18}{total:>10}")
    del app


if __name__ == "__main__":
    main()
