"""The step figures of finished rehearsals (`RunFigures`): stored when a rehearsal finishes,
read by the analysis in one query instead of replaying every event. A cache of what the
events say, never the record: any new event of a rehearsal deletes its figures (a trigger
of the schema), so what is stored is never older than the events.

One row per rehearsal; each figure is an array with one value per step of the rehearsal's
plan, in the order the plan runs (`live_steps`), little-endian: planned seconds (int64),
actual seconds (float64, NaN for a step not reached), paused seconds (float64), attempts
(int64), the schedule offset after the step (float64, NaN for a step not run); and the
run's totals (`RunTotals`) as a JSON object. A row whose arrays do not have the length it
says, or whose totals are not what this version writes, is read as missing.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from rehearsal.model import RunFigures, RunTotals
from rehearsal.storage.database import Storage

_INT = np.dtype("<i8")
_FLOAT = np.dtype("<f8")


@dataclass(frozen=True, slots=True)
class StoredRun:
    """A rehearsal's figures as arrays, one value per step of its plan, in order."""

    rehearsal_id: str
    started_wall: str
    planned_s: npt.NDArray[np.int64]
    actual_s: npt.NDArray[np.float64]  # NaN: not reached
    pause_s: npt.NDArray[np.float64]
    attempts: npt.NDArray[np.int64]
    offset_s: npt.NDArray[np.float64]  # NaN: not run
    totals: RunTotals

    @classmethod
    def of(cls, run: RunFigures) -> StoredRun:
        """The arrays of figures derived here and now."""
        steps = run.steps
        return cls(
            run.rehearsal_id,
            run.started_wall,
            np.array([s.planned_s for s in steps], dtype=np.int64),
            np.array([np.nan if s.actual_s is None else s.actual_s for s in steps], _FLOAT),
            np.array([s.pause_s for s in steps], dtype=np.float64),
            np.array([s.attempts for s in steps], dtype=np.int64),
            np.array([np.nan if s.offset_s is None else s.offset_s for s in steps], _FLOAT),
            run.totals,
        )


_TOTALS = {f.name: f.type for f in dataclasses.fields(RunTotals)}
_NAMES = frozenset(_TOTALS)
# the types JSON gives each figure (a bool is no number here, though Python counts it an int)
_TYPES = {"float": frozenset({int, float}), "int": frozenset({int}), "bool": frozenset({bool})}
_CHECKS = tuple((name, _TYPES[str(kind)]) for name, kind in _TOTALS.items())


def _totals(text: str) -> RunTotals | None:
    """The totals a row stores, or None if they are not what this version writes."""
    try:
        found = json.loads(text)
    except ValueError:
        return None
    if type(found) is not dict or found.keys() != _NAMES:
        return None
    if not all(type(found[name]) in types for name, types in _CHECKS):
        return None
    return RunTotals(**found)


def read(s: Storage, rehearsal_ids: Sequence[str]) -> dict[str, StoredRun]:
    """The figures stored for `rehearsal_ids` (those without any are absent), one query."""
    found: dict[str, StoredRun] = {}
    if not rehearsal_ids:
        return found
    for row in s.tuples(
        "SELECT rehearsal_id, started_wall, steps, planned_s, actual_s, pause_s, attempts, "
        "offset_s, totals "
        "FROM step_figures WHERE rehearsal_id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(rehearsal_ids)),),
    ):
        rid, started, steps, planned, actual, pause, attempts, offset, text = row
        totals = _totals(text)
        size = 8 * steps
        if totals is None or not (
            len(planned) == len(actual) == len(pause) == len(attempts) == len(offset) == size
        ):
            continue  # not what this version writes: derived again
        found[rid] = StoredRun(  # read-only views of the bytes read (native on x86/ARM)
            rid,
            started,
            np.frombuffer(planned, _INT),
            np.frombuffer(actual, _FLOAT),
            np.frombuffer(pause, _FLOAT),
            np.frombuffer(attempts, _INT),
            np.frombuffer(offset, _FLOAT),
            totals,
        )
    return found


def missing(s: Storage, rehearsal_ids: Sequence[str] | None = None) -> list[str]:
    """Finished rehearsals (of `rehearsal_ids`, or all) whose figures are not stored."""
    sql = (
        "SELECT id FROM rehearsals WHERE status = 'finished' "
        "AND id NOT IN (SELECT rehearsal_id FROM step_figures WHERE totals != '')"
    )
    if rehearsal_ids is None:
        return [row["id"] for row in s.rows(sql + " ORDER BY created, id")]
    sql += " AND id IN (SELECT value FROM json_each(?)) ORDER BY created, id"
    return [row["id"] for row in s.rows(sql, (json.dumps(list(rehearsal_ids)),))]


def store(s: Storage, figures: Iterable[RunFigures]) -> None:
    """Store (or replace) the figures of rehearsals, all in one transaction."""
    rows = []
    for run in figures:
        arrays = StoredRun.of(run)
        rows.append(
            (
                run.rehearsal_id,
                run.started_wall,
                len(run.steps),
                arrays.planned_s.astype(_INT).tobytes(),
                arrays.actual_s.astype(_FLOAT).tobytes(),
                arrays.pause_s.astype(_FLOAT).tobytes(),
                arrays.attempts.astype(_INT).tobytes(),
                arrays.offset_s.astype(_FLOAT).tobytes(),
                json.dumps(dataclasses.asdict(run.totals)),
            )
        )
    with s.transaction():
        s.conn.executemany(
            "INSERT OR REPLACE INTO step_figures (rehearsal_id, started_wall, steps, planned_s, "
            "actual_s, pause_s, attempts, offset_s, totals) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def forget(s: Storage) -> None:
    """Delete every stored figure (they are derived again from the events)."""
    with s.transaction():
        s.conn.execute("DELETE FROM step_figures")
