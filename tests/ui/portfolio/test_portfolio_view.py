"""The Portfolio view: every program computed off the UI thread, sorted and filtered,
opened in Design, exported, and read again after a change."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from plans import small_draft
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from qt_helpers import show_active

from rehearsal import Workspace
from rehearsal.analysis.portfolio import portfolio
from rehearsal.clock import FakeClock
from rehearsal.reports.portfolio import HEADERS, cells
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.main_window import window as window_module
from rehearsal_ui.portfolio.model import PLAN_ROLE


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
