"""Plan files: import a run-of-show (from a dialog or dropped on the window) and export the
plan shown.

The window owns one `PlanFiles` and hands it what it needs: its workspace (a getter, as the
window can open another), the plan it shows, what to do with a plan just imported, and its
status bar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from rehearsal.errors import RehearsalError
from rehearsal.model import Plan
from rehearsal.workspace import Workspace
from rehearsal_ui.exchange.import_flow import IMPORT_FILTER, import_file

IMPORTABLE = (".xlsx", ".csv", ".tsv", ".txt", ".json")
EXPORT_FILTERS = {
    "JSON plan (*.json)": "json",
    "Spreadsheet (*.xlsx)": "xlsx",
    "CSV (*.csv)": "csv",
}


def importable(urls: Iterable[QUrl]) -> list[Path]:
    """The local files among `urls` that can be imported as a run-of-show."""
    paths = (Path(url.toLocalFile()) for url in urls)
    return [path for path in paths if path.suffix.lower() in IMPORTABLE]


class PlanFiles:
    def __init__(
        self,
        parent: QWidget,
        *,
        workspace: Callable[[], Workspace],
        shown_plan: Callable[[], Plan | None],
        imported: Callable[[Plan], None],
        status: Callable[[str, int], None],
    ) -> None:
        self._parent = parent
        self._workspace = workspace
        self._shown_plan = shown_plan
        self._imported = imported  # show the plan just imported
        self._status = status  # text, milliseconds

    def choose_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self._parent, "Import a run-of-show", "", IMPORT_FILTER
        )
        if name:
            self.import_path(Path(name))

    def import_path(self, path: Path) -> None:
        plan = import_file(self._workspace(), path, self._parent)
        if plan is not None:
            self._imported(plan)
            self._status(
                f"Imported {path.name}: revision {plan.revision}, {len(plan.segments)} segments",
                8000,
            )

    def import_dropped(self, urls: Iterable[QUrl]) -> None:
        for path in importable(urls):
            self.import_path(path)

    def choose_export(self) -> None:
        plan = self._shown_plan()
        if plan is None:
            return
        ws = self._workspace()
        program = ws.program(plan.program_id).name
        suggested = f"{program} — revision {plan.revision}.json".replace("/", "-")
        name, chosen = QFileDialog.getSaveFileName(
            self._parent, "Export plan", suggested, ";;".join(EXPORT_FILTERS)
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
            ws.export_plan(plan.id, path, format=fmt)
        except RehearsalError as exc:
            QMessageBox.warning(self._parent, "Export failed", str(exc))
            return
        self._status(f"Exported to {path}", 8000)
