"""The live screen with a real course: a whole rehearsal of twenty steps by keyboard alone
with the presenter window open (keys sent to it too), the two clocks reading the same on
every tick, the rundown, the attempts, the finish and the key on to Review."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from plans import course_draft
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from qt_helpers import show_active

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.durations import format_duration
from rehearsal.model import EventKind, RehearsalStatus
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.rehearse.presenter import PresenterWindow


def when_dialog_opens(answer: Callable[[QWidget], None]) -> None:
    def handle() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, handle)
            return
        answer(dialog)

    QTimer.singleShot(0, handle)


def press(qtbot: QtBot, key: Qt.Key) -> Callable[[QWidget], None]:
    return lambda dialog: qtbot.keyClick(dialog.focusWidget() or dialog, key)


@pytest.fixture
def course(qtbot: QtBot, ws: Workspace) -> Iterator[tuple[MainWindow, FakeClock]]:
    """The main window on a twenty-step course, on the Rehearse view, on a fake clock."""
    ws.add_plan(course_draft())
    window = MainWindow(ws)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    window.show_view("rehearse")
    clock = FakeClock(wall=datetime(2026, 3, 2, 9, 0).astimezone())
    window.rehearse.clock = clock
    yield window, clock
    stop(window)


def stop(window: MainWindow) -> None:
    """Finish a run a test left live: pytest-qt closes the window before fixtures are torn
    down, and closing it with a run live would ask whether to quit."""
    run = window.rehearse.run
    if run is not None and not run.state.finished:
        run.finish()
    window.rehearse.run = None


def presenter_of(qtbot: QtBot, window: MainWindow) -> PresenterWindow:
    window.toggle_presenter()
    presenter = window.presenter
    assert presenter is not None and presenter.isVisible()
    return presenter


def test_a_whole_course_by_keyboard_with_the_presenter_window_open(
    qtbot: QtBot, course: tuple[MainWindow, FakeClock]
) -> None:
    window, clock = course
    view, board = window.rehearse, window.rehearse.board
    when_dialog_opens(press(qtbot, Qt.Key.Key_Return))  # the start dialog, as it is
    qtbot.keyClick(view, Qt.Key.Key_Return)
    run = view.run
    assert run is not None and len(run.steps) == 20
    presenter = presenter_of(qtbot, window)
    presenter.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is presenter)
    assert board.next_key.text() == (
        "Space: starts the rehearsal with “Doors open and sound check” (5:00)"
    )
    assert presenter.next.text() == "First: Doors open and sound check"
    for i in range(20):
        target: QWidget = presenter if i % 2 == 0 else view  # the focus goes back and forth
        qtbot.keyClick(target, Qt.Key.Key_Space)
        assert run.state.index == i, f"step {i + 1} did not start from {target}"
        assert presenter.isVisible(), "a live key closed the presenter window"
        clock.advance(run.steps[i].planned_s * 0.9)
        if i == 8:  # the breakout: retried from the presenter window
            qtbot.keyClick(presenter, Qt.Key.Key_R)
            clock.advance(60)
            view.refresh()
            assert board.position.text() == "Step 9 of 20 · attempt 2"
            assert presenter.lead.text() == "Led by learners · attempt 2"
        if i == 4:  # a pause and its reason, from the presenter window
            when_dialog_opens(press(qtbot, Qt.Key.Key_T))
            qtbot.keyClick(presenter, Qt.Key.Key_P)
            clock.advance(20)
            qtbot.keyClick(presenter, Qt.Key.Key_P)
    assert board.next_key.text() == "Space: ends “Close” and finishes the rehearsal"
    qtbot.keyClick(presenter, Qt.Key.Key_Space)  # the last step: the run finishes
    assert view.run is None and view.pages.currentWidget() is view.finished_page
    assert presenter.isVisible() and presenter.title.text() == "Waiting to start"
    rid = run.rehearsal.id
    assert window.ws.rehearsal(rid).status is RehearsalStatus.FINISHED
    kinds = [e.kind for e in window.ws.events(rid)]
    assert kinds.count(EventKind.NEXT) == 20 and kinds.count(EventKind.RETRY) == 1
    summary = window.ws.rehearsal_summary(rid)
    assert summary.totals.complete and summary.totals.steps_run == 20
    page = view.finished_page
    assert page.rehearsal_id == rid
    shown = [w.text() for w in page.findChildren(QWidget) if hasattr(w, "text")]
    assert "20 of 20 steps, complete" in shown and "Retried" in shown
    view.finished_page.setFocus()
    qtbot.keyClick(view.finished_page, Qt.Key.Key_Return)  # the one key on to Review
    assert window.views.currentWidget() is window.review_page
    assert window.review.rehearsal_id == rid


def test_esc_in_the_presenter_window_finishes_the_run_and_never_closes_it(
    qtbot: QtBot, course: tuple[MainWindow, FakeClock]
) -> None:
    window, clock = course
    view = window.rehearse
    view._go_live(window.ws.start_rehearsal(view.plan_id or "", clock=clock), "")
    presenter = presenter_of(qtbot, window)
    qtbot.keyClick(presenter, Qt.Key.Key_Space)
    clock.advance(30)
    asked: list[str] = []

    def decline(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.No).click()

    when_dialog_opens(decline)
    qtbot.keyClick(presenter, Qt.Key.Key_Escape)
    assert asked and "Finish this rehearsal" in asked[0]
    assert presenter.isVisible() and view.run is not None  # declined: the run goes on

    def accept(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        box.button(QMessageBox.StandardButton.Yes).click()

    when_dialog_opens(accept)
    qtbot.keyClick(presenter, Qt.Key.Key_Escape)
    assert view.run is None and presenter.isVisible()
    qtbot.keyClick(presenter, Qt.Key.Key_F11)  # with no run live, F11 and Esc are its own
    qtbot.waitUntil(presenter.isFullScreen)
    qtbot.keyClick(presenter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not presenter.isFullScreen())


def test_the_two_clocks_read_the_same_on_every_tick(
    qtbot: QtBot, course: tuple[MainWindow, FakeClock]
) -> None:
    window, clock = course
    view = window.rehearse
    view._go_live(window.ws.start_rehearsal(view.plan_id or "", clock=clock), "")
    presenter = presenter_of(qtbot, window)
    qtbot.keyClick(view, Qt.Key.Key_Space)  # 5:00 planned
    seen = set()
    for _ in range(3200):  # past the plan by 20 s, a tick every 0.1 s
        clock.advance(0.1)
        view.refresh()
        main, shown = view.board.timer_label.text(), presenter.countdown.text()
        assert main == shown, f"{main} on the live screen, {shown} on the presenter window"
        seen.add(main)
    assert {"5:00", "4:59", "0:01", "0:00", "+0:01", "+0:19"} <= seen
    stop(window)


def test_the_presenter_remembers_its_screen(
    qtbot: QtBot, course: tuple[MainWindow, FakeClock]
) -> None:
    window, _ = course
    presenter = presenter_of(qtbot, window)
    name = presenter.screen().name()
    window._fill_presenter_menu()
    actions = window.rehearse.board.presenter_menu.actions()
    assert actions[0].text().startswith(f"Full screen on {name}")
    actions[0].trigger()
    qtbot.waitUntil(presenter.isFullScreen)
    assert (window.settings.presenter_screen, window.settings.presenter_full_screen) == (
        name,
        True,
    )
    window.toggle_presenter()  # hidden, then shown again: full screen where it was
    window.toggle_presenter()
    qtbot.waitUntil(presenter.isFullScreen)
    presenter.leave_full_screen()
    assert not window.settings.presenter_full_screen


def test_the_rundown_lists_what_comes_and_what_ran(
    qtbot: QtBot, course: tuple[MainWindow, FakeClock]
) -> None:
    window, clock = course
    view, board = window.rehearse, window.rehearse.board
    view._go_live(window.ws.start_rehearsal(view.plan_id or "", clock=clock), "")
    lines = board.rundown.lines()
    # Before the start: as if it started now (09:00), the second step at 09:05.
    assert lines[0].startswith("09:05  09:05  6:00  Why we are here · Ana (facilitator)")
    assert "hand-off: Priya hands over to Ana" in lines[0]
    qtbot.keyClick(view, Qt.Key.Key_Space)
    clock.advance(420)  # two minutes over
    qtbot.keyClick(view, Qt.Key.Key_Space)
    clock.advance(60)
    view.refresh()
    lines = board.rundown.lines()
    assert lines[0] == "7:00 +2:00 ✓ Doors open and sound check"
    assert lines[1].startswith("09:11  09:13  4:00  Warm-up poll")  # planned, expected
    stop(window)


def test_one_key_accepts_the_recovery_plans_next_change(
    qtbot: QtBot, course: tuple[MainWindow, FakeClock]
) -> None:
    window, clock = course
    view, board = window.rehearse, window.rehearse.board
    view._go_live(window.ws.start_rehearsal(view.plan_id or "", clock=clock), "")
    presenter = presenter_of(qtbot, window)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    clock.advance(15 * 60)  # sound check: ten minutes over a 5-minute plan
    qtbot.keyClick(view, Qt.Key.Key_Space)  # "Why we are here" (non-negotiable)
    clock.advance(60)
    view.refresh()
    status = view.status
    assert status is not None and status.recovery is not None
    first = status.recovery.changes[0]
    text = board.recovery.body.text()
    assert text.startswith("Behind ") and f"A: accept {first.line()}" in text
    qtbot.keyClick(presenter, Qt.Key.Key_A)  # from the presenter window
    run = view.run
    assert run is not None and run.state.targets == {first.index: first.target_s}
    assert [e.kind for e in window.ws.events(run.rehearsal.id)][-1] is EventKind.ADJUST
    clock.advance(0.4)
    view.refresh()
    after = view.status
    assert after is not None and after.recovery is not None
    assert first.line() not in board.recovery.body.text()  # taken: the next one is offered
    while run.state.index < first.index:  # on to the adjusted step
        clock.advance(30)
        qtbot.keyClick(presenter, Qt.Key.Key_Space)
    clock.advance(0.3)
    view.refresh()
    target = format_duration(first.target_s)
    assert presenter.lead.text().endswith(f"target {target} (adjusted)")
    assert presenter.countdown.text() == board.timer_label.text() == target  # 0.3 s in
    stop(window)


def test_the_rundown_follows_a_mark_on_the_next_tick(
    qtbot: QtBot, course: tuple[MainWindow, FakeClock]
) -> None:
    """A mark shows the step and the clock at once; the rundown and the Recovery panel on
    the next tick of the clock (a tenth of a second), off the key press's path."""
    window, clock = course
    view, board = window.rehearse, window.rehearse.board
    view._go_live(window.ws.start_rehearsal(view.plan_id or "", clock=clock), "")
    qtbot.keyClick(view, Qt.Key.Key_Space)
    clock.advance(420)
    view.refresh()
    before = board.rundown.lines()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert board.segment_title.text() == "Why we are here"
    assert board.rundown.lines() == before  # not yet: the mark painted the step first
    qtbot.waitUntil(lambda: board.rundown.lines() != before, timeout=1000)
    assert board.rundown.lines()[0] == "7:00 +2:00 ✓ Doors open and sound check"
    stop(window)


def test_a_tick_just_after_a_mark_leaves_the_rundown_for_the_next_one(
    course: tuple[MainWindow, FakeClock], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A burst of marks is shown in the rundown once it settles (a tick landing on a key
    press costs only the clock), and the rundown is never a second old."""
    from rehearsal_ui.rehearse import view as module

    window, clock = course
    view, board = window.rehearse, window.rehearse.board
    now = [100.0]
    monkeypatch.setattr(module, "monotonic", lambda: now[0])
    view._go_live(window.ws.start_rehearsal(view.plan_id or "", clock=clock), "")
    try:
        _burst(view, board, clock, now, module)
    finally:
        stop(window)


def _burst(view: Any, board: Any, clock: FakeClock, now: list[float], module: Any) -> None:
    """Marks and ticks on the fake clocks (see the test above)."""
    view.do("next")
    clock.advance(420)
    view._tick()
    before = board.rundown.lines()
    view.do("next")
    now[0] += 0.01  # 10 ms after the mark
    view._tick()
    assert board.rundown.lines() == before
    now[0] += module.PANELS_AFTER_MARK_S
    view._tick()
    assert board.rundown.lines()[0] == "7:00 +2:00 ✓ Doors open and sound check"
    refreshed, settled = [], view._panels_at
    for i in range(50):  # a mark every 30 ms for 1.5 s: the rundown still follows
        clock.advance(0.03)
        view.do("next" if i % 2 == 0 else "undo")
        now[0] += 0.03
        was = view._panels_at
        view._tick()
        refreshed += [now[0]] if view._panels_at != was else []
    # once, at the first tick a second after the last refresh
    assert len(refreshed) == 1
    assert module.PANELS_STALE_S <= refreshed[0] - settled < module.PANELS_STALE_S + 0.03
