from __future__ import annotations

from pathlib import Path

import pytest

from rehearsal import RehearsalError, Workspace
from rehearsal.cli.main import list_json
from rehearsal.demo import write_demo
from rehearsal.model import INTERACTIVE, RehearsalStatus, custom_names, lead_persons


def _facts(path: Path) -> list[object]:
    with Workspace.open(path) as ws:
        facts: list[object] = []
        for r in ws.rehearsals():
            s = ws.rehearsal_summary(r.id)
            facts.append(
                (
                    r.kind,
                    r.facilitators,
                    [x.actual_s for x in s.segments],
                    [(f.category, f.at_ns) for f in s.flags],
                    s.totals,
                )
            )
        return facts


def test_demo_has_what_every_view_needs(tmp_path: Path) -> None:
    path = write_demo(tmp_path / "demo.rehearsal")
    with Workspace.open(path) as ws:
        [program] = ws.programs()
        plans = ws.plans(program.id)
        assert [p.revision for p in plans] == [1, 2]
        assert all(p.slot_s == 90 * 60 for p in plans)
        first = plans[0]
        assert 85 * 60 <= first.planned_s <= 90 * 60
        assert all(s.intent and s.facilitator_notes for s in first.segments)
        assert all(s.producer_cues for s in first.segments if s.interaction in INTERACTIVE)
        assert any(s.non_negotiable for s in first.segments)
        # who leads, by name or label, beside the role; columns of the sheet it came from
        assert {"Maya Chen", "fx1", "sponsor"} <= set(lead_persons(first.segments))
        assert any(not s.lead_person for s in first.segments)
        assert custom_names(first.segments) == ("Room", "Slide #")
        rehearsals = ws.rehearsals()
        assert len(rehearsals) >= 6
        assert all(r.status is RehearsalStatus.FINISHED for r in rehearsals)
        assert {r.facilitators[0] for r in rehearsals} == {"Maya Chen", "Jordan Okafor"}
        assert {r.plan_id for r in rehearsals} == {p.id for p in plans}
        summaries = [ws.rehearsal_summary(r.id) for r in rehearsals]
        assert all(s.totals.elapsed_s for s in summaries)
        assert sum(len(s.flags) for s in summaries) >= 10
        assert sum(s.totals.paused_s > 0 for s in summaries) >= 3
        assert any(len(step.attempts) > 1 for s in summaries for step in s.segments)
        overs = [step.over_s for s in summaries for step in s.segments]
        assert min(o for o in overs if o is not None) < -60 < 60 < max(o for o in overs if o)
        counts = list_json(ws)["programs"][0]["plans"]
        assert sum(p["rehearsals"] for p in counts) == len(rehearsals)


def test_demo_is_deterministic(tmp_path: Path) -> None:
    a = write_demo(tmp_path / "a.rehearsal")
    b = write_demo(tmp_path / "b.rehearsal")
    assert _facts(a) == _facts(b)


def test_demo_never_overwrites(tmp_path: Path) -> None:
    path = write_demo(tmp_path / "demo.rehearsal")
    with pytest.raises(RehearsalError, match="already exists"):
        write_demo(path)


def test_the_demo_brings_a_meeting_platform_s_evidence_for_its_latest_revision(
    tmp_path: Path,
) -> None:
    from rehearsal.analysis.engagement import engagement

    path = write_demo(tmp_path / "demo.rehearsal")
    with Workspace.open(path) as ws:
        latest = ws.plans(ws.programs()[0].id)[-1]
        runs = ws.rehearsals(latest.id)
        totals = ws.run_totals(runs)
        timed = [r for r in runs if r.id in totals and not totals[r.id].click_through]
        for run in timed:
            kinds = {f.kind.value for f in ws.evidence.files(run.id)}
            assert kinds == {"transcript", "chat", "attendance", "poll"}, run.kind
            assert not ws.evidence.figures(run.id).outside  # every item within the run
        found = engagement(ws, latest.id)
        assert set(found.rehearsal_ids) == {r.id for r in timed}  # revision 1 has none
        assert any(s.none_observed for s in found.segments)  # the quiet discussion
        assert any(s.interaction_planned and not s.none_observed for s in found.segments)
    with Workspace.open(write_demo(tmp_path / "bare.rehearsal", evidence=False)) as ws:
        assert not ws.evidence.with_evidence([r.id for r in ws.rehearsals()])
