"""The main window's Help menu: the help window (F1, on the page of the view shown), the
keyboard reference (made afresh each time: the keys may have changed) and About."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

from rehearsal_ui.help.keys import KeyGroup

if TYPE_CHECKING:
    from rehearsal_ui.help.about import AboutDialog
    from rehearsal_ui.help.keyboard import KeyboardReference
    from rehearsal_ui.help.pages import HelpWindow


class HelpWindows(QObject):
    """Opens the Help menu's windows over `parent`. `groups` gives every key of the app,
    `page` the help page of what is shown, `workspace` the workspace's file (for About)."""

    def __init__(
        self,
        parent: QWidget,
        *,
        groups: Callable[[], list[KeyGroup]],
        page: Callable[[], str],
        workspace: Callable[[], Path],
    ) -> None:
        super().__init__(parent)  # a part of the window: its connections end with it
        self._parent = parent
        self._groups = groups
        self._page = page
        self._workspace = workspace
        self.help_window: HelpWindow | None = None
        self.keyboard_window: KeyboardReference | None = None

    def show_help(self) -> HelpWindow:
        """F1: the help page of the view shown (the overview from the navigator)."""
        from rehearsal_ui.help.pages import HelpWindow

        if self.help_window is None:
            self.help_window = HelpWindow(self._groups(), self._parent)
        else:
            self.help_window.set_groups(self._groups())
        self.help_window.show_page(self._page())
        self.help_window.show()
        if QApplication.platformName() != "offscreen":  # (which cannot raise a window)
            self.help_window.raise_()
        self.help_window.activateWindow()
        return self.help_window

    def show_keyboard(self) -> KeyboardReference:
        """Help → Keyboard reference, made afresh (the keys may have changed)."""
        from rehearsal_ui.help.keyboard import KeyboardReference

        if self.keyboard_window is not None:
            self.keyboard_window.close()
        self.keyboard_window = KeyboardReference(self._groups(), self._parent)
        self.keyboard_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.keyboard_window.destroyed.connect(self._keyboard_closed)
        self.keyboard_window.show()
        return self.keyboard_window

    def _keyboard_closed(self) -> None:
        self.keyboard_window = None

    def show_about(self) -> AboutDialog:
        from rehearsal_ui.help.about import AboutDialog

        dialog = AboutDialog(self._workspace(), self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
