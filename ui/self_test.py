"""`rehearsal --self-test`: does this installation work, here, now?

Run from a wheel, a pipx install or the PyInstaller bundle, it starts Qt offscreen (unless a
platform is chosen with QT_QPA_PLATFORM), writes the demo workspace to a temporary folder,
opens the main window on it, renders every view, and writes and reads back what a person
exchanges — a plan as JSON, a rehearsal pack (merged on the thread pool, on a connection of
its own, as the app does), a report (its PDF painted on the pool). One line per check; exit
status 0 when all pass, 1 otherwise. It reads and writes nothing outside its temporary folder: not
the user's workspace, settings or logs.
"""

from __future__ import annotations

import functools
import json
import os
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html import escape
from pathlib import Path
from typing import Any, Final, TextIO

import numpy as np
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QPoint,
    QRect,
    QtMsgType,
    qInstallMessageHandler,
    qVersion,
)
from PySide6.QtGui import QColor, QImage
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from rehearsal.assets import resource_text
from rehearsal.demo import write_demo
from rehearsal.exchange.packs import MergeReport, export_pack, import_pack
from rehearsal.workspace import Workspace
from rehearsal_ui.help.pages import PAGES
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.shell.application import application
from rehearsal_ui.shell.icons import APP_ICON, NAMES
from rehearsal_ui.shell.settings import Settings
from rehearsal_ui.shell.worker import Runner, Work

SIZE: Final = (1400, 900)
VIEW_NAMES: Final = ("design", "rehearse", "review", "analyze", "portfolio")
# The offscreen platform says this of every top-level window it shows; it is not our bug.
KNOWN_QT_MESSAGES: Final = ("This plugin does not support propagateSizeHints",)


class CheckFailed(Exception):
    """A check found the installation wanting; the message says how."""


def report_check(ws: Workspace, folder: Path) -> str | None:
    """Write the variance report of the demo's latest plan as PDF and HTML into `folder`
    and read both back: None when that works, else what went wrong."""
    from rehearsal.reports import program_report, render_html
    from rehearsal_ui.reports.pdf import paginate, write_pdf

    program = ws.programs()[0]
    plan = ws.latest_plan(program.id)
    report = program_report(ws, plan.id, draws=2000)
    pdf = on_the_pool(lambda _progress, _cancel: write_pdf(report, folder / "report.pdf"))
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    expected = 1 + max((p.page for p in paginate(report)), default=0)
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
        return f"{pdf.name} is not a complete PDF"
    if pages < expected:
        return f"{pdf.name} has {pages} pages; the layout made {expected}"
    page = folder / "report.html"
    page.write_text(render_html(report), encoding="utf-8")
    html = page.read_text(encoding="utf-8")
    missing = [s.title for s in plan.segments if escape(s.title) not in html]
    if missing or html.count("<svg") < 2:
        return f"{page.name} lacks {missing[:1] or 'its charts'}"
    return None


def on_the_pool(work: Work) -> Any:
    """Run `work` on the pool, as the app runs imports and report exports, and wait for it:
    what it returned, or what it raised."""
    runner = Runner()
    job = runner.submit(work)
    results: list[object] = []
    errors: list[object] = []
    job.succeeded.connect(results.append)
    job.failed.connect(errors.append)
    if not runner.wait(60_000):
        raise CheckFailed("a job on the thread pool did not finish within a minute")
    if errors:
        raise errors[0] if isinstance(errors[0], BaseException) else RuntimeError(errors[0])
    if not results:
        raise CheckFailed("a job on the thread pool was cancelled")
    return results[0]


def run_self_test(out: TextIO | None = None) -> int:
    """Run every check, printing one line each to `out` (stdout); 0 if all pass, else 1."""
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # read when the QApplication is made
    test = _SelfTest(out or sys.stdout)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rehearsal-self-test-") as temp:
        try:
            test.run(Path(temp))
        finally:
            test.close()  # before the folder goes: workspaces hold files open
    took = time.perf_counter() - started
    if test.failed:
        test.line("FAIL", f"self-test failed: {', '.join(test.failed)} ({took:.1f} s)")
        return 1
    test.line("ok", f"self-test passed: {test.passed} checks in {took:.1f} s")
    return 0


class _SelfTest:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.passed = 0
        self.failed: list[str] = []
        self.workspaces: list[Workspace] = []
        self.window: MainWindow | None = None
        self.qt_messages: list[str] = []

    def line(self, status: str, text: str) -> None:
        line = f"{status:<3} {text}"
        try:
            print(line, file=self.out, flush=True)
        except UnicodeEncodeError:  # a console that cannot show "×" or "—"
            print(line.encode("ascii", "replace").decode("ascii"), file=self.out, flush=True)

    def check(self, what: str, run: Callable[[], str]) -> bool:
        """Run one check: `run` returns the line to print, or raises to fail `what`."""
        try:
            text = run()
        except Exception as exc:  # every failure is a line, never a traceback
            reason = str(exc) if isinstance(exc, CheckFailed) else f"{type(exc).__name__}: {exc}"
            self.line("FAIL", f"{what}: {' '.join(reason.split())}")
            self.failed.append(what)
            return False
        self.line("ok", text)
        self.passed += 1
        return True

    def open(self, path: Path) -> Workspace:
        ws = Workspace.open(path)
        self.workspaces.append(ws)
        return ws

    def run(self, folder: Path) -> None:
        with _qt_messages(self.qt_messages):
            if not self.check("Qt", self.start_qt):
                return
            self.check("resources", self.resources)
            demo = folder / "demo.rehearsal"
            if not self.check("demo workspace", lambda: self.write_demo(demo)):
                return
            ws = self.workspaces[0]
            if self.check("main window", lambda: self.open_window(ws)):
                for name in VIEW_NAMES:
                    self.check(f"{name} view", functools.partial(self.render, name))
                self.close_window()
            self.check("plan JSON", lambda: self.plan_round_trip(ws, folder))
            self.check("rehearsal pack", lambda: self.pack_round_trip(ws, folder))
            self.check("report", lambda: self.report(ws, folder))
            self.check("guide", lambda: self.guide(ws, folder))
        self.check("Qt messages", self.no_qt_warnings)

    def close(self) -> None:
        self.close_window()
        for ws in self.workspaces:
            if ws.is_open:
                ws.close()

    # -- the checks ----------------------------------------------------------------------------
    def start_qt(self) -> str:
        app = application()
        frozen = ", bundled" if getattr(sys, "frozen", False) else ""
        return (
            f"Qt {qVersion()} on {app.platformName()} (PySide6 {pyside_version}, "
            f"Python {platform.python_version()}{frozen})"
        )

    def resources(self) -> str:
        schema = json.loads(resource_text("plan.schema.json"))
        demo = json.loads(resource_text("demo_plan.json"))
        if not isinstance(schema, dict) or not isinstance(demo, dict):
            raise CheckFailed("the plan schema or the demo program is not a JSON object")
        for name in (APP_ICON, *NAMES):
            svg = resource_text(f"icons/{name}.svg").encode("utf-8")
            if not QSvgRenderer(QByteArray(svg)).isValid():
                raise CheckFailed(f"icons/{name}.svg does not render")
        for page in PAGES:
            if "<h2>" not in resource_text(f"help/{page}.html"):
                raise CheckFailed(f"the help page help/{page}.html is not one")
        return (
            f"resources found (plan schema, demo program, {len(NAMES) + 1} icons render, "
            f"{len(PAGES)} help pages)"
        )

    def write_demo(self, path: Path) -> str:
        started = time.perf_counter()
        write_demo(path)
        ws = self.open(path)
        plans = [p for program in ws.programs() for p in ws.plans(program.id)]
        rehearsals = ws.rehearsals()
        if not plans or not rehearsals:
            raise CheckFailed("the demo workspace holds no plans or no rehearsals")
        took = time.perf_counter() - started
        return (
            f"demo workspace written ({len(plans)} revisions, {len(rehearsals)} rehearsals, "
            f"{took:.1f} s)"
        )

    def open_window(self, ws: Workspace) -> str:
        window = MainWindow(ws, Settings())  # fresh settings: the user's are never read
        self.window = window
        window.resize(*SIZE)
        window.show()
        QApplication.processEvents()
        return f"main window opened on the demo workspace ({window.windowTitle()})"

    def render(self, name: str) -> str:
        window = self.window
        assert window is not None
        window.show_view(name)
        window.finish_pending_work()
        QApplication.processEvents()
        image = window.grab().toImage()
        if image.isNull():
            raise CheckFailed(f"the {name} view rendered no image")
        view = window.views.currentWidget()
        ratio = image.devicePixelRatio()
        corner = view.mapTo(window, QPoint(0, 0))
        area = QRect(
            round(corner.x() * ratio),
            round(corner.y() * ratio),
            round(view.width() * ratio),
            round(view.height() * ratio),
        )
        colour = _flat_colour(image.copy(area))
        if colour is not None:
            raise CheckFailed(f"the {name} view is one flat colour ({colour})")
        width, height = round(image.width() / ratio), round(image.height() / ratio)
        return f"{name} view rendered ({width}×{height})"

    def close_window(self) -> None:
        window, self.window = self.window, None
        if window is not None:
            window.hide()  # not close(): closing saves the window's settings
            window.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def plan_round_trip(self, ws: Workspace, folder: Path) -> str:
        programs = ws.programs()
        plan = ws.plans(programs[-1].id)[-1]
        path = ws.export_plan(plan.id, folder / "plan.json", format="json")
        copy = self.open(folder / "plan-copy.rehearsal")
        back = copy.import_plan(path, format="json")
        if [(s.id, s.title, s.planned_s) for s in back.segments] != [
            (s.id, s.title, s.planned_s) for s in plan.segments
        ]:
            raise CheckFailed("the re-imported plan's segments differ from the exported ones")
        return f"plan exported as JSON and imported back ({len(back.segments)} segments, ids kept)"

    def pack_round_trip(self, ws: Workspace, folder: Path) -> str:
        rehearsal = ws.rehearsals()[-1]
        path = export_pack(ws, rehearsal.id, folder / "run.rehearsalpack")
        copy = self.open(folder / "pack-copy.rehearsal")
        # Merged on the pool through a companion connection, as File → Import packs does.
        report = on_the_pool(lambda _progress, _cancel: _merge_on_companion(copy, path))
        mine, theirs = ws.rehearsal_summary(rehearsal.id), copy.rehearsal_summary(rehearsal.id)
        if [(s.title, s.actual_s) for s in mine.segments] != [
            (s.title, s.actual_s) for s in theirs.segments
        ] or len(mine.flags) != len(theirs.flags):
            raise CheckFailed("the imported rehearsal's timings or flags differ from the export")
        marks, flags = report.added.get("events", 0), len(theirs.flags)
        return (
            f"rehearsal pack exported and imported into a second workspace ({marks} marks, "
            f"{flags} flag{'s' if flags != 1 else ''})"
        )

    def report(self, ws: Workspace, folder: Path) -> str:
        problem = report_check(ws, folder)
        if problem:
            raise CheckFailed(problem)
        return "report written as PDF and HTML and read back"

    def guide(self, ws: Workspace, folder: Path) -> str:
        """The demo's producer run sheet as DOCX (python-docx and its template), read back."""
        from docx import Document

        from rehearsal.reports.guides import guide, write_guide

        plan = ws.latest_plan(ws.programs()[0].id)
        path = write_guide(guide(ws, plan.id, "producer"), folder / "guide.docx")
        text = "\n".join(p.text for p in Document(str(path)).paragraphs)
        steps = [s for s in plan.segments if not s.skipped]
        missing = [s.title for s in steps if s.title not in text]
        if missing:
            raise CheckFailed(f"{path.name} lacks the step “{missing[0]}”")
        return f"producer run sheet written as DOCX and read back ({len(steps)} steps)"

    def no_qt_warnings(self) -> str:
        if self.qt_messages:
            more = f" (and {len(self.qt_messages) - 1} more)" if len(self.qt_messages) > 1 else ""
            raise CheckFailed(f"Qt warned: {self.qt_messages[0]}{more}")
        return "no Qt warnings"


def _merge_on_companion(ws: Workspace, path: Path) -> MergeReport:
    with ws.companion() as other:
        return import_pack(other, path)


def _flat_colour(image: QImage) -> str | None:
    """The colour of `image` when every pixel has it, else None."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    if rgb.isNull():
        return "no pixels"
    pixels = np.frombuffer(rgb.constBits(), dtype=np.uint32, count=rgb.width() * rgb.height())
    if (pixels != pixels[0]).any():
        return None
    return QColor(int(pixels[0])).name()


@contextmanager
def _qt_messages(into: list[str]) -> Iterator[None]:
    """Collect Qt's warnings (and worse) into `into` instead of printing them."""

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if kind not in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg) and not any(
            known in message for known in KNOWN_QT_MESSAGES
        ):
            into.append(message)

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)
