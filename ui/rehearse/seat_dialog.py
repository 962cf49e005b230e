"""Follow as a second seat: who is in the seat and in which role — or go on with a seat of
this revision started here and never finished (the app closed, the computer went down)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from rehearsal.durations import format_moment
from rehearsal.seat_model import SeatRecord, SeatRole, attributed

NEW_SEAT = ""  # the choice's data for "a new seat"


class SeatDialog(QDialog):
    """`seat_id()` is the unfinished seat to go on with, or "" for a new one of `person()`
    in `role()`."""

    def __init__(
        self, plan_label: str, unfinished: list[SeatRecord], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Follow as a second seat")
        intro = QLabel(
            f"Follow {plan_label} on this computer, with no connection: your flags and notes "
            "are dated by this computer's clock and reach the lead in the seat's pack."
        )
        intro.setWordWrap(True)
        self.choice = QComboBox()
        self.choice.addItem("A new seat", NEW_SEAT)
        for record in unfinished:
            who = attributed(record.person, record.role.value) or "someone"
            self.choice.addItem(
                f"Go on with {who}, started {format_moment(record.started)}", record.id
            )
        self.choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.person = QLineEdit()
        self.person.setPlaceholderText("Your name, as the lead will see it")
        self.role = QComboBox()
        for role in SeatRole:
            self.role.addItem(role.value.capitalize(), role.value)
        form = QFormLayout()
        if unfinished:
            form.addRow("&Seat:", self.choice)
        form.addRow("&Name:", self.person)
        form.addRow("&Role:", self.role)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._records = {r.id: r for r in unfinished}
        self.choice.currentIndexChanged.connect(self._chosen)
        if unfinished:  # the likeliest wish after a restart: go on with the latest
            self.choice.setCurrentIndex(1)
        self._chosen()
        # the seat's whole line readable (the intro's wrapping would keep the dialog narrow)
        self.setMinimumWidth(max(520, self.choice.sizeHint().width() + 120))

    def seat_id(self) -> str:
        return str(self.choice.currentData())

    def person_name(self) -> str:
        return self.person.text().strip()

    def role_value(self) -> str:
        return str(self.role.currentData())

    def _chosen(self) -> None:
        record = self._records.get(self.seat_id())
        new = record is None
        self.person.setEnabled(new)
        self.role.setEnabled(new)
        self.ok.setText("Start the seat" if new else "Go on with the seat")
        if record is not None:
            self.person.setText(record.person)
            self.role.setCurrentIndex(self.role.findData(record.role.value))
        else:
            self.person.clear()
            self.role.setCurrentIndex(0)
            self.person.setFocus()
