"""What the Review view shows of one rehearsal, computed once per change and free of Qt.

Everything is derived from the core: the steps and attempts from replaying the rehearsal's
events (`rehearsal.rehearsing.timing.replay`), the numbers from `Workspace.rehearsal_summary`,
and the flags, annotations, debrief and action items from `Workspace.review`. Times on the timeline
are minutes from the rehearsal's first mark: x = (ns − started_ns) / 60e9.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from rehearsal.durations import count, format_duration
from rehearsal.model import (
    DEBRIEF_QUESTIONS,
    ActionItem,
    Annotation,
    Conflict,
    Debrief,
    Flag,
    FlagStatus,
    Plan,
    Rehearsal,
)
from rehearsal.rehearsing.adjustments import Adjustment, adjustments
from rehearsal.rehearsing.figures import run_line
from rehearsal.rehearsing.places import places_of
from rehearsal.rehearsing.summary import RehearsalSummary, StepSummary
from rehearsal.rehearsing.timing import RunState, Step, StepKind, handoff, live_steps, replay
from rehearsal.workspace import Workspace

NS_PER_MIN = 60e9
QUESTIONS = dict(DEBRIEF_QUESTIONS)
STATUS_LABELS = {
    FlagStatus.OPEN: "Open",
    FlagStatus.FIXED: "Fixed",
    FlagStatus.ACCEPTED: "Accepted",
    FlagStatus.WONT_FIX: "Won't fix",
}


def duration(seconds: float | None) -> str:
    return "—" if seconds is None else format_duration(round(seconds))


def local_time(iso: str) -> str:
    """An ISO time as local `YYYY-MM-DD HH:MM` for people ("" when missing or unreadable)."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return iso


@dataclass(frozen=True, slots=True)
class AttemptBlock:
    step_index: int
    number: int  # 1-based
    start_min: float
    end_min: float
    actual_s: float
    pause_s: float
    last: bool  # the attempt that counts; earlier ones were retried


@dataclass(frozen=True, slots=True)
class StepRow:
    index: int
    step: Step
    summary: StepSummary
    planned_start_min: float
    attempts: tuple[AttemptBlock, ...]
    flags: tuple[Flag, ...]  # flags on this step (`places_of`)
    handoff_flags: tuple[Flag, ...] = ()  # flags on the zero-time hand-off after it
    adjusted: tuple[Adjustment, ...] = ()  # its target changed live, in order

    @property
    def target_s(self) -> int | None:
        """Its target as last adjusted live; None when it ran to its plan."""
        return self.adjusted[-1].target_s if self.adjusted else None

    @property
    def planned_label(self) -> str:
        """`4:00`, or `4:00 → 3:00` when its target was adjusted live."""
        planned = format_duration(self.step.planned_s)
        target = self.target_s
        return planned if target is None else f"{planned} → {format_duration(target)}"

    @property
    def planned_end_min(self) -> float:
        return self.planned_start_min + self.step.planned_s / 60

    @property
    def is_transition(self) -> bool:
        return self.step.kind is StepKind.TRANSITION

    @property
    def over_s(self) -> float | None:
        return self.summary.over_s

    @property
    def actual_start_min(self) -> float | None:
        return self.attempts[0].start_min if self.attempts else None


@dataclass(frozen=True, slots=True)
class PauseBand:
    start_min: float
    end_min: float
    reason: str
    step_index: int

    @property
    def seconds(self) -> float:
        return (self.end_min - self.start_min) * 60


@dataclass(frozen=True, slots=True)
class Target:
    """Something an annotation can be about: a segment, or the hand-off after one."""

    label: str
    segment_id: str
    transition_id: str | None = None


@dataclass(frozen=True, slots=True)
class ReviewData:
    rehearsal: Rehearsal
    plan: Plan
    program_name: str
    revisions: tuple[Plan, ...]  # every revision of the program, oldest first
    summary: RehearsalSummary
    state: RunState
    rows: tuple[StepRow, ...]
    pauses: tuple[PauseBand, ...]
    flags: tuple[Flag, ...]
    annotations: tuple[Annotation, ...]
    debrief: Debrief
    items: tuple[ActionItem, ...]
    conflicts: tuple[Conflict, ...]

    # -- the time axis ---------------------------------------------------------------------
    @property
    def started(self) -> bool:
        return self.state.started_ns is not None

    @property
    def end_ns(self) -> int:
        return self.state.ended_ns if self.state.ended_ns is not None else self.state.last_ns

    def minutes(self, at_ns: int) -> float:
        return (at_ns - (self.state.started_ns or 0)) / NS_PER_MIN

    def ns_at(self, minutes: float) -> int:
        return (self.state.started_ns or 0) + round(minutes * NS_PER_MIN)

    @property
    def span_min(self) -> float:
        """The width of the chart: the longer of the plan and the run."""
        planned = self.plan.planned_s / 60
        actual = self.minutes(self.end_ns) if self.started else 0.0
        return max(planned, actual, 1.0)

    def row_at(self, at_ns: int) -> int | None:
        """The step that was running at `at_ns` (the latest attempt that began by then)."""
        found = None
        for row in self.rows:
            for a in row.attempts:
                if self.ns_at(a.start_min) <= at_ns + 1000:
                    found = row.index
        return found

    # -- where things happened -------------------------------------------------------------
    def step_index(self, step_id: str) -> int | None:
        return next((r.index for r in self.rows if r.step.id == step_id), None)

    def row_of(
        self, segment_id: str | None, transition_id: str | None, at_ns: int | None
    ) -> int | None:
        """The table row a flag or annotation belongs to. A hand-off without a timed
        transition has no row: it goes to the step running at that moment."""
        if transition_id:
            timed = self.step_index(transition_id)
            if timed is not None:
                return timed
            if at_ns is not None:
                return self.row_at(at_ns)
            return self._after_handoff(segment_id)
        if segment_id:
            return self.step_index(segment_id)
        return None if at_ns is None else self.row_at(at_ns)

    def _after_handoff(self, segment_id: str | None) -> int | None:
        index = self.step_index(segment_id) if segment_id else None
        if index is None:
            return None
        return next((r.index for r in self.rows[index + 1 :] if not r.is_transition), None)

    def where(self, segment_id: str | None, transition_id: str | None) -> str:
        if transition_id:
            timed = self.step_index(transition_id)
            if timed is not None:
                return f"Transition: {self.rows[timed].step.title}"
            return next(
                (t.label for t in self.targets() if t.transition_id == transition_id),
                "A hand-off",
            )
        if segment_id:
            try:
                return self.plan.segment(segment_id).title
            except KeyError:
                return "A segment not in this revision"
        return "The whole session"

    def annotation_minutes(self, note: Annotation) -> float | None:
        """Where an annotation sits on the timeline: its moment, else the actual start of
        what it is about (the planned start when that was never reached)."""
        if note.at_ns is not None:
            return self.minutes(note.at_ns)
        index = self.row_of(note.segment_id, note.transition_id, None)
        if note.transition_id and self.step_index(note.transition_id) is None:
            index = self._after_handoff(note.segment_id)
        if index is None:
            return None
        row = self.rows[index]
        start = row.actual_start_min
        return start if start is not None else row.planned_start_min

    def targets(self) -> tuple[Target, ...]:
        """Segments and the hand-offs between them, in running order."""
        found: list[Target] = []
        running = [s for s in self.plan.segments if not s.skipped and not s.marker]
        for i, seg in enumerate(running):
            found.append(Target(seg.title, seg.id))
            if i + 1 < len(running):
                t = handoff(self.plan, seg.id)
                found.append(Target(f"Hand-off {seg.title} → {running[i + 1].title}", seg.id, t.id))
        return tuple(found)

    # -- labels ----------------------------------------------------------------------------
    def flag_status(self, flag: Flag) -> str:
        if flag.status is FlagStatus.FIXED and flag.fixed_in_revision is not None:
            return f"Fixed in revision {flag.fixed_in_revision}"
        return STATUS_LABELS[flag.status]

    def item_status(self, item: ActionItem) -> str:
        if item.status is FlagStatus.FIXED and item.fixed_in_plan:
            revision = next(
                (p.revision for p in self.revisions if p.id == item.fixed_in_plan), None
            )
            return f"Fixed in revision {revision}" if revision else "Fixed"
        return STATUS_LABELS[item.status]

    def item_source(self, item: ActionItem) -> str:
        if item.source_kind.value == "flag":
            flag = next((f for f in self.flags if f.id == item.source_id), None)
            return f"Flag: {flag.category}" if flag else "Flag"
        return f"Debrief: {QUESTIONS.get(item.source_id, item.source_id)}"

    def headline(self) -> str:
        s = self.summary
        if not self.started:
            return "Not started: nothing was timed."
        parts = [f"Revision {self.plan.revision}", run_line(s.totals)]
        if not s.finished:
            parts.append("not finished")
        parts.append(count(len(self.flags), "flag"))
        if s.totals.retried:
            parts.append(f"{count(s.totals.retried, 'step')} retried")
        return " · ".join(parts)


def load_review(ws: Workspace, rehearsal_id: str) -> ReviewData:
    """Everything the Review view shows of one rehearsal (raises NotFound for a bad id)."""
    summary = ws.rehearsal_summary(rehearsal_id)
    rehearsal, plan = summary.rehearsal, summary.plan
    steps = live_steps(plan)
    events = ws.events(rehearsal_id)
    state = replay(steps, events)
    adjusted: dict[int, list[Adjustment]] = {}
    for adjustment in adjustments(steps, events):
        adjusted.setdefault(adjustment.index, []).append(adjustment)
    started = state.started_ns or 0
    end = state.ended_ns if state.ended_ns is not None else state.last_ns
    review = ws.review
    flags = tuple(sorted(review.flags(rehearsal_id), key=lambda f: f.at_ns))
    rows: list[StepRow] = []
    planned_at = 0.0
    for i, (step, step_summary) in enumerate(zip(steps, summary.segments, strict=True)):
        tried = state.attempts[i]
        blocks = tuple(
            AttemptBlock(
                step_index=i,
                number=n + 1,
                start_min=(a.start_ns - started) / NS_PER_MIN,
                end_min=((a.end_ns if a.end_ns is not None else end) - started) / NS_PER_MIN,
                actual_s=a.actual_ns(end) / 1e9,
                pause_s=a.pause_ns / 1e9,
                last=n == len(tried) - 1,
            )
            for n, a in enumerate(tried)
        )
        rows.append(StepRow(i, step, step_summary, planned_at, blocks, ()))
        planned_at += step.planned_s / 60
    pauses = tuple(
        PauseBand(
            (p.start_ns - started) / NS_PER_MIN,
            ((p.end_ns if p.end_ns is not None else end) - started) / NS_PER_MIN,
            p.reason,
            p.step_index,
        )
        for p in state.pauses
    )
    data = ReviewData(
        rehearsal=rehearsal,
        plan=plan,
        program_name=ws.program(plan.program_id).name,
        revisions=tuple(ws.plans(plan.program_id)),
        summary=summary,
        state=state,
        rows=tuple(rows),
        pauses=pauses,
        flags=flags,
        annotations=tuple(review.annotations(rehearsal_id)),
        debrief=review.debrief(rehearsal_id),
        items=tuple(review.action_items(rehearsal_id)),
        conflicts=tuple(review.conflicts(rehearsal_id)),
    )
    # flags where every surface counts them: on their step, or on the hand-off after one
    where = places_of(steps, flags)
    by_row: dict[int, list[Flag]] = {}
    after_row: dict[int, list[Flag]] = {}
    for flag, at in zip(flags, where.rows, strict=True):
        place = None if at is None else where.places[at]
        if place is None:
            continue  # on the whole session (or a segment this plan lacks)
        if place.step is not None:
            by_row.setdefault(place.step, []).append(flag)
            continue
        index = data.step_index(place.segment_id)
        if index is not None:
            after_row.setdefault(index, []).append(flag)
    rows = [
        StepRow(
            r.index,
            r.step,
            r.summary,
            r.planned_start_min,
            r.attempts,
            tuple(by_row.get(r.index, ())),
            tuple(after_row.get(r.index, ())),
            tuple(adjusted.get(r.index, ())),
        )
        for r in rows
    ]
    return replace(data, rows=tuple(rows))
