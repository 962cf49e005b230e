"""Cell editors of the segment table: a forgiving duration field and lists of choices."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from rehearsal.durations import parse_duration
from rehearsal.model import INTERACTION_LABELS, LeadRole
from rehearsal_ui.design.segment_model import (
    COL_LEAD,
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
        if column in (COL_TYPE, COL_LEAD, COL_SECTION):
            combo = QComboBox(parent)
            for label, value in self._choices(index):
                combo.addItem(label, value)
            return combo
        return super().createEditor(parent, option, index)

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
