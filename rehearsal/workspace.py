"""A workspace: one SQLite file holding programs, their plan revisions and rehearsals.

Only one process opens a workspace at a time. Every write is one transaction; a plan a
rehearsal used is never changed in place (editing it creates the next revision).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import platformdirs
import sqlite_utils

from rehearsal import formats
from rehearsal.changes import ChangeHub
from rehearsal.clock import Clock, SystemClock, now_iso
from rehearsal.errors import FormatError, InvalidOperation, NotFound, RehearsalError
from rehearsal.model import (
    Event,
    EventKind,
    Flag,
    Plan,
    PlanDraft,
    Program,
    Rehearsal,
    RehearsalKind,
    RehearsalStatus,
    new_id,
)
from rehearsal.plans.matching import match_to_previous
from rehearsal.rehearsing.run import Run
from rehearsal.rehearsing.summary import RehearsalSummary, summarize
from rehearsal.reviewing.store import ReviewStore
from rehearsal.storage import rows
from rehearsal.storage.database import connect
from rehearsal.storage.lock import WorkspaceLock

DB_ENV = "REHEARSAL_DB"


def _chunks(ids: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def default_path() -> Path:
    """`$REHEARSAL_DB`, else `workspace.rehearsal` in the user's data directory."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("Rehearsal", appauthor=False)) / "workspace.rehearsal"


class Workspace:
    def __init__(self, path: Path, db: sqlite_utils.Database, lock: WorkspaceLock) -> None:
        self.path = path
        self.db = db
        self._lock = lock
        self._open = True
        self._review: ReviewStore | None = None
        self.changes = ChangeHub()  # every operation that changes the workspace publishes here

    # -- opening and closing ---------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path | None = None) -> Self:
        """Open (creating if missing) the workspace at `path`, or the default one."""
        target = Path(path).expanduser() if path is not None else default_path()
        if target.is_dir():
            raise RehearsalError(f"{target} is a folder; a workspace is a file.")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RehearsalError(f"{target.parent} cannot be created: {exc.strerror}") from None
        lock = WorkspaceLock(target)
        lock.acquire()
        try:
            db = connect(target)
        except BaseException:
            lock.release()
            raise
        return cls(target, db, lock)

    def close(self) -> None:
        self.db.close()
        self._lock.release()
        self._open = False

    @property
    def is_open(self) -> bool:
        return self._open

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _atomic(self) -> Iterator[sqlite_utils.Database]:
        with self.db.atomic() as db:
            yield db

    def _one(self, sql: str, params: tuple[Any, ...], what: str) -> dict[str, Any]:
        for row in self.db.query(sql, params):
            return row
        raise NotFound(f"No {what} in {self.path.name}.")

    # -- programs and plans ----------------------------------------------------------------
    def programs(self) -> list[Program]:
        return [
            rows.program_from_row(r)
            for r in self.db.query("SELECT * FROM programs ORDER BY name COLLATE NOCASE, id")
        ]

    def program(self, program_id: str) -> Program:
        row = self._one(
            "SELECT * FROM programs WHERE id = ?",
            (str(program_id),),
            f"program with id {program_id}",
        )
        return rows.program_from_row(row)

    def find_program(self, name: str) -> Program | None:
        for r in self.db.query("SELECT * FROM programs WHERE name = ? ORDER BY created", (name,)):
            return rows.program_from_row(r)
        return None

    def plans(self, program_id: str) -> list[Plan]:
        ids = [
            r["id"]
            for r in self.db.query(
                "SELECT id FROM plans WHERE program_id = ? ORDER BY revision", (str(program_id),)
            )
        ]
        return [self.plan(i) for i in ids]

    def plan(self, plan_id: str) -> Plan:
        plan_id = str(plan_id)
        row = self._one("SELECT * FROM plans WHERE id = ?", (plan_id,), f"plan with id {plan_id}")
        q = "SELECT * FROM {} WHERE plan_id = ? ORDER BY {}"
        return rows.plan_from_rows(
            row,
            self.db.query(q.format("sections", "position"), (plan_id,)),
            self.db.query(q.format("segments", "position"), (plan_id,)),
            self.db.query(q.format("transitions", "rowid"), (plan_id,)),
        )

    def latest_plan(self, program_id: str) -> Plan:
        row = self._one(
            "SELECT id FROM plans WHERE program_id = ? ORDER BY revision DESC LIMIT 1",
            (str(program_id),),
            f"plan for program {program_id}",
        )
        return self.plan(row["id"])

    def plan_used(self, plan_id: str) -> bool:
        return any(
            self.db.query("SELECT 1 FROM rehearsals WHERE plan_id = ? LIMIT 1", (str(plan_id),))
        )

    def add_plan(self, draft: PlanDraft, program: str | None = None) -> Plan:
        """Store `draft` as revision 1 of a new program, or as the next revision of the
        program named `program` (matching its segments to the previous revision's)."""
        name = (program or draft.name or "Untitled program").strip() or "Untitled program"
        existing = self.find_program(name) if program else None
        with self._atomic():
            if existing is None:
                prog = Program(id=new_id(), name=name, created=now_iso())
                self.db.table("programs").insert(dataclasses.asdict(prog))
                revision, based_on = 1, None
            else:
                prog = existing
                previous = self.latest_plan(prog.id)
                draft = match_to_previous(draft, previous)
                revision, based_on = previous.revision + 1, previous.id
            plan = Plan(
                id=new_id(),
                program_id=prog.id,
                revision=revision,
                created=now_iso(),
                slot_s=draft.slot_s,
                start_s=draft.start_s,
                notes=draft.notes,
                source=draft.source,
                based_on=based_on,
                sections=draft.sections,
                segments=draft.segments,
                transitions=draft.transitions,
            )
            self._insert_plan(plan)
        return plan

    def _insert_plan(self, plan: Plan) -> None:
        self.db.table("plans").insert(rows.plan_row(plan))
        self._insert_children(plan)

    def _insert_children(self, plan: Plan) -> None:
        self.db.table("sections").insert_all(rows.section_rows(plan))
        self.db.table("segments").insert_all(rows.segment_rows(plan))
        self.db.table("transitions").insert_all(rows.transition_rows(plan))

    def _delete_children(self, plan_id: str) -> None:
        for table in ("transitions", "segments", "sections"):
            self.db.execute(f"DELETE FROM {table} WHERE plan_id = ?", (plan_id,))

    def delete_plan(self, plan_id: str) -> None:
        """Remove a revision no rehearsal used (a used one is kept: it is history)."""
        plan = self.plan(plan_id)
        if self.plan_used(plan.id):
            raise InvalidOperation(
                f"Revision {plan.revision} was used by a rehearsal and is kept as history."
            )
        with self._atomic():
            self._delete_children(plan.id)
            self.db.execute("DELETE FROM plans WHERE id = ?", (plan.id,))

    def save_plan(self, plan: Plan, previous: Plan | None = None) -> Plan:
        """Store an edited plan. In place if no rehearsal used it; else as the next revision.

        `previous` is the plan as stored, when the caller has it (saves reading it again).
        """
        reuse = previous is not None and previous.id == plan.id
        stored = previous if reuse and previous is not None else self.plan(plan.id)
        with self._atomic():
            if not self.plan_used(plan.id):
                plan = dataclasses.replace(
                    plan, revision=stored.revision, program_id=stored.program_id
                )
                self.db.table("plans").update(plan.id, rows.plan_row(plan))
                if self._same_shape(stored, plan):
                    self._update_changed_segments(stored, plan)
                else:
                    self._delete_children(plan.id)
                    self._insert_children(plan)
                return plan
            return self._next_revision(plan, stored)

    def new_revision(self, plan: Plan) -> Plan:
        """Store `plan` (an edited copy of a stored one) as its program's next revision."""
        stored = self.plan(plan.id)
        with self._atomic():
            return self._next_revision(plan, stored)

    def _next_revision(self, plan: Plan, stored: Plan) -> Plan:
        top = self.latest_plan(stored.program_id).revision
        plan = dataclasses.replace(
            plan,
            id=new_id(),
            program_id=stored.program_id,
            revision=top + 1,
            created=now_iso(),
            based_on=stored.id,
        )
        self._insert_plan(plan)
        return plan

    @staticmethod
    def _same_shape(a: Plan, b: Plan) -> bool:
        return (
            a.sections == b.sections
            and a.transitions == b.transitions
            and [s.id for s in a.segments] == [s.id for s in b.segments]
        )

    def _update_changed_segments(self, old: Plan, new: Plan) -> None:
        """Rewrite only the segment rows that changed (an edit usually touches one)."""
        changed = zip(old.segments, new.segments, rows.segment_rows(new), strict=True)
        for before, after, row in changed:
            if before != after:
                self.db.table("segments").update((new.id, after.id), row)

    def import_plan(
        self,
        path: str | Path,
        *,
        format: str = "auto",
        program: str | None = None,
        mapping: Mapping[str, str] | None = None,
    ) -> Plan:
        """Read a file (format sniffed) and store it; FormatError leaves the workspace as is."""
        draft = formats.read_plan(path, format=format, mapping=mapping)
        if not draft.name:
            draft = dataclasses.replace(draft, name=Path(path).stem)
        if not draft.source:
            draft = dataclasses.replace(draft, source=Path(path).name)
        if not draft.segments:
            raise FormatError("the file holds no segments", file=Path(path).name)
        return self.add_plan(draft, program=program)

    def export_plan(self, plan_id: str, path: str | Path, format: str | None = None) -> Path:
        plan = self.plan(plan_id)
        formats.write_plan(
            plan, path, format=format, program_name=self.program(plan.program_id).name
        )
        return Path(path)

    # -- rehearsals --------------------------------------------------------------------------
    def rehearsals(self, plan_id: str | None = None) -> list[Rehearsal]:
        if plan_id is None:
            found = self.db.query("SELECT * FROM rehearsals ORDER BY created, id")
        else:
            found = self.db.query(
                "SELECT * FROM rehearsals WHERE plan_id = ? ORDER BY created, id", (str(plan_id),)
            )
        return [rows.rehearsal_from_row(r) for r in found]

    def rehearsal(self, rehearsal_id: str) -> Rehearsal:
        row = self._one(
            "SELECT * FROM rehearsals WHERE id = ?",
            (str(rehearsal_id),),
            f"rehearsal with id {rehearsal_id}",
        )
        return rows.rehearsal_from_row(row)

    def events(self, rehearsal_id: str) -> list[Event]:
        return [
            rows.event_from_row(r)
            for r in self.db.query(
                "SELECT * FROM events WHERE rehearsal_id = ? ORDER BY seq", (str(rehearsal_id),)
            )
        ]

    def flags(self, rehearsal_id: str) -> list[Flag]:
        """The flags of a rehearsal as they stand now, edits made in review included."""
        return self.review.flags(rehearsal_id)

    @property
    def review(self) -> ReviewStore:
        """Flags edited, annotations, the debrief and action items (`rehearsal.reviewing.store`)."""
        if self._review is None:
            self._review = ReviewStore(self)
        return self._review

    @property
    def origin(self) -> str:
        """This workspace's own id, which marks the edits made here."""
        for row in self.db.query("SELECT value FROM meta WHERE key = 'origin'"):
            return str(row["value"])
        origin = new_id()
        self.db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('origin', ?)", (origin,))
        return self.origin

    def meta(self, key: str, default: str = "") -> str:
        for row in self.db.query("SELECT value FROM meta WHERE key = ?", (key,)):
            return str(row["value"])
        return default

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def start_rehearsal(
        self,
        plan_id: str,
        kind: str | RehearsalKind = RehearsalKind.DRY_RUN,
        *,
        lead: str = "",
        facilitator: str | tuple[str, ...] = "",
        producer: str = "",
        cohort: str = "",
        region: str = "",
        clock: Clock | None = None,
    ) -> Run:
        """Arm a rehearsal of a plan; the run's first `next()` starts the first step."""
        plan = self.plan(plan_id)
        try:
            kind = RehearsalKind(kind)
        except ValueError:
            allowed = ", ".join(k.value for k in RehearsalKind)
            raise InvalidOperation(
                f"Unknown rehearsal kind {kind!r}: use one of {allowed}."
            ) from None
        facilitators = (facilitator,) if isinstance(facilitator, str) else tuple(facilitator)
        clock = clock or SystemClock()
        rehearsal = Rehearsal(
            id=new_id(),
            plan_id=plan.id,
            kind=kind,
            status=RehearsalStatus.ARMED,
            created=clock.wall().isoformat(timespec="seconds"),
            lead=lead,
            facilitators=tuple(f for f in facilitators if f),
            producer=producer,
            cohort=cohort,
            region=region,
        )
        self.db.table("rehearsals").insert(rows.rehearsal_row(rehearsal))
        return Run(rehearsal, plan, [], clock, self._appender(rehearsal.id))

    def _appender(self, rehearsal_id: str) -> Any:
        def append(event: Event, flag: Flag | None) -> None:
            status = {
                EventKind.NEXT: RehearsalStatus.RUNNING,
                EventKind.FINISH: RehearsalStatus.FINISHED,
                EventKind.ABANDON: RehearsalStatus.ABANDONED,
            }.get(event.kind)
            # Plain statements, not `table.insert`: a mark is on the keyboard's critical path,
            # and sqlite-utils' insert adds savepoints and queries around each row.
            with self._atomic() as db:
                db.conn.execute(*rows.insert_statement("events", rows.event_row(event)))
                if flag is not None:
                    db.conn.execute(*rows.insert_statement("flags", rows.flag_row(flag)))
                if status is not None:
                    db.conn.execute(
                        "UPDATE rehearsals SET status = ? WHERE id = ? AND status != ?",
                        (status.value, rehearsal_id, status.value),
                    )

        return append

    def interrupted_rehearsals(self) -> list[Rehearsal]:
        """Rehearsals that were armed or running when the app stopped."""
        return [
            r
            for r in self.rehearsals()
            if r.status in (RehearsalStatus.ARMED, RehearsalStatus.RUNNING)
        ]

    def resume_rehearsal(self, rehearsal_id: str, clock: Clock | None = None) -> Run:
        """Continue an interrupted rehearsal; its clock continues from the last mark and the
        interruption is recorded as an event."""
        rehearsal = self.rehearsal(rehearsal_id)
        if rehearsal.status in (RehearsalStatus.FINISHED, RehearsalStatus.ABANDONED):
            raise InvalidOperation(f"Rehearsal {rehearsal.id} is {rehearsal.status.value}.")
        events = self.events(rehearsal.id)
        clock = clock or SystemClock()
        run = Run(
            rehearsal, self.plan(rehearsal.plan_id), events, clock, self._appender(rehearsal.id)
        )
        if events:
            gap = (clock.wall() - datetime.fromisoformat(events[-1].wall)).total_seconds()
            run.record_interruption(max(0.0, gap))
        return run

    def abandon_rehearsal(self, rehearsal_id: str) -> None:
        """Close an interrupted rehearsal as abandoned, keeping everything it recorded."""
        rehearsal = self.rehearsal(rehearsal_id)
        if rehearsal.status in (RehearsalStatus.FINISHED, RehearsalStatus.ABANDONED):
            return
        run = Run(
            rehearsal,
            self.plan(rehearsal.plan_id),
            self.events(rehearsal.id),
            SystemClock(),
            self._appender(rehearsal.id),
        )
        run.abandon()

    def rehearsal_summaries(self, rehearsals: Sequence[Rehearsal]) -> list[RehearsalSummary]:
        """`rehearsal_summary` of many rehearsals at once (a few queries in all)."""
        ids = [r.id for r in rehearsals]
        events: dict[str, list[Event]] = {rid: [] for rid in ids}
        for chunk in _chunks(ids):
            marks = ", ".join("?" for _ in chunk)
            for row in self.db.query(
                f"SELECT * FROM events WHERE rehearsal_id IN ({marks}) ORDER BY rehearsal_id, seq",
                tuple(chunk),
            ):
                events[row["rehearsal_id"]].append(rows.event_from_row(row))
        flags = self.review.flags_of(ids)
        plans: dict[str, Plan] = {}
        found = []
        for r in rehearsals:
            if r.plan_id not in plans:
                plans[r.plan_id] = self.plan(r.plan_id)
            found.append(summarize(r, plans[r.plan_id], events[r.id], flags[r.id]))
        return found

    def rehearsal_summary(self, rehearsal_id: str) -> RehearsalSummary:
        rehearsal = self.rehearsal(rehearsal_id)
        return summarize(
            rehearsal,
            self.plan(rehearsal.plan_id),
            self.events(rehearsal.id),
            self.flags(rehearsal.id),
        )
