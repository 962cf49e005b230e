"""On the start after a crash: say so once, offer the log, and say that the rehearsal that
was running can be resumed (the resume offer follows: `MainWindow.offer_resume`).

A crash Python could not catch (a segmentation fault) is written by `faulthandler` to the
fault log (`rehearsal.crashlog.fault_log_path`, set up by `shell.crash`). The settings keep
how long that log was when the user was last told (`Settings.fault_log_seen`): anything
after that is new."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from rehearsal.crashlog import fault_log_path, fault_log_size, new_fault
from rehearsal_ui.shell.settings import Settings, save_settings


def fault_text(interrupted: int) -> str:
    text = (
        "Rehearsal stopped unexpectedly the last time it ran. Every mark made before that "
        "is saved in the workspace."
    )
    if interrupted:
        text += (
            "\n\nThe rehearsal that was running can be resumed: you are asked next, and "
            "nothing it recorded is lost."
        )
    return text


def tell_about_last_fault(parent: QWidget, settings: Settings, interrupted: int) -> bool:
    """If the fault log holds a new entry: say so (once), offer to open the log. Whether it
    did; `interrupted`: how many rehearsals were left running."""
    fault = new_fault(settings.fault_log_seen)
    settings.fault_log_seen = fault_log_size()
    save_settings(settings)
    if fault is None:
        return False
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Rehearsal stopped unexpectedly")
    box.setText(fault_text(interrupted))
    box.setInformativeText(f"The details are in {fault_log_path()}.")
    box.setDetailedText(fault)
    open_log = box.addButton("&Open the log", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()
    if box.clickedButton() is open_log:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(fault_log_path())))
    box.deleteLater()
    return True
