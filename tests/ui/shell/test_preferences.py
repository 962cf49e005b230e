from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from rehearsal.changes import Changes
from rehearsal.launch_rules import LaunchRules
from rehearsal.workspace import Workspace
from rehearsal_ui.shell import theme
from rehearsal_ui.shell.preferences import PreferencesDialog
from rehearsal_ui.shell.settings import Settings


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    style, palette = qapp.style().name(), qapp.palette()
    theme.apply_appearance(qapp, "light")
    yield qapp
    theme.apply_appearance(qapp, "light")
    qapp.setStyle(style)
    qapp.setPalette(palette)


def dialog(qtbot: QtBot, settings: Settings, ws: Workspace | None = None) -> PreferencesDialog:
    d = PreferencesDialog(settings, ws=ws)
    qtbot.addWidget(d)
    d.show()
    d.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is d)
    return d


def replace_text(qtbot: QtBot, d: PreferencesDialog, mnemonic: Qt.Key, text: str) -> None:
    qtbot.keyClick(d, mnemonic, Qt.KeyboardModifier.AltModifier)
    focused = QApplication.focusWidget()
    assert focused is not None and focused is not d  # the mnemonic moved focus to a field
    qtbot.keyClick(focused, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(focused, text)


def test_change_everything_with_the_keyboard(
    app: QApplication, qtbot: QtBot, ws: Workspace
) -> None:
    start = Settings(appearance="light", recent_workspaces=["/w/a.rehearsal"])
    heard: list[Changes] = []
    ws.changes.subscribe(heard.append)
    d = dialog(qtbot, start, ws)
    qtbot.keyClick(d, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # &Appearance
    assert QApplication.focusWidget() is d.appearance
    with qtbot.waitSignal(theme.appearance_changed):
        qtbot.keyClick(d.appearance, Qt.Key.Key_Down)  # Light → Dark, applied at once
    assert theme.is_dark()
    replace_text(qtbot, d, Qt.Key.Key_B, "15")  # Slot &buffer
    replace_text(qtbot, d, Qt.Key.Key_M, "4")  # &Minimum rehearsals
    qtbot.keyClick(d, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # &Re-time steps to
    assert QApplication.focusWidget() is d.retiming_rule
    qtbot.keyClick(d.retiming_rule, Qt.Key.Key_Down)  # P80 → P90
    replace_text(qtbot, d, Qt.Key.Key_F, "5")  # Re-time &from at least
    assert QApplication.focusWidget() is d.retiming_min_complete
    assert heard == []  # nothing is stored before OK
    with qtbot.waitSignal(d.accepted):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    result = d.result_settings()
    assert result.appearance == "dark"
    assert ws.launch_rules() == LaunchRules(15.0, 4, "p90", 5)  # the workspace's, shared
    assert heard == [Changes(settings=True)]
    assert result.recent_workspaces == ["/w/a.rehearsal"]
    assert start.appearance == "light"  # the settings given are not changed


def test_mouse_and_limits(app: QApplication, qtbot: QtBot, ws: Workspace) -> None:
    d = dialog(qtbot, Settings(), ws)
    assert d.chosen_appearance() == "system"
    replace_text(qtbot, d, Qt.Key.Key_B, "99")
    assert d.buffer.value() <= 50
    replace_text(qtbot, d, Qt.Key.Key_M, "50")
    assert d.min_rehearsals.value() <= 20
    replace_text(qtbot, d, Qt.Key.Key_F, "0")
    assert d.retiming_min_complete.value() >= 1
    ok = d.buttons.button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(d.accepted):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert ws.launch_rules().buffer_pct <= 50 and ws.launch_rules().min_rehearsals <= 20
    assert ws.launch_rules().retiming_min_complete >= 1


def test_the_rules_shown_are_the_workspaces(app: QApplication, qtbot: QtBot, ws: Workspace) -> None:
    ws.set_launch_rules(
        LaunchRules(
            buffer_pct=12.5,
            min_rehearsals=3,
            retiming_rule="median",
            retiming_min_complete=6,
            producer_lead_days=9,
        )
    )
    d = dialog(qtbot, Settings(), ws)
    assert (d.buffer.value(), d.min_rehearsals.value()) == (12.5, 3)
    assert d.retiming_min_complete.value() == 6
    assert d.producer_lead_days.value() == 9
    d.producer_lead_days.setValue(12)
    d.accept()
    assert ws.launch_rules().producer_lead_days == 12
    assert d.retiming_rule.currentData() == "median"
    assert ws.path.name in " ".join(label.text() for label in d.findChildren(QLabel))
    without = dialog(qtbot, Settings())  # no workspace: the defaults, not editable
    assert not without.buffer.isEnabled() and without.buffer.value() == 10.0


def test_cancel_puts_the_appearance_back(app: QApplication, qtbot: QtBot) -> None:
    d = dialog(qtbot, Settings(appearance="light"))
    d.appearance.setCurrentIndex(d.appearance.findData("dark"))
    assert theme.is_dark()
    cancel = d.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    with qtbot.waitSignal(d.rejected):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not theme.is_dark()
    assert theme.current_mode() == "light"


def test_labels_name_their_fields(app: QApplication, qtbot: QtBot) -> None:
    d = dialog(qtbot, Settings())
    buddies = {label.buddy() for label in d.findChildren(QLabel) if label.buddy() is not None}
    fields = {
        d.appearance,
        d.buffer,
        d.min_rehearsals,
        d.retiming_rule,
        d.retiming_min_complete,
        d.producer_lead_days,
        *d.keys.values(),
    }
    assert buddies == fields


def test_live_keys_are_configurable_and_conflicts_refused(qtbot: QtBot) -> None:
    dialog = PreferencesDialog(Settings())
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    flag = dialog.keys["flag"]
    flag.selectAll()
    qtbot.keyClicks(flag, "P")  # already Pause
    assert not ok.isEnabled() and "Used twice" in dialog.keys_problem.text()
    flag.selectAll()
    qtbot.keyClicks(flag, "G")
    assert ok.isEnabled()
    assert dialog.result_settings().shortcuts == {"flag": "G"}
