"""The garbage collector kept off long-lived objects: frozen after the launch and during a
live rehearsal, thawed after one (what became garbage is collected), frozen again soon."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
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
