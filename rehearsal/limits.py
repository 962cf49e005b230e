"""The bounds of the domain, defined once. Every door that lets values in — the plan
readers, packs and the shared folder, the plan editor — holds them to these, so that a value
that passed one door passes every other (an exported plan reads back; a pack's plan is one
the editor could have made) and never breaks a view, a report or a command later."""

from __future__ import annotations

import re
import uuid

from rehearsal.errors import InvalidOperation

DAY_S = 24 * 3600
MAX_DURATION_S = 7 * DAY_S  # a segment's planned length, a hand-off's allowance, a range
MIN_SLOT_S = 60  # a slot is a minute to a day long, or not set
MAX_SLOT_S = DAY_S
# A rehearsal's own clock (`Event.at_ns`) starts near 0 and continues across a resume; no
# run lasts a month.
MAX_RUN_NS = 31 * DAY_S * 10**9
MAX_EVENTS = 100_000  # marks of one rehearsal (a mark a second for 27 hours)
MAX_STEPS = 20_000  # segments of one plan (as many as a sheet may have rows)
MAX_REVISION = 1_000_000
MAX_NAME_CHARS = 1_000  # titles, names, categories, labels
MAX_FACILITATORS = 100  # named for one rehearsal
MAX_PROGRAM_NAME = 200  # a program's name: one line
MAX_TEXT_CHARS = 100_000  # notes, cues, intents, annotations
# A plan's prose (notes, intents, cues, materials, custom columns): what one spreadsheet cell
# holds, so that a plan exported as XLSX reads back whole (Excel's limit; openpyxl cuts there).
MAX_PLAN_TEXT_CHARS = 32_767
# Columns of a plan Rehearsal has no field for (`Segment.custom`), counted over its segments:
# with the export's own columns they stay within what a sheet may have (`MAX_SHEET_COLUMNS`).
MAX_CUSTOM_COLUMNS = 150
MAX_SHEET_COLUMNS = 200
MAX_NESTING = 32  # levels of a JSON plan or Ontime project (they need fewer than 10)
# An actual end earlier than its start crossed midnight when that makes the step at most
# this long (23:50 → 00:10 is 20 minutes); otherwise it is a mistake (10:10 → 10:00).
MAX_PAST_MIDNIGHT_S = DAY_S // 2
LATEST_RUN_YEAR = 9998  # a run's day, and its clock's month after it, stay in the calendar
MAX_SECONDS_LOST = DAY_S

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_uuid(value: object) -> bool:
    """Whether `value` is a UUID in its canonical text form (lower case, hyphens), as
    every id this app makes is."""
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


def is_text(value: object, max_chars: int = MAX_TEXT_CHARS) -> bool:
    """Whether `value` is text that can be stored and shown: valid Unicode (no lone
    surrogate), no NUL, at most `max_chars` characters."""
    if not isinstance(value, str) or len(value) > max_chars or "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def checked_text(
    value: object, what: str, max_chars: int = MAX_TEXT_CHARS, *, required: bool = False
) -> str:
    """`value` as text a person typed (None is empty), or `InvalidOperation` saying why it
    cannot be kept: blank when `required`, or not text that can be stored, shown and
    handed on (`is_text`). Leading and trailing space is trimmed when `required`."""
    text = "" if value is None else str(value)
    if required and not text.strip():
        raise InvalidOperation(f"{what} cannot be empty.")
    if not is_text(text, max_chars):
        raise InvalidOperation(
            f"{what} must be text of at most {max_chars:,} characters, without NUL or "
            "broken characters."
        )
    return text.strip() if required else text


def is_iso_date(value: object) -> bool:
    """Whether `value` starts with a date `YYYY-MM-DD` that exists."""
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return False
    from datetime import date

    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


# Files read whole: a run-of-show or a sheet of actuals, and a pack (one rehearsal with its
# plan, marks and notes). Anything larger is refused, or in the shared folder skipped,
# before it is read.
MAX_PLAN_FILE_BYTES = 25_000_000
MAX_PACK_BYTES = 50_000_000

# Evidence: a meeting platform's file about a run (`rehearsal.formats.evidence`) — a
# transcript, a chat, an attendance or poll report. A day's transcript is a few MB (Teams'
# UTF-16 doubles it); anything larger is refused before it is read. Its items are bounded
# like a run's marks and held to these at every door (the readers, the import, packs); a
# recording's times lie within a day of its start, a wall-clock file's in years a meeting
# platform could have written (and a run's day can be: `LATEST_RUN_YEAR`).
MAX_EVIDENCE_FILE_BYTES = 25_000_000
MAX_EVIDENCE_ITEMS = 100_000  # items of one file (a day-long transcript has ~10,000 cues)
MAX_EVIDENCE_FILES = 200  # files of one rehearsal
MAX_RECORDING_MS = DAY_S * 1000  # a moment of a recording: none lasts more than a day
EARLIEST_EVIDENCE_YEAR = 1995
MAX_RUN_MS = MAX_RUN_NS // 10**6
MAX_WALL_MS = 253_402_300_799_999  # a moment of a wall-clock file: 9999-12-31 23:59:59.999 UTC
MAX_ITEM_SPAN_MS = MAX_RUN_MS  # an item's length (an attendee present for a month at most)
# An offset places a file on the run's clock: a recording's 0, or a wall-clock file's shift,
# at most a month from the run's own 0 either way.
MAX_OFFSET_MS = MAX_RUN_MS
