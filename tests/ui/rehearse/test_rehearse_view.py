from __future__ import annotations

from collections.abc import Callable
from time import monotonic

import pytest
from plans import small_draft
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.model import EventKind, PauseReason, RehearsalStatus, Severity
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.shell import collector

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """The shared main window, on the Rehearse view."""
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    return window


def stop(window: MainWindow) -> None:
    """Finish a run a test left live: closing the window would ask whether to quit, and
    pytest-qt closes windows before fixtures are torn down."""
    run = window.rehearse.run
    if run is not None and not run.state.finished:
        run.finish()
    window.rehearse.run = None


def when_dialog_opens(qtbot: QtBot, answer: Callable[[QWidget], None]) -> None:
    """Answer the next modal dialog with `answer` (keys sent to it) once it is up."""

    def handle() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, handle)
            return
        answer(dialog)

    QTimer.singleShot(0, handle)


def keys(qtbot: QtBot, *sequence: Qt.Key | str) -> Callable[[QWidget], None]:
    def send(dialog: QWidget) -> None:
        for key in sequence:
            target = dialog.focusWidget() or dialog
            if isinstance(key, str):
                qtbot.keyClicks(target, key)
            else:
                qtbot.keyClick(target, key)

    return send


def test_a_whole_rehearsal_by_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    view = window.rehearse
    clock = FakeClock()
    view.clock = clock
    assert view.hasFocus()
    when_dialog_opens(qtbot, keys(qtbot, Qt.Key.Key_Return))  # the start dialog, as it is
    qtbot.keyClick(view, Qt.Key.Key_Return)
    run = view.run
    assert run is not None and run.rehearsal.status is RehearsalStatus.ARMED

    qtbot.keyClick(view, Qt.Key.Key_Space)  # Welcome starts
    clock.advance(0.1)
    qtbot.keyClick(view, Qt.Key.Key_Space)  # a double press: not a second mark
    assert run.state.index == 0
    clock.advance(310)
    view.refresh()
    assert view.board.timer_label.text() == "+0:10"  # 5:00 planned: overtime counts up
    qtbot.keyClick(view, Qt.Key.Key_Right)  # Poll
    clock.advance(20)
    when_dialog_opens(qtbot, keys(qtbot, "2", "rooms not open", Qt.Key.Key_Return))
    qtbot.keyClick(view, Qt.Key.Key_F)  # flag: category 2, on the hand-off by default
    clock.advance(40)
    when_dialog_opens(qtbot, keys(qtbot, Qt.Key.Key_T))
    qtbot.keyClick(view, Qt.Key.Key_P)  # pause for a tech reason
    clock.advance(30)
    assert view.board.timer_caption.text().startswith("PAUSED (tech)")
    qtbot.keyClick(view, Qt.Key.Key_P)  # resume
    clock.advance(100)
    qtbot.keyClick(view, Qt.Key.Key_R)  # retry the poll
    clock.advance(200)
    qtbot.keyClick(view, Qt.Key.Key_Space)  # the transition to the breakout
    clock.advance(1)
    qtbot.keyClick(view, Qt.Key.Key_Left)  # a mis-tap undone
    clock.advance(20)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    clock.advance(150)
    when_dialog_opens(qtbot, keys(qtbot, "check the room list", Qt.Key.Key_Return))
    qtbot.keyClick(view, Qt.Key.Key_N)

    def confirm(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        box.button(QMessageBox.StandardButton.Yes).click()

    when_dialog_opens(qtbot, confirm)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.run is None and view.pages.currentWidget() is view.finished_page

    ws = window.ws
    rid = run.rehearsal.id
    kinds = [e.kind for e in ws.events(rid)]
    assert kinds == [
        EventKind.NEXT,
        EventKind.NEXT,
        EventKind.FLAG,
        EventKind.PAUSE,
        EventKind.RESUME,
        EventKind.RETRY,
        EventKind.NEXT,
        EventKind.UNDO,
        EventKind.NEXT,
        EventKind.NOTE,
        EventKind.FINISH,
    ]
    assert ws.rehearsal(rid).status is RehearsalStatus.FINISHED
    [flag] = ws.flags(rid)
    assert (flag.category, flag.note, flag.severity) == (
        "breakout logistics",
        "rooms not open",
        Severity.MEDIUM,
    )
    assert flag.transition_id is not None  # the hand-off just crossed
    pause = next(e for e in ws.events(rid) if e.kind is EventKind.PAUSE)
    assert pause.get("reason") == PauseReason.TECH.value
    summary = ws.rehearsal_summary(rid)
    welcome, poll, move = summary.segments[:3]
    assert welcome.actual_s == pytest.approx(310.1)
    # The undone Next never ended the poll: its second attempt ran 200 + 1 + 20 s.
    assert poll.attempts == (pytest.approx(160.0), pytest.approx(221.0))
    assert poll.pause_s == 30
    assert move.actual_s == pytest.approx(150.0)
    assert "Last rehearsal" in view.last_result.text()
    assert window.tree.item(0).child(0).rowCount() == 1  # the navigator lists it


def test_ctrl_z_undoes_marks_in_the_live_view_not_plan_edits(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = window.rehearse
    view.clock = FakeClock()
    plan = window.design.plan
    assert plan is not None and view.plan_id == plan.id  # it follows the navigator
    run = window.ws.start_rehearsal(plan.id, clock=view.clock)
    view._go_live(run, "")
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert collector._quiet_until > monotonic()  # no garbage collection as marks may follow
    view.clock.advance(5)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    view.clock.advance(5)
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert run.state.index == 0
    assert not window.commands.undo.isEnabled()
    stop(window)


def test_interrupted_rehearsal_is_offered_for_resume(qtbot: QtBot, ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, clock=clock)
    run.next()
    clock.advance(60)
    run.flag("other")  # … and then the app was killed
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.rehearse.clock = clock

    def resume(box: QWidget) -> None:
        assert isinstance(box, QMessageBox) and "interrupted" in box.text()
        next(b for b in box.buttons() if b.text() == "Resume").click()

    when_dialog_opens(qtbot, resume)
    window.offer_resume()
    assert window.views.currentWidget() is window.rehearse
    live = window.rehearse.run
    assert live is not None and live.rehearsal.id == run.rehearsal.id
    assert live.state.index == 0
    assert [e.kind for e in ws.events(run.rehearsal.id)][-1] is EventKind.INTERRUPTED
    stop(window)


def test_abandoning_from_the_offer(qtbot: QtBot, ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    run = ws.start_rehearsal(plan.id, clock=FakeClock())
    run.next()
    window = MainWindow(ws)
    qtbot.addWidget(window)

    def abandon(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        next(b for b in box.buttons() if b.text() == "Close as abandoned").click()

    when_dialog_opens(qtbot, abandon)
    window.offer_resume()
    assert ws.rehearsal(run.rehearsal.id).status is RehearsalStatus.ABANDONED
    assert window.rehearse.run is None


def test_presenter_window_follows_the_live_rehearsal(qtbot: QtBot, window: MainWindow) -> None:
    view = window.rehearse
    view.clock = FakeClock()
    plan = window.design.plan
    assert plan is not None and view.plan_id == plan.id  # it follows the navigator
    run = window.ws.start_rehearsal(plan.id, clock=view.clock)
    view._go_live(run, "")
    window.toggle_presenter()
    presenter = window.presenter
    assert presenter is not None and presenter.isVisible()
    qtbot.addWidget(presenter)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    view.clock.advance(65)
    view.refresh()
    texts = " ".join(label.text() for label in presenter.findChildren(QLabel))
    assert "3:55" in texts and "Welcome" in texts and "Poll" in texts
    window.toggle_presenter()
    assert not presenter.isVisible()
    stop(window)
