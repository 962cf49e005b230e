"""What the Analyze view gathers from the core: its table models, flags counted by place
(hand-offs on the hand-off), each rehearsal against its own revision."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rehearsal import Workspace
from rehearsal.analysis import observations, step_stats
from rehearsal.demo import write_demo
from rehearsal_ui.analyze.data import analyse
from rehearsal_ui.analyze.tables import (
    StatsRow,
    retiming_model,
    stats_model,
    stolen_model,
)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.open(write_demo(tmp_path / "d.rehearsal")) as ws:
        yield ws


def test_table_models_pass_the_model_tester(qtmodeltester, demo: Workspace) -> None:  # type: ignore[no-untyped-def]
    plan = demo.plans(demo.programs()[0].id)[-1]
    a = analyse(observations(demo, plan.id))
    for model, rows in (
        (stats_model(), [StatsRow(s, 0) for s in a.stats]),
        (stolen_model(), a.stolen),
        (retiming_model(), list(a.retiming.suggestions)),
    ):
        model.set_rows(rows)
        qtmodeltester.check(model)


def test_flags_are_counted_by_place_hand_offs_on_the_hand_off(demo: Workspace) -> None:
    plan = demo.plans(demo.programs()[0].id)[-1]
    every = observations(demo, plan.id)
    a = analyse(every)
    for i, p in enumerate(a.places):
        if p.step is None:
            continue
        counted = {
            c: int(n) for c, n in zip(a.flags.categories, a.flags.counts[i], strict=True) if n
        }
        assert counted == step_stats(every)[p.step].flags  # on steps, the core's counts
    handoffs = [i for i, p in enumerate(a.places) if p.kind == "hand-off"]
    assert handoffs, "the demo raises flags on hand-offs"
    on_handoffs = sum(1 for f in every.flags if f.transition_id and every.step_of(f) is None)
    assert sum(a.flags.at(i) for i in handoffs) == on_handoffs
    assert int(a.flags.counts.sum()) + a.flags.unplaced == len(every.flags)
    # each rehearsal is held against its own revision's plan
    old = demo.plans(demo.programs()[0].id)[0]
    theirs = {s.key: s.planned_s for s in observations(demo, old.id).steps}
    rows = [i for i, r in enumerate(every.runs) if r.plan_id == old.id]
    assert rows
    for j, step in enumerate(every.steps):
        if step.key in theirs:
            assert (a.planned_rows[rows, j] == theirs[step.key]).all()
