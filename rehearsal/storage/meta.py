"""The workspace's own values, kept by key in `meta`: its id (`origin`, which marks the
edits made here), its settings (the launch rules, the shared folder, the review author)
and bookkeeping (the shared-folder packs already merged)."""

from __future__ import annotations

from rehearsal.model import new_id
from rehearsal.storage.database import Storage

ORIGIN_KEY = "origin"


def value(s: Storage, key: str) -> str | None:
    """The value stored under `key`, or None when there is none."""
    for row in s.rows("SELECT value FROM meta WHERE key = ?", (key,)):
        return str(row["value"])
    return None


def set_value(s: Storage, key: str, text: str) -> bool:
    """Store `text` under `key`; whether that changed anything."""
    if value(s, key) == text:
        return False
    with s.transaction():
        s.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, text),
        )
    return True


def origin(s: Storage) -> str:
    """This workspace's own id, made on first use."""
    found = value(s, ORIGIN_KEY)
    if found is not None:
        return found
    with s.transaction():
        s.conn.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (ORIGIN_KEY, new_id())
        )
    return origin(s)
