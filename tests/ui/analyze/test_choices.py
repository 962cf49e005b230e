"""The filters kept when a program's choices are offered: what the loader reads with off the
UI thread is what the filters bar then shows."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from rehearsal import Workspace
from rehearsal.analysis import Filters
from rehearsal.demo import write_demo
from rehearsal_ui.analyze.choices import NO_REVISION, kept
from rehearsal_ui.analyze.filters import FiltersBar


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.open(write_demo(tmp_path / "d.rehearsal")) as ws:
        yield ws


def test_the_bar_shows_what_the_loader_kept(qtbot: QtBot, demo: Workspace) -> None:
    plans = demo.plans(demo.programs()[0].id)
    rehearsals = demo.rehearsals()
    facilitator = next(f for r in rehearsals for f in r.facilitators)
    first, last = plans[0].id, plans[-1].id
    cases = [
        Filters(),
        Filters(plan_ids=(first,)),
        Filters(plan_ids=("of another program",)),
        Filters(facilitators=(facilitator,)),
        Filters(facilitators=("nobody who rehearsed",), kinds=("dry-run",)),
        Filters(plan_ids=(NO_REVISION,)),
    ]
    for before in cases:
        for listed in ((), (first, last), (first,)):
            bar = FiltersBar()
            qtbot.addWidget(bar)
            bar.set_choices([p for p in plans if p.id in listed], rehearsals)
            bar.set_filters(before)
            shown = bar.filters()
            bar.set_choices(plans, rehearsals)
            assert bar.filters() == kept(shown, listed, plans, rehearsals), (before, listed)


def test_a_new_program_is_read_whole_and_unknown_values_are_dropped(demo: Workspace) -> None:
    plans = demo.plans(demo.programs()[0].id)
    rehearsals = demo.rehearsals()
    elsewhere = Filters(plan_ids=("rev-of-another",), producers=("Nobody",))
    assert kept(elsewhere, ("rev-of-another", "rev-2"), plans, rehearsals) == Filters()
    plans = [*plans, demo.new_revision(plans[-1])]  # a third, new to the bar
    unchecked = Filters(plan_ids=(plans[0].id,))
    listed = (plans[0].id, plans[1].id)
    assert kept(unchecked, listed, plans, rehearsals).plan_ids == (plans[0].id, plans[2].id)
    dated = dataclasses.replace(unchecked, since=None)
    assert kept(dated, listed, plans, rehearsals).since is None
