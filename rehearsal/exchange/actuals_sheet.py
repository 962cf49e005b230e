"""A sheet of actuals as people keep one: found, its columns told, each row read as a
segment's actual start and end (or duration) — the reading half of `actuals_import`.

Columns, found in a header row within the first 30 rows:

- the segment: `id`, `cue` (`#`), `title` (`segment`, `activity`, `name`, `item`);
- its actuals: `actual start` and `actual end` (plain `start`/`end` also do), or an
  `actual duration` (`actual`, `duration`, `length`; minutes unless the header says
  otherwise, or any duration form such as `5:30`).

Ontime's report CSV (`Index,Title,Cue,Scheduled Start,Actual Start,Scheduled End,Actual
End`) is read the same way: its actual columns are used, its scheduled ones ignored; its
report JSON is read by `ontime_runs`. What cannot be a row of a run is refused
(`FormatError` naming the file, row and column): an end before its start (with dates on
both, by the moments; with times of day alone, an earlier end crossed midnight only when
that makes the step at most 12 hours long, `MAX_PAST_MIDNIGHT_S`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from rehearsal.durations import format_size, format_time_of_day_exact
from rehearsal.errors import ColumnsNotRecognised, FormatError
from rehearsal.exchange.ontime_runs import REPORT_HEADER, looks_like_json, report_rows
from rehearsal.formats.sheet_cells import (
    CellValue,
    SheetRow,
    cell_text,
    duration_s,
    is_blank,
    time_of_day_s,
)
from rehearsal.formats.sheet_columns import duration_unit_s, normalize
from rehearsal.limits import (
    DAY_S,
    LATEST_RUN_YEAR,
    MAX_PAST_MIDNIGHT_S,
    MAX_PLAN_FILE_BYTES,
)

HEADER_SEARCH_ROWS = 30
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "segment id", "uuid"),
    "cue": ("cue", "#", "no", "number"),
    "title": ("title", "segment", "activity", "name", "item", "event"),
    "start": (
        "actual start",
        "started",
        "actual start time",
        "start actual",
        "start",
        "time start",
        "start time",
    ),
    "end": (
        "actual end",
        "ended",
        "actual end time",
        "end actual",
        "end",
        "time end",
        "end time",
        "finish",
    ),
    "duration": ("actual duration", "actual", "actual time", "actual length", "took"),
    # A plain duration is the actual only when the sheet has no actual start and end: next
    # to them it is the planned time.
    "plain_duration": ("duration", "length"),
}
EXPECTED = "a title, cue or id column, and actual start and end times or an actual duration"


@dataclass(frozen=True, slots=True)
class Actual:
    row: int
    label: str
    start_s: float | None
    end_s: float | None  # None when the row has a start too: its span is `duration_s`
    duration_s: float | None
    day: date | None
    end_column: str = ""  # the header of the end column, to name it in an error


# -- reading the sheet ------------------------------------------------------------------------
def read_rows(path: Path) -> tuple[list[SheetRow], tuple[str, ...]]:
    """The sheet's non-blank rows, and notes on how a CSV's text was read (its encoding)."""
    from rehearsal.formats.sheet_csv import csv_rows
    from rehearsal.formats.sheet_xlsx import xlsx_rows

    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_PLAN_FILE_BYTES:
            raise FormatError(
                f"the file is {format_size(size)}, larger than any sheet of actuals "
                f"(the limit is {format_size(MAX_PLAN_FILE_BYTES)})",
                file=name,
            )
        data = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"cannot read it ({exc.strerror or exc})", file=name) from None
    if data[:2] == b"PK":
        return xlsx_rows(data, name), ()
    if looks_like_json(data):
        return report_rows(data, name), ()
    return csv_rows(data, name)


def from_ontime(rows: list[SheetRow], file: str) -> bool:
    """Whether the rows are Ontime's record of a run: its report JSON or report CSV."""
    at, _ = find_header(rows, file)
    headers = {normalize(cell_text(c)) for c in rows[at].cells}
    report_csv = {"index", "scheduled start", "actual start"} <= headers
    return report_csv or rows[at].cells == REPORT_HEADER


def find_header(rows: list[SheetRow], file: str) -> tuple[int, dict[str, int]]:
    seen: tuple[str, ...] = ()
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        texts = [cell_text(c) for c in row.cells]
        headers = [normalize(t) for t in texts]
        bare = [normalize(re.sub(r"[(\[].*?[)\]]", " ", t)) for t in texts]  # "Actual (min)"
        found: dict[str, int] = {}
        for key, aliases in COLUMNS.items():
            for alias in aliases:  # the first alias present wins: "actual start" over "start"
                if alias in headers or alias in bare:
                    found[key] = headers.index(alias) if alias in headers else bare.index(alias)
                    break
        if "plain_duration" in found:
            plain = found.pop("plain_duration")
            if "duration" not in found and not {"start", "end"} <= set(found):
                found["duration"] = plain
        named = {"id", "cue", "title"} & set(found)
        timed = {"start", "end"} <= set(found) or "duration" in found
        if named and timed:
            return index, found
        if not seen and any(headers):
            seen = tuple(cell_text(c) for c in row.cells if not is_blank(c))
    raise ColumnsNotRecognised(
        "no header row with the segment and its actual times",
        columns=seen,
        file=file,
        expected=EXPECTED,
    )


def _clock_s(
    value: CellValue, file: str, row: int, column: str
) -> tuple[float | None, date | None]:
    """Seconds after midnight (and the date when the cell has one) of a start or end."""
    if is_blank(value):
        return None, None
    if isinstance(value, datetime):
        return float(time_of_day_s(value)), _day(value.date(), file, row, column)
    text = cell_text(value).strip()
    if re.fullmatch(r"\d{4}-\d\d-\d\d[T ]\d\d?:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:?\d\d|Z)?", text):
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
        except ValueError:  # a day or an hour that does not exist: 2026-02-30, 25:00
            raise FormatError(
                f"{text!r} is not a date and time",
                file=file,
                row=row,
                column=column,
                expected="e.g. 2026-02-03 09:05:30",
            ) from None
        seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
        return seconds + moment.microsecond / 1e6, _day(moment.date(), file, row, column)
    if re.fullmatch(r"\d{1,8}", text) and int(text) < DAY_S * 1000:
        return int(text) / 1000, None  # Ontime: milliseconds since midnight
    try:
        return float(time_of_day_s(value)), None
    except ValueError:
        raise FormatError(
            f"{text!r} is not a time of day",
            file=file,
            row=row,
            column=column,
            expected="e.g. 09:05:30",
        ) from None


def _day(day: date, file: str, row: int, column: str) -> date | None:
    """The day a cell names, for the run; None for a spreadsheet's zero date (a time of
    day typed into a date-time cell reads as one in 1899 or 1900)."""
    if day.year < 1970:
        return None
    if day.year > LATEST_RUN_YEAR:
        raise FormatError(
            f"{day.isoformat()} is not a day a rehearsal ran on",
            file=file,
            row=row,
            column=column,
            expected=f"a date up to the year {LATEST_RUN_YEAR}",
        )
    return day


def read_actuals(rows: list[SheetRow], file: str) -> list[Actual]:
    at, columns = find_header(rows, file)
    header = rows[at].cells
    found = []
    for row in rows[at + 1 :]:
        cells = row.cells

        def cell(key: str, cells: tuple[CellValue, ...] = cells) -> CellValue:
            index = columns.get(key)
            return cells[index] if index is not None and index < len(cells) else None

        label = " ".join(
            cell_text(cell(k)).strip() for k in ("cue", "title", "id") if not is_blank(cell(k))
        )
        if not label:
            continue
        start, day = (None, None)
        end, end_day = None, None
        end_column = cell_text(header[columns["end"]]) if "end" in columns else ""
        if "start" in columns:
            start, day = _clock_s(
                cell("start"), file, row.number, cell_text(header[columns["start"]])
            )
        if "end" in columns:
            end, end_day = _clock_s(cell("end"), file, row.number, end_column)
        took = None
        if "duration" in columns and not is_blank(cell("duration")):
            name = cell_text(header[columns["duration"]])
            try:
                took = float(duration_s(cell("duration"), duration_unit_s(name)))
            except ValueError:
                raise FormatError(
                    f"{cell_text(cell('duration'))!r} is not a duration",
                    file=file,
                    row=row.number,
                    column=name,
                    expected="minutes, or a duration such as 5:30",
                ) from None
        if start is None and end is None and took is None:
            continue  # listed but not run (Ontime leaves the actual times empty)
        if start is not None and end is not None:
            took = span_s(start, day, end, end_day, file, row.number, end_column)
            end = None
        found.append(Actual(row.number, label, start, end, took, day or end_day, end_column))
    return found


def span_s(
    start: float,
    start_day: date | None,
    end: float,
    end_day: date | None,
    file: str,
    row: int,
    column: str,
) -> float:
    """How long a row's step ran, from its start and end. With a date on both, the moments
    decide; with times of day alone, an end earlier than the start crossed midnight when
    that makes the step at most `MAX_PAST_MIDNIGHT_S` (12 hours) long: 23:50 → 00:10 is 20
    minutes, while 10:10 → 10:00 is a mistake, refused (never read as 23 h 50 min)."""
    if start_day is not None and end_day is not None:
        took = (end_day - start_day).days * DAY_S + end - start
        if took < 0:
            raise _ends_before(start, end, file, row, column, "on its dates")
        return took
    took = end - start
    if took < 0:
        took += DAY_S
        if took > MAX_PAST_MIDNIGHT_S:
            raise _ends_before(start, end, file, row, column, "the same day")
    return took


def _ends_before(
    start: float, end: float, file: str, row: int, column: str, when: str
) -> FormatError:
    return FormatError(
        f"it ends ({format_time_of_day_exact(round(end))}) before it starts "
        f"({format_time_of_day_exact(round(start))}) {when}",
        file=file,
        row=row,
        column=column or None,
        expected="an end after the start (one that crosses midnight runs at most 12 hours)",
    )
