"""What the live screen shows once a rehearsal is finished: its figures (the core's, as
every surface words them) and the one key that opens it in Review."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from rehearsal.durations import count
from rehearsal.rehearsing.figures import figure_rows
from rehearsal.rehearsing.summary import RehearsalSummary
from rehearsal_ui.rehearse.live_board import label


class FinishedPage(QWidget):
    open_in_review = Signal(str)  # the rehearsal's id
    done = Signal()  # back to the start page

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rehearsal_id = ""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.title = label(1.8, bold=True)
        self.subtitle = label(1.2)
        self.figures = QGridLayout()
        self.figures.setHorizontalSpacing(24)
        self.flags = label(1.3)
        self.hint = label(1.3, bold=True)
        self.hint.setText("Enter: open it in Review    Esc: back to the start")
        self.review_button = QPushButton("Open in &Review  (Enter)")
        self.review_button.setMinimumHeight(44)
        self.review_button.clicked.connect(self._review)
        self.back_button = QPushButton("&Back  (Esc)")
        self.back_button.clicked.connect(self.done)
        for button in (self.review_button, self.back_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Enter stays the page's
        buttons = QHBoxLayout()
        buttons.addWidget(self.review_button)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(12)
        layout.addLayout(self.figures)
        layout.addWidget(self.flags)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self._cells: list[QWidget] = []

    def show_summary(self, title: str, summary: RehearsalSummary) -> None:
        self.rehearsal_id = summary.rehearsal.id
        self.title.setText(title)
        self.subtitle.setText("Every mark is saved. The figures of the run:")
        for cell in self._cells:
            cell.deleteLater()
        self._cells = []
        for row, (word, value) in enumerate(figure_rows(summary.totals)):
            name, shown = label(1.4), label(1.4, bold=True)
            name.setText(word)
            shown.setText(value)
            shown.setWordWrap(False)
            self.figures.addWidget(name, row, 0)
            self.figures.addWidget(shown, row, 1)
            self._cells += [name, shown]
        self.figures.setColumnStretch(2, 1)
        self.flags.setText(f"{count(len(summary.flags), 'flag')} raised.")

    def _review(self) -> None:
        if self.rehearsal_id:
            self.open_in_review.emit(self.rehearsal_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._review()
        elif event.key() == Qt.Key.Key_Escape:
            self.done.emit()
        else:
            super().keyPressEvent(event)
