"""The copy kept before a migration: written whole or not at all, and never in the way.

Whatever already has the backup's name (a broken or stale copy, a folder) does not stop a
healthy workspace from opening: the copy is written to a temporary file and renamed over a
file of that name, or given the next free name when something else has it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from rehearsal import Workspace
from rehearsal.storage.schema import MIGRATIONS, SCHEMA_VERSION


def schema_1_workspace(path: Path, notes_bytes: int = 0) -> None:
    """A workspace as version 1 of the schema left it, with one program (whose notes are
    `notes_bytes` long)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO programs VALUES ('p', 'Old program', '2025-01-01', ?)", ("n" * notes_bytes,)
    )
    conn.close()


def backup_of(path: Path) -> tuple[int, list[str]]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        names = [name for (name,) in conn.execute("SELECT name FROM programs")]
    finally:
        conn.close()
    return version, names


def test_a_broken_backup_in_the_way_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "w.rehearsal"
    schema_1_workspace(path)
    stale = tmp_path / "w.rehearsal.schema1.bak"
    stale.write_bytes(b"half a copy, cut short by a crash")
    with Workspace.open(path) as ws:
        assert [p.name for p in ws.programs()] == ["Old program"]
    assert backup_of(stale) == (1, ["Old program"])
    assert sorted(os.listdir(tmp_path)) == ["w.rehearsal", "w.rehearsal.schema1.bak"]


def test_a_folder_with_the_backups_name_is_left_and_another_name_used(tmp_path: Path) -> None:
    path = tmp_path / "w.rehearsal"
    schema_1_workspace(path)
    folder = tmp_path / "w.rehearsal.schema1.bak"
    folder.mkdir()
    (folder / "mine.txt").write_text("someone's notes", encoding="utf-8")
    with Workspace.open(path) as ws:
        assert [p.name for p in ws.programs()] == ["Old program"]
        assert ws.rehearsals() == []
    assert (folder / "mine.txt").read_text(encoding="utf-8") == "someone's notes"
    assert backup_of(tmp_path / "w.rehearsal.schema1.2.bak") == (1, ["Old program"])
    assert sorted(os.listdir(tmp_path)) == [
        "w.rehearsal",
        "w.rehearsal.schema1.2.bak",
        "w.rehearsal.schema1.bak",
    ]


def test_a_current_workspace_needs_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "w.rehearsal"
    Workspace.open(path).close()
    (tmp_path / f"w.rehearsal.schema{SCHEMA_VERSION}.bak").write_bytes(b"junk")
    Workspace.open(path).close()
    assert (tmp_path / f"w.rehearsal.schema{SCHEMA_VERSION}.bak").read_bytes() == b"junk"
