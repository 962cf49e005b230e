"""Alt + an underlined letter goes to one place only: in every dialog of the app, in the main
window with each view shown, and in every menu, no two visible widgets or actions share a
mnemonic, and every label with one has a buddy (the start dialog's Alt+R went to Revision
while a region was being typed). Every dialog class of the app is opened here: a new one
must be added to DIALOGS, or this fails."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dialog_census import DIALOGS, dialog_classes
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QGroupBox,
    QLabel,
    QMenu,
    QMenuBar,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot
from qt_helpers import settled, show_active

from rehearsal import Workspace
from rehearsal.demo import write_demo
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.navigator import REHEARSAL_ROLE
from rehearsal_ui.shell.editing import ACCIDENTAL_EDITS


def mnemonic(text: str) -> str:
    """ "Alt+R" for "&Region", "" for none ("&&" is a plain ampersand)."""
    return QKeySequence.mnemonic(text).toString(QKeySequence.SequenceFormat.PortableText)


def plain_label(label: QLabel) -> bool:
    if label.textFormat() == Qt.TextFormat.PlainText:
        return True
    return label.textFormat() == Qt.TextFormat.AutoText and not QtGui.Qt.mightBeRichText(
        label.text()
    )


def owners_of_mnemonics(top: QWidget) -> Iterator[tuple[str, str]]:
    """(mnemonic, what) of every widget shown in `top` that has one."""
    for widget in top.findChildren(QWidget):
        if not widget.isVisibleTo(top) or widget.window() is not top:
            continue
        if isinstance(widget, QLabel) and plain_label(widget) and widget.buddy() is not None:
            yield mnemonic(widget.text()), f"label {widget.text()!r}"
        elif isinstance(widget, QAbstractButton):
            yield mnemonic(widget.text()), f"button {widget.text()!r}"
        elif isinstance(widget, QGroupBox):
            yield mnemonic(widget.title()), f"group {widget.title()!r}"
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                if widget.isTabVisible(i):
                    yield mnemonic(widget.tabText(i)), f"tab {widget.tabText(i)!r}"
        elif isinstance(widget, QMenuBar):
            for action in widget.actions():
                yield mnemonic(action.text()), f"menu {action.text()!r}"


def clashes(top: QWidget) -> list[str]:
    """Mnemonics two widgets share, and labels whose mnemonic leads nowhere (no buddy)."""
    seen: dict[str, str] = {}
    found = []
    for key, what in owners_of_mnemonics(top):
        if not key:
            continue
        if key in seen:
            found.append(f"{key}: {seen[key]} and {what}")
        seen[key] = what
    for label in top.findChildren(QLabel):
        if (
            label.isVisibleTo(top)
            and plain_label(label)
            and mnemonic(label.text())
            and label.buddy() is None
        ):
            found.append(f"label {label.text()!r} has a mnemonic and no buddy")
    return found


def menu_clashes(menu: QMenu, title: str) -> list[str]:
    seen: dict[str, str] = {}
    found = []
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        key = mnemonic(action.text())
        if key and key in seen:
            found.append(f"{title}: {key}: {seen[key]!r} and {action.text()!r}")
        seen[key] = action.text()
        sub = action.menu()
        if isinstance(sub, QMenu):
            found += menu_clashes(sub, f"{title} → {action.text()}")
    return found


def test_every_dialog_of_the_app_is_in_the_census() -> None:
    assert dialog_classes() == set(DIALOGS)


@pytest.fixture
def demo_window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    with Workspace.open(write_demo(tmp_path / "demo.rehearsal")) as ws:
        window = MainWindow(ws)
        qtbot.addWidget(window)
        show_active(qtbot, window)
        flagged = next(r for r in ws.rehearsals() if ws.flags(r.id))
        model = window.navigator.model()
        for p in range(model.rowCount(model.index(0, 0))):
            revision = model.index(p, 0, model.index(0, 0))
            for k in range(model.rowCount(revision)):
                if model.index(k, 0, revision).data(REHEARSAL_ROLE) == flagged.id:
                    window.navigator.setCurrentIndex(model.index(k, 0, revision))
        window.show_view("design")
        yield window
        if window.analyze_page.is_built:
            settled(qtbot, window.analyze)


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_no_two_places_of_a_dialog_share_a_mnemonic(
    qtbot: QtBot, demo_window: MainWindow, tmp_path: Path, name: str
) -> None:
    dialog = DIALOGS[name](demo_window, tmp_path)
    assert type(dialog).__name__ == name
    if not dialog.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose):
        qtbot.addWidget(dialog)
    dialog.show()
    assert clashes(dialog) == []
    careless = [
        v for v in dialog.findChildren(QAbstractItemView) if v.editTriggers() & ACCIDENTAL_EDITS
    ]
    assert careless == [] or name == "ColumnMappingDialog"  # its preview edits nothing stored
    dialog.close()


def test_no_two_places_of_the_main_window_share_a_mnemonic(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    window = demo_window
    found = []
    for view in ("design", "rehearse", "review", "analyze"):
        window.show_view(view)
        if view == "review":
            for tab in range(window.review.tabs.count()):
                window.review.tabs.setCurrentIndex(tab)
                found += [f"review tab {tab}: {c}" for c in clashes(window)]
        elif view == "analyze":
            settled(qtbot, window.analyze)
            for tab in range(window.analyze.tabs.count()):
                window.analyze.tabs.setCurrentIndex(tab)
                settled(qtbot, window.analyze)
                found += [f"analyze tab {tab}: {c}" for c in clashes(window)]
        else:
            found += [f"{view}: {c}" for c in clashes(window)]
    assert found == []


def test_no_two_items_of_a_menu_share_a_mnemonic(qtbot: QtBot, demo_window: MainWindow) -> None:
    window = demo_window
    found = []
    window.settings.recent_workspaces = ["/tmp/Q&A workshop.rehearsal", "/tmp/other.rehearsal"]
    for top in window.menuBar().actions():
        menu = top.menu()
        assert isinstance(menu, QMenu)
        menu.aboutToShow.emit()  # menus filled when opened (recent workspaces, sections)
        for action in menu.actions():
            if isinstance(action.menu(), QMenu):
                action.menu().aboutToShow.emit()  # type: ignore[union-attr]
        found += menu_clashes(menu, top.text())
    rid = window.navigator.rehearsal_id()
    assert rid is not None
    found += menu_clashes(window.navigator_commands.context_menu(), "navigator")
    window.navigator.setCurrentIndex(window.navigator.model().index(0, 0))
    found += menu_clashes(window.navigator_commands.context_menu(), "navigator (program)")
    assert found == []
    # a name the user gave is shown as it is, never read as a mnemonic
    recent = [a.text() for a in window.menus.recent.actions()]
    assert "/tmp/Q&&A workshop.rehearsal" in recent
    assert all(isinstance(a, QAction) for a in window.menus.recent.actions())
