"""Imports and syncs run on a pool: a runner for them, and a way to wait for what a task
came to."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from rehearsal_ui.exchange.task import Task
from rehearsal_ui.shell.worker import Runner


@pytest.fixture
def runner(qapp: Any) -> Iterator[Runner]:
    """A runner of its own; every job it ran has reported when the test ends."""
    made = Runner()
    yield made
    assert made.wait()


@pytest.fixture
def finished(qtbot: QtBot) -> Callable[[Task | None], Any]:
    """`finished(task)`: wait for the task to be done (the person told), and what it came to."""

    def wait(task: Task | None) -> Any:
        assert task is not None, "nothing was started"
        with qtbot.waitSignal(task.done, timeout=20_000) as done:
            pass
        return done.args[0]

    return wait
