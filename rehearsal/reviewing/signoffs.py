"""Sign-off per role and launch dates, recorded as records that are only ever appended to
(`rehearsal.signoff_model`), so they travel in packs and through the shared folder like
review notes and merge in any order.

Every change is published on the workspace's `ChangeHub` as `Changes(signoffs={plan id})`.

Use it through `Workspace.signoffs`:

    signoffs = ws.signoffs
    signoffs.record(plan_id, "producer", "Sam", accepted=False, note="Got it")  # received
    record = signoffs.record(plan_id, "producer", "Sam", accepted=True)
    signoffs.withdraw(record.id)                # undo: the acceptance is taken back
    signoffs.of(plan_id).missing_roles()        # roles in which nobody accepted
    signoffs.last_accepted(program_id, "producer", "Sam")   # a revision number, or None
    signoffs.set_launch(plan_id, date(2027, 3, 1))
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from rehearsal.changes import ChangeHub, Changes
from rehearsal.clock import Clock, SystemClock
from rehearsal.errors import InvalidOperation, NotFound
from rehearsal.limits import LATEST_RUN_YEAR, MAX_NAME_CHARS, MAX_TEXT_CHARS, checked_text
from rehearsal.model import new_id
from rehearsal.signoff_model import (
    LaunchRecord,
    SignoffKind,
    SignoffRecord,
    SignoffRole,
    SignoffState,
    launch_of,
    live_records,
    signoff_state,
)
from rehearsal.storage import meta as stored_meta
from rehearsal.storage import plans as stored_plans
from rehearsal.storage import signoffs as stored
from rehearsal.storage.database import Storage

EARLIEST_LAUNCH_YEAR = 2000


def role_value(value: Any) -> SignoffRole:
    try:
        return SignoffRole(value)
    except ValueError:
        allowed = ", ".join(r.value for r in SignoffRole)
        raise InvalidOperation(f"A sign-off role is one of {allowed}, not {value!r}.") from None


def launch_value(value: Any) -> date | None:
    """A launch date: a `date`, an ISO date text (YYYY-MM-DD), or None / "" / "none"."""
    if value is None or (isinstance(value, str) and value.strip().casefold() in ("", "none")):
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidOperation(
                f"A launch date is written YYYY-MM-DD (or none), not {value[:40]!r}."
            ) from None
    if not isinstance(value, date):
        raise InvalidOperation(f"A launch date is a date, not {value!r}.")
    if not EARLIEST_LAUNCH_YEAR <= value.year <= LATEST_RUN_YEAR:
        raise InvalidOperation(
            f"A launch date is from the year {EARLIEST_LAUNCH_YEAR} to {LATEST_RUN_YEAR}."
        )
    return value


class SignoffStore:
    """Sign-offs and launch dates of a workspace; reach it as `Workspace.signoffs`."""

    def __init__(
        self, storage: Storage, changes: ChangeHub | None = None, clock: Clock | None = None
    ) -> None:
        self._storage = storage
        self._changes = changes if changes is not None else ChangeHub()
        self.clock: Clock = clock or SystemClock()
        self._last = ""

    def _now(self) -> str:
        """UTC to the microsecond, and later than this store's previous one."""
        stamp = self.clock.wall().astimezone(UTC).isoformat(timespec="microseconds")
        if stamp <= self._last:
            stamp = (datetime.fromisoformat(self._last) + timedelta(microseconds=1)).isoformat(
                timespec="microseconds"
            )
        self._last = stamp
        return stamp

    def _changed(self, plan_id: str) -> None:
        self._changes.publish(Changes.of(signoffs=[plan_id]))

    # -- sign-off ------------------------------------------------------------------------------
    def record(
        self,
        plan_id: str,
        role: str | SignoffRole,
        person: str,
        accepted: bool,
        note: str = "",
    ) -> SignoffRecord:
        """`person` in `role` received (`accepted=False`) or accepted the revision."""
        plan = stored_plans.plan(self._storage, str(plan_id))  # NotFound for an unknown one
        made = SignoffRecord(
            id=new_id(),
            plan_id=plan.id,
            role=role_value(role),
            person=checked_text(person, "The person", MAX_NAME_CHARS, required=True).strip(),
            kind=SignoffKind.ACCEPTED if accepted else SignoffKind.RECEIVED,
            note=checked_text(note, "A note", MAX_TEXT_CHARS),
            withdraws=None,
            recorded_at=self._now(),
            origin=stored_meta.origin(self._storage),
        )
        stored.insert_signoff(self._storage, made)
        self._changed(plan.id)
        return made

    def withdraw(self, record_id: str) -> SignoffRecord:
        """Take back a received/accepted record (undo); it stays in the history."""
        target = stored.signoff(self._storage, str(record_id))
        if target.kind is SignoffKind.WITHDRAWN:
            raise InvalidOperation("A withdrawal cannot itself be withdrawn; record again.")
        made = SignoffRecord(
            id=new_id(),
            plan_id=target.plan_id,
            role=target.role,
            person=target.person,
            kind=SignoffKind.WITHDRAWN,
            note="",
            withdraws=target.id,
            recorded_at=self._now(),
            origin=stored_meta.origin(self._storage),
        )
        stored.insert_signoff(self._storage, made)
        self._changed(target.plan_id)
        return made

    def records(self, plan_id: str) -> list[SignoffRecord]:
        """Every record of a revision, withdrawals included, oldest first."""
        return stored.signoffs_of(self._storage, [str(plan_id)])

    def of(self, plan_id: str) -> SignoffState:
        return signoff_state(str(plan_id), self.records(plan_id))

    def states(self, plan_ids: Sequence[str]) -> dict[str, SignoffState]:
        """`of` many revisions at once (one query)."""
        found = stored.signoffs_of(self._storage, plan_ids)
        return {pid: signoff_state(pid, found) for pid in plan_ids}

    def last_accepted(
        self, plan_or_program_id: str, role: str | SignoffRole, person: str
    ) -> int | None:
        """The latest revision of the program (of a plan, or the program itself) that
        `person` in `role` accepted and did not take back; None when none."""
        wanted = role_value(role)
        program_id = stored_plans.plan_program_id(self._storage, str(plan_or_program_id))
        if program_id is None:
            stored_plans.program(self._storage, str(plan_or_program_id))  # NotFound
            program_id = str(plan_or_program_id)
        revisions = stored_plans.revisions(self._storage, program_id)
        accepted = [
            revisions[r.plan_id]
            for r in live_records(stored.signoffs_of(self._storage, list(revisions)))
            if r.kind is SignoffKind.ACCEPTED and r.role is wanted and r.person == person
        ]
        return max(accepted) if accepted else None

    # -- launch dates ----------------------------------------------------------------------------
    def set_launch(self, plan_id: str, launch_on: date | str | None) -> LaunchRecord:
        """Set (None: clear) the revision's launch date, its first live cohort."""
        plan = stored_plans.plan(self._storage, str(plan_id))
        made = LaunchRecord(
            id=new_id(),
            plan_id=plan.id,
            launch_on=launch_value(launch_on),
            set_at=self._now(),
            origin=stored_meta.origin(self._storage),
        )
        stored.insert_launch(self._storage, made)
        self._changed(plan.id)
        return made

    def launch(self, plan_id: str) -> date | None:
        """The revision's launch date: set on it, else on the closest earlier revision of
        its program that has one (a new revision keeps the launch it was made for)."""
        return self.launches([str(plan_id)])[str(plan_id)]

    def launches(self, plan_ids: Sequence[str]) -> dict[str, date | None]:
        """`launch` of many revisions at once."""
        found: dict[str, date | None] = {}
        programs = stored_plans.programs_of_plans(self._storage, plan_ids)
        for pid in plan_ids:
            if pid not in programs:
                raise NotFound(f"No plan {pid} in {self._storage.path.name}.")
        every = stored_plans.revisions_of(self._storage, list(dict.fromkeys(programs.values())))
        all_ids = [p for revisions in every.values() for p in revisions]
        records: dict[str, list[LaunchRecord]] = {}
        for record in stored.launches_of(self._storage, all_ids):
            records.setdefault(record.plan_id, []).append(record)
        for pid in plan_ids:
            revisions = every[programs[pid]]
            mine = revisions[pid]
            earlier = sorted((n, p) for p, n in revisions.items() if n <= mine)  # this one last
            found[pid] = None
            for _n, candidate in reversed(earlier):
                theirs = records.get(candidate, [])
                if theirs:
                    found[pid] = launch_of(theirs)
                    break
        return found
