"""Where a flag is: the places of a plan's run — each step in order, and a hand-off after a
segment wherever flags were raised on that hand-off — and the flags counted by place and
category. The one definition every surface counts flags by (Review's table, Analyze's heat
strip, the reports, `stats`): a flag on a hand-off is counted on the hand-off, never on the
segment before it.

A flag names a timed transition by its id (a step of its own); a zero-time hand-off by
the id of the transition after its segment (stored, or `handoff_id`), which may differ
between revisions: whichever id it has, it is the hand-off after its segment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from rehearsal.model import FLAG_CATEGORIES
from rehearsal.rehearsing.timing import StepKind


class PlacedStep(Protocol):
    """A step of the live sequence (`timing.Step`, or the analysis's `StepInfo`)."""

    @property
    def id(self) -> str: ...  # segment id, or transition id
    @property
    def kind(self) -> StepKind: ...
    @property
    def title(self) -> str: ...
    @property
    def segment_id(self) -> str: ...


class PlacedFlag(Protocol):
    @property
    def segment_id(self) -> str | None: ...
    @property
    def transition_id(self) -> str | None: ...
    @property
    def category(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Place:
    key: str  # the step key (segment id or timed transition id), or a hand-off's id
    title: str
    step: int | None  # the step's index; None for a zero-time hand-off
    segment_id: str  # the segment, or the one a transition or hand-off follows
    kind: str  # "segment", "transition" or "hand-off"
    detail: str  # the title in full, for tooltips


@dataclass(frozen=True, slots=True, eq=False)
class FlagGrid:
    categories: tuple[str, ...]
    counts: npt.NDArray[np.int64]  # places × categories
    unplaced: int  # flags on segments this plan does not have, or on the whole session

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FlagGrid):
            return NotImplemented
        return (
            self.categories == other.categories
            and self.unplaced == other.unplaced
            and np.array_equal(self.counts, other.counts)
        )

    __hash__ = None  # type: ignore[assignment]

    def at(self, row: int) -> int:
        """Flags at the place in `row`, every category."""
        return int(self.counts[row].sum())


@dataclass(frozen=True, slots=True)
class Places:
    places: tuple[Place, ...]
    flags: FlagGrid
    rows: tuple[int | None, ...]  # each flag's row in `places` (None: unplaced), in order

    def index(self, key: str | None) -> int | None:
        return next((i for i, p in enumerate(self.places) if p.key == key), None)

    def after_step(self, step: int) -> int | None:
        """The row of the hand-off after step `step`, if flags were raised on it."""
        for i, p in enumerate(self.places):
            if p.kind == "hand-off" and i and self.places[i - 1].step == step:
                return i
        return None


def places_of(steps: Sequence[PlacedStep], flags: Iterable[PlacedFlag]) -> Places:
    """Every step in order, with a hand-off row after a segment wherever flags were raised
    on that hand-off; the flag counts per row and category; and each flag's row."""
    flags = list(flags)
    keys = [s.id for s in steps]
    segment_columns = {
        k: j for j, (k, s) in enumerate(zip(keys, steps, strict=True)) if s.kind is StepKind.SEGMENT
    }
    timed = {k for k, s in zip(keys, steps, strict=True) if s.kind is StepKind.TRANSITION}
    handoffs: dict[str, str] = {}  # segment id → the hand-off id flags name
    for flag in flags:
        tid = flag.transition_id
        if tid and tid not in timed and flag.segment_id in segment_columns:
            handoffs.setdefault(flag.segment_id, tid)
    places: list[Place] = []
    for j, (key, step) in enumerate(zip(keys, steps, strict=True)):
        if step.kind is StepKind.TRANSITION:
            title = f"↔ {step.title}"
            places.append(Place(key, title, j, step.segment_id, "transition", title))
            continue
        places.append(Place(key, step.title, j, key, "segment", step.title))
        tid = handoffs.get(key)
        if tid is not None:
            following = next(
                (s.title for s in steps[j + 1 :] if s.kind is StepKind.SEGMENT), "the end"
            )
            places.append(
                Place(
                    tid,
                    f"↔ hand-off after {step.title}",
                    None,
                    key,
                    "hand-off",
                    f"hand-off {step.title} → {following}",
                )
            )
    row_of = {p.key: i for i, p in enumerate(places)}
    present = {f.category for f in flags}
    categories = tuple(c for c in FLAG_CATEGORIES if c in present) + tuple(
        sorted(present - set(FLAG_CATEGORIES))
    )
    column = {c: k for k, c in enumerate(categories)}
    counts = np.zeros((len(places), len(categories)), dtype=np.int64)
    unplaced = 0
    rows: list[int | None] = []
    for flag in flags:
        tid, sid = flag.transition_id, flag.segment_id
        if tid and tid in timed:
            at: str | None = tid
        elif tid:  # a hand-off: whichever id it has, the one after its segment
            at = handoffs.get(sid) if sid is not None else None
        else:
            at = sid if sid in segment_columns else None
        row = row_of.get(at) if at is not None else None
        rows.append(row)
        if row is None:
            unplaced += 1
        else:
            counts[row, column[flag.category]] += 1
    return Places(tuple(places), FlagGrid(categories, counts, unplaced), tuple(rows))
