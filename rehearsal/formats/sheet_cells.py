"""Cell values as spreadsheets hand them over, read as text, durations and times of day.

A CSV gives text; an XLSX gives text, numbers, booleans and the date/time values openpyxl
makes of time-formatted numbers. Both readers hand the shared table logic rows of
`CellValue`, and these functions read them the same way whichever file they came from.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from rehearsal.durations import format_clock, parse_duration, parse_time_of_day
from rehearsal.formats.plan_limits import tidy_text
from rehearsal.limits import DAY_S, MAX_DURATION_S

CellValue = str | int | float | bool | datetime | date | time | timedelta | None

# Excel counts days from 1899-12-30 (openpyxl shifts serials below 60 by one day for
# Excel's fictional 1900-02-29), so a time-formatted duration of a day or more arrives
# as a date-time in the first weeks of 1900.
_SERIAL_DAY_ONE = datetime(1899, 12, 31)
_SERIAL_ZERO = datetime(1899, 12, 30)
_LAST_SERIAL_DURATION = datetime(1900, 3, 1)
_HOURS_MINUTES = re.compile(r"^(\d+):([0-5]\d)$")
# "9:00–9:15", "9:00 AM - 9:30 AM", "14h00 à 14h30", "10:00 bis 10:30", "9:00 a 9:30".
_RANGE = re.compile(r"^\s*(\S.*?)\s*(?:[-–—]|\b(?:to|bis|tot|a|à)\b)\s*(\S.*?)\s*$", re.I)


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One row of a sheet: its 1-based number as the spreadsheet shows it, and its cells."""

    number: int
    cells: tuple[CellValue, ...]


def column_letter(index: int) -> str:
    """`A` for 0, `Z` for 25, `AA` for 26 — the name a spreadsheet shows above a column."""
    letters = ""
    n = index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_text(value: CellValue) -> str:
    """The text a cell shows, tidied as a plan keeps text (`plan_limits.tidy_text`: trimmed,
    "\n" line breaks, no invisible control character); empty for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str):
        return tidy_text(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, timedelta):
        return format_clock(round(value.total_seconds()))
    if isinstance(value, datetime):
        if value.time() == time(0) and value.year > 1900:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, time):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    return value.isoformat()


def is_blank(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def duration_s(value: CellValue, unit_s: int = 60, hours_minutes: bool = False) -> int:
    """Seconds in a duration cell. A bare number counts `unit_s` each (minutes by default);
    "0:10" is ten seconds, or ten minutes in a column headed "(hh:mm)" (`hours_minutes`).

    Raises ValueError when the cell is not a duration.
    """
    if isinstance(value, bool) or value is None:
        raise ValueError("not a duration")
    if isinstance(value, int | float):
        if not math.isfinite(value) or not 0 <= value * unit_s <= MAX_DURATION_S:
            raise ValueError("not a duration")
        seconds = round(value * unit_s)
    elif isinstance(value, timedelta):
        seconds = round(value.total_seconds())
    elif isinstance(value, datetime):
        if value >= _LAST_SERIAL_DURATION or value < _SERIAL_ZERO:
            raise ValueError("a date, not a duration")
        base = _SERIAL_ZERO if value < _SERIAL_DAY_ONE else _SERIAL_DAY_ONE
        seconds = round((value - base).total_seconds())
    elif isinstance(value, time):
        seconds = _time_s(value)
    elif isinstance(value, date):
        raise ValueError("a date, not a duration")
    else:
        text = value.strip()
        if unit_s != 60 and _is_number(text):
            return duration_s(float(text.replace(",", ".")), unit_s)
        hm = _HOURS_MINUTES.match(text) if hours_minutes else None
        seconds = int(hm[1]) * 3600 + int(hm[2]) * 60 if hm else parse_duration(text)
    if not 0 <= seconds <= MAX_DURATION_S:
        raise ValueError("duration out of range")
    return seconds


def time_of_day_s(value: CellValue) -> int:
    """Seconds after midnight in a start or end cell. Raises ValueError when it is none."""
    if isinstance(value, bool) or value is None:
        raise ValueError("not a time of day")
    if isinstance(value, datetime):
        return _time_s(value.time())
    if isinstance(value, time):
        return _time_s(value)
    if isinstance(value, timedelta):
        return round(value.total_seconds()) % DAY_S
    if isinstance(value, date):
        raise ValueError("a date, not a time of day")
    if isinstance(value, int | float):
        # A time of day typed into a General-format cell arrives as a day fraction.
        if not math.isfinite(value) or not 0 <= value < 1:
            raise ValueError("not a time of day")
        return round(value * DAY_S) % DAY_S
    return parse_time_of_day(value)


def time_range_s(value: CellValue) -> tuple[int, int]:
    """The start and end in a cell that holds both ("9:00–9:15"). ValueError when not."""
    found = _RANGE.match(value) if isinstance(value, str) else None
    if found is None:
        raise ValueError("not a range of times")
    return parse_time_of_day(found[1]), parse_time_of_day(found[2])


def _time_s(value: time) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second + round(value.microsecond / 1e6)


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True
