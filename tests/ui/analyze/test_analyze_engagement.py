"""Analyze → Engagement: per segment, what learners said, typed and answered across the
rehearsals the filters choose, exactly as the core computes it
(`rehearsal.analysis.engagement`), read off the UI thread with the rest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from evidence import all_drafts
from pytestqt.qtbot import QtBot
from qt_helpers import settled

from rehearsal import Workspace
from rehearsal.analysis import Filters
from rehearsal.analysis.engagement import chosen_rehearsals, engagement
from rehearsal.demo import write_demo
from rehearsal.model import Plan
from rehearsal_ui.analyze.charts.engagement import NO_EVIDENCE, NONE_OBSERVED, PANELS
from rehearsal_ui.analyze.view import AnalyzeView
from rehearsal_ui.shell.settings import Settings


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.open(write_demo(tmp_path / "d.rehearsal", evidence=False)) as ws:
        yield ws


def latest(ws: Workspace) -> Plan:
    return ws.plans(ws.programs()[0].id)[-1]


def shown(qtbot: QtBot, ws: Workspace) -> AnalyzeView:
    view = AnalyzeView(ws, Settings())
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    view.set_plan(latest(ws).id)
    settled(qtbot, view)
    view.tabs.setCurrentIndex(4)
    view.ensure_built()
    view.draw()
    return view


def test_without_evidence_the_chart_says_how_to_bring_some(qtbot: QtBot, demo: Workspace) -> None:
    view = shown(qtbot, demo)
    assert view.engagement.note.text().startswith(NO_EVIDENCE)
    assert not view.engagement.canvas.isVisibleTo(view.engagement)


def test_the_chart_draws_the_cores_engagement_and_each_rehearsal(
    qtbot: QtBot, demo: Workspace
) -> None:
    plan = latest(demo)
    chosen = chosen_rehearsals(demo, plan, Filters())  # what the view counts by default
    runs = [r for r in chosen if r.plan_id == plan.id][-2:]
    for run in runs:
        for name, draft in all_drafts().items():
            if name != "participants.csv":
                demo.evidence.add(run.id, draft, name=name)
    view = shown(qtbot, demo)
    expected = engagement(demo, plan.id, view.current_filters())
    assert view.engaged is not None
    assert view.engaged.overall == expected
    assert len(expected.rehearsal_ids) == 2
    chart = view.engagement
    assert not chart.note.isVisibleTo(chart)
    assert expected.basis in chart.legend.text()
    for bars, (_title, attr, _unit) in zip(chart.bars, PANELS, strict=True):
        values = [(i, getattr(s, attr)) for i, s in enumerate(expected.segments)]
        seen = [(i, v) for i, v in values if v is not None]
        assert list(bars.opts["y"]) == [float(i) for i, _ in seen]
        assert list(bars.opts["x1"]) == pytest.approx([v for _, v in seen])
    # a point per rehearsal that ran the segment, with a transcript: the spread
    xs, _ys = chart.points[0].getData()
    assert len(xs) == sum(s.rehearsals for s in expected.segments if s.transcribed_ns)
    # interaction planned, none observed: marked where the core says so, and only there
    flagged = [s for s in expected.segments if s.none_observed]
    assert flagged, "the demo plan has interactions where these files show no learner"
    assert [lb.y for lb in chart.marks.labels] == [
        float(expected.segments.index(s)) for s in flagged
    ]
    assert all(NONE_OBSERVED in lb.text for lb in chart.marks.labels)
    row = expected.segments.index(flagged[0])
    assert NONE_OBSERVED.capitalize() in chart.describe(2, 0.0, float(row))
    # the selection is shared with the other charts
    assert chart.click_at(0, 0.0, float(row)) == flagged[0].segment_id
    assert view.selected == flagged[0].segment_id
