"""Fixtures for the UI tests."""

from __future__ import annotations

import pytest
from plans import small_draft
from pytestqt.qtbot import QtBot
from qt_helpers import show_active

from rehearsal import Workspace
from rehearsal_ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, ws: Workspace) -> MainWindow:
    """The main window, shown and active, on a workspace holding the small test plan."""
    ws.add_plan(small_draft())
    main = MainWindow(ws)
    qtbot.addWidget(main)
    show_active(qtbot, main)
    return main
