"""The live screen's keyboard widgets: the start dialog, the flag and pause pickers, the
presenter window — driven by keys, and saved as pictures in light and dark."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from plans import course_draft, small_draft
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.model import FLAG_CATEGORIES, PauseReason, Plan, RehearsalKind, Severity
from rehearsal.rehearsing.live import LiveStatus, TimerState, live_status
from rehearsal.rehearsing.run import Run
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.rehearse.flag_picker import (
    FlagChoice,
    FlagPicker,
    PauseReasonPicker,
    category_keys,
)
from rehearsal_ui.rehearse.presenter import PresenterWindow
from rehearsal_ui.rehearse.start_dialog import StartChoice, StartDialog
from rehearsal_ui.shell.chart_palette import chart_colours
from rehearsal_ui.shell.theme import apply_appearance, current_mode, semantic_colors

# REHEARSAL_SHOTS=packaging/screenshots writes the README's pictures of the live screen.
SHOTS = Path(os.environ.get("REHEARSAL_SHOTS") or "/tmp/rehearse_widgets")
REMEMBERED = {
    "kind": "tech-check",
    "lead": "Dana",
    "facilitators": "Ana, Ben",
    "producer": "Priya",
    "cohort": "Pilot B",
    "region": "EMEA",
}


@pytest.fixture
def appearance(qapp: QApplication) -> Iterator[None]:
    """Screenshots switch the app to light and dark; put the previous appearance back."""
    before = current_mode()
    yield
    apply_appearance(qapp, before)


def shoot(qtbot: QtBot, widget: QWidget, name: str, size: QSize | None = None) -> None:
    """Save `widget` as `<name>-light.png` and `<name>-dark.png` in SHOTS."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    widget.show()
    qtbot.waitExposed(widget)
    if size is not None:
        widget.resize(size)
    for mode in ("light", "dark"):
        apply_appearance(app, mode)
        app.processEvents()
        assert widget.grab().save(str(SHOTS / f"{name}-{mode}.png"))


def activate(qtbot: QtBot, widget: QWidget) -> None:
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def two_revisions(ws: Workspace) -> tuple[Plan, Plan]:
    first = ws.add_plan(small_draft())
    draft = small_draft()
    second = ws.add_plan(
        dataclasses.replace(draft, segments=draft.segments[:3]), program="Module 1"
    )
    return first, second


# -- the start dialog ----------------------------------------------------------------------


def test_start_dialog_is_prefilled_and_started_with_enter(qtbot: QtBot, ws: Workspace) -> None:
    first, second = two_revisions(ws)
    dialog = StartDialog([first, second], second.id, REMEMBERED)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    assert [dialog.revision.itemText(i) for i in range(2)] == [
        "Revision 1 — 4 segments",
        "Revision 2 — 3 segments",
    ]
    assert dialog.revision.currentData() == second.id
    assert dialog.kind.currentText() == "Tech check"
    assert dialog.kind.hasFocus()
    assert [dialog.kind.itemText(i) for i in range(5)] == [
        "Dry run",
        "Tech check",
        "Dress rehearsal",
        "Pilot",
        "Live cohort",
    ]
    assert dialog.lead.text() == "Dana" and dialog.region.text() == "EMEA"

    qtbot.keyClick(dialog.kind, Qt.Key.Key_Down)
    assert dialog.kind.currentText() == "Dress rehearsal"
    qtbot.keyClick(dialog, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # "&Facilitators"
    assert dialog.facilitators.hasFocus()
    dialog.facilitators.selectAll()
    qtbot.keyClicks(dialog.facilitators, " Ana ,, Chloe ,")
    qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # "&Region"
    assert dialog.region.hasFocus()  # not the revision: what is typed next is the region's
    qtbot.keyClick(dialog, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)  # "Re&vision"
    assert dialog.revision.hasFocus()
    qtbot.keyClick(dialog.revision, Qt.Key.Key_Up)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.facilitators, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.choice() == StartChoice(
        plan_id=first.id,
        kind=RehearsalKind.DRESS_REHEARSAL,
        lead="Dana",
        facilitators=("Ana", "Chloe"),
        producer="Priya",
        cohort="Pilot B",
        region="EMEA",
    )
    remembered = dialog.remembered()
    assert remembered == {**REMEMBERED, "kind": "dress-rehearsal", "facilitators": "Ana, Chloe"}

    again = StartDialog([first, second], second.id, remembered)
    qtbot.addWidget(again)
    assert again.remembered() == remembered
    assert again.choice() == dataclasses.replace(dialog.choice(), plan_id=second.id)


def test_start_dialog_without_memory_or_plans(qtbot: QtBot, ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    dialog = StartDialog([plan], "no-such-plan", {"kind": "rocket launch"})
    qtbot.addWidget(dialog)
    assert dialog.choice() == StartChoice(plan.id, RehearsalKind.DRY_RUN, "", (), "", "", "")
    activate(qtbot, dialog)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.lead, Qt.Key.Key_Escape)

    empty = StartDialog([], "", {})
    qtbot.addWidget(empty)
    assert not empty.start_button.isEnabled()
    with pytest.raises(LookupError):
        empty.choice()


def test_start_dialog_pictures(qtbot: QtBot, ws: Workspace, appearance: None) -> None:
    first, second = two_revisions(ws)
    dialog = StartDialog([first, second], second.id, REMEMBERED)
    qtbot.addWidget(dialog)
    shoot(qtbot, dialog, "start-dialog")


# -- the flag picker -----------------------------------------------------------------------


def picker(qtbot: QtBot, on_handoff: bool = False) -> FlagPicker:
    dialog = FlagPicker(FLAG_CATEGORIES, "Open rooms", "Poll", on_handoff)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    return dialog


def test_category_keys_are_digits_then_letters_clear_of_severity_and_note() -> None:
    keys = category_keys(40)
    assert keys[:11] == ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "A")
    assert not {"H", "L", "M", "N"} & set(keys)
    assert keys[-1] == ""  # too many categories: the rest are picked with the arrows


def test_flag_picker_by_keyboard(qtbot: QtBot) -> None:
    dialog = picker(qtbot)
    assert dialog.categories.item(0).text().split() == ["1", "instructions", "unclear"]
    assert dialog.categories.item(10).text().split() == ["A", "other"]
    assert dialog.target.text() == "On: Poll"
    assert dialog.severity is Severity.MEDIUM
    assert not dialog.file_button.isEnabled()  # Enter does nothing before a category

    qtbot.keyClick(dialog.categories, Qt.Key.Key_H)  # severity keys work before the note
    assert dialog.severity is Severity.HIGH
    qtbot.keyClick(dialog.categories, Qt.Key.Key_2)
    assert dialog.category == "breakout logistics"
    assert dialog.note.hasFocus()  # picking a category hands the keyboard to the note
    qtbot.keyClicks(dialog.note, "Rooms 3 and 4 empty")
    assert dialog.note.text() == "Rooms 3 and 4 empty"
    assert dialog.category == "breakout logistics"  # digits in the note are just text
    qtbot.keyClick(dialog.note, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert dialog.severity is Severity.LOW
    qtbot.keyClick(dialog.note, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    assert dialog.severity is Severity.HIGH
    assert dialog.note.text() == "Rooms 3 and 4 empty"
    qtbot.keyClick(dialog.note, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert dialog.category == "hand-off missed"
    qtbot.keyClick(dialog.note, Qt.Key.Key_Up)
    assert dialog.category == "tool launch"

    qtbot.keyClick(dialog.note, Qt.Key.Key_Tab)
    assert dialog.target.text() == "On: Open rooms" and dialog.on_handoff
    assert dialog.note.hasFocus()
    qtbot.keyClick(dialog.note, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(dialog.note, Qt.Key.Key_Tab)
    assert dialog.on_handoff
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert dialog.result_flag() == FlagChoice(
        "tool launch", "Rooms 3 and 4 empty", Severity.HIGH, on_handoff=True
    )


def test_flag_picker_highlights_the_severity_in_the_new_appearance(
    qapp: QApplication, qtbot: QtBot, appearance: None
) -> None:
    apply_appearance(qapp, "light")
    dialog = picker(qtbot)
    apply_appearance(qapp, "dark")  # while the picker is open
    qapp.processEvents()
    chosen = next(
        b for b in dialog.severity_buttons.buttons() if b.property("severity") == "medium"
    )
    highlight = qapp.palette().color(QPalette.ColorRole.Highlight)
    assert chosen.palette().color(QPalette.ColorRole.Button) == highlight


def test_flag_picker_typing_starts_the_note_and_esc_cancels(qtbot: QtBot) -> None:
    dialog = picker(qtbot, on_handoff=True)
    assert dialog.target.text() == "On: Open rooms"
    assert dialog.target_hint.text() == "Tab: flag the segment instead"
    qtbot.keyClick(dialog.categories, Qt.Key.Key_M)
    assert dialog.severity is Severity.MEDIUM
    qtbot.keyClicks(dialog.categories, "w")  # not a category key: starts the note
    assert dialog.note.hasFocus() and dialog.note.text() == "w"
    qtbot.keyClicks(dialog.note, "hiteboard")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)  # no category yet: nothing is filed
    assert dialog.isVisible()
    qtbot.keyClick(dialog.note, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert dialog.category == "other"
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_flag_picker_without_a_handoff_keeps_tab_for_focus(qtbot: QtBot) -> None:
    dialog = FlagPicker(FLAG_CATEGORIES[:3], None, "Welcome", on_handoff=True)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    assert dialog.target.text() == "On: Welcome" and not dialog.on_handoff
    assert dialog.target_hint.isHidden()
    qtbot.keyClick(dialog.categories, Qt.Key.Key_3)
    qtbot.keyClick(dialog.categories, Qt.Key.Key_9)  # no ninth category: nothing happens
    assert dialog.note.text() == ""
    assert dialog.category == "tool launch"
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Enter)
    assert dialog.result_flag() == FlagChoice("tool launch", "", Severity.MEDIUM, False)


def test_flag_picker_arrows_and_enter_from_the_list(qtbot: QtBot) -> None:
    dialog = picker(qtbot)
    qtbot.keyClick(dialog.categories, Qt.Key.Key_Down)
    assert dialog.category == "instructions unclear"
    qtbot.keyClick(dialog.categories, Qt.Key.Key_Down)
    assert dialog.category == "breakout logistics" and dialog.categories.hasFocus()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.categories, Qt.Key.Key_Return)
    assert dialog.result_flag() == FlagChoice("breakout logistics", "", Severity.MEDIUM, False)


def test_flag_picker_pictures(qtbot: QtBot, appearance: None) -> None:
    dialog = FlagPicker(FLAG_CATEGORIES, "Open rooms", "Poll", on_handoff=False)
    qtbot.addWidget(dialog)
    dialog.select_category(1)
    dialog.note.setText("Rooms 3 and 4 empty")
    dialog.set_severity(Severity.HIGH)
    shoot(qtbot, dialog, "flag-picker")


# -- the pause reason ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        (Qt.Key.Key_T, PauseReason.TECH),
        (Qt.Key.Key_C, PauseReason.CONTENT),
        (Qt.Key.Key_B, PauseReason.BREAK),
        (Qt.Key.Key_O, PauseReason.OTHER),
        (Qt.Key.Key_Return, PauseReason.OTHER),
    ],
)
def test_pause_reason_in_one_key(qtbot: QtBot, key: Qt.Key, reason: PauseReason) -> None:
    dialog = PauseReasonPicker()
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog, key)
    assert dialog.reason() is reason


def test_pause_reason_esc_cancels(qtbot: QtBot, appearance: None) -> None:
    dialog = PauseReasonPicker()
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    shoot(qtbot, dialog, "pause-reason")


# -- the presenter window ------------------------------------------------------------------


def started(ws: Workspace) -> tuple[Run, FakeClock]:
    """The small plan (Welcome 300, Poll 240, Open rooms 120, …), its poll led by fx1."""
    draft = small_draft()
    welcome, poll, *rest = draft.segments
    led = (welcome, dataclasses.replace(poll, lead_person="fx1"), *rest)
    plan = ws.add_plan(dataclasses.replace(draft, segments=led))
    clock = FakeClock(wall=datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    return ws.start_rehearsal(plan.id, clock=clock), clock


def status(run: Run, clock: FakeClock) -> LiveStatus:
    return live_status(run.state, run.plan, run.now_ns(), clock.wall())


def test_presenter_shows_the_running_segment(qtbot: QtBot, ws: Workspace) -> None:
    window = PresenterWindow()
    qtbot.addWidget(window)
    assert window.title.text() == "Waiting to start" and window.countdown.text() == ""
    run, clock = started(ws)
    window.show_status(status(run, clock))
    assert window.title.text() == "Waiting to start"

    run.next()
    clock.advance(60.5)
    now = status(run, clock)
    assert now.timer is TimerState.ON_TIME
    window.show_status(now)
    assert (window.title.text(), window.countdown.text(), window.next.text()) == (
        "Welcome",
        "4:00",
        "Next: Poll · led by fx1 (facilitator)",
    )
    assert window.lead.text() == "Led by producer" and not window.lead.isHidden()
    assert window.paused.isHidden()
    text_colour = window.palette().color(window.foregroundRole())
    assert window.countdown.palette().color(window.countdown.foregroundRole()) == text_colour

    clock.advance(200)
    window.show_status(status(run, clock))
    assert window.countdown.text() == "0:40"
    assert window.countdown.palette().color(window.countdown.foregroundRole()).name() == (
        semantic_colors().warning
    )

    clock.advance(65)
    run.pause(PauseReason.TECH)
    clock.advance(30)  # paused: the countdown stands still
    now = status(run, clock)
    assert now.timer is TimerState.OVERTIME
    window.show_status(now)
    assert window.countdown.text() == "+0:25"
    assert window.countdown.palette().color(window.countdown.foregroundRole()).name() == (
        semantic_colors().danger
    )
    assert window.paused.text() == "Paused — tech" and not window.paused.isHidden()

    run.resume()
    run.next()
    run.next()
    window.show_status(status(run, clock))
    assert (window.title.text(), window.countdown.text(), window.next.text()) == (
        "Open rooms",
        "2:00",
        "Next: Breakout · led by learners",
    )
    assert window.paused.isHidden()
    assert window.lead.isHidden()  # a hand-off: no one leads it
    window.show_status(None)
    assert window.title.text() == "Waiting to start" and window.countdown.text() == ""


def test_presenter_only_touches_labels_that_change(qtbot: QtBot, ws: Workspace) -> None:
    window = PresenterWindow()
    qtbot.addWidget(window)
    run, clock = started(ws)
    run.next()
    window.show_status(status(run, clock))
    changes: list[str] = []
    original = window.countdown.setText

    def counting(text: str) -> None:
        changes.append(text)
        original(text)

    window.countdown.setText = counting  # type: ignore[method-assign]
    for _ in range(5):
        clock.advance(0.1)
        window.show_status(status(run, clock))
    assert changes == []  # 5:00 for the whole first second
    clock.advance(0.6)
    window.show_status(status(run, clock))
    assert changes == ["4:59"]


def test_presenter_scales_and_goes_full_screen(qtbot: QtBot, ws: Workspace) -> None:
    window = PresenterWindow()
    qtbot.addWidget(window)
    window.resize(640, 360)
    activate(qtbot, window)
    run, clock = started(ws)
    run.next()
    window.show_status(status(run, clock))
    small = window.countdown.font().pixelSize()
    window.resize(1600, 900)
    qtbot.waitUntil(lambda: window.countdown.font().pixelSize() > small)
    big = window.countdown.font().pixelSize()
    assert big > 2 * small
    assert window.countdown.text() == "5:00"
    assert window.countdown.fontMetrics().horizontalAdvance("+8:88") < window.width()
    clock.advance(301)
    window.show_status(status(run, clock))
    assert window.countdown.text() == "+0:01"  # overtime: same size, it was fitted for "+"
    assert window.countdown.font().pixelSize() == big

    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    qtbot.mouseDClick(window, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.isFullScreen)
    qtbot.mouseDClick(window, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isFullScreen())


def test_presenter_pictures(qtbot: QtBot, ws: Workspace, appearance: None) -> None:
    run, clock = started(ws)
    window = PresenterWindow()
    qtbot.addWidget(window)
    shoot(qtbot, window, "presenter-waiting", QSize(960, 540))
    run.next()
    clock.advance(75)
    window.show_status(status(run, clock))
    shoot(qtbot, window, "presenter-on-time", QSize(960, 540))
    clock.advance(180)
    window.show_status(status(run, clock))
    shoot(qtbot, window, "presenter-warning", QSize(640, 360))
    clock.advance(80)
    run.pause(PauseReason.TECH)
    window.show_status(status(run, clock))
    shoot(qtbot, window, "presenter-overtime-paused", QSize(1280, 720))
    now = status(run, clock)
    assert now.step is not None
    long_title = "Scenario practice: escalate a blocked order to the regional desk and log it"
    window.show_status(
        dataclasses.replace(
            now,
            step=dataclasses.replace(now.step, title=long_title),
            remaining_s=-3700,
            paused=False,
        )
    )
    assert window.countdown.text() == "+1:01:40"
    shoot(qtbot, window, "presenter-long-title", QSize(800, 450))


# -- the live screen, with a real course -----------------------------------------------------


def live_course(qtbot: QtBot, ws: Workspace) -> tuple[MainWindow, FakeClock]:
    ws.add_plan(course_draft())
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    activate(qtbot, window)
    window.show_view("rehearse")
    clock = FakeClock(wall=datetime(2026, 3, 2, 9, 0).astimezone())
    view = window.rehearse
    view.clock = clock
    view._go_live(ws.start_rehearsal(view.plan_id or "", clock=clock), "")
    return window, clock


def steps(window: MainWindow, clock: FakeClock, shares: list[float]) -> None:
    """Run one step per share, each for that share of its plan."""
    view = window.rehearse
    for share in shares:
        run = view.run
        assert run is not None
        view.do("next")
        clock.advance(run.steps[run.state.index].planned_s * share)
    view.refresh()


def nothing_clipped(window: MainWindow) -> None:
    board = window.rehearse.board
    for text in (
        board.segment_title,
        board.badges,
        board.next_key,
        board.next_label,
        board.position,
    ):
        assert "…" not in text.shown_text(), f"{text.text()!r} is cut short"
    details = board.details
    bar = board.details_box.verticalScrollBar()
    needed = details.heightForWidth(details.width())
    assert needed <= board.details_box.viewport().height() or bar.maximum() > 0


def test_live_screen_pictures(qtbot: QtBot, ws: Workspace, appearance: None) -> None:
    """At the start, ahead, behind (a retry, in overtime) and after finishing, in light
    and dark; the step's text is never cut short, and the strip shows the actuals."""
    window, clock = live_course(qtbot, ws)
    board = window.rehearse.board
    window.rehearse.refresh()
    nothing_clipped(window)
    shoot(qtbot, window, "rehearse-live-start")
    steps(window, clock, [0.7, 0.8, 0.7, 0.8, 0.9, 0.5])  # six steps, well under their plan
    assert "ahead" in board.schedule.text()
    nothing_clipped(window)
    shoot(qtbot, window, "rehearse-live-ahead")
    steps(window, clock, [1.0, 1.3, 0.8])  # the break runs long; into the breakout
    window.rehearse.do("retry")
    clock.advance(19 * 60)  # the breakout's second attempt, a minute into overtime
    window.rehearse.refresh()
    assert "behind" in board.schedule.text()
    assert board.position.text() == "Step 9 of 20 · attempt 2"
    nothing_clipped(window)
    image = window.grab().toImage()
    strip = board.strip
    at = strip.mapTo(window, strip.rect().center())
    over = QColor(chart_colours().over)
    row = [image.pixelColor(x, at.y() + 4) for x in range(at.x() - strip.width() // 2, at.x())]
    assert any(c == over or c == over.lighter(125) for c in row), "no actual on the strip"
    shoot(qtbot, window, "rehearse-live-behind")
    steps(window, clock, [1.0] * 11)
    window.rehearse.do("next")  # the last step ends: finished
    assert window.rehearse.pages.currentWidget() is window.rehearse.finished_page
    shoot(qtbot, window, "rehearse-finished")
    window.toggle_presenter()
    presenter = window.presenter
    assert presenter is not None
    presenter.close()


def test_live_screen_follows_the_window_size(qtbot: QtBot, ws: Workspace, appearance: None) -> None:
    window, clock = live_course(qtbot, ws)
    board = window.rehearse.board
    steps(window, clock, [1.0] * 4)
    sizes = {}
    for width, height in ((1100, 700), (1400, 900), (1920, 1080)):
        window.resize(width, height)
        qtbot.waitUntil(lambda w=width: abs(window.width() - w) < 2)
        QApplication.processEvents()
        sizes[height] = board.timer_label.font().pointSizeF()
        nothing_clipped(window)
        shoot(qtbot, window, f"rehearse-live-{width}x{height}")
    assert sizes[700] < sizes[900] < sizes[1080]
    run = window.rehearse.run
    assert run is not None
    run.finish()
    window.rehearse.run = None


def test_presenter_pictures_of_the_course(qtbot: QtBot, ws: Workspace, appearance: None) -> None:
    window, clock = live_course(qtbot, ws)
    steps(window, clock, [0.9] * 4 + [0.4])  # the demo in its fifth step, four minutes left
    window.toggle_presenter()
    presenter = window.presenter
    assert presenter is not None
    shoot(qtbot, presenter, "presenter", QSize(1280, 720))
    assert presenter.countdown.text() == window.rehearse.board.timer_label.text() == "6:00"
    run = window.rehearse.run
    assert run is not None
    run.finish()
    window.rehearse.run = None
