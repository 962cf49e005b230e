"""Help → About Rehearsal: its version, where this workspace, the logs and the settings are,
and the licences of the libraries it is built on."""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rehearsal import __version__
from rehearsal.crashlog import log_dir
from rehearsal_ui.help.licences import libraries
from rehearsal_ui.shell.icons import app_icon
from rehearsal_ui.shell.settings import settings_path


def about_rows(workspace: Path) -> list[tuple[str, str]]:
    return [
        ("Version", f"Rehearsal {__version__} (MIT licence)"),
        ("Runs on", f"Python {platform.python_version()}, Qt {qVersion()}, {platform.system()}"),
        ("Workspace", str(workspace)),
        ("Log folder", str(log_dir())),
        ("Settings", str(settings_path())),
    ]


class AboutDialog(QDialog):
    def __init__(self, workspace: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Rehearsal")
        self.rows = about_rows(workspace)
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(64, 64))
        title = QLabel(
            "<b>Rehearsal</b><br>Rehearse live virtual training: step through a run-of-show, "
            "capture what really happened, compare it with the plan."
        )
        title.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(logo)
        head.addWidget(title, 1)
        form = QFormLayout()
        for what, value in self.rows:
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setTextFormat(Qt.TextFormat.PlainText)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{what}:", shown)
        self.libraries = libraries()
        self.table = QTableWidget(len(self.libraries), 3)
        self.table.setAccessibleName("Libraries and their licences")
        self.table.setHorizontalHeaderLabels(["Built on", "Version", "Licence"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for r, lib in enumerate(self.libraries):
            for c, text in enumerate((lib.name, lib.version, lib.licence)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.resizeRowsToContents()
        rows_height = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setMinimumHeight(rows_height + header.sizeHint().height() + 6)
        note = QLabel(
            "Each library is used under the licence shown; the Qt libraries under the GNU "
            "LGPL version 3, which lets you replace them with your own build."
        )
        note.setWordWrap(True)
        copy = QPushButton("&Copy details")
        copy.setToolTip("Copy the version and the paths above, e.g. for a bug report")
        copy.clicked.connect(self.copy_details)
        logs = QPushButton("Open the &log folder")
        logs.clicked.connect(self.open_logs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(logs, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        needed = sum(self.table.sizeHintForColumn(c) for c in range(3)) + 80
        self.setMinimumWidth(max(needed, self.fontMetrics().averageCharWidth() * 80))

    def details(self) -> str:
        lines = [f"{what}: {value}" for what, value in self.rows]
        lines += [f"{lib.name} {lib.version} ({lib.licence})" for lib in self.libraries]
        return "\n".join(lines)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details())

    def open_logs(self) -> None:
        folder = log_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)  # made at the first log otherwise
        except OSError:
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
