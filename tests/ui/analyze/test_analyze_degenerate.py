"""Analyze on little or odd evidence (see tests/core/test_degenerate_input.py): every tab
drawn, a statement instead of an empty chart, never "nan" or "inf" in a label or a cell."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QLabel, QTableView
from pytestqt.qtbot import QtBot
from qt_helpers import settled

from rehearsal import Workspace
from rehearsal_ui.analyze.view import AnalyzeView
from rehearsal_ui.shell.settings import Settings

sys.path.insert(0, str(Path(__file__).parents[2] / "core"))
from test_degenerate_input import CASES

NOT_A_NUMBER = re.compile(r"\b(nan|inf)\b", re.IGNORECASE)


@pytest.mark.parametrize("case", CASES)
def test_analyze_says_what_it_can(qtbot: QtBot, ws: Workspace, case: str) -> None:
    plan_id = CASES[case](ws)
    view = AnalyzeView(ws, Settings())
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    view.set_plan(plan_id)
    settled(qtbot, view)
    for tab in range(view.tabs.count()):
        view.tabs.setCurrentIndex(tab)
        settled(qtbot, view)
    if view.stack.currentWidget() is view.empty:
        assert view.empty.text().strip()  # a statement, not a blank page
    texts = [label.text() for label in view.findChildren(QLabel)]
    for table in view.findChildren(QTableView):
        model = table.model()
        if model is None:
            continue
        texts += [
            str(model.index(r, c).data() or "")
            for r in range(model.rowCount(QModelIndex()))
            for c in range(model.columnCount(QModelIndex()))
        ]
    found = [t for t in texts if NOT_A_NUMBER.search(t)]
    assert not found
    if case == "no slot":
        assert "no slot set" in view.risk.headline.text()
