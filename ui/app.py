"""Starting the desktop app: the workspace, the main window (or the self-test)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, Final

from rehearsal.errors import RehearsalError
from rehearsal.workspace import DB_ENV, Workspace, default_path

if TYPE_CHECKING:
    from rehearsal_ui.main_window import MainWindow

# Set (to anything) to quit right after the main window's first paint, printing its time:
# how tests/benchmarks/bench_launch.py times the launch.
EXIT_AFTER_PAINT_ENV: Final = "REHEARSAL_EXIT_AFTER_PAINT"


def demo_path() -> Path:
    """The demo workspace, beside the user's own (created on first use)."""
    return default_path().with_name("demo.rehearsal")


def workspace_path(args: argparse.Namespace, last_workspace: str | None) -> Path:
    """--db, else the demo with --demo, else $REHEARSAL_DB, else the last one, else the default."""
    if getattr(args, "db", None):
        return Path(args.db)
    if args.demo:
        path = demo_path()
        if not path.exists():
            from rehearsal.demo import write_demo  # once: the next launches open it

            write_demo(path)
        return path
    if not os.environ.get(DB_ENV) and last_workspace and Path(last_workspace).exists():
        return Path(last_workspace)
    return default_path()


def launch(args: argparse.Namespace) -> int:
    """Entry point registered as the `rehearsal.gui` plugin of the `rehearsal` command."""
    if getattr(args, "self_test", False):
        try:
            from rehearsal_ui.self_test import run_self_test
        except ImportError as exc:  # Qt or a system library it needs is missing
            print(f"FAIL Qt: {' '.join(str(exc).split())}\nFAIL self-test failed: Qt", flush=True)
            return 1
        return run_self_test()
    if args.screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from rehearsal_ui.main_window import MainWindow
    from rehearsal_ui.shell.application import application
    from rehearsal_ui.shell.collector import settle_startup_objects
    from rehearsal_ui.shell.crash import install_crash_handler
    from rehearsal_ui.shell.settings import load_settings, migrate_launch_rules
    from rehearsal_ui.shell.theme import apply_appearance

    app = application()
    install_crash_handler()
    settings = load_settings()
    appearance = getattr(args, "appearance", None) or settings.appearance
    apply_appearance(app, appearance)
    try:
        path = workspace_path(args, settings.last_workspace)
        ws = Workspace.open(path)
    except RehearsalError as exc:
        if args.screenshot:
            raise
        QMessageBox.critical(None, "Rehearsal", str(exc))
        return 2
    if not args.demo and not args.screenshot:
        settings.add_recent(str(ws.path))
        settings.last_workspace = str(ws.path)
        migrate_launch_rules(settings, ws)  # old Preferences thresholds, once
    window = MainWindow(ws, settings)
    if args.view:
        window.show_view(args.view)
    if args.screenshot:
        window.resize(1400, 900)
        window.show()
        window.finish_pending_work()  # the view shown built, read and drawn
        app.processEvents()
        ok = window.grab().save(args.screenshot)
        window.hide()
        window.ws.close()
        if not ok:
            raise RehearsalError(f"{args.screenshot} could not be written")
        return 0
    if os.environ.get(EXIT_AFTER_PAINT_ENV):
        from rehearsal_ui.shell.first_paint import exit_after_first_paint

        exit_after_first_paint(window)
    window.show()
    QTimer.singleShot(0, settle_startup_objects)
    QTimer.singleShot(0, window.after_start)
    QTimer.singleShot(0, window.exchange.sync_on_start)
    packs = [Path(p) for p in getattr(args, "packs", ())]  # opened with the app (rehearsal FILE)
    if packs:
        QTimer.singleShot(0, lambda: window.exchange.import_files(packs))
    try:
        return app.exec()
    finally:
        quit_cleanly(window)


def quit_cleanly(window: MainWindow) -> None:
    """Close the workspace, delete the main window (and with it the presenter window and
    every view) while the QApplication exists, then collect what Python still holds:
    nothing Qt owns is left to the interpreter's shutdown, when Qt is gone (a crash on
    quit)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from rehearsal_ui.shell.collector import collect_before_exit
    from rehearsal_ui.shell.worker import settle

    settle(5_000)  # jobs off the UI thread report first
    window.exchange.close()  # jobs on the workspace report before it closes
    window.ws.close()
    window.hide()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    collect_before_exit()
