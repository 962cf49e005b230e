"""The Review view, driven as a person would: the navigator, the timeline, the tables, the
dialogs and the main window's Undo/Redo — and checked in the workspace afterwards."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLineEdit, QMenu
from pytestqt.qtbot import QtBot
from qt_helpers import show_active

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.demo import write_demo
from rehearsal.durations import format_signed
from rehearsal.exchange.packs import export_pack, import_pack
from rehearsal.model import FlagStatus, Severity
from rehearsal.rehearsing.figures import run_line
from rehearsal.rehearsing.timing import live_steps, replay
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.navigator import REHEARSAL_ROLE
from rehearsal_ui.review.dialogs import AnnotationDialog, ConflictsDialog, FlagEditor
from rehearsal_ui.review.table import ID_ROLE, StepTableModel, selected_id
from rehearsal_ui.review.timeline import ACTUAL_Y, FLAG_Y, Hit, ReviewTimeline
from rehearsal_ui.review.view import ReviewView
from rehearsal_ui.shell import theme
from rehearsal_ui.shell.theme import semantic_colors

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier
OK = QDialogButtonBox.StandardButton.Ok


@dataclass(frozen=True)
class Recorded:
    rehearsal_id: str
    flag_id: str
    started_ns: int


def record(ws: Workspace) -> Recorded:
    """A finished dry run of the small plan: Welcome over by 20 s, Poll flagged, paused and
    retried, the "Open rooms" hand-off over by 80 s, Breakout under, Close over by 10 s."""
    plan = ws.plans(ws.programs()[0].id)[-1]
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, clock=clock, facilitator="Maya Chen", producer="Sam")
    run.next()  # Welcome, 5:00 planned
    clock.advance(320)
    run.next()  # Poll, 4:00 planned
    clock.advance(90)
    flag = run.flag("tool launch", note="Poll not found", severity="high", on_handoff=False)
    run.pause("tech")
    clock.advance(30)
    run.resume()
    clock.advance(40)
    run.retry()  # Poll again from the start
    clock.advance(200)
    run.next()  # Open rooms, 2:00 allowed
    clock.advance(200)
    run.next()  # Breakout, 15:00 planned
    clock.advance(880)
    run.next()  # Close, 3:00 planned
    clock.advance(190)
    run.finish()
    events = ws.events(run.rehearsal.id)
    started = replay(live_steps(plan), events).started_ns
    assert started == events[0].at_ns  # the run starts at its first mark
    return Recorded(run.rehearsal.id, flag.id, started)


def review(qtbot: QtBot, window: MainWindow) -> ReviewView:
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    assert window.views.currentWidget() is window.review_page
    return window.review


def navigate_to(window: MainWindow, rehearsal_id: str) -> None:
    """Choose the rehearsal's row in the navigator, as a click would."""
    window.reload()
    model = window.tree
    for p in range(model.rowCount()):
        for r in range(model.item(p).rowCount()):
            plan_item = model.item(p).child(r)
            for c in range(plan_item.rowCount()):
                if plan_item.child(c).data(REHEARSAL_ROLE) == rehearsal_id:
                    window.navigator.setCurrentIndex(plan_item.child(c).index())
                    return
    raise AssertionError("the rehearsal is not in the navigator")


@pytest.fixture
def recorded(window: MainWindow) -> Recorded:
    made = record(window.ws)
    navigate_to(window, made.rehearsal_id)
    return made


def click_ok(qtbot: QtBot, dialog: object) -> None:
    button = dialog.buttons.button(OK)  # type: ignore[attr-defined]
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def plot_point(timeline: ReviewTimeline, x: float, y: float) -> QPoint:
    """Where a chart point (minutes, row) is on the plot widget."""
    scene = timeline.view.mapViewToScene(QPointF(x, y))
    return timeline.plot.mapFromScene(scene)


def table_titles(view: ReviewView) -> list[str]:
    model = view.steps.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


# -- following the navigator ---------------------------------------------------------------
def test_a_rehearsal_row_in_the_navigator_shows_it_in_review(
    qtbot: QtBot, window: MainWindow, recorded: Recorded
) -> None:
    view = window.review
    assert window.views.currentWidget() is window.review_page
    assert view.rehearsal_id == recorded.rehearsal_id
    assert view.picker.currentData() == recorded.rehearsal_id
    label = view.picker.currentText()
    assert "Dry run" in label and "Maya Chen" in label and label.endswith("· complete")
    summary = window.ws.rehearsal_summary(recorded.rehearsal_id)
    assert run_line(summary.totals) in view.headline.text()


def test_a_plan_never_rehearsed_says_so_instead_of_an_empty_chart(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = review(qtbot, window)
    assert view.pages.currentWidget() is view.empty
    assert "not been rehearsed" in view.empty.text()
    assert view.timeline.data is None and not view.timeline.actual.blocks
    assert not view.picker.isEnabled()
    plan = window.ws.plans(window.ws.programs()[0].id)[-1]
    armed = window.ws.start_rehearsal(plan.id, clock=FakeClock())
    armed.abandon()  # abandoned before the first segment
    window.reload()
    assert view.picker.count() == 1
    assert "never started" in view.empty.text()


# -- the timeline --------------------------------------------------------------------------
def test_the_timeline_plots_every_attempt_pause_flag_and_annotation(
    qtbot: QtBot, window: MainWindow, recorded: Recorded
) -> None:
    ws, view = window.ws, window.review
    summary = ws.rehearsal_summary(recorded.rehearsal_id)
    first = summary.segments[0]
    note = ws.review.annotate(recorded.rehearsal_id, "Late joiners", segment_id=first.id)
    view.refresh()
    timeline = view.timeline
    actual = [b for b in timeline.actual.blocks if b.kind in ("attempt", "earlier")]
    assert len(actual) == sum(len(s.attempts) for s in summary.segments)  # retries included
    earlier = [b for b in actual if b.kind == "earlier"]
    assert [b.text for b in earlier] == ["attempt 1"]
    assert len(timeline.planned.blocks) == len(summary.segments)
    colours = semantic_colors()
    for step, block in zip(
        summary.segments, [b for b in actual if b.kind == "attempt"], strict=True
    ):
        assert block.subtext == format_signed(step.over_s)  # "+1:20" written on the block
        over = (step.over_s or 0) > 0.5
        assert block.fill.name() == (colours.danger if over else colours.ok)
        assert (block.hatch_from is not None) == over  # the time beyond the plan hatched
    pauses = [b for b in timeline.actual.blocks if b.kind == "pause"]
    state = replay(live_steps(summary.plan), ws.events(recorded.rehearsal_id))
    assert [(b.x0, b.text) for b in pauses] == [
        ((p.start_ns - recorded.started_ns) / 60e9, f"pause · {p.reason}") for p in state.pauses
    ]
    flag = ws.review.flag(recorded.flag_id)
    marks = {m.key: m for m in timeline.marks.marks}
    assert marks[f"flag:{flag.id}"].x == (flag.at_ns - recorded.started_ns) / 60e9
    welcome_start = (state.attempts[0][0].start_ns - recorded.started_ns) / 60e9
    assert marks[f"annotation:{note.id}"].x == welcome_start  # no time: the segment's start


def test_the_timeline_turns_dark_with_the_appearance(
    qapp: QApplication, qtbot: QtBot, window: MainWindow, recorded: Recorded, dark: None
) -> None:
    timeline = window.review.timeline
    light_base = qapp.palette().color(QPalette.ColorRole.Base)
    assert timeline.plot.backgroundBrush().color() == light_base
    theme.apply_appearance(qapp, "dark")  # as Preferences does: no restart
    qapp.processEvents()
    base = qapp.palette().color(QPalette.ColorRole.Base)
    text = qapp.palette().color(QPalette.ColorRole.Text)
    assert base != light_base
    assert timeline.plot.backgroundBrush().color() == base
    axis = timeline.plot.getPlotItem().getAxis("bottom")
    assert axis.textPen().color() == text
    pause = next(b for b in timeline.actual.blocks if b.kind == "pause")
    assert pause.fill is not None and pause.fill.rgb() == base.rgb()  # shaded with the base
    assert pause.text_colour == text
    assert timeline.legend.colours == theme.semantic_colors()


def test_clicking_the_timeline_selects_the_row_and_the_table_selects_on_the_timeline(
    qtbot: QtBot, window: MainWindow, recorded: Recorded
) -> None:
    view = window.review
    timeline = view.timeline
    breakout = next(b for b in timeline.actual.blocks if b.text == "Breakout")
    where = plot_point(timeline, (breakout.x0 + breakout.x1) / 2, sum(ACTUAL_Y) / 2)
    qtbot.mouseClick(timeline.plot.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert view.tabs.currentIndex() == 0
    assert view.steps.currentIndex().siblingAtColumn(0).data() == "Breakout"
    assert timeline.selected is not None and timeline.selected.kind == "step"

    flag = window.ws.review.flag(recorded.flag_id)
    where = plot_point(timeline, (flag.at_ns - recorded.started_ns) / 60e9, FLAG_Y)
    qtbot.mouseMove(timeline.plot.viewport(), where)  # hovering explains it
    qtbot.waitUntil(lambda: "Poll not found" in timeline.details.text())
    qtbot.mouseClick(timeline.plot.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert view.tabs.currentIndex() == 1 and selected_id(view.flags) == flag.id
    assert "tool launch" in timeline.details.text() and "high" in timeline.details.text()

    view.tabs.setCurrentIndex(0)
    qtbot.mouseClick(
        view.steps.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.steps.visualRect(view.steps.model().index(0, 0)).center(),
    )
    assert timeline.selected is not None and timeline.selected.id == "0"
    assert "Welcome" in timeline.details.text() and "planned 5:00" in timeline.details.text()


def test_the_time_axis_zooms_and_fits_and_the_rows_stay_put(
    qtbot: QtBot, window: MainWindow, recorded: Recorded
) -> None:
    timeline = window.review.timeline
    (x0, x1), (y0, y1) = timeline.view.viewRange()
    assert x0 <= 0 and x1 >= timeline.data.span_min  # type: ignore[union-attr]
    timeline.plot.setFocus()
    qtbot.keyClick(timeline.plot, Qt.Key.Key_Right)  # the first step
    qtbot.keyClick(timeline.plot, Qt.Key.Key_Plus)
    (z0, z1), (w0, w1) = timeline.view.viewRange()
    assert z1 - z0 < (x1 - x0) * 0.6 and (w0, w1) == (y0, y1)
    assert not timeline.view.state["mouseEnabled"][1]  # the rows never move
    qtbot.keyClick(window, Qt.Key.Key_0, CTRL)  # Fit
    assert timeline.view.viewRange()[0] == pytest.approx([x0, x1])


# -- the table -----------------------------------------------------------------------------
def test_worst_first_and_headers_sort_by_the_numbers(
    qtbot: QtBot, qtmodeltester: object, window: MainWindow, recorded: Recorded
) -> None:
    view = window.review
    qtmodeltester.check(view.steps_model)  # type: ignore[attr-defined]
    summary = window.ws.rehearsal_summary(recorded.rehearsal_id)
    running_order = [s.title for s in summary.segments]
    assert table_titles(view) == running_order
    qtbot.mouseClick(view.worst_first, Qt.MouseButton.LeftButton)
    worst = sorted(summary.segments, key=lambda s: s.over_s or 0, reverse=True)
    assert table_titles(view) == [s.title for s in worst]
    assert table_titles(view)[0] == "Open rooms"  # the hand-off ran 1:20 over
    col = view.steps.model().index(0, StepTableModel.COL_OVER)
    assert col.data() == "+1:20"
    qtbot.mouseClick(view.worst_first, Qt.MouseButton.LeftButton)
    assert table_titles(view) == running_order
    header = view.steps.horizontalHeader()
    planned_x = header.sectionViewportPosition(StepTableModel.COL_PLANNED) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(planned_x, 5))
    by_planned = sorted(summary.segments, key=lambda s: s.planned_s)
    assert table_titles(view) == [s.title for s in by_planned]  # 15:00 after 4:00
    assert not view.worst_first.isChecked()


def test_targets_adjusted_live_show_beside_the_plan_and_say_why(
    qtbot: QtBot, window: MainWindow
) -> None:
    ws = window.ws
    plan = ws.plans(ws.programs()[0].id)[-1]
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, clock=clock)
    run.next()
    clock.advance(400)
    run.next()
    run.adjust_target(run.steps[1].id, 180, "behind 2:40")
    clock.advance(170)
    run.finish()
    navigate_to(window, run.rehearsal.id)
    view = window.review
    planned = view.steps.model().index(1, StepTableModel.COL_PLANNED)
    assert planned.data() == "4:00 → 3:00"
    why = "Adjusted live: target 4:00 → 3:00, accepted live at 0:06:40: behind 2:40"
    assert planned.data(Qt.ItemDataRole.ToolTipRole) == why
    over = view.steps.model().index(1, StepTableModel.COL_OVER)
    assert over.data() == "\u22121:10"  # against the plan's 4:00
    assert over.data(Qt.ItemDataRole.ToolTipRole) == (
        "\u22121:10 under the plan (\u22120:10 against the target adjusted live)"
    )
    assert why in view.timeline.describe(Hit("step", "1"))
    assert "Adjusted live" not in view.timeline.describe(Hit("step", "0"))
    assert view.steps.model().index(0, StepTableModel.COL_PLANNED).data() == "5:00"


# -- annotations ---------------------------------------------------------------------------
def test_add_an_annotation_by_keyboard_then_undo_and_redo_it(
    qtbot: QtBot, window: MainWindow, recorded: Recorded
) -> None:
    ws, view = window.ws, window.review
    view.tabs.setCurrentIndex(0)
    view.take_focus()
    assert selected_id(view.steps) == "0"  # Welcome, to start from
    qtbot.keyClick(view.steps, Qt.Key.Key_Down)  # Poll
    qtbot.keyClick(window, Qt.Key.Key_A, CTRL_SHIFT)
    dialog = view.controller.dialog
    assert isinstance(dialog, AnnotationDialog) and dialog.on_segment.isChecked()
    assert not dialog.buttons.button(OK).isEnabled()  # no text yet
    qtbot.keyClicks(dialog.text, "Poll list hard to find")
    dialog.author.clear()
    qtbot.keyClicks(dialog.author, "Priya")
    click_ok(qtbot, dialog)
    [note] = ws.review.annotations(recorded.rehearsal_id)
    poll = ws.rehearsal_summary(recorded.rehearsal_id).segments[1]
    assert (note.text, note.author, note.segment_id) == ("Poll list hard to find", "Priya", poll.id)
    assert view.notes_model.rowCount() == 1 and view.tabs.currentIndex() == 2
    assert window.commands.undo.text() == "&Undo Add annotation"

    window.commands.undo.trigger()
    assert ws.review.annotations(recorded.rehearsal_id) == []
    window.commands.redo.trigger()
    assert [a.id for a in ws.review.annotations(recorded.rehearsal_id)] == [note.id]
    deleted = [e.value for e in ws.review.history("annotation", note.id, "deleted")]
    assert deleted == [True, False]  # undo and redo are edits, kept in the history

    qtbot.keyClick(window, Qt.Key.Key_A, CTRL_SHIFT)  # remembered: the author is prefilled
    assert view.controller.dialog is not None and view.controller.dialog.author.text() == "Priya"  # type: ignore[attr-defined]
    view.controller.dialog.reject()


def test_annotate_here_from_the_timeline_menu_at_the_clicked_time(
    qtbot: QtBot, window: MainWindow, recorded: Recorded, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMenu, "popup", lambda *_args: None)  # offscreen menus cannot grab keys
    ws, view = window.ws, window.review
    timeline = view.timeline
    where = plot_point(timeline, 12.0, 0.3)  # an empty spot in the annotations row
    qtbot.mouseClick(timeline.plot.viewport(), Qt.MouseButton.RightButton, pos=where)
    assert view.menu is not None
    annotate_here = view.menu.actions()[0]
    assert annotate_here.text().startswith("Annotate here (12:")
    annotate_here.trigger()
    dialog = view.controller.dialog
    assert isinstance(dialog, AnnotationDialog) and dialog.at_moment.isChecked()
    qtbot.keyClicks(dialog.text, "Energy dipped here")
    click_ok(qtbot, dialog)
    [note] = ws.review.annotations(recorded.rehearsal_id)
    assert note.segment_id is None
    assert (note.at_ns - recorded.started_ns) / 60e9 == pytest.approx(12.0, abs=0.05)


def test_edit_and_delete_an_annotation(
    qtbot: QtBot, window: MainWindow, recorded: Recorded
) -> None:
    ws, view = window.ws, window.review
    note = ws.review.annotate(recorded.rehearsal_id, "First thought", at_ns=recorded.started_ns)
    view.refresh()
    view.tabs.setCurrentIndex(2)
    view.take_focus()
    qtbot.keyClick(view.notes, Qt.Key.Key_Return)
    dialog = view.controller.dialog
    assert isinstance(dialog, AnnotationDialog) and dialog.text.toPlainText() == "First thought"
    dialog.text.selectAll()
    qtbot.keyClicks(dialog.text, "Second thought")
    click_ok(qtbot, dialog)
    assert ws.review.annotation(note.id).text == "Second thought"
    assert [e.field for e in ws.review.history("annotation", note.id)] == ["text"]  # only that
    qtbot.keyClick(view.notes, Qt.Key.Key_Delete)
    assert ws.review.annotations(recorded.rehearsal_id) == []
    window.commands.undo.trigger()  # the deletion
    window.commands.undo.trigger()  # the edit
    assert ws.review.annotation(note.id).text == "First thought"
    assert [a.id for a in ws.review.annotations(recorded.rehearsal_id)] == [note.id]


# -- flags ---------------------------------------------------------------------------------
def test_edit_a_flag_changes_only_what_changed_and_undo_is_itself_an_edit(
    qtbot: QtBot, window: MainWindow, recorded: Recorded
) -> None:
    ws, view = window.ws, window.review
    before = ws.review.flag(recorded.flag_id)
    view.tabs.setCurrentIndex(1)
    view.take_focus()
    qtbot.keyClick(view.flags, Qt.Key.Key_Return)
    dialog = view.controller.dialog
    assert isinstance(dialog, FlagEditor)
    assert dialog.seconds_lost.text() == "not known" and not dialog.revision.isEnabled()
    dialog.severity.setCurrentIndex(dialog.severity.findData("low"))
    dialog.seconds_lost.setValue(45)
    dialog.status.setCurrentIndex(dialog.status.findData("fixed"))
    assert dialog.revision.isEnabled()
    dialog.author.clear()
    qtbot.keyClicks(dialog.author, "Sam")
    click_ok(qtbot, dialog)
    after = ws.review.flag(recorded.flag_id)
    assert (after.severity, after.seconds_lost, after.status) == (
        Severity.LOW,
        45,
        FlagStatus.FIXED,
    )
    assert after.fixed_in_revision == 1 and after.category == before.category
    edited = {e.field for e in ws.review.history("flag", after.id)}
    assert edited == {"severity", "seconds_lost", "status", "fixed_in_revision"}
    assert view.flags_model.index(0, 5).data() == "Fixed in revision 1"
    assert window.commands.undo.text() == "&Undo Edit flag"

    window.commands.undo.trigger()
    assert ws.review.flag(recorded.flag_id) == before
    history = ws.review.history("flag", after.id, "severity")
    assert [e.value for e in history] == ["low", "high"] and history[-1].replaces == (
        history[0].id,
    )
    window.commands.redo.trigger()
    assert ws.review.flag(recorded.flag_id) == after


def test_undo_follows_the_current_view(
    qtbot: QtBot, window: MainWindow, recorded: Recorded
) -> None:
    ws, view = window.ws, window.review
    view.tabs.setCurrentIndex(1)
    view.take_focus()
    view.edit_flag()
    assert isinstance(view.controller.dialog, FlagEditor)
    view.controller.dialog.note.setPlainText("Poll buried in the list")
    click_ok(qtbot, view.controller.dialog)
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)  # Design: its own (empty) history
    assert not window.commands.undo.isEnabled() and window.commands.undo.text() == "&Undo"
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    assert window.commands.undo.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert ws.review.flag(recorded.flag_id).note == "Poll not found"
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL_SHIFT)
    assert ws.review.flag(recorded.flag_id).note == "Poll buried in the list"


# -- the debrief ---------------------------------------------------------------------------
def test_debrief_answers_save_on_ctrl_enter_and_on_leaving_the_box(
    qtbot: QtBot, window: MainWindow, recorded: Recorded
) -> None:
    ws, view = window.ws, window.review
    rid = recorded.rehearsal_id
    view.tabs.setCurrentWidget(view.debrief)
    form = view.debrief
    form.answered_by.setFocus()
    form.answered_by.clear()
    qtbot.keyClicks(form.answered_by, "Maya Chen")
    box = form.boxes["slowed_learners"]
    box.setFocus()
    qtbot.keyClicks(box, "Finding the poll")
    qtbot.keyClick(box, Qt.Key.Key_Return, CTRL)
    found = ws.review.debrief(rid).answer("slowed_learners")
    assert found is not None and (found.answer, found.answered_by) == (
        "Finding the poll",
        "Maya Chen",
    )
    assert form.status["slowed_learners"].text().startswith("Answered by Maya Chen · ")
    assert view.tabs.tabText(3) == "&Debrief (1/6)"

    other = form.boxes["changes_next"]
    other.setFocus()
    qtbot.keyClicks(other, "Pin the poll")
    qtbot.keyClick(other, Qt.Key.Key_Tab)  # leaving the box saves it
    assert ws.review.debrief(rid).answer("changes_next") is not None
    edits = len(ws.review.edits(rid))
    other.setFocus()
    qtbot.keyClick(other, Qt.Key.Key_Tab)  # unchanged: nothing new is written
    assert len(ws.review.edits(rid)) == edits

    window.commands.undo.trigger()
    assert ws.review.debrief(rid).answer("changes_next") is None
    assert other.toPlainText() == ""


# -- action items --------------------------------------------------------------------------
def test_action_items_from_a_flag_and_an_answer_owner_status_fixed_in_revision(
    qtbot: QtBot, window: MainWindow, recorded: Recorded
) -> None:
    ws, view = window.ws, window.review
    rid = recorded.rehearsal_id
    view.tabs.setCurrentIndex(1)
    view.take_focus()
    qtbot.mouseClick(view.flag_item_button, Qt.MouseButton.LeftButton)
    [item] = ws.review.action_items(rid)
    assert (item.source_kind.value, item.source_id, item.owner_role) == (
        "flag",
        recorded.flag_id,
        "producer",
    )
    assert view.tabs.currentWidget() is view.items and view.items.current_id() == item.id
    table = view.items.table

    owner = table.model().index(0, 1)
    table.setCurrentIndex(owner)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.findChild(QComboBox)
    assert editor is not None and editor.isEditable()
    editor.setCurrentText("lead")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next loop turn
    qtbot.waitUntil(lambda: ws.review.action_item(item.id).owner_role == "lead")

    status = table.model().index(0, 2)
    table.setCurrentIndex(status)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = next(c for c in table.findChildren(QComboBox) if not c.isEditable())
    plan = ws.plans(ws.programs()[0].id)[-1]
    editor.setCurrentIndex(editor.findText(f"Fixed in revision {plan.revision}"))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ws.review.action_item(item.id).status is FlagStatus.FIXED)
    fixed = ws.review.action_item(item.id)
    assert (fixed.status, fixed.fixed_in_plan) == (FlagStatus.FIXED, plan.id)
    assert ws.review.flag(recorded.flag_id).fixed_in_revision == plan.revision
    assert window.commands.undo.text() == f"&Undo Mark fixed in revision {plan.revision}"
    window.commands.undo.trigger()
    assert ws.review.action_item(item.id).status is FlagStatus.OPEN
    assert ws.review.flag(recorded.flag_id).status is FlagStatus.OPEN

    view.tabs.setCurrentWidget(view.debrief)
    box = view.debrief.boxes["changes_next"]
    box.setFocus()
    qtbot.keyClicks(box, "Pin the poll at the top")
    qtbot.keyClick(box, Qt.Key.Key_M, CTRL_SHIFT)  # Make action item from this answer
    items = ws.review.action_items(rid)
    assert [(i.source_kind.value, i.title) for i in items][-1] == (
        "debrief",
        "Pin the poll at the top",
    )
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert len(ws.review.action_items(rid)) == 1
    window.commands.undo.trigger()
    assert len(ws.review.action_items(rid)) == 2


# -- conflicts and errors ------------------------------------------------------------------
def test_conflicts_show_a_banner_and_are_settled_from_its_dialog(
    qtbot: QtBot, window: MainWindow, recorded: Recorded, tmp_path: Path
) -> None:
    ws, view = window.ws, window.review
    rid = recorded.rehearsal_id
    with Workspace.open(tmp_path / "laptop.rehearsal") as laptop:
        import_pack(laptop, export_pack(ws, rid, tmp_path / "full.pack"))
        laptop.review.edit_flag(recorded.flag_id, severity="medium", author="Priya")
        ws.review.edit_flag(recorded.flag_id, severity="low", author="Sam")
        import_pack(ws, export_pack(laptop, rid, tmp_path / "notes.pack", scope="annotations"))
    view.refresh()
    assert view.banner.isVisible()
    assert view.banner_text.text().startswith("1 edit conflicts with edits made elsewhere")
    qtbot.mouseClick(view.banner_button, Qt.MouseButton.LeftButton)
    dialog = view.controller.dialog
    assert isinstance(dialog, ConflictsDialog)
    [conflict] = ws.review.conflicts(rid)
    [other] = conflict.losers
    qtbot.mouseClick(dialog.use_buttons[0], Qt.MouseButton.LeftButton)
    assert ws.review.conflicts(rid) == []
    assert ws.review.flag(recorded.flag_id).severity.value == other.value
    assert not view.banner.isVisible()


def test_a_refused_edit_is_explained_not_raised(
    qtbot: QtBot, window: MainWindow, recorded: Recorded
) -> None:
    ws, view = window.ws, window.review
    item = ws.review.add_action_item(recorded.rehearsal_id, "flag", recorded.flag_id)
    view.refresh()
    view.tabs.setCurrentWidget(view.items)
    with qtbot.waitSignal(view.message) as told:
        view.items.model.setData(view.items.model.index(0, 0), "   ")  # an empty title
    assert "cannot be empty" in told.args[0]
    assert view.error_box is not None and "cannot be empty" in view.error_box.text()
    assert ws.review.action_item(item.id).title == item.title
    assert not view.undo_stack.canUndo()
    view.error_box.close()


# -- the demo ------------------------------------------------------------------------------
def test_the_demo_review_shows_its_rehearsals(qtbot: QtBot, tmp_path: Path) -> None:
    with Workspace.open(write_demo(tmp_path / "demo.rehearsal")) as ws:
        window = MainWindow(ws)
        qtbot.addWidget(window)
        show_active(qtbot, window)
        view = review(qtbot, window)
        latest = ws.plans(ws.programs()[0].id)[-1]
        assert view.picker.count() == len(ws.rehearsals(latest.id))
        for index in range(view.picker.count()):
            view.picker.setCurrentIndex(index)
            rid = view.picker.currentData()
            flags = ws.review.flags(rid)
            assert [m.key for m in view.timeline.marks.marks if m.kind == "flag"] == [
                f"flag:{f.id}" for f in flags
            ]
            assert view.flags_model.rowCount() == len(flags)
            ids = {view.steps.model().index(r, 0).data(ID_ROLE) for r in range(len(view.data.rows))}  # type: ignore[union-attr]
            assert len(ids) == len(ws.rehearsal_summary(rid).segments)
        answers = ws.review.debrief(view.picker.currentData()).answers
        shown = [k for k, box in view.debrief.boxes.items() if box.toPlainText()]
        assert shown == [a.question for a in answers]
        window.close()


def test_the_author_field_of_the_debrief_is_remembered(
    qtbot: QtBot, window: MainWindow, recorded: Recorded
) -> None:
    view = window.review
    field: QLineEdit = view.debrief.answered_by
    field.setFocus()
    field.clear()
    qtbot.keyClicks(field, "Jordan")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert view.controller.author == "Jordan"
    again = ReviewView(window.ws, window.settings)
    qtbot.addWidget(again)
    assert again.controller.author == "Jordan"
