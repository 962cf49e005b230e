"""Seats: a second person's place in a rehearsal, recorded offline in their own workspace
and merged onto the lead's rehearsal by wall-clock time (`rehearsal.reviewing.seats`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rehearsal.limits import MAX_NAME_CHARS
from rehearsal.model import Severity


class SeatRole(StrEnum):
    PRODUCER = "producer"
    CO_FACILITATOR = "co-facilitator"
    FACILITATOR = "facilitator"
    OBSERVER = "observer"


def attributed(person: str, seat: str) -> str:
    """Who raised a flag or wrote a note from a second seat, as it is recorded and shown:
    "Sam (producer)"; the person alone with no seat named, the seat alone with no person.
    Within the bound of a name (the person's part is shortened)."""
    person, seat = person.strip(), seat.strip()
    if not seat:
        return person[:MAX_NAME_CHARS]
    if not person:
        return seat[:MAX_NAME_CHARS]
    suffix = f" ({seat})"
    return person[: max(0, MAX_NAME_CHARS - len(suffix))] + suffix


class SeatMarkKind(StrEnum):
    FLAG = "flag"
    NOTE = "note"
    STEP = "step"  # the person stepped their planned step by hand (`step` is the new one)


@dataclass(frozen=True, slots=True)
class SeatRecord:
    id: str
    plan_id: str  # the revision the seat followed (it may not be in this workspace)
    plan_label: str  # "Program, revision N", as the seat's workspace named it
    role: SeatRole
    person: str
    started: str  # ISO 8601 with its offset, the seat's computer's wall clock
    finished: str | None = None
    origin: str = ""  # the workspace it was recorded in


@dataclass(frozen=True, slots=True)
class SeatMark:
    id: str
    seat_id: str
    kind: SeatMarkKind
    wall_ms: int  # when it was raised: the seat computer's wall clock, ms since 1970 (UTC)
    step: int | None = None  # the planned step the seat showed then
    category: str = ""  # a flag's
    severity: Severity = Severity.MEDIUM  # a flag's
    text: str = ""  # a flag's note, or the note


@dataclass(frozen=True, slots=True)
class SeatStatus:
    """Where a seat's marks went in this workspace."""

    seat: SeatRecord
    marks: int  # flags and notes
    landed: int  # of them, on a rehearsal here
    rehearsals: tuple[str, ...]  # the rehearsals they landed on
    attached_by_hand: str | None  # the rehearsal a person attached it to

    @property
    def waiting(self) -> int:
        """Flags and notes that matched no rehearsal (yet)."""
        return self.marks - self.landed
