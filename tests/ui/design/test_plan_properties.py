"""The plan's properties, set in the app: the command, the dialog, undo and redo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from qt_helpers import show_active

from rehearsal import Workspace
from rehearsal_ui.design.properties import PlanPropertiesDialog
from rehearsal_ui.design.segment_model import COL_START
from rehearsal_ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("in_new_york")


def open_dialog(qtbot: QtBot, window: MainWindow) -> PlanPropertiesDialog:
    """Open the dialog the way a user does: Ctrl+Shift+P in the Design view."""
    show_active(qtbot, window)
    qtbot.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PlanPropertiesDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, PlanPropertiesDialog)
    return dialog


def type_into(qtbot: QtBot, field: object, text: str) -> None:
    field.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(field, text)


def press_ok(qtbot: QtBot, dialog: PlanPropertiesDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_setting_the_properties_then_undo_and_redo(qtbot: QtBot, window: MainWindow) -> None:
    ws: Workspace = window.ws
    plan = window.design.plan
    assert plan is not None and plan.revision == 1  # the window fixture's plan, shown
    dialog = open_dialog(qtbot, window)
    type_into(qtbot, dialog.name, "  Order workflow rollout, module 2 ")
    type_into(qtbot, dialog.slot, "1h30")
    type_into(qtbot, dialog.start, "9:00")
    dialog.zone.set_zone("Europe/Berlin")  # typing opens the completer: see the test below
    assert dialog.caption.text() == "Starts 09:00 Europe/Berlin (03:00 here)"
    dialog.notes.setPlainText("Cut for the pilot")
    with qtbot.waitSignal(dialog.accepted):
        press_ok(qtbot, dialog)
    stored = ws.plan(plan.id)
    assert (stored.slot_s, stored.start_s, stored.time_zone, stored.notes) == (
        5400,
        9 * 3600,
        "Europe/Berlin",
        "Cut for the pilot",
    )
    assert ws.program(plan.program_id).name == "Order workflow rollout, module 2"
    assert window.design.title.text().startswith("Order workflow rollout, module 2")
    summary = window.design.totals.summary.text()
    assert "of a 1:30:00 slot" in summary and "starts 09:00 Europe/Berlin (03:00 here)" in summary
    model = window.design.model
    first = model.index(model.row_of_segment(plan.segments[0].id), COL_START)  # local time
    assert first.data() == "03:00"
    assert first.data(Qt.ItemDataRole.ToolTipRole) == "09:00 Europe/Berlin (03:00 here)"
    assert window.commands.undo.text() == "&Undo Plan properties"
    window.commands.undo.trigger()
    assert ws.plan(plan.id) == plan
    assert ws.program(plan.program_id).name == "Module 1"
    assert model.index(model.row_of_segment(plan.segments[0].id), COL_START).data() == "09:00"
    window.commands.redo.trigger()
    assert ws.plan(plan.id).time_zone == "Europe/Berlin"
    assert ws.program(plan.program_id).name == "Order workflow rollout, module 2"


@pytest.mark.parametrize(
    ("field", "text", "says"),
    [
        ("slot", "soon", "Cannot read 'soon' as the slot"),
        ("slot", "30s", "between 1 minute and 24 hours"),
        ("slot", "25h", "between 1 minute and 24 hours"),
        ("start", "25:00", "Cannot read '25:00' as the planned start"),
        ("name", "   ", "A program needs a name"),
        ("zone", "Europe/Atlantis", "not a time zone"),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(
    qtbot: QtBot, window: MainWindow, field: str, text: str, says: str
) -> None:
    ws = window.ws
    plan = window.design.plan
    assert plan is not None and plan.revision == 1  # the window fixture's plan, shown
    dialog = open_dialog(qtbot, window)
    if field == "zone":
        dialog.zone.setEditText(text)
    else:
        type_into(qtbot, getattr(dialog, field), text)
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert says in dialog.error.text()
    assert ws.plan(plan.id) == plan and ws.program(plan.program_id).name == "Module 1"
    assert window.design.editor is not None and not window.design.editor.can_undo
    dialog.reject()


def test_the_time_zone_is_found_by_any_part_of_its_name(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    assert dialog.zone.zone() == "" and dialog.zone.currentIndex() == 0  # local time
    completer = dialog.zone.completer()
    insensitive = Qt.CaseSensitivity.CaseInsensitive  # "BERL" finds Berlin
    assert completer is not None and completer.caseSensitivity() is insensitive
    completer.setCompletionPrefix("BERL")
    found = completer.completionModel()
    names = [found.index(i, 0).data() for i in range(found.rowCount())]
    assert names == ["Europe/Berlin"]
    dialog.zone.setEditText("europe/berlin")  # any case
    assert dialog.zone.zone() == "Europe/Berlin"
    dialog.zone.setEditText("local time of this device")
    assert dialog.zone.zone() == ""
    dialog.reject()


def test_a_rehearsed_plan_gets_the_next_revision(qtbot: QtBot, window: MainWindow) -> None:
    ws = window.ws
    plan = window.design.plan
    assert plan is not None and plan.revision == 1  # the window fixture's plan, shown
    ws.start_rehearsal(plan.id)
    qtbot.waitUntil(lambda: window.design.banner.isVisible())  # the change was heard
    dialog = open_dialog(qtbot, window)
    assert dialog.notice is not None and "creates revision 2" in dialog.notice.text()
    type_into(qtbot, dialog.slot, "45")
    with qtbot.waitSignal(window.design.revision_created) as created:
        press_ok(qtbot, dialog)
    new = ws.plan(created.args[0])
    assert (new.revision, new.slot_s, new.based_on) == (2, 45 * 60, plan.id)
    assert ws.plan(plan.id) == plan  # the rehearsed revision is history
