"""Opening the SQLite file of a workspace with the settings durability depends on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from rehearsal.errors import RehearsalError
from rehearsal.storage.schema import migrate


def connect(path: Path) -> sqlite_utils.Database:
    """A connection with WAL, synchronous=FULL and foreign keys on, schema up to date."""
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=5.0, check_same_thread=False)
    except sqlite3.Error as exc:
        raise RehearsalError(f"{path} cannot be opened: {exc}") from None
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise RehearsalError(f"{path} cannot use write-ahead logging (journal mode {mode}).")
        conn.execute("PRAGMA synchronous = FULL")
        migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise RehearsalError(
            f"{path} is not a Rehearsal workspace or is damaged ({exc}); it was not changed."
        ) from None
    except BaseException:
        conn.close()
        raise
    return sqlite_utils.Database(conn)
