"""Views refresh from what the workspace says changed, and only from that: an operation
made anywhere — another view, the core, a worker — leaves every view that shows something
affected current, without the main window calling anyone by hand."""

from __future__ import annotations

from pathlib import Path

from plans import small_draft
from pytestqt.qtbot import QtBot
from qt_helpers import show_active
from reviewing import recorded

from rehearsal import Workspace
from rehearsal_ui.main_window import MainWindow


def open_window(qtbot: QtBot, ws: Workspace) -> MainWindow:
    window = MainWindow(ws)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    return window


def test_a_review_note_made_elsewhere_shows_in_design_and_review(
    qtbot: QtBot, ws: Workspace
) -> None:
    rehearsal, flags = recorded(ws)
    window = open_window(qtbot, ws)
    window.review.show_rehearsal(rehearsal.id)
    segment = flags[0].segment_id
    assert segment is not None and window.design.model.open_items.count(segment) == 0
    shown_before = window.review.data
    ws.review.add_action_item(rehearsal.id, "flag", flags[0].id, title="Fix the poll link")
    assert window.design.model.open_items.count(segment) == 1  # the Design view's items
    assert window.review.data is not shown_before  # Review read it again
    assert window.review.data is not None
    assert [i.title for i in window.review.data.items] == ["Fix the poll link"]


def test_a_revision_made_by_the_core_is_listed_and_rehearse_follows(
    qtbot: QtBot, ws: Workspace
) -> None:
    plan = ws.add_plan(small_draft())
    window = open_window(qtbot, ws)
    assert window.design.plan is not None and window.design.plan.id == plan.id
    revisions = lambda: window.navigator.model().item(0).rowCount()  # noqa: E731
    before = revisions()
    newer = ws.new_revision(plan)
    qtbot.waitUntil(lambda: revisions() == before + 1)  # listed once the operation is over
    assert ws.plan(newer.id).revision == plan.revision + 1
    ws.start_rehearsal(plan.id, facilitator="Maya").abandon()
    qtbot.waitUntil(lambda: "Rehearsed 1 time" in window.rehearse.idle_hint.text())


def test_launch_rules_changed_elsewhere_change_design_readiness(
    qtbot: QtBot, ws: Workspace
) -> None:
    recorded(ws)
    window = open_window(qtbot, ws)
    report = window.design.readiness.report
    shown = window.design.plan
    assert report is not None and shown is not None and report.plan_id == shown.id
    ws.set_launch_rules(min_rehearsals=9)  # e.g. from the command line's `rehearsal rules`
    after = window.design.readiness.report
    assert after is not None and after != report
    assert any("9" in check.detail for check in after.checks)


def test_another_workspace_refreshes_every_view(
    qtbot: QtBot, ws: Workspace, tmp_path: Path
) -> None:
    rehearsal, _ = recorded(ws)
    window = open_window(qtbot, ws)
    window.review.show_rehearsal(rehearsal.id)
    assert window.review.rehearsal_id == rehearsal.id
    other = tmp_path / "other.rehearsal"
    assert window.open_workspace(other)
    assert window.review.rehearsal_id is None and window.design.plan is None
    assert window.rehearse.idle_title.text() == "Rehearse"
    window.ws.close()
