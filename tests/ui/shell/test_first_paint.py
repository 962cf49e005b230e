"""FirstPaint calls back once, after the window's first paint and not before."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
from pytestqt.qtbot import QtBot

from rehearsal_ui.shell.first_paint import FirstPaint


def test_it_calls_back_once_after_the_first_paint(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    label = QLabel("painted")
    window.setCentralWidget(label)
    painted: list[bool] = []
    FirstPaint(window, lambda: painted.append(label.isVisible()))
    QApplication.processEvents()
    assert painted == []  # not shown, not painted
    window.show()
    qtbot.waitUntil(lambda: painted == [True])
    window.repaint()
    label.repaint()
    QApplication.processEvents()
    assert painted == [True]
