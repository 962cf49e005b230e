"""A report or a guide written to a disk that refuses it, for the core's and the UI's tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from plans import small_draft
from reviewing import recorded
from small_disk import fill, read_only, small_disk

from rehearsal import Workspace
from rehearsal.cli.main import main


def refused_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], format: str, disk_is: str
) -> None:
    """`rehearsal report` to a disk that is full or read-only: exit 2, one error line
    saying why, no file left."""
    path = tmp_path / "ws.rehearsal"
    with Workspace.open(path) as ws:
        rehearsal, _ = recorded(ws)
    with small_disk(tmp_path, 1_000_000) as disk:
        target = disk / f"report.{format}"
        argv = ["report", "--rehearsal", rehearsal.id, "-o", str(target), "--db", str(path)]
        if disk_is == "full":
            fill(disk, leave=1_000)
            code = main(argv)
            listing = sorted(p.name for p in disk.iterdir())
        else:
            with read_only(disk):
                code = main(argv)
                listing = sorted(p.name for p in disk.iterdir())
        _, err = capsys.readouterr()
        assert code == 2
        [line] = [t for t in err.splitlines() if t.startswith("error:")]  # after progress
        assert err.strip().endswith(line) and "Traceback" not in err and str(target) in line
        assert ("disk is full" if disk_is == "full" else "read-only disk") in line
        assert listing == (["filler"] if disk_is == "full" else [])


def refused_guide(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], format: str, disk_is: str
) -> None:
    """`rehearsal guide` to a disk that is full or read-only: exit 2, one error line
    saying why, no file left."""
    path = tmp_path / "ws.rehearsal"
    with Workspace.open(path) as ws:
        plan = ws.add_plan(small_draft())
    with small_disk(tmp_path, 1_000_000) as disk:
        target = disk / f"guide.{format}"
        argv = ["guide", plan.id, "--role", "producer", "-o", str(target), "--db", str(path)]
        if disk_is == "full":
            fill(disk, leave=1_000)
            code = main(argv)
            listing = sorted(p.name for p in disk.iterdir())
        else:
            with read_only(disk):
                code = main(argv)
                listing = sorted(p.name for p in disk.iterdir())
        out, err = capsys.readouterr()
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and err.startswith("error:") and str(target) in err
        assert ("disk is full" if disk_is == "full" else "read-only disk") in err
        assert listing == (["filler"] if disk_is == "full" else [])
