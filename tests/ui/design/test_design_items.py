"""The Design view shows the open action items on the segments they concern."""

from __future__ import annotations

import dataclasses

from plans import small_draft
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.model import ActionItem, Plan
from rehearsal_ui.design.segment_model import COL_ITEMS, OPEN_ITEMS_ROLE
from rehearsal_ui.design.view import DesignView

TOOLTIP = Qt.ItemDataRole.ToolTipRole
DISPLAY = Qt.ItemDataRole.DisplayRole


def flagged_item(ws: Workspace, plan: Plan) -> ActionItem:
    """A rehearsal of `plan` with a flag on its first segment, made an action item."""
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, clock=clock)
    run.next()
    clock.advance(30)
    flag = run.flag("tool launch", on_handoff=False)
    run.finish()
    return ws.review.add_action_item(run.rehearsal.id, "flag", flag.id, owner_role="producer")


def make_view(qtbot: QtBot, ws: Workspace, plan_id: str) -> DesignView:
    view = DesignView(ws)
    qtbot.addWidget(view)
    view.show_plan(plan_id)
    return view


def items_cell(view: DesignView, segment_id: str, role: int) -> object:
    row = view.model.row_of_segment(segment_id)
    assert row >= 0, segment_id
    return view.model.index(row, COL_ITEMS).data(role)


def test_open_item_shows_on_its_segment_until_fixed(qtbot: QtBot, ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    item = flagged_item(ws, plan)
    welcome, poll = plan.segments[0], plan.segments[1]
    assert item.segment_id == welcome.id
    view = make_view(qtbot, ws, plan.id)

    assert items_cell(view, welcome.id, OPEN_ITEMS_ROLE) == 1
    assert items_cell(view, poll.id, OPEN_ITEMS_ROLE) == 0
    assert "1" in str(items_cell(view, welcome.id, DISPLAY))
    assert items_cell(view, poll.id, DISPLAY) == ""
    tip = str(items_cell(view, welcome.id, TOOLTIP))
    rehearsal = ws.rehearsal(item.rehearsal_id)
    assert item.title in tip and "producer" in tip and rehearsal.created[:10] in tip

    view.select_segments([welcome.id])
    assert not view.detail.items_list.isHidden()
    assert item.title in view.detail.items_list.text()
    view.select_segments([poll.id])
    assert view.detail.items_list.isHidden()

    ws.review.mark_fixed(item.id, plan.id)
    view.refresh_items()
    assert items_cell(view, welcome.id, OPEN_ITEMS_ROLE) == 0
    assert items_cell(view, welcome.id, DISPLAY) == ""
    view.select_segments([welcome.id])
    assert view.detail.items_list.isHidden()


def test_items_follow_the_segment_to_a_later_revision(qtbot: QtBot, ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    item = flagged_item(ws, plan)
    renamed = dataclasses.replace(plan.segments[0], title="Welcome and sound check")
    later = ws.save_plan(dataclasses.replace(plan, segments=(renamed, *plan.segments[1:])))
    assert later.revision == plan.revision + 1 and later.id != plan.id
    view = make_view(qtbot, ws, later.id)

    assert items_cell(view, renamed.id, OPEN_ITEMS_ROLE) == 1
    assert item.title in str(items_cell(view, renamed.id, TOOLTIP))


def test_items_of_another_program_do_not_show(qtbot: QtBot, ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    other = ws.add_plan(small_draft("Module 2"))
    flagged_item(ws, other)
    view = make_view(qtbot, ws, plan.id)
    counts = [items_cell(view, s.id, OPEN_ITEMS_ROLE) for s in plan.segments]
    assert counts == [0] * len(plan.segments)


def test_edits_keep_the_items_and_a_new_item_shows_after_refresh(
    qtbot: QtBot, ws: Workspace
) -> None:
    plan = ws.add_plan(small_draft())
    flagged_item(ws, plan)
    view = make_view(qtbot, ws, plan.id)
    welcome = plan.segments[0]
    # An edit of the rehearsed plan makes revision 2 in the view; the item stays on it.
    view.model.setData(view.model.index(view.model.row_of_segment(welcome.id), 2), "Hello")
    assert view.plan is not None and view.plan.revision == plan.revision + 1
    assert items_cell(view, welcome.id, OPEN_ITEMS_ROLE) == 1

    second = flagged_item(ws, plan)
    assert items_cell(view, welcome.id, OPEN_ITEMS_ROLE) == 1  # not re-read per cell
    view.refresh_items()
    assert items_cell(view, welcome.id, OPEN_ITEMS_ROLE) == 2
    assert str(items_cell(view, welcome.id, TOOLTIP)).count(second.title) == 2


def test_an_item_on_a_hand_off_shows_on_the_segment_before_it(qtbot: QtBot, ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    poll, handoff = plan.segments[1], plan.transitions[0]
    assert handoff.after_segment_id == poll.id
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, clock=clock)
    for _ in range(3):  # Welcome, Poll, then the hand-off into the breakout
        run.next()
        clock.advance(20)
    flag = run.flag("breakout logistics", on_handoff=True)
    run.finish()
    ws.review.add_action_item(run.rehearsal.id, "flag", flag.id)
    view = make_view(qtbot, ws, plan.id)

    assert items_cell(view, poll.id, OPEN_ITEMS_ROLE) == 1
    assert "breakout logistics (on the hand-off after it)" in str(
        items_cell(view, poll.id, TOOLTIP)
    )
