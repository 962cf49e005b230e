"""Opening the SQLite file of a workspace with the settings durability depends on, and the
handle every storage function takes."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rehearsal.errors import NotFound, RehearsalError
from rehearsal.storage.failures import SQLITE_READONLY, primary_code, storage_failure
from rehearsal.storage.schema import APPLICATION_ID, migrate, schema_version


class Storage:
    """An open workspace file. The functions of `rehearsal.storage.*` take it; nothing
    outside `rehearsal.storage` reads its connection or writes SQL.

    Plain `sqlite3` in autocommit mode (`isolation_level=None`): a write outside
    `transaction()` commits on its own, one inside it commits with it. Every write goes
    through `transaction()` and every read through `rows()` or `one()`: there an error of
    the disk or the file (full, read-only, an I/O error) becomes a `StorageError`, and a
    failed write has saved nothing."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, read_only: bool = False) -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only  # every write would fail (`connect_read_only`)
        self._savepoints = itertools.count(1)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One all-or-nothing write; nested ones are savepoints of the outer one.

        An exception undoes the block's writes and propagates: the whole transaction for
        the outermost block, only the savepoint's for a nested one (the outer block goes
        on, and commits what it wrote around it unless the exception reaches it too)."""
        conn = self.conn
        with self.failures(writing=True):
            if not conn.in_transaction:
                # IMMEDIATE: the write lock is taken at once, waiting (busy_timeout) for
                # another connection's write to end, so that a read-then-write never fails
                # half-way because that connection committed in between
                conn.execute("BEGIN" if self.read_only else "BEGIN IMMEDIATE")
                try:
                    yield
                    conn.execute("COMMIT")
                except BaseException:
                    # A failed COMMIT leaves the transaction open; an error such as
                    # RAISE(ROLLBACK) in a trigger, or a full disk, has already ended it.
                    _end(conn, "ROLLBACK")
                    raise
                return
            name = f"storage_{next(self._savepoints)}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                # else the error ended the transaction, savepoints too
                _end(conn, f"ROLLBACK TO SAVEPOINT {name}", f"RELEASE SAVEPOINT {name}")
                raise
            conn.execute(f"RELEASE SAVEPOINT {name}")

    @contextmanager
    def failures(self, *, writing: bool = False) -> Iterator[None]:
        """An error of the disk or the file inside the block as a `StorageError`
        (`rehearsal.storage.failures`); any other error as it is. A read-only connection's
        refusal to write is a bug of its caller, not a disk's: it is left as it is."""
        try:
            yield
        except sqlite3.Error as exc:
            refused = self.read_only and primary_code(exc) == SQLITE_READONLY
            failure = None if refused else storage_failure(exc, self.path, writing=writing)
            if failure is None:
                raise
            raise failure from exc

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[dict[str, Any]]:
        """The rows of `sql` as dicts (column → value), read as they are iterated. The
        statement runs now, not at the first `next`."""
        with self.failures():
            cursor = self.conn.execute(sql, params)
        return self._each(cursor, _keys(cursor))

    def tuples(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Every row of `sql` as a tuple, in the order of its columns (for the reads of
        thousands of rows, where a dict per row is most of the cost)."""
        with self.failures():
            return self.conn.execute(sql, params).fetchall()

    def _each(self, cursor: sqlite3.Cursor, keys: list[str]) -> Iterator[dict[str, Any]]:
        with self.failures():
            for row in cursor:
                yield dict(zip(keys, row, strict=False))  # as many values as columns: unchecked

    def one(self, sql: str, params: tuple[Any, ...], what: str) -> dict[str, Any]:
        """The first row, or `NotFound` naming `what`."""
        with self.failures():
            cursor = self.conn.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            raise NotFound(f"No {what} in {self.path.name}.")
        return dict(zip(_keys(cursor), row, strict=True))

    def close(self) -> None:
        self.conn.close()


def _end(conn: sqlite3.Connection, *statements: str) -> None:
    """Undo an open transaction's work after an error, if the error left it open. Should
    that fail too (the disk gone), the first error is the one worth reporting."""
    if not conn.in_transaction:
        return
    try:
        for statement in statements:
            conn.execute(statement)
    except sqlite3.Error:
        pass


def _keys(cursor: sqlite3.Cursor) -> list[str]:
    """The cursor's column names, a repeated one numbered (`id`, `id_2`) so that no value
    of a joined row hides another."""
    if cursor.description is None:
        raise ValueError("rows() and one() are for statements that return rows")
    names = [column[0] for column in cursor.description]
    if len(set(names)) == len(names):
        return names
    taken = set(names)
    keys: list[str] = []
    for name in names:
        key, suffix = name, 2
        while key in keys or (key != name and key in taken):
            key, suffix = f"{name}_{suffix}", suffix + 1
        keys.append(key)
    return keys


def connect(path: Path, *, new: bool = False, settled: Callable[[], None] | None = None) -> Storage:
    """A connection with WAL, synchronous=FULL and foreign keys on, schema up to date, to
    a file known to be a workspace or to become one (`rehearsal.storage.opening` tells; a
    `new` one is marked as Rehearsal's before anything else is written to it).

    `settled` is called once the connection is in WAL mode and holds SQLite's own lock on
    the file, which it keeps until it closes, and before the migrations write anything."""
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=5.0, check_same_thread=False)
    except sqlite3.Error as exc:
        failure = storage_failure(exc, path, writing=False)
        raise failure or RehearsalError(f"{path} cannot be opened: {exc}") from None
    storage = Storage(conn, path)
    try:
        with storage.failures():
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 5000")
            if new:  # the first byte written: a file cut short here is still known as ours
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise RehearsalError(
                    f"{path} cannot use write-ahead logging (journal mode {mode})."
                )
            conn.execute("PRAGMA synchronous = FULL")
            schema_version(conn)  # a first read: SQLite holds its lock from here
            if settled is not None:
                settled()
            migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise RehearsalError(
            f"{path} is not a Rehearsal workspace or is damaged ({exc}); it was not changed."
        ) from None
    except BaseException:
        conn.close()
        raise
    return storage


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
        failure = storage_failure(exc, path, writing=False)
        raise failure or RehearsalError(f"{path} cannot be read: {exc}") from None
    return Storage(conn, path, read_only=True)


def chunks(ids: list[str], size: int = 500) -> Iterator[tuple[str, ...]]:
    """`ids` in slices small enough for one `IN (?, …)`."""
    for start in range(0, len(ids), size):
        yield tuple(ids[start : start + size])


def marks(values: tuple[Any, ...] | list[Any] | set[Any]) -> str:
    """`?, ?, …`: one placeholder per value."""
    return ", ".join("?" for _ in values)
