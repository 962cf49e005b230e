"""A live run as the companion serves it (`rehearsal.companion.LiveSource`).

The run belongs to one thread, its owner (the live screen's, or a script's). The server asks
from threads of its own, so each question and each flag goes through `owner`: a function
that runs a call on the owner and returns its result. The default runs it right there under
the run's lock (`Run.lock`, which every mark holds too); the app passes one that hands the
call to its UI thread and waits. Either way a flag is on disk before its id is returned.

A flag sent twice (the page did not hear the answer, or it reconnected and sent what it had
queued) is recorded once: the page makes its id when the flag is tapped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from rehearsal.companion.requests import FlagRequest, NoteRequest
from rehearsal.companion.server import Companion
from rehearsal.companion.source import Receipt
from rehearsal.durations import format_duration, format_signed, format_time_of_day
from rehearsal.model import FLAG_CATEGORIES, Event, EventKind, Flag, Plan, Severity
from rehearsal.rehearsing.live import LiveStatus, live_status
from rehearsal.rehearsing.recovery import presenter_target, recovery_plan
from rehearsal.rehearsing.timing import RunState, Step, StepKind
from rehearsal.schedule import plan_today, planned_start_at
from rehearsal.seat_model import attributed

T = TypeVar("T")
Owner = Callable[[Callable[[], Any]], Any]
MS = 1_000_000


class SharedRun(Protocol):
    """What the companion needs of a `Run` (which this module does not import)."""

    plan: Plan
    steps: tuple[Step, ...]
    lock: threading.RLock

    @property
    def state(self) -> RunState: ...

    @property
    def events(self) -> tuple[Event, ...]: ...

    def now_ns(self) -> int: ...

    def now_wall(self) -> datetime: ...

    def on_event(self, listener: Callable[[Event], None]) -> None: ...

    def off_event(self, listener: Callable[[Event], None]) -> None: ...

    def flag(
        self,
        category: str,
        *,
        note: str = ...,
        severity: str | Severity = ...,
        raised_by: str = ...,
        at_ns: int | None = ...,
        flag_id: str | None = ...,
        seat: str = ...,
    ) -> Flag: ...

    def note(
        self,
        text: str,
        author: str = ...,
        at_ns: int | None = ...,
        *,
        note_id: str | None = ...,
        seat: str = ...,
    ) -> Event: ...


# What the presenter page shows as the time to land on (`target(run)` → a dict for the
# page, or None for the default: the slot's end and the recovery plan, `recovery_target`).
TargetOf = Callable[[SharedRun], dict[str, Any] | None]


def recovery_target(run: SharedRun, status: LiveStatus) -> dict[str, Any] | None:
    """The slot's end and the recovery plan's words (`recovery.recovery_plan`), and the
    running step's target when it was adjusted live (the presenter counts down to it)."""
    if status.slot_end is None or not status.started or status.finished:
        return None
    plan = recovery_plan(run.plan, run.state, run.now_ns())
    return {
        "label": "Slot ends",
        "at": _clock(status.slot_end),
        "status": plan.status.value,
        "lines": list(plan.lines()),
        "step_target_s": presenter_target(run.state),
    }


class RunSource:
    """`LiveSource` over a run; build it with `share` (or `Run.share`)."""

    def __init__(
        self, run: SharedRun, owner: Owner | None = None, target: TargetOf | None = None
    ) -> None:
        self._run = run
        self._owner: Owner = owner or self._locked
        self._target = target
        self._listeners: list[Callable[[], None]] = []
        self._recorded = {
            e.get("flag_id") if e.kind is EventKind.FLAG else e.id
            for e in run.events
            if e.kind in (EventKind.FLAG, EventKind.NOTE)
        }
        run.on_event(self._event)

    def _locked(self, call: Callable[[], Any]) -> Any:
        with self._run.lock:
            return call()

    def _event(self, _event: Event) -> None:
        for listener in self._listeners:
            listener()

    def on_change(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def close(self) -> None:
        self._listeners.clear()
        self._run.off_event(self._event)

    # -- questions ------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        result: dict[str, Any] = self._owner(self._state_now)
        return result

    def plan(self) -> dict[str, Any]:
        result: dict[str, Any] = self._owner(self._plan_now)
        return result

    def _status(self) -> LiveStatus:
        run = self._run
        return live_status(run.state, run.plan, run.now_ns(), run.now_wall(), with_strip=False)

    def _state_now(self) -> dict[str, Any]:
        run, status = self._run, self._status()
        step, following = status.step, status.next_step
        target = self._target(run) if self._target is not None else None
        if target is None:
            target = recovery_target(run, status)
        remaining = status.remaining_s
        if target is not None and target.get("step_target_s") is not None:
            remaining = target["step_target_s"] - status.elapsed_s  # adjusted live
        return {
            "step": status.index,
            "steps": len(run.steps),
            "title": step.title if step else "",
            "kind": step.kind.value if step else "",
            "lead": status.lead,
            "producer_cues": self._cues(step),
            "next": None
            if following is None
            else {
                "title": following.title,
                "lead": status.next_lead,
                "producer_cues": self._cues(following),
            },
            "started": status.started,
            "finished": status.finished,
            "paused": status.paused,
            "remaining_s": round(remaining),
            "remaining": format_duration(round(remaining)),
            "timer": status.timer.value,
            "offset_s": round(status.relative_offset_s),
            "offset": format_signed(status.relative_offset_s) if status.started else "",
            "projected_end": _clock(status.projected_end),
            "target": target,
            "flags": len(run.state.flag_marks),
            "version": len(run.events),
            "categories": list(FLAG_CATEGORIES),
        }

    def _cues(self, step: Step | None) -> str:
        if step is None or step.kind is not StepKind.SEGMENT:
            return ""
        try:
            return self._run.plan.segment(step.segment_id).producer_cues
        except KeyError:
            return ""

    def _plan_now(self) -> dict[str, Any]:
        """Each step with its planned start (the plan's clock, else from the run's start)
        and its projected start (the actual one once it began)."""
        run, state = self._run, self._run.state
        now_ns, now_wall = run.now_ns(), run.now_wall()
        planned_at = planned_start_at(run.plan, plan_today(run.plan, now_wall))
        first = state.attempts[0][0].start_ns if state.attempts and state.attempts[0] else None
        origin = planned_at or (
            now_wall - timedelta(seconds=(now_ns - first) / 1e9) if first is not None else None
        )
        ahead = now_wall
        if state.current is not None:
            ahead += timedelta(seconds=max(0.0, state.current.planned_s - _elapsed(state, now_ns)))
        rows: list[dict[str, Any]] = []
        planned_s = 0
        for i, step in enumerate(run.steps):
            attempts = state.attempts[i] if i < len(state.attempts) else []
            projected: datetime | None
            if attempts:
                projected = now_wall - timedelta(seconds=(now_ns - attempts[0].start_ns) / 1e9)
            else:
                projected = ahead if i > state.index else None
                if i > state.index:
                    ahead += timedelta(seconds=step.planned_s)
            rows.append(
                {
                    "index": i,
                    "title": step.title,
                    "kind": step.kind.value,
                    "planned_s": step.planned_s,
                    "planned": format_duration(step.planned_s),
                    "planned_start": _clock(origin + timedelta(seconds=planned_s))
                    if origin is not None
                    else "+" + format_duration(planned_s),
                    "projected_start": _clock(projected) if state.started_ns is not None else "",
                    "done": i < state.index,
                    "running": i == state.index,
                }
            )
            planned_s += step.planned_s
        return {"steps": rows, "step": state.index, "version": len(run.events)}

    # -- records --------------------------------------------------------------------------
    def flag(self, request: FlagRequest) -> Receipt:
        def record() -> Receipt:
            if request.id is not None and request.id in self._recorded:
                return Receipt(request.id, new=False)
            run = self._run
            flag = run.flag(
                request.category,
                note=request.note,
                severity=request.severity,
                raised_by=attributed(request.person, request.seat),
                at_ns=run.now_ns() - request.delay_ms * MS,
                flag_id=request.id,
                seat=request.seat,
            )
            self._recorded.add(flag.id)
            return Receipt(flag.id, new=True)

        receipt: Receipt = self._owner(record)
        return receipt

    def note(self, request: NoteRequest) -> Receipt:
        def record() -> Receipt:
            if request.id is not None and request.id in self._recorded:
                return Receipt(request.id, new=False)
            run = self._run
            event = run.note(
                request.text,
                attributed(request.person, request.seat),
                run.now_ns() - request.delay_ms * MS,
                note_id=request.id,
                seat=request.seat,
            )
            self._recorded.add(event.id)
            return Receipt(event.id, new=True)

        receipt: Receipt = self._owner(record)
        return receipt


def _elapsed(state: RunState, now_ns: int) -> float:
    return state.step_elapsed_ns(now_ns) / 1e9


def _clock(moment: datetime | None) -> str:
    if moment is None:
        return ""
    local = moment.astimezone()
    return format_time_of_day(local.hour * 3600 + local.minute * 60)


def share(
    run: SharedRun,
    host: str = "127.0.0.1",
    port: int = 0,
    pin: str | None = None,
    *,
    owner: Owner | None = None,
    target: TargetOf | None = None,
) -> Companion:
    """Serve `run` to companion pages (see `Run.share`)."""
    return Companion.start(RunSource(run, owner, target), host, port, pin)
