"""Fixtures for the UI tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from plans import small_draft
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from qt_helpers import show_active

from rehearsal import Workspace
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.shell import theme
from rehearsal_ui.shell.collector import collect_on_ui_thread


@pytest.fixture(scope="session", autouse=True)
def _collect_on_ui_thread(qapp: QApplication) -> None:
    """As in the app: the garbage collector runs on the UI thread only, never on a worker
    that happens to allocate (a Qt object freed there is a crash at a random moment)."""
    collect_on_ui_thread(qapp)


@pytest.fixture
def window(qtbot: QtBot, ws: Workspace) -> MainWindow:
    """The main window, shown and active, on a workspace holding the small test plan."""
    ws.add_plan(small_draft())
    main = MainWindow(ws)
    qtbot.addWidget(main)
    show_active(qtbot, main)
    return main


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[None]:
    """The dark appearance, switched to while the app runs; light again afterwards."""
    style, palette = qapp.style().name(), qapp.palette()
    theme.apply_appearance(qapp, "light")
    yield
    theme.apply_appearance(qapp, "light")
    qapp.setStyle(style)
    qapp.setPalette(palette)
