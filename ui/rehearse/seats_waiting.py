"""Seats waiting for a rehearsal: a seat's flags and notes that matched no rehearsal of
its revision stay listed here, and can be attached to a rehearsal by hand."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rehearsal.durations import format_moment
from rehearsal.errors import NotFound
from rehearsal.workspace import Workspace
from rehearsal_ui.rehearse.live_board import label

SEAT_ROLE = Qt.ItemDataRole.UserRole + 1


class SeatsWaiting(QWidget):
    attached = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = label(1.1, bold=True)
        heading.setText("Seats waiting for a rehearsal")
        self.seats = QListWidget()
        self.seats.setAccessibleName("Seats waiting for a rehearsal")
        self.attach_button = QPushButton("A&ttach to a rehearsal…")
        self.attach_button.clicked.connect(self._attach_selected)
        row = QHBoxLayout()
        row.addWidget(self.attach_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.seats)
        layout.addLayout(row)
        self.ws: Workspace | None = None

    def fill(self, ws: Workspace) -> None:
        self.ws = ws
        self.seats.clear()
        for status in ws.seats.statuses():
            if not status.waiting:
                continue
            seat = status.seat
            who = seat.person or "someone"
            item = QListWidgetItem(
                f"{who} ({seat.role.value}) · {seat.plan_label} · "
                f"{format_moment(seat.started)} · {status.waiting} waiting"
            )
            item.setData(SEAT_ROLE, seat.id)
            self.seats.addItem(item)
        if self.seats.count():
            self.seats.setCurrentRow(0)
        self.setVisible(self.seats.count() > 0)

    def _attach_selected(self) -> None:
        item = self.seats.currentItem()
        if item is None or self.ws is None:
            return
        ws = self.ws
        seat = ws.seats.seat(item.data(SEAT_ROLE))
        runs = ws.rehearsals(seat.plan_id) if _has_plan(ws, seat.plan_id) else ws.rehearsals()
        if not runs:
            return
        labels = [f"{format_moment(r.created)} · {r.kind.label} · {r.id[:8]}" for r in runs]
        chosen, ok = QInputDialog.getItem(
            self, "Attach the seat", "Land its flags and notes on:", labels, 0, False
        )
        if ok:
            self.attach(seat.id, runs[labels.index(chosen)].id)

    def attach(self, seat_id: str, rehearsal_id: str) -> None:
        assert self.ws is not None
        self.ws.seats.attach(seat_id, rehearsal_id)
        self.fill(self.ws)
        self.attached.emit()


def _has_plan(ws: Workspace, plan_id: str) -> bool:
    try:
        ws.plan(plan_id)
    except NotFound:
        return False
    return True
