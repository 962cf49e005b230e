"""Alt + an underlined letter goes to one place only: in every dialog of the app, in the main
window with each view shown, and in every menu, no two visible widgets or actions share a
mnemonic, and every label with one has a buddy (the start dialog's Alt+R went to Revision
while a region was being typed). Every dialog class of the app is opened here: a new one
must be added to DIALOGS, or this fails."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QLabel,
    QMenu,
    QMenuBar,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot
from qt_helpers import settled, show_active

import rehearsal_ui
from rehearsal import Workspace
from rehearsal.analysis import observations, suggest
from rehearsal.demo import write_demo
from rehearsal.errors import ColumnsNotRecognised
from rehearsal.exchange.packs import export_pack, import_pack
from rehearsal.model import FLAG_CATEGORIES
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.navigator import REHEARSAL_ROLE
from rehearsal_ui.shell.editing import ACCIDENTAL_EDITS

Opener = Callable[[MainWindow, Path], QDialog]


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


# -- opening every dialog ----------------------------------------------------------------------
def _plan(window: MainWindow):  # type: ignore[no-untyped-def]
    plan = window.design.plan
    assert plan is not None
    return plan


def start_dialog(window: MainWindow, _tmp: Path) -> QDialog:
    from rehearsal_ui.rehearse.start_dialog import StartDialog

    plan = _plan(window)
    remembered = {"lead": "Alex Morgan", "facilitators": "Maya Chen", "region": "EMEA"}
    return StartDialog(window.ws.plans(plan.program_id), plan.id, remembered, window)


def flag_picker(window: MainWindow, _tmp: Path) -> QDialog:
    from rehearsal_ui.rehearse.flag_picker import FlagPicker

    return FlagPicker(FLAG_CATEGORIES, "Hand-off to Poll", "Poll", True, window)


def pause_picker(window: MainWindow, _tmp: Path) -> QDialog:
    from rehearsal_ui.rehearse.flag_picker import PauseReasonPicker

    return PauseReasonPicker(window)


def plan_properties(window: MainWindow, _tmp: Path) -> QDialog:
    dialog = window.design.edit_properties()
    assert dialog is not None
    return dialog


def revision_history(window: MainWindow, _tmp: Path) -> QDialog:
    dialog = window.show_history()
    assert dialog is not None
    return dialog


def preferences(window: MainWindow, _tmp: Path) -> QDialog:
    from rehearsal_ui.shell.preferences import PreferencesDialog

    return PreferencesDialog(window.settings, window, ws=window.ws)


def flag_editor(window: MainWindow, _tmp: Path) -> QDialog:
    review = window.review
    review.tabs.setCurrentIndex(1)
    review.flags.selectRow(0)
    review.edit_flag()
    assert review.controller.dialog is not None
    return review.controller.dialog


def annotation_dialog(window: MainWindow, _tmp: Path) -> QDialog:
    review = window.review
    review.add_annotation()
    assert review.controller.dialog is not None
    return review.controller.dialog


def conflicts_dialog(window: MainWindow, tmp: Path) -> QDialog:
    ws, review = window.ws, window.review
    rid = review.rehearsal_id
    assert rid is not None
    flag = ws.flags(rid)[0]
    with Workspace.open(tmp / "laptop.rehearsal") as laptop:
        import_pack(laptop, export_pack(ws, rid, tmp / "full.pack"))
        laptop.review.edit_flag(flag.id, note="ran long again", author="Priya")
        ws.review.edit_flag(flag.id, note="ran long", author="Sam")
        import_pack(ws, export_pack(laptop, rid, tmp / "notes.pack", scope="annotations"))
    review.refresh()
    review.controller.review_conflicts()
    assert review.controller.dialog is not None
    return review.controller.dialog


def work_progress(window: MainWindow, _tmp: Path) -> QDialog:
    from rehearsal_ui.exchange.progress import WorkProgress

    return WorkProgress(window, "Importing packs", "Reading the packs…")


def column_mapping(window: MainWindow, tmp: Path) -> QDialog:
    from rehearsal_ui.exchange.import_flow import ColumnMappingDialog

    sheet = tmp / "run.csv"
    sheet.write_text("Activity;Length (min);Who\nWelcome;5;Ana\n", encoding="utf-8")
    error = ColumnsNotRecognised("not told", columns=("Activity", "Length (min)", "Who"))
    return ColumnMappingDialog(sheet, error, window)


def shared_folder(window: MainWindow, _tmp: Path) -> QDialog:
    from rehearsal_ui.exchange.shared_folder_dialog import SharedFolderDialog

    return SharedFolderDialog(window.ws, window)


def apply_retiming(window: MainWindow, _tmp: Path) -> QDialog:
    from rehearsal_ui.analyze.apply_dialog import ApplyRetimingDialog

    plan = _plan(window)
    retiming = suggest(observations(window.ws, plan.id))
    return ApplyRetimingDialog(retiming, plan.revision + 1, plan.revision, window)


def report_dialog(window: MainWindow, _tmp: Path) -> QDialog:
    from rehearsal_ui.reports.dialog import ReportDialog

    return ReportDialog(window, window.ws, window.review.rehearsal_id, _plan(window))


def rehearsal_details(window: MainWindow, _tmp: Path) -> QDialog:
    dialog = window.navigator_commands.show_details()
    assert dialog is not None
    return dialog


def keyboard_reference(window: MainWindow, _tmp: Path) -> QDialog:
    return window.show_keyboard()


def help_window(window: MainWindow, _tmp: Path) -> QDialog:
    return window.show_help()


def about(window: MainWindow, _tmp: Path) -> QDialog:
    return window.show_about()


DIALOGS: dict[str, Opener] = {
    "StartDialog": start_dialog,
    "FlagPicker": flag_picker,
    "PauseReasonPicker": pause_picker,
    "PlanPropertiesDialog": plan_properties,
    "RevisionHistory": revision_history,
    "PreferencesDialog": preferences,
    "FlagEditor": flag_editor,
    "AnnotationDialog": annotation_dialog,
    "ConflictsDialog": conflicts_dialog,
    "WorkProgress": work_progress,
    "ColumnMappingDialog": column_mapping,
    "SharedFolderDialog": shared_folder,
    "ApplyRetimingDialog": apply_retiming,
    "ReportDialog": report_dialog,
    "RehearsalDetails": rehearsal_details,
    "KeyboardReference": keyboard_reference,
    "HelpWindow": help_window,
    "AboutDialog": about,
}


def dialog_classes() -> set[str]:
    """Every QDialog subclass defined in the app's UI package."""
    found = set()
    for module in pkgutil.walk_packages(rehearsal_ui.__path__, "rehearsal_ui."):
        loaded = importlib.import_module(module.name)
        for name, value in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(value, QDialog) and value.__module__ == loaded.__name__:
                found.add(name)
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
    recent = [a.text() for a in window.recent_menu.actions()]
    assert "/tmp/Q&&A workshop.rehearsal" in recent
    assert all(isinstance(a, QAction) for a in window.recent_menu.actions())
