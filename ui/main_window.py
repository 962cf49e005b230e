"""The main window: a navigator of programs, revisions and rehearsals, and the work area."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from rehearsal_ui.import_flow import IMPORT_FILTER, import_file
from rehearsal_ui.plan_table import PlanTableModel

from rehearsal.durations import format_duration
from rehearsal.model import Plan
from rehearsal.workspace import Workspace

VIEWS = ("design", "rehearse", "review", "analyze")
IMPORTABLE = (".xlsx", ".csv", ".tsv", ".txt", ".json")
PLAN_ROLE = Qt.ItemDataRole.UserRole + 1

COMING = {
    "rehearse": "Rehearse: step through the run-of-show live with one key, capturing every "
    "timing and flag. Not built yet.",
    "review": "Review: the timeline of a rehearsal, annotations, flags and the debrief. "
    "Not built yet.",
    "analyze": "Analyze: actuals against the plan across rehearsals, and the risk of "
    "overrunning the slot. Not built yet.",
}


class MainWindow(QMainWindow):
    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self.setWindowTitle(f"Rehearsal — {ws.path.name}")
        self.navigator = QTreeView()
        self.navigator.setHeaderHidden(True)
        self.tree = QStandardItemModel(self)
        self.navigator.setModel(self.tree)
        self.plan_model = PlanTableModel()
        self.table = QTableView()
        self.table.setModel(self.plan_model)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.plan_title = QLabel()
        self.plan_title.setTextFormat(Qt.TextFormat.PlainText)
        design = QWidget()
        layout = QVBoxLayout(design)
        layout.addWidget(self.plan_title)
        layout.addWidget(self.table)
        self.views = QTabWidget()
        self.views.addTab(design, "Design")
        for name in VIEWS[1:]:
            note = QLabel(COMING[name])
            note.setWordWrap(True)
            note.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.views.addTab(note, name.capitalize())
        self.import_action = QAction("&Import…", self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.setStatusTip(
            "Import a run-of-show: XLSX, CSV, JSON or an Ontime project"
        )
        self.import_action.triggered.connect(self.choose_import)
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.import_action)
        self.setAcceptDrops(True)
        for i, name in enumerate(VIEWS):
            action = QAction(f"Show {name.capitalize()}", self)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _=False, n=name: self.show_view(n))
            self.addAction(action)
        split = QSplitter()
        split.addWidget(self.navigator)
        split.addWidget(self.views)
        split.setStretchFactor(1, 1)
        split.setSizes([320, 1080])
        self.setCentralWidget(split)
        self.navigator.selectionModel().currentChanged.connect(self._selected)
        self.reload()

    def choose_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import a run-of-show", "", IMPORT_FILTER)
        if name:
            self.import_path(Path(name))

    def import_path(self, path: Path) -> None:
        plan = import_file(self.ws, path, self)
        if plan is not None:
            self.reload(select_plan=plan.id)
            self.statusBar().showMessage(
                f"Imported {path.name}: revision {plan.revision}, {len(plan.segments)} segments",
                8000,
            )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(Path(u.toLocalFile()).suffix.lower() in IMPORTABLE for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in IMPORTABLE:
                self.import_path(path)
        event.acceptProposedAction()

    def reload(self, select_plan: str | None = None) -> None:
        self.tree.clear()
        current: QStandardItem | None = None
        for program in self.ws.programs():
            prog_item = QStandardItem(program.name)
            prog_item.setEditable(False)
            self.tree.appendRow(prog_item)
            for plan in reversed(self.ws.plans(program.id)):
                runs = self.ws.rehearsals(plan.id)
                item = QStandardItem(
                    f"Revision {plan.revision} — {len(plan.segments)} segments, "
                    f"{len(runs)} rehearsals"
                )
                item.setData(plan.id, PLAN_ROLE)
                item.setEditable(False)
                prog_item.appendRow(item)
                if current is None or plan.id == select_plan:
                    current = item
                for r in runs:
                    child = QStandardItem(
                        f"{r.created[:10]} · {r.kind.label} · " + ", ".join(r.facilitators)
                    )
                    child.setEditable(False)
                    item.appendRow(child)
        self.navigator.expandToDepth(0)
        if current is not None:
            self.navigator.setCurrentIndex(current.index())
        else:
            self.plan_title.setText(
                "No programs yet: import a run-of-show (rehearsal import FILE)."
            )

    def _selected(self) -> None:
        index = self.navigator.currentIndex()
        while index.isValid() and index.data(PLAN_ROLE) is None:
            index = index.parent()
        if index.isValid():
            self.show_plan(self.ws.plan(index.data(PLAN_ROLE)))

    def show_plan(self, plan: Plan) -> None:
        slot = f" of a {format_duration(plan.slot_s)} slot" if plan.slot_s else ""
        self.plan_title.setText(
            f"{self.ws.program(plan.program_id).name} — revision {plan.revision}: "
            f"{format_duration(plan.planned_s)} planned{slot}"
        )
        self.plan_model.set_plan(plan)
        self.table.resizeColumnsToContents()

    def show_view(self, name: str) -> None:
        self.views.setCurrentIndex(VIEWS.index(name))
