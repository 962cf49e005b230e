"""One place where unexpected exceptions end up: a dialog that says where the log is."""

from __future__ import annotations

import faulthandler
import sys
from types import TracebackType
from typing import IO

from rehearsal.crashlog import fault_log_path, write_crash_log

_fault_log: IO[str] | None = None  # kept open: faulthandler writes to its descriptor


def install_crash_handler() -> None:
    """Route uncaught exceptions to a dialog instead of a silent exit; data stays on disk."""
    global _fault_log
    if _fault_log is None:
        try:
            path = fault_log_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            _fault_log = open(path, "a", encoding="utf-8")  # noqa: SIM115
            faulthandler.enable(_fault_log)
        except OSError:
            faulthandler.enable()
    sys.excepthook = _excepthook


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    log = write_crash_log(exc.with_traceback(tb))
    print(f"Unexpected {kind.__name__}: {exc} (details in {log})", file=sys.stderr)
    if QApplication.instance() is None:
        return
    QMessageBox.critical(
        None,
        "Rehearsal — unexpected problem",
        f"Something went wrong that Rehearsal did not expect:\n\n{kind.__name__}: {exc}\n\n"
        f"Everything already recorded is saved in your workspace.\n"
        f"The details are in {log}. Please send that file with a bug report.",
    )
