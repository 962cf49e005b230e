"""The QApplication of the desktop app: named, with its icon and its desktop entry's id.

Shared by the launcher (`rehearsal_ui.app`) and `rehearsal --self-test`, which start Qt the
same way.
"""

from __future__ import annotations

import sys
from typing import Final

from PySide6.QtWidgets import QApplication

from rehearsal_ui.shell.collector import collect_on_ui_thread
from rehearsal_ui.shell.icons import app_icon

# The name of the .desktop entry, the AppStream id and the icon's name (see packaging/linux/).
DESKTOP_ID: Final = "org.rehearsal.Rehearsal"


def application() -> QApplication:
    """The QApplication (created on first call), named and with the app's icon; Python's
    garbage collector runs on its thread only (`collector.collect_on_ui_thread`)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Rehearsal")
    app.setOrganizationName("Rehearsal")
    app.setDesktopFileName(DESKTOP_ID)  # Wayland and the docks match the window to its entry
    app.setWindowIcon(app_icon())
    collect_on_ui_thread(app)
    return app
