from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

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


def dialog(qtbot: QtBot, settings: Settings) -> PreferencesDialog:
    d = PreferencesDialog(settings)
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


def test_change_everything_with_the_keyboard(app: QApplication, qtbot: QtBot) -> None:
    start = Settings(appearance="light", recent_workspaces=["/w/a.rehearsal"])
    d = dialog(qtbot, start)
    qtbot.keyClick(d, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # &Appearance
    assert QApplication.focusWidget() is d.appearance
    with qtbot.waitSignal(theme.appearance_changed):
        qtbot.keyClick(d.appearance, Qt.Key.Key_Down)  # Light → Dark, applied at once
    assert theme.is_dark()
    replace_text(qtbot, d, Qt.Key.Key_B, "15")  # Slot &buffer
    replace_text(qtbot, d, Qt.Key.Key_M, "4")  # &Minimum rehearsals
    with qtbot.waitSignal(d.accepted):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    result = d.result_settings()
    assert result.appearance == "dark"
    assert result.readiness_buffer_pct == 15.0
    assert result.readiness_min_rehearsals == 4
    assert result.recent_workspaces == ["/w/a.rehearsal"]
    assert start.appearance == "light"  # the settings given are not changed


def test_mouse_and_limits(app: QApplication, qtbot: QtBot) -> None:
    d = dialog(qtbot, Settings())
    assert d.chosen_appearance() == "system"
    replace_text(qtbot, d, Qt.Key.Key_B, "99")
    assert d.buffer.value() <= 50
    replace_text(qtbot, d, Qt.Key.Key_M, "50")
    assert d.min_rehearsals.value() <= 20
    ok = d.buttons.button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(d.accepted):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert d.result_settings().readiness_buffer_pct <= 50


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
    from PySide6.QtWidgets import QLabel

    d = dialog(qtbot, Settings())
    buddies = {label.buddy() for label in d.findChildren(QLabel) if label.buddy() is not None}
    assert buddies == {d.appearance, d.buffer, d.min_rehearsals, *d.keys.values()}


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
