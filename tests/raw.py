"""White-box access for tests: the workspace's own SQLite connection, to look at (or
tamper with) rows the way no code outside `rehearsal.storage` may."""

from __future__ import annotations

import sqlite3
from typing import Any

from rehearsal.workspace import Workspace


def conn(ws: Workspace) -> sqlite3.Connection:
    return ws.storage.conn


def rows(ws: Workspace, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    cursor = conn(ws).execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def scalar(ws: Workspace, sql: str, params: tuple[Any, ...] = ()) -> Any:
    return conn(ws).execute(sql, params).fetchone()[0]
