"""The navigator's tree: programs, their plan revisions (newest first) and each revision's
rehearsals.

Every row carries its program's id (`PROGRAM_ROLE`); a revision row its plan id
(`PLAN_ROLE`); a rehearsal row its plan id and its rehearsal id (`REHEARSAL_ROLE`), so
choosing one shows its plan in Design and the rehearsal in Review. Archived rehearsals are
left out unless shown (`reload(show_archived=True)`), then marked as such. With nothing to
list, the tree says what to do instead (`set_empty_text`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from rehearsal.durations import count
from rehearsal.rehearsing.figures import rehearsal_label
from rehearsal.workspace import Workspace
from rehearsal_ui.shell.empty_note import EmptyNote

PLAN_ROLE = Qt.ItemDataRole.UserRole + 1
REHEARSAL_ROLE = Qt.ItemDataRole.UserRole + 2
PROGRAM_ROLE = Qt.ItemDataRole.UserRole + 3
ARCHIVED = "archived"  # said after an archived rehearsal's name


class Navigator(QTreeView):
    """F2 (the item views' edit key) asks to rename the current row's program."""

    rename_requested = Signal()
    focus_changed = Signal()  # it took the focus or lost it (Edit → Undo follows the focus)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setAccessibleName("Programs, revisions and rehearsals")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)  # renamed by dialog
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree = QStandardItemModel(self)
        self.setModel(self.tree)
        self.empty = EmptyNote(self)  # what to do, when there is nothing to list

    def set_empty_text(self, text: str) -> None:
        """What the tree says while it lists nothing (e.g. how to import a run-of-show)."""
        self.empty.set_text(text)

    def reload(
        self, ws: Workspace, select_plan: str | None = None, *, show_archived: bool = False
    ) -> bool:
        """List the workspace again and select `select_plan` (else the newest revision of
        the first program); False when there is nothing to list."""
        self.tree.clear()
        current: QStandardItem | None = None
        archived = ws.archived_rehearsals()
        every = ws.rehearsals()
        totals = ws.run_totals(every)  # how each finished one ended, in one read
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        for program in ws.programs():
            prog_item = _item(program.name, program.id)
            self.tree.appendRow(prog_item)
            for plan in reversed(ws.plans(program.id)):
                runs = ws.rehearsals(plan.id)
                listed = [r for r in runs if show_archived or r.id not in archived]
                hidden = len(runs) - len(listed)
                text = f"Revision {plan.revision} · {count(len(plan.segments), 'segment')} · "
                text += count(len(listed), "rehearsal")
                if hidden:
                    text += f" ({hidden} archived)"
                item = _item(text, program.id)
                item.setData(plan.id, PLAN_ROLE)
                prog_item.appendRow(item)
                if current is None or plan.id == select_plan:
                    current = item
                for r in listed:
                    label = rehearsal_label(r, totals.get(r.id))
                    child = _item(label, program.id)
                    child.setData(plan.id, PLAN_ROLE)
                    child.setData(r.id, REHEARSAL_ROLE)
                    tip = f"{label}\nShow this {r.kind.label.lower()} in Review ({r.status.value})"
                    if r.id in archived:
                        child.setText(f"{label} · {ARCHIVED}")
                        font = QFont(child.font())
                        font.setItalic(True)
                        child.setFont(font)
                        child.setForeground(muted)
                        tip += "; archived: left out of the analysis"
                    child.setToolTip(tip)
                    item.appendRow(child)
        self.expandToDepth(0)
        if current is None:
            return False
        self.setCurrentIndex(current.index())
        return True

    def plan_id(self) -> str | None:
        value = self.currentIndex().data(PLAN_ROLE)
        return str(value) if value else None

    def rehearsal_id(self) -> str | None:
        value = self.currentIndex().data(REHEARSAL_ROLE)
        return str(value) if value else None

    def program_id(self) -> str | None:
        value = self.currentIndex().data(PROGRAM_ROLE)
        return str(value) if value else None

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focus_changed.emit()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F2 and self.program_id() is not None:
            self.rename_requested.emit()
            return
        super().keyPressEvent(event)


def _item(text: str, program_id: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setData(program_id, PROGRAM_ROLE)
    item.setEditable(False)
    return item
