"""Starting the desktop app: the QApplication, the workspace, the main window."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rehearsal.demo import write_demo
from rehearsal.errors import RehearsalError
from rehearsal.workspace import Workspace, default_path


def demo_path() -> Path:
    """The demo workspace, beside the user's own (created on first use)."""
    return default_path().with_name("demo.rehearsal")


def launch(args: argparse.Namespace) -> int:
    """Entry point registered as the `rehearsal.gui` plugin of the `rehearsal` command."""
    if args.screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication, QMessageBox
    from rehearsal_ui.crash import install_crash_handler
    from rehearsal_ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Rehearsal")
    app.setOrganizationName("Rehearsal")
    install_crash_handler()
    path = Path(args.db) if getattr(args, "db", None) else None
    try:
        if args.demo and path is None:
            path = demo_path()
            if not path.exists():
                write_demo(path)
        ws = Workspace.open(path)
    except RehearsalError as exc:
        if args.screenshot:
            raise
        QMessageBox.critical(None, "Rehearsal", str(exc))
        return 2
    window = MainWindow(ws)
    if args.view:
        window.show_view(args.view)
    if args.screenshot:
        window.resize(1400, 900)
        window.show()
        app.processEvents()
        ok = window.grab().save(args.screenshot)
        window.close()
        ws.close()
        if not ok:
            raise RehearsalError(f"{args.screenshot} could not be written")
        return 0
    window.show()
    try:
        return app.exec()
    finally:
        ws.close()
