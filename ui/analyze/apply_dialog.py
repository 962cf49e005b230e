"""The dialog before a re-timing becomes the next revision: every change (the step's design
— non-negotiable, or flexible and its range —, planned → suggested, the change, the limit
that held it; non-negotiables in bold), the new total
against the slot, and the evidence it rests on. OK creates the revision; Cancel or Escape
changes nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rehearsal.analysis import RULES, Retiming, StepInfo
from rehearsal.durations import count, format_duration, format_signed

HEADERS = ("Step", "Design", "Planned", "Suggested", "Change", "Limit applied")
NUMERIC = {"Planned", "Suggested", "Change"}
WIDTH = 760  # at least; wider to show the longest step title whole
MAX_WIDTH = 1280
MAX_ROWS_SHOWN = 14
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class ApplyRetimingDialog(QDialog):
    """Asks before `retiming` becomes revision `next_revision` of the program whose
    revision `revision` was analysed; `accepted` means create it."""

    def __init__(
        self, retiming: Retiming, next_revision: int, revision: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.retiming = retiming
        self.setWindowTitle(f"Apply the re-timing as revision {next_revision}")
        changed = retiming.changed
        self.intro = _label(
            f"Revision {next_revision} of this program will have "
            f"{count(len(changed), 'step')} re-timed as below; revision {revision} stays as it "
            "is."
        )
        described = retiming.described
        self.evidence = _label(
            f"Each step to the {RULES[retiming.rule]}, "
            f"{described}. Re-timing needs at least "
            f"{count(retiming.min_complete, 'complete rehearsal')}; non-negotiable segments are "
            "never shortened and flexible ones stay inside their range."
        )
        self.evidence.setAccessibleName("The evidence the re-timing rests on")
        self.table = QTableWidget(len(changed), len(HEADERS))
        self.table.setAccessibleName("Every change the re-timing makes")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        for i, s in enumerate(changed):
            cells = (
                s.step.title,
                design(s.step),
                format_duration(s.planned_s),
                format_duration(s.suggested_s),
                format_signed(s.change_s),
                s.reason or "—",
            )
            for j, (name, text) in enumerate(zip(HEADERS, cells, strict=True)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if name in NUMERIC:
                    item.setTextAlignment(RIGHT)
                if name in {"Step", "Design"} and s.step.non_negotiable:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        frame = 2 * self.table.frameWidth()
        wanted = sum(header.sectionSize(j) for j in range(len(HEADERS))) + frame + 24
        rows = min(len(changed), MAX_ROWS_SHOWN)
        row_height = self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(header.sizeHint().height() + row_height * rows + frame)
        self.total = _label(total_sentence(retiming))
        self.total.setAccessibleName("The new total")
        font = self.total.font()
        font.setBold(True)
        self.total.setFont(font)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"&Create revision {next_revision}")
        ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.evidence)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(min(max(WIDTH, wanted), MAX_WIDTH))
        self.table.setFocus()

    def cell(self, row: int, header: str) -> str:
        item = self.table.item(row, HEADERS.index(header))
        return "" if item is None else item.text()


def design(step: StepInfo) -> str:
    """ "non-negotiable", "flexible, 4:00–7:00", "flexible, 4:00 or more", "flexible"."""
    if step.non_negotiable:
        return "non-negotiable"
    low, high = step.flex_min_s, step.flex_max_s
    if low is not None and high is not None:
        return f"flexible, {format_duration(low)}–{format_duration(high)}"
    if low is not None:
        return f"flexible, {format_duration(low)} or more"
    if high is not None:
        return f"flexible, up to {format_duration(high)}"
    return "flexible"


def total_sentence(retiming: Retiming) -> str:
    """ "New total 1:32:00 against the 1:30:00 slot: 2:00 over" — or, without a slot,
    against the planned total now, saying there is none."""
    new, now, slot = retiming.suggested_total_s, retiming.planned_total_s, retiming.slot_s
    change = format_signed(new - now)
    if slot is None:
        return (
            f"New total {format_duration(new)} against the current planned total "
            f"{format_duration(now)} ({change}); no slot set."
        )
    fit = (
        f"{format_duration(new - slot)} over the slot"
        if new > slot
        else f"fits with {format_duration(slot - new)} to spare"
    )
    return (
        f"New total {format_duration(new)} against the {format_duration(slot)} slot: {fit} "
        f"(now {format_duration(now)}, {change})."
    )


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label
