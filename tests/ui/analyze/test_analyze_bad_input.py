"""Issue 12 on screen: a plan with no slot is measured against its planned total, its legends
describe only the lines drawn, and bad input (no rehearsals, one step, rehearsals where no
step ran, no timed steps) shows a statement — no "nan" or "inf" in any label or cell."""

from __future__ import annotations

import pytest
from degenerate import CASES, build, finite_text
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel
from pytestqt.qtbot import QtBot
from qt_helpers import settled

from rehearsal import Workspace
from rehearsal.analysis import Against
from rehearsal_ui.analyze.view import AnalyzeView
from rehearsal_ui.shell.settings import Settings


def shown(qtbot: QtBot, ws: Workspace, plan_id: str) -> AnalyzeView:
    view = AnalyzeView(ws, Settings())
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    view.set_plan(plan_id)
    settled(qtbot, view)
    view.ensure_built()
    for i in range(view.tabs.count()):  # every tab drawn
        view.tabs.setCurrentIndex(i)
        settled(qtbot, view)
    return view


def texts(view: AnalyzeView) -> list[str]:
    """Every label's text and every table cell on the view, tabs not shown included."""
    found = [label.text() for label in view.findChildren(QLabel)]
    for table in view.findChildren(QAbstractItemView):
        model = table.model()
        if model is None:
            continue
        root = QModelIndex()
        for row in range(model.rowCount(root)):
            column = 0
            while (index := model.index(row, column, root)).isValid():
                value = index.data(Qt.ItemDataRole.DisplayRole)
                found.append("" if value is None else str(value))
                column += 1
    return found


@pytest.mark.parametrize("case", CASES)
def test_every_tab_says_it_plainly_with_no_nan(qtbot: QtBot, ws: Workspace, case: str) -> None:
    plan = build(ws, case)
    view = shown(qtbot, ws, plan.id)
    bad = [t for t in texts(view) if not finite_text(t)]
    assert not bad, bad
    on_empty_page = view.stack.currentWidget() is view.empty
    statement = view.empty.text()
    if case in ("no-rehearsals", "no-slot-no-rehearsals"):
        assert on_empty_page and "No finished rehearsals match" in statement
    elif case == "no-step-ran":
        assert on_empty_page and "No step ran in the 3 rehearsals that match" in statement
    elif case == "all-markers":
        assert on_empty_page and "This plan has no timed steps" in statement
    else:
        assert not on_empty_page
        risk = view.analysis.risk if view.analysis is not None else None
        assert risk is not None
        headline = view.risk.headline.text()
        if case == "all-zero":  # no empty chart without a word of why
            assert risk.against is Against.NOTHING and "nothing to overrun" in headline
            assert not view.risk.histogram.slot.isVisible()
            assert "no planned time to drift from" in view.drift.note.text()
            assert "No step with a planned time was observed" in view.spread.note.text()
            assert view.drift.canvas.isHidden() and not view.drift.note.isHidden()
        if not view.analysis.stolen:
            assert "No rehearsal (of 3) gave a non-negotiable" in view.stolen_frame.note.text()
        else:
            assert "chance of overrunning" in headline and risk.limit in headline


def test_without_a_slot_nothing_speaks_of_a_slot_line(qtbot: QtBot, ws: Workspace) -> None:
    plan = build(ws, "no-slot")
    view = shown(qtbot, ws, plan.id)
    histogram, drift, one = view.risk.histogram, view.drift, view.one
    assert view.analysis is not None and view.analysis.risk is not None
    assert view.analysis.risk.against is Against.PLAN
    # the risk: of the planned total, the line drawn there and named so
    assert "the planned 29:00 (no slot set)" in view.risk.headline.text()
    view.tabs.setCurrentIndex(2)
    qtbot.waitUntil(histogram.slot.isVisible)
    assert histogram.slot.value() == pytest.approx(plan.planned_s / 60)
    assert histogram.slot.label.format == "plan 29:00"
    assert "fits the plan" in histogram.legend.text()
    assert "planned total (no slot set)" in histogram.legend.text()
    assert "slot" not in histogram.legend.text().replace("no slot set", "")
    # the drift chart and the one rehearsal: no slot line, no legend of one
    assert not drift.slot.isVisible() and not one.slot.isVisible()
    for legend in (drift.legend.text(), one.legend.text()):
        assert "slot" not in legend.replace("no slot set", ""), legend
        assert "no slot set" in legend


def test_with_a_slot_every_legend_names_the_slot_line_drawn(qtbot: QtBot, ws: Workspace) -> None:
    plan = build(ws, "one-step")
    view = shown(qtbot, ws, plan.id)
    assert plan.slot_s == 600
    view.tabs.setCurrentIndex(1)
    qtbot.waitUntil(view.drift.slot.isVisible)
    assert "overruns the slot" in view.drift.legend.text()
    view.tabs.setCurrentIndex(3)
    qtbot.waitUntil(view.one.slot.isVisible)
    assert "end of the slot" in view.one.legend.text()
    view.tabs.setCurrentIndex(2)
    qtbot.waitUntil(view.risk.histogram.slot.isVisible)
    assert view.risk.histogram.slot.label.format == "slot 10:00"
    assert "end of the slot" in view.risk.histogram.legend.text()
    assert "the 10:00 slot" in view.risk.headline.text()
