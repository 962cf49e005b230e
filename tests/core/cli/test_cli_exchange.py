"""`rehearsal rehearsals`, `rehearsal pack export|import` and `rehearsal sync`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reviewing import dump, recorded

from rehearsal import Workspace
from rehearsal.cli.main import main


def test_pack_export_and_import_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead, other = tmp_path / "lead.rehearsal", tmp_path / "other.rehearsal"
    with Workspace.open(lead) as ws:
        rehearsal, _ = recorded(ws)
    assert main(["rehearsals", "--json", "--db", str(lead)]) == 0
    listed = json.loads(capsys.readouterr().out)["rehearsals"]
    assert [r["id"] for r in listed] == [rehearsal.id] and listed[0]["status"] == "finished"
    pack = tmp_path / "run.rehearsalpack"
    assert main(["pack", "export", rehearsal.id, "-o", str(pack), "--db", str(lead)]) == 0
    assert main(["pack", "import", str(pack), "--db", str(other)]) == 0
    assert "added 1 rehearsal" in capsys.readouterr().out
    with Workspace.open(other) as ws:
        before = dump(ws)
    bad = tmp_path / "bad.rehearsalpack"
    bad.write_text("Title,Duration\n", encoding="utf-8")
    assert main(["pack", "import", str(bad), str(pack), "--db", str(other)]) == 2
    out, err = capsys.readouterr()
    assert "error: bad.rehearsalpack: not a Rehearsal pack" in err and "nothing new" in out
    with Workspace.open(other) as ws:
        assert dump(ws) == before


def test_sync_through_a_folder_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    one, two = tmp_path / "one.rehearsal", tmp_path / "two.rehearsal"
    with Workspace.open(one) as ws:
        rehearsal, _ = recorded(ws)
    assert main(["sync", "--set", str(folder), "--db", str(one)]) == 0
    assert "wrote 1 pack" in capsys.readouterr().out
    assert main(["sync", "--set", str(folder), "--db", str(two)]) == 0
    with Workspace.open(two) as ws:
        assert [r.id for r in ws.rehearsals()] == [rehearsal.id]
    assert main(["sync", "--stop", "--db", str(two)]) == 0
    capsys.readouterr()
    assert main(["sync", "--db", str(two)]) == 2
    assert "No shared folder" in capsys.readouterr().err
