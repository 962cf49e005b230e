from __future__ import annotations

from pathlib import Path

from plans import small_draft
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from qt_helpers import show_active

from rehearsal import Workspace
from rehearsal.demo import write_demo
from rehearsal.model import InteractionType
from rehearsal_ui.design.segment_model import (
    COL_FIXED,
    COL_PLANNED,
    COL_TITLE,
    COL_TYPE,
    SegmentTableModel,
)
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.shell import theme

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def stored(window: MainWindow) -> list[tuple[str, int]]:
    plan = window.ws.plan(window.design.plan.id)  # type: ignore[union-attr]
    return [(s.title, s.planned_s) for s in plan.segments]


def cell(window: MainWindow, title: str, column: int) -> QModelIndex:
    model = window.design.model
    for row, entry in enumerate(model.rows):
        if entry.segment is not None and entry.segment.title == title:
            return model.index(row, column)
    raise AssertionError(title)


def type_into_cell(qtbot: QtBot, window: MainWindow, index: QModelIndex, text: str) -> None:
    table = window.design.table
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    commit(qtbot, window, editor)


def commit(qtbot: QtBot, window: MainWindow, editor: QWidget) -> None:
    """Press Return in a cell editor; Qt commits on the next turn of the event loop."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    table = window.design.table
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)


def test_model_passes_qtmodeltester(qtmodeltester, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with Workspace.open(write_demo(tmp_path / "demo.rehearsal")) as ws:
        plan = ws.plans(ws.programs()[0].id)[0]
        model = SegmentTableModel(lambda label, change: None, plan)
        qtmodeltester.check(model)
        groups = [r for r in model.rows if r.is_group]
        assert len(groups) == len(plan.sections) == 4
        assert model.index(1, 1).data() == "09:00"  # planned start from the plan's start


def test_edit_title_and_duration_by_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    type_into_cell(qtbot, window, cell(window, "Poll", COL_TITLE), "Warm-up poll")
    type_into_cell(qtbot, window, cell(window, "Warm-up poll", COL_PLANNED), "1h05")
    assert ("Warm-up poll", 3900) in stored(window)
    type_into_cell(qtbot, window, cell(window, "Close", COL_PLANNED), "1:30")
    assert ("Close", 90) in stored(window)
    table = window.design.table
    table.setCurrentIndex(cell(window, "Close", COL_PLANNED))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    qtbot.keyClicks(table.focusWidget(), "soon")
    qtbot.keyClick(table.focusWidget(), Qt.Key.Key_Return)
    assert table.state() == QAbstractItemView.State.EditingState  # not a duration: stays open
    qtbot.keyClick(table.focusWidget(), Qt.Key.Key_Escape)
    assert table.state() != QAbstractItemView.State.EditingState
    assert ("Close", 90) in stored(window)


def test_type_from_a_list_and_non_negotiable_check_box(qtbot: QtBot, window: MainWindow) -> None:
    table = window.design.table
    index = cell(window, "Close", COL_TYPE)
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    combo = table.focusWidget()
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(InteractionType.QA.value))
    commit(qtbot, window, combo)
    check = cell(window, "Close", COL_FIXED)
    table.setCurrentIndex(check)
    qtbot.keyClick(table, Qt.Key.Key_Space)
    close = window.ws.plan(window.design.plan.id).segments[-1]  # type: ignore[union-attr]
    assert (close.interaction, close.non_negotiable) == (InteractionType.QA, True)


def test_add_duplicate_delete_reorder_undo_redo(qtbot: QtBot, window: MainWindow) -> None:
    table = window.design.table
    original = stored(window)
    window.design.select_segments([window.design.plan.segments[0].id])  # type: ignore[union-attr]
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return, CTRL)  # add after the selected one
    editor = table.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "Icebreaker")
    commit(qtbot, window, editor)
    assert [t for t, _ in stored(window)][:3] == ["Welcome", "Icebreaker", "Poll"]
    qtbot.keyClick(table, Qt.Key.Key_D, CTRL)
    assert [t for t, _ in stored(window)][:3] == ["Welcome", "Icebreaker", "Icebreaker (copy)"]
    qtbot.keyClick(table, Qt.Key.Key_Delete)  # the copy is what is selected now
    assert [t for t, _ in stored(window)][:3] == ["Welcome", "Icebreaker", "Poll"]
    window.design.select_segments([window.design.plan.segments[-1].id])  # type: ignore[union-attr]
    qtbot.keyClick(table, Qt.Key.Key_Up, ALT)
    qtbot.keyClick(table, Qt.Key.Key_Up, ALT)
    titles = [t for t, _ in stored(window)]
    assert titles[-3:] == ["Close", "Poll", "Breakout"]
    assert window.design.selected_ids() == [window.ws.plan(window.design.plan.id).segments[-3].id]  # type: ignore[union-attr]
    for _ in range(6):
        qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)
    assert stored(window) == original
    assert not window.commands.undo.isEnabled()
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert len(stored(window)) == len(original) + 1  # the add came back
    assert window.commands.undo.text() == "&Undo Add segment"


def test_drop_moves_segments_into_the_group_it_lands_in(qtbot: QtBot, window: MainWindow) -> None:
    model = window.design.model
    plan = window.design.plan
    assert plan is not None and [s.title for s in plan.segments][-1] == "Close"
    close = plan.segments[-1]
    opening_header = next(i for i, r in enumerate(model.rows) if r.is_group)
    mime = model.mimeData([cell(window, "Close", COL_TITLE)])
    # Dropped onto the "Opening" group row: first in that group.
    model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, model.index(opening_header, 0))
    after = window.ws.plan(plan.id)
    assert after.segments[0].id == close.id
    assert after.segments[0].section_id == plan.sections[0].id
    # Dropped just above the "Practice" group row: last of "Opening".
    practice_header = [i for i, r in enumerate(model.rows) if r.is_group][1]
    mime = model.mimeData([cell(window, "Close", COL_TITLE)])
    model.dropMimeData(mime, Qt.DropAction.MoveAction, practice_header, 0, QModelIndex())
    after = window.ws.plan(plan.id)
    assert [s.title for s in after.segments] == ["Welcome", "Poll", "Close", "Breakout"]
    assert after.segment(close.id).section_id == plan.sections[0].id


def test_first_change_to_a_rehearsed_plan_creates_a_revision(
    qtbot: QtBot, window: MainWindow
) -> None:
    plan = window.design.plan
    assert plan is not None and plan.revision == 1
    window.ws.start_rehearsal(plan.id)
    window.design.show_plan(None)
    window.reload(select_plan=plan.id)
    assert window.design.banner.isVisible()
    assert "will create revision 2" in window.design.banner.text()
    type_into_cell(qtbot, window, cell(window, "Close", COL_PLANNED), "10")
    new = window.design.plan
    assert new is not None and (new.revision, new.based_on) == (2, plan.id)
    assert window.ws.plan(plan.id) == plan  # the rehearsed revision is untouched
    assert not window.design.banner.isVisible()
    assert window.navigator.currentIndex().data().startswith("Revision 2")
    qtbot.keyClick(window.design.table, Qt.Key.Key_Z, CTRL)
    assert [p.revision for p in window.ws.plans(plan.program_id)] == [1]


def test_detail_panel_edits_long_fields(qtbot: QtBot, window: MainWindow) -> None:
    window.design.select_segments([window.design.plan.segments[1].id])  # type: ignore[union-attr]
    intent = window.design.detail.texts["intent"]
    intent.setFocus()
    qtbot.keyClicks(intent, "Surface current practice")
    window.design.table.setFocus()  # leaving the field commits it
    poll = window.ws.plan(window.design.plan.id).segments[1]  # type: ignore[union-attr]
    assert poll.intent == "Surface current practice"
    cue, allowance = window.design.detail.handoff_cue, window.design.detail.handoff_allowance
    cue.setFocus()
    cue.selectAll()
    qtbot.keyClicks(cue, "Open breakout rooms")
    allowance.setFocus()
    allowance.selectAll()
    qtbot.keyClicks(allowance, "3m")
    qtbot.keyClick(allowance, Qt.Key.Key_Return)
    plan = window.ws.plan(window.design.plan.id)  # type: ignore[union-attr]
    handoff = plan.transition_after(poll.id)
    assert handoff is not None and (handoff.cue, handoff.allowance_s) == (
        "Open breakout rooms",
        180,
    )
    qtbot.keyClick(window.design.table, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(window.design.table, Qt.Key.Key_Z, CTRL)
    handoff = window.ws.plan(plan.id).transition_after(poll.id)
    assert handoff is not None and handoff.allowance_s == 120  # back to the original


def test_sections_fold(qtbot: QtBot, window: MainWindow) -> None:
    table, model = window.design.table, window.design.model
    header = next(i for i, r in enumerate(model.rows) if r.is_group)
    members = [
        i
        for i, r in enumerate(model.rows)
        if not r.is_group and r.section_id == model.rows[header].section_id
    ]
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=table.visualRect(model.index(header, 0)).center(),
    )
    assert all(table.isRowHidden(i) for i in members)
    assert model.index(header, 0).data().startswith("▸")
    table.setCurrentIndex(model.index(header, 0))
    qtbot.keyClick(table, Qt.Key.Key_Right)
    assert not any(table.isRowHidden(i) for i in members)


def test_totals_warn_when_the_plan_does_not_fit(qtbot: QtBot, window: MainWindow) -> None:
    assert "buffer" in window.design.totals.summary.text()
    type_into_cell(qtbot, window, cell(window, "Breakout", COL_PLANNED), "30")
    assert window.design.totals.over
    assert "over the slot" in window.design.totals.summary.text()
    assert window.design.totals.bar.parts[0][0] == "Breakout"


def test_find_selects_the_next_match(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window.design.table, Qt.Key.Key_F, CTRL)
    assert window.find_box.hasFocus()
    qtbot.keyClicks(window.find_box, "audio")  # in the welcome's producer cues
    qtbot.keyClick(window.find_box, Qt.Key.Key_Return)
    assert window.design.selected_ids() == [window.design.plan.segments[0].id]  # type: ignore[union-attr]


def test_view_and_geometry_are_restored(qtbot: QtBot, ws: Workspace) -> None:
    ws.add_plan(small_draft())
    first = MainWindow(ws)
    qtbot.addWidget(first)
    show_active(qtbot, first)
    qtbot.keyClick(first, Qt.Key.Key_3, CTRL)
    first.resize(700, 520)  # within the offscreen 800×600 screen
    size = (first.width(), first.height())
    first.close()
    again = MainWindow(ws)
    qtbot.addWidget(again)
    assert again.views.currentIndex() == 2
    assert (again.width(), again.height()) == size


def test_the_revision_banner_and_readiness_follow_the_appearance(
    qapp: QApplication, qtbot: QtBot, window: MainWindow, dark: None
) -> None:
    """Switched to dark while the app runs: the banner and the readiness marks are drawn in
    the dark appearance's colours, as they would be had the app started dark."""
    plan = window.design.plan
    assert plan is not None and not window.ws.plan_used(plan.id)  # not yet rehearsed
    window.ws.start_rehearsal(plan.id)
    window.design.show_plan(None)
    window.reload(select_plan=plan.id)
    window.design.refresh_readiness()
    light = window.design.readiness.checks.item(0).icon().pixmap(16, 16).toImage()
    assert theme.LIGHT_COLORS.notice_background in window.design.banner.styleSheet()
    theme.apply_appearance(qapp, "dark")
    qapp.processEvents()
    assert theme.DARK_COLORS.notice_background in window.design.banner.styleSheet()
    assert theme.DARK_COLORS.notice_text in window.design.banner.styleSheet()
    marks = window.design.readiness.checks
    assert marks.count() > 0
    assert marks.item(0).icon().pixmap(16, 16).toImage() != light
