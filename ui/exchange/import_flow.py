"""Importing a run-of-show from the app: the same formats and errors as the CLI, plus a
column-mapping step with a preview when a sheet's columns cannot be told."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rehearsal.durations import format_duration
from rehearsal.errors import ColumnsNotRecognised, FormatError
from rehearsal.formats import read_plan
from rehearsal.model import Plan, PlanDraft
from rehearsal.workspace import Workspace

IMPORT_FILTER = "Run-of-show (*.xlsx *.csv *.tsv *.txt *.json);;All files (*)"
# The fields a person is asked to map, with their labels; title and a timing are required.
MAPPED_FIELDS = (
    ("title", "Title *"),
    ("duration", "Duration"),
    ("start", "Start time"),
    ("end", "End time"),
    ("section", "Section"),
    ("type", "Interaction type"),
    ("lead", "Lead role"),
    ("intent", "Design intent"),
    ("notes", "Facilitator notes"),
    ("producer", "Producer cues"),
)
NOT_MAPPED = "(none)"
PREVIEW_ROWS = 12


class ColumnMappingDialog(QDialog):
    """Lets a person say which column holds what, and shows what the import would give."""

    def __init__(self, path: Path, error: ColumnsNotRecognised, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(f"Map the columns of {path.name}")
        self.draft: PlanDraft | None = None
        intro = QLabel(
            f"Rehearsal could not tell which columns of {path.name} hold the segment titles "
            "and durations. Choose them below; the preview shows what will be imported."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.choices: dict[str, QComboBox] = {}
        for field, label in MAPPED_FIELDS:
            combo = QComboBox()
            combo.addItem(NOT_MAPPED)
            combo.addItems(list(error.columns))
            combo.setAccessibleName(label)
            combo.currentIndexChanged.connect(self._refresh)
            form.addRow(label, combo)
            self.choices[field] = combo
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.preview = QTableWidget(0, 3)
        self.preview.setHorizontalHeaderLabels(["Title", "Planned", "Section"])
        self.preview.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.preview.verticalHeader().hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        self.resize(640, 620)
        self._refresh()

    def mapping(self) -> dict[str, str]:
        return {
            field: combo.currentText()
            for field, combo in self.choices.items()
            if combo.currentText() != NOT_MAPPED
        }

    def _refresh(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.draft = None
        self.preview.setRowCount(0)
        mapping = self.mapping()
        if "title" not in mapping:
            self.status.setText("Choose the column that holds the segment titles.")
            ok.setEnabled(False)
            return
        try:
            draft = read_plan(self.path, mapping=mapping)
        except FormatError as exc:
            self.status.setText(
                exc.reason + (f" (expected {exc.expected})" if exc.expected else "")
            )
            ok.setEnabled(False)
            return
        self.draft = draft
        sections = {s.id: s.title for s in draft.sections}
        shown = draft.segments[:PREVIEW_ROWS]
        self.preview.setRowCount(len(shown))
        for row, seg in enumerate(shown):
            cells = (
                seg.title,
                format_duration(seg.planned_s),
                sections.get(seg.section_id or "", ""),
            )
            for col, text in enumerate(cells):
                self.preview.setItem(row, col, QTableWidgetItem(text))
        more = len(draft.segments) - len(shown)
        self.status.setText(
            f"{len(draft.segments)} segments, {format_duration(draft.planned_s)} planned"
            + (f" (first {len(shown)} shown)" if more > 0 else "")
        )
        ok.setEnabled(True)


def import_file(ws: Workspace, path: Path, parent: QWidget | None = None) -> Plan | None:
    """Import `path` into `ws`, asking for a column mapping if needed. None if cancelled
    or refused (the person has been told why)."""
    mapping: dict[str, str] | None = None
    while True:
        try:
            return ws.import_plan(path, mapping=mapping)
        except ColumnsNotRecognised as exc:
            dialog = ColumnMappingDialog(path, exc, parent)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            mapping = dialog.mapping()
        except FormatError as exc:
            QMessageBox.warning(parent, "Import refused", f"{exc}\n\nNothing was imported.")
            return None
