"""Dialogs of the Review view: edit a flag, add or edit an annotation, settle conflicts.

The dialogs do no work: the view opens them with `open()` (never a blocking `exec()`),
reads what was chosen when they are accepted, and makes the change as an undoable command.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from rehearsal.durations import format_signed
from rehearsal.model import FLAG_CATEGORIES, Conflict, FieldEdit, Flag, FlagStatus, Plan, Severity
from rehearsal_ui.review.data import STATUS_LABELS, Target, local_time

NOT_KNOWN = -1  # the seconds-lost spin box's "not known"


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class FlagEditor(QDialog):
    """Category, severity, seconds lost, note and status of one flag."""

    def __init__(
        self,
        flag: Flag,
        where: str,
        revisions: Sequence[Plan],
        author: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.flag = flag
        self.setWindowTitle("Edit flag")
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItems(list(FLAG_CATEGORIES))
        if flag.category not in FLAG_CATEGORIES:
            self.category.addItem(flag.category)
        self.category.setCurrentText(flag.category)
        self.severity = QComboBox()
        for s in Severity:
            self.severity.addItem(s.value.capitalize(), s.value)
        self.severity.setCurrentIndex(self.severity.findData(flag.severity.value))
        self.seconds_lost = QSpinBox()
        self.seconds_lost.setRange(NOT_KNOWN, 24 * 3600)
        self.seconds_lost.setSpecialValueText("not known")
        self.seconds_lost.setSuffix(" s")
        self.seconds_lost.setValue(NOT_KNOWN if flag.seconds_lost is None else flag.seconds_lost)
        self.note = QPlainTextEdit(flag.note)
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(70)
        self.status = QComboBox()
        for status in FlagStatus:
            label = "Fixed in revision…" if status is FlagStatus.FIXED else STATUS_LABELS[status]
            self.status.addItem(label, status.value)
        self.status.setCurrentIndex(self.status.findData(flag.status.value))
        self.revision = QComboBox()
        for plan in revisions:
            self.revision.addItem(f"Revision {plan.revision}", plan.revision)
        wanted = flag.fixed_in_revision or (revisions[-1].revision if revisions else None)
        self.revision.setCurrentIndex(max(0, self.revision.findData(wanted)))
        self.author = QLineEdit(author)
        self.author.setPlaceholderText("Your name, kept with the edit")
        form = QFormLayout()
        form.addRow("Where:", QLabel(where))
        form.addRow("&Category:", self.category)
        form.addRow("Se&verity:", self.severity)
        form.addRow("Seconds &lost:", self.seconds_lost)
        form.addRow("&Note:", self.note)
        form.addRow("S&tatus:", self.status)
        form.addRow("Fixed in &revision:", self.revision)
        form.addRow("Edited &by:", self.author)
        self.buttons = _buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.status.currentIndexChanged.connect(self._status_changed)
        self.category.currentTextChanged.connect(self._validate)
        self._status_changed()
        self.resize(460, self.sizeHint().height())

    def _status_changed(self) -> None:
        self.revision.setEnabled(self.status.currentData() == FlagStatus.FIXED.value)

    def _validate(self) -> None:
        ok = bool(self.category.currentText().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def values(self) -> dict[str, Any]:
        status = self.status.currentData()
        lost = self.seconds_lost.value()
        return {
            "category": self.category.currentText().strip(),
            "severity": self.severity.currentData(),
            "seconds_lost": None if lost == NOT_KNOWN else lost,
            "note": self.note.toPlainText(),
            "status": status,
            "fixed_in_revision": self.revision.currentData()
            if status == FlagStatus.FIXED.value
            else None,
        }

    def changes(self) -> dict[str, Any]:
        """Only the fields that differ from the flag as it was opened."""
        f = self.flag
        before = {
            "category": f.category,
            "severity": f.severity.value,
            "seconds_lost": f.seconds_lost,
            "note": f.note,
            "status": f.status.value,
            "fixed_in_revision": f.fixed_in_revision,
        }
        return {k: v for k, v in self.values().items() if before[k] != v}


class AnnotationDialog(QDialog):
    """The text, who wrote it, and what it is about: a moment, a segment or a hand-off."""

    def __init__(
        self,
        targets: Sequence[Target],
        *,
        span_s: float,
        at_s: float | None = None,
        target: Target | None = None,
        text: str = "",
        author: str = "",
        editing: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit annotation" if editing else "Add annotation")
        self.text = QPlainTextEdit(text)
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText("What happened, and what it means for the design")
        self.author = QLineEdit(author)
        self.author.setPlaceholderText("Your name")
        self.author.setEnabled(not editing)  # an annotation keeps who wrote it
        self.at_moment = QRadioButton("At a &moment:")
        self.on_segment = QRadioButton("On a &segment:")
        self.on_handoff = QRadioButton("On a &hand-off:")
        group = QButtonGroup(self)
        for button in (self.at_moment, self.on_segment, self.on_handoff):
            group.addButton(button)
        self.moment = QTimeEdit()
        self.moment.setDisplayFormat("H:mm:ss")
        self.moment.setMaximumTime(QTime(0, 0).addSecs(int(max(span_s, 1)) + 3600))
        self.moment.setTime(QTime(0, 0).addSecs(int(at_s or 0)))
        self.moment.setToolTip("Time from the start of the rehearsal")
        self.segment = QComboBox()
        self.handoff = QComboBox()
        for t in targets:
            (self.handoff if t.transition_id else self.segment).addItem(t.label, t)
        self.at_s = at_s
        if target is not None and target.transition_id:
            self.on_handoff.setChecked(True)
            self._choose(self.handoff, target)
        elif target is not None:
            self.on_segment.setChecked(True)
            self._choose(self.segment, target)
        else:
            self.at_moment.setChecked(True)
        grid = QGridLayout()
        grid.addWidget(self.at_moment, 0, 0)
        grid.addWidget(self.moment, 0, 1)
        grid.addWidget(self.on_segment, 1, 0)
        grid.addWidget(self.segment, 1, 1)
        grid.addWidget(self.on_handoff, 2, 0)
        grid.addWidget(self.handoff, 2, 1)
        grid.setColumnStretch(1, 1)
        about = QGroupBox("About")
        about.setLayout(grid)
        form = QFormLayout()
        form.addRow("&Text:", self.text)
        form.addRow("A&uthor:", self.author)
        self.buttons = _buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(about)
        layout.addWidget(self.buttons)
        self.text.textChanged.connect(self._validate)
        group.buttonToggled.connect(self._enable)
        self._validate()
        self._enable()
        self.resize(520, self.sizeHint().height())
        self.text.setFocus()

    @staticmethod
    def _choose(combo: QComboBox, target: Target) -> None:
        for i in range(combo.count()):
            t = combo.itemData(i)
            if (t.segment_id, t.transition_id) == (target.segment_id, target.transition_id):
                combo.setCurrentIndex(i)

    def _enable(self) -> None:
        self.moment.setEnabled(self.at_moment.isChecked())
        self.segment.setEnabled(self.on_segment.isChecked())
        self.handoff.setEnabled(self.on_handoff.isChecked())

    def _validate(self) -> None:
        ok = bool(self.text.toPlainText().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def moment_s(self) -> float | None:
        """Seconds from the start when "at a moment" is chosen (the exact clicked time when
        the shown whole seconds were left as they were)."""
        if not self.at_moment.isChecked():
            return None
        chosen = QTime(0, 0).secsTo(self.moment.time())
        if self.at_s is not None and int(self.at_s) == chosen:
            return self.at_s
        return float(chosen)

    def target(self) -> Target | None:
        chosen: Target | None = None
        if self.on_segment.isChecked():
            chosen = self.segment.currentData()
        elif self.on_handoff.isChecked():
            chosen = self.handoff.currentData()
        return chosen


def show_value(value: Any, field: str = "") -> str:
    """A contested field's value in words (an evidence file's offset as a signed time, its
    absence as the proposal; a speaker's role unset as the match)."""
    if field == "offset_ms":
        return "(as proposed)" if value is None else format_signed(int(value) / 1000)
    if field == "role" and value is None:
        return "(as matched)"
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value if isinstance(value, str) else json.dumps(value)


def _who(edit: FieldEdit) -> str:
    by = edit.author or "someone"
    return f"{by}, {local_time(edit.edited_at)}"


class ConflictsDialog(QDialog):
    """Each contested field: the value shown, the others, and a button to settle it."""

    chosen = Signal(object, object, bool)  # Conflict, the value, keep the shown one

    def __init__(
        self,
        conflicts: Sequence[Conflict],
        describe: Callable[[Conflict], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edits made elsewhere")
        self.describe = describe
        self.body = QWidget()
        self.rows = QVBoxLayout(self.body)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        intro = QLabel(
            "The same field was changed here and on another computer without either seeing "
            "the other's change. The latest is shown; keep it, or use another."
        )
        intro.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(close)
        self.keep_buttons: list[QPushButton] = []
        self.use_buttons: list[QPushButton] = []
        self.set_conflicts(conflicts)
        self.resize(620, 420)

    def set_conflicts(self, conflicts: Sequence[Conflict]) -> None:
        while self.rows.count():
            taken = self.rows.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.keep_buttons, self.use_buttons = [], []
        for conflict in conflicts:
            box = QGroupBox(self.describe(conflict).replace("&", "&&"))  # its words, as they are
            grid = QGridLayout(box)
            value = show_value(conflict.winner.value, conflict.field)
            shown = QLabel(f"Shown: {value} — {_who(conflict.winner)}")
            shown.setWordWrap(True)
            keep = QPushButton("Keep shown")
            keep.clicked.connect(lambda _=False, c=conflict: self.chosen.emit(c, None, True))
            grid.addWidget(shown, 0, 0)
            grid.addWidget(keep, 0, 1)
            self.keep_buttons.append(keep)
            for row, other in enumerate(conflict.losers, start=1):
                text = QLabel(f"Other: {show_value(other.value, conflict.field)} — {_who(other)}")
                text.setWordWrap(True)
                use = QPushButton("Use this one")
                use.clicked.connect(
                    lambda _=False, c=conflict, v=other.value: self.chosen.emit(c, v, False)
                )
                grid.addWidget(text, row, 0)
                grid.addWidget(use, row, 1)
                self.use_buttons.append(use)
            grid.setColumnStretch(0, 1)
            self.rows.addWidget(box)
        if not conflicts:
            self.rows.addWidget(QLabel("No conflicts left."))
        self.rows.addStretch(1)
