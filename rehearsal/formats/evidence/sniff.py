"""Which evidence format a file is, told by its content; its name's suffix only breaks a
tie. A file that is nearly one (a `.vtt`, or cue timings, without `WEBVTT` first; chat
lines below a stray first line) goes to that format's reader, which says where it is
wrong."""

from __future__ import annotations

import re
from enum import StrEnum

from rehearsal.errors import FormatError
from rehearsal.formats.evidence.decoding import READS, EvidenceText
from rehearsal.formats.evidence.tables import key

_SNIFF_LINES = 40
_CHAT = re.compile(r"^\d{1,2}:\d{2}:\d{2}[ \t]+\S")
# A chat's line (`09:02:11 From Ana…`, `00:01:23<tab>Ana:<tab>…`), a cue's timing.
_CHAT_LINE = re.compile(r"^\d{1,2}:\d{2}:\d{2}(?:[ \t]+From\s|\t[^\t]+:\t)")
_TIMING = re.compile(r"\d:\d{2}[.,]\d{3}\s+-->\s")
_SECTION = re.compile(r"^\s*\d\.\s+\S")


class EvidenceFormat(StrEnum):
    WEBVTT = "webvtt"
    ZOOM_CHAT = "zoom-chat"
    ZOOM_PARTICIPANTS = "zoom-participants"
    TEAMS_ATTENDANCE = "teams-attendance"
    ZOOM_POLLS = "zoom-polls"


def sniff(source: EvidenceText, file: str) -> EvidenceFormat:
    """The format of `source`, or `FormatError` listing what this package reads."""
    _, first = source.first_line()
    first = first.lstrip("\ufeff").strip()
    if first.startswith("WEBVTT"):
        return EvidenceFormat.WEBVTT
    if _CHAT.match(first):
        return EvidenceFormat.ZOOM_CHAT
    head = [line for line in source.lines[: _SNIFF_LINES * 4] if line.strip()][:_SNIFF_LINES]
    keys = [key(line) for line in head]
    lowered = [line.lstrip("\ufeff").strip().lower() for line in head]
    if key(first) == "poll report" or any("submitted date" in k for k in keys):
        return EvidenceFormat.ZOOM_POLLS
    tabbed = sum("\t" in line for line in head) > len(head) // 2
    sections = sum(bool(_SECTION.match(line)) for line in head)
    if (
        sections >= 2
        or any(k.startswith(("full name\tuser action", "meeting summary")) for k in lowered)
        or (tabbed and any("join time" in k and "leave time" in k for k in keys))
    ):
        return EvidenceFormat.TEAMS_ATTENDANCE
    if any("join time" in k and "leave time" in k for k in keys) or key(first) in (
        "attendee report",
        "attendee report,",
    ):
        return EvidenceFormat.ZOOM_PARTICIPANTS
    # A chat or a transcript with a broken first line: its reader says where.
    if any(_CHAT_LINE.match(line) for line in head):
        return EvidenceFormat.ZOOM_CHAT
    if file.lower().endswith(".vtt") or any(_TIMING.search(line) for line in head):
        return EvidenceFormat.WEBVTT
    raise FormatError("cannot tell what this file is", file=file, expected=READS)
