"""Is the plan ready? Each check of the core's readiness report, with a click that jumps
to the segments it is about."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from rehearsal.plans.readiness import ReadinessReport, readiness
from rehearsal.workspace import Workspace
from rehearsal_ui.shell.icons import icon
from rehearsal_ui.shell.theme import semantic_colors

IDS_ROLE = Qt.ItemDataRole.UserRole + 1


class ReadinessPanel(QWidget):
    segments_chosen = Signal(list)  # segment ids to select

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.score = QLabel()
        self.score.setTextFormat(Qt.TextFormat.PlainText)
        font = self.score.font()
        font.setBold(True)
        self.score.setFont(font)
        self.checks = QListWidget()
        self.checks.setWordWrap(True)
        self.checks.setAccessibleName("Readiness checks")
        self.checks.itemActivated.connect(self._chosen)
        self.checks.itemClicked.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Readiness")
        layout.addWidget(title)
        layout.addWidget(self.score)
        layout.addWidget(self.checks, 1)
        self.report: ReadinessReport | None = None

    def show_report(self, report: ReadinessReport | None) -> None:
        self.report = report
        self.checks.clear()
        if report is None:
            self.score.setText("")
            return
        verdict = "Ready" if report.ready else "Not ready yet"
        self.score.setText(f"{verdict} — score {report.score}/100")
        for check in report.checks:
            colours = semantic_colors()
            mark = icon("ok", colours.ok) if check.passed else icon("fail", colours.danger)
            item = QListWidgetItem(mark, f"{check.title}\n{check.detail}")
            item.setData(IDS_ROLE, list(check.segment_ids))
            jump = " Click to select them." if check.segment_ids else ""
            item.setToolTip(check.detail + jump)
            self.checks.addItem(item)

    def refresh(self, ws: Workspace, plan_id: str | None) -> None:
        """The plan's readiness against the workspace's launch rules (Preferences)."""
        self.show_report(readiness(ws, plan_id) if plan_id else None)

    def _chosen(self, item: QListWidgetItem) -> None:
        ids = item.data(IDS_ROLE)
        if ids:
            self.segments_chosen.emit(list(ids))
