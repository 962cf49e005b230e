"""The Portfolio view: every program computed off the UI thread, sorted and filtered,
opened in Design, exported, and read again after a change."""

from __future__ import annotations

import csv
import threading
from pathlib import Path
from typing import Any

import pytest
from plans import small_draft
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from qt_helpers import show_active

from rehearsal import Workspace
from rehearsal.analysis.portfolio import Portfolio, portfolio
from rehearsal.clock import FakeClock
from rehearsal.reports.portfolio import HEADERS, cells
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.main_window import window as window_module
from rehearsal_ui.portfolio import view as view_module
from rehearsal_ui.portfolio.model import P_OVERRUN, PENDING, PENDING_TIP, PLAN_ROLE


def rehearsed(ws: Workspace, name: str, over_s: int) -> str:
    plan = ws.add_plan(small_draft(name))
    for _ in range(3):
        clock = FakeClock()
        run = ws.start_rehearsal(plan.id, facilitator="Maya", clock=clock)
        for step in run.steps:
            run.next()
            clock.advance(step.planned_s + over_s)
        run.finish()
    return plan.id


@pytest.fixture
def shown(qtbot: QtBot, ws: Workspace) -> MainWindow:
    rehearsed(ws, "Late program", 120)
    rehearsed(ws, "Early program", -30)
    ws.add_plan(small_draft("Unrehearsed program"))
    main = MainWindow(ws)
    qtbot.addWidget(main)
    show_active(qtbot, main)
    main.show_view("portfolio")
    view = main.portfolio
    qtbot.waitUntil(lambda: view.portfolio is not None and not view.busy, timeout=20_000)
    return main


def shown_names(main: MainWindow) -> list[str]:
    proxy = main.portfolio.proxy
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def test_every_program_is_listed_as_the_core_computes_it(shown: MainWindow) -> None:
    view = shown.portfolio
    expected = portfolio(shown.ws)
    assert sorted(shown_names(shown)) == sorted(line.name for line in expected.programs)
    model = view.model
    for row, line in enumerate(model.lines):
        texts = tuple(model.index(row, c).data() for c in range(model.columnCount()))
        assert texts == cells(line)
    assert view.summary.text() == "3 programs, 0 ready to launch"


def test_sorting_and_filtering(qtbot: QtBot, shown: MainWindow) -> None:
    view = shown.portfolio
    view.table.sortByColumn(6, Qt.SortOrder.DescendingOrder)  # P(overrun), highest first
    assert shown_names(shown)[0] == "Late program"
    view.table.sortByColumn(6, Qt.SortOrder.AscendingOrder)
    assert shown_names(shown)[-1] == "Late program"
    qtbot.keyClicks(view.filter_box, "early")
    assert shown_names(shown) == ["Early program"]
    view.filter_box.clear()
    view.not_ready.setChecked(True)  # nothing is ready: all stay
    assert len(shown_names(shown)) == 3
    qtbot.keyClicks(view.filter_box, "no such program")
    assert view.note.shown and view.note.text() == "No program matches the filter."


def test_enter_opens_the_program_in_design(qtbot: QtBot, shown: MainWindow) -> None:
    view = shown.portfolio
    view.table.setFocus()
    view.table.selectRow(0)
    plan_id = view.table.currentIndex().data(PLAN_ROLE)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert shown.views.currentWidget() is shown.design
    assert shown.design.plan is not None and shown.design.plan.id == plan_id


def test_a_sign_off_elsewhere_is_shown_when_read_again(qtbot: QtBot, shown: MainWindow) -> None:
    view = shown.portfolio
    line = next(line for line in view.model.lines if line.name == "Early program")
    shown.ws.signoffs.record(line.plan_id, "designer", "Maya", accepted=True)
    qtbot.waitUntil(
        lambda: (
            not view.busy
            and view.portfolio is not None
            and any(
                "designer" not in " ".join(x.missing_signoffs)
                for x in view.portfolio.programs
                if x.name == "Early program"
            )
        ),
        timeout=20_000,
    )


@pytest.mark.parametrize("suffix", [".csv", ".html", ".pdf"])
def test_export(
    shown: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    target = tmp_path / f"portfolio{suffix}"
    monkeypatch.setattr(window_module, "save_file_name", lambda *_a: (str(target), ""))
    shown.portfolio.export_button.click()
    data = target.read_bytes()
    if suffix == ".csv":
        rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
        assert tuple(rows[0]) == HEADERS and len(rows) == 4
    elif suffix == ".html":
        assert b"Late program" in data and b"P(overrun)" in data
    else:
        assert data.startswith(b"%PDF")


def test_the_table_shows_before_its_risks_are_simulated(
    qtbot: QtBot, ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing simulated yet: every other figure shows at once, P(overrun) reads
    "simulating…" (and export waits) until the second job brings it."""
    rehearsed(ws, "Late program", 120)
    ws.add_plan(small_draft("Unrehearsed program"))
    go_on = threading.Event()
    real = view_module.fill_risks

    def held(*args: Any, **kwargs: Any) -> Portfolio:
        assert go_on.wait(20), "the test let the simulation go on"
        return real(*args, **kwargs)

    monkeypatch.setattr(view_module, "fill_risks", held)
    main = MainWindow(ws)
    qtbot.addWidget(main)
    show_active(qtbot, main)
    main.show_view("portfolio")
    view = main.portfolio
    try:
        qtbot.waitUntil(lambda: view.portfolio is not None, timeout=20_000)
        qtbot.waitUntil(lambda: "Simulating P(overrun)" in view.updating.text(), timeout=20_000)
        model = view.model
        assert [model.index(r, P_OVERRUN).data() for r in range(2)] == [PENDING, PENDING]
        assert model.index(0, P_OVERRUN).data(Qt.ItemDataRole.ToolTipRole) == PENDING_TIP
        assert model.index(0, 0).data() == "Late program"  # the cheap figures are there
        assert view.busy and view.updating.isVisibleTo(view)
        assert not view.export_button.isEnabled()
    finally:
        go_on.set()
    qtbot.waitUntil(lambda: not view.busy, timeout=20_000)
    assert view.portfolio is not None and view.portfolio.complete
    expected = portfolio(ws)
    for row, line in enumerate(model.lines):
        assert tuple(model.index(row, c).data() for c in range(model.columnCount())) == cells(line)
    assert [line.p_overrun for line in model.lines] == [x.p_overrun for x in expected.programs]
    assert view.export_button.isEnabled() and not view.updating.isVisibleTo(view)
