"""What a device may send, checked field by field before anything is recorded.

A flag (`POST /api/flags`) is a JSON object of these fields and no others:

- `category` (required): text of at most `MAX_NAME_CHARS` characters, not blank;
- `severity`: "low", "medium" (the default) or "high";
- `note`, `person`: text (at most `MAX_NOTE_CHARS` and `MAX_NAME_CHARS`);
- `id`: the flag's id, a UUID the page made when it was tapped, so that sending it again
  (after a lost answer or a reconnection) records it once;
- `seat`: the page it came from ("producer", "presenter", "cuesheet");
- `tapped_ms`, `sent_ms`: the device's clock (ms since 1970) when the flag was tapped and
  when it was sent. Only their difference is used, so a device's clock set wrong does not
  matter; it is bounded to `MAX_TAP_DELAY_S`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from rehearsal.errors import RehearsalError
from rehearsal.limits import MAX_NAME_CHARS, is_text, is_uuid
from rehearsal.model import Severity

MAX_BODY_BYTES = 8_192
MAX_NOTE_CHARS = 2_000  # a note typed on a phone during a run
MAX_TAP_DELAY_S = 600  # a flag sent up to ten minutes after the tap (a page offline a while)
SEATS = ("producer", "presenter", "cuesheet")
_COMMON = frozenset({"id", "person", "seat", "tapped_ms", "sent_ms"})
_FIELDS = _COMMON | {"category", "severity", "note"}
_NOTE_FIELDS = _COMMON | {"text"}
_MAX_CLOCK_MS = 253_402_300_799_999


class BadRequest(RehearsalError):
    """A request refused for what it holds (400): which field, and what was expected."""

    def __init__(self, field: str, expected: str) -> None:
        super().__init__(f"{field}: expected {expected}")
        self.field = field
        self.expected = expected


@dataclass(frozen=True, slots=True)
class FlagRequest:
    id: str | None
    category: str
    severity: Severity
    note: str
    person: str
    seat: str
    delay_ms: int  # from the tap to the sending, 0 to MAX_TAP_DELAY_S seconds


@dataclass(frozen=True, slots=True)
class NoteRequest:
    id: str | None
    text: str
    person: str
    seat: str
    delay_ms: int


def note_request(body: bytes) -> NoteRequest:
    """The note a request's body asks for (`POST /api/notes`: `text`, required, with `id`,
    `person`, `seat`, `tapped_ms` and `sent_ms` as a flag's)."""
    data = _object(body, _NOTE_FIELDS)
    text = _text(data, "text", MAX_NOTE_CHARS)
    if not text:
        raise BadRequest("text", f"text of 1 to {MAX_NOTE_CHARS} characters")
    return NoteRequest(
        id=_id(data),
        text=text,
        person=_text(data, "person", MAX_NAME_CHARS),
        seat=_seat(data),
        delay_ms=_delay(data),
    )


def flag_request(body: bytes) -> FlagRequest:
    """The flag a request's body asks for; `BadRequest` names the first field that is wrong."""
    data = _object(body, _FIELDS)
    flag_id = _id(data)
    category = data.get("category")
    if not is_text(category, MAX_NAME_CHARS) or not str(category).strip():
        raise BadRequest("category", f"text of 1 to {MAX_NAME_CHARS} characters")
    severity = data.get("severity", Severity.MEDIUM.value)
    if not isinstance(severity, str) or severity not in {s.value for s in Severity}:
        raise BadRequest("severity", "low, medium or high")
    return FlagRequest(
        id=flag_id,
        category=str(category).strip(),
        severity=Severity(severity),
        note=_text(data, "note", MAX_NOTE_CHARS),
        person=_text(data, "person", MAX_NAME_CHARS),
        seat=_seat(data),
        delay_ms=_delay(data),
    )


def _object(body: bytes, fields: frozenset[str]) -> dict[str, Any]:
    if len(body) > MAX_BODY_BYTES:
        raise BadRequest("body", f"at most {MAX_BODY_BYTES} bytes")
    try:
        data = json.loads(body.decode("utf-8"), parse_constant=_refuse)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequest("body", "a JSON object in UTF-8") from None
    if not isinstance(data, dict):
        raise BadRequest("body", "a JSON object")
    unknown = sorted(set(data) - fields)
    if unknown:
        raise BadRequest(str(unknown[0])[:40], "only " + ", ".join(sorted(fields)))
    return data


def _id(data: dict[str, Any]) -> str | None:
    value = data.get("id")
    if value is not None and not is_uuid(value):
        raise BadRequest("id", "a UUID")
    return value


def _seat(data: dict[str, Any]) -> str:
    seat = data.get("seat", "producer")
    if not isinstance(seat, str) or seat not in SEATS:
        raise BadRequest("seat", " or ".join(SEATS))
    return str(seat)


def _delay(data: dict[str, Any]) -> int:
    tapped, sent = _moment(data, "tapped_ms"), _moment(data, "sent_ms")
    delay = 0 if tapped is None or sent is None else sent - tapped
    return min(max(delay, 0), MAX_TAP_DELAY_S * 1000)


def _text(data: dict[str, Any], field: str, max_chars: int) -> str:
    value = data.get(field, "")
    if not is_text(value, max_chars):
        raise BadRequest(field, f"text of at most {max_chars} characters")
    return str(value).strip()


def _moment(data: dict[str, Any], field: str) -> int | None:
    value = data.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_CLOCK_MS:
        raise BadRequest(field, "milliseconds since 1970, a whole number")
    return value


def _refuse(name: str) -> None:
    raise ValueError(name)
