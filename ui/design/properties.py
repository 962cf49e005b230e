"""The plan's own properties: the program's name, the slot every figure is measured
against, the planned start and its time zone, and the revision's notes."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from rehearsal.durations import format_clock, format_time_of_day, parse_duration, parse_time_of_day
from rehearsal.errors import InvalidOperation
from rehearsal.limits import MAX_PROGRAM_NAME
from rehearsal.model import Plan
from rehearsal.plans import editor as ops
from rehearsal.schedule import LOCAL_LABEL, plan_today, planned_start_caption, time_zones
from rehearsal_ui.shell.theme import semantic_colors
from rehearsal_ui.shell.widths import fit_text


@dataclass(frozen=True, slots=True)
class PlanProperties:
    """What the dialog was given, or what it was left with (checked by the core)."""

    program_name: str
    slot_s: int | None
    start_s: int | None
    time_zone: str
    notes: str

    @classmethod
    def of(cls, plan: Plan, program_name: str) -> PlanProperties:
        return cls(program_name, plan.slot_s, plan.start_s, plan.time_zone, plan.notes)

    def plan_changes(self) -> dict[str, object]:
        return {
            "slot_s": self.slot_s,
            "start_s": self.start_s,
            "time_zone": self.time_zone,
            "notes": self.notes,
        }


class ZoneBox(QComboBox):
    """The device's local time, then every IANA zone; type to filter (any part of a name:
    "berl" finds Europe/Berlin)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(16)
        self.addItem(LOCAL_LABEL[0].upper() + LOCAL_LABEL[1:], "")
        for name in time_zones():
            self.addItem(name, name)
        names = QStringListModel([self.itemText(i) for i in range(self.count())], self)
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        if line is not None:
            line.setPlaceholderText("Type to find a time zone, e.g. Berlin")

    def set_zone(self, name: str) -> None:
        index = self.findData(name)
        self.setCurrentIndex(index if index >= 0 else 0)
        if index < 0:
            self.setEditText(name)

    def zone(self) -> str:
        """The zone chosen: "" for local time; the text typed when it names no zone."""
        text = self.currentText().strip()
        if text.casefold() in ("", self.itemText(0).casefold(), LOCAL_LABEL.casefold()):
            return ""
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)  # case-insensitive
        return str(self.itemData(index)) if index >= 0 else text


class PlanPropertiesDialog(QDialog):
    """Edits the properties of one plan; `result_properties` once accepted. Nothing is
    stored here: the Design view applies the result as one undoable step."""

    def __init__(
        self,
        plan: Plan,
        program_name: str,
        *,
        new_revision: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Plan properties")
        self.name = QLineEdit(program_name)
        self.name.setMaxLength(MAX_PROGRAM_NAME + 20)  # too long is explained, not cut
        fit_text(self.name, chars=44)
        self.slot = QLineEdit(format_clock(plan.slot_s) if plan.slot_s is not None else "")
        self.slot.setPlaceholderText("none — e.g. 1:30:00, 90 (minutes) or 1h30")
        self.start = QLineEdit(format_time_of_day(plan.start_s) if plan.start_s is not None else "")
        self.start.setPlaceholderText("none — e.g. 09:00 or 2:30 PM")
        self.zone = ZoneBox()
        self.zone.set_zone(plan.time_zone)
        self.caption = QLabel()
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setWordWrap(True)
        self.notes = QPlainTextEdit(plan.notes)
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(90)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {semantic_colors().danger}")
        self.error.hide()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Program name:", self.name)
        form.addRow("&Slot length:", self.slot)
        form.addRow("Planned s&tart:", self.start)
        form.addRow("Time &zone:", self.zone)
        form.addRow("", self.caption)
        form.addRow("&Notes:", self.notes)
        layout = QVBoxLayout(self)
        self.notice: QLabel | None = None
        if new_revision is not None:
            self.notice = notice = QLabel(
                f"This revision has been rehearsed, so it is kept as it is: a change to the "
                f"slot, the start or the notes creates revision {new_revision}. A new name is "
                f"the program's, in every revision."
            )
            notice.setWordWrap(True)
            layout.addWidget(notice)
        layout.addLayout(form)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(buttons)
        self._result: PlanProperties | None = None
        self.start.textChanged.connect(self._update_caption)
        self.zone.currentTextChanged.connect(self._update_caption)
        self._update_caption()

    def _update_caption(self) -> None:
        try:
            start = self._start()
        except InvalidOperation:
            start = None
        zone = self.zone.zone()
        if start is None:
            self.caption.setText("Every clock time in the plan is counted from the start.")
            return
        try:
            preview = ops.update_plan(self.plan, start_s=start, time_zone=zone)
        except InvalidOperation:
            self.caption.setText("")
            return
        self.caption.setText("Starts " + planned_start_caption(preview, plan_today(preview)))

    def _slot(self) -> int | None:
        text = self.slot.text().strip()
        if not text:
            return None
        try:
            return parse_duration(text)
        except ValueError:
            raise InvalidOperation(
                f"Cannot read {text!r} as the slot's length: write minutes (90), 1:30:00 or "
                "1h30, or leave it empty for no slot."
            ) from None

    def _start(self) -> int | None:
        text = self.start.text().strip()
        if not text:
            return None
        try:
            return parse_time_of_day(text)
        except ValueError:
            raise InvalidOperation(
                f"Cannot read {text!r} as the planned start: write a time of day such as "
                "09:00 or 2:30 PM, or leave it empty."
            ) from None

    def properties(self) -> PlanProperties:
        """The fields as they stand, checked by the core (`InvalidOperation` says what is
        wrong); nothing is stored."""
        props = PlanProperties(
            program_name=ops.program_name(self.name.text()),
            slot_s=self._slot(),
            start_s=self._start(),
            time_zone=self.zone.zone(),
            notes=self.notes.toPlainText(),
        )
        ops.update_plan(self.plan, **props.plan_changes())
        return props

    def accept(self) -> None:
        try:
            self._result = self.properties()
        except InvalidOperation as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.error.hide()
        super().accept()

    def result_properties(self) -> PlanProperties | None:
        return self._result
