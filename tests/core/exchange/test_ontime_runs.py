"""Ontime's record of runs read as rehearsals (issue 15): its report JSON (event id →
startedAt/endedAt, milliseconds since midnight), one run a file, matched by id; a run
imported twice is one rehearsal; several files all or nothing."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest
from plans import small_draft
from reviewing import dump

from rehearsal import Workspace
from rehearsal.cli.main import main
from rehearsal.errors import FormatError
from rehearsal.exchange.actuals_import import import_actuals, import_actuals_files
from rehearsal.formats.ontime_rundown import derived_id
from rehearsal.model import Plan

H = 3_600_000
M = 60_000


def _report(plan: Plan, minutes_late: int = 0) -> dict[str, dict[str, int | None]]:
    """A run of `small_draft` as Ontime's server reports it, keyed by the exported events'
    ids (the segments' own): welcome 09:00–09:06, poll 09:06–09:10, breakout 09:13–09:30,
    close never started."""
    welcome, poll, breakout, close = (s.id for s in plan.segments)
    late = minutes_late * M
    return {
        welcome: {"startedAt": 9 * H + late, "endedAt": 9 * H + 6 * M + late},
        poll: {"startedAt": 9 * H + 6 * M + late, "endedAt": 9 * H + 10 * M + late},
        breakout: {"startedAt": 9 * H + 13 * M + late, "endedAt": 9 * H + 30 * M + late},
        close: {"startedAt": None, "endedAt": None},
    }


def _write(path: Path, report: object, day: str = "2026-03-02") -> Path:
    path.write_text(json.dumps(report), encoding="utf-8")
    moment = datetime.fromisoformat(f"{day}T18:00:00").timestamp()
    os.utime(path, (moment, moment))
    return path


def test_a_report_json_is_a_rehearsal_matched_by_event_id(ws: Workspace, tmp_path: Path) -> None:
    plan = ws.add_plan(small_draft())
    path = _write(tmp_path / "report.json", _report(plan))
    report = import_actuals(ws, path, plan.id)
    assert (report.matched, report.not_matched, report.not_in_file) == (3, [], ["Close"])
    summary = ws.rehearsal_summary(report.rehearsal_id)
    assert {s.title: s.actual_s for s in summary.segments} == {
        "Welcome": 360.0,
        "Poll": 240.0,
        "Open rooms": 180.0,  # 09:10 → 09:13: the hand-off after the poll
        "Breakout": 1020.0,
        "Close": None,
    }
    rehearsal = ws.rehearsal(report.rehearsal_id)
    assert rehearsal.kind.value == "dry-run"
    assert rehearsal.created.startswith("2026-03-02T09:00:00")  # the day the report was saved


def test_the_same_run_imported_twice_is_one_rehearsal(ws: Workspace, tmp_path: Path) -> None:
    plan = ws.add_plan(small_draft())
    path = _write(tmp_path / "report.json", _report(plan))
    first = import_actuals(ws, path, plan.id)
    copy = _write(tmp_path / "copy.json", _report(plan), day="2026-03-09")
    again = import_actuals(ws, copy, plan.id, kind="pilot")
    assert again.already and again.rehearsal_id == first.rehearsal_id
    assert "already imported" in again.summary()
    assert [r.id for r in ws.rehearsals(plan.id)] == [first.rehearsal_id]


def test_several_runs_are_several_rehearsals_all_or_nothing(ws: Workspace, tmp_path: Path) -> None:
    plan = ws.add_plan(small_draft())
    one = _write(tmp_path / "run1.json", _report(plan))
    two = _write(tmp_path / "run2.json", _report(plan, minutes_late=2), day="2026-03-03")
    bad = _write(tmp_path / "run3.json", {plan.segments[0].id: {"startedAt": "9:00"}})
    before = dump(ws)
    with pytest.raises(FormatError) as refused:
        import_actuals_files(ws, [one, two, bad], plan.id)
    assert (refused.value.file, refused.value.row, refused.value.column) == (
        "run3.json",
        1,
        "startedAt",
    )
    assert dump(ws) == before
    reports = import_actuals_files(ws, [one, two, one], plan.id)
    assert [r.already for r in reports] == [False, False, True]
    days = sorted(r.created[:10] for r in ws.rehearsals(plan.id))
    assert days == ["2026-03-02", "2026-03-03"]


def test_a_report_of_a_project_imported_from_ontime_matches_its_ids(
    ws: Workspace, tmp_path: Path
) -> None:
    """Events with Ontime's own ids ("ev1") match the segments an Ontime import made."""
    project = {
        "settings": {"version": "4.0.0"},
        "rundowns": {
            "r": {
                "order": ["ev1", "ev2"],
                "entries": {
                    "ev1": {"type": "event", "id": "ev1", "title": "Intro", "duration": 5 * M},
                    "ev2": {"type": "event", "id": "ev2", "title": "Wrap", "duration": 5 * M},
                },
            }
        },
    }
    source = tmp_path / "show.json"
    source.write_text(json.dumps(project), encoding="utf-8")
    plan = ws.import_plan(source)
    assert plan.segments[1].id == derived_id("segment", "ev2")
    path = _write(tmp_path / "report.json", {"ev2": {"startedAt": 10 * H, "endedAt": 10 * H + M}})
    report = import_actuals(ws, path, plan.id)
    assert (report.matched, report.not_in_file) == (1, ["Intro"])


@pytest.mark.parametrize(
    ("text", "column", "problem"),
    [
        ('{"a": {"startedAt": NaN}}', "a.startedAt", "NaN"),
        ('{"a": {"startedAt": 1' + "0" * 40 + "}}", "a.startedAt", "digits"),
        ('{"a": {"startedAt": "\\ud800"}}', "a.startedAt", "surrogate"),
        ('{"a": ' * 100 + "1" + "}" * 100, None, "nested too deeply"),
        ('{"a": {"startedAt": 86400000}}', "startedAt", "milliseconds"),
        ('{"a": {"endedAt": true}}', "endedAt", "milliseconds"),
        ('{"a": [1, 2]}', None, "not an object"),
        ("[]", None, "not a JSON object"),
        ("{}", None, "empty"),
        ('{"a": {"startedAt": 1}', None, "not valid JSON"),
    ],
)
def test_a_hostile_report_is_refused_and_nothing_stored(
    ws: Workspace, tmp_path: Path, text: str, column: str | None, problem: str
) -> None:
    plan = ws.add_plan(small_draft())
    path = tmp_path / "report.json"
    path.write_text(text, encoding="utf-8")
    before = dump(ws)
    with pytest.raises(FormatError) as refused:
        import_actuals(ws, path, plan.id)
    assert refused.value.file == "report.json"
    assert problem in str(refused.value)
    if column is not None:
        assert refused.value.column == column
    assert dump(ws) == before


def test_the_command_line_says_how_many_runs_it_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.rehearsal"
    with Workspace.open(db) as ws:
        plan = ws.add_plan(small_draft())
    one = _write(tmp_path / "run1.json", _report(plan))
    two = _write(tmp_path / "run2.json", _report(plan, minutes_late=5))
    argv = ["import-actuals", str(one), str(two), "--plan", plan.id, "--db", str(db)]
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "2 runs imported."
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "already imported" in out and out.splitlines()[-1] == "0 runs imported, 2 already there."
    bad = tmp_path / "bad.json"
    bad.write_text('{"x": {"startedAt": -5}}', encoding="utf-8")
    assert main(["import-actuals", str(bad), "--plan", plan.id, "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: bad.json, row 1, column 'startedAt'") and err.count("\n") == 1
