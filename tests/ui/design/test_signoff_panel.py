"""Design's Sign-off panel: recorded from the keyboard, undone through Edit → Undo (a
withdrawal), the launch date set and set back; readiness follows."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from rehearsal.plans.readiness import CheckKey
from rehearsal.signoff_model import SignoffKind
from rehearsal_ui.main_window import MainWindow


def test_sign_off_from_the_keyboard_and_undo_it(qtbot: QtBot, window: MainWindow) -> None:
    design = window.design
    plan = design.plan
    assert plan is not None and not window.ws.signoffs.records(plan.id)  # none signed yet
    design.launch_tabs.setCurrentWidget(design.signoff)
    panel = design.signoff
    panel.role.setCurrentIndex(panel.role.findData("producer"))
    panel.person.setFocus()
    qtbot.keyClicks(panel.person, "Sam Rivera")
    qtbot.keyClicks(panel.note, "Cues are clear")
    qtbot.keyClick(panel.person, Qt.Key.Key_Return)  # Enter: received
    [sam] = window.ws.signoffs.of(plan.id).people
    assert (sam.person, sam.accepted, sam.note) == ("Sam Rivera", False, "Cues are clear")
    assert panel.people.count() == 1 and "Sam Rivera — received" in panel.people.item(0).text()
    panel.accepted.setFocus()
    qtbot.keyClick(panel.accepted, Qt.Key.Key_Space)  # Accepted, by the keyboard
    assert window.ws.signoffs.of(plan.id).people[0].accepted
    window.undo_routing.update()
    assert window.commands.undo.isEnabled()
    assert "Sign-off (acceptance by Sam Rivera)" in window.commands.undo.text()
    window.commands.undo.trigger()  # the acceptance is withdrawn, the receipt stays
    [sam] = window.ws.signoffs.of(plan.id).people
    assert not sam.accepted
    kinds = [r.kind for r in window.ws.signoffs.records(plan.id)]
    assert kinds == [SignoffKind.RECEIVED, SignoffKind.ACCEPTED, SignoffKind.WITHDRAWN]
    window.commands.redo.trigger()
    assert window.ws.signoffs.of(plan.id).people[0].accepted
    signed = design.readiness.report
    assert signed is not None and signed.plan_id == plan.id
    assert "producer" not in " ".join(signed.check(CheckKey.SIGNED_OFF).missing)


def test_a_nameless_sign_off_is_refused_with_a_message(qtbot: QtBot, window: MainWindow) -> None:
    design = window.design
    with qtbot.waitSignal(design.message) as said:
        design.signoff.accepted.click()
    assert "Name the person" in said.args[0]
    assert design.plan is not None and window.ws.signoffs.records(design.plan.id) == []


def test_the_launch_date_is_set_and_undone(qtbot: QtBot, window: MainWindow) -> None:
    design = window.design
    plan = design.plan
    assert plan is not None and plan.revision == 1  # the window fixture's plan, shown
    panel = design.signoff
    panel.has_launch.setChecked(True)
    panel.launch.setDate(QDate(2027, 3, 1))
    panel.launch.editingFinished.emit()
    assert window.ws.signoffs.launch(plan.id) == date(2027, 3, 1)
    lead = design.readiness.report
    assert lead is not None and "launch on 2027-03-01" in lead.check(CheckKey.PRODUCER_LEAD).detail
    panel.undo()
    assert window.ws.signoffs.launch(plan.id) is not None  # back to the first date chosen
    while panel.undo_stack.canUndo():
        panel.undo()
    assert window.ws.signoffs.launch(plan.id) is None
    assert not panel.has_launch.isChecked()
