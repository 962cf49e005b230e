"""The seat's live screen and the seats waiting for a rehearsal, in the Rehearse view."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.demo import demo_draft
from rehearsal.exchange.seat_pack import import_seat_pack
from rehearsal.seat_model import SeatMarkKind
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.shell.theme import apply_appearance


def test_a_seat_flags_notes_and_steps_by_key(
    qtbot: QtBot, window: MainWindow, ws: Workspace, tmp_path: Path
) -> None:
    plan = ws.add_plan(demo_draft())  # 90 minutes from 9:00, long producer cues
    view = window.rehearse
    view.set_plan(plan.id)
    clock = FakeClock(datetime(2026, 3, 2, 9, 47).astimezone())  # the breakout, by plan
    view.clock = clock
    seat_window = view.open_seat("Sam", "producer")
    assert seat_window is not None
    qtbot.addWidget(seat_window)
    assert seat_window.title.text().startswith("Breakout")
    assert "Open rooms" in seat_window.cues.text()
    assert seat_window.grab().save(str(tmp_path / "seat-breakout.png"))
    qtbot.keyClick(seat_window, Qt.Key.Key_2)  # breakout logistics
    qtbot.keyClick(seat_window, Qt.Key.Key_Right)
    assert seat_window.title.text() == "Bring everyone back to the main room"  # the hand-off
    for mode in ("light", "dark"):
        apply_appearance(QApplication.instance(), mode)  # type: ignore[arg-type]
        assert seat_window.grab().save(str(tmp_path / f"seat-{mode}.png"))
    apply_appearance(QApplication.instance(), "light")  # type: ignore[arg-type]
    seat = seat_window.seat
    kinds = [(m.kind, m.category) for m in seat.marks]
    assert kinds == [(SeatMarkKind.FLAG, "breakout logistics"), (SeatMarkKind.STEP, "")]
    pack = seat_window.finish_to(tmp_path / "sam.rehearsalseat")
    assert seat.finished and pack.exists()

    # the pack, in a workspace with no rehearsal then: it waits, attached by hand
    with Workspace.open(tmp_path / "lead.rehearsal") as lead:
        lead_plan = lead.add_plan(demo_draft())
        run = lead.start_rehearsal(lead_plan.id, clock=FakeClock(datetime(2026, 3, 3, tzinfo=UTC)))
        run.next()
        run.finish()
    # (a different plan id: the seat matches nothing there until attached)
    with Workspace.open(tmp_path / "lead.rehearsal") as lead:
        assert import_seat_pack(lead, pack).waiting == 1
        view.seats_waiting.fill(lead)
        assert view.seats_waiting.seats.count() == 1
        view.seats_waiting.attach(seat.id, run.rehearsal.id)
        assert view.seats_waiting.seats.count() == 0
        assert [f.raised_by for f in lead.flags(run.rehearsal.id)] == ["Sam (producer)"]


def test_follow_as_a_second_seat_asks_name_and_role(
    qtbot: QtBot, window: MainWindow, ws: Workspace
) -> None:
    plan = ws.add_plan(demo_draft())
    view = window.rehearse
    view.set_plan(plan.id)
    view.clock = FakeClock(datetime(2026, 3, 2, 9, 47).astimezone())
    dialog = view.seat_dialog()
    qtbot.addWidget(dialog)
    assert dialog.choice.count() == 1 and not dialog.choice.isVisibleTo(dialog)  # none to resume
    qtbot.keyClicks(dialog.person, "Ana")
    dialog.role.setCurrentIndex(dialog.role.findData("co-facilitator"))
    assert (dialog.seat_id(), dialog.person_name(), dialog.role_value()) == (
        "",
        "Ana",
        "co-facilitator",
    )
    seat_window = view.open_seat(dialog.person_name(), dialog.role_value())
    assert seat_window is not None
    qtbot.addWidget(seat_window)
    assert "Ana · co-facilitator" in seat_window.windowTitle()


def test_an_unfinished_seat_is_offered_again_after_a_restart(
    qtbot: QtBot, window: MainWindow, ws: Workspace, tmp_path: Path
) -> None:
    plan = ws.add_plan(demo_draft())
    view = window.rehearse
    view.set_plan(plan.id)
    view.clock = FakeClock(datetime(2026, 3, 2, 9, 47).astimezone())
    seat_window = view.open_seat("Sam", "producer")
    assert seat_window is not None
    qtbot.addWidget(seat_window)
    qtbot.keyClick(seat_window, Qt.Key.Key_2)
    first = seat_window.seat.record.id
    dialog = view.seat_dialog()
    qtbot.addWidget(dialog)
    assert dialog.choice.count() == 1  # open now: not offered a second time
    seat_window.close()  # the app closed with the seat unfinished

    dialog = view.seat_dialog()
    qtbot.addWidget(dialog)
    assert dialog.choice.count() == 2 and dialog.seat_id() == first  # the latest, chosen
    assert "Sam (producer)" in dialog.choice.currentText()
    assert not dialog.person.isEnabled() and dialog.person_name() == "Sam"
    again = view.resume_seat(dialog.seat_id())
    assert again is not None
    qtbot.addWidget(again)
    qtbot.keyClick(again, Qt.Key.Key_3)
    assert again.seat.record.id == first
    assert [m.kind for m in ws.seats.marks(first)] == [SeatMarkKind.FLAG, SeatMarkKind.FLAG]
    again.finish_to(tmp_path / "sam.rehearsalseat")
    assert ws.seats.unfinished(ws.origin, plan.id) == []
    dialog.choice.setCurrentIndex(0)  # a new seat: name and role to fill in
    assert dialog.person.isEnabled() and dialog.person_name() == ""
