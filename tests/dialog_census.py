"""Every dialog of the app, opened as the app opens it (on a main window showing the demo
workspace, a rehearsal with flags chosen): for tests that must cover them all. A new dialog
class of the UI must be added to DIALOGS (`dialog_classes` finds them all)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog

import rehearsal_ui
from rehearsal import Workspace
from rehearsal.analysis import observations, suggest
from rehearsal.exchange.packs import export_pack, import_pack
from rehearsal.model import FLAG_CATEGORIES
from rehearsal_ui.main_window import MainWindow

Opener = Callable[[MainWindow, Path], QDialog]


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


def share_dialog(window: MainWindow, _tmp: Path) -> QDialog:
    from rehearsal_ui.rehearse.share_dialog import ShareDialog

    run = window.ws.start_rehearsal(_plan(window).id)
    return ShareDialog(run, window)


def seat_dialog(window: MainWindow, _tmp: Path) -> QDialog:
    """With a seat of the revision left unfinished: the choice to go on with it shown."""
    view = window.rehearse
    view.set_plan(_plan(window).id)
    window.ws.start_seat(_plan(window).id, role="co-facilitator", person="Samantha Okonkwo")
    return view.seat_dialog()


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
    from rehearsal.formats import open_sheet
    from rehearsal.formats.sheet_file import guess_sheet
    from rehearsal_ui.exchange.mapping_dialog import ColumnMappingDialog

    path = tmp / "run.csv"
    path.write_text("Activity;Length (min);Who\nWelcome;5;Ana\n", encoding="utf-8")
    sheet = open_sheet(path)
    assert sheet is not None
    return ColumnMappingDialog(path, sheet, guess_sheet(sheet), window)


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


def guide_dialog(window: MainWindow, _tmp: Path) -> QDialog:
    from rehearsal_ui.reports.guide_dialog import GuideDialog

    return GuideDialog(window, window.ws, _plan(window).id)


def rehearsal_details(window: MainWindow, _tmp: Path) -> QDialog:
    dialog = window.navigator_commands.show_details()
    assert dialog is not None
    return dialog


def keyboard_reference(window: MainWindow, _tmp: Path) -> QDialog:
    return window.help_windows.show_keyboard()


def help_window(window: MainWindow, _tmp: Path) -> QDialog:
    return window.help_windows.show_help()


def about(window: MainWindow, _tmp: Path) -> QDialog:
    return window.help_windows.show_about()


DIALOGS: dict[str, Opener] = {
    "StartDialog": start_dialog,
    "FlagPicker": flag_picker,
    "PauseReasonPicker": pause_picker,
    "ShareDialog": share_dialog,
    "SeatDialog": seat_dialog,
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
    "GuideDialog": guide_dialog,
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
