"""Help → Keyboard reference: every key of the app, by menu and by view, with a search box
(type a key or a word: "ctrl+shift", "flag", "undo")."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rehearsal_ui.help.keys import KeyGroup


def matches(needle: str, *texts: str) -> bool:
    """Whether every word of `needle` is in one of `texts` (case and "+" spacing aside)."""
    haystack = " ".join(texts).casefold().replace(" + ", "+")
    return all(word in haystack for word in needle.casefold().replace(" + ", "+").split())


class KeyboardReference(QDialog):
    """The groups of keys, searchable; not modal (keep it open beside the window)."""

    def __init__(self, groups: Sequence[KeyGroup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard reference")
        self.groups = tuple(groups)
        self.search = QLineEdit()
        self.search.setPlaceholderText("A key or a word: ctrl+shift, flag, undo…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.filter)
        find = QLabel("&Find:")
        find.setBuddy(self.search)
        top = QHBoxLayout()
        top.addWidget(find)
        top.addWidget(self.search, 1)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Keys")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Keys", "Command", "What it does"])
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setRootIsDecorated(False)
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for group in self.groups:
            head = QTreeWidgetItem([group.title])
            head.setFirstColumnSpanned(True)
            head.setFont(0, bold)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for row in group.rows:
                item = QTreeWidgetItem([row.keys, row.command, row.detail])
                item.setToolTip(2, row.detail)
                head.addChild(item)
            self.tree.addTopLevelItem(head)
        self.tree.expandAll()
        header = self.tree.header()
        header.setStretchLastSection(False)  # every column as wide as its text: none cut
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.nothing = QLabel("No key matches: try another word, or clear the box.")
        self.nothing.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.nothing)
        layout.addWidget(buttons)
        width = sum(self.tree.sizeHintForColumn(c) for c in range(3)) + 80
        self.resize(min(max(width, 720), 1280), 700)
        self.search.setFocus()

    def filter(self, text: str) -> None:
        """Show only the rows that match `text` (a group's title matching shows it all)."""
        shown = 0
        for g in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(g)
            if head is None:
                continue
            whole = bool(text.strip()) and matches(text, head.text(0))
            visible = 0
            for item in _children(head):
                hit = whole or matches(text, item.text(0), item.text(1), item.text(2))
                item.setHidden(not hit)
                visible += hit
            head.setHidden(visible == 0)
            shown += visible
        self.nothing.setVisible(shown == 0)

    def shown_rows(self) -> list[tuple[str, str, str]]:
        """(group, keys, command) of every row shown now."""
        found = []
        for g in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(g)
            if head is None or head.isHidden():
                continue
            for item in _children(head):
                if not item.isHidden():
                    found.append((head.text(0), item.text(0), item.text(1)))
        return found


def _children(head: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [c for r in range(head.childCount()) if (c := head.child(r)) is not None]
