"""The revisions of a program, and a side-by-side diff of any two of them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rehearsal.durations import count, format_duration, format_moment, format_signed
from rehearsal.model import Plan, Segment
from rehearsal.plans.revision_diff import Change, DiffRow, PlanDiff, diff_plans
from rehearsal.workspace import Workspace
from rehearsal_ui.shell.theme import semantic_colors

COLUMNS = ("Old revision", "Planned", "Change", "New revision", "Planned")


def describe(row: DiffRow) -> str:
    """The change of one row in words: added, removed, moved, re-timed, fields edited."""
    words: list[str] = []
    for kind in (Change.ADDED, Change.REMOVED, Change.MOVED):
        if kind in row.changes:
            words.append(kind.value)
    if Change.RETIMED in row.changes and row.old and row.new:
        delta = row.new.planned_s - row.old.planned_s
        words.append(f"re-timed {format_signed(delta)}")
    if row.fields:
        words.append("changed " + ", ".join(f.label for f in row.fields))
    if Change.TRANSITION in row.changes:
        words.append("hand-off changed")
    return "; ".join(words)


def opening_pair(plans: list[Plan], current_id: str | None) -> tuple[int, int]:
    """The revisions the history opens on, as indexes into `plans` (oldest first): the one
    before the current revision (`current_id`, else the latest) against it; the first
    revision against the second, when the first is current. Never one against itself
    while there are two."""
    current = len(plans) - 1
    if current_id is not None:
        current = next((i for i, p in enumerate(plans) if p.id == current_id), current)
    if current <= 0:
        return 0, min(1, len(plans) - 1)
    return current - 1, current


class RevisionHistory(QDialog):
    def __init__(
        self,
        ws: Workspace,
        program_id: str,
        parent: QWidget | None = None,
        new_plan_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.plans: list[Plan] = ws.plans(program_id)
        self.setWindowTitle(f"Revision history — {ws.program(program_id).name}")
        self.old_choice = QComboBox()
        self.new_choice = QComboBox()
        runs = ws.rehearsal_counts()
        for plan in self.plans:
            made = format_moment(plan.created)[:10]
            shown = f"Revision {plan.revision} ({made}, {count(runs.get(plan.id, 0), 'rehearsal')})"
            self.old_choice.addItem(shown, plan.id)
            self.new_choice.addItem(shown, plan.id)
        old, new = opening_pair(self.plans, new_plan_id)
        self.new_choice.setCurrentIndex(new)
        self.old_choice.setCurrentIndex(old)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for col in (0, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        pick = QHBoxLayout()
        for text, combo in (("&Compare", self.old_choice), ("&with", self.new_choice)):
            label = QLabel(text)
            label.setBuddy(combo)
            pick.addWidget(label)
            pick.addWidget(combo, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(pick)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.old_choice.currentIndexChanged.connect(self.refresh)
        self.new_choice.currentIndexChanged.connect(self.refresh)
        self.resize(1100, 640)
        self.diff: PlanDiff | None = None
        self.refresh()

    def refresh(self) -> None:
        old = self.plans[self.old_choice.currentIndex()]
        new = self.plans[self.new_choice.currentIndex()]
        self.diff = diff = diff_plans(old, new)
        counts = [
            (len(diff.added), "added"),
            (len(diff.removed), "removed"),
            (len(diff.moved), "moved"),
            (len(diff.retimed), "re-timed"),
            (len(diff.edited), "with changed text"),
        ]
        parts = [f"{n} {what}" for n, what in counts if n]
        total = f"planned {format_duration(old.planned_s)} → {format_duration(new.planned_s)}"
        self.summary.setText(
            ("No differences. " if diff.empty else "Segments: " + ", ".join(parts) + ". ") + total
        )
        colours = semantic_colors()
        tint = {
            Change.ADDED: colours.ok,
            Change.REMOVED: colours.danger,
            Change.MOVED: colours.accent,
            Change.RETIMED: colours.warning,
            Change.EDITED: colours.accent,
        }
        rows = diff.aligned_rows()
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = (
                _title(row.old),
                _planned(row.old),
                describe(row),
                _title(row.new),
                _planned(row.new),
            )
            colour = next((tint[k] for k in tint if k in row.changes), None)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (1, 4):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if colour and c == 2:
                    item.setForeground(QBrush(QColor(colour)))
                fields = "\n".join(f"{f.label}: “{f.old}” → “{f.new}”" for f in row.fields)
                if fields:
                    item.setToolTip(fields)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()


def _title(seg: Segment | None) -> str:
    return seg.title if seg else ""


def _planned(seg: Segment | None) -> str:
    return format_duration(seg.planned_s) if seg else ""
