"""Plan files of the main window: import (dialog or drop) and export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from rehearsal.errors import RehearsalError
from rehearsal_ui.exchange.import_flow import IMPORT_FILTER, import_file

if TYPE_CHECKING:
    from rehearsal_ui.main_window import MainWindow

IMPORTABLE = (".xlsx", ".csv", ".tsv", ".txt", ".json")
EXPORT_FILTERS = {
    "JSON plan (*.json)": "json",
    "Spreadsheet (*.xlsx)": "xlsx",
    "CSV (*.csv)": "csv",
}


class PlanFiles:
    """Mixed into MainWindow (it supplies ws, design, reload and the status bar)."""

    def choose_import(self: MainWindow) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import a run-of-show", "", IMPORT_FILTER)
        if name:
            self.import_path(Path(name))

    def import_path(self: MainWindow, path: Path) -> None:
        plan = import_file(self.ws, path, self)
        if plan is not None:
            self.reload(select_plan=plan.id)
            self.statusBar().showMessage(
                f"Imported {path.name}: revision {plan.revision}, {len(plan.segments)} segments",
                8000,
            )

    def choose_export(self: MainWindow) -> None:
        plan = self.design.plan
        if plan is None:
            return
        program = self.ws.program(plan.program_id).name
        suggested = f"{program} — revision {plan.revision}.json".replace("/", "-")
        name, chosen = QFileDialog.getSaveFileName(
            self, "Export plan", suggested, ";;".join(EXPORT_FILTERS)
        )
        if not name:
            return
        path = Path(name)
        fmt = EXPORT_FILTERS.get(chosen)
        if path.suffix.lower().lstrip(".") in EXPORT_FILTERS.values():
            fmt = path.suffix.lower().lstrip(".")
        elif fmt:
            path = path.with_suffix(f".{fmt}")
        try:
            self.ws.export_plan(plan.id, path, format=fmt)
        except RehearsalError as exc:
            QMessageBox.warning(self, "Export failed", str(exc))
            return
        self.statusBar().showMessage(f"Exported to {path}", 8000)

    def dragEnterEvent(self: MainWindow, event: QDragEnterEvent) -> None:
        if any(Path(u.toLocalFile()).suffix.lower() in IMPORTABLE for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self: MainWindow, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in IMPORTABLE:
                self.import_path(path)
        event.acceptProposedAction()
