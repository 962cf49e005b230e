"""Session risks computed, kept by the key of what the simulation read
(`rehearsal.analysis.risk.risk_key`): a cache any of whose rows may be dropped."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rehearsal.storage.database import Storage

MAX_ROWS = 5_000  # beyond this the oldest are forgotten


def read(s: Storage, keys: Sequence[str]) -> dict[str, tuple[float | None, str]]:
    """key → (P(overrun), what it is measured against) of the keys that are kept."""
    sql = "SELECT key, p_overrun, against FROM risk_cache WHERE key IN "
    sql += "(SELECT value FROM json_each(?))"
    return {
        r["key"]: (r["p_overrun"], r["against"])
        for r in s.rows(sql, (json.dumps(list(dict.fromkeys(keys))),))
    }


def store(s: Storage, computed: dict[str, tuple[float | None, str]], when: str) -> None:
    """Keep these risks (nothing when the workspace is open read-only)."""
    if s.read_only or not computed:
        return
    with s.transaction():
        s.conn.executemany(
            "INSERT OR REPLACE INTO risk_cache (key, p_overrun, against, computed) "
            "VALUES (?, ?, ?, ?)",
            [(key, p, against, when) for key, (p, against) in computed.items()],
        )
        s.conn.execute(
            "DELETE FROM risk_cache WHERE key NOT IN "
            "(SELECT key FROM risk_cache ORDER BY computed DESC LIMIT ?)",
            (MAX_ROWS,),
        )


def forget(s: Storage) -> None:
    """Drop every kept risk (each is simulated again when next asked for)."""
    with s.transaction():
        s.conn.execute("DELETE FROM risk_cache")
