"""A workspace: one SQLite file holding programs, their plan revisions and rehearsals.

Only one process opens a workspace at a time. Every write is one transaction; a plan a
rehearsal used is never changed in place (editing it creates the next revision). Once a
write is committed, what it changed is published on `Workspace.changes` (a `Changes`):
plans and their program when a revision is added, saved or removed; the rehearsal when
one starts, resumes, finishes or is abandoned (not at every live mark: the live screen
shows its own state, and a mark must stay fast); `settings` for the workspace's settings.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Self

import platformdirs

from rehearsal import formats
from rehearsal.changes import ChangeHub, Changes
from rehearsal.clock import Clock, SystemClock, now_iso
from rehearsal.errors import InvalidOperation, LastEvidence, RehearsalError
from rehearsal.launch_rules import DEFAULT_RULES, LaunchRules
from rehearsal.limits import MAX_FACILITATORS, MAX_NAME_CHARS, MAX_PROGRAM_NAME, checked_text
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
    RunTotals,
    new_id,
)
from rehearsal.plans.matching import match_to_previous
from rehearsal.rehearsing.run import AppendEvent, Run
from rehearsal.rehearsing.seat import Seat
from rehearsal.rehearsing.summary import RehearsalSummary, figures, summarize
from rehearsal.reviewing.evidence import EvidenceStore
from rehearsal.reviewing.seats import SeatStore
from rehearsal.reviewing.signoffs import SignoffStore
from rehearsal.reviewing.store import ReviewStore
from rehearsal.signoff_model import SignoffState
from rehearsal.storage import figures as stored_figures
from rehearsal.storage import meta as stored_meta
from rehearsal.storage import plans as stored_plans
from rehearsal.storage import rehearsals as stored_rehearsals
from rehearsal.storage import removal as stored_removal
from rehearsal.storage.database import Storage, connect, connect_read_only
from rehearsal.storage.figures import StoredRun
from rehearsal.storage.lock import WorkspaceLock
from rehearsal.storage.opening import open_file
from rehearsal.storage.removal import RehearsalCopy

_log = logging.getLogger(__name__)
DB_ENV = "REHEARSAL_DB"
LAUNCH_RULES_KEY = "launch_rules"
_ENDS = (EventKind.FINISH, EventKind.ABANDON)


def default_path() -> Path:
    """`$REHEARSAL_DB`, else `workspace.rehearsal` in the user's data directory."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("Rehearsal", appauthor=False)) / "workspace.rehearsal"


class Workspace:
    def __init__(self, path: Path, storage: Storage, lock: WorkspaceLock | None) -> None:
        self.path = path
        self._db = storage
        self._lock = lock
        self._open = True
        self._review: ReviewStore | None = None
        self._evidence: EvidenceStore | None = None
        self._signoffs: SignoffStore | None = None
        self._seats: SeatStore | None = None
        self.changes = ChangeHub()  # every operation that changes the workspace publishes here

    # -- opening and closing ---------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path | None = None) -> Self:
        """Open (creating if missing) the workspace at `path`, or the default one.

        `NotAWorkspace` or `SchemaTooNew` leave the file as it was; `WorkspaceLocked` when
        another process (or this one, by another name) has it open; `StorageError` when
        the disk or the folder fails."""
        target = Path(path).expanduser() if path is not None else default_path()
        storage, lock = open_file(target)  # refused, unchanged, when it is not a workspace
        ws = cls(target, storage, lock)
        try:
            ws.derive_figures()  # a workspace from before figures were stored, or a crash
        except BaseException:
            ws.close()
            raise
        return ws

    def companion(self, *, read_only: bool = False) -> Workspace:
        """This workspace on a connection of its own, for one worker thread.

        It shares this process's lock (closing it leaves the lock held) and has its own
        `changes` hub: whoever runs it passes what it published on to this workspace's
        subscribers, on their own thread. `read_only` refuses every write."""
        if not self._open:
            raise RehearsalError(f"{self.path.name} is closed: no job can work on it now.")
        storage = connect_read_only(self.path) if read_only else connect(self.path)
        return Workspace(self.path, storage, None)

    def close(self) -> None:
        self._db.close()
        if self._lock is not None:
            self._lock.release()
        self._open = False

    @property
    def is_open(self) -> bool:
        return self._open

    @property
    def storage(self) -> Storage:
        """The handle the functions of `rehearsal.storage` take (packs, the review store and
        imports write through them); it offers no SQL of its own."""
        return self._db

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- programs and plans ----------------------------------------------------------------
    def programs(self) -> list[Program]:
        return stored_plans.programs(self._db)

    def program(self, program_id: str) -> Program:
        return stored_plans.program(self._db, str(program_id))

    def find_program(self, name: str) -> Program | None:
        return stored_plans.find_program(self._db, name)

    def plans(self, program_id: str) -> list[Plan]:
        return [self.plan(i) for i in stored_plans.plan_ids(self._db, str(program_id))]

    def plans_of(self, program_ids: Sequence[str]) -> dict[str, list[Plan]]:
        """`plans` of many programs at once (a few queries in all)."""
        return stored_plans.plans_of(self._db, [str(p) for p in program_ids])

    def plan(self, plan_id: str) -> Plan:
        return stored_plans.plan(self._db, str(plan_id))

    def latest_plan(self, program_id: str) -> Plan:
        return self.plan(stored_plans.latest_plan_id(self._db, str(program_id)))

    def plan_used(self, plan_id: str) -> bool:
        return stored_plans.plan_used(self._db, str(plan_id))

    def rehearsal_counts(self) -> dict[str, int]:
        """Plan id → how many rehearsals used that revision."""
        return stored_rehearsals.counts_by_plan(self._db)

    def add_plan(self, draft: PlanDraft, program: str | None = None) -> Plan:
        """Store `draft` as revision 1 of a new program, or as the next revision of the
        program named `program` (matching its segments to the previous revision's)."""
        name = _program_name(program or draft.name)
        existing = self.find_program(name) if program else None
        with self._db.transaction():
            if existing is None:
                prog = Program(id=new_id(), name=name, created=now_iso())
                stored_plans.insert_program(self._db, prog)
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
                time_zone=draft.time_zone,
                notes=draft.notes,
                source=draft.source,
                based_on=based_on,
                sections=draft.sections,
                segments=draft.segments,
                transitions=draft.transitions,
            )
            stored_plans.insert_plan(self._db, plan)
        self._plan_changed(plan)
        return plan

    def rename_program(self, program_id: str, name: str) -> Changes:
        """Give a program another name (a program change: no revision is made); the name is
        checked by `rehearsal.plans.editor.program_name`. Publishes the program's change."""
        prog = self.program(program_id)
        if name == prog.name:
            return Changes()
        with self._db.transaction():
            stored_plans.rename_program(self._db, prog.id, name)
        return self.changes.publish(Changes.of(programs=[prog.id]))

    def _plan_changed(self, plan: Plan) -> Changes:
        return self.changes.publish(Changes.of(programs=[plan.program_id], plans=[plan.id]))

    def delete_plan(self, plan_id: str) -> Changes:
        """Remove a revision no rehearsal used (a used one is kept: it is history)."""
        plan = self.plan(plan_id)
        if self.plan_used(plan.id):
            raise InvalidOperation(
                f"Revision {plan.revision} was used by a rehearsal and is kept as history."
            )
        stored_plans.delete_plan(self._db, plan.id)
        return self._plan_changed(plan)

    def save_plan(self, plan: Plan, previous: Plan | None = None) -> Plan:
        """Store an edited plan. In place if no rehearsal used it; else as the next revision.

        `previous` is the plan as stored, when the caller has it (saves reading it again).
        """
        reuse = previous is not None and previous.id == plan.id
        stored = previous if reuse and previous is not None else self.plan(plan.id)
        with self._db.transaction():
            if not self.plan_used(plan.id):
                plan = dataclasses.replace(
                    plan, revision=stored.revision, program_id=stored.program_id
                )
                if plan == stored:
                    return stored  # nothing to store, nothing to publish
                stored_plans.update_plan(self._db, stored, plan)
            else:
                plan = self._next_revision(plan, stored)
        self._plan_changed(plan)
        return plan

    def new_revision(self, plan: Plan) -> Plan:
        """Store `plan` (an edited copy of a stored one) as its program's next revision."""
        stored = self.plan(plan.id)
        with self._db.transaction():
            plan = self._next_revision(plan, stored)
        self._plan_changed(plan)
        return plan

    def _next_revision(self, plan: Plan, stored: Plan) -> Plan:
        plan = dataclasses.replace(
            plan,
            id=new_id(),
            program_id=stored.program_id,
            revision=stored_plans.latest_revision(self._db, stored.program_id) + 1,
            created=now_iso(),
            based_on=stored.id,
        )
        stored_plans.insert_plan(self._db, plan)
        return plan

    def import_plan(
        self,
        path: str | Path,
        *,
        format: str = "auto",
        program: str | None = None,
        mapping: Mapping[str, str] | None = None,
    ) -> Plan:
        """Read a file (format sniffed) and store it; FormatError leaves the workspace as is."""
        draft = formats.import_draft(path, format=format, mapping=mapping)
        return self.add_plan(draft, program=program)

    def export_plan(
        self,
        plan_id: str,
        path: str | Path,
        format: str | None = None,
        note_field: str = "facilitator_notes",
    ) -> Path:
        plan = self.plan(plan_id)
        formats.write_plan(
            plan,
            path,
            format=format,
            program_name=self.program(plan.program_id).name,
            note_field=note_field,
        )
        return Path(path)

    # -- rehearsals --------------------------------------------------------------------------
    def rehearsals(self, plan_id: str | None = None) -> list[Rehearsal]:
        return stored_rehearsals.rehearsals(self._db, None if plan_id is None else str(plan_id))

    def rehearsal(self, rehearsal_id: str) -> Rehearsal:
        return stored_rehearsals.rehearsal(self._db, str(rehearsal_id))

    def events(self, rehearsal_id: str) -> list[Event]:
        return stored_rehearsals.events(self._db, str(rehearsal_id))

    def flags(self, rehearsal_id: str) -> list[Flag]:
        """The flags of a rehearsal as they stand now, edits made in review included."""
        return self.review.flags(rehearsal_id)

    def flags_of(self, rehearsal_ids: Sequence[str]) -> dict[str, list[Flag]]:
        """`flags` of many rehearsals at once (a few queries in all)."""
        return self.review.flags_of(list(rehearsal_ids))

    @property
    def review(self) -> ReviewStore:
        """Flags edited, annotations, the debrief and action items (`rehearsal.reviewing.store`)."""
        if self._review is None:
            self._review = ReviewStore(self._db, self.changes)
        return self._review

    @property
    def evidence(self) -> EvidenceStore:
        """What the meeting platform recorded about each run: files imported, placed on the
        run's clock, speakers and their roles, figures per step
        (`rehearsal.reviewing.evidence`)."""
        if self._evidence is None:
            self._evidence = EvidenceStore(self._db, self.review, self.changes)
        return self._evidence

    @property
    def signoffs(self) -> SignoffStore:
        """Sign-off per role and launch dates of plan revisions
        (`rehearsal.reviewing.signoffs`)."""
        if self._signoffs is None:
            self._signoffs = SignoffStore(self._db, self.changes)
        return self._signoffs

    def plan_signoffs(self, plan_id: str) -> SignoffState:
        """Who received and accepted the revision `plan_id` (`SignoffStore.of`)."""
        return self.signoffs.of(plan_id)

    def launch_date(self, plan_id: str) -> date | None:
        """The revision's launch date (`SignoffStore.launch`)."""
        return self.signoffs.launch(plan_id)

    @property
    def seats(self) -> SeatStore:
        """Seats: second people's records of a run, landed on the rehearsals they belong to
        (`rehearsal.reviewing.seats`)."""
        if self._seats is None:
            self._seats = SeatStore(self._db, self.changes)
        return self._seats

    def start_seat(
        self,
        plan_id: str,
        role: str = "producer",
        person: str = "",
        clock: Clock | None = None,
    ) -> Seat:
        """Follow a revision on this computer as a second seat, with no connection: flags
        and notes dated by the wall clock, handed to the lead as a pack (`pack export` with
        the seat's id), landed on the lead's rehearsal of the revision they fall in."""
        plan = self.plan(plan_id)
        label = self.revision_label(plan_id)
        return self.seats.start(plan, label, role, person, clock or SystemClock(), self.origin)

    def revision_label(self, plan_id: str) -> str:
        """How a seat names the revision it follows: "Program, revision N"."""
        plan = self.plan(plan_id)
        return f"{self.program(plan.program_id).name}, revision {plan.revision}"

    def resume_seat(self, seat_id: str, clock: Clock | None = None) -> Seat:
        """Go on with a seat started here and not finished (`seats.unfinished`): the app
        closed or the computer went down while it was recording. A finished seat, or one
        recorded in another workspace, is not resumed."""
        record = self.seats.seat(seat_id)
        if record.finished is not None:
            raise InvalidOperation("This seat has finished: start a new one.")
        if record.origin != self.origin:
            raise InvalidOperation("This seat was recorded in another workspace.")
        return self.seats.resume(record.id, self.plan(record.plan_id), clock or SystemClock())

    @property
    def origin(self) -> str:
        """This workspace's own id, which marks the edits made here."""
        return stored_meta.origin(self._db)

    def meta(self, key: str, default: str = "") -> str:
        found = stored_meta.value(self._db, key)
        return default if found is None else found

    def set_meta(self, key: str, value: str) -> Changes:
        """Store a workspace setting; publishes `Changes(settings=True)` when it changed."""
        changed = stored_meta.set_value(self._db, key, value)
        return self.changes.publish(Changes(settings=changed))

    # -- launch rules ------------------------------------------------------------------------
    def launch_rules(self) -> LaunchRules:
        """The thresholds readiness checks against and the re-timing rule, shared by every
        view, report and command (the defaults until someone sets them)."""
        text = stored_meta.value(self._db, LAUNCH_RULES_KEY)
        return DEFAULT_RULES if text is None else LaunchRules.from_json(text)

    def has_launch_rules(self) -> bool:
        """Whether someone set this workspace's launch rules (else it has the defaults)."""
        return stored_meta.value(self._db, LAUNCH_RULES_KEY) is not None

    def set_launch_rules(
        self,
        rules: LaunchRules | None = None,
        *,
        buffer_pct: float | None = None,
        min_rehearsals: int | None = None,
        retiming_rule: str | None = None,
        retiming_min_complete: int | None = None,
        producer_lead_days: int | None = None,
    ) -> Changes:
        """Store `rules`, or the current rules with the values given (`InvalidOperation`
        for one out of range); publishes `Changes(settings=True)` when they changed."""
        base = rules if rules is not None else self.launch_rules()
        given = {
            "buffer_pct": buffer_pct,
            "min_rehearsals": min_rehearsals,
            "retiming_rule": retiming_rule,
            "retiming_min_complete": retiming_min_complete,
            "producer_lead_days": producer_lead_days,
        }
        new = LaunchRules(  # checked again, whatever `rules` went through
            **{**dataclasses.asdict(base), **{k: v for k, v in given.items() if v is not None}}
        )
        if new == self.launch_rules():  # the values in force: nothing changes
            stored_meta.set_value(self._db, LAUNCH_RULES_KEY, new.to_json())
            return Changes()
        return self.set_meta(LAUNCH_RULES_KEY, new.to_json())

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
        if len(facilitators) > MAX_FACILITATORS:
            raise InvalidOperation(f"A rehearsal names at most {MAX_FACILITATORS} facilitators.")

        def name(value: str, what: str) -> str:
            return checked_text(value, what, MAX_NAME_CHARS)

        clock = clock or SystemClock()
        rehearsal = Rehearsal(
            id=new_id(),
            plan_id=plan.id,
            kind=kind,
            status=RehearsalStatus.ARMED,
            created=clock.wall().isoformat(timespec="seconds"),
            lead=name(lead, "The lead"),
            facilitators=tuple(name(f, "A facilitator") for f in facilitators if f),
            producer=name(producer, "The producer"),
            cohort=name(cohort, "The cohort"),
            region=name(region, "The region"),
        )
        stored_rehearsals.insert_rehearsal(self._db, rehearsal)
        self._rehearsal_changed(rehearsal.id)
        return Run(rehearsal, plan, [], clock, self._appender(rehearsal, plan))

    def _rehearsal_changed(self, rehearsal_id: str) -> Changes:
        return self.changes.publish(Changes.of(rehearsals=[rehearsal_id]))

    def record_rehearsal(
        self, rehearsal: Rehearsal, events: Sequence[Event], flags: Sequence[Flag] = ()
    ) -> Rehearsal:
        """Store a rehearsal recorded elsewhere (imported actuals), all or nothing, through
        the same writes as a live run: the rehearsal armed, then its events appended (the
        last one finishing it), each flag with the FLAG event that names it (`flag_id`).
        Published once, as a new rehearsal."""
        by_id = {f.id: f for f in flags}
        recorded = [
            (e, by_id.pop(e.get("flag_id"), None) if e.kind is EventKind.FLAG else None)
            for e in events
        ]
        if by_id:
            raise InvalidOperation(f"{len(by_id)} flags are named by no FLAG event.")
        armed = dataclasses.replace(rehearsal, status=RehearsalStatus.ARMED)
        with self._db.transaction():
            stored_rehearsals.insert_rehearsal(self._db, armed)
            self._append(rehearsal.id, recorded)
        self._rehearsal_changed(rehearsal.id)
        return self.rehearsal(rehearsal.id)

    def _appender(self, rehearsal: Rehearsal, plan: Plan) -> AppendEvent:
        """How a live run of `plan` stores each event: durable before it returns. Marks are
        not published (they are on the keyboard's critical path); the end of the run is, and
        the seats' flags and notes that fall in it land then. It remembers the status it
        wrote, so a Next while running writes its event and nothing more (its status is
        not written again)."""
        rehearsal_id = rehearsal.id
        written = [rehearsal.status]

        def append(event: Event, flag: Flag | None) -> None:
            self._append(rehearsal_id, ((event, flag),), plan, status=written[0])
            written[0] = stored_rehearsals.STATUS_AFTER.get(event.kind, written[0])
            if event.kind in _ENDS:
                self._rehearsal_changed(rehearsal_id)
                self.seats.land()  # seats that arrived while it ran, waiting for its end

        return append

    def _append(
        self,
        rehearsal_id: str,
        recorded: Sequence[tuple[Event, Flag | None]],
        plan: Plan | None = None,
        *,
        status: RehearsalStatus | None = None,
    ) -> None:
        """Every event of every rehearsal, live or recorded elsewhere, is written here; a
        rehearsal finishes here too (its FINISH event), whichever way it was recorded, and
        its step figures are stored with that event, in the same transaction (`plan`: its
        plan, when the caller has it: a finish mark then reads only the events; `status`:
        the rehearsal's stored status, when the caller knows it)."""
        if not any(event.kind is EventKind.FINISH for event, _ in recorded):
            stored_rehearsals.append_events(self._db, rehearsal_id, recorded, status=status)
            return
        with self._db.transaction():
            stored_rehearsals.append_events(self._db, rehearsal_id, recorded, status=status)
            rehearsal = self.rehearsal(rehearsal_id)
            ran = plan if plan is not None and plan.id == rehearsal.plan_id else None
            self._store_figures([rehearsal], ran)

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
        plan = self.plan(rehearsal.plan_id)
        run = Run(rehearsal, plan, events, clock, self._appender(rehearsal, plan))
        if events:
            gap = (clock.wall() - datetime.fromisoformat(events[-1].wall)).total_seconds()
            run.record_interruption(max(0.0, gap))
            self._rehearsal_changed(rehearsal.id)
        return run

    def abandon_rehearsal(self, rehearsal_id: str) -> Changes:
        """Close an interrupted rehearsal as abandoned, keeping everything it recorded
        (published as the end of the run is); nothing happens to one already closed."""
        rehearsal = self.rehearsal(rehearsal_id)
        if rehearsal.status in (RehearsalStatus.FINISHED, RehearsalStatus.ABANDONED):
            return Changes()
        plan = self.plan(rehearsal.plan_id)
        run = Run(
            rehearsal,
            plan,
            self.events(rehearsal.id),
            SystemClock(),
            self._appender(rehearsal, plan),
        )
        run.abandon()  # published by the appender, as a live run's end is
        return Changes.of(rehearsals=[rehearsal.id])

    # -- archiving and deleting --------------------------------------------------------------
    def archived_rehearsals(self) -> frozenset[str]:
        """The rehearsals archived here: kept, but left out of lists and of the analysis
        unless asked for. Archiving is this workspace's view, never exchanged in packs."""
        return stored_removal.archived(self._db)

    def set_archived(
        self, rehearsal_ids: Sequence[str], archived: bool = True, *, even_if_last: bool = False
    ) -> Changes:
        """Archive the rehearsals (or, `archived` False, show them again). Archiving the
        only complete rehearsal of a revision raises `LastEvidence` unless `even_if_last`.
        Publishes the rehearsals whose state changed."""
        ids = [self.rehearsal(rid).id for rid in rehearsal_ids]  # NotFound for a stranger
        if archived and not even_if_last:
            self._refuse_last_evidence(ids, "Archiving")
        with self._db.transaction():
            changed = stored_removal.set_archived(self._db, ids, archived)
        return self.changes.publish(Changes.of(rehearsals=ids) if changed else Changes())

    def last_evidence(self, rehearsal_id: str) -> bool:
        """Whether the rehearsal is the only complete one of its revision that counts
        (finished, ran to the end, not a click-through, not archived): archiving or
        deleting it leaves the revision's timing unproven."""
        rehearsal = self.rehearsal(rehearsal_id)
        archived = self.archived_rehearsals()
        finished = [
            r
            for r in self.rehearsals(rehearsal.plan_id)
            if r.status is RehearsalStatus.FINISHED and r.id not in archived
        ]
        totals = self.run_totals(finished)
        proof = [rid for rid, t in totals.items() if t.complete and not t.click_through]
        return proof == [rehearsal.id]

    def _refuse_last_evidence(self, rehearsal_ids: Sequence[str], doing: str) -> None:
        for rid in rehearsal_ids:
            if self.last_evidence(rid):
                plan = self.plan(self.rehearsal(rid).plan_id)
                raise LastEvidence(
                    f"{doing} it leaves revision {plan.revision} with no complete rehearsal: "
                    "it is the only proof of that revision's timing. Confirm to go ahead."
                )

    def rehearsal_copy(self, rehearsal_id: str) -> RehearsalCopy:
        """Everything the rehearsal recorded, held in memory: what `restore_rehearsal`
        puts back after `delete_rehearsal` (an undo)."""
        rehearsal = self.rehearsal(rehearsal_id)
        return RehearsalCopy(
            rehearsal.id,
            stored_removal.rehearsal_rows(self._db, rehearsal.id),
            rehearsal.id in self.archived_rehearsals(),
        )

    def delete_rehearsal(self, rehearsal_id: str, *, even_if_last: bool = False) -> Changes:
        """Remove the rehearsal from this workspace with everything it recorded (marks,
        flags, notes, review), keeping a tombstone so that a colleague's pack of it in the
        shared folder does not bring it back (an explicit pack import does). The only
        complete rehearsal of a revision raises `LastEvidence` unless `even_if_last`."""
        rehearsal = self.rehearsal(rehearsal_id)
        if not even_if_last:
            self._refuse_last_evidence([rehearsal.id], "Deleting")
        stored_removal.delete(self._db, rehearsal.id, now_iso())
        return self.changes.publish(Changes.of(rehearsals=[rehearsal.id], review=[rehearsal.id]))

    def restore_rehearsal(self, copy: RehearsalCopy) -> Changes:
        """Put back a deleted rehearsal as `rehearsal_copy` read it (archived if it was),
        lifting its tombstone. `InvalidOperation` when its revision is gone since."""
        with self._db.transaction():
            stored_removal.restore(self._db, copy.rows, copy.rehearsal_id)
            if copy.archived:
                stored_removal.set_archived(self._db, [copy.rehearsal_id], True)
        self.derive_figures([copy.rehearsal_id])
        rid = copy.rehearsal_id
        return self.changes.publish(Changes.of(rehearsals=[rid], review=[rid]))

    def deleted_rehearsals(self) -> dict[str, str]:
        """The rehearsals deleted here and not brought back: id → when."""
        return stored_removal.deleted(self._db)

    # -- step figures ------------------------------------------------------------------------
    def step_figures(self, rehearsals: Sequence[Rehearsal]) -> dict[str, StoredRun]:
        """The step figures of finished `rehearsals`, read in one query; any not stored
        yet are derived from their events (and stored, unless this is read-only)."""
        found = stored_figures.read(self._db, [r.id for r in rehearsals])
        lacking = [
            r for r in rehearsals if r.status is RehearsalStatus.FINISHED and r.id not in found
        ]
        if lacking:
            derived = [figures(summary) for summary in self.rehearsal_summaries(lacking)]
            if not self._db.read_only:
                stored_figures.store(self._db, derived)
            found.update((run.rehearsal_id, StoredRun.of(run)) for run in derived)
        return found

    def run_totals(self, rehearsals: Sequence[Rehearsal]) -> dict[str, RunTotals]:
        """The figures of the finished ones of `rehearsals` (`step_figures`), by id."""
        finished = [r for r in rehearsals if r.status is RehearsalStatus.FINISHED]
        return {rid: stored.totals for rid, stored in self.step_figures(finished).items()}

    def derive_figures(self, rehearsal_ids: Sequence[str] | None = None) -> int:
        """Derive and store the step figures of the finished rehearsals (of
        `rehearsal_ids`, or all) that have none; how many were derived."""
        if self._db.read_only:
            return 0
        lacking = stored_figures.missing(self._db, rehearsal_ids)
        derived = 0
        for start in range(0, len(lacking), 200):  # a few hundred events' worth at a time
            chunk = lacking[start : start + 200]
            try:
                self._store_figures([self.rehearsal(rid) for rid in chunk])
                derived += len(chunk)
            except Exception:  # one rehearsal that cannot be replayed: the others still are
                for rid in chunk:
                    try:
                        self._store_figures([self.rehearsal(rid)])
                        derived += 1
                    except Exception:
                        # figures are a cache: without them this rehearsal is replayed
                        # when read; opening the workspace must not fail for it
                        _log.exception("step figures of rehearsal %s not derived", rid)
        return derived

    def rebuild_figures(self) -> int:
        """Derive every stored step figure again from the events; how many rehearsals."""
        stored_figures.forget(self._db)
        return self.derive_figures()

    def _store_figures(self, rehearsals: Sequence[Rehearsal], plan: Plan | None = None) -> None:
        """Derive and store the figures of `rehearsals` (`plan`: the one they all ran, when
        the caller has it, so that only their events are read)."""
        if plan is None:
            summaries = self.rehearsal_summaries(rehearsals)
        else:
            summaries = [summarize(r, plan, self.events(r.id), []) for r in rehearsals]
        stored_figures.store(self._db, [figures(summary) for summary in summaries])

    def rehearsal_summaries(self, rehearsals: Sequence[Rehearsal]) -> list[RehearsalSummary]:
        """`rehearsal_summary` of many rehearsals at once (a few queries in all)."""
        ids = [r.id for r in rehearsals]
        events = stored_rehearsals.events_of(self._db, ids)
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


def _program_name(name: str) -> str:
    """The name a program gets from an import (its file's title, or the name given): one
    line, at most `MAX_PROGRAM_NAME` characters (cut with "…"), "Untitled program" when it
    has none."""
    line = " ".join(name.split())
    if len(line) > MAX_PROGRAM_NAME:
        line = line[: MAX_PROGRAM_NAME - 1].rstrip() + "…"
    return line or "Untitled program"
