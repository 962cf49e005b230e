"""Durations as people write them: "5", "5m", "1h05", "10m15s", "mm:ss", "hh:mm:ss"."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from functools import lru_cache

from rehearsal.limits import MAX_DURATION_S

_UNIT = re.compile(
    r"^(?:(?P<h>\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?)?\s*"
    r"(?:(?P<m>\d+(?:\.\d+)?)\s*(?:m(?:in(?:ute)?s?)?|'))?\s*"
    r"(?:(?P<s>\d+(?:\.\d+)?)\s*(?:s(?:ec(?:ond)?s?)?|\"))?$",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"^(\d+):([0-5]?\d)(?::([0-5]?\d))?(?:\.\d+)?$")


def parse_duration(text: str) -> int:
    """Seconds in `text`. A bare number means minutes. Raises ValueError if unreadable.

    >>> parse_duration("1h05"), parse_duration("10m15s"), parse_duration("1:30")
    (3900, 615, 90)
    """
    raw = text.strip().lower().replace(",", ".")
    if not raw:
        raise ValueError("empty duration")
    if raw.startswith("-"):
        raise ValueError(f"negative duration {text!r}")
    clock = _CLOCK.match(raw)
    if clock:
        a, b, c = clock.groups()
        if c is None:  # mm:ss
            return int(a) * 60 + int(b)
        return int(a) * 3600 + int(b) * 60 + int(c)
    try:
        minutes = float(raw)
    except ValueError:
        pass
    else:
        if not math.isfinite(minutes) or minutes < 0 or minutes * 60 > MAX_DURATION_S:
            raise ValueError(f"duration out of range: {text!r}")
        return round(minutes * 60)
    # "1h05" / "1h 5" — minutes after hours with no unit.
    hm = re.match(r"^(\d+)\s*h\s*(\d{1,2})$", raw)
    if hm:
        return int(hm.group(1)) * 3600 + int(hm.group(2)) * 60
    unit = _UNIT.match(raw)
    if unit and any(unit.group(g) for g in "hms"):
        total = 0.0
        for group, scale in (("h", 3600), ("m", 60), ("s", 1)):
            if unit.group(group):
                total += float(unit.group(group)) * scale
        if total > MAX_DURATION_S:
            raise ValueError(f"duration out of range: {text!r}")
        return round(total)
    raise ValueError(f"not a duration: {text!r}")


_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}[t ]")
_TIME_OF_DAY = re.compile(
    r"^(\d{1,2})(?:[:h.](\d{2}))?(?::(\d{2}))?(?:\.\d+)?\s*(am|pm|a\.m\.|p\.m\.)?$"
)


def parse_time_of_day(text: str) -> int:
    """Seconds after midnight in "9:30", "09:30:00", "9:30 AM", "14h30". ValueError if not.

    A date in front ("2024-05-01 09:30", as spreadsheets write a date-time) is ignored.
    """
    raw = _DATE_PREFIX.sub("", text.strip().lower(), count=1).strip()
    m = _TIME_OF_DAY.match(raw)
    if not m or (m.group(2) is None and m.group(4) is None):
        raise ValueError(f"not a time of day: {text!r}")
    h, mnt, sec = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
    if m.group(4):
        if not 1 <= h <= 12:
            raise ValueError(f"not a time of day: {text!r}")
        h = h % 12 + (12 if m.group(4).startswith("p") else 0)
    if h > 23 or mnt > 59 or sec > 59:
        raise ValueError(f"not a time of day: {text!r}")
    return h * 3600 + mnt * 60 + sec


@lru_cache(maxsize=4096)
def format_duration(seconds: int) -> str:
    """`5:00`, `1:05:00`; negative values get a minus sign. Remembered: the same few
    durations are worded again and again (a plan's steps on every mark and tick, a table's
    column)."""
    sign = "-" if seconds < 0 else ""
    s = abs(int(seconds))
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    if h:
        return f"{sign}{h}:{m:02d}:{sec:02d}"
    return f"{sign}{m}:{sec:02d}"


def format_range(min_s: int | None, max_s: int | None) -> str:
    """A flexible segment's acceptable range: `8:00–12:00`, `at least 8:00`, `up to
    12:00`; "" when no bound is set."""
    if min_s is None and max_s is None:
        return ""
    if max_s is None:
        return f"at least {format_duration(min_s or 0)}"
    if min_s is None:
        return f"up to {format_duration(max_s)}"
    return f"{format_duration(min_s)}–{format_duration(max_s)}"


def format_countdown(remaining_s: float) -> str:
    """A live countdown, the same on every screen: `4:59` while time is left (rounded up,
    so `0:00` means the time is up), `+1:05` after it (counting up)."""
    if remaining_s >= 0:
        return format_duration(math.ceil(remaining_s))
    return "+" + format_duration(math.floor(-remaining_s))


def format_time_of_day(seconds: int) -> str:
    s = int(seconds) % (24 * 3600)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}"


def format_clock(seconds: int) -> str:
    """Always hours, minutes and seconds: `0:05:00`, `1:05:00` (unambiguous in a sheet)."""
    sign = "-" if seconds < 0 else ""
    h, rest = divmod(abs(int(seconds)), 3600)
    return f"{sign}{h}:{rest // 60:02d}:{rest % 60:02d}"


def format_time_of_day_exact(seconds: int) -> str:
    """`09:30`, or `09:30:05` when the seconds matter."""
    s = int(seconds) % (24 * 3600)
    text = f"{s // 3600:02d}:{s % 3600 // 60:02d}"
    return f"{text}:{s % 60:02d}" if s % 60 else text


def format_moment(iso: str) -> str:
    """A recorded moment (ISO 8601, as the app stores it) as every list, picker, report and
    the CLI show it: `2026-01-12 09:30`, in the local time of this device (a moment stored
    without an offset is taken as local already). The text as it is when it is no moment."""
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def format_date(day: date | None) -> str:
    """A calendar date (a launch date) as everyone reads it: `2027-03-01`; "" for none."""
    return "" if day is None else day.isoformat()


def moment_date(iso: str) -> date | None:
    """The day of a recorded moment, in the local time of this device (as `format_moment`
    shows it); None when it is no moment."""
    try:
        return datetime.fromisoformat(iso).astimezone().date()
    except (TypeError, ValueError):
        return None


def format_days_left(days: int | None) -> str:
    """Days until a date: `in 5 days`, `tomorrow`, `today`, `2 days ago`; "" when unknown."""
    if days is None:
        return ""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days > 0:
        return f"in {days} days"
    return "yesterday" if days == -1 else f"{-days} days ago"


def format_signed(seconds: float | None) -> str:
    """Over or under as everyone reads it, in every view, report and the CLI: `+1:05` over,
    `−0:30` under (a real minus sign), `0:00` on plan (rounded to the second first); ""
    when unknown."""
    if seconds is None or math.isnan(seconds):
        return ""
    whole = round(seconds)
    if whole == 0:
        return "0:00"
    return ("+" if whole > 0 else "\u2212") + format_duration(abs(whole))


def count(n: int, noun: str, plural: str | None = None) -> str:
    """`1 rehearsal`, `3 rehearsals`, `0 steps` (`plural` where adding "s" is wrong)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def format_size(n_bytes: int) -> str:
    """A file's size as a message gives it: `812 bytes`, `4.2 kB`, `312 MB`, `1.2 GB`
    (decimal units, three significant digits at most; limits are round in these units)."""
    if n_bytes < 1000:
        return count(n_bytes, "byte")
    value = float(n_bytes)
    for unit in ("kB", "MB", "GB", "TB"):
        value /= 1000
        if value < 999.5 or unit == "TB":
            break
    return f"{value:.1f} {unit}" if value < 9.95 else f"{value:.0f} {unit}"
