"""A key typed on a table never starts an edit: typing "?" on the Design table of a
rehearsed plan started editing a title, and the next key would have created a revision.
Only a double-click or the platform's edit key (F2; Return on macOS) edits a cell, in every
item view of the app."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit
from pytestqt.qtbot import QtBot

from rehearsal.clock import FakeClock
from rehearsal_ui.design.segment_model import COL_TITLE
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.shell.editing import ACCIDENTAL_EDITS

EDITING = QAbstractItemView.State.EditingState


def rehearse_once(window: MainWindow) -> None:
    plan = window.design.plan
    assert plan is not None
    clock = FakeClock()
    run = window.ws.start_rehearsal(plan.id, clock=clock)
    run.next()
    clock.advance(60)
    run.finish()


def test_typing_on_the_design_table_edits_nothing(qtbot: QtBot, window: MainWindow) -> None:
    rehearse_once(window)  # the plan is used: an edit would create revision 2
    qtbot.waitUntil(lambda: window.design.editor is not None)
    table = window.design.table
    table.setFocus()
    table.setCurrentIndex(window.design.model.index(1, COL_TITLE))
    program = window.ws.programs()[0].id
    for key in (Qt.Key.Key_Question, Qt.Key.Key_A, Qt.Key.Key_1, Qt.Key.Key_Return):
        qtbot.keyClick(table, key)
        assert table.state() != EDITING
    assert len(window.ws.plans(program)) == 1  # no revision was made
    qtbot.keyClick(table, Qt.Key.Key_F2)  # the edit key does edit
    assert table.state() == EDITING and isinstance(table.focusWidget(), QLineEdit)
    qtbot.keyClick(table.focusWidget(), Qt.Key.Key_Escape)
    assert len(window.ws.plans(program)) == 1


def test_typing_on_the_action_items_edits_nothing(qtbot: QtBot, window: MainWindow) -> None:
    rehearse_once(window)
    window.show_view("review")
    review = window.review
    rid = window.ws.rehearsals()[0].id
    review.show_rehearsal(rid)
    review.debrief.boxes["slowed_learners"].setPlainText("Poll instructions")
    review.make_item_from_answer("slowed_learners")  # an answer makes an action item
    qtbot.waitUntil(lambda: review.items.model.rowCount() == 1)
    table = review.items.table
    review.tabs.setCurrentWidget(review.items)
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_X)
    assert table.state() != EDITING
    qtbot.keyClick(table, Qt.Key.Key_F2)
    assert table.state() == EDITING


def test_no_item_view_of_the_app_edits_on_a_stray_key(qtbot: QtBot, window: MainWindow) -> None:
    rehearse_once(window)
    for name in ("review", "analyze"):
        window.show_view(name)
    window.analyze.ensure_built()
    views = window.findChildren(QAbstractItemView)
    assert len(views) > 8  # the navigator, Design's table, Review's and Analyze's tables…
    careless = [
        f"{type(v).__name__} {v.accessibleName() or v.objectName()}"
        for v in views
        if v.editTriggers() & ACCIDENTAL_EDITS
    ]
    assert careless == []
