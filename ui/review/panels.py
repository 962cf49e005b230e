"""Panels of the Review view: the debrief form and the action items.

Neither changes anything itself: they say what the person asked for (`answer_committed`,
`edit_requested`…) and the view makes it an undoable edit, then shows the result again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rehearsal.model import DEBRIEF_QUESTIONS, ActionItem, Debrief, FlagStatus
from rehearsal_ui.review.data import STATUS_LABELS, ReviewData, local_time
from rehearsal_ui.review.table import (
    ReviewTableModel,
    ReviewTableView,
    select_id,
    selected_id,
    sorted_table,
)
from rehearsal_ui.shell.editing import edit_on_purpose
from rehearsal_ui.shell.empty_note import EmptyNote

OWNER_ROLES = ("designer", "facilitator", "producer", "lead")
NO_ITEMS = (
    "No action items yet: make one from a flag (Flags tab: Make action item) or from a "
    "debrief answer (Ctrl+Shift+M while typing it)."
)
Index = QModelIndex | QPersistentModelIndex
CTRL = Qt.KeyboardModifier.ControlModifier
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def muted(label: QLabel) -> QLabel:
    """A secondary line: the palette's placeholder colour, muted in light and dark."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class AnswerBox(QPlainTextEdit):
    """A multi-line answer: Ctrl+Enter or leaving the box saves it; Tab moves on."""

    committed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setMinimumHeight(54)

    def event(self, e: QEvent) -> bool:
        if (
            e.type() == QEvent.Type.ShortcutOverride
            and isinstance(e, QKeyEvent)
            and e.key() in ENTER_KEYS
            and e.modifiers() & CTRL
        ):
            e.accept()  # ours, not the window's Ctrl+Enter
            return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() in ENTER_KEYS and e.modifiers() & CTRL:
            self.committed.emit()
            return
        super().keyPressEvent(e)

    def focusOutEvent(self, e: QFocusEvent) -> None:
        super().focusOutEvent(e)
        self.committed.emit()


class DebriefForm(QWidget):
    """The six debrief questions, each with its answer and who answered it when."""

    answer_committed = Signal(str, str)  # question key, the new answer (only when changed)
    make_item = Signal(str)  # question key
    author_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.answered_by = QLineEdit()
        self.answered_by.setPlaceholderText("Your name, kept with each answer")
        self.answered_by.editingFinished.connect(
            lambda: self.author_changed.emit(self.answered_by.text().strip())
        )
        by_label = QLabel("Answered &by:")
        by_label.setBuddy(self.answered_by)
        self.save_button = QPushButton("Save ans&wers")
        self.save_button.setToolTip(
            "Save every changed answer (Ctrl+Enter saves the one you are in)"
        )
        self.save_button.clicked.connect(self.commit_all)
        top = QHBoxLayout()
        top.addWidget(by_label)
        top.addWidget(self.answered_by, 1)
        top.addStretch(1)
        top.addWidget(self.save_button)
        self.boxes: dict[str, AnswerBox] = {}
        self.status: dict[str, QLabel] = {}
        self.item_buttons: dict[str, QPushButton] = {}
        self.prompts: dict[str, QLabel] = {}  # where the evidence says to look
        self.loaded: dict[str, str] = {}
        questions = QWidget()
        grid = QGridLayout(questions)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(18)
        for n, (key, question) in enumerate(DEBRIEF_QUESTIONS):
            box = AnswerBox()
            box.setAccessibleName(question)
            box.committed.connect(lambda k=key: self.commit(k))
            label = QLabel(f"&{n + 1}  {question}")
            label.setBuddy(box)
            bold = label.font()
            bold.setBold(True)
            label.setFont(bold)
            prompt = muted(QLabel())
            prompt.setWordWrap(True)
            prompt.setTextFormat(Qt.TextFormat.PlainText)
            prompt.setAccessibleName(f"Where the evidence says to look: {question}")
            prompt.hide()
            status = muted(QLabel("Not answered yet"))
            button = QPushButton("Make action item")
            button.setToolTip("Turn this answer into an action item")
            button.clicked.connect(lambda _=False, k=key: self.make_item.emit(k))
            foot = QHBoxLayout()
            foot.addWidget(status, 1)
            foot.addWidget(button)
            cell = QVBoxLayout()
            cell.setSpacing(3)
            cell.addWidget(label)
            cell.addWidget(prompt)
            cell.addWidget(box, 1)
            cell.addLayout(foot)
            grid.addLayout(cell, n // 2, n % 2)
            self.boxes[key], self.status[key], self.item_buttons[key] = box, status, button
            self.prompts[key] = prompt
        scroll = QScrollArea()  # all six side by side when there is room, else scrolled
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(questions)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

    def show_prompts(self, prompts: Mapping[str, Sequence[str]]) -> None:
        """Under each question, where the run's evidence says to look
        (`analysis.debrief_prompts`): prompts to think about, never an answer — the answer
        box stays the team's."""
        for key, label in self.prompts.items():
            found = prompts.get(key, ())
            label.setText(
                "Look at (from the evidence):\n" + "\n".join(f"• {p}" for p in found)
                if found
                else ""
            )
            label.setVisible(bool(found))

    def show_debrief(self, debrief: Debrief | None, keep_unsaved: bool) -> None:
        """Show the answers as stored; an answer being typed is kept when `keep_unsaved`."""
        for key, box in self.boxes.items():
            found = debrief.answer(key) if debrief is not None else None
            text = found.answer if found is not None else ""
            typed = box.toPlainText() != self.loaded.get(key, "")
            if not (keep_unsaved and typed) and box.toPlainText() != text:
                box.blockSignals(True)
                box.setPlainText(text)
                box.blockSignals(False)
            self.loaded[key] = text
            if found is not None:
                who = found.answered_by or "someone"
                self.status[key].setText(f"Answered by {who} · {local_time(found.updated)}")
            else:
                self.status[key].setText("Not answered yet")
            self.item_buttons[key].setEnabled(found is not None)

    def commit(self, key: str) -> None:
        text = self.boxes[key].toPlainText()
        if text != self.loaded.get(key, ""):
            self.loaded[key] = text  # once: a second focus-out does not save it again
            self.answer_committed.emit(key, text)

    def commit_all(self) -> None:
        for key in self.boxes:
            self.commit(key)

    def forget(self) -> None:
        """Another rehearsal: nothing typed here belongs to it."""
        for key, box in self.boxes.items():
            box.blockSignals(True)
            box.clear()
            box.blockSignals(False)
            self.loaded[key] = ""


class ActionItemModel(ReviewTableModel):
    COL_TITLE, COL_OWNER, COL_STATUS, COL_SOURCE, COL_ABOUT = range(5)
    columns = ("Title", "Owner", "Status", "Source", "About")
    edit_requested = Signal(str, str, object)  # item id, field, value

    def ident(self, row: ActionItem) -> str:
        return row.id

    def display(self, item: ActionItem, col: int) -> str:
        review = self.review
        assert review is not None
        return [
            lambda: item.title,
            lambda: item.owner_role,
            lambda: review.item_status(item),
            lambda: review.item_source(item),
            lambda: review.where(item.segment_id, item.transition_id) if item.segment_id else "",
        ][col]()

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.column() in (self.COL_TITLE, self.COL_OWNER, self.COL_STATUS):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.EditRole and index.isValid():
            item = self.rows[index.row()]
            if index.column() == self.COL_STATUS:
                return item.fixed_in_plan if item.status is FlagStatus.FIXED else item.status.value
            return self.display(item, index.column())
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        item = self.rows[index.row()]
        field = {self.COL_TITLE: "title", self.COL_OWNER: "owner_role"}.get(index.column())
        if field is not None:
            value = str(value).strip()
        elif index.column() == self.COL_STATUS:
            plan_ids = {p.id for p in self.review.revisions} if self.review else set()
            field = "fixed_in_plan" if value in plan_ids else "status"
        else:
            return False
        # Asked for once the editor has closed: the edit shows the table again, which must
        # not happen while the view is still committing the editor's data.
        QTimer.singleShot(0, lambda: self.edit_requested.emit(item.id, field, value))
        return False  # the view shows the stored value once the edit is made

    def status_choices(self) -> list[tuple[str, str]]:
        """(label, value) for the status editor: a plan id means fixed in that revision."""
        choices = [(STATUS_LABELS[s], s.value) for s in FlagStatus if s is not FlagStatus.FIXED]
        if self.review is not None:
            choices[1:1] = [
                (f"Fixed in revision {p.revision}", p.id) for p in self.review.revisions
            ]
        return choices


class StatusDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        if index.column() == ActionItemModel.COL_STATUS:
            combo = QComboBox(parent)
            model = _source(index)
            for label, value in model.status_choices():
                combo.addItem(label, value)
            return combo
        if index.column() == ActionItemModel.COL_OWNER:
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.addItems(list(OWNER_ROLES))
            return combo
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox) and editor.isEditable():
            editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox) and editor.isEditable():
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


def _source(index: Index) -> ActionItemModel:
    model = index.model()
    while hasattr(model, "sourceModel"):
        model = model.sourceModel()
    assert isinstance(model, ActionItemModel)
    return model


class ActionItemsPanel(QWidget):
    """Action items raised from flags and debrief answers: edit in place (F2), mark fixed in
    a revision, delete."""

    fix_requested = Signal(str, str)  # item id, plan id
    delete_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ActionItemModel(self)
        self.table: ReviewTableView = sorted_table(self.model, "Action items", 0, wide=(4,))
        self.table.setItemDelegate(StatusDelegate(self.table))
        edit_on_purpose(self.table)
        self.empty = EmptyNote(self.table, NO_ITEMS)
        self.table.delete_pressed.connect(self._delete)
        self.fix_button = QToolButton()
        self.fix_button.setText("Mark fi&xed in revision")
        self.fix_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.fix_menu = QMenu(self.fix_button)
        self.fix_button.setMenu(self.fix_menu)
        self.delete_button = QPushButton("Dele&te item")
        self.delete_button.clicked.connect(self._delete)
        hint = muted(
            QLabel(
                "F2 or double-click edits the title, owner or status. Make items from a flag "
                "(Flags tab) or a debrief answer."
            )
        )
        hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.fix_button)
        row.addWidget(self.delete_button)
        row.addWidget(hint, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self._enable()

    def show_items(self, review: ReviewData | None) -> None:
        keep = selected_id(self.table)
        self.model.set_rows(review, review.items if review is not None else ())
        self.fix_menu.clear()
        for plan in review.revisions if review is not None else ():
            action = self.fix_menu.addAction(f"Revision {plan.revision}")
            action.triggered.connect(lambda _=False, p=plan.id: self._fix(p))
        select_id(self.table, keep)
        self._enable()

    def current_id(self) -> str | None:
        return selected_id(self.table)

    def _enable(self) -> None:
        chosen = self.current_id() is not None
        self.fix_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _fix(self, plan_id: str) -> None:
        item = self.current_id()
        if item is not None:
            self.fix_requested.emit(item, plan_id)

    def _delete(self) -> None:
        item = self.current_id()
        if item is not None:
            self.delete_requested.emit(item)
