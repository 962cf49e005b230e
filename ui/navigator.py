"""The navigator: programs, their plan revisions (newest first) and each revision's rehearsals.

A revision row carries its plan id (`PLAN_ROLE`); a rehearsal row carries its plan id and its
rehearsal id (`REHEARSAL_ROLE`), so choosing one shows its plan in Design and the rehearsal
in Review.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTreeView, QWidget

from rehearsal.rehearsing.figures import rehearsal_label
from rehearsal.workspace import Workspace

PLAN_ROLE = Qt.ItemDataRole.UserRole + 1
REHEARSAL_ROLE = Qt.ItemDataRole.UserRole + 2


class Navigator(QTreeView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setAccessibleName("Programs, revisions and rehearsals")
        self.tree = QStandardItemModel(self)
        self.setModel(self.tree)

    def reload(self, ws: Workspace, select_plan: str | None = None) -> bool:
        """List the workspace again and select `select_plan` (else the newest revision of
        the first program); False when there is nothing to list."""
        self.tree.clear()
        current: QStandardItem | None = None
        totals = ws.run_totals(ws.rehearsals())  # how each finished one ended, in one read
        for program in ws.programs():
            prog_item = QStandardItem(program.name)
            prog_item.setEditable(False)
            self.tree.appendRow(prog_item)
            for plan in reversed(ws.plans(program.id)):
                runs = ws.rehearsals(plan.id)
                count = f"{len(runs)} rehearsal" + ("" if len(runs) == 1 else "s")
                item = QStandardItem(
                    f"Revision {plan.revision} · {len(plan.segments)} segments · {count}"
                )
                item.setData(plan.id, PLAN_ROLE)
                item.setEditable(False)
                prog_item.appendRow(item)
                if current is None or plan.id == select_plan:
                    current = item
                for r in runs:
                    child = QStandardItem(rehearsal_label(r, totals.get(r.id)))
                    child.setData(plan.id, PLAN_ROLE)
                    child.setData(r.id, REHEARSAL_ROLE)
                    child.setToolTip(
                        f"Show this {r.kind.label.lower()} in Review ({r.status.value})"
                    )
                    child.setEditable(False)
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
