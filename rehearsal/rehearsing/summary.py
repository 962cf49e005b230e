"""What a rehearsal came to, step by step: derived from its events. The summary itself is
never stored; its `figures` are, when a rehearsal finishes, for the analysis to read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rehearsal.model import Event, Flag, Plan, Rehearsal, RunFigures, RunTotals, StepFigure
from rehearsal.rehearsing.figures import run_totals, step_offsets
from rehearsal.rehearsing.places import Places, places_of
from rehearsal.rehearsing.timing import RunState, StepKind, live_steps, replay


@dataclass(frozen=True, slots=True)
class StepSummary:
    kind: StepKind
    id: str  # segment id, or transition id
    segment_id: str
    title: str
    planned_s: int
    actual_s: float | None  # the last attempt, ms precision; None if the step was not reached
    over_s: float | None
    attempts: tuple[float, ...]  # every attempt's actual seconds, in order
    pause_s: float
    offset_s: float | None  # the schedule offset when it ended (`rehearsing.figures`)
    flags: tuple[Flag, ...]


@dataclass(frozen=True, slots=True)
class RehearsalSummary:
    rehearsal: Rehearsal
    plan: Plan
    segments: tuple[StepSummary, ...]
    flags: tuple[Flag, ...]
    started_wall: str
    finished: bool  # it has ended (finished, or abandoned)
    totals: RunTotals  # the figures of the run (`rehearsing.figures`)
    gaps_s: tuple[float, ...]
    places: Places  # where each flag is (`places_of`): a hand-off's flags on the hand-off

    def handoff_flags(self, step: int) -> tuple[Flag, ...]:
        """The flags on the (zero-time) hand-off after step `step`."""
        row = self.places.after_step(step)
        if row is None:
            return ()
        return tuple(f for f, at in zip(self.flags, self.places.rows, strict=True) if at == row)


def _s(ns: int) -> float:
    return round(ns / 1e9, 3)


def summarize(
    rehearsal: Rehearsal, plan: Plan, events: Sequence[Event], flags: Sequence[Flag]
) -> RehearsalSummary:
    steps = live_steps(plan)
    state: RunState = replay(steps, events)
    now = state.ended_ns if state.ended_ns is not None else state.last_ns
    rows = []
    offsets = step_offsets(state)
    for i, step in enumerate(steps):
        attempts = tuple(_s(a.actual_ns(now)) for a in state.attempts[i])
        actual = attempts[-1] if attempts else None
        if step.kind is StepKind.SEGMENT:
            on_step = tuple(f for f in flags if f.segment_id == step.id and not f.transition_id)
        else:
            on_step = tuple(f for f in flags if f.transition_id == step.id)
        rows.append(
            StepSummary(
                kind=step.kind,
                id=step.id,
                segment_id=step.segment_id,
                title=step.title,
                planned_s=step.planned_s,
                actual_s=actual,
                over_s=None if actual is None else round(actual - step.planned_s, 3),
                attempts=attempts,
                pause_s=_s(sum(a.pause_ns for a in state.attempts[i])),
                offset_s=offsets[i],
                flags=on_step,
            )
        )
    pause_total = sum((p.end_ns or now) - p.start_ns for p in state.pauses)
    if state.paused_since is not None:
        pause_total += now - state.paused_since
    totals = run_totals(
        state,
        [r.actual_s for r in rows],
        [len(r.attempts) for r in rows],
        offsets,
        _s(pause_total),
    )
    ordered = tuple(sorted(flags, key=lambda f: f.at_ns))
    return RehearsalSummary(
        rehearsal=rehearsal,
        plan=plan,
        segments=tuple(rows),
        flags=ordered,
        started_wall=state.started_wall,
        finished=state.finished,
        totals=totals,
        gaps_s=tuple(state.gaps_s),
        places=places_of(steps, ordered),
    )


def figures(summary: RehearsalSummary) -> RunFigures:
    """What the analysis reads of a summary (its flags are read apart, as Review edits them)."""
    return RunFigures(
        rehearsal_id=summary.rehearsal.id,
        started_wall=summary.started_wall,
        steps=tuple(
            StepFigure(s.id, s.planned_s, s.actual_s, s.pause_s, len(s.attempts), s.offset_s)
            for s in summary.segments
        ),
        totals=summary.totals,
    )
