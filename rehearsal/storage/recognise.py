"""Telling a Rehearsal workspace from any other file, before a byte of it is written.

A workspace is an SQLite database marked with Rehearsal's application id (`PRAGMA
application_id`, kept in the file's header) or, written before the mark existed, one with
an id of 0 whose tables are those this app made at its schema version. Anything else is
refused and left as it was: no byte, no time stamp, nothing beside it. The header is read
with a plain read; when it is not enough, the tables are read through an `immutable`
connection, which takes no lock and makes no -wal or -shm file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from rehearsal.errors import NotAWorkspace, SchemaTooNew, StorageError
from rehearsal.files import reason
from rehearsal.storage.failures import (
    SQLITE_CORRUPT,
    SQLITE_NOTADB,
    primary_code,
    storage_failure,
)
from rehearsal.storage.lock import HEADER_BYTES
from rehearsal.storage.schema import APPLICATION_ID, SCHEMA_VERSION, tables_at, too_new

MAGIC = b"SQLite format 3\x00"


def read_header(path: Path) -> bytes:
    """The first bytes of `path`; empty when there is no file (or an empty one)."""
    try:
        with open(path, "rb") as file:
            return file.read(HEADER_BYTES)
    except FileNotFoundError:
        return b""
    except OSError as exc:
        raise StorageError(f"{path} cannot be read: {reason(path, exc)}.") from None


def recognise(path: Path, header: bytes) -> int | None:
    """The schema version of the workspace at `path` whose file starts with `header`, or
    None for a new one (no file, or an empty one). `NotAWorkspace` for any other file,
    `SchemaTooNew` for a workspace of a newer version; either way nothing was written."""
    unchanged = "it was not changed"
    if not header:
        wal = path.with_name(path.name + "-wal")
        if wal.is_file() and wal.stat().st_size > 0:
            raise NotAWorkspace(
                f"{path} is empty but {wal.name} beside it holds a database's changes: "
                f"it is not a Rehearsal workspace; {unchanged}."
            )
        return None
    if len(header) < HEADER_BYTES or not header.startswith(MAGIC):
        raise NotAWorkspace(f"{path} is not a Rehearsal workspace (not a database); {unchanged}.")
    version = int.from_bytes(header[60:64], "big", signed=True)
    application = int.from_bytes(header[68:72], "big", signed=True)
    if application == APPLICATION_ID:
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(too_new(path, version))
        return version
    if application != 0:
        raise NotAWorkspace(
            f"{path} is another application's database, not a Rehearsal workspace; {unchanged}."
        )
    tables = _tables(path)
    ours = version >= 1 and tables_at(min(version, SCHEMA_VERSION)) <= tables
    if ours and version > SCHEMA_VERSION:
        raise SchemaTooNew(too_new(path, version))
    if not ours:
        raise NotAWorkspace(
            f"{path} is an SQLite database but not a Rehearsal workspace; {unchanged}."
        )
    return version


def _tables(path: Path) -> frozenset[str]:
    """The tables of the database at `path`, read without a lock or a file of SQLite's."""
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    conn = None
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        found = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    except sqlite3.Error as exc:
        if primary_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB):
            raise NotAWorkspace(
                f"{path} is damaged or not a Rehearsal workspace ({exc}); it was not changed."
            ) from None
        raise storage_failure(exc, path, writing=False) or exc from None
    finally:
        if conn is not None:
            conn.close()
    return frozenset(str(name) for (name,) in found)
