"""When the disk, the folder or the file fails: a full disk in the middle of a big import,
a disk I/O error, a read-only disk or file, a folder where a file should be, a name too
long. Each is a `StorageError` from the API and one `error:` line with exit status 2 from
the command line, and the workspace is as it was: every row of every table reads back the
same, from the same workspace object (it stays open and usable: reading at once, writing
again once there is room) and after reopening it.

The disks are real (tests/small_disk.py: a tmpfs of a few megabytes, read-only mounts).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import raw
from plans import small_draft
from reviewing import recorded
from small_disk import fill, read_only, read_only_folder, small_disk

import rehearsal
from rehearsal import StorageError, Workspace
from rehearsal.cli.main import main
from rehearsal.exchange.packs import export_pack, import_pack
from rehearsal.formats import write_plan
from rehearsal.model import PlanDraft, Segment, new_id

DISK_BYTES = 2_200_000  # a workspace, its copy before a migration, and the log of the migrations
LEFT_BYTES = 300_000  # free on the disk when the big write starts
# More than the disk has left: 3,000 segments with a paragraph of design intent each.
BIG = PlanDraft(
    name="Full-day program",
    segments=tuple(
        Segment(new_id(), f"Segment {i}", 60, intent="Why this segment exists. " * 12)
        for i in range(3000)
    ),
)


def everything(ws: Workspace) -> dict[str, list[str]]:
    """Every row of every table, the workspace's own settings included."""
    tables = [
        r["name"]
        for r in raw.rows(ws, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    ]
    return {
        table: sorted(
            json.dumps(row, sort_keys=True, default=bytes.hex)
            for row in raw.rows(ws, f"SELECT * FROM {table}")
        )
        for table in tables
    }


def one_error_line(err: str) -> str:
    [line] = err.splitlines()
    assert line.startswith("error: "), line
    return line


@dataclass
class FullDisk:
    path: Path  # the workspace, on the small disk
    before: dict[str, list[str]]  # every row, before the big write
    filler: Path  # remove it to make room again


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[FullDisk]:
    """A workspace with a rehearsal in it, on a disk with little room left."""
    with small_disk(tmp_path, DISK_BYTES) as disk:
        path = disk / "team.rehearsal"
        with Workspace.open(path) as ws:
            recorded(ws)
            ws.set_meta("review_author", "Sam")
            before = everything(ws)
        yield FullDisk(path, before, fill(disk, LEFT_BYTES))


@pytest.fixture
def big_plan(tmp_path: Path) -> Path:
    path = tmp_path / "full-day.json"
    write_plan(BIG, path)
    return path


@pytest.fixture
def big_pack(tmp_path: Path) -> Path:
    """A pack of a rehearsal of the big plan (it brings the plan with it)."""
    with Workspace.open(tmp_path / "elsewhere.rehearsal") as ws:
        plan = ws.add_plan(BIG)
        run = ws.start_rehearsal(plan.id)
        run.next()
        run.note("Started late " * 1000)
        run.finish()
        return export_pack(ws, run.rehearsal.id, tmp_path / "big.rehearsalpack")


def test_a_full_disk_during_a_plan_import_saves_nothing_and_the_workspace_goes_on(
    full_disk: FullDisk, big_plan: Path
) -> None:
    with Workspace.open(full_disk.path) as ws:
        with pytest.raises(StorageError, match="disk is full"):
            ws.import_plan(big_plan)
        assert everything(ws) == full_disk.before  # the same object reads on
    with Workspace.open(full_disk.path) as ws:  # and it reopens, the disk still full
        assert everything(ws) == full_disk.before
    full_disk.filler.unlink()
    with Workspace.open(full_disk.path) as ws:  # with room again, it writes again
        ws.add_plan(small_draft("After the disk was freed"))
        assert len(ws.programs()) == 2


def test_the_same_object_writes_again_once_there_is_room(
    full_disk: FullDisk, big_plan: Path
) -> None:
    with Workspace.open(full_disk.path) as ws:
        with pytest.raises(StorageError):
            ws.import_plan(big_plan)
        full_disk.filler.unlink()
        plan = ws.import_plan(big_plan)
        assert len(ws.plan(plan.id).segments) == len(BIG.segments)


def test_a_full_disk_during_a_plan_import_on_the_command_line(
    full_disk: FullDisk, big_plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(big_plan), "--db", str(full_disk.path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "disk is full" in one_error_line(err)
    with Workspace.open(full_disk.path) as ws:
        assert everything(ws) == full_disk.before


def test_a_full_disk_during_a_pack_import_saves_nothing(
    full_disk: FullDisk, big_pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Workspace.open(full_disk.path) as ws:
        with pytest.raises(StorageError, match="disk is full"):
            import_pack(ws, big_pack)
        assert everything(ws) == full_disk.before
    assert main(["pack", "import", str(big_pack), "--db", str(full_disk.path)]) == 2
    assert "disk is full" in one_error_line(capsys.readouterr().err)
    with Workspace.open(full_disk.path) as ws:
        assert everything(ws) == full_disk.before


def test_a_new_workspace_on_a_full_disk_leaves_no_file(tmp_path: Path) -> None:
    with small_disk(tmp_path, DISK_BYTES) as disk:
        fill(disk, 0)
        with pytest.raises(StorageError, match="disk is full"):
            Workspace.open(disk / "new.rehearsal")
        assert os.listdir(disk) == ["filler"]


def test_a_backup_that_cannot_be_written_stops_the_migration(tmp_path: Path) -> None:
    from test_backup import backup_of, schema_1_workspace

    with small_disk(tmp_path, DISK_BYTES) as disk:
        path = disk / "old.rehearsal"
        schema_1_workspace(path, notes_bytes=800_000)  # its copy needs that much room
        before = path.read_bytes()
        filler = fill(disk, LEFT_BYTES)  # room to open it, not to copy it
        with pytest.raises(StorageError, match=r"older version.*disk is full.*not changed"):
            Workspace.open(path)
        assert path.read_bytes() == before
        assert sorted(os.listdir(disk)) == ["filler", "old.rehearsal"]
        filler.unlink()
        with Workspace.open(path) as ws:
            assert [p.name for p in ws.programs()] == ["Old program"]
        assert backup_of(disk / "old.rehearsal.schema1.bak") == (1, ["Old program"])


IO_ERROR = """
import resource, signal, sys
from rehearsal.cli.main import main
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), resource.RLIM_INFINITY))
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="file size limits are POSIX")
def test_a_disk_io_error_is_one_error_line_and_saves_nothing(
    tmp_path: Path, big_plan: Path
) -> None:
    """The operating system refuses a write (here: the process may not grow a file past
    a size), which SQLite reports as a disk I/O error."""
    path = tmp_path / "team.rehearsal"
    with Workspace.open(path) as ws:
        recorded(ws)
        before = everything(ws)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(Path(rehearsal.__file__).parents[1]), env.get("PYTHONPATH")) if p
    )
    done = subprocess.run(
        [sys.executable, "-c", IO_ERROR, "500000", "import", str(big_plan), "--db", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "disk reported an error" in one_error_line(done.stderr)
    with Workspace.open(path) as ws:
        assert everything(ws) == before


def _refused(path: Path, match: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`path` is refused by the API and by the command line, with `match` in the words."""
    with pytest.raises(StorageError, match=match):
        Workspace.open(path)
    assert main(["list", "--db", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and match in one_error_line(err)


def test_a_workspace_on_a_read_only_disk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with small_disk(tmp_path, DISK_BYTES) as disk:
        path = disk / "team.rehearsal"
        with Workspace.open(path) as ws:
            recorded(ws)
        before = path.read_bytes()
        with read_only(disk):
            _refused(path, "read-only", capsys)
            _refused(disk / "new.rehearsal", "read-only", capsys)
            _refused(disk / "new folder" / "new.rehearsal", "read-only", capsys)
        assert path.read_bytes() == before
        assert os.listdir(disk) == ["team.rehearsal"]


def test_a_read_only_workspace_file_in_a_writable_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "team.rehearsal"
    with Workspace.open(path) as ws:
        recorded(ws)
    before = path.read_bytes()
    with read_only_folder(path):
        _refused(path, "read-only", capsys)
        assert os.listdir(tmp_path) == ["team.rehearsal"]
    assert path.read_bytes() == before


def test_a_folder_where_a_file_should_be(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "folder.rehearsal"
    folder.mkdir()
    _refused(folder, "is a folder", capsys)
    path = tmp_path / "team.rehearsal"
    Workspace.open(path).close()
    (tmp_path / "team.rehearsal-wal").mkdir()  # where SQLite keeps its log
    _refused(path, "team.rehearsal-wal is not a file", capsys)
    (tmp_path / "team.rehearsal-wal").rmdir()
    (tmp_path / "team.rehearsal.lock").mkdir()  # where the lock file used to be: no matter
    with Workspace.open(path) as ws:
        assert ws.programs() == []


def test_a_name_too_long_and_a_folder_that_cannot_be_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _refused(tmp_path / ("w" * 300 + ".rehearsal"), "the name is too long", capsys)
    _refused(tmp_path / ("f" * 300) / "w.rehearsal", "the name is too long", capsys)
    (tmp_path / "notes.txt").write_text("a file", encoding="utf-8")
    _refused(tmp_path / "notes.txt" / "w.rehearsal", "is a file, not a folder", capsys)
    assert sorted(os.listdir(tmp_path)) == ["notes.txt"]
