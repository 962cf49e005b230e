"""Evidence for tests: the files a meeting platform would have written about the rehearsal
`reviewing.recorded` makes, as the readers give them (`EvidenceDraft`s).

That rehearsal runs, on its own clock (seconds) and from 09:00:00 UTC on 2026-01-05:
Welcome 0–320, Poll 320–595 (paused 350–395), the transition "Open rooms" 595–745,
Breakout 745–765 and, retried, 765–1715, Close 1715–1885. Its facilitator is Maya, its
producer Sam. The recording started 30 s before the first mark."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, tzinfo

from rehearsal.errors import FormatError
from rehearsal.evidence_model import (
    EvidenceDraft,
    EvidenceItem,
    EvidenceKind,
    ItemKind,
    Platform,
    TimeBase,
)

RECORDING_LEAD_MS = 30_000  # the recording began this long before the run's first mark
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
PRIVATE = ("Hello from Lisbon", "Ana Lima", "Which room am I in?")  # never in a default report


def wall(hh: int, mm: int, ss: int = 0) -> int:
    """A time of that day as a wall-clock file gives it (ms since 1970, UTC)."""
    return int(START.replace(hour=hh, minute=mm, second=ss).timestamp() * 1000)


def _speech(start_s: float, end_s: float, who: str, text: str) -> EvidenceItem:
    """A cue at run seconds `start_s`–`end_s`, in the recording's time."""
    return EvidenceItem(
        ItemKind.SPEECH,
        round(start_s * 1000) + RECORDING_LEAD_MS,
        round(end_s * 1000) + RECORDING_LEAD_MS,
        who,
        text,
    )


def _said(kind: ItemKind, at_s: float, who: str, text: str, to: str = "Everyone") -> EvidenceItem:
    at = round(at_s * 1000) + RECORDING_LEAD_MS
    return EvidenceItem(kind, at, at, who, text, to)


def transcript() -> EvidenceDraft:
    return EvidenceDraft(
        EvidenceKind.TRANSCRIPT,
        Platform.ZOOM,
        TimeBase.RECORDING,
        (
            _speech(0, 60, "Maya (Host)", "Welcome everyone to module one."),
            _speech(65, 70, "Ana Lima", "Hi all!"),
            _speech(320, 350, "Sam", "I am launching the poll now."),
            _speech(350, 390, "Maya (Host)", "Take a minute to answer."),
            _speech(770, 800, "Ben Okafor", "We could try the second scenario."),
            _speech(790, 810, "Ana Lima", "Agreed, let us do that."),
            _speech(1730, 1770, "Maya (Host)", "Thank you all, see you next week."),
        ),
        title="Module 1 dry run",
    )


def chat() -> EvidenceDraft:
    message, reaction = ItemKind.MESSAGE, ItemKind.REACTION
    return EvidenceDraft(
        EvidenceKind.CHAT,
        Platform.ZOOM,
        TimeBase.RECORDING,
        (
            _said(message, 10, "Sam", "Welcome! The links are in the chat."),
            _said(message, 70, "Ana Lima", "Hello from Lisbon"),
            _said(message, 330, "Ben Okafor", "Where is the poll?"),
            _said(reaction, 335, "Ana Lima", "👍"),
            _said(message, 870, "Ben Okafor", "Which room am I in?", "Sam"),
        ),
    )


def attendance() -> EvidenceDraft:
    present = ItemKind.PRESENT
    return EvidenceDraft(
        EvidenceKind.ATTENDANCE,
        Platform.ZOOM,
        TimeBase.WALL,
        (
            EvidenceItem(present, wall(8, 55), wall(9, 35), "Maya (Host)", detail="Host"),
            EvidenceItem(present, wall(8, 58), wall(9, 35), "Sam", detail="Co-host"),
            EvidenceItem(present, wall(9, 1), wall(9, 20), "Ana Lima", detail="Attendee"),
            EvidenceItem(present, wall(9, 22), wall(9, 35), "Ana Lima", detail="Attendee"),
            EvidenceItem(present, wall(9, 0, 30), wall(9, 31), "Ben Okafor", detail="Attendee"),
        ),
    )


def poll() -> EvidenceDraft:
    question = "How ready do you feel?"
    answer = ItemKind.ANSWER
    return EvidenceDraft(
        EvidenceKind.POLL,
        Platform.ZOOM,
        TimeBase.WALL,
        (
            EvidenceItem(answer, wall(9, 6), wall(9, 6), "Ana Lima", "Somewhat", question),
            EvidenceItem(answer, wall(9, 6, 30), wall(9, 6, 30), "Ben Okafor", "Ready", question),
        ),
    )


def all_drafts() -> dict[str, EvidenceDraft]:
    """Each file by the name it would have."""
    return {
        "transcript.vtt": transcript(),
        "chat.txt": chat(),
        "participants.csv": attendance(),
        "poll.csv": poll(),
    }


# -- a stand-in for the readers (`rehearsal.formats.evidence.parse_evidence`) ------------------
def file_bytes(draft: EvidenceDraft) -> bytes:
    """A draft as the bytes of a file `stand_in_reader` reads back."""
    return json.dumps(
        {
            "kind": draft.kind.value,
            "platform": draft.platform.value,
            "time_base": draft.time_base.value,
            "title": draft.title,
            "items": [
                [i.kind.value, i.start_ms, i.end_ms, i.person, i.text, i.detail]
                for i in draft.items
            ],
        },
        ensure_ascii=False,
    ).encode("utf-8")


def stand_in_reader(
    data: bytes, name: str, *, day: date | None = None, zone: tzinfo | None = None
) -> EvidenceDraft:
    """Reads what `file_bytes` wrote; anything else is a `FormatError`, as a reader's
    (`day` and `zone` are taken as the real reader takes them, and not needed here)."""
    try:
        found = json.loads(data)
        return EvidenceDraft(
            EvidenceKind(found["kind"]),
            Platform(found["platform"]),
            TimeBase(found["time_base"]),
            tuple(EvidenceItem(ItemKind(k), s, e, p, t, d) for k, s, e, p, t, d in found["items"]),
            title=found["title"],
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise FormatError(f"not a file of evidence ({exc})", file=name) from None
