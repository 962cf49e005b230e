"""The step's details in their scroll box: a new text that fits lays nothing out again; one
that needs more room than the box shows brings the scroll bar, and a short one takes it away."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QScrollArea
from pytestqt.qtbot import QtBot

from rehearsal_ui.rehearse.step_details import StepDetails


class LayoutRequests(QObject):
    def __init__(self, watched: QObject) -> None:
        super().__init__(watched)
        self.count = 0
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def test_details_lay_out_the_box_only_when_they_outgrow_it(qtbot: QtBot) -> None:
    details = StepDetails()
    box = QScrollArea()
    box.setWidget(details)
    box.setWidgetResizable(True)
    box.setFrameShape(QFrame.Shape.NoFrame)
    box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    qtbot.addWidget(box)
    box.resize(400, 120)
    box.show()
    qtbot.waitExposed(box)
    bar = box.verticalScrollBar()
    details.setText("Why: learners name three ways to give feedback.")
    qtbot.wait(1)
    requests = LayoutRequests(box.viewport())
    for i in range(5):
        details.setText(f"Producer, watch for: launch poll {i} at the 2-minute mark.")
        qtbot.wait(1)
    assert requests.count == 0 and bar.maximum() == 0
    long = "\n\n".join(f"Producer, watch for: step {i} of the breakout rooms." for i in range(12))
    details.setText(long)
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert details.height() == details.heightForWidth(details.width()) > box.viewport().height()
    details.setText("Why: a short one again.")
    qtbot.waitUntil(lambda: bar.maximum() == 0)
    assert details.height() == box.viewport().height()
    assert details.text() == details.accessibleName() == "Why: a short one again."
