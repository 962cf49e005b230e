"""A seat live: a second person follows a plan revision on this computer, with no
connection — the planned step (the plan's clock, or stepped with ← →), one key per flag
category (1–9, 0, −), a note (N), and Finish, which writes the seat's pack for the lead."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rehearsal.errors import RehearsalError
from rehearsal.exchange.seat_pack import SEAT_SUFFIX, export_seat_pack
from rehearsal.model import FLAG_CATEGORIES, Severity
from rehearsal.rehearsing.seat import Seat
from rehearsal.rehearsing.timing import StepKind
from rehearsal.workspace import Workspace
from rehearsal_ui.rehearse.live_board import label
from rehearsal_ui.shell.file_dialogs import save_file_name

CATEGORY_KEYS = "1234567890-"


class SeatWindow(QWidget):
    def __init__(self, ws: Workspace, seat: Seat, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ws = ws
        self.seat = seat
        record = seat.record
        who = " · ".join(x for x in (record.person, record.role.value) if x)
        self.setWindowTitle(f"Seat — {who}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumWidth(680)
        header = label(0.95)
        header.setWordWrap(True)
        header.setText(f"● Seat · {record.plan_label} · {who} · recorded on this computer")
        self.step_number = label(0.95)
        self.title = label(1.5, bold=True)
        self.title.setWordWrap(True)
        self.cues = label()
        self.cues.setWordWrap(True)
        self.following = label()
        self.following.setWordWrap(True)
        self.last = label()
        self.severity = QComboBox()
        for value in Severity:
            self.severity.addItem(value.value.capitalize(), value.value)
        self.severity.setCurrentIndex(1)
        self.severity.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        grid = QGridLayout()
        self.flag_buttons: list[QPushButton] = []
        for i, category in enumerate(FLAG_CATEGORIES):
            key = CATEGORY_KEYS[i] if i < len(CATEGORY_KEYS) else ""
            button = QPushButton(f"{key}  {category}" if key else category)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, c=category: self.flag(c))
            grid.addWidget(button, i // 3, i % 3)
            self.flag_buttons.append(button)
        previous = QPushButton("← Previous step")
        following = QPushButton("Next step →")
        note = QPushButton("&Note…  (N)")
        finish = QPushButton("&Finish and save the pack…")
        for button in (previous, following, note, finish):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        previous.clicked.connect(self.previous_step)
        following.clicked.connect(self.next_step)
        note.clicked.connect(self.note)
        finish.clicked.connect(self.finish)
        steps = QHBoxLayout()
        steps.addWidget(previous)
        steps.addWidget(following)
        steps.addStretch(1)
        steps.addWidget(QLabel("Severity:"))
        steps.addWidget(self.severity)
        bottom = QHBoxLayout()
        bottom.addWidget(note)
        bottom.addStretch(1)
        bottom.addWidget(finish)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.step_number)
        layout.addWidget(self.title)
        layout.addWidget(self.cues)
        layout.addWidget(self.following)
        layout.addLayout(steps)
        layout.addLayout(grid)
        layout.addWidget(self.last)
        layout.addStretch(1)
        layout.addLayout(bottom)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def refresh(self) -> None:
        seat, steps = self.seat, self.seat.steps
        index = seat.planned_step()
        if index < 0:
            self.step_number.setText("Before the planned start")
            self.title.setText(steps[0].title if steps else "")
        elif index >= len(steps):
            self.step_number.setText("After the last step")
            self.title.setText("The plan has ended")
        else:
            self.step_number.setText(f"Step {index + 1} of {len(steps)} (planned)")
            self.title.setText(steps[index].title)
        step = steps[index] if 0 <= index < len(steps) else None
        cues = ""
        if step is not None and step.kind is StepKind.SEGMENT:
            cues = seat.plan.segment(step.segment_id).producer_cues
        self.cues.setText(cues)
        after = steps[index + 1] if index + 1 < len(steps) else None
        self.following.setText(f"Next: {after.title}" if after else "")

    # -- marks -----------------------------------------------------------------------------
    def flag(self, category: str) -> None:
        try:
            self.seat.flag(category, severity=self.severity.currentData())
        except RehearsalError as exc:
            self.last.setText(str(exc))
            return
        self.last.setText(f"Flag: {category}")

    def note(self) -> None:
        text, ok = QInputDialog.getMultiLineText(self, "Note", "Note at this moment:")
        if ok and text.strip():
            self.seat.note(text)
            self.last.setText("Note recorded")

    def next_step(self) -> None:
        self.seat.next_step()
        self.refresh()

    def previous_step(self) -> None:
        self.seat.previous_step()
        self.refresh()

    def finish(self) -> Path | None:
        """End the seat and write its pack where the person chooses (None: cancelled; the
        seat stays open)."""
        name = f"seat {self.seat.record.person or self.seat.id[:8]}{SEAT_SUFFIX}"
        path, _ = save_file_name(self, "Save the seat's pack", name, f"Seat packs (*{SEAT_SUFFIX})")
        if not path:
            return None
        return self.finish_to(Path(path))

    def finish_to(self, path: Path) -> Path:
        self.seat.finish()
        export_seat_pack(self.ws, self.seat.id, path)
        self.timer.stop()
        self.close()
        return path

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text and text in CATEGORY_KEYS and CATEGORY_KEYS.index(text) < len(FLAG_CATEGORIES):
            self.flag(FLAG_CATEGORIES[CATEGORY_KEYS.index(text)])
        elif event.key() == Qt.Key.Key_Right:
            self.next_step()
        elif event.key() == Qt.Key.Key_Left:
            self.previous_step()
        elif event.key() == Qt.Key.Key_N:
            self.note()
        else:
            super().keyPressEvent(event)
