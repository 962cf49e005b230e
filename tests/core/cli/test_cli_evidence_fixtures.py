"""Every fixture of a real export, through the real readers, end to end: imported into a
recorded rehearsal by `rehearsal import-evidence`, again without change, and read back by
`rehearsal evidence --json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reviewing import recorded

from rehearsal import Workspace
from rehearsal.cli.main import main

FIXTURES = sorted((Path(__file__).parents[2] / "fixtures" / "evidence").iterdir())
STEP_KEYS = {"id", "title", "learner_talk_s", "staff_talk_s", "silence_s", "chat_messages"}


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_each_export_imports_once_and_its_figures_are_printed(
    fixture: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.rehearsal"
    with Workspace.open(db) as ws:
        rehearsal, _ = recorded(ws)
        plan = ws.plan(rehearsal.plan_id)
        ids = {step.id for step in (*plan.segments, *plan.transitions)}
    argv = ["import-evidence", str(fixture), "--rehearsal", rehearsal.id, "--db", str(db)]
    assert main(argv) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"{fixture.name}: added ")
    with Workspace.open(db) as ws:
        (stored,) = ws.evidence.files(rehearsal.id)
        items = ws.evidence.items(stored.id)
    assert items
    assert main(argv) == 0
    assert "nothing changed" in capsys.readouterr().out
    assert main(["evidence", rehearsal.id, "--json", "--db", str(db)]) == 0
    printed = json.loads(capsys.readouterr().out)["steps"]
    assert printed and {step["id"] for step in printed} <= ids
    assert all(set(step) >= STEP_KEYS for step in printed)
    assert all(step["silence_s"] is None or step["silence_s"] >= 0 for step in printed)
