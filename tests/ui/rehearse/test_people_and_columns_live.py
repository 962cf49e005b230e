"""The live screen says who leads the running step and the next one, and shows the custom
columns chosen for the program (remembered) for the running segment."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from plans import small_draft
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from qt_helpers import show_active

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.rehearse.live_board import custom_text
from rehearsal_ui.rehearse.start_dialog import StartDialog
from rehearsal_ui.shell.settings import load_settings

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot: QtBot, ws: Workspace) -> MainWindow:
    """The main window on the Rehearse view; the small plan's welcome led by Sam Rivera in
    room B2 (slides 1–2), its poll by fx1 (slide 3)."""
    draft = small_draft()
    welcome, poll, *rest = draft.segments
    welcome = dataclasses.replace(
        welcome, lead_person="Sam Rivera", custom=(("Room", "B2"), ("Slide #", "1–2"))
    )
    poll = dataclasses.replace(poll, lead_person="fx1", custom=(("Slide #", "3"),))
    ws.add_plan(dataclasses.replace(draft, segments=(welcome, poll, *rest)))
    main = MainWindow(ws)
    qtbot.addWidget(main)
    show_active(qtbot, main)
    qtbot.keyClick(main, Qt.Key.Key_2, CTRL)
    return main


@contextmanager
def live(window: MainWindow) -> Iterator[FakeClock]:
    """A rehearsal of the plan shown, on a fake clock; finished after, whatever happened
    (closing the window with a run live would ask first, and pytest-qt closes it before
    fixtures are torn down)."""
    view = window.rehearse
    view.clock = FakeClock()
    assert view.plan_id is not None
    view._go_live(window.ws.start_rehearsal(view.plan_id, clock=view.clock), "")
    try:
        yield view.clock
    finally:
        run = view.run
        if run is not None and not run.state.finished:
            run.finish()
        view.run = None


def next_step(qtbot: QtBot, window: MainWindow, clock: FakeClock) -> None:
    clock.advance(60)  # not a double press
    qtbot.keyClick(window.rehearse, Qt.Key.Key_Space)


def test_the_board_says_who_leads_now_and_next(qtbot: QtBot, window: MainWindow) -> None:
    board = window.rehearse.board
    with live(window) as clock:
        # Before the start the first step is the one shown, and the first key says so.
        assert board.segment_title.text() == "Welcome"
        assert board.badges.text() == "Chat · led by Sam Rivera (producer)"
        assert board.next_key.text() == "Space: starts the rehearsal with “Welcome” (5:00)"
        assert board.next_label.text() == "Next: Poll (4:00) · led by fx1 (facilitator)"
        next_step(qtbot, window, clock)
        assert board.badges.text() == "Chat · led by Sam Rivera (producer)"
        assert board.next_label.text() == "Next: Poll (4:00) · led by fx1 (facilitator)"
        next_step(qtbot, window, clock)  # the poll: next, the timed hand-off
        assert board.badges.text() == "Poll · led by fx1 (facilitator)"
        assert board.next_label.text() == "Next: Open rooms (2:00)"  # no one leads a hand-off
        next_step(qtbot, window, clock)
        assert board.badges.text() == "Transition"
        assert board.next_label.text() == "Next: Breakout (15:00) · led by learners"


def test_custom_columns_chosen_before_the_run_show_on_the_board(
    qtbot: QtBot, window: MainWindow
) -> None:
    view, board = window.rehearse, window.rehearse.board
    choice = view.live_columns
    assert not choice.isHidden()
    assert [box.text() for box in choice.boxes] == ["Room", "Slide #"]
    assert choice.chosen() == []
    with live(window):
        assert board.custom == ""  # none chosen: no line for them
    view.show_idle()  # new boxes: clicked once laid out
    qtbot.waitUntil(lambda: all(b.width() == b.sizeHint().width() for b in choice.boxes))
    for box in reversed(choice.boxes):  # Slide #, then Room: shown in the plan's order
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert choice.chosen() == ["Room", "Slide #"]
    program = window.ws.plan(view.plan_id).program_id  # type: ignore[arg-type]
    assert load_settings().live_columns == {program: ["Room", "Slide #"]}  # saved at once
    with live(window) as clock:
        assert board.custom == "Room: B2 · Slide #: 1–2"  # the first step, before the start
        next_step(qtbot, window, clock)
        assert board.custom == "Room: B2 · Slide #: 1–2"
        assert board.details.text().endswith("Room: B2 · Slide #: 1–2")
        next_step(qtbot, window, clock)
        assert board.custom == "Slide #: 3"  # the poll has no room
        next_step(qtbot, window, clock)
        assert board.custom == ""  # a hand-off


def test_the_choice_is_remembered_per_program(qtbot: QtBot, window: MainWindow) -> None:
    view, choice = window.rehearse, window.rehearse.live_columns
    first = view.plan_id
    qtbot.mouseClick(choice.boxes[0], Qt.MouseButton.LeftButton)  # Room
    other = window.ws.add_plan(small_draft("Module 2"))  # no custom columns
    window.reload(select_plan=other.id)
    assert view.plan_id == other.id and choice.isHidden()
    window.reload(select_plan=first)
    assert choice.chosen() == ["Room"]
    again = MainWindow(window.ws, load_settings())
    qtbot.addWidget(again)
    again.reload(select_plan=first)
    assert again.rehearse.live_columns.chosen() == ["Room"]


def test_enter_in_the_choice_still_starts_a_rehearsal(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[StartDialog] = []

    def cancel(dialog: StartDialog) -> int:
        opened.append(dialog)
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(StartDialog, "exec", cancel)
    box = window.rehearse.live_columns.boxes[0]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert len(opened) == 1


def test_custom_text_joins_the_values_chosen_on_one_line() -> None:
    segment = small_draft().segments[0]
    segment = dataclasses.replace(segment, custom=(("Kit", "mic\nheadset"), ("Room", "B2")))
    assert custom_text(segment, ["Room", "Slide #", "Kit"]) == "Room: B2 · Kit: mic headset"
    assert custom_text(segment, []) == ""
