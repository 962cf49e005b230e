"""The Analyze view's own computations: its table models, and where it works around the
core (vectorised spreads and time stolen, each rehearsal against its own revision, flags
counted by place) — checked against the core's answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rehearsal import Workspace
from rehearsal.analysis import (
    Filters,
    observations,
    revision_comparison,
    step_stats,
    time_stolen,
)
from rehearsal.demo import write_demo
from rehearsal_ui.analyze.data import (
    analyse,
    own_planned,
    revisions_compared,
    time_stolen_by_run,
)
from rehearsal_ui.analyze.tables import (
    StatsRow,
    retiming_model,
    stats_model,
    stolen_model,
    stolen_rows,
)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.open(write_demo(tmp_path / "d.rehearsal")) as ws:
        yield ws


def test_table_models_pass_the_model_tester(qtmodeltester, demo: Workspace) -> None:  # type: ignore[no-untyped-def]
    plan = demo.plans(demo.programs()[0].id)[-1]
    plans = {p.id: p for p in demo.plans(plan.program_id)}
    a = analyse(observations(demo, plan.id), plans)
    for model, rows in (
        (stats_model(), [StatsRow(s, 0) for s in a.stats]),
        (stolen_model(), stolen_rows(a.stolen, a.obs)),
        (retiming_model(), list(a.retiming.suggestions)),
    ):
        model.set_rows(rows)
        qtmodeltester.check(model)


def test_workarounds_give_the_core_answers(demo: Workspace) -> None:
    plan = demo.plans(demo.programs()[0].id)[-1]
    plans = {p.id: p for p in demo.plans(plan.program_id)}
    every = observations(demo, plan.id)
    # held against its own revision, a rehearsal of the analysed revision is the core's answer
    one = observations(demo, plan.id, Filters(plan_ids=(plan.id,)))
    planned = own_planned(one, plans)
    stolen = time_stolen_by_run(one, planned)
    core = time_stolen(one)
    assert sorted(one.runs[i].id for i in stolen.rows) == sorted(c.run.id for c in core)
    by_id = {c.run.id: c for c in core}
    for k, i in enumerate(stolen.rows):
        assert stolen.stolen_s[k] == pytest.approx(by_id[one.runs[i].id].stolen_s)
        assert stolen.overrun_s[k] == pytest.approx(by_id[one.runs[i].id].overrun_s)
    assert revisions_compared(one, planned) == revision_comparison(one)
    # an older revision's rehearsals are held against that revision's plan
    old = demo.plans(demo.programs()[0].id)[0]
    theirs = observations(demo, old.id, Filters(plan_ids=(old.id,)))
    mixed = own_planned(every, plans)
    rows = [i for i, r in enumerate(every.runs) if r.plan_id == old.id]
    expected = {s.key: s.planned_s for s in theirs.steps}
    for j, step in enumerate(every.steps):
        if step.key in expected:
            assert (mixed[rows, j] == expected[step.key]).all()
    # flags: on steps, the core's counts; on hand-offs, the rest
    a = analyse(every, plans)
    for i, p in enumerate(a.places):
        if p.step is None:
            continue
        counted = {
            c: int(n) for c, n in zip(a.flags.categories, a.flags.counts[i], strict=True) if n
        }
        assert counted == step_stats(every)[p.step].flags
    assert int(a.flags.counts.sum()) + a.flags.unplaced == len(every.flags)
