"""File → Export report…: a rehearsal report or a plan's variance and readiness report, with
a preview of its pages, saved as PDF, HTML, or the actuals as CSV/XLSX.

The report is built on a read-only companion of the workspace off the UI thread (a plan's
report runs the analysis and a 10,000-draw simulation), and its pages are painted there
too; the dialog says "Preparing…" meanwhile, and a newer choice supersedes the report being
prepared. Saving writes the file off the UI thread as well: Qt paints on a `QPdfWriter` or a
`QImage` from any thread, fonts included, and the report is only read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from rehearsal.analysis import Filters
from rehearsal.errors import RehearsalError
from rehearsal.files import write_atomic
from rehearsal.reports import (
    Report,
    actual_rows,
    program_report,
    rehearsal_report,
    render_html,
    write_actuals,
)
from rehearsal.workspace import Workspace
from rehearsal_ui.reports.pdf import page_images, write_pdf
from rehearsal_ui.shell.file_dialogs import save_file_name
from rehearsal_ui.shell.worker import CancelToken, Job, Progress, Runner
from rehearsal_ui.shell.workspace_jobs import submit_on_workspace

FORMATS = {
    "pdf": "PDF document (*.pdf)",
    "html": "Web page, self-contained (*.html)",
    "csv": "Actuals as CSV (*.csv)",
    "xlsx": "Actuals as an Excel workbook (*.xlsx)",
}
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')
PREVIEW_KEY = "report preview"
SAVE_KEY = "report save"
PREVIEW_WIDTH = 640  # pixels of a page


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """Which report: one rehearsal's, or a plan's across its rehearsals with filters."""

    kind: str  # "rehearsal" | "plan"
    rehearsal_id: str | None
    plan_id: str | None
    filters: Filters
    evidence_text: bool = False  # a rehearsal's report: names and messages from its evidence

    def build(self, ws: Workspace, progress: Callable[[str], None] | None = None) -> Report:
        """The report model (analysis and simulation for a plan: seconds, not for the UI
        thread)."""
        told = progress or (lambda _text: None)
        if self.kind == "rehearsal" and self.rehearsal_id is not None:
            return rehearsal_report(
                ws, self.rehearsal_id, progress=told, evidence_text=self.evidence_text
            )
        if self.plan_id is None:
            raise RehearsalError("Choose a plan revision first.")
        return program_report(ws, self.plan_id, self.filters, progress=told)

    def write(self, ws: Workspace, key: str, path: Path, report: Report | None) -> Path:
        """Write the report (built unless given) or the actuals to `path` as `key`."""
        if key in ("csv", "xlsx"):
            if self.kind == "rehearsal":
                rows = actual_rows(ws, rehearsal_id=self.rehearsal_id)
            else:
                rows = actual_rows(ws, plan_id=self.plan_id, filters=self.filters)
            return write_actuals(path, rows, key)
        report = report or self.build(ws)
        if key == "html":
            write_atomic(path, render_html(report).encode("utf-8"))
            return path
        return write_pdf(report, path)


class ReportDialog(QDialog):
    previewed = Signal()  # the preview of the latest choice is shown (or why there is none)

    def __init__(
        self,
        parent: QWidget | None,
        ws: Workspace,
        rehearsal_id: str | None,
        plan_id: str | None,
        filters: Filters | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export report")
        self.ws, self.rehearsal_id, self.plan_id = ws, rehearsal_id, plan_id
        self.filters = filters or Filters()
        self.saved: Path | None = None
        self._report: Report | None = None
        self.runner = Runner(self)
        self._saving = Path()
        self.one = QRadioButton("&This rehearsal (the one shown in Review)")
        self.one.setEnabled(rehearsal_id is not None)
        self.across = QRadioButton("The &plan across its rehearsals (variance and readiness)")
        self.across.setEnabled(plan_id is not None)
        group = QButtonGroup(self)
        group.addButton(self.one)
        group.addButton(self.across)
        (self.one if rehearsal_id is not None else self.across).setChecked(True)
        self.evidence_text = QCheckBox("Include &names and messages from evidence")
        self.evidence_text.setToolTip(
            "Who spoke in which role, and the chat as it was typed: for a report that stays "
            "with the team. Off, the report gives counts and durations only."
        )
        self.evidence_text.setEnabled(rehearsal_id is not None)
        self.format = QComboBox()
        for key, label in FORMATS.items():
            self.format.addItem(label.split(" (")[0], key)
        format_label = QLabel("&Format:")
        format_label.setBuddy(self.format)
        self.pages = QVBoxLayout()
        self.pages.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        holder = QWidget()
        holder.setLayout(self.pages)
        scroll = QScrollArea()
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)
        scroll.setMinimumSize(700, 520)
        self.note = QLabel()
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton("&Save…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(format_label)
        row.addWidget(self.format, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.one)
        layout.addWidget(self.across)
        layout.addWidget(self.evidence_text)
        layout.addLayout(row)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.one.toggled.connect(self.refresh)
        self.one.toggled.connect(self.evidence_text.setEnabled)
        self.evidence_text.toggled.connect(self.refresh)
        self.format.currentIndexChanged.connect(self._describe)
        self.refresh()

    @property
    def kind(self) -> str:
        return "rehearsal" if self.one.isChecked() else "plan"

    def request(self) -> ReportRequest:
        return ReportRequest(
            self.kind,
            self.rehearsal_id,
            self.plan_id,
            self.filters,
            evidence_text=self.kind == "rehearsal" and self.evidence_text.isChecked(),
        )

    def refresh(self) -> Job:
        """Prepare the report and its pages off the UI thread; show them when they are
        ready (`previewed`), unless a newer refresh superseded this one."""
        while self.pages.count():
            item = self.pages.takeAt(0)
            page = item.widget() if item is not None else None
            if page is not None:
                page.deleteLater()
        self._report = None
        self.save_button.setEnabled(False)
        self.note.setText("Preparing the report…")
        request = self.request()

        def prepare(
            ws: Workspace, progress: Progress, cancel: CancelToken
        ) -> tuple[Report, list[QImage]]:
            report = request.build(ws, lambda text: progress(0.0, text))
            cancel.check()
            return report, page_images(report, PREVIEW_WIDTH)

        job = submit_on_workspace(self.runner, self.ws, prepare, key=PREVIEW_KEY)
        job.progressed.connect(self._preparing)  # slots are methods, never closures of self
        job.succeeded.connect(self._show)
        job.failed.connect(self._refuse)
        return job

    def _preparing(self, _done: float, text: str) -> None:
        self.note.setText(f"Preparing the report: {text.lower()}…")

    def _show(self, prepared: tuple[Report, list[QImage]]) -> None:
        self._report, images = prepared
        for number, image in enumerate(images, start=1):
            page = QLabel()
            page.setPixmap(QPixmap.fromImage(image))  # a pixmap only on the UI thread
            page.setAccessibleName(f"Page {number} of {len(images)}")
            page.setStyleSheet("border: 1px solid palette(mid); margin: 6px;")
            self.pages.addWidget(page)
        self.save_button.setEnabled(True)
        self._describe()
        self.previewed.emit()

    def _refuse(self, error: object) -> None:
        if not isinstance(error, RehearsalError):
            raise error if isinstance(error, BaseException) else RuntimeError(error)
        self.note.setText(str(error))
        self.previewed.emit()

    def _describe(self) -> None:
        if self._report is None:
            return  # the note says it is being prepared, or why there is no report
        key = self.format.currentData()
        if key in ("csv", "xlsx"):
            text = "Saves the actuals: one row per step of " + (
                "this rehearsal." if self.kind == "rehearsal" else "each rehearsal of the plan."
            )
        else:
            count = self.pages.count()
            text = f"{count} page{'s' if count != 1 else ''}, as shown."
        self.note.setText(text)

    def default_name(self) -> str:
        key = self.format.currentData()
        if self.kind == "rehearsal" and self.rehearsal_id is not None:
            r = self.ws.rehearsal(self.rehearsal_id)
            program = self.ws.program(self.ws.plan(r.plan_id).program_id).name
            stem = f"{program} — {r.created[:10]} {r.kind.label}"
        else:
            plan = self.ws.plan(self.plan_id or "")
            stem = f"{self.ws.program(plan.program_id).name} — revision {plan.revision} report"
        return _UNSAFE.sub("-", stem).strip(" .") + f".{key}"

    def export(self, path: Path) -> Job:
        """Write the report (or the actuals) to `path` in the chosen format, off the UI
        thread; the job's result is the path written."""
        key, request, report = self.format.currentData(), self.request(), self._report
        return submit_on_workspace(
            self.runner,
            self.ws,
            lambda ws, _progress, _cancel: request.write(ws, key, path, report),
            key=SAVE_KEY,
        )

    def _save(self) -> None:
        key = self.format.currentData()
        name, _ = save_file_name(self, "Save the report", self.default_name(), FORMATS[key])
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != f".{key}":
            path = path.with_name(path.name + f".{key}")
        self.save_button.setEnabled(False)
        self.note.setText(f"Saving {path.name}…")
        self._saving = path
        job = self.export(path)
        job.succeeded.connect(self._saved)
        job.failed.connect(self._not_saved)

    def _not_saved(self, error: object) -> None:
        self.save_button.setEnabled(True)
        self._describe()
        if not isinstance(error, RehearsalError | OSError):
            raise error if isinstance(error, BaseException) else RuntimeError(error)
        QMessageBox.warning(self, "Report not saved", f"{self._saving.name}: {error}")

    def _saved(self, path: Path) -> None:
        self.saved = path
        self.accept()

    def done(self, result: int) -> None:
        self.runner.cancel()  # a preview still being prepared is not wanted any more
        super().done(result)
