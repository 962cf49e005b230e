"""Seats in a workspace: started here (`start`), or arrived in a pack; and their flags and
notes landed on the rehearsals they belong to (`land`), or attached by hand (`attach`).

Landing is derived, so it is idempotent and order-free: each flag or note a seat raised
becomes a flag or an annotation of the rehearsal with the mark's own id, once. It runs
whenever a seat or a rehearsal arrives (`land` after every merge); a mark that matches no
rehearsal of the seat's revision waits, listed by `statuses`, until one arrives or a
person attaches the seat to a rehearsal of their choice.
"""

from __future__ import annotations

from datetime import UTC, datetime

from rehearsal.changes import ChangeHub, Changes
from rehearsal.clock import Clock
from rehearsal.errors import InvalidOperation
from rehearsal.limits import MAX_NAME_CHARS, checked_text
from rehearsal.model import Annotation, Flag, Plan, new_id
from rehearsal.rehearsing.seat import Seat
from rehearsal.rehearsing.seat_landing import RunWindow, choose, land, run_window
from rehearsal.rehearsing.timing import live_steps, replay
from rehearsal.seat_model import (
    SeatMark,
    SeatMarkKind,
    SeatRecord,
    SeatRole,
    SeatStatus,
    attributed,
)
from rehearsal.storage import plans as stored_plans
from rehearsal.storage import rehearsals as stored_rehearsals
from rehearsal.storage import seats as stored
from rehearsal.storage.database import Storage

LANDING = (SeatMarkKind.FLAG, SeatMarkKind.NOTE)


class SeatStore:
    """The seats of a workspace; reach it as `Workspace.seats`."""

    def __init__(self, storage: Storage, changes: ChangeHub) -> None:
        self._storage = storage
        self._changes = changes

    def start(
        self,
        plan: Plan,
        plan_label: str,
        role: str | SeatRole,
        person: str,
        clock: Clock,
        origin: str,
    ) -> Seat:
        try:
            role = SeatRole(role)
        except ValueError:
            roles = ", ".join(r.value for r in SeatRole)
            raise InvalidOperation(f"A seat's role is one of {roles}, not {role!r}.") from None
        record = SeatRecord(
            id=new_id(),
            plan_id=plan.id,
            plan_label=plan_label,
            role=role,
            person=checked_text(person, "The person", MAX_NAME_CHARS),
            started=clock.wall().isoformat(timespec="milliseconds"),
            origin=origin,
        )
        stored.insert_seat(self._storage, record)
        return self._seat(record, plan, clock)

    def resume(self, seat_id: str, plan: Plan, clock: Clock) -> Seat:
        """The seat `seat_id` again, with the marks it recorded: its flags and notes go on
        from where it stopped (the app closed, or the computer went down)."""
        return self._seat(
            self.seat(seat_id), plan, clock, stored.seat_marks(self._storage, seat_id)
        )

    def _seat(
        self, record: SeatRecord, plan: Plan, clock: Clock, marks: list[SeatMark] | None = None
    ) -> Seat:
        storage = self._storage
        return Seat(
            record,
            plan,
            clock,
            lambda mark: stored.insert_mark(storage, mark),
            lambda when: stored.finish(storage, record.id, when),
            marks,
        )

    # -- reading ---------------------------------------------------------------------------
    def seats(self) -> list[SeatRecord]:
        return stored.seats(self._storage)

    def seat(self, seat_id: str) -> SeatRecord:
        return stored.seat(self._storage, str(seat_id))

    def unfinished(self, origin: str, plan_id: str | None = None) -> list[SeatRecord]:
        """The seats started in the workspace `origin` (of `plan_id`) that were never
        finished, latest first: what can be resumed there."""
        found = [
            r
            for r in self.seats()
            if r.finished is None
            and r.origin == origin
            and (plan_id is None or r.plan_id == plan_id)
        ]
        return sorted(found, key=lambda r: r.started, reverse=True)

    def is_seat(self, seat_id: str) -> bool:
        return stored.is_seat(self._storage, str(seat_id))

    def marks(self, seat_id: str) -> list[SeatMark]:
        return stored.seat_marks(self._storage, str(seat_id))

    def statuses(self) -> list[SeatStatus]:
        """Every seat, with how many of its flags and notes landed, and where."""
        links = stored.links(self._storage)
        found = []
        for record in self.seats():
            raised = [m.id for m in self.marks(record.id) if m.kind in LANDING]
            landed = stored.landed(self._storage, raised)
            found.append(
                SeatStatus(
                    record,
                    len(raised),
                    len(landed),
                    tuple(sorted(set(landed.values()))),
                    links.get(record.id),
                )
            )
        return found

    # -- landing ---------------------------------------------------------------------------
    def land(self, *, publish: bool = True) -> Changes:
        """Land every seat's flags and notes that have a rehearsal to land on and have not
        landed yet; publishes (unless not to) the rehearsals that got some."""
        links = stored.links(self._storage)
        windows: dict[str, list[RunWindow]] = {}
        touched: set[str] = set()
        for record in self.seats():
            marks = [m for m in self.marks(record.id) if m.kind in LANDING]
            done = stored.landed(self._storage, [m.id for m in marks])
            waiting = [m for m in marks if m.id not in done]
            if not waiting:
                continue
            linked = links.get(record.id)
            if linked is not None:
                window = self._window(linked)
                candidates = [window] if window is not None else []
            else:
                if record.plan_id not in windows:
                    windows[record.plan_id] = self._windows(record.plan_id)
                candidates = windows[record.plan_id]
            flags, notes = [], []
            for mark in waiting:
                chosen = candidates[0] if linked is not None and candidates else None
                chosen = chosen or choose(mark.wall_ms, candidates)
                if chosen is None:
                    continue
                place = land(mark.wall_ms, chosen)
                if mark.kind is SeatMarkKind.FLAG:
                    flags.append(
                        Flag(
                            id=mark.id,
                            rehearsal_id=place.rehearsal_id,
                            category=mark.category,
                            at_ns=place.at_ns,
                            segment_id=place.segment_id,
                            transition_id=place.transition_id,
                            severity=mark.severity,
                            note=mark.text,
                            raised_by=attributed(record.person, record.role),
                        )
                    )
                else:
                    notes.append(
                        Annotation(
                            id=mark.id,
                            rehearsal_id=place.rehearsal_id,
                            text=mark.text,
                            author=attributed(record.person, record.role),
                            at_ns=place.at_ns,
                            segment_id=place.segment_id,
                            transition_id=place.transition_id,
                            created=_iso(mark.wall_ms),
                        )
                    )
                touched.add(place.rehearsal_id)
            if flags or notes:
                stored.land(self._storage, flags, notes)
        changes = Changes.of(review=touched)
        return self._changes.publish(changes) if publish else changes

    def attach(self, seat_id: str, rehearsal_id: str) -> Changes:
        """Land a seat's flags and notes that are still waiting on `rehearsal_id`, whatever
        its window (a seat whose clock was far off, or that followed another revision)."""
        self.seat(seat_id)
        stored_rehearsals.rehearsal(self._storage, rehearsal_id)  # NotFound for a stranger
        stored.link(self._storage, seat_id, rehearsal_id)
        return self.land()

    def _windows(self, plan_id: str) -> list[RunWindow]:
        found = []
        for r in stored_rehearsals.rehearsals(self._storage, plan_id):
            window = self._window(r.id)
            if window is not None:
                found.append(window)
        return found

    def _window(self, rehearsal_id: str) -> RunWindow | None:
        rehearsal = stored_rehearsals.rehearsal(self._storage, rehearsal_id)
        plan = stored_plans.plan(self._storage, rehearsal.plan_id)
        events = stored_rehearsals.events(self._storage, rehearsal_id)
        return run_window(rehearsal_id, events, replay(live_steps(plan), events))


def _iso(wall_ms: int) -> str:
    return datetime.fromtimestamp(wall_ms / 1000, UTC).isoformat(timespec="microseconds")
