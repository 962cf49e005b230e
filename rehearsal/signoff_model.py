"""Sign-off and launch dates: the values, and what a set of records comes to.

A **sign-off** is a person in a role recording that they *received* or *accepted* a plan
revision, with a note. Nothing is updated in place: each act is a `SignoffRecord`, kept
forever; taking one back (undo) is a record of kind `withdrawn` naming the record it
withdraws. A plan's **launch date** (its first live cohort) is set by `LaunchRecord`s too;
the one shown is the latest (by time set, then id).

What a set of records comes to (`signoff_state`, `launch_of`) is a pure function of the
set: workspaces that exchange packs agree whatever order the records arrive in, and a
record seen twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class SignoffRole(StrEnum):
    """The roles whose sign-off a revision needs before launch."""

    DESIGNER = "designer"
    FACILITATOR = "facilitator"
    PRODUCER = "producer"
    LEARNING_OPERATIONS = "learning-operations"


ROLE_TITLES: dict[SignoffRole, str] = {
    SignoffRole.DESIGNER: "designer",
    SignoffRole.FACILITATOR: "facilitator",
    SignoffRole.PRODUCER: "producer",
    SignoffRole.LEARNING_OPERATIONS: "learning operations",
}


class SignoffKind(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"  # accepting a revision is receiving it too
    WITHDRAWN = "withdrawn"  # takes back the record it names (`withdraws`)


@dataclass(frozen=True, slots=True)
class SignoffRecord:
    id: str
    plan_id: str
    role: SignoffRole
    person: str
    kind: SignoffKind
    note: str
    withdraws: str | None  # the record a `withdrawn` one takes back
    recorded_at: str  # UTC ISO, to the microsecond
    origin: str  # the workspace it was recorded in


@dataclass(frozen=True, slots=True)
class LaunchRecord:
    id: str
    plan_id: str
    launch_on: date | None  # None: the launch date was cleared
    set_at: str
    origin: str


@dataclass(frozen=True, slots=True)
class PersonSignoff:
    """Where one person in one role stands with one revision."""

    role: SignoffRole
    person: str
    received_at: str | None  # the first time they received (or accepted) it
    accepted_at: str | None  # the first time they accepted it (None: not accepted)
    note: str  # the note of their latest record

    @property
    def accepted(self) -> bool:
        return self.accepted_at is not None


@dataclass(frozen=True, slots=True)
class SignoffState:
    """The sign-offs of one revision: every person who received or accepted it."""

    plan_id: str
    people: tuple[PersonSignoff, ...]  # by role (in `SignoffRole` order), then person

    def of_role(self, role: SignoffRole) -> tuple[PersonSignoff, ...]:
        return tuple(p for p in self.people if p.role is role)

    def missing_roles(self) -> tuple[SignoffRole, ...]:
        """The roles in which nobody accepted this revision."""
        return tuple(r for r in SignoffRole if not any(p.accepted for p in self.of_role(r)))

    def first_received(self, role: SignoffRole) -> str | None:
        """When someone in `role` first received (or accepted) this revision."""
        found = [p.received_at for p in self.of_role(role) if p.received_at]
        return min(found) if found else None


def live_records(records: Iterable[SignoffRecord]) -> list[SignoffRecord]:
    """The received/accepted records no `withdrawn` record took back, oldest first."""
    every = list(records)
    withdrawn = {r.withdraws for r in every if r.kind is SignoffKind.WITHDRAWN}
    return sorted(
        (r for r in every if r.kind is not SignoffKind.WITHDRAWN and r.id not in withdrawn),
        key=lambda r: (r.recorded_at, r.id),
    )


def signoff_state(plan_id: str, records: Iterable[SignoffRecord]) -> SignoffState:
    """What the records of one revision come to (records of other revisions are ignored)."""
    live = live_records(r for r in records if r.plan_id == plan_id)
    people: dict[tuple[SignoffRole, str], list[SignoffRecord]] = {}
    for record in live:
        people.setdefault((record.role, record.person), []).append(record)
    order = {role: n for n, role in enumerate(SignoffRole)}
    found = []
    for (role, person), theirs in sorted(
        people.items(), key=lambda kv: (order[kv[0][0]], kv[0][1].casefold(), kv[0][1])
    ):
        accepted = [r.recorded_at for r in theirs if r.kind is SignoffKind.ACCEPTED]
        found.append(
            PersonSignoff(
                role=role,
                person=person,
                received_at=theirs[0].recorded_at,
                accepted_at=accepted[0] if accepted else None,
                note=theirs[-1].note,
            )
        )
    return SignoffState(plan_id, tuple(found))


def launch_of(records: Sequence[LaunchRecord]) -> date | None:
    """The launch date the latest record sets (None: never set, or cleared)."""
    if not records:
        return None
    return max(records, key=lambda r: (r.set_at, r.id)).launch_on
