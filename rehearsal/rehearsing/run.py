"""A live rehearsal: every call appends one event, committed to disk before it returns."""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from rehearsal.clock import Clock
from rehearsal.errors import InvalidOperation
from rehearsal.limits import (
    MAX_DURATION_S,
    MAX_NAME_CHARS,
    MAX_SECONDS_LOST,
    checked_text,
    is_uuid,
)
from rehearsal.model import (
    Event,
    EventKind,
    Flag,
    PauseReason,
    Plan,
    Rehearsal,
    Severity,
    new_id,
)
from rehearsal.rehearsing.recovery import RecoveryPlan
from rehearsal.rehearsing.timing import (
    MARKS,
    RunState,
    StepKind,
    apply_event,
    handoff,
    live_steps,
    replay,
    snapshot,
)

if TYPE_CHECKING:
    from rehearsal.companion.server import Companion

# How long after a step starts a flag defaults to the hand-off just crossed.
HANDOFF_WINDOW_S = 60
# A wall clock that moved this much further than the monotonic one means the computer slept.
SLEEP_GAP_S = 5.0

AppendEvent = Callable[[Event, Flag | None], None]
P = ParamSpec("P")
R = TypeVar("R")


def _owned(method: Callable[Concatenate[Run, P], R]) -> Callable[Concatenate[Run, P], R]:
    """A change of the run, made under its lock (a companion records flags from its own
    thread while the run's owner marks)."""

    def locked(self: Run, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self.lock:
            return method(self, *args, **kwargs)

    functools.update_wrapper(locked, method)
    return locked


@dataclass(frozen=True, slots=True)
class FlagTargets:
    segment_label: str
    handoff_label: str | None  # None when no hand-off was just crossed
    on_handoff: bool  # the default target is the hand-off


class Run:
    """Drives one rehearsal. Build it with `Workspace.start_rehearsal` or `resume_rehearsal`.

    `at_ns` of events is the rehearsal's own timeline: the monotonic clock plus an offset
    fixed when the run (or its resumption) began, so a resumed run continues its clock from
    the moment it was interrupted even after a reboot reset the monotonic clock.
    """

    def __init__(
        self,
        rehearsal: Rehearsal,
        plan: Plan,
        events: list[Event],
        clock: Clock,
        append: AppendEvent,
    ) -> None:
        self.rehearsal = rehearsal
        self.plan = plan
        self.steps = live_steps(plan)
        self._events = events
        self._clock = clock
        self._append = append
        last_ns = events[-1].at_ns if events else 0
        self._offset_ns = last_ns - clock.monotonic_ns()
        self._anchor_mono = clock.monotonic_ns()
        self._anchor_wall = clock.wall()
        self._state = replay(self.steps, events)
        # The state just before each mark this run made, so undoing it needs no replay.
        self._before_mark: dict[int, RunState] = {}
        self.lock = threading.RLock()  # held by every change of the run
        self._listeners: list[Callable[[Event], None]] = []

    def on_event(self, listener: Callable[[Event], None]) -> None:
        """Call `listener` with every event once it is recorded (on the recording thread;
        it must be quick: a mark waits for it)."""
        self._listeners.append(listener)

    def off_event(self, listener: Callable[[Event], None]) -> None:
        """Stop calling `listener` (one given to `on_event`; another: nothing happens)."""
        with contextlib.suppress(ValueError):
            self._listeners.remove(listener)

    def share(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        pin: str | None = None,
        **options: Any,
    ) -> Companion:
        """Serve this run to companion pages on `host:port` (0: a free port), paired with
        `pin` (None: a random one); `.url`, `.pin`, `.close()`. Flags from the pages are
        recorded on the thread that calls `owner` (default: theirs, under `lock`) before
        they are acknowledged. `options`: those of `sharing.RunSource`."""
        from rehearsal.rehearsing.sharing import share

        return share(self, host, port, pin, **options)

    # -- reading -------------------------------------------------------------------------
    @property
    def state(self) -> RunState:
        return self._state

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(self._events)

    def now_ns(self) -> int:
        return self._clock.monotonic_ns() + self._offset_ns

    def now_wall(self) -> datetime:
        return self._clock.wall()

    # -- marks ---------------------------------------------------------------------------
    @_owned
    def next(self) -> Event:
        """End the running step and start the following one (the first call starts the run)."""
        self._require_open()
        if self._state.index + 1 >= len(self.steps):
            return self.finish()
        return self._record(EventKind.NEXT, step=str(self._state.index + 1))

    @_owned
    def pause(
        self, reason: str | PauseReason = PauseReason.OTHER, at_ns: int | None = None
    ) -> Event:
        """Pause the clock; `at_ns` (from `now_ns()`) dates it to the key press when the
        reason was asked for afterwards."""
        self._require_open()
        if self._state.started_ns is None:
            raise InvalidOperation("The rehearsal has not started yet: press Next first.")
        if self._state.paused_since is not None:
            raise InvalidOperation("The rehearsal is already paused.")
        return self._record(EventKind.PAUSE, at=self._at(at_ns), reason=str(PauseReason(reason)))

    @_owned
    def resume(self) -> Event:
        self._require_open()
        if self._state.paused_since is None:
            raise InvalidOperation("The rehearsal is not paused.")
        return self._record(EventKind.RESUME)

    @_owned
    def retry(self) -> Event:
        self._require_open()
        if self._state.current is None:
            raise InvalidOperation("No step is running to retry.")
        return self._record(EventKind.RETRY, step=str(self._state.index))

    @_owned
    def undo(self) -> Event:
        """Cancel the latest mark (next, retry, pause, resume) — as a new event."""
        self._require_open()
        for event in reversed(self._events):
            if event.kind in MARKS and event.seq not in self._state.undone:
                return self._record(EventKind.UNDO, target_seq=str(event.seq))
        raise InvalidOperation("There is no mark to undo.")

    @_owned
    def note(
        self,
        text: str,
        author: str = "",
        at_ns: int | None = None,
        *,
        note_id: str | None = None,
        seat: str = "",
    ) -> Event:
        """A note at this moment of the run (after the run, notes are annotations:
        `Workspace.review.annotate`); `note_id` and `seat` as a flag's."""
        self._require_open()
        text = checked_text(text, "A note")
        author = checked_text(author, "The author", MAX_NAME_CHARS)
        seat = checked_text(seat, "The seat", MAX_NAME_CHARS)
        if note_id is not None and not is_uuid(note_id):
            raise InvalidOperation("A note's id is a UUID.")
        at = self._at(at_ns)
        target = self._target(at)
        return self._record(
            EventKind.NOTE,
            event_id=note_id,
            at=at,
            text=text,
            author=author,
            segment_id=target.get("segment_id"),
            transition_id=target.get("transition_id"),
            seat=seat or None,
        )

    @_owned
    def flag(
        self,
        category: str,
        *,
        note: str = "",
        severity: str | Severity = Severity.MEDIUM,
        seconds_lost: int | None = None,
        raised_by: str = "",
        on_handoff: bool | None = None,
        at_ns: int | None = None,
        flag_id: str | None = None,
        seat: str = "",
    ) -> Flag:
        """Raise a flag without stopping the clock.

        The target defaults to the hand-off just crossed during the first minute of a step,
        otherwise the running segment; `on_handoff` overrides that. `at_ns` (from
        `now_ns()`) places it at the moment the person pressed the key, when the note and
        category were filled in afterwards. `flag_id` (a UUID) is given by a companion
        page, which made it when the flag was tapped; `seat` names that page. Once the run
        has ended its flags are edited in review (`Workspace.review.edit_flag`); no flag is
        raised on it any more.
        """
        self._require_open()
        category = checked_text(category, "A flag's category", MAX_NAME_CHARS, required=True)
        note = checked_text(note, "A flag's note")
        raised_by = checked_text(raised_by, "Who raised it", MAX_NAME_CHARS)
        if seconds_lost is not None and not 0 <= seconds_lost <= MAX_SECONDS_LOST:
            raise InvalidOperation(f"Seconds lost are from 0 to {MAX_SECONDS_LOST:,}.")
        if severity not in {s.value for s in Severity}:
            raise InvalidOperation(f"Severity is low, medium or high, not {severity!r}.")
        at = self._at(at_ns)
        target = self._target(at, on_handoff)
        if flag_id is not None and not is_uuid(flag_id):
            raise InvalidOperation("A flag's id is a UUID.")
        seat = checked_text(seat, "The seat", MAX_NAME_CHARS)
        flag = Flag(
            id=flag_id or new_id(),
            rehearsal_id=self.rehearsal.id,
            category=category,
            at_ns=at,
            segment_id=target.get("segment_id"),
            transition_id=target.get("transition_id"),
            severity=Severity(severity),
            seconds_lost=seconds_lost,
            note=note,
            raised_by=raised_by,
        )
        self._record(
            EventKind.FLAG,
            flag=flag,
            at=at,
            flag_id=flag.id,
            category=flag.category,
            segment_id=flag.segment_id,
            transition_id=flag.transition_id,
            seat=seat or None,
        )
        return flag

    @_owned
    def adjust_target(self, step_id: str, target_s: int, reason: str = "") -> Event:
        """Change the target of the running step or a later one — a recovery plan's change
        accepted live (`recovery.recovery_plan`), or the lead's own call — with why
        ("behind 3:20"). Recorded as an event like every mark; the plan is unchanged and
        the step's over/under stays measured against it."""
        self._require_open()
        reason = checked_text(reason, "The reason", MAX_NAME_CHARS)
        if isinstance(target_s, bool) or not isinstance(target_s, int):
            raise InvalidOperation("A target is a whole number of seconds.")
        if not 0 <= target_s <= MAX_DURATION_S:
            raise InvalidOperation(f"A target is from 0 to {MAX_DURATION_S:,} seconds.")
        first = max(self._state.index, 0)
        index = next(
            (i for i in range(first, len(self.steps)) if self.steps[i].id == step_id), None
        )
        if index is None:
            raise InvalidOperation("Only the running step or a later one can be adjusted.")
        return self._record(
            EventKind.ADJUST, step=str(index), target_s=str(target_s), reason=reason or None
        )

    @_owned
    def accept_recovery(self, recovery: RecoveryPlan) -> tuple[Event, ...]:
        """Accept every change of a recovery plan, each recorded with the plan's reason;
        none when one of its steps is already over (the plan is out of date)."""
        self._require_open()
        first = max(self._state.index, 0)
        if any(c.index < first or self.steps[c.index].id != c.step_id for c in recovery.changes):
            raise InvalidOperation("The recovery plan is out of date: a step it changes is over.")
        return tuple(
            self.adjust_target(c.step_id, c.target_s, recovery.reason) for c in recovery.changes
        )

    @_owned
    def record_interruption(self, gap_s: float) -> Event:
        """Note that the app stopped for `gap_s` wall-clock seconds; the clock continues
        from the last mark, so the interruption does not count as segment time."""
        self._require_open()
        return self._record(EventKind.INTERRUPTED, gap_s=f"{gap_s:.3f}")

    @_owned
    def finish(self) -> Event:
        self._require_open()
        return self._record(EventKind.FINISH)

    @_owned
    def abandon(self) -> Event:
        self._require_open()
        return self._record(EventKind.ABANDON)

    # -- internals -----------------------------------------------------------------------
    def _require_open(self) -> None:
        """Every mark is refused once the run has finished or was abandoned."""
        if self._state.finished:
            abandoned = any(e.kind is EventKind.ABANDON for e in self._events)
            raise InvalidOperation(
                f"This rehearsal {'was abandoned' if abandoned else 'has finished'}: nothing "
                "more can be marked on it (notes after the run are added in Review)."
            )

    def flag_targets(self, at_ns: int) -> FlagTargets:
        """What a flag raised at `at_ns` can be about, and which one is the default."""
        segment = self._target(at_ns, on_handoff=False)
        handoff_target = self._target(at_ns, on_handoff=True)
        default = self._target(at_ns)
        has_handoff = "transition_id" in handoff_target
        return FlagTargets(
            segment_label=self._label(segment),
            handoff_label=self._label(handoff_target) if has_handoff else None,
            on_handoff=has_handoff and default == handoff_target,
        )

    def _at(self, at_ns: int | None) -> int:
        """A moment for an event: now, or an earlier key press but never before the last mark."""
        now = self.now_ns()
        return now if at_ns is None else max(min(at_ns, now), self._state.last_ns)

    def _label(self, target: dict[str, str]) -> str:
        segment_id, transition_id = target.get("segment_id"), target.get("transition_id")
        if segment_id is None:
            return "the whole session"
        title = self.plan.segment(segment_id).title
        if transition_id is None:
            return title
        at = next(i for i, s in enumerate(self.steps) if s.segment_id == segment_id)
        following = next((s.title for s in self.steps[at + 1 :] if s.kind is StepKind.SEGMENT), "")
        return f"hand-off {title} → {following}" if following else f"hand-off after {title}"

    def _target(self, at: int | None = None, on_handoff: bool | None = None) -> dict[str, str]:
        state = self._state
        step = state.current
        if step is None:
            if state.index >= len(self.steps) and self.steps:
                return {"segment_id": self.steps[-1].segment_id}
            return {}
        if step.kind is StepKind.TRANSITION:
            return {"segment_id": step.segment_id, "transition_id": step.id}
        if on_handoff is None:
            elapsed = self._state.step_elapsed_ns(at if at is not None else self.now_ns())
            on_handoff = state.index > 0 and elapsed < HANDOFF_WINDOW_S * 1e9
        if on_handoff and state.index > 0:
            before = self.steps[state.index - 1]
            if before.kind is StepKind.TRANSITION:
                return {"segment_id": before.segment_id, "transition_id": before.id}
            return {
                "segment_id": before.segment_id,
                "transition_id": handoff(self.plan, before.segment_id).id,
            }
        return {"segment_id": step.id}

    def _record(
        self,
        kind: EventKind,
        *,
        flag: Flag | None = None,
        at: int | None = None,
        event_id: str | None = None,
        **data: str | None,
    ) -> Event:
        at_ns = at if at is not None else self.now_ns()
        wall = self._clock.wall()
        self._check_sleep(at_ns, wall)
        event = Event(
            id=event_id or new_id(),
            rehearsal_id=self.rehearsal.id,
            seq=len(self._events),
            kind=kind,
            at_ns=at_ns,
            wall=wall.isoformat(timespec="milliseconds"),
            data=tuple(sorted((k, v) for k, v in data.items() if v is not None)),
        )
        self._append(event, flag)  # durable before anything is shown
        self._events.append(event)
        if kind is EventKind.UNDO:
            self._undo_state(int(data["target_seq"] or 0))
        else:
            if kind in MARKS:
                self._before_mark[event.seq] = snapshot(self._state)
            apply_event(self._state, event)
        for listener in self._listeners:
            listener(event)
        return event

    def _undo_state(self, target: int) -> None:
        """The state once mark `target` is cancelled: the state from just before it, with the
        later events that still count (flags, notes, gaps) applied again — as `replay` would."""
        before = self._before_mark.pop(target, None)
        if before is None:  # a mark made before this run was resumed
            self._state = replay(self.steps, self._events)
            self._before_mark.clear()
            return
        self._before_mark = {seq: s for seq, s in self._before_mark.items() if seq < target}
        before.undone = self._state.undone | {target}
        for event in self._events[target + 1 :]:
            if event.seq not in before.undone:
                apply_event(before, event)
        self._state = before

    def _check_sleep(self, at_ns: int, wall: datetime) -> None:
        """Record a GAP event when the wall clock ran ahead of the monotonic one."""
        mono_elapsed = timedelta(microseconds=(at_ns - self._offset_ns - self._anchor_mono) / 1000)
        wall_elapsed = wall - self._anchor_wall
        gap = (wall_elapsed - mono_elapsed).total_seconds()
        if gap > SLEEP_GAP_S:
            event = Event(
                id=new_id(),
                rehearsal_id=self.rehearsal.id,
                seq=len(self._events),
                kind=EventKind.GAP,
                at_ns=at_ns,
                wall=wall.isoformat(timespec="milliseconds"),
                data=(("gap_s", f"{gap:.3f}"),),
            )
            self._append(event, None)
            self._events.append(event)
            apply_event(self._state, event)
        self._anchor_mono = at_ns - self._offset_ns
        self._anchor_wall = wall
