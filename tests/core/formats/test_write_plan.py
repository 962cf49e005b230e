"""Every plan file the app writes is whole or absent: a full disk or a folder that cannot be
written leaves no file, not even an empty one, and says why (issue 13)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from plans import small_draft
from small_disk import fill, full_disk, names, read_only_disk  # noqa: F401  (fixtures)

from rehearsal import Workspace
from rehearsal.cli.main import main
from rehearsal.errors import RehearsalError
from rehearsal.formats import WRITE_FORMATS, write_plan


@pytest.mark.parametrize("kind", WRITE_FORMATS)
def test_a_full_disk_leaves_no_file(full_disk: Path, kind: str) -> None:  # noqa: F811
    target = full_disk / f"plan.{kind}"
    with pytest.raises(RehearsalError, match="the disk is full") as error:
        write_plan(small_draft(), target)
    assert str(target) in str(error.value)
    assert names(full_disk) == ["filler"]


@pytest.mark.parametrize("kind", WRITE_FORMATS)
def test_a_read_only_disk_leaves_no_file(read_only_disk: Path, kind: str) -> None:  # noqa: F811
    with pytest.raises(RehearsalError, match="read-only disk"):
        write_plan(small_draft(), read_only_disk / f"plan.{kind}")
    assert names(read_only_disk) == []


@pytest.mark.parametrize("kind", WRITE_FORMATS)
def test_an_existing_file_is_kept_whole_when_the_disk_fills(
    full_disk: Path,  # noqa: F811
    kind: str,
) -> None:
    """The old file stays as it was: the new one replaces it only once written whole."""
    target = full_disk / f"plan.{kind}"
    (full_disk / "filler").unlink()
    write_plan(small_draft("Before"), target)
    before = target.read_bytes()
    fill(full_disk)
    long = small_draft("After " + "x" * 50_000)  # more than the room left
    with pytest.raises(RehearsalError, match="the disk is full"):
        write_plan(long, target)
    assert target.read_bytes() == before
    assert names(full_disk) == sorted(["filler", target.name])


def test_export_to_a_full_disk_is_one_error_line_and_exit_2(
    tmp_path: Path,
    full_disk: Path,  # noqa: F811
) -> None:
    """In a process of its own, so that what openpyxl might print when its half-written ZIP
    is collected (after our error line: "Exception ignored in ZipFile.__del__") is seen."""
    db = tmp_path / "w.rehearsal"
    with Workspace.open(db) as ws:
        plan = ws.add_plan(small_draft())
    for kind in WRITE_FORMATS:
        target = str(full_disk / f"out.{kind}")
        argv = ["export", plan.id, "-o", target, "--db", str(db)]
        child = subprocess.run(
            [sys.executable, "-m", "rehearsal.cli.main", *argv],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONWARNINGS": "default"},
        )
        assert child.returncode == 2, child.stderr
        assert child.stderr.startswith("error: ") and child.stderr.count("\n") == 1, child.stderr
        assert "the disk is full" in child.stderr
    assert names(full_disk) == ["filler"]


def test_export_to_a_read_only_disk_is_exit_2(
    tmp_path: Path,
    read_only_disk: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "w.rehearsal"
    with Workspace.open(db) as ws:
        plan = ws.add_plan(small_draft())
    for kind in WRITE_FORMATS:
        target = read_only_disk / f"out.{kind}"
        assert main(["export", plan.id, "-o", str(target), "--db", str(db)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and err.count("\n") == 1
        assert "read-only disk" in err
    assert names(read_only_disk) == []
