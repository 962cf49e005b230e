"""Where Edit → Undo and Redo go: the navigator's commands (archive, delete, rename) while
it has the focus and has one to undo or redo, Review's edits while Review is shown, else
the plan's edits in Design. Also the status bar's Undo beside a navigator command's
outcome."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QPushButton, QStatusBar, QTabWidget
from shiboken6 import isValid

from rehearsal_ui.design.view import DesignView
from rehearsal_ui.navigator import Navigator
from rehearsal_ui.shell.lazy_page import LazyPage

if TYPE_CHECKING:
    from rehearsal_ui.review.view import ReviewView


class UndoRouting(QObject):
    """A part of the main window (its child: connections to it end with the window)."""

    def __init__(
        self,
        window: QObject,
        *,
        undo: QAction,
        redo: QAction,
        views: QTabWidget,
        design: DesignView,
        review_page: LazyPage[ReviewView],
        review: Callable[[], ReviewView],
        navigator: Navigator,
        navigator_stack: QUndoStack,
        status: QStatusBar,
    ) -> None:
        super().__init__(window)
        self._undo, self._redo = undo, redo
        self._views, self._design = views, design
        self._review_page, self._review = review_page, review
        self._navigator, self._stack = navigator, navigator_stack
        self._status = status
        # After a navigator command: Undo, right there in the status bar.
        self.button = QPushButton("Undo")
        self.button.setFlat(True)
        self.button.hide()
        self.button.clicked.connect(self._undo_navigator)
        status.addPermanentWidget(self.button)
        self._message = ""
        status.messageChanged.connect(self._status_changed)

    def undo(self) -> None:
        if self._navigator_undoes():
            self._undo_navigator()
        elif self._views.currentWidget() is self._review_page:
            self._review().undo_stack.undo()
        else:
            self._design.undo()

    def redo(self) -> None:
        if self._navigator_undoes():
            self._stack.redo()
        elif self._views.currentWidget() is self._review_page:
            self._review().undo_stack.redo()
        else:
            self._design.redo()

    def update(self) -> None:
        """Undo and Redo name what they would undo, enabled when they can."""
        if not (isValid(self._views) and isValid(self._navigator)):
            return  # the window is being taken down: its parts go one by one
        editor = self._design.editor
        stack: QUndoStack | None = None
        if self._navigator_undoes():
            stack = self._stack
        elif self._views.currentWidget() is self._review_page:  # Review's edits: its own stack
            stack = self._review().undo_stack
        if stack is not None:
            can_undo, can_redo = stack.canUndo(), stack.canRedo()
            undo_label, redo_label = stack.undoText(), stack.redoText()
        elif self._design.signing_off:  # the sign-off panel's records
            stack = self._design.signoff.undo_stack
        if stack is not None:
            can_undo, can_redo = stack.canUndo(), stack.canRedo()
            undo_label, redo_label = stack.undoText(), stack.redoText()
        else:
            designing = self._views.currentWidget() is self._design
            can_undo = bool(designing and editor and editor.can_undo)
            can_redo = bool(designing and editor and editor.can_redo)
            undo_label = editor.undo_label if editor and editor.can_undo else ""
            redo_label = editor.redo_label if editor and editor.can_redo else ""
        self._undo.setEnabled(can_undo)
        self._redo.setEnabled(can_redo)
        self._undo.setText(f"&Undo {undo_label}" if can_undo else "&Undo")
        self._redo.setText(f"&Redo {redo_label}" if can_redo else "&Redo")

    def navigator_said(self, text: str) -> None:
        """A navigator command's outcome, with Undo beside it while it can be undone."""
        self._message = text
        self._status.showMessage(text, 20_000)
        self.button.setVisible(self._stack.canUndo())
        self.button.setToolTip(f"Undo: {self._stack.undoText()}")

    def _status_changed(self, text: str) -> None:
        if text != self._message:
            self.button.hide()
            self._message = ""

    def _undo_navigator(self) -> None:
        if self._stack.canUndo():
            label = self._stack.undoText()
            self._stack.undo()
            self._status.showMessage(f"Undone: {label}", 8000)
        self.button.hide()

    def _navigator_undoes(self) -> bool:
        stack = self._stack
        return self._navigator.hasFocus() and (stack.canUndo() or stack.canRedo())
