"""Opening the SQLite file of a workspace with the settings durability depends on, and the
handle every storage function takes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from rehearsal.errors import NotFound, RehearsalError
from rehearsal.storage.schema import migrate, schema_version


class Storage:
    """An open workspace file. The functions of `rehearsal.storage.*` take it; nothing
    outside `rehearsal.storage` reads its connection or writes SQL."""

    def __init__(self, db: sqlite_utils.Database, path: Path, *, read_only: bool = False) -> None:
        self.db = db
        self.path = path
        self.read_only = read_only  # every write would fail (`connect_read_only`)

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One all-or-nothing write; nested ones are savepoints of the outer one."""
        with self.db.atomic():
            yield

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[dict[str, Any]]:
        return self.db.query(sql, params)

    def one(self, sql: str, params: tuple[Any, ...], what: str) -> dict[str, Any]:
        """The first row, or `NotFound` naming `what`."""
        for row in self.db.query(sql, params):
            return row
        raise NotFound(f"No {what} in {self.path.name}.")

    def close(self) -> None:
        self.db.close()


def connect(path: Path) -> Storage:
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
    return Storage(sqlite_utils.Database(conn), path)


def connect_read_only(path: Path) -> Storage:
    """A read-only connection to a workspace another connection of this process keeps up
    to date (WAL: it sees every committed write, and never blocks the writer)."""
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro",
            uri=True,
            isolation_level=None,
            timeout=5.0,
            check_same_thread=False,
        )
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA query_only = ON")
        schema_version(conn)  # reads the file: a missing or foreign one fails here
    except sqlite3.Error as exc:
        raise RehearsalError(f"{path} cannot be read: {exc}") from None
    return Storage(sqlite_utils.Database(conn), path, read_only=True)


def chunks(ids: list[str], size: int = 500) -> Iterator[tuple[str, ...]]:
    """`ids` in slices small enough for one `IN (?, …)`."""
    for start in range(0, len(ids), size):
        yield tuple(ids[start : start + size])


def marks(values: tuple[Any, ...] | list[Any] | set[Any]) -> str:
    """`?, ?, …`: one placeholder per value."""
    return ", ".join("?" for _ in values)
