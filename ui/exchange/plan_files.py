"""Plan files: import a run-of-show (from a dialog or dropped on the window) and export the
plan shown.

The window owns one `PlanFiles` and hands it what it needs: its workspace (a getter, as the
window can open another), the plan it shows, what to do with a plan just imported, its
status bar, and the `Runner` files are read on (its own unless given). Several files
dropped at once are imported in turn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QMessageBox, QWidget

from rehearsal.errors import RehearsalError
from rehearsal.model import Plan
from rehearsal.workspace import Workspace
from rehearsal_ui.exchange.import_flow import IMPORT_FILTER, PlanImport
from rehearsal_ui.shell.file_dialogs import open_file_name, save_file_name
from rehearsal_ui.shell.worker import Runner

SHOWN_WARNINGS = 8
IMPORTABLE = (".xlsx", ".csv", ".tsv", ".txt", ".json")
EXPORT_FILTERS = {
    "JSON plan (*.json)": "json",
    "Spreadsheet (*.xlsx)": "xlsx",
    "CSV (*.csv)": "csv",
    "Ontime project (*.json)": "ontime",
    "Ontime rundown (*.xlsx)": "ontime-xlsx",
}
SUFFIXES = {"json": "json", "xlsx": "xlsx", "csv": "csv", "ontime": "json", "ontime-xlsx": "xlsx"}


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
        runner: Runner | None = None,
    ) -> None:
        self._parent = parent
        self._workspace = workspace
        self._shown_plan = shown_plan
        self._imported = imported  # show the plan just imported
        self._status = status  # text, milliseconds
        self.runner = runner or Runner(parent)
        self._waiting: list[Path] = []  # dropped files, imported in turn
        self._in_turn = False
        self.notes_box: QMessageBox | None = None  # the notes of the latest import, if any

    def choose_import(self) -> PlanImport | None:
        name = open_file_name(self._parent, "Import a run-of-show", IMPORT_FILTER)
        return self.import_path(Path(name)) if name else None

    def import_path(self, path: Path) -> PlanImport:
        """Import one file (read off the UI thread); the task's `done` carries the plan."""
        task = PlanImport(self._workspace(), path, self._parent, self.runner)
        task.imported.connect(lambda done, plan: self._done(done, plan, task.warnings))
        return task

    def _done(self, path: Path, plan: Plan | None, warnings: Sequence[str] = ()) -> None:
        if plan is not None:
            self._imported(plan)
            self._status(
                f"Imported {path.name}: revision {plan.revision}, {len(plan.segments)} segments",
                8000,
            )
            if warnings:
                self._tell(path, plan, warnings)

    def _tell(self, path: Path, plan: Plan, warnings: Sequence[str]) -> None:
        """What the file read loosely (as `rehearsal import` prints it), in a box that does
        not stop anything: the plan is stored already."""
        shown = "\n".join(f"• {w}" for w in warnings[:SHOWN_WARNINGS])
        more = len(warnings) - SHOWN_WARNINGS
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Imported, with notes",
            f"{path.name} is revision {plan.revision}; check what it read loosely:\n\n{shown}"
            + (f"\n… and {more} more (see the details)" if more > 0 else ""),
            QMessageBox.StandardButton.Ok,
            self._parent,
        )
        if more > 0:
            box.setDetailedText("\n".join(warnings))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setModal(False)
        box.show()
        self.notes_box = box

    def import_dropped(self, urls: Iterable[QUrl]) -> None:
        self.import_in_turn(importable(urls))

    def import_in_turn(self, paths: Sequence[Path]) -> None:
        """Import `paths` one after the other (each may ask for a column mapping)."""
        self._waiting += paths
        if not self._in_turn:
            self._next()

    def _next(self) -> None:
        self._in_turn = bool(self._waiting)
        if self._waiting:
            self.import_path(self._waiting.pop(0)).done.connect(self._next)

    def choose_export(self) -> None:
        plan = self._shown_plan()
        if plan is None:
            return
        ws = self._workspace()
        program = ws.program(plan.program_id).name
        suggested = f"{program} — revision {plan.revision}.json".replace("/", "-")
        name, chosen = save_file_name(
            self._parent, "Export plan", suggested, ";;".join(EXPORT_FILTERS)
        )
        if not name:
            return
        path = Path(name)
        fmt = EXPORT_FILTERS.get(chosen)
        suffix = path.suffix.lower().lstrip(".")
        if fmt and SUFFIXES[fmt] == suffix:
            pass  # as chosen: an Ontime project is a .json too
        elif suffix in SUFFIXES.values():
            fmt = suffix  # the suffix typed says which of our own
        elif fmt:
            path = path.with_suffix(f".{SUFFIXES[fmt]}")
        try:
            ws.export_plan(plan.id, path, format=fmt)
        except RehearsalError as exc:
            QMessageBox.warning(self._parent, "Export failed", str(exc))
            return
        self._status(f"Exported to {path}", 8000)
