"""Cell editors of the segment table: a forgiving duration field and lists of choices."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from rehearsal.durations import parse_duration
from rehearsal.model import INTERACTION_LABELS, LeadRole, lead_persons
from rehearsal_ui.design.segment_model import (
    COL_LEAD,
    COL_PERSON,
    COL_PLANNED,
    COL_SECTION,
    COL_TYPE,
    NO_SECTION,
    SegmentTableModel,
)

Index = QModelIndex | QPersistentModelIndex


class DurationValidator(QValidator):
    """Accepts what `parse_duration` reads: 5, 5m, 1:30, 1h05, 10m15s …"""

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if not text.strip():
            return QValidator.State.Intermediate, text, pos
        try:
            parse_duration(text)
        except ValueError:
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Acceptable, text, pos


class SegmentDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        column = index.column()
        if column == COL_PLANNED:
            editor = QLineEdit(parent)
            editor.setValidator(DurationValidator(editor))
            editor.setPlaceholderText("5, 5m, 1:30, 1h05")
            editor.setToolTip("Minutes (5), 5m, m:ss (1:30), 1h05 or 10m15s")
            return editor
        if column == COL_PERSON:
            return self._person_editor(parent, index)
        if column in (COL_TYPE, COL_LEAD, COL_SECTION):
            combo = QComboBox(parent)
            for label, value in self._choices(index):
                combo.addItem(label, value)
            return combo
        return super().createEditor(parent, option, index)

    @staticmethod
    def _person_editor(parent: QWidget, index: Index) -> QLineEdit:
        """Free text, offering the people and labels the plan names already."""
        editor = QLineEdit(parent)
        editor.setPlaceholderText("A name or a label (Ana, fx1, sponsor)")
        model = index.model()
        plan = model.plan if isinstance(model, SegmentTableModel) else None
        if plan is not None:
            completer = QCompleter(list(lead_persons(plan.segments)), editor)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            editor.setCompleter(completer)
        return editor

    def _choices(self, index: Index) -> list[tuple[str, str]]:
        if index.column() == COL_TYPE:
            return [(label, kind.value) for kind, label in INTERACTION_LABELS.items()]
        if index.column() == COL_LEAD:
            return [(role.value, role.value) for role in LeadRole]
        model = index.model()
        plan = model.plan if isinstance(model, SegmentTableModel) else None
        sections = plan.sections if plan is not None else ()
        return [(NO_SECTION, ""), *((s.title, s.id) for s in sections)]

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            found = editor.findData(value or "")
            editor.setCurrentIndex(max(found, 0))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        planned = isinstance(editor, QLineEdit) and index.column() == COL_PLANNED
        if planned and not editor.hasAcceptableInput():  # type: ignore[attr-defined]
            return  # not a duration: the cell keeps its value
        super().setModelData(editor, model, index)
