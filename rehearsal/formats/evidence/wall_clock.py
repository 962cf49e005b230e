"""Dates and times as the platforms write them, read as wall-clock moments
(`TimeBase.WALL`: milliseconds since 1970-01-01 UTC).

Forms read: ISO (`2024-01-31 09:02:10`, a `T`, an offset or `Z`); numbers in any order
(`01/31/2024 09:02:10 AM`, `31.1.2024, 09:02:10`, `15/11/22, 09:30:17`, `22/7/11 18:29`);
month names (`Jan 31, 2024 09:02:10`, `31 Jan 2024 9:02 AM`). Seconds and AM/PM are
optional. A two-digit year is of this century.

**The order of day and month** is one per file: the one under which every date of the
file exists, preferring month first where AM/PM is written (US English), day first where
dots separate (German, Finnish…), otherwise the platform's usual order (`prefer`). When
another order would also fit every date and read some differently, the file is read the
preferred way and a warning says so.

**A time without a zone** — all of them but ISO with an offset — is a time in `zone`, which
the caller gives (the zone of the person who downloaded the report: the platforms write
their local time). Without one it is this device's local time zone, and a warning says
so. Years outside `EARLIEST_EVIDENCE_YEAR`…`LATEST_RUN_YEAR` are refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from enum import StrEnum

from rehearsal.errors import FormatError
from rehearsal.formats.evidence.items import Warnings
from rehearsal.limits import EARLIEST_EVIDENCE_YEAR, LATEST_RUN_YEAR

_TIME = (
    r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d{1,6}))?)?"
    r"\s*(?P<ap>[AaPp]\.?\s?[Mm]\.?)?"
)
_ISO = re.compile(
    rf"^(?P<y>\d{{4}})-(?P<mo>\d{{1,2}})-(?P<d>\d{{1,2}})(?:T|,?\s+){_TIME}"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
)
_NUMERIC = re.compile(
    rf"^(?P<a>\d{{1,4}})(?P<sep>[/.\-])(?P<b>\d{{1,2}})(?P=sep)(?P<c>\d{{1,4}})\.?,?\s+{_TIME}$"
)
_MONTH_FIRST = re.compile(
    rf"^(?P<mon>[A-Za-z]{{3,9}})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}}),?\s+(?:at\s+)?{_TIME}$"
)
_DAY_FIRST = re.compile(
    rf"^(?P<d>\d{{1,2}})\.?\s+(?P<mon>[A-Za-z]{{3,9}})\.?,?\s+(?P<y>\d{{4}}),?\s+(?:at\s+)?{_TIME}$"
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EXPECTED = (
    "a date and time such as 01/31/2024 09:02:10 AM, 31.1.2024, 09:02:10, "
    "2024-01-31 09:02:10 or Jan 31, 2024 09:02:10"
)


class DateOrder(StrEnum):
    MONTH_FIRST = "month/day/year"
    DAY_FIRST = "day/month/year"
    YEAR_FIRST = "year/month/day"


@dataclass(frozen=True, slots=True)
class _Numbers:
    a: str
    b: str
    c: str

    def date(self, order: DateOrder) -> date | None:
        if order is DateOrder.MONTH_FIRST:
            month, day, year = self.a, self.b, self.c
        elif order is DateOrder.DAY_FIRST:
            day, month, year = self.a, self.b, self.c
        else:
            year, month, day = self.a, self.b, self.c
        if len(year) not in (2, 4) or len(month) > 2 or len(day) > 2:
            return None
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        try:
            return date(full_year, int(month), int(day))
        except ValueError:
            return None


def _clock(match: re.Match[str]) -> time | None:
    hour, minute = int(match["h"]), int(match["mi"])
    second = int(match["s"] or 0)
    micro = int((match["f"] or "0").ljust(6, "0"))
    if match["ap"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ap"][0] in "Pp" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second, micro)


def _offset(text: str) -> tzinfo:
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _numbers(text: str) -> tuple[_Numbers, re.Match[str]] | None:
    match = _NUMERIC.match(text.strip())
    if match is None or _ISO.match(text.strip()):
        return None
    return _Numbers(match["a"], match["b"], match["c"]), match


def _preferred(texts: list[str], prefer: DateOrder) -> list[DateOrder]:
    """The orders to try, the likeliest first, from how the file writes its first date."""
    first = next((found for text in texts if (found := _numbers(text))), None)
    orders = [prefer, *(o for o in DateOrder if o is not prefer)]
    if first is None:
        return orders
    numbers, match = first
    if len(numbers.a) == 4:
        lead = DateOrder.YEAR_FIRST
    elif match["ap"]:
        lead = DateOrder.MONTH_FIRST
    elif match["sep"] == ".":
        lead = DateOrder.DAY_FIRST
    else:
        lead = prefer
    return [lead, *(o for o in orders if o is not lead)]


class WallClock:
    """Reads the dates and times of one file (`stamps`: all of them, to find the order of
    day and month) as milliseconds since the epoch, in `zone` (see the module)."""

    def __init__(
        self,
        file: str,
        zone: tzinfo | None,
        warnings: Warnings,
        stamps: Iterable[str] = (),
        prefer: DateOrder = DateOrder.MONTH_FIRST,
    ) -> None:
        self.file = file
        self.zone = zone
        self.warnings = warnings
        self.order = self._order([s for s in stamps if s.strip()], prefer)
        self._zone_said = False

    def _order(self, texts: list[str], prefer: DateOrder) -> DateOrder:
        numbers = [found[0] for text in texts if (found := _numbers(text))]
        orders = _preferred(texts, prefer)
        fitting = [o for o in orders if all(n.date(o) is not None for n in numbers)]
        if not fitting:
            return orders[0]  # the first date that does not exist is refused when read
        chosen = fitting[0]
        for other in fitting[1:]:
            differing = next((n for n in numbers if n.date(other) != n.date(chosen)), None)
            if differing is not None:
                read = differing.date(chosen)
                self.warnings.add(
                    f"dates such as {differing.a}/{differing.b}/{differing.c} fit both "
                    f"{chosen} and {other}: read as {chosen} ({read.isoformat() if read else ''})"
                )
                break
        return chosen

    def ms(self, text: str, line: int, column: str | None = None) -> int:
        """`text` (a date and time) as milliseconds since the epoch, or `FormatError`."""
        moment = self._moment(text.strip())
        if moment is None:
            raise FormatError(
                f"{text.strip()[:80]!r} is not a date and time",
                file=self.file,
                line=line,
                column=column,
                expected=EXPECTED,
            )
        return self._epoch_ms(moment, line, column)

    def day_ms(self, day: date, seconds: int, line: int) -> int:
        """The moment `seconds` after the start of `day` (local midnight in the zone)."""
        moment = datetime.combine(day, time()) + timedelta(seconds=seconds)
        return self._epoch_ms(moment, line, None)

    def _moment(self, text: str) -> datetime | None:
        iso = _ISO.match(text)
        if iso:
            clock = _clock(iso)
            try:
                day = date(int(iso["y"]), int(iso["mo"]), int(iso["d"]))
            except ValueError:
                return None
            if clock is None:
                return None
            moment = datetime.combine(day, clock)
            return moment.replace(tzinfo=_offset(iso["tz"])) if iso["tz"] else moment
        found = _numbers(text)
        if found:
            numbers, match = found
            day_or_none = numbers.date(self.order)
            clock = _clock(match)
            if day_or_none is None or clock is None:
                return None
            return datetime.combine(day_or_none, clock)
        named = _MONTH_FIRST.match(text) or _DAY_FIRST.match(text)
        if named:
            month = _MONTHS.get(named["mon"].lower())
            clock = _clock(named)
            if month is None or clock is None:
                return None
            try:
                return datetime.combine(date(int(named["y"]), month, int(named["d"])), clock)
            except ValueError:
                return None
        return None

    def _epoch_ms(self, moment: datetime, line: int, column: str | None) -> int:
        if not EARLIEST_EVIDENCE_YEAR <= moment.year <= LATEST_RUN_YEAR:
            raise FormatError(
                f"the year {moment.year}, when no meeting platform recorded anything",
                file=self.file,
                line=line,
                column=column,
                expected=f"a date from {EARLIEST_EVIDENCE_YEAR} to {LATEST_RUN_YEAR}",
            )
        if moment.tzinfo is None:
            if self.zone is not None:
                moment = moment.replace(tzinfo=self.zone)
            else:
                try:
                    moment = moment.astimezone()  # this device's local time on that day
                except (OverflowError, OSError, ValueError):
                    raise FormatError(
                        "a date this device cannot place in its time zone",
                        file=self.file,
                        line=line,
                        column=column,
                        expected=f"a date from {EARLIEST_EVIDENCE_YEAR} to {LATEST_RUN_YEAR}",
                    ) from None
                self._say_zone(moment)
        return (moment - _EPOCH) // timedelta(milliseconds=1)

    def _say_zone(self, moment: datetime) -> None:
        if self._zone_said:
            return
        self._zone_said = True
        self.warnings.add(
            f"the file's times name no time zone: read as this device's local time "
            f"({moment.strftime('UTC%z')[:-2]}:{moment.strftime('%z')[-2:]} on "
            f"{moment.date().isoformat()}); give the zone the report was made in if it "
            "was another"
        )
