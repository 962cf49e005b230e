"""File → Export report…: a rehearsal report or a plan's variance and readiness report, with
a preview of its pages, saved as PDF, HTML, or the actuals as CSV/XLSX."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
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

FORMATS = {
    "pdf": "PDF document (*.pdf)",
    "html": "Web page, self-contained (*.html)",
    "csv": "Actuals as CSV (*.csv)",
    "xlsx": "Actuals as an Excel workbook (*.xlsx)",
}
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


class ReportDialog(QDialog):
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
        self.one = QRadioButton("&This rehearsal (the one shown in Review)")
        self.one.setEnabled(rehearsal_id is not None)
        self.across = QRadioButton("The &plan across its rehearsals (variance and readiness)")
        self.across.setEnabled(plan_id is not None)
        group = QButtonGroup(self)
        group.addButton(self.one)
        group.addButton(self.across)
        (self.one if rehearsal_id is not None else self.across).setChecked(True)
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
        layout.addLayout(row)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.one.toggled.connect(self.refresh)
        self.format.currentIndexChanged.connect(self._describe)
        self.refresh()

    @property
    def kind(self) -> str:
        return "rehearsal" if self.one.isChecked() else "plan"

    def build(self) -> Report:
        if self.kind == "rehearsal" and self.rehearsal_id is not None:
            return rehearsal_report(self.ws, self.rehearsal_id)
        if self.plan_id is None:
            raise RehearsalError("Choose a plan revision first.")
        return program_report(self.ws, self.plan_id, self.filters)

    def refresh(self) -> None:
        """Build the report and show its pages."""
        while self.pages.count():
            item = self.pages.takeAt(0)
            page = item.widget() if item is not None else None
            if page is not None:
                page.deleteLater()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._report = self.build()
            images = page_images(self._report, 640)
        except RehearsalError as exc:
            self._report = None
            self.note.setText(str(exc))
            self.save_button.setEnabled(False)
            return
        finally:
            QApplication.restoreOverrideCursor()
        for number, image in enumerate(images, start=1):
            page = QLabel()
            page.setPixmap(QPixmap.fromImage(image))
            page.setAccessibleName(f"Page {number} of {len(images)}")
            page.setStyleSheet("border: 1px solid palette(mid); margin: 6px;")
            self.pages.addWidget(page)
        self.save_button.setEnabled(True)
        self._describe()

    def _describe(self) -> None:
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

    def export(self, path: Path) -> Path:
        """Write the report (or the actuals) to `path` in the chosen format."""
        key = self.format.currentData()
        if key in ("csv", "xlsx"):
            if self.kind == "rehearsal":
                rows = actual_rows(self.ws, rehearsal_id=self.rehearsal_id)
            else:
                rows = actual_rows(self.ws, plan_id=self.plan_id, filters=self.filters)
            return write_actuals(path, rows, key)
        report = self._report or self.build()
        if key == "html":
            path.write_text(render_html(report), encoding="utf-8")
            return path
        return write_pdf(report, path)

    def _save(self) -> None:
        key = self.format.currentData()
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the report", str(Path(start) / self.default_name()), FORMATS[key]
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != f".{key}":
            path = path.with_name(path.name + f".{key}")
        try:
            self.saved = self.export(path)
        except (RehearsalError, OSError) as exc:
            QMessageBox.warning(self, "Report not saved", f"{path.name}: {exc}")
            return
        self.accept()
