from __future__ import annotations

from plans import small_draft
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from qt_helpers import show_active

from rehearsal import Workspace
from rehearsal.plans import editor as ops
from rehearsal.plans.readiness import CheckKey
from rehearsal_ui.design.revision_history import RevisionHistory
from rehearsal_ui.main_window import MainWindow


def test_readiness_panel_jumps_to_the_offending_segment(qtbot: QtBot, ws: Workspace) -> None:
    draft = small_draft()
    poll, breakout = draft.segments[1], draft.segments[2]  # interactions without cues
    ws.add_plan(draft)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    panel = window.design.readiness
    report = panel.report
    assert report is not None and not report.ready
    cues = report.check(CheckKey.PRODUCER_CUES)
    assert not cues.passed and cues.segment_ids == (poll.id, breakout.id)
    row = [c.key for c in report.checks].index(CheckKey.PRODUCER_CUES)
    item = panel.checks.item(row)
    window.design.toggle_section(poll.section_id or "")  # folded: the jump must unfold it
    rect = panel.checks.visualItemRect(item)
    qtbot.mouseClick(panel.checks.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.design.selected_ids() == [poll.id, breakout.id]
    assert not window.design.table.isRowHidden(window.design.model.row_of_segment(poll.id))
    # Filling in the poll's cues through the detail panel leaves only the breakout.
    window.design.select_segments([poll.id])
    cue_field = window.design.detail.texts["producer_cues"]
    cue_field.setFocus()
    qtbot.keyClicks(cue_field, "Launch the poll on cue")
    window.design.table.setFocus()
    # The panel refreshes just after the edit, off the edit's critical path.
    qtbot.waitUntil(
        lambda: (
            panel.report is not None
            and panel.report.check(CheckKey.PRODUCER_CUES).segment_ids == (breakout.id,)
        )
    )


def test_revision_history_shows_what_changed(qtbot: QtBot, ws: Workspace) -> None:
    first = ws.add_plan(small_draft())
    ws.start_rehearsal(first.id)
    welcome, _poll, breakout, close = first.segments
    edited = ops.update_segment(first, breakout.id, planned_s=1200)
    edited = ops.add_segment(edited, close.id, title="Evaluation")
    second = ws.save_plan(ops.delete_segments(edited, [welcome.id]))
    dialog = RevisionHistory(ws, first.program_id, new_plan_id=second.id)
    qtbot.addWidget(dialog)
    assert dialog.old_choice.currentData() == first.id
    assert dialog.new_choice.currentData() == second.id
    text = dialog.summary.text()
    assert "1 added" in text and "1 removed" in text and "1 re-timed" in text
    rows = {
        dialog.table.item(r, 0).text() or dialog.table.item(r, 3).text(): dialog.table.item(
            r, 2
        ).text()
        for r in range(dialog.table.rowCount())
    }
    assert rows["Welcome"] == "removed"
    assert rows["Evaluation"] == "added"
    assert rows["Breakout"] == "re-timed +5:00"
    assert rows["Poll"] == ""
    dialog.old_choice.setCurrentIndex(1)  # the same revision on both sides
    assert dialog.summary.text().startswith("No differences.")


def test_revision_history_opens_on_the_previous_against_the_current(
    qtbot: QtBot, ws: Workspace
) -> None:
    first = ws.add_plan(small_draft())
    second = ws.new_revision(ops.update_segment(first, first.segments[0].id, planned_s=360))
    third = ws.new_revision(ops.update_segment(second, first.segments[1].id, planned_s=300))
    window = MainWindow(ws)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    opened = []
    for shown in (third, second, first):
        window.reload(select_plan=shown.id)
        assert window.design.plan is not None and window.design.plan.id == shown.id
        dialog = window.show_history()
        assert dialog is not None and dialog.isVisible()
        opened.append((dialog.old_choice.currentData(), dialog.new_choice.currentData()))
        assert "0 rehearsals)" in dialog.old_choice.currentText()
        dialog.close()
    # the shown revision against the one before it; the first against the second
    assert opened == [(second.id, third.id), (first.id, second.id), (first.id, second.id)]
