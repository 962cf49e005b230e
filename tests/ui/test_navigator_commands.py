"""The navigator's context menu: rename a program, a rehearsal's details, archive and
delete — undoable, and never a revision's last proof without asking."""

from __future__ import annotations

from pathlib import Path

import pytest
from plans import small_draft
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from qt_helpers import show_active

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.durations import format_moment
from rehearsal.exchange.packs import export_pack, import_pack
from rehearsal_ui.exchange.pack_summary import import_summary
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.navigator import PROGRAM_ROLE, REHEARSAL_ROLE
from rehearsal_ui.navigator import commands as navigator_commands


def run_through(ws: Workspace, plan_id: str, who: str = "Maya") -> str:
    clock = FakeClock()
    run = ws.start_rehearsal(plan_id, facilitator=who, cohort="Pilot B", clock=clock)
    for step in run.state.steps:
        run.next()
        clock.advance(step.planned_s + 10)
    run.finish()
    return run.rehearsal.id


def rows(window: MainWindow) -> list[QModelIndex]:
    model, found = window.navigator.model(), []

    def walk(parent: QModelIndex) -> None:
        for r in range(model.rowCount(parent)):
            index = model.index(r, 0, parent)
            found.append(index)
            walk(index)

    walk(QModelIndex())
    return found


def choose(window: MainWindow, rehearsal_id: str | None = None) -> None:
    """Make the rehearsal's row (or the program's) the navigator's current one."""
    for index in rows(window):
        if (rehearsal_id is None and index.data(PROGRAM_ROLE) and not index.parent().isValid()) or (
            rehearsal_id is not None and index.data(REHEARSAL_ROLE) == rehearsal_id
        ):
            window.navigator.setCurrentIndex(index)
            window.navigator.setFocus()
            return
    raise AssertionError(f"{rehearsal_id} is not listed")


def listed(window: MainWindow) -> set[str]:
    return {str(i.data(REHEARSAL_ROLE)) for i in rows(window) if i.data(REHEARSAL_ROLE)}


@pytest.fixture
def two_runs(qtbot: QtBot, ws: Workspace) -> tuple[MainWindow, str, str]:
    plan = ws.add_plan(small_draft())
    first, second = run_through(ws, plan.id), run_through(ws, plan.id, "Ana")
    window = MainWindow(ws)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    return window, first, second


def test_an_empty_navigator_says_what_to_do(qtbot: QtBot, ws: Workspace) -> None:
    window = MainWindow(ws)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    empty = window.navigator.empty
    assert empty.label.isVisible()
    assert "Import a run-of-show (File → Import, Ctrl+I)" in empty.text()
    assert "new program (File → New program, Ctrl+N)" in empty.text()
    ws.add_plan(small_draft())
    window.reload()
    assert not empty.label.isVisible()


def test_the_context_menu_offers_what_applies_to_the_row(
    two_runs: tuple[MainWindow, str, str],
) -> None:
    window, first, _ = two_runs
    commands = window.navigator_commands
    choose(window, first)
    texts = [a.text() for a in commands.context_menu().actions() if a.text()]
    assert texts == [
        "Rehearsal &details…",
        "Open in Re&view",
        "&Archive",
        "De&lete rehearsal…",
        "&Rename program…",
        "Sho&w archived rehearsals",
    ]
    choose(window)  # the program's row
    texts = [a.text() for a in commands.context_menu().actions() if a.text()]
    assert texts == ["&Rename program…", "Sho&w archived rehearsals"]


def test_rename_a_program_and_undo_it(qtbot: QtBot, two_runs: tuple[MainWindow, str, str]) -> None:
    window, _, _ = two_runs
    program = window.ws.programs()[0]
    choose(window)
    qtbot.keyClick(window.navigator, Qt.Key.Key_F2)
    dialog = window.navigator_commands.rename_dialog
    assert dialog is not None and dialog.textValue() == program.name
    dialog.setTextValue("  Order workflow — module 2  ")
    dialog.accept()
    qtbot.waitUntil(lambda: window.ws.program(program.id).name == "Order workflow — module 2")
    assert len(window.ws.plans(program.id)) == 1  # a program's name: no revision
    assert window.design.title.text().startswith("Order workflow — module 2 — revision 1")
    qtbot.waitUntil(lambda: rows(window)[0].data() == "Order workflow — module 2")
    show_active(qtbot, window)  # the dialog gone, the window is active again
    window.navigator.setFocus()
    qtbot.waitUntil(
        lambda: window.commands.undo.text() == "&Undo Rename program to “Order workflow — module 2”"
    )
    window.commands.undo.trigger()
    assert window.ws.program(program.id).name == program.name
    window.commands.redo.trigger()
    assert window.ws.program(program.id).name == "Order workflow — module 2"


def test_a_rehearsals_details(two_runs: tuple[MainWindow, str, str]) -> None:
    window, first, _ = two_runs
    choose(window, first)
    dialog = window.navigator_commands.show_details()
    assert dialog is not None and dialog.isVisible()
    shown = dict(dialog.rows)
    r = window.ws.rehearsal(first)
    assert shown["Kind"] == "Dry run" and shown["Revision"] == "1"
    assert shown["Started"] == format_moment(window.ws.events(first)[0].wall)
    assert shown["Facilitators"] == "Maya" and shown["Cohort"] == "Pilot B"
    assert shown["How it ended"] == "complete"
    assert shown["Over/under"] == "+0:50" and shown["Steps run"] == "5 of 5 steps, complete"
    assert r.created[:10] in shown["Started"]
    dialog.close()


def test_archive_hides_it_and_undo_brings_it_back(
    qtbot: QtBot, two_runs: tuple[MainWindow, str, str]
) -> None:
    window, first, second = two_runs
    choose(window, first)
    window.navigator_commands.archive.trigger()  # the other one still proves the revision
    assert window.ws.archived_rehearsals() == {first}
    qtbot.waitUntil(lambda: listed(window) == {second})
    assert "(1 archived)" in rows(window)[1].data()
    assert window.undo_routing.button.isVisible()  # the status bar's Undo
    assert "Archived the dry run" in window.statusBar().currentMessage()
    window.review.show_rehearsal(second)
    picker = window.review.picker  # Review lists it no more (but while it is the one shown)
    assert [picker.itemData(i) for i in range(picker.count())] == [second]
    window.navigator_commands.show_archived.setChecked(True)  # View → Show archived
    assert listed(window) == {first, second} and window.settings.show_archived
    archived = next(i for i in rows(window) if i.data(REHEARSAL_ROLE) == first)
    assert archived.data().endswith(" · archived")
    assert {picker.itemData(i) for i in range(picker.count())} == {first, second}
    window.undo_routing.button.click()
    assert window.ws.archived_rehearsals() == frozenset()
    assert not window.undo_routing.button.isVisible()


def test_delete_asks_for_the_last_proof_and_undo_restores_it(
    qtbot: QtBot, two_runs: tuple[MainWindow, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    window, first, second = two_runs
    asked: list[str] = []
    answer = [True]

    def confirm(_parent: object, title: str, _text: str, _go: str) -> bool:
        asked.append(title)
        return answer[0]

    monkeypatch.setattr(navigator_commands, "confirm", confirm)
    choose(window, first)
    window.navigator_commands.delete.trigger()  # the other one proves the revision: no question
    assert asked == [] and first in window.ws.deleted_rehearsals()
    qtbot.waitUntil(lambda: listed(window) == {second})
    choose(window, second)  # now the last proof
    answer[0] = False
    window.navigator_commands.delete.trigger()
    assert asked == ["Delete the only complete rehearsal?"]
    assert listed(window) == {second}  # kept
    answer[0] = True
    window.navigator_commands.archive.trigger()
    assert asked[-1] == "Archive the only complete rehearsal?"
    assert window.ws.archived_rehearsals() == {second}
    # Edit → Undo with the navigator focused: the archive, then the delete
    window.navigator.setFocus()
    window.commands.undo.trigger()
    window.commands.undo.trigger()
    assert window.ws.archived_rehearsals() == frozenset()
    assert first not in window.ws.deleted_rehearsals()
    qtbot.waitUntil(lambda: listed(window) == {first, second})
    assert QApplication.activeModalWidget() is None


def test_the_rehearsal_being_recorded_is_not_deleted(qtbot: QtBot, ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    run_through(ws, plan.id)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    live = ws.start_rehearsal(plan.id, clock=FakeClock())
    window.rehearse.run = live
    window.reload()
    choose(window, live.rehearsal.id)
    window.navigator_commands.delete.trigger()
    assert live.rehearsal.id in {r.id for r in ws.rehearsals()}
    assert "being recorded" in window.statusBar().currentMessage()
    window.rehearse.run = None


def test_a_pack_imported_on_purpose_brings_a_deleted_rehearsal_back_and_says_so(
    ws: Workspace, tmp_path: Path
) -> None:
    plan = ws.add_plan(small_draft())
    rid = run_through(ws, plan.id)
    pack = export_pack(ws, rid, tmp_path / "kept.rehearsalpack")
    ws.delete_rehearsal(rid, even_if_last=True)
    report = import_pack(ws, pack)
    text = import_summary(ws, [report], [])
    assert "Brought back 1 rehearsal deleted here before" in text
    assert rid in {r.id for r in ws.rehearsals()}
