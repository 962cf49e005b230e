"""Importing a run-of-show from the app: the same formats and errors as the CLI, plus a
column-mapping step with a preview when a sheet's columns cannot be told.

Reading a file (a big workbook takes openpyxl seconds) runs on the pool, and so does each
preview of a mapping; the mapping is asked for on the UI thread between the two readings,
and the plan is stored on the UI thread (one quick transaction), so a cancelled import
stores nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
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
from rehearsal.formats import as_imported, import_draft, read_plan
from rehearsal.model import Plan, PlanDraft
from rehearsal.workspace import Workspace
from rehearsal_ui.exchange.progress import WorkProgress
from rehearsal_ui.exchange.task import Task
from rehearsal_ui.shell.worker import Job, Runner, unexpected
from rehearsal_ui.shell.workspace_jobs import submit_on_workspace

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
PREVIEW_KEY = "mapping preview"


class ColumnMappingDialog(QDialog):
    """Lets a person say which column holds what, and shows what the import would give (read
    on the pool; a newer choice supersedes the preview being read)."""

    previewed = Signal()  # the preview of the latest choice is shown (or why there is none)

    def __init__(self, path: Path, error: ColumnsNotRecognised, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = path
        self.runner = Runner(self)
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
        self._ok().setEnabled(False)
        self.draft = None
        self.preview.setRowCount(0)
        mapping = self.mapping()
        if "title" not in mapping:
            self.runner.cancel(PREVIEW_KEY)
            self.status.setText("Choose the column that holds the segment titles.")
            return
        self.status.setText(f"Reading {self.path.name} with these columns…")
        path = self.path
        job = self.runner.submit(
            lambda _progress, _cancel: read_plan(path, mapping=mapping), key=PREVIEW_KEY
        )
        job.succeeded.connect(self._show)
        job.failed.connect(self._refuse)

    def _ok(self) -> QWidget:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _refuse(self, error: object) -> None:
        if not isinstance(error, FormatError):
            unexpected(error)
            return
        self.status.setText(
            error.reason + (f" (expected {error.expected})" if error.expected else "")
        )
        self.previewed.emit()

    def _show(self, draft: PlanDraft) -> None:
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
        self._ok().setEnabled(True)
        self.previewed.emit()

    def done(self, result: int) -> None:
        self.runner.cancel()  # a preview still being read is not wanted any more
        super().done(result)


def import_file(
    ws: Workspace, path: Path, parent: QWidget | None = None, *, runner: Runner
) -> Task:
    """Import `path` into `ws`, asking for a column mapping if needed.

    The file is read on `runner`'s pool (a progress dialog with Cancel shows if that takes
    more than half a second), and the plan stored there. The task's `done`
    carries the Plan, or None if cancelled or refused (the person has been told why).
    """
    return PlanImport(ws, path, parent, runner)


class PlanImport(Task):
    imported = Signal(object, object)  # the file, and the Plan or None: just before `done`

    def __init__(self, ws: Workspace, path: Path, parent: QWidget | None, runner: Runner) -> None:
        super().__init__()
        self.ws, self.path, self.parent_widget, self.runner = ws, path, parent, runner
        self.job: Job | None = None
        self.warnings: tuple[str, ...] = ()  # what the file read loosely, once stored
        self.read(None)

    def read(self, mapping: dict[str, str] | None) -> None:
        path = self.path
        self.job = self.runner.submit(
            lambda _progress, _cancel: import_draft(path, mapping=mapping)
        )
        label = f"Reading {path.name}…"
        progress = WorkProgress(
            self.parent_widget, "Importing a run-of-show", label, "Cancel", "Cancelling…"
        )
        self.follow(self.job, progress)
        self.job.succeeded.connect(self._read)
        self.job.failed.connect(self._refused)

    def finish(self, outcome: object = None) -> None:
        if not self.ended:
            self.hide_progress()
            self.imported.emit(self.path, outcome)
        super().finish(outcome)

    def stop(self) -> None:
        """Cancel: at once, though the file may take a while yet; what it gives is dropped."""
        if self.job is not None:
            self.job.cancel()
        self.finish(None)

    def _read(self, draft: PlanDraft) -> None:
        self.hide_progress()
        self.store(draft)

    def store(self, draft: PlanDraft) -> None:
        """Store the plan on the pool too (one transaction: ~70 ms for 3,000 segments), on a
        connection of its own; what it changed reaches the views as Changes."""
        if self.ended:
            return
        self.warnings = draft.warnings
        self.job = submit_on_workspace(
            self.runner, self.ws, lambda ws, _p, _c: ws.add_plan(draft), read_only=False
        )
        self.job.succeeded.connect(self._stored)
        self.job.failed.connect(self._refused)
        self.job.cancelled.connect(lambda: self.finish(None))

    def _stored(self, plan: Plan) -> None:
        if not self.ended:
            self.finish(plan)  # an immutable value, made on the pool

    def _refused(self, error: object) -> None:
        self.hide_progress()
        if self.ended:
            return
        if isinstance(error, ColumnsNotRecognised):
            self._ask_mapping(error)
        elif isinstance(error, FormatError):
            text = f"{error}\n\nNothing was imported."
            QMessageBox.warning(self.parent_widget, "Import refused", text)
            self.finish(None)
        else:
            self.finish(None)
            unexpected(error)

    def _ask_mapping(self, error: ColumnsNotRecognised) -> None:
        dialog = ColumnMappingDialog(self.path, error, self.parent_widget)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            mapping, draft = dialog.mapping(), dialog.draft
        finally:
            dialog.deleteLater()
        if not accepted:
            self.finish(None)
        elif draft is None:
            self.read(mapping)
        else:  # read with this mapping for the preview already
            try:
                self.store(as_imported(draft, self.path))
            except FormatError as exc:
                self._refused(exc)
