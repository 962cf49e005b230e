"""Every empty list, table and view says why it is empty and what to do."""

from __future__ import annotations

from plans import small_draft
from pytestqt.qtbot import QtBot
from qt_helpers import settled, show_active

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.review.pages import NO_ANNOTATIONS, NO_FLAGS
from rehearsal_ui.review.panels import NO_ITEMS


def open_window(qtbot: QtBot, ws: Workspace) -> MainWindow:
    window = MainWindow(ws)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    return window


def test_an_empty_workspace_says_how_to_begin_in_every_view(qtbot: QtBot, ws: Workspace) -> None:
    window = open_window(qtbot, ws)
    assert window.navigator.empty.label.isVisible()
    assert "Import a run-of-show (File → Import, Ctrl+I)" in window.navigator.empty.text()
    note = window.design.empty
    assert note.label.isVisible() and note.text().startswith("No plan to show")
    assert "Ctrl+I" in note.text() and "Ctrl+N" in note.text()
    window.show_view("rehearse")
    assert window.rehearse.idle_hint.text().startswith("No plan to rehearse yet")
    window.show_view("review")
    assert window.review.empty.isVisible()
    assert window.review.empty.text().startswith("No rehearsal yet — import a run-of-show")
    assert "Rehearse (Ctrl+2)" in window.review.empty.text()
    window.show_view("analyze")
    settled(qtbot, window.analyze)
    assert window.analyze.empty.isVisible()
    assert window.analyze.empty.text().startswith("No rehearsal to analyse yet")


def test_a_rehearsal_with_no_flags_notes_or_items_says_how_to_add_them(
    qtbot: QtBot, ws: Workspace
) -> None:
    plan = ws.add_plan(small_draft())
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, clock=clock)
    for step in run.state.steps:
        run.next()
        clock.advance(step.planned_s)
    run.finish()
    window = open_window(qtbot, ws)
    window.show_view("review")
    review = window.review
    review.show_rehearsal(run.rehearsal.id)
    for tab, note, text in (
        (1, review.flags_note, NO_FLAGS),
        (2, review.notes_note, NO_ANNOTATIONS),
        (4, review.items.empty, NO_ITEMS),
    ):
        review.tabs.setCurrentIndex(tab)
        assert note.label.isVisible() and note.text() == text
    assert "F flags a friction point" in NO_FLAGS and "Ctrl+Shift+A" in NO_ANNOTATIONS
    ws.review.annotate(run.rehearsal.id, "Slides out of order", at_ns=60_000_000_000)
    qtbot.waitUntil(lambda: review.notes_model.rowCount() == 1)
    review.tabs.setCurrentIndex(2)
    assert not review.notes_note.label.isVisible()  # a note once there is one
