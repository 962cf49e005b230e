"""Analyze while a read is on its way: a menu changed meanwhile, a revision published
meanwhile, jobs cancelled meanwhile — what is shown in the end is what was asked for last,
and "Updating…" shows only while something is on its way."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from qt_helpers import settled

from rehearsal import Workspace
from rehearsal.changes import Changes
from rehearsal.demo import write_demo
from rehearsal_ui.analyze import loader
from rehearsal_ui.analyze.view import AnalyzeView
from rehearsal_ui.shell.settings import Settings


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.open(write_demo(tmp_path / "d.rehearsal")) as ws:
        yield ws


def held(
    monkeypatch: pytest.MonkeyPatch, first_only: bool = False
) -> tuple[threading.Event, list[int]]:
    """Reads wait for the returned gate (only the first, with `first_only`)."""
    gate, calls = threading.Event(), []
    real = loader.observations_among

    def slow(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if not first_only or len(calls) == 1:
            gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(loader, "observations_among", slow)
    return gate, calls


def shown(qtbot: QtBot, ws: Workspace) -> AnalyzeView:
    view = AnalyzeView(ws, Settings())
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    return view


def test_a_method_chosen_while_reading_is_the_one_drawn(
    qtbot: QtBot, demo: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = shown(qtbot, demo)
    view.set_plan(demo.plans(demo.programs()[0].id)[-1].id)
    view.ensure_built()
    settled(qtbot, view)
    assert view.analysis is not None and view.analysis.risk is not None
    assert view.analysis.risk.method == "segments"
    gate, _calls = held(monkeypatch)
    view.refresh()
    view.risk.method.setCurrentIndex(view.risk.method.findData("rehearsals"))
    gate.set()
    settled(qtbot, view)
    assert view.analysis.risk is not None and view.analysis.risk.method == "rehearsals"


def test_a_revision_published_during_the_first_read_is_not_lost(
    qtbot: QtBot, demo: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = demo.plans(demo.programs()[0].id)[-1]
    gate, calls = held(monkeypatch, first_only=True)
    view = shown(qtbot, demo)
    demo.changes.subscribe(view.on_changes)
    view.set_plan(plan.id)
    qtbot.waitUntil(lambda: len(calls) == 1)
    new = demo.new_revision(plan)  # Design, or an import: programs and plans changed
    gate.set()
    qtbot.waitUntil(lambda: any(a.data() == new.id for a in view.filters.revision_actions))
    settled(qtbot, view)
    assert view.next_revision == new.revision + 1


def test_updating_shows_only_while_something_is_on_its_way(
    qtbot: QtBot, demo: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = demo.plans(demo.programs()[0].id)[-1]
    gate, calls = held(monkeypatch, first_only=True)
    view = shown(qtbot, demo)
    view.set_plan(plan.id)
    qtbot.waitUntil(lambda: len(calls) == 1)
    assert view.updating.isVisibleTo(view)
    view.on_changes(Changes.of(rehearsals=[demo.rehearsals()[0].id]))  # cancels, reads again
    qtbot.waitUntil(lambda: len(calls) == 2)
    qtbot.waitUntil(lambda: view.analysis is not None and not view.drawing.pending)
    gate.set()  # the cancelled read ends afterwards
    settled(qtbot, view)
    assert not view.updating.isVisibleTo(view)
    view.set_plan(None)
    settled(qtbot, view)
    assert not view.updating.isVisibleTo(view)
