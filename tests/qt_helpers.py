"""Helpers for UI tests."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot


def show_active(qtbot: QtBot, window: QWidget) -> None:
    """Show `window` as the active window: shortcuts and focus events need that."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def settled(qtbot: QtBot, view: QWidget) -> None:
    """Wait until an Analyze view has read, analysed and drawn what it was asked for (it
    works off the UI thread: see `AnalyzeView.busy`)."""
    qtbot.waitUntil(lambda: not view.busy, timeout=20_000)
