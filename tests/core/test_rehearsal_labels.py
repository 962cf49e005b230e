"""A rehearsal is named by its date and its time, in this device's local time, by one
function (`rehearsal_label` / `run_label` over `format_moment`) on every surface: the
navigator and Review's picker, Analyze's pickers, `rehearsal rehearsals`, the reports."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from plans import small_draft

from rehearsal import Workspace
from rehearsal.analysis import observations
from rehearsal.cli.main import main
from rehearsal.clock import FakeClock
from rehearsal.durations import format_moment
from rehearsal.rehearsing.figures import rehearsal_label
from rehearsal.reports.model import Facts
from rehearsal.reports.one_rehearsal import rehearsal_report

# 14:30 in UTC is 09:30 in New York in January (the `in_new_york` fixture's local time)
UTC_1430 = datetime(2026, 1, 12, 14, 30, tzinfo=UTC)


def test_a_moment_is_shown_in_local_time(in_new_york: None) -> None:
    assert format_moment("2026-01-12T14:30:00+00:00") == "2026-01-12 09:30"
    assert format_moment("2026-01-12T15:30:00+01:00") == "2026-01-12 09:30"
    assert format_moment("2026-01-12T09:30:00") == "2026-01-12 09:30"  # no offset: local
    assert format_moment("2026-01-13T01:10:00+00:00") == "2026-01-12 20:10"  # the day before
    assert format_moment("not a moment") == "not a moment"
    assert format_moment("") == ""


def _finished_run(ws: Workspace) -> str:
    plan = ws.add_plan(small_draft())
    clock = FakeClock(wall=UTC_1430)
    run = ws.start_rehearsal(plan.id, facilitator="Maya Chen", clock=clock)
    run.next()
    clock.advance(plan.segments[0].planned_s)
    run.finish()
    return run.rehearsal.id


def test_every_surface_names_a_rehearsal_with_its_local_date_and_time(
    in_new_york: None, ws: Workspace, ws_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rid = _finished_run(ws)
    r = ws.rehearsal(rid)
    label = rehearsal_label(r, ws.run_totals([r])[rid])
    assert label == "2026-01-12 09:30 · Dry run · Maya Chen · stopped early"
    # Analyze's pickers and the program report name runs with their revision
    [run] = observations(ws, r.plan_id).runs
    assert run.label == "2026-01-12 09:30 · rev 1 · Dry run · Maya Chen · stopped early"
    report = rehearsal_report(ws, rid)
    assert report.subtitle == "Revision 1 · Dry run · 2026-01-12 09:30"
    facts = report.blocks[0]
    assert isinstance(facts, Facts) and ("Date", "2026-01-12 09:30") in facts.pairs
    ws.close()
    assert main(["rehearsals", "--db", str(ws_path)]) == 0
    out = capsys.readouterr().out
    assert f"{rid}  2026-01-12 09:30  rev 1" in out
