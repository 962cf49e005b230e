"""The garbage collector kept off long-lived objects: frozen after the launch and during a
live rehearsal, thawed after one (what became garbage is collected), frozen again soon."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from rehearsal_ui.shell import collector


@pytest.fixture(autouse=True)
def _thawed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    gc.unfreeze()
    monkeypatch.setattr(collector, "_live", False)  # whatever an earlier test left
    yield
    gc.unfreeze()


def test_a_live_run_freezes_what_exists_and_its_end_thaws_then_freezes_again(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collector, "REFREEZE_MS", 10)
    collector.settle_startup_objects()
    assert gc.get_freeze_count() > 0
    collector.hold_for_live_run()
    frozen = gc.get_freeze_count()
    assert frozen > 0
    collector.settle_startup_objects()  # during the run: nothing collected, nothing frozen
    assert gc.get_freeze_count() == frozen
    collector.release_after_live_run()
    assert gc.get_freeze_count() == 0  # everything can be collected again
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0)  # and what lives on is frozen again


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_garbage_made_on_a_worker_is_collected_on_the_ui_thread(qtbot: QtBot) -> None:
    app = QCoreApplication.instance()
    assert app is not None
    collector.collect_on_ui_thread(app)
    assert not gc.isenabled()
    threads: list[threading.Thread] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            threads.append(threading.current_thread())

    gc.callbacks.append(note)
    try:
        made: list[weakref.ref[_Cycle]] = []

        def churn() -> None:  # far past the young generation's threshold, all in cycles
            for _ in range(gc.get_threshold()[0] * 5):
                made.append(weakref.ref(_Cycle()))

        worker = threading.Thread(target=churn)
        worker.start()
        worker.join()
        assert threads == []  # the worker allocated, nobody collected on it
        qtbot.waitUntil(lambda: all(ref() is None for ref in made))
    finally:
        gc.callbacks.remove(note)
    assert threads and all(t is threading.main_thread() for t in threads)


def test_a_collection_is_due_by_the_collectors_own_thresholds() -> None:
    gc.collect()
    assert collector.collect_if_due() == 0  # nothing allocated since: nothing to do
    garbage = [_Cycle() for _ in range(gc.get_threshold()[0] + 10)]
    ref = weakref.ref(garbage[0])
    del garbage
    assert ref() is not None  # automatic collection is off (the session's fixture)
    assert collector.collect_if_due() > 0 and ref() is None


def test_no_collection_in_the_moments_after_a_live_mark(monkeypatch: pytest.MonkeyPatch) -> None:
    gc.collect()
    garbage = [_Cycle() for _ in range(gc.get_threshold()[0] + 10)]
    ref = weakref.ref(garbage[0])
    del garbage
    collector.quiet_for(60)
    assert collector.collect_if_due() == 0 and ref() is not None  # due, but held off
    monkeypatch.setattr(collector, "_quiet_until", 0.0)  # the quiet moment is over
    assert collector.collect_if_due() > 0 and ref() is None
