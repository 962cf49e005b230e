"""Zoom's in-meeting chat as Zoom saves it, on the computer or with a cloud recording.

**Saved on the computer** (`meeting_saved_chat.txt`), by the time of day:

- since 2021: `09:02:11 From Ana Lima to Everyone:` and the message on the next lines,
  indented by a tab (older files put two spaces around the names); a reaction
  `Reacted to "Good morn..." with 👍`, its removal `Removed a 👍 reaction from "Good
  morn..."`, a reply `Replying to "Good morn..."` before the message; a direct message
  `to Ben Cho(Direct Message)`;
- before: one line each, `09:02:11<tab> From  Ana Lima : Good morning`, or `… to  Ben
  Cho(Privately) : …` for a private one.

The file gives the time of day only: the caller says which **day** (`day`) and **time
zone** (`zone`; this device's when not given, with a warning) the meeting was in, and the
items are wall-clock moments (`TimeBase.WALL`). A time more than 12 hours earlier than the
one before crossed midnight into the next day.

**From a cloud recording**: `00:01:23<tab>Ana Lima:<tab>Good morning`, the time counted from
the start of the recording (`TimeBase.RECORDING`).

Items: a message is a `MESSAGE` at its time, its sender, its text (its lines joined with
"\\n"; a reply's quote of the message it answers left out) and its recipient as `detail`
("Everyone", or the person a direct message went to). A reaction is a `REACTION`: the
emoji as `text`, the start of the message it reacts to (as Zoom quotes it) as `detail`;
a reaction removed later takes the earlier one away.

Refused: a line before the first message that is not one, a time that is not one, a file
that ends on a message's heading without its message (cut off). Warned: a timed line of
another shape (kept as a message from no one), a heading without a message in the middle,
the removal of a reaction the file does not have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, tzinfo

from rehearsal.errors import FormatError
from rehearsal.evidence_model import EvidenceDraft, EvidenceKind, ItemKind, Platform, TimeBase
from rehearsal.formats.evidence.decoding import EvidenceText, decode
from rehearsal.formats.evidence.items import Items, Warnings, one_line, prose
from rehearsal.formats.evidence.wall_clock import WallClock
from rehearsal.limits import DAY_S, MAX_PAST_MIDNIGHT_S

_TIMED = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2})(?P<gap>[ \t]+)(?P<rest>\S.*)$")
_FROM = re.compile(r"^From\s+(?P<who>.+)$")
_CLOUD = re.compile(r"^(?P<sender>[^\t]+?):\t(?P<text>.*)$")
_EVERYONE = re.compile(r"^(?P<sender>.+?)\s+to\s+(?P<to>Everyone.*)$", re.I)
_TO = re.compile(r"^(?P<sender>.+?)\s+to\s+(?P<to>.+)$")
_PRIVATE = re.compile(r"\s*\((?:Direct Message|Privately)\)\s*$", re.I)
_REACTED = re.compile(r'^Reacted to "(?P<quote>.*)" with (?P<emoji>\S.*)$')
_REMOVED = re.compile(r'^Removed a (?P<emoji>\S.*?) reaction from "(?P<quote>.*)"$')
_REPLYING = re.compile(r'^Replying to "(?P<quote>.*)"\s*:?$')
EXPECTED_LINE = (
    "a chat line such as 09:02:11 From Ana Lima to Everyone: (saved on the computer) or "
    "00:01:23<tab>Ana Lima:<tab>Good morning (from a cloud recording)"
)


@dataclass(slots=True)
class _Message:
    line: int
    seconds: int  # of the day (local) or of the recording (cloud)
    sender: str
    recipient: str
    body: list[str]
    known: bool = True  # False: a timed line of no shape Zoom writes, kept as a message
    heading: bool = False  # a heading, its message on the lines after it (since 2021)


def read_zoom_chat(
    data: bytes, file: str, *, day: date | None = None, zone: tzinfo | None = None
) -> EvidenceDraft:
    """A Zoom chat; `day` and `zone` place a chat saved on the computer (see the module)."""
    return zoom_chat_from_text(decode(data, file), file, day=day, zone=zone)


def zoom_chat_from_text(
    source: EvidenceText, file: str, *, day: date | None = None, zone: tzinfo | None = None
) -> EvidenceDraft:
    warnings = Warnings()
    warnings.extend(source.notes)
    messages, cloud = _messages(source, file, warnings)
    if not messages:
        raise FormatError("a chat without a single message", file=file, expected=EXPECTED_LINE)
    ending = messages[-1]
    if ending.heading and not any(line.strip() for line in ending.body):
        raise FormatError(
            "the file ends on a message's heading, without the message (cut off?)",
            file=file,
            line=ending.line,
            expected="the message on the lines after its heading",
        )
    if cloud:
        items = Items(file, TimeBase.RECORDING)
        for message in messages:
            _add(items, message, message.seconds * 1000, warnings)
    else:
        if day is None:
            raise FormatError(
                "a chat saved on the computer gives the time of day but not the day",
                file=file,
                expected="the day of the meeting, given with the file",
            )
        items = Items(file, TimeBase.WALL)
        clock = WallClock(file, zone, warnings)
        days, last = 0, None
        for message in messages:
            if last is not None and message.seconds < last - MAX_PAST_MIDNIGHT_S:
                days += 1  # past midnight
            last = message.seconds
            _add(
                items,
                message,
                clock.day_ms(day, days * DAY_S + message.seconds, message.line),
                warnings,
            )
    if not items:
        raise FormatError("a chat without a single message", file=file, expected=EXPECTED_LINE)
    return EvidenceDraft(
        kind=EvidenceKind.CHAT,
        platform=Platform.ZOOM,
        time_base=TimeBase.RECORDING if cloud else TimeBase.WALL,
        items=items.all(),
        warnings=warnings.all(),
    )


def _messages(source: EvidenceText, file: str, warnings: Warnings) -> tuple[list[_Message], bool]:
    """The file's messages, and whether it is a cloud recording's chat."""
    messages: list[_Message] = []
    cloud: bool | None = None
    for number, raw in enumerate(source.lines, start=1):
        line = raw.lstrip("\ufeff") if number == 1 else raw
        timed = _TIMED.match(line)
        if timed is None:
            if messages:
                messages[-1].body.append(line)
            elif line.strip():
                raise FormatError(
                    "this line is not a chat message",
                    file=file,
                    line=number,
                    expected=EXPECTED_LINE,
                )
            continue
        seconds = _seconds(timed, file, number)
        if cloud is None:
            cloud = "\t" in timed["gap"] and not _FROM.match(timed["rest"])
        message = _cloud(timed, seconds, number) if cloud else _local(timed, seconds, number)
        if message is None:
            warnings.at(number, "a line of no shape Zoom writes, kept as a message from no one")
            message = _Message(number, seconds, "", "", [timed["rest"]], known=False)
        if cloud is False and seconds >= DAY_S:
            raise FormatError(
                "a time of day past 23:59:59",
                file=file,
                line=number,
                expected="a time of day from 00:00:00 to 23:59:59",
            )
        messages.append(message)
    return messages, bool(cloud)


def _seconds(timed: re.Match[str], file: str, line: int) -> int:
    hours, minutes, seconds = int(timed["h"]), int(timed["m"]), int(timed["s"])
    if minutes > 59 or seconds > 59:
        raise FormatError(
            f"{timed['h']}:{timed['m']}:{timed['s']} is not a time",
            file=file,
            line=line,
            expected="HH:MM:SS, minutes and seconds below 60",
        )
    return (hours * 60 + minutes) * 60 + seconds


def _cloud(timed: re.Match[str], seconds: int, line: int) -> _Message | None:
    found = _CLOUD.match(timed["rest"])
    if found is None or "\t" not in timed["gap"]:
        return None
    return _Message(line, seconds, found["sender"].strip(), "Everyone", [found["text"]])


def _local(timed: re.Match[str], seconds: int, line: int) -> _Message | None:
    found = _FROM.match(timed["rest"])
    if found is None:
        return None
    who = found["who"].rstrip()
    if " : " in who:  # before 2021: the message on the same line
        names, _, text = who.partition(" : ")
        body = [text]
    elif who.endswith(":"):  # since 2021: the message on the next lines
        sender, recipient = _names(who[:-1].strip())
        return _Message(line, seconds, sender, recipient, [], heading=True)
    else:
        names, _, text = who.partition(": ")
        if not text:
            return None
        body = [text]
    sender, recipient = _names(names.strip())
    return _Message(line, seconds, sender, recipient, body)


def _names(names: str) -> tuple[str, str]:
    """(sender, recipient) in `Ana Lima to Everyone`, `Ana  to  Ben Cho(Direct Message)`."""
    found = _EVERYONE.match(names) or _TO.match(names)
    if found is None:
        return names, "Everyone"
    return found["sender"].strip(), _PRIVATE.sub("", found["to"]).strip()


def _add(items: Items, message: _Message, at_ms: int, warnings: Warnings) -> None:
    lines = [_unindent(line) for line in message.body]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        warnings.at(message.line, "a message heading without a message, left out")
        return
    first = lines[0].strip()
    if message.known and (reacted := _REACTED.match(first)):
        items.add(
            ItemKind.REACTION,
            at_ms,
            at_ms,
            message.sender,
            line=message.line,
            text=reacted["emoji"],
            detail=reacted["quote"],
        )
        return
    if message.known and (removed := _REMOVED.match(first)):
        for earlier in items.last(ItemKind.REACTION):
            if (earlier.person, earlier.text, earlier.detail) == (
                one_line(message.sender),
                prose(removed["emoji"]),
                one_line(removed["quote"]),
            ):
                items.remove(earlier)
                return
        warnings.at(message.line, "a reaction removed that the file does not have")
        return
    if message.known and _REPLYING.match(first):
        lines = lines[1:]
    text = "\n".join(lines)
    if not text.strip():
        warnings.at(message.line, "a message heading without a message, left out")
        return
    items.add(
        ItemKind.MESSAGE,
        at_ms,
        at_ms,
        message.sender,
        line=message.line,
        text=text,
        detail=message.recipient,
    )


def _unindent(line: str) -> str:
    if line.startswith("\t"):
        return line[1:]
    return line[4:] if line.startswith("    ") else line
