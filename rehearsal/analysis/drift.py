"""How far behind (or ahead of) its plan each rehearsal was after each step: the schedule
offsets its step figures hold (`rehearsing.figures.step_offsets`), each rehearsal against
its own revision's schedule — the same figure whose last value is its drift at the end."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from rehearsal.analysis.observations import Observations


def drift(obs: Observations) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """runs × (steps + 1): each rehearsal's offset in seconds (+ behind) at its start (0)
    and after each step of the analysed plan; and which of those points it has (a step it
    did not run, or its revision lacked, has none; the start only if some step ran)."""
    if obs.offset is None:
        raise ValueError("these observations were built without schedule offsets")
    return _from_offsets(obs.offset)


def drift_of_row(
    obs: Observations, row: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """`drift` of one rehearsal (the row `row` of `obs`): steps + 1 offsets and points."""
    if obs.offset is None:
        raise ValueError("these observations were built without schedule offsets")
    offsets, valid = _from_offsets(obs.offset[row : row + 1])
    return offsets[0], valid[0]


def _from_offsets(
    offset: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    runs, width = offset.shape
    ran = ~np.isnan(offset)
    offsets = np.zeros((runs, width + 1))
    offsets[:, 1:] = np.where(ran, offset, 0.0)
    valid = np.zeros((runs, width + 1), dtype=bool)
    valid[:, 1:] = ran
    valid[:, 0] = ran.any(axis=1)
    return offsets, valid
