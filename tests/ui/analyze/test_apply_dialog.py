"""The dialog before a re-timing becomes the next revision: every change the core suggests,
non-negotiables marked, the new total against the slot (or the plan, without one), the
evidence; OK accepts, Cancel and Escape change nothing, all by keyboard."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot
from qt_helpers import show_active

from rehearsal import Workspace
from rehearsal.analysis import Observations, Retiming, RunInfo, observations, suggest
from rehearsal.analysis.observations import plan_steps
from rehearsal.demo import write_demo
from rehearsal.durations import format_duration, format_signed
from rehearsal.model import Plan, RunTotals, Segment
from rehearsal_ui.analyze.apply_dialog import HEADERS, ApplyRetimingDialog


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.open(write_demo(tmp_path / "d.rehearsal")) as ws:
        yield ws


def first_revision(ws: Workspace) -> Retiming:
    """The demo's revision 1 re-timed: its non-negotiable breakout is lengthened."""
    plan = ws.plans(ws.programs()[0].id)[0]
    return suggest(observations(ws, plan.id), rule="p80")


def shown(qtbot: QtBot, retiming: Retiming) -> ApplyRetimingDialog:
    dialog = ApplyRetimingDialog(retiming, next_revision=3, revision=1)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    return dialog


def test_every_change_is_shown_with_its_limit_and_the_evidence(
    qtbot: QtBot, demo: Workspace
) -> None:
    retiming = first_revision(demo)
    assert retiming.enough and any(s.step.non_negotiable for s in retiming.changed)
    dialog = shown(qtbot, retiming)
    assert dialog.table.rowCount() == len(retiming.changed)
    for i, s in enumerate(retiming.changed):
        assert dialog.cell(i, "Step") == s.step.title
        assert (dialog.cell(i, "Design") == "non-negotiable") == s.step.non_negotiable
        assert dialog.cell(i, "Planned") == format_duration(s.planned_s)
        assert dialog.cell(i, "Suggested") == format_duration(s.suggested_s)
        assert dialog.cell(i, "Change") == format_signed(s.change_s)
        assert dialog.cell(i, "Limit applied") == (s.reason or "—")
        item = dialog.table.item(i, 0)
        assert item is not None and item.font().bold() == s.step.non_negotiable
    assert retiming.described in dialog.evidence.text()
    assert "80th percentile of actuals" in dialog.evidence.text()
    slot = retiming.slot_s
    assert slot is not None
    total = dialog.total.text()
    assert f"New total {format_duration(retiming.suggested_total_s)}" in total
    assert f"against the {format_duration(slot)} slot" in total
    spare_or_over = retiming.suggested_total_s - slot
    assert format_duration(abs(spare_or_over)) in total
    assert ("over the slot" in total) == (spare_or_over > 0)
    assert "Revision 3" in dialog.intro.text() and "revision 1 stays" in dialog.intro.text()


def held(runs: int = 3) -> Retiming:
    """A plan whose re-timing meets every limit: Welcome (flexible 4:00–7:00) runs 8:20,
    Discussion (10:00) 0:20, the non-negotiable Breakout (6:00) 8:20."""
    segs = (
        Segment("a", "Welcome", 300, flex_min_s=240, flex_max_s=420),
        Segment("b", "Discussion", 600),
        Segment("c", "Breakout", 360, non_negotiable=True),
    )
    plan = Plan("p", "prog", 1, "2026-01-01", slot_s=1500, segments=segs)
    totals = RunTotals(0.0, 0.0, 0.0, 0, 0.0, 3, 3, True, 0, False)
    info = tuple(
        RunInfo(f"r{i}", "p", 1, "dry-run", "2026-01-02", (), "", "", "", totals)
        for i in range(runs)
    )
    grid = np.tile(np.array([500.0, 20.0, 500.0]), (runs, 1))
    obs = Observations(
        plan, plan_steps(plan), info, grid, np.zeros_like(grid), np.ones((runs, 3), dtype=np.int64)
    )
    return suggest(obs, rule="median")


def test_the_limit_that_held_each_step_is_named(qtbot: QtBot) -> None:
    retiming = held()
    dialog = shown(qtbot, retiming)
    rows = [tuple(dialog.cell(i, h) for h in HEADERS) for i in range(dialog.table.rowCount())]
    assert rows == [
        (
            "Welcome",
            "flexible, 4:00–7:00",
            "5:00",
            "7:00",
            "+2:00",
            "held at its flexible range's longest, 7:00",
        ),
        ("Discussion", "flexible", "10:00", "1:00", "\u22129:00", "held at the floor of 1:00"),
        ("Breakout", "non-negotiable", "6:00", "8:30", "+2:30", "—"),
    ]
    # the widest title is shown whole: the dialog is as wide as its table needs
    title = dialog.table.item(0, 0)
    assert title is not None
    assert dialog.table.columnWidth(0) >= dialog.table.fontMetrics().horizontalAdvance("Discussion")
    assert dialog.total.text() == (
        "New total 16:30 against the 25:00 slot: fits with 8:30 to spare (now 21:00, \u22124:30)."
    )
    assert "from 3 complete rehearsals of revision 1" in dialog.evidence.text()


def test_without_a_slot_the_total_is_held_against_the_plan(qtbot: QtBot, demo: Workspace) -> None:
    retiming = dataclasses.replace(first_revision(demo), slot_s=None)
    dialog = shown(qtbot, retiming)
    change = format_signed(retiming.suggested_total_s - retiming.planned_total_s)
    assert dialog.total.text() == (
        f"New total {format_duration(retiming.suggested_total_s)} against the current planned "
        f"total {format_duration(retiming.planned_total_s)} ({change}); no slot set."
    )


def test_escape_and_cancel_change_nothing_enter_accepts(qtbot: QtBot, demo: Workspace) -> None:
    retiming = first_revision(demo)
    dialog = shown(qtbot, retiming)
    assert QApplication.focusWidget() is dialog.table  # the changes first, to read
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    dialog = shown(qtbot, retiming)
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    dialog = shown(qtbot, retiming)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isDefault() and ok.text() == "&Create revision 3"
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
