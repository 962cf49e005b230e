"""Importing a run-of-show from the app: the same formats and errors as the CLI, and for
every CSV or XLSX sheet a column-mapping step that shows what was recognised and previews
the import before anything is stored.

Reading a file (a big workbook takes openpyxl seconds) runs on the pool: a JSON plan or an
Ontime project is read whole and stored; a sheet's rows are read once and its columns
guessed, then the mapping dialog (`mapping_dialog`) previews each choice from those rows,
on the pool too. The plan is stored on the pool (one quick transaction) once the person
pressed Import, so a cancelled import stores nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from rehearsal.errors import FormatError
from rehearsal.formats import as_imported, import_draft, open_sheet
from rehearsal.formats.sheet_file import SheetFile, SheetGuess, guess_sheet
from rehearsal.model import Plan, PlanDraft
from rehearsal.workspace import Workspace
from rehearsal_ui.exchange.mapping_dialog import ColumnMappingDialog
from rehearsal_ui.exchange.progress import WorkProgress
from rehearsal_ui.exchange.task import Task
from rehearsal_ui.shell.worker import Job, Runner, unexpected
from rehearsal_ui.shell.workspace_jobs import submit_on_workspace

IMPORT_FILTER = "Run-of-show (*.xlsx *.csv *.tsv *.txt *.json);;All files (*)"


def read_for_import(path: Path) -> PlanDraft | tuple[SheetFile, SheetGuess]:
    """What an import reads first (on the pool): a JSON plan or an Ontime project whole, as
    it will be stored; a sheet's rows and the guess of its columns, for a person to check."""
    sheet = open_sheet(path)
    if sheet is None:
        return import_draft(path)
    return sheet, guess_sheet(sheet)


def import_file(
    ws: Workspace, path: Path, parent: QWidget | None = None, *, runner: Runner
) -> Task:
    """Import `path` into `ws`; a sheet's columns are shown for a person to check first.

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
        self.dialog: ColumnMappingDialog | None = None  # while a sheet's columns are checked
        self.warnings: tuple[str, ...] = ()  # what the file read loosely, once stored
        self.read()

    def read(self) -> None:
        path = self.path
        self.job = self.runner.submit(lambda _progress, _cancel: read_for_import(path))
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
        if self.dialog is not None:
            self.dialog.reject()
        self.finish(None)

    def _read(self, found: PlanDraft | tuple[SheetFile, SheetGuess]) -> None:
        self.hide_progress()
        if self.ended:
            return
        if isinstance(found, PlanDraft):
            self.store(found)
        else:
            self._ask_mapping(*found)

    def _ask_mapping(self, sheet: SheetFile, guess: SheetGuess) -> None:
        """The mapping dialog, window-modal but not blocking: its answer comes by signal."""
        self.dialog = ColumnMappingDialog(self.path, sheet, guess, self.parent_widget)
        self.dialog.finished.connect(self._mapped)
        self.dialog.open()

    def _mapped(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None:
            return
        reading = dialog.reading
        dialog.deleteLater()
        if self.ended:
            return
        if result != QDialog.DialogCode.Accepted.value or reading is None:
            self.finish(None)
            return
        try:
            self.store(as_imported(reading.draft, self.path))  # as previewed: not read again
        except FormatError as exc:
            self._refused(exc)

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
        if isinstance(error, FormatError):
            text = f"{error}\n\nNothing was imported."
            QMessageBox.warning(self.parent_widget, "Import refused", text)
            self.finish(None)
        else:
            self.finish(None)
            unexpected(error)
