"""Reading what a meeting platform recorded about a run: the files Zoom, Teams and Webex
give — transcripts, chats, attendance and poll reports — each read into an
`EvidenceDraft` (`rehearsal.evidence_model`), or refused with a `FormatError` naming the
file, the line (and the column where there is one) and what was expected. Nothing is
returned half-read, and nothing here touches a workspace.

One module a format family, each a pure function of the file's bytes and name:

- `webvtt`: transcripts (WebVTT) from Zoom, Teams and Webex — `TimeBase.RECORDING`;
- `zoom_chat`: Zoom's chat, saved on the computer (`WALL`) or from a cloud recording
  (`RECORDING`);
- `zoom_participants` and `teams_attendance`: attendance — `WALL`;
- `zoom_polls`: Zoom's poll report — `WALL`.

`parse_evidence` tells which one a file is by its content (`sniff`) and refuses a file
it cannot tell, saying what it reads; `read_evidence` reads a file from disk first, within
`MAX_EVIDENCE_FILE_BYTES`.

**Wall-clock times without a zone or a day.** The reports give dates and times in the
zone of whoever made them, without saying which; a chat saved on the computer gives only
the time of day. Both readers take the same two keyword arguments: `zone` (a `tzinfo`:
the zone the times are in; None: this device's local zone, and a warning says so) and
`day` (the day a time-of-day chat was saved on; a chat past midnight continues into the
next day). `parse_evidence` refuses a time-of-day chat without `day`, since the bytes do not
say it; `read_evidence` takes it, when not given, from the Zoom folder the chat was saved
in (`2024-01-31 09.00.00 Topic 81234567890`), else from the file's modification date — and
says so in a warning. Times are then milliseconds since the epoch (UTC), whatever the zone
they were written in.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime, tzinfo
from pathlib import Path

from rehearsal.durations import format_size
from rehearsal.errors import FormatError
from rehearsal.evidence_model import EvidenceDraft, EvidenceKind, TimeBase
from rehearsal.formats.evidence.decoding import READS, decode
from rehearsal.formats.evidence.items import one_line
from rehearsal.formats.evidence.sniff import EvidenceFormat, sniff
from rehearsal.limits import MAX_EVIDENCE_FILE_BYTES, MAX_NAME_CHARS, is_text

__all__ = ["READS", "EvidenceFormat", "parse_evidence", "read_evidence"]

# Zoom saves a meeting's chat (and local recording) in a folder named by its start.
_ZOOM_FOLDER = re.compile(r"^(\d{4}-\d{2}-\d{2}) \d{2}\.\d{2}\.\d{2}(?: (.*?))?(?: \d{9,11})?$")


def parse_evidence(
    data: bytes, name: str, *, day: date | None = None, zone: tzinfo | None = None
) -> EvidenceDraft:
    """The evidence in `data`, a file named `name` (for messages and as a tie-breaker),
    its format told by its content. `day` and `zone`: see the module."""
    try:
        source = decode(data, name)
        kind = sniff(source, name)
        if kind is EvidenceFormat.WEBVTT:
            from rehearsal.formats.evidence.webvtt import webvtt_from_text

            return webvtt_from_text(source, name)
        if kind is EvidenceFormat.ZOOM_CHAT:
            from rehearsal.formats.evidence.zoom_chat import zoom_chat_from_text

            return zoom_chat_from_text(source, name, day=day, zone=zone)
        if kind is EvidenceFormat.ZOOM_PARTICIPANTS:
            from rehearsal.formats.evidence.zoom_participants import zoom_participants_from_text

            return zoom_participants_from_text(source, name, zone=zone)
        if kind is EvidenceFormat.TEAMS_ATTENDANCE:
            from rehearsal.formats.evidence.teams_attendance import teams_attendance_from_text

            return teams_attendance_from_text(source, name, zone=zone)
        from rehearsal.formats.evidence.zoom_polls import zoom_polls_from_text

        return zoom_polls_from_text(source, name, zone=zone)
    except FormatError as exc:
        raise exc.located(name) from None


def read_evidence(
    path: str | Path, *, day: date | None = None, zone: tzinfo | None = None
) -> EvidenceDraft:
    """The evidence in the file at `path` (see `parse_evidence`); a chat saved on the
    computer without `day` is placed on the day its folder or its modification date says,
    with a warning (see the module)."""
    path = Path(path)
    name = path.name
    try:
        info = path.stat()
        if info.st_size > MAX_EVIDENCE_FILE_BYTES:
            raise FormatError(
                f"the file is {format_size(info.st_size)}, larger than any meeting's export "
                f"(the limit is {format_size(MAX_EVIDENCE_FILE_BYTES)})",
                file=name,
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise FormatError("no such file", file=str(path)) from None
    except IsADirectoryError:
        raise FormatError("this is a folder, not a file", file=str(path)) from None
    except OSError as exc:
        raise FormatError(f"cannot be read: {exc.strerror or exc}", file=str(path)) from None
    if day is not None:
        return parse_evidence(data, name, day=day, zone=zone)
    folder = _zoom_folder(path.absolute().parent.name)
    guess, how = _saved_on(folder, info.st_mtime, zone)
    draft = parse_evidence(data, name, day=guess, zone=zone)
    if guess is None or draft.kind is not EvidenceKind.CHAT or draft.time_base is not TimeBase.WALL:
        return draft
    warning = (
        f"the chat gives times of day without the day: read as {guess.isoformat()}, from "
        f"{how}; give the meeting's day if it was another"
    )
    topic = folder[1] if folder else ""
    title = draft.title or (topic if is_text(topic, MAX_NAME_CHARS) else "")
    return dataclasses.replace(draft, title=title, warnings=(warning, *draft.warnings))


def _zoom_folder(name: str) -> tuple[date, str] | None:
    """The day and topic of a folder Zoom saved a meeting in, or None when it is not one."""
    found = _ZOOM_FOLDER.match(name)
    if found is None:
        return None
    try:
        return date.fromisoformat(found.group(1)), one_line(found.group(2) or "")
    except ValueError:
        return None


def _saved_on(
    folder: tuple[date, str] | None, modified: float, zone: tzinfo | None
) -> tuple[date | None, str]:
    """The day a chat was saved on: its Zoom folder's, else its modification date (None
    when neither is a day)."""
    if folder:
        return folder[0], "the Zoom folder it was saved in"
    try:
        return datetime.fromtimestamp(modified, zone).date(), "the file's modification date"
    except (OverflowError, OSError, ValueError):
        return None, ""
