"""The step figures of finished rehearsals (`RunFigures`): stored when a rehearsal finishes,
read by the analysis in one query instead of replaying every event. A cache of what the
events say, never the record: any new event of a rehearsal deletes its figures (a trigger
of the schema), so what is stored is never older than the events."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rehearsal.model import RunFigures
from rehearsal.storage.database import Storage

# rehearsal id, step id, planned_s, actual_s (None: not reached), pause_s, attempts
FigureRow = tuple[str, str, int, float | None, float, int]


@dataclass(slots=True)
class StoredFigures:
    """Figures of many rehearsals, as columns would be read: one row per step."""

    started: dict[str, str] = field(default_factory=dict)  # rehearsal id → started_wall
    rows: list[FigureRow] = field(default_factory=list)

    def add(self, figures: Iterable[RunFigures]) -> None:
        """Add figures derived here and now (those a read found missing)."""
        for run in figures:
            self.started[run.rehearsal_id] = run.started_wall
            self.rows.extend(
                (run.rehearsal_id, s.step_id, s.planned_s, s.actual_s, s.pause_s, s.attempts)
                for s in run.steps
            )


def read(s: Storage, rehearsal_ids: Sequence[str]) -> StoredFigures:
    """The figures stored for `rehearsal_ids` (those without any are simply absent)."""
    ids = json.dumps(list(rehearsal_ids))
    chosen = "rehearsal_id IN (SELECT value FROM json_each(?))"
    found = StoredFigures()
    conn = s.conn
    found.started = dict(
        conn.execute(f"SELECT rehearsal_id, started_wall FROM run_figures WHERE {chosen}", (ids,))
    )
    found.rows = conn.execute(
        "SELECT rehearsal_id, step_id, planned_s, actual_s, pause_s, attempts "
        f"FROM step_figures WHERE {chosen} ORDER BY rehearsal_id, position",
        (ids,),
    ).fetchall()
    return found


def missing(s: Storage, rehearsal_ids: Sequence[str] | None = None) -> list[str]:
    """Finished rehearsals (of `rehearsal_ids`, or all) whose figures are not stored."""
    sql = (
        "SELECT id FROM rehearsals WHERE status = 'finished' "
        "AND id NOT IN (SELECT rehearsal_id FROM run_figures)"
    )
    if rehearsal_ids is None:
        return [row[0] for row in s.conn.execute(sql + " ORDER BY created, id")]
    sql += " AND id IN (SELECT value FROM json_each(?)) ORDER BY created, id"
    return [row[0] for row in s.conn.execute(sql, (json.dumps(list(rehearsal_ids)),))]


def store(s: Storage, figures: Iterable[RunFigures]) -> None:
    """Store (or replace) the figures of rehearsals, all in one transaction."""
    conn = s.conn
    with s.transaction():
        for run in figures:
            conn.execute("DELETE FROM step_figures WHERE rehearsal_id = ?", (run.rehearsal_id,))
            conn.execute(
                "INSERT OR REPLACE INTO run_figures (rehearsal_id, started_wall) VALUES (?, ?)",
                (run.rehearsal_id, run.started_wall),
            )
            conn.executemany(
                "INSERT INTO step_figures (rehearsal_id, position, step_id, planned_s, "
                "actual_s, pause_s, attempts) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (run.rehearsal_id, i, f.step_id, f.planned_s, f.actual_s, f.pause_s, f.attempts)
                    for i, f in enumerate(run.steps)
                ],
            )


def forget(s: Storage) -> None:
    """Delete every stored figure (they are derived again from the events)."""
    with s.transaction():
        s.conn.execute("DELETE FROM step_figures")
        s.conn.execute("DELETE FROM run_figures")
