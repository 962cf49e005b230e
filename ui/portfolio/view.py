"""The Portfolio view: every program of the workspace on one line (`analysis.portfolio`),
computed off the UI thread on a companion of the workspace (as Analyze's `loader` is), in a
table that sorts by any column and filters by name or by what is not ready. The table shows
as soon as the cheap figures are read (`outline`, with every P(overrun) kept in the
workspace); the P(overrun)s not kept yet read "simulating…" while a second job simulates
them (`fill_risks`), with its progress beside the filter, and fill in when it is done. Enter or a
double-click opens the program's latest revision in Design (`open_plan`); Export… asks the
main window for a PDF, HTML or CSV file (`export_asked`: the reports live there)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rehearsal.analysis.portfolio import Portfolio, fill_risks, outline
from rehearsal.changes import Changes
from rehearsal.durations import count
from rehearsal.workspace import Workspace
from rehearsal_ui.portfolio.model import PLAN_ROLE, SORT_ROLE, PortfolioModel
from rehearsal_ui.shell.empty_note import EmptyNote
from rehearsal_ui.shell.worker import CancelToken, Job, Progress, Runner, expected, unexpected
from rehearsal_ui.shell.workspace_jobs import submit_on_workspace

PROGRAM_WIDTH = 240
STRETCHED = (5, 10)  # what fails and who is missing: the rest of the width, shared


class _Filter(QSortFilterProxyModel):
    """By the program's name, and (checked) only the programs not ready."""

    def __init__(self) -> None:
        super().__init__()
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(0)
        self.not_ready_only = False

    def set_not_ready_only(self, on: bool) -> None:
        self.beginFilterChange()
        self.not_ready_only = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # type: ignore[override]
        if not super().filterAcceptsRow(row, parent):
            return False
        model = self.sourceModel()
        assert isinstance(model, PortfolioModel)
        return not (self.not_ready_only and model.lines[row].readiness.ready)


class _Table(QTableView):
    """Enter opens the program under the cursor, as a double-click does."""

    activated_row = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class PortfolioView(QWidget):
    message = Signal(str)
    open_plan = Signal(str)  # a program's latest revision, to show in Design
    export_asked = Signal()
    shown = Signal()  # a portfolio was put in the table

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.runner = Runner(self)
        self.portfolio: Portfolio | None = None
        self._simulating_next = False  # the P(overrun)s of `portfolio` to simulate next
        self.stale = True
        self.model = PortfolioModel()
        self.proxy = _Filter()
        self.proxy.setSourceModel(self.model)

        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter programs…")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAccessibleName("Filter programs by name")
        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)
        self.not_ready = QCheckBox("&Not ready only")
        self.not_ready.toggled.connect(self.proxy.set_not_ready_only)
        self.summary = QLabel()
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton("E&xport…")
        self.export_button.setToolTip("Save the portfolio as PDF, HTML or CSV")
        self.export_button.clicked.connect(self.export_asked)
        self.updating = QLabel("Updating…")
        self.updating.setVisible(False)

        self.table = _Table()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)  # launching soonest first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName("Programs")
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setResizeContentsPrecision(30)  # columns sized from a sample of the rows
        for column in range(self.model.columnCount()):
            mode = QHeaderView.ResizeMode.ResizeToContents
            if column in STRETCHED:
                mode = QHeaderView.ResizeMode.Stretch
            elif column == 0:
                mode = QHeaderView.ResizeMode.Interactive
            header.setSectionResizeMode(column, mode)
        header.resizeSection(0, PROGRAM_WIDTH)
        self.table.doubleClicked.connect(self._open)
        self.table.activated_row.connect(self._open)
        self.note = EmptyNote(self.table)
        self.detail = QLabel()  # the current program's failing checks and missing sign-off
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)

        bar = QHBoxLayout()
        bar.addWidget(self.filter_box, 2)
        bar.addWidget(self.not_ready)
        bar.addWidget(self.summary, 3)
        bar.addWidget(self.updating)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        hint = QLabel(
            "Enter or a double-click opens the program in Design. P(overrun) comes from each "
            "program's timing evidence, as in Analyze; facilitator spread is how far apart "
            "the facilitators' mean over/under per step is."
        )
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(hint)
        self._show_state()

    # -- the public API ------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.runner.running() or self._simulating_next

    def set_workspace(self, ws: Workspace) -> None:
        self.runner.cancel()
        self.ws = ws
        self.portfolio = None
        self.model.set_lines([])
        self.stale = True
        self._show_state()
        if self.isVisible():
            self.refresh()

    def on_changes(self, changes: Changes) -> None:
        """Any change of programs, plans, rehearsals, review notes or launch rules may move
        a figure: read again now if shown, else when next shown."""
        if not changes:
            return
        self.stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Read the portfolio on the worker pool; the table shows it when it is read, and
        the P(overrun)s still to simulate when they are simulated (`_simulate`)."""
        self.stale = False

        def work(ws: Workspace, progress: Progress, cancel: CancelToken) -> Portfolio:
            return outline(ws)

        self._submit(work)
        self.updating.setText("Updating…")

    def _simulate(self, found: Portfolio) -> None:
        """Simulate the P(overrun)s `found` lacks and keep them (a job on the same key: a
        refresh meanwhile supersedes it)."""
        self._simulating_next = False
        if found is not self.portfolio or self.runner.running():
            return  # read again meanwhile: that reading goes on, and simulates its own
        total = len(found.pending)

        def work(ws: Workspace, progress: Progress, cancel: CancelToken) -> Portfolio:
            return fill_risks(
                ws,
                found,
                progress=lambda done, _: progress(done / total, _simulating(done, total)),
                cancelled=lambda: cancel.cancelled,
            )

        job = self._submit(work)
        job.progressed.connect(lambda _fraction, text: self.updating.setText(text))
        self.updating.setText(_simulating(0, total))

    def _submit(self, work: Callable[[Workspace, Progress, CancelToken], Portfolio]) -> Job:
        job = submit_on_workspace(self.runner, self.ws, work, key="portfolio", read_only=False)
        job.succeeded.connect(self._loaded)
        job.failed.connect(self._failed)
        job.finished.connect(lambda: self.updating.setVisible(self.runner.running()))
        self.updating.setVisible(True)
        return job

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale and not self.busy:
            self.refresh()

    def selected_plan(self) -> str | None:
        index = self.table.currentIndex()
        return str(index.data(PLAN_ROLE)) if index.isValid() else None

    # -- inside ------------------------------------------------------------------------------------
    def _loaded(self, found: Portfolio) -> None:
        self.portfolio = found
        if found.pending:  # once the table is painted (the paint first, not the GIL's turn)
            self._simulating_next = True
            QTimer.singleShot(0, self, lambda: self._simulate(found))
        current = self.selected_plan()
        self.model.set_lines(list(found.programs))
        for row in range(self.proxy.rowCount()):  # the program chosen before stays chosen
            if self.proxy.index(row, 0).data(PLAN_ROLE) == current:
                self.table.selectRow(row)
        self._show_detail()
        self._show_state()
        self.shown.emit()

    def _show_detail(self) -> None:
        index = self.table.currentIndex()
        found = self.portfolio
        if not index.isValid() or found is None:
            self.detail.setText("")
            return
        row = self.proxy.mapToSource(index).row()
        line = self.model.lines[row]
        parts = [f"{line.name}, revision {line.revision}:"]
        parts.append(
            "fails " + "; ".join(line.failing) + "." if line.failing else "every check passes."
        )
        if line.missing_signoffs:
            parts.append("Sign-off missing: " + "; ".join(line.missing_signoffs) + ".")
        self.detail.setText(" ".join(parts))

    def _failed(self, error: object) -> None:
        if not expected(error):
            unexpected(error)
        self.message.emit(str(error))

    def _open(self, index: QModelIndex) -> None:
        plan_id = index.data(PLAN_ROLE)
        if plan_id:
            self.open_plan.emit(str(plan_id))

    def _show_state(self) -> None:
        found = self.portfolio
        self.export_button.setEnabled(bool(found and found.programs and found.complete))
        if found is None:
            self.summary.setText("")
            self.note.set_text("Reading every program…")
            return
        ready = sum(line.readiness.ready for line in found.programs)
        self.summary.setText(
            f"{count(len(found.programs), 'program')}, {ready} ready to launch"
            if found.programs
            else ""
        )
        self.note.set_text(
            "No program matches the filter."
            if found.programs
            else "No programs yet: import a run-of-show (File → Import) to start one."
        )


def _simulating(done: int, total: int) -> str:
    return f"Simulating P(overrun): {done} of {count(total, 'program')}…"
