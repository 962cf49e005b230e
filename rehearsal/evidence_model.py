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


class SpeakerRole(StrEnum):
    """Who a speaker, sender or attendee is to the run: matched to the run's people (its
    lead, facilitators, producer, the plan's lead persons), a learner otherwise; a person
    can change it."""

    FACILITATOR = "facilitator"
    STAFF = "staff"  # co-facilitator, producer, another member of the delivery team
    LEARNER = "learner"
