"""A file that is not a Rehearsal workspace is refused without a byte changed: not its
content, not its time stamp, nothing made beside it (not even for a moment: the folder's
own time stamp does not move), by the API and by the command line alike. Rehearsal's own
files are marked (`PRAGMA application_id`); older ones are told by their tables."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import raw
from plans import small_draft

from rehearsal import NotAWorkspace, RehearsalError, SchemaTooNew, Workspace
from rehearsal.cli.main import main
from rehearsal.storage.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION


def _database(path: Path, *scripts: str, wal: bool = False) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    for script in scripts:
        conn.executescript(script)
    conn.close()


def text(path: Path) -> None:
    path.write_text("Agenda for Monday\n" * 200, encoding="utf-8")


def short_junk(path: Path) -> None:
    path.write_bytes(b"SQLite")


def with_tables(path: Path) -> None:
    _database(path, "CREATE TABLE notes (x)", "INSERT INTO notes VALUES ('keep me')")


def with_user_version(path: Path) -> None:
    """Another app that versions its schema the way Rehearsal does."""
    _database(
        path, "CREATE TABLE notes (x)", "INSERT INTO notes VALUES (1)", "PRAGMA user_version = 2"
    )


def user_version_no_tables(path: Path) -> None:
    _database(path, "PRAGMA user_version = 1")


def empty_database(path: Path) -> None:
    _database(path, "CREATE TABLE t (x)", "DROP TABLE t")


def application_id(path: Path) -> None:
    _database(path, "PRAGMA application_id = 1179010630", "CREATE TABLE t (x)")


def wal_mode(path: Path) -> None:
    _database(path, "CREATE TABLE notes (x)", "INSERT INTO notes VALUES (1)", wal=True)


def newer_workspace(path: Path) -> None:
    with Workspace.open(path) as ws:
        ws.add_plan(small_draft())
        raw.conn(ws).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")


def newer_workspace_unmarked(path: Path) -> None:
    """A newer workspace without the mark (as no version writes it, but still told)."""
    newer_workspace(path)
    _database(path, "PRAGMA application_id = 0")


FOREIGN: dict[str, tuple[Callable[[Path], None], type[RehearsalError]]] = {
    "text": (text, NotAWorkspace),
    "short junk": (short_junk, NotAWorkspace),
    "a database with tables": (with_tables, NotAWorkspace),
    "a database with its own user_version": (with_user_version, NotAWorkspace),
    "a user_version and no tables": (user_version_no_tables, NotAWorkspace),
    "an empty database": (empty_database, NotAWorkspace),
    "another application_id": (application_id, NotAWorkspace),
    "a WAL-mode database": (wal_mode, NotAWorkspace),
    "a newer workspace": (newer_workspace, SchemaTooNew),
    "a newer workspace without the mark": (newer_workspace_unmarked, SchemaTooNew),
}


Snapshot = tuple[dict[str, tuple[bytes, int]], int]


def snapshot(folder: Path) -> Snapshot:
    """Every file of `folder` with its bytes and time stamp, and the folder's own."""
    files = {
        entry.name: (Path(entry.path).read_bytes(), entry.stat().st_mtime_ns)
        for entry in os.scandir(folder)
    }
    return files, folder.stat().st_mtime_ns


@pytest.mark.parametrize("kind", FOREIGN)
def test_the_api_refuses_a_foreign_file_and_changes_nothing(tmp_path: Path, kind: str) -> None:
    make, error = FOREIGN[kind]
    path = tmp_path / "other.rehearsal"
    make(path)
    before = snapshot(tmp_path)
    with pytest.raises(error, match="not changed"):
        Workspace.open(path)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("kind", FOREIGN)
def test_the_command_line_refuses_a_foreign_file_and_changes_nothing(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    make, _ = FOREIGN[kind]
    path = tmp_path / "other.rehearsal"
    make(path)
    before = snapshot(tmp_path)
    assert main(["list", "--db", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    [line] = err.splitlines()
    assert line.startswith("error: ") and "not changed" in line
    assert snapshot(tmp_path) == before


OTHER_APP = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("PRAGMA wal_autocheckpoint = 0")  # its changes stay in its -wal
conn.execute("CREATE TABLE notes (x)")
conn.execute("INSERT INTO notes VALUES ('not yet in the main file')")
print("READY", flush=True)
sys.stdin.read()
"""


@contextmanager
def open_elsewhere(path: Path) -> Iterator[None]:
    """Another application has the WAL-mode database `path` open, its changes in -wal."""
    other = subprocess.Popen(
        [sys.executable, "-c", OTHER_APP, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert other.stdin is not None and other.stdout is not None
    try:
        assert other.stdout.readline().strip() == "READY"
        yield
    finally:
        other.stdin.close()
        other.wait(timeout=60)
        other.stdout.close()


def test_another_applications_open_wal_database_is_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "other.db"
    with open_elsewhere(path):
        before = snapshot(tmp_path)
        assert sorted(before[0]) == ["other.db", "other.db-shm", "other.db-wal"]
        with pytest.raises(NotAWorkspace, match="not changed"):
            Workspace.open(path)
        assert main(["list", "--db", str(path)]) == 2
        assert len(capsys.readouterr().err.splitlines()) == 1
        assert snapshot(tmp_path) == before


def test_an_empty_file_beside_changes_of_a_database_is_not_taken(tmp_path: Path) -> None:
    path = tmp_path / "w.rehearsal"
    path.write_bytes(b"")
    path.with_name("w.rehearsal-wal").write_bytes(b"\x37\x7f\x06\x82" + bytes(60))
    before = snapshot(tmp_path)
    with pytest.raises(NotAWorkspace):
        Workspace.open(path)
    assert snapshot(tmp_path) == before


def _application_id(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[68:72], "big")


@pytest.mark.parametrize("exists", [False, True])
def test_a_missing_or_empty_file_becomes_a_marked_workspace(tmp_path: Path, exists: bool) -> None:
    path = tmp_path / "new.rehearsal"
    if exists:
        path.write_bytes(b"")
    with Workspace.open(path) as ws:
        ws.add_plan(small_draft())
    assert _application_id(path) == APPLICATION_ID
    assert sorted(os.listdir(tmp_path)) == ["new.rehearsal"]


def test_a_workspace_from_before_the_mark_is_told_by_its_tables_and_marked(
    tmp_path: Path,
) -> None:
    current = tmp_path / "current.rehearsal"
    with Workspace.open(current) as ws:
        plan = ws.add_plan(small_draft())
    _database(current, "PRAGMA application_id = 0")  # as versions before the mark left it
    old = tmp_path / "old.rehearsal"
    _database(old, MIGRATIONS[0], "PRAGMA user_version = 1")
    with Workspace.open(current) as ws:
        assert ws.plan(plan.id) == plan
    with Workspace.open(old) as ws:
        assert ws.programs() == []
        assert raw.scalar(ws, "PRAGMA user_version") == SCHEMA_VERSION
    assert _application_id(current) == _application_id(old) == APPLICATION_ID
    # only the migrated one needed a backup
    assert sorted(os.listdir(tmp_path)) == [
        "current.rehearsal",
        "old.rehearsal",
        "old.rehearsal.schema1.bak",
    ]
