"""Work in pieces, one per pass of the event loop."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from pytestqt.qtbot import QtBot

from rehearsal_ui.shell.ticks import Ticks


def test_pieces_run_one_per_tick_in_order_then_done(qtbot: QtBot) -> None:
    owner = QObject()
    ticks = Ticks(owner)
    ran: list[int] = []
    ticks.run([lambda i=i: ran.append(i) for i in range(3)])
    assert ran == [] and ticks.pending  # nothing before the event loop runs
    QCoreApplication.processEvents()
    assert ran == [0]  # one piece per pass
    with qtbot.waitSignal(ticks.done):
        pass
    assert ran == [0, 1, 2] and not ticks.pending


def test_a_piece_that_raises_stops_no_other_and_run_replaces(qtbot: QtBot) -> None:
    owner = QObject()
    ticks = Ticks(owner)
    ran: list[str] = []
    ticks.run([lambda: ran.append("old")])
    ticks.run([lambda: ran.append("a"), lambda: 1 / 0, lambda: ran.append("b")])  # type: ignore[func-returns-value]
    with qtbot.captureExceptions() as raised, qtbot.waitSignal(ticks.done):
        pass
    assert ran == ["a", "b"] and len(raised) == 1
    ticks.run([lambda: ran.append("never")])
    ticks.clear()
    with qtbot.waitSignal(ticks.done, timeout=100, raising=False) as blocker:
        pass
    assert not blocker.signal_triggered and ran == ["a", "b"]
