"""What was adjusted live, and why: a rehearsal's ADJUST events as Review, the reports and
the CLI show them ("target 8:00 → 6:00, accepted live at 0:42:10: behind 3:20").

An adjustment changes a step's target for the rest of the run (`Run.adjust_target`); the
plan is unchanged and the step's over/under stays measured against the plan — the adjusted
target is shown alongside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rehearsal.durations import format_clock, format_duration
from rehearsal.model import Event, EventKind
from rehearsal.rehearsing.timing import Step, undone_marks


@dataclass(frozen=True, slots=True)
class Adjustment:
    index: int  # the step's place in the live sequence
    step_id: str
    title: str
    planned_s: int  # as the plan has it
    from_s: int  # the target before: planned, or an earlier adjustment
    target_s: int
    at_s: float  # after the run's first mark
    reason: str

    def text(self) -> str:
        """`target 8:00 → 6:00, accepted live at 0:42:10: behind 3:20`."""
        words = (
            f"target {format_duration(self.from_s)} → {format_duration(self.target_s)}, "
            f"accepted live at {format_clock(round(self.at_s))}"
        )
        return f"{words}: {self.reason}" if self.reason else words


def adjustments(steps: Sequence[Step], events: Sequence[Event]) -> tuple[Adjustment, ...]:
    """Every target changed live in a run of `steps`, in the order they were made."""
    undone = undone_marks(events)
    started: int | None = None
    targets: dict[int, int] = {}
    found = []
    for event in events:
        if event.kind is EventKind.NEXT and started is None and event.seq not in undone:
            started = event.at_ns
        if event.kind is not EventKind.ADJUST:
            continue
        index, target = int(event.get("step", "-1")), int(event.get("target_s", "0"))
        if not 0 <= index < len(steps):
            continue
        step = steps[index]
        found.append(
            Adjustment(
                index,
                step.id,
                step.title,
                step.planned_s,
                targets.get(index, step.planned_s),
                target,
                (event.at_ns - started) / 1e9 if started is not None else 0.0,
                event.get("reason"),
            )
        )
        targets[index] = target
    return tuple(found)


def adjusted_targets(steps: Sequence[Step], events: Sequence[Event]) -> dict[str, int]:
    """The last target each adjusted step had, by step id."""
    return {a.step_id: a.target_s for a in adjustments(steps, events)}
