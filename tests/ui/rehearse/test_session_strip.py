"""The session strip repaints only from the first step a mark changed: what the window
holds afterwards is what a whole repaint draws."""

from __future__ import annotations

from dataclasses import replace

from plans import course_draft
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.model import FLAG_CATEGORIES, Severity
from rehearsal.rehearsing.live import live_status
from rehearsal.rehearsing.run import Run
from rehearsal_ui.rehearse.session_strip import SessionStrip


def on_screen(window: QWidget, strip: SessionStrip) -> QImage:
    """The strip as the window's backing store holds it (not painted again)."""
    screen = QApplication.primaryScreen()
    image = screen.grabWindow(window.winId()).toImage()
    at = strip.mapTo(window, strip.rect().topLeft())
    return image.copy(at.x(), at.y(), strip.width(), strip.height())


def test_a_strip_painted_mark_by_mark_is_the_strip_painted_whole(
    qtbot: QtBot, ws: Workspace
) -> None:
    plan = ws.add_plan(course_draft())
    clock = FakeClock()
    run: Run = ws.start_rehearsal(plan.id, clock=clock)
    window = QWidget()
    strip = SessionStrip()
    QVBoxLayout(window).addWidget(strip)
    qtbot.addWidget(window)
    window.resize(900, 120)
    window.show()
    qtbot.waitExposed(window)
    moves = ["next", "wait", "next", "flag", "wait", "next", "undo", "next", "retry", "wait"]
    moves += ["next", "flag", "next", "wait", "undo", "undo", "next", "next", "wait"] * 2
    repainted: list[QRect] = []

    def update(rect: QRect) -> None:
        repainted.append(rect)
        QWidget.update(strip, rect)

    strip.update = update  # type: ignore[assignment,method-assign]
    for move in moves:
        if move == "wait":
            clock.advance(400)  # the running step past its plan: over, then the scale grows
        else:
            clock.advance(45)
            if move == "flag":
                run.flag(FLAG_CATEGORIES[0], severity=Severity.LOW)
            else:
                getattr(run, move)()
        cells = live_status(run.state, run.plan, run.now_ns(), clock.wall()).strip
        strip.show_cells(cells)
        QApplication.processEvents()
        assert on_screen(window, strip) == strip.grab().toImage(), f"after {move}"
    parts = [r for r in repainted if r.left() > 0]
    assert len(parts) > len(moves) // 2, "most marks repaint only part of the strip"
    assert len(parts) < len(repainted), "a change of scale repaints it whole"


def test_many_flags_at_one_moment_are_drawn_as_one_and_apart_as_many(
    qtbot: QtBot, ws: Workspace
) -> None:
    """A step flagged by twenty devices at once paints one triangle (a paint's cost does
    not grow with flags drawn on top of each other); flags apart are each seen."""
    plan = ws.add_plan(course_draft())
    clock = FakeClock()
    run: Run = ws.start_rehearsal(plan.id, clock=clock)
    run.next()
    clock.advance(600)
    step = live_status(run.state, run.plan, run.now_ns(), clock.wall()).strip
    strip = SessionStrip()
    qtbot.addWidget(strip)
    strip.resize(900, 84)

    def painted(flags: tuple[float, ...]) -> QImage:
        cells = (replace(step[0], flags=flags), *step[1:])
        strip.show_cells(cells)
        return strip.grab().toImage()

    none, one = painted(()), painted((0.5,))
    assert one != none
    assert painted((0.5,) * 300) == one
    apart = painted((0.2, 0.5, 0.8))
    assert apart != one
    assert painted((0.2, 0.5, 0.8) * 100) == apart
