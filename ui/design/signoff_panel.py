"""Sign-off beside Readiness: who received and accepted the revision shown, recording a
receipt or an acceptance with a note, and the revision's launch date. Every change is a
core record (`Workspace.signoffs`); undoing one takes it back with another record (a
sign-off is withdrawn, the launch date set back), so the history travels in packs too.
Edit → Undo reaches this panel's stack while the focus is in it (`UndoRouting`)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rehearsal.durations import format_date, format_moment
from rehearsal.errors import RehearsalError
from rehearsal.signoff_model import ROLE_TITLES, SignoffRole, SignoffState
from rehearsal.workspace import Workspace
from rehearsal_ui.shell.icons import icon
from rehearsal_ui.shell.theme import semantic_colors


class _Record(QUndoCommand):
    """A receipt or an acceptance; undone, it is withdrawn; redone, recorded again."""

    def __init__(
        self, ws: Workspace, plan_id: str, role: str, person: str, accepted: bool, note: str
    ) -> None:
        what = "acceptance" if accepted else "receipt"
        super().__init__(f"Sign-off ({what} by {person})")
        self.ws, self.plan_id = ws, plan_id
        self.values = (role, person, accepted, note)
        self.record_id: str | None = None
        self.error: RehearsalError | None = None

    def redo(self) -> None:
        role, person, accepted, note = self.values
        try:
            self.record_id = self.ws.signoffs.record(
                self.plan_id, role, person, accepted=accepted, note=note
            ).id
        except RehearsalError as exc:
            self.error = exc
            self.setObsolete(True)

    def undo(self) -> None:
        if self.record_id is not None:
            self.ws.signoffs.withdraw(self.record_id)


class _Launch(QUndoCommand):
    def __init__(
        self, ws: Workspace, plan_id: str, before: date | None, after: date | None
    ) -> None:
        super().__init__(f"Launch date ({format_date(after) or 'none'})")
        self.ws, self.plan_id, self.before, self.after = ws, plan_id, before, after

    def redo(self) -> None:
        self.ws.signoffs.set_launch(self.plan_id, self.after)

    def undo(self) -> None:
        self.ws.signoffs.set_launch(self.plan_id, self.before)


class SignoffPanel(QWidget):
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws: Workspace | None = None
        self.plan_id: str | None = None
        self.state: SignoffState | None = None
        self.launch_on: date | None = None
        self.undo_stack = QUndoStack(self)

        self.has_launch = QCheckBox("&Launch on:")
        self.has_launch.setToolTip("The first live cohort of this revision")
        self.launch = QDateEdit()
        self.launch.setCalendarPopup(True)
        self.launch.setDisplayFormat("yyyy-MM-dd")
        self.launch.setMinimumDate(QDate(2000, 1, 1))
        self.launch.setAccessibleName("Launch date")
        self.has_launch.toggled.connect(self._launch_edited)
        self.launch.editingFinished.connect(self._launch_edited)
        self.people = QListWidget()
        self.people.setWordWrap(True)
        self.people.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.people.setMinimumHeight(96)  # three people at least
        self.people.setAccessibleName("Sign-offs of this revision")
        self.role = QComboBox()
        for role in SignoffRole:
            self.role.addItem(ROLE_TITLES[role].capitalize(), role.value)
        self.person = QLineEdit()
        self.person.setPlaceholderText("Name")
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note (optional)")
        self.received = QPushButton("Re&ceived")
        self.received.setToolTip("Record that this person received the revision")
        self.accepted = QPushButton("Acce&pted")
        self.accepted.setToolTip("Record that this person accepted the revision")
        self.received.clicked.connect(lambda: self._record(False))
        self.accepted.clicked.connect(lambda: self._record(True))
        self.person.returnPressed.connect(lambda: self._record(False))

        launch_row = QHBoxLayout()
        launch_row.addWidget(self.has_launch)
        launch_row.addWidget(self.launch, 1)
        role_label = QLabel("R&ole:")
        role_label.setBuddy(self.role)
        person_label = QLabel("Perso&n:")
        person_label.setBuddy(self.person)
        note_label = QLabel("No&te:")
        note_label.setBuddy(self.note)
        form = QFormLayout()
        form.addRow(role_label, self.role)
        form.addRow(person_label, self.person)
        form.addRow(note_label, self.note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.received)
        buttons.addWidget(self.accepted)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(launch_row)
        layout.addWidget(self.missing)
        layout.addWidget(self.people, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.show_plan(None, None)

    # -- the public API --------------------------------------------------------------------------
    def show_plan(self, ws: Workspace | None, plan_id: str | None) -> None:
        """Show the sign-off of `plan_id` (None: no plan); another plan starts a new history
        of undo."""
        if plan_id != self.plan_id or ws is not self.ws:
            self.undo_stack.clear()
        self.ws, self.plan_id = ws, plan_id
        self.refresh()

    def refresh(self) -> None:
        ws, plan_id = self.ws, self.plan_id
        shown = ws is not None and ws.is_open and plan_id is not None
        for widget in (self.has_launch, self.people, self.role, self.person, self.note):
            widget.setEnabled(shown)
        self.received.setEnabled(shown)
        self.accepted.setEnabled(shown)
        if not shown or ws is None or plan_id is None:
            self.state, self.launch_on = None, None
            self.people.clear()
            self.missing.setText("")
            self.launch.setEnabled(False)
            return
        self.state = ws.signoffs.of(plan_id)
        self.launch_on = ws.signoffs.launch(plan_id)
        self._show_launch()
        self._show_people()

    def undo(self) -> None:
        self.undo_stack.undo()

    def redo(self) -> None:
        self.undo_stack.redo()

    # -- inside ------------------------------------------------------------------------------------
    def _show_launch(self) -> None:
        blocked = self.has_launch.blockSignals(True), self.launch.blockSignals(True)
        try:
            self.has_launch.setChecked(self.launch_on is not None)
            shown = self.launch_on or date.today()
            self.launch.setDate(QDate(shown.year, shown.month, shown.day))
            self.launch.setEnabled(self.launch_on is not None)
        finally:
            self.has_launch.blockSignals(blocked[0])
            self.launch.blockSignals(blocked[1])

    def _show_people(self) -> None:
        state = self.state
        assert state is not None
        colours = semantic_colors()
        self.people.clear()
        for p in state.people:
            when = p.accepted_at or p.received_at or ""
            verb = "accepted" if p.accepted else "received"
            text = f"{ROLE_TITLES[p.role].capitalize()}: {p.person} — {verb} {format_moment(when)}"
            tip = f"{text}\n{p.note}" if p.note else text
            if p.note:
                text += f" · {p.note}"
            mark = icon("ok", colours.ok) if p.accepted else icon("note")
            item = QListWidgetItem(mark, text)
            item.setToolTip(tip)
            self.people.addItem(item)
        missing = [ROLE_TITLES[r] for r in state.missing_roles()]
        self.missing.setText(
            "Not yet accepted by: " + ", ".join(missing) if missing else "Every role accepted."
        )

    def _record(self, accepted: bool) -> None:
        if self.ws is None or self.plan_id is None:
            return
        person = self.person.text().strip()
        if not person:
            self.message.emit("Name the person who received or accepted the revision.")
            self.person.setFocus()
            return
        command = _Record(
            self.ws,
            self.plan_id,
            str(self.role.currentData()),
            person,
            accepted,
            self.note.text(),
        )
        self.undo_stack.push(command)
        if command.error is not None:
            self.message.emit(str(command.error))
            return
        self.note.clear()
        self.refresh()

    def _launch_edited(self) -> None:
        if self.ws is None or self.plan_id is None:
            return
        self.launch.setEnabled(self.has_launch.isChecked())
        chosen: date | None = None
        if self.has_launch.isChecked():
            q = self.launch.date()
            chosen = date(q.year(), q.month(), q.day())
        if chosen == self.launch_on:
            return
        try:
            self.undo_stack.push(_Launch(self.ws, self.plan_id, self.launch_on, chosen))
        except RehearsalError as exc:
            self.message.emit(str(exc))
        self.refresh()
