"""Every editor of every dialog is wide enough for its longest value — a long program name,
a long time zone, long facilitators' names, long segment titles — up to a sensible cap
(a longer value scrolls in its box): no combo box, line edit or spin box cuts its value."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dialog_census import DIALOGS
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from qt_helpers import settled, show_active

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.demo import write_demo
from rehearsal.plans import editor as ops
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.navigator import REHEARSAL_ROLE

LONG_PROGRAM = "Order workflow rollout — module 2: rush orders, returns and EMEA escalations"
LONG_ZONE = "America/Argentina/ComodRivadavia"
LONG_NAMES = ("Maria-Fernanda Alcântara de Oliveira", "Jean-Baptiste Kowalczyk-Lefèvre")
CAP_CHARS = 60  # wider than this, a typed value may scroll in its box
CAP_CHOICE_CHARS = 80  # a choice is read whole up to this


def cut_editors(top: QWidget) -> list[str]:
    """Editors shown in `top` narrower than their longest value (up to CAP_CHARS)."""
    found = []
    for widget in top.findChildren(QWidget):
        if not widget.isVisibleTo(top) or widget.window() is not top:
            continue
        metrics = widget.fontMetrics()
        cap = metrics.averageCharWidth() * CAP_CHARS
        if isinstance(widget, QComboBox):
            probe = QComboBox()
            probe.setFont(widget.font())
            probe.addItems([widget.itemText(i) for i in range(widget.count())])
            if widget.isEditable():
                probe.setEditable(True)
            probe.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            needed = min(probe.sizeHint().width(), metrics.averageCharWidth() * CAP_CHOICE_CHARS)
            probe.deleteLater()
            name = f"combo {widget.accessibleName() or widget.currentText()!r}"
        elif isinstance(widget, QLineEdit) and not isinstance(widget.parent(), QAbstractSpinBox):
            if isinstance(widget.parent(), QComboBox):
                continue  # an editable combo box's: measured as the combo box
            text = widget.text() or widget.placeholderText()
            needed = min(metrics.horizontalAdvance(text) + 16, cap)
            name = f"line edit {text[:30]!r}"
        elif isinstance(widget, QAbstractSpinBox):
            needed = widget.sizeHint().width()
            name = f"spin box {widget.text()!r}"
        else:
            continue
        if widget.width() < needed:
            found.append(f"{name}: {widget.width()} px for {needed} px")
    return found


@pytest.fixture
def long_window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    with Workspace.open(write_demo(tmp_path / "demo.rehearsal")) as ws:
        program = ws.programs()[0]
        ws.rename_program(program.id, LONG_PROGRAM)
        plan = ws.latest_plan(program.id)
        first = plan.segments[0]
        plan = ws.save_plan(
            ops.update_segment(
                ops.update_plan(plan, time_zone=LONG_ZONE),
                first.id,
                title="Welcome, platform check and the agreement on how we work together",
            )
        )
        clock = FakeClock()
        run = ws.start_rehearsal(
            plan.id, facilitator=LONG_NAMES, lead=LONG_NAMES[0], region="Latin America", clock=clock
        )
        run.next()
        clock.advance(200)
        run.flag("audio/video/connectivity", note="Audio dropped for the breakout rooms")
        clock.advance(200)
        run.finish()
        window = MainWindow(ws)
        window.settings.rehearsal_start = {"facilitators": ", ".join(LONG_NAMES)}
        qtbot.addWidget(window)
        show_active(qtbot, window)
        model = window.navigator.model()
        for r in range(model.rowCount(model.index(0, 0))):
            revision = model.index(r, 0, model.index(0, 0))
            for k in range(model.rowCount(revision)):
                if model.index(k, 0, revision).data(REHEARSAL_ROLE) == run.rehearsal.id:
                    window.navigator.setCurrentIndex(model.index(k, 0, revision))
        window.show_view("design")
        yield window
        if window.analyze_page.is_built:
            settled(qtbot, window.analyze)


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_no_editor_of_a_dialog_cuts_its_value(
    qtbot: QtBot, long_window: MainWindow, tmp_path: Path, name: str
) -> None:
    dialog = DIALOGS[name](long_window, tmp_path)
    if not dialog.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose):
        qtbot.addWidget(dialog)
    dialog.show()
    assert cut_editors(dialog) == []
    dialog.close()


def test_the_main_windows_pickers_show_a_whole_rehearsal(
    qtbot: QtBot, long_window: MainWindow
) -> None:
    window = long_window
    window.show_view("review")
    assert cut_editors(window) == []
