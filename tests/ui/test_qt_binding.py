"""The Qt binding must not leak references to None: on Python < 3.12 that aborts the app
mid-rehearsal ("Fatal Python error: none_dealloc", seen with PySide6 6.12.0)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel, QTableView
from pytestqt.qtbot import QtBot


def test_void_qt_calls_keep_none_alive(qtbot: QtBot) -> None:
    label, table = QLabel(), QTableView()
    qtbot.addWidget(label)
    qtbot.addWidget(table)
    before = sys.getrefcount(None)
    for i in range(3000):  # what a few minutes of the live screen's 10 Hz clock does
        label.setText(str(i % 7))
        table.setRowHidden(0, False)
    assert sys.getrefcount(None) >= before - 50
