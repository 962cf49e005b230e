"""`rehearsal recovery`: a rehearsal's recovery plan as of its last mark, and what was
adjusted live, as text and JSON."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from plans import small_draft

from rehearsal import Workspace
from rehearsal.cli.main import main
from rehearsal.clock import FakeClock


def behind_run(path: Path) -> str:
    """A run of the small plan, Welcome 1:40 over, Poll adjusted to 2:13 then running."""
    draft = small_draft()
    welcome, poll, breakout, close = draft.segments
    draft = dataclasses.replace(
        draft,
        segments=(
            welcome,
            dataclasses.replace(poll, flex_min_s=120, flex_max_s=300),
            breakout,
            dataclasses.replace(close, flex_min_s=120, flex_max_s=240),
        ),
    )
    with Workspace.open(path) as ws:
        plan = ws.add_plan(draft)
        clock = FakeClock(wall=datetime(2026, 3, 2, 9, 2, tzinfo=UTC))
        run = ws.start_rehearsal(plan.id, clock=clock)
        run.next()
        clock.advance(400)
        run.next()
        run.adjust_target(run.steps[1].id, 200, "behind 2:40")
        return run.rehearsal.id


def test_recovery_as_text_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "w.rehearsal")
    rid = behind_run(tmp_path / "w.rehearsal")
    assert main(["--db", db, "recovery", rid]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"Recovery plan of rehearsal {rid}, as of its last mark (")
    # 6:40 + 3:20 + 2:00 + 15:00 + 3:00 = 30:00 against 28:00; rooms Poll 1:20, Close 1:00:
    # 2:00 shared 80:60 → 68.6 s and 51.4 s, the larger remainder rounded up.
    assert out[1:] == [
        "  Behind 2:00: to land on time —",
        "  Poll: 3:20 → 2:11 (\u22121:09)",
        "  Close: 3:00 → 2:09 (\u22120:51)",
        "Adjusted live:",
        "  Poll: target 4:00 → 3:20, accepted live at 0:06:40: behind 2:40",
    ]
    assert main(["--db", db, "recovery", rid, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["status"], data["behind_s"], data["running_target_s"]) == ("behind", 120, 200)
    assert [(c["title"], c["from_s"], c["target_s"]) for c in data["changes"]] == [
        ("Poll", 200, 131),
        ("Close", 180, 129),
    ]
    assert data["adjusted"][0]["planned_s"] == 240 and data["adjusted"][0]["at_s"] == 400


def test_an_unknown_rehearsal_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", str(tmp_path / "w.rehearsal"), "recovery", "nope"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error:") and len(err.splitlines()) == 1
