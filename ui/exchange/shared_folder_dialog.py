"""The Shared folder dialog: what the team's shared folder is for, which one is in use, and a
way to choose another or stop sharing. Changes apply at once; Close leaves the dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rehearsal.errors import RehearsalError
from rehearsal.exchange.shared_folder import set_shared_folder, shared_folder
from rehearsal.workspace import Workspace
from rehearsal_ui.shell.file_dialogs import existing_folder

WIDTH = 520
EXPLANATION = (
    "A shared folder lets a team hand rehearsals around without a server: choose a folder "
    "that everyone can reach — one kept in step by OneDrive, Dropbox or Google Drive, or a "
    "network share.\n\n"
    "Rehearsal writes each finished rehearsal there as a pack, and the annotations added "
    "to it afterwards. Packs your colleagues left there are merged into this workspace when "
    "the app starts and whenever you choose File → Sync now."
)
NOT_SHARING = "Not sharing: rehearsals stay on this computer unless you export them."


class SharedFolderDialog(QDialog):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle("Shared folder")
        self.setMinimumWidth(WIDTH)
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.current.setTextFormat(Qt.TextFormat.PlainText)
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton("&Choose folder…")
        self.choose_button.clicked.connect(self.pick_folder)
        self.stop_button = QPushButton("&Stop sharing")
        self.stop_button.clicked.connect(lambda: self.use_folder(None))
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.choose_button)
        buttons_row.addWidget(self.stop_button)
        buttons_row.addStretch(1)
        box = QGroupBox("Folder in use")
        inside = QVBoxLayout(box)
        inside.addWidget(self.current)
        inside.addLayout(buttons_row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(box)
        layout.addWidget(close)
        self._show_current()
        self.resize(WIDTH, layout.heightForWidth(WIDTH))

    @property
    def folder(self) -> Path | None:
        return shared_folder(self.ws)

    def _show_current(self) -> None:
        folder = self.folder
        self.current.setText(str(folder) if folder is not None else NOT_SHARING)
        self.current.setForegroundRole(
            QPalette.ColorRole.WindowText
            if folder is not None
            else QPalette.ColorRole.PlaceholderText
        )
        self.stop_button.setEnabled(folder is not None)
        self.choose_button.setText("&Choose another folder…" if folder else "&Choose folder…")

    def pick_folder(self) -> None:
        name = existing_folder(self, "Choose the shared folder", self.folder)
        if name:
            self.use_folder(Path(name))

    def use_folder(self, folder: Path | None) -> bool:
        """Share through `folder` (None: stop sharing); a refusal is explained, and False."""
        try:
            set_shared_folder(self.ws, folder)
        except RehearsalError as exc:
            QMessageBox.warning(self, "Shared folder not changed", str(exc))
            return False
        except OSError as exc:
            QMessageBox.warning(
                self, "Shared folder not changed", f"{folder}: {exc.strerror or exc}"
            )
            return False
        finally:
            self._show_current()
        return True
