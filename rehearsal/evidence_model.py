"""Evidence: what the meeting platform recorded about a run — who spoke when (a
transcript), what people typed (the chat), who was there (attendance), how polls went —
read from the platform's own files (`rehearsal.formats.evidence`), placed on the run's
timeline and stored with the rehearsal.

A file is read into an `EvidenceDraft`: its items in the file's own time base, before it is
placed on a run. A transcript or a cloud-recording chat counts time from the start of the
recording (`TimeBase.RECORDING`: milliseconds; the run's clock is reached by an offset the
person can adjust); an attendance report, a poll report and a locally saved chat give the
time of day (`TimeBase.WALL`: milliseconds since the Unix epoch, UTC; the run's clock is
reached through the wall-clock time of its marks). Names and messages are people's words:
they stay in the workspace; reports show counts unless asked for the text.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum


class EvidenceKind(StrEnum):
    TRANSCRIPT = "transcript"  # WebVTT: Zoom, Teams, Webex
    CHAT = "chat"  # Zoom's saved chat, local or cloud recording
    ATTENDANCE = "attendance"  # Zoom's participants CSV, Teams' attendance report
    POLL = "poll"  # Zoom's poll report


class Platform(StrEnum):
    ZOOM = "zoom"
    TEAMS = "teams"
    WEBEX = "webex"
    OTHER = "other"


class TimeBase(StrEnum):
    RECORDING = "recording"  # milliseconds from the start of the recording
    WALL = "wall"  # milliseconds since 1970-01-01 UTC


class ItemKind(StrEnum):
    SPEECH = "speech"  # a transcript cue: someone speaking from start to end
    MESSAGE = "message"  # a chat message (to everyone or to someone)
    REACTION = "reaction"  # a chat reaction ("Reacted to … with 👍"): not a message
    PRESENT = "present"  # an attendee present from start (joined) to end (left)
    ANSWER = "answer"  # a poll answer, submitted at start


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """One thing the platform recorded, in its file's time base (`TimeBase`)."""

    kind: ItemKind
    start_ms: int
    end_ms: int  # = start_ms for a moment (a message, an answer)
    person: str  # the speaker, sender, attendee or respondent, as the platform names them
    text: str = ""  # what was said, typed or answered (people's words: private)
    detail: str = ""  # the recipient of a message, a poll's question, an attendee's role


@dataclass(frozen=True, slots=True)
class EvidenceDraft:
    """One file read, not yet placed on a run (nothing stored until the whole file read)."""

    kind: EvidenceKind
    platform: Platform
    time_base: TimeBase
    items: tuple[EvidenceItem, ...]
    title: str = ""  # what the file says it is about (a meeting topic), when it says
    warnings: tuple[str, ...] = ()
    # A recording's file that says when the recording began (wall clock, ms since 1970,
    # UTC): the surest way to place it (`rehearsing.placement`). None when it does not say.
    recording_started_ms: int | None = None


class SpeakerRole(StrEnum):
    """Who a speaker, sender or attendee is to the run: matched to the run's people (its
    lead, facilitators, producer, the plan's lead persons), a learner otherwise; a person
    can change it."""

    FACILITATOR = "facilitator"
    STAFF = "staff"  # co-facilitator, producer, another member of the delivery team
    LEARNER = "learner"


# What each kind of file holds (the readers and every door hold a file to it).
ITEM_KINDS: dict[EvidenceKind, frozenset[ItemKind]] = {
    EvidenceKind.TRANSCRIPT: frozenset({ItemKind.SPEECH}),
    EvidenceKind.CHAT: frozenset({ItemKind.MESSAGE, ItemKind.REACTION}),
    EvidenceKind.ATTENDANCE: frozenset({ItemKind.PRESENT}),
    EvidenceKind.POLL: frozenset({ItemKind.ANSWER}),
}
# Items that happen at a moment (`end_ms` = `start_ms`); the others last from start to end.
MOMENTS: frozenset[ItemKind] = frozenset({ItemKind.MESSAGE, ItemKind.REACTION, ItemKind.ANSWER})


class Proposal(StrEnum):
    """How the offset of a file was proposed when it was imported
    (`rehearsal.rehearsing.placement`)."""

    GIVEN = "given"  # the person gave it at the import
    RECORDING_START = "recording-start"  # the recording's own start time, through the marks
    FIRST_MARK = "first-mark"  # its first speech or message at the run's first mark
    SAME_RECORDING = "same-recording"  # as a file of the same recording imported before
    CLOCK = "clock"  # a wall-clock file placed by its own times: no shift
    CLOCK_SHIFTED = "clock-shifted"  # its times far from the run's: shifted by quarter hours
    NO_MARKS = "no-marks"  # the run has no marks to place it by: 0


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """A file of evidence stored with a rehearsal: what the reader gave (`EvidenceDraft`,
    its items stored apart) and how it was placed on the run's clock.

    Its id is derived from the rehearsal and the SHA-256 of its bytes, so importing the
    same file again changes nothing and two workspaces that imported it agree on it.
    `offset_ms` places it (`rehearsal.rehearsing.placement`): for a recording, where the
    recording's 0 falls against the run's start, its first mark (−30 000: the recording
    began 30 s before it); for a wall-clock file, a shift added to its times before they
    are placed through the run's marks (0 unless a time-zone mix-up). Proposed at the
    import (`proposed_offset_ms`, `proposal`), adjusted by a person as a review edit."""

    id: str
    rehearsal_id: str
    kind: EvidenceKind
    platform: Platform
    time_base: TimeBase
    sha256: str  # of the file's bytes
    title: str
    items: int  # how many items it holds
    name: str  # the file's name where it was imported
    imported: str  # when (ISO 8601)
    proposed_offset_ms: int
    proposal: Proposal
    offset_ms: int  # the offset in force: the latest adjustment, else the proposal
    adjusted: bool = False  # a person changed the offset
    removed: bool = False  # a person removed the file (an edit: it can come back)


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person named in a run's evidence (a speaker, sender, attendee or respondent), one
    per name as `rehearsing.speakers.name_key` normalises it, with their role to the run."""

    id: str  # derived from the rehearsal and `key`: the same in every workspace
    key: str  # the name normalised (case, spaces, "(Host)"-style suffixes)
    name: str  # as the platform wrote it (the spelling seen most)
    role: SpeakerRole
    reason: str  # how the role was found: "edited", "facilitator", "producer", "host", …
    edited: bool = False


# Ids derived from what the evidence is, so that every workspace gives the same thing the
# same id: a file by its rehearsal and the SHA-256 of its bytes, an item by its file and its
# position in it, a speaker by the rehearsal and the normalised name.
_FILE_NS = uuid.UUID("3f1b0c9e-5d7a-4f43-9a51-2c7d8e6b4a10")
_ITEM_NS = uuid.UUID("8a2e6d41-0b9c-4e57-b3f8-61d4c7a9e205")
_SPEAKER_NS = uuid.UUID("c5d09f72-8e14-4b6a-a0d3-97e2b1f64c38")


def evidence_file_id(rehearsal_id: str, sha256: str) -> str:
    return str(uuid.uuid5(_FILE_NS, f"{rehearsal_id}/{sha256}"))


def evidence_item_id(file_id: str, position: int) -> str:
    return str(uuid.uuid5(_ITEM_NS, f"{file_id}/{position}"))


def speaker_id(rehearsal_id: str, key: str) -> str:
    return str(uuid.uuid5(_SPEAKER_NS, f"{rehearsal_id}/{key}"))
