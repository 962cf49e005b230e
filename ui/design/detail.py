"""The long fields of one segment, and the hand-off after it, beside the table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from rehearsal.durations import format_duration, parse_duration
from rehearsal.model import Plan, Segment, lead_persons
from rehearsal.plans import editor as ops
from rehearsal_ui.design.delegates import DurationValidator

Apply = Callable[[str, ops.PlanChange], None]

TEXT_FIELDS = (
    ("intent", "Design &intent", "Why this segment exists; what capability it builds"),
    ("facilitator_notes", "Facilitator &notes", "What the facilitator says and does"),
    ("producer_cues", "&Producer cues", "What to watch for; what to launch and when"),
    ("materials", "&Materials", "Slides, links, files"),
    ("contingency", "&Contingency", "What to do if it goes wrong"),
)


class NoteEdit(QPlainTextEdit):
    """A multi-line field that reports its text when the person leaves it."""

    committed = Signal(str)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.committed.emit(self.toPlainText())


class SegmentDetail(QScrollArea):
    def __init__(self, apply: Apply, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._apply = apply
        self._segment: Segment | None = None
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.heading = QLabel("Select a segment to see its details.")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.items_caption = QLabel()
        self.items_caption.setTextFormat(Qt.TextFormat.PlainText)
        caption_font = self.items_caption.font()
        caption_font.setBold(True)
        self.items_caption.setFont(caption_font)
        self.items_list = QLabel()
        self.items_list.setTextFormat(Qt.TextFormat.PlainText)
        self.items_list.setWordWrap(True)
        self.items_list.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.items_list.setContentsMargins(0, 0, 0, 6)
        layout.addWidget(self.items_caption)
        layout.addWidget(self.items_list)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.lead_person = QLineEdit()
        self.lead_person.setPlaceholderText("A name or a label: Ana, fx1")
        self._persons = QStringListModel(self)
        completer = QCompleter(self._persons, self.lead_person)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.lead_person.setCompleter(completer)
        self.lead_person.editingFinished.connect(self._commit_person)
        person_label = QLabel("&Lead person")
        person_label.setBuddy(self.lead_person)
        form.addRow(person_label, self.lead_person)
        self.texts: dict[str, NoteEdit] = {}
        for name, label, hint in TEXT_FIELDS:
            edit = NoteEdit()
            edit.setPlaceholderText(hint)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(72)
            edit.committed.connect(lambda text, n=name: self._commit_text(n, text))
            caption = QLabel(label)
            caption.setBuddy(edit)
            form.addRow(caption, edit)
            self.texts[name] = edit
        self.flex_min = self._duration_field("shortest")
        self.flex_max = self._duration_field("longest")
        flex = QHBoxLayout()
        flex.addWidget(self.flex_min)
        flex.addWidget(QLabel("to"))
        flex.addWidget(self.flex_max)
        flex_label = QLabel("Flexible &range")
        flex_label.setBuddy(self.flex_min)
        form.addRow(flex_label, flex)
        self.handoff_cue = QLineEdit()
        self.handoff_cue.setPlaceholderText("e.g. Open breakout rooms")
        self.handoff_allowance = self._duration_field("0:00")
        self.handoff_allowance.setMaximumWidth(70)
        handoff = QHBoxLayout()
        handoff.addWidget(self.handoff_cue, 3)
        handoff.addWidget(self.handoff_allowance, 1)
        handoff_label = QLabel("Han&d-off to the next segment: cue and time allowed")
        handoff_label.setWordWrap(True)
        handoff_label.setBuddy(self.handoff_cue)
        form.addRow(handoff_label, handoff)
        for field in (self.flex_min, self.flex_max):
            field.editingFinished.connect(self._commit_flex)
        self.handoff_cue.editingFinished.connect(self._commit_handoff)
        self.handoff_allowance.editingFinished.connect(self._commit_handoff)
        layout.addLayout(form)
        layout.addStretch(1)
        self.setWidget(body)
        self.show_segment(None, None)
        self.show_items(())

    def show_items(self, lines: Sequence[str]) -> None:
        """List the open action items on this segment (one line each); hidden when none."""
        count = len(lines)
        self.items_caption.setText(
            f"● {count} open action item" + ("" if count == 1 else "s") if count else ""
        )
        self.items_list.setText("\n".join(f"• {line}" for line in lines))
        self.items_caption.setVisible(bool(count))
        self.items_list.setVisible(bool(count))

    def set_items_colour(self, colour: str) -> None:
        self.items_caption.setStyleSheet(f"color: {colour};")

    @staticmethod
    def _duration_field(placeholder: str) -> QLineEdit:
        field = QLineEdit()
        field.setPlaceholderText(placeholder)
        field.setValidator(DurationValidator(field))
        return field

    @property
    def segment(self) -> Segment | None:
        return self._segment

    def show_segment(self, plan: Plan | None, segment_id: str | None) -> None:
        """Show a segment's fields; a field being edited keeps what is typed in it."""
        seg = plan.segment(segment_id) if plan is not None and segment_id else None
        self._segment = seg
        enabled = seg is not None
        for widget in (
            self.lead_person,
            *self.texts.values(),
            self.flex_min,
            self.flex_max,
            self.handoff_cue,
            self.handoff_allowance,
        ):
            widget.setEnabled(enabled)
        if seg is None or plan is None:
            self.heading.setText("Select a segment to see its details.")
            for edit in self.texts.values():
                edit.setPlainText("")
            for line in (
                self.lead_person,
                self.flex_min,
                self.flex_max,
                self.handoff_cue,
                self.handoff_allowance,
            ):
                line.setText("")
            return
        self.heading.setText(seg.title)
        persons = list(lead_persons(plan.segments))
        if self._persons.stringList() != persons:
            self._persons.setStringList(persons)
        self._set_line(self.lead_person, seg.lead_person)
        for name, edit in self.texts.items():
            value = getattr(seg, name)
            if not edit.hasFocus() and edit.toPlainText() != value:
                edit.setPlainText(value)
        handoff = plan.transition_after(seg.id)
        last = plan.segments[-1].id == seg.id
        self.handoff_cue.setEnabled(not last)
        self.handoff_allowance.setEnabled(not last)
        self._set_line(self.flex_min, _duration_text(seg.flex_min_s))
        self._set_line(self.flex_max, _duration_text(seg.flex_max_s))
        self._set_line(self.handoff_cue, handoff.cue if handoff else "")
        self._set_line(
            self.handoff_allowance, _duration_text(handoff.allowance_s if handoff else None)
        )

    @staticmethod
    def _set_line(line: QLineEdit, text: str) -> None:
        if not line.hasFocus() and line.text() != text:
            line.setText(text)

    def _commit_text(self, name: str, text: str) -> None:
        seg = self._segment
        if seg is None or getattr(seg, name) == text:
            return
        label = next(label for n, label, _ in TEXT_FIELDS if n == name).replace("&", "")
        sid = seg.id
        changes: dict[str, Any] = {name: text}
        self._apply(f"Edit {label.lower()}", lambda p: ops.update_segment(p, sid, **changes))

    def _commit_person(self) -> None:
        seg = self._segment
        person = self.lead_person.text().strip()
        if seg is None or person == seg.lead_person:
            return
        sid = seg.id
        self._apply("Change lead person", lambda p: ops.update_segment(p, sid, lead_person=person))

    def _commit_flex(self) -> None:
        seg = self._segment
        if seg is None:
            return
        lo, hi = _seconds(self.flex_min.text()), _seconds(self.flex_max.text())
        if (lo, hi) == (seg.flex_min_s, seg.flex_max_s):
            return
        sid = seg.id
        self._apply(
            "Change flexible range",
            lambda p: ops.update_segment(p, sid, flex_min_s=lo, flex_max_s=hi),
        )

    def _commit_handoff(self) -> None:
        seg = self._segment
        if seg is None or not self.handoff_cue.isEnabled():
            return
        cue = self.handoff_cue.text().strip()
        allowance = _seconds(self.handoff_allowance.text()) or 0
        sid = seg.id
        self._apply(
            "Change hand-off",
            lambda p: ops.set_transition(p, sid, allowance_s=allowance, cue=cue),
        )


def _duration_text(seconds: int | None) -> str:
    return "" if seconds is None else format_duration(seconds)


def _seconds(text: str) -> int | None:
    try:
        return parse_duration(text) if text.strip() else None
    except ValueError:
        return None
