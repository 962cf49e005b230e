"""Bring actuals captured elsewhere: a sheet of actual start/end times (or durations) per
segment becomes a finished rehearsal of a plan.

Rows are matched to the plan's segments by id, else cue, else title (case and spacing
ignored); what did not match is reported, and nothing is stored unless at least one row
matched. Columns, found in a header row within the first 30 rows:

- the segment: `id`, `cue` (`#`), `title` (`segment`, `activity`, `name`, `item`);
- its actuals: `actual start` and `actual end` (plain `start`/`end` also do), or an
  `actual duration` (`actual`, `duration`, `length`; minutes unless the header says
  otherwise, or any duration form such as `5:30`).

Ontime's report CSV (`Index,Title,Cue,Scheduled Start,Actual Start,Scheduled End,Actual
End`) is read the same way: its actual columns are used, its scheduled ones ignored; so is
its report JSON, matched by event id (`ontime_runs`). A run from Ontime is a rehearsal whose
id comes from what it recorded: imported again, it is not stored twice. Several files are
several runs (`import_actuals_files`), all read before any is stored.
Segments are replayed in the plan's order: a gap between one segment's end and the next
one's start counts as the time of a timed transition between them when the plan has one,
otherwise as a pause; a segment with no row is recorded as not run.

What cannot be a run is refused (`FormatError` naming the file, row and column; nothing
stored): an end before its start (with dates on both, by the moments; with times of day
alone, an earlier end crossed midnight only when that makes the step at most 12 hours
long, `MAX_PAST_MIDNIGHT_S`: 23:50 → 00:10 is 20 minutes, 10:10 → 10:00 an error), a
second row for a segment already matched (a title repeated more often than the plan has
it), and actuals adding up to more than a run's clock holds (`MAX_RUN_NS`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from rehearsal.durations import format_duration, format_size, format_time_of_day_exact
from rehearsal.errors import ColumnsNotRecognised, FormatError, InvalidOperation, NotFound
from rehearsal.exchange.ontime_runs import REPORT_HEADER, looks_like_json, report_rows, run_id
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
    MAX_RUN_NS,
)
from rehearsal.model import (
    Event,
    EventKind,
    PauseReason,
    Plan,
    Rehearsal,
    RehearsalKind,
    RehearsalStatus,
    new_id,
)
from rehearsal.rehearsing.timing import StepKind, live_steps
from rehearsal.workspace import Workspace

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
class _Actual:
    row: int
    label: str
    start_s: float | None
    end_s: float | None  # None when the row has a start too: its span is `duration_s`
    duration_s: float | None
    day: date | None
    end_column: str = ""  # the header of the end column, to name it in an error


@dataclass(slots=True)
class ActualsReport:
    rehearsal_id: str
    file: str
    matched: int
    already: bool = False  # the same run was imported before: not stored again
    not_matched: list[tuple[int, str]] = field(default_factory=list)  # (row, what it said)
    not_in_file: list[str] = field(default_factory=list)  # segments recorded as not run
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.already:
            return (
                f"{self.file}: already imported as rehearsal {self.rehearsal_id}; "
                "not imported again."
            )
        text = f"{self.file}: {self.matched} segments matched, rehearsal {self.rehearsal_id}."
        if self.not_matched:
            rows = "; ".join(f"row {r} “{t}”" for r, t in self.not_matched[:10])
            more = f" and {len(self.not_matched) - 10} more" if len(self.not_matched) > 10 else ""
            text += f"\nNot matched to any segment: {rows}{more}."
        if self.not_in_file:
            text += "\nNot in the file (recorded as not run): " + "; ".join(self.not_in_file) + "."
        for warning in self.warnings:
            text += f"\n{warning}"
        return text


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


def _from_ontime(rows: list[SheetRow], file: str) -> bool:
    """Whether the rows are Ontime's record of a run: its report JSON or report CSV."""
    at, _ = _find_header(rows, file)
    headers = {normalize(cell_text(c)) for c in rows[at].cells}
    report_csv = {"index", "scheduled start", "actual start"} <= headers
    return report_csv or rows[at].cells == REPORT_HEADER


def _find_header(rows: list[SheetRow], file: str) -> tuple[int, dict[str, int]]:
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


def read_actuals(rows: list[SheetRow], file: str) -> list[_Actual]:
    at, columns = _find_header(rows, file)
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
        found.append(_Actual(row.number, label, start, end, took, day or end_day, end_column))
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


# -- matching -----------------------------------------------------------------------------------
def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def match(
    plan: Plan, actuals: list[_Actual], rows: list[SheetRow], file: str
) -> tuple[dict[str, _Actual], list[tuple[int, str]]]:
    """Segment id → its actuals; and the rows that matched no segment."""
    by_id = {s.id: s.id for s in plan.segments}
    by_cue = {_key(s.cue): s.id for s in plan.segments if s.cue.strip()}
    by_title: dict[str, list[str]] = {}  # a title used twice: rows take them in plan order
    for s in plan.segments:
        by_title.setdefault(_key(s.title), []).append(s.id)
    at, columns = _find_header(rows, file)
    texts = {r.number: r.cells for r in rows[at + 1 :]}
    matched: dict[str, _Actual] = {}
    missing: list[tuple[int, str]] = []
    for actual in actuals:
        cells = texts.get(actual.row, ())

        def text(key: str, cells: tuple[CellValue, ...] = cells) -> str:
            index = columns.get(key)
            return _key(cell_text(cells[index])) if index is not None and index < len(cells) else ""

        titled = by_title.get(text("title"), [])
        segment = (
            by_id.get(
                cell_text(cells[columns["id"]]).strip()
                if "id" in columns and columns["id"] < len(cells)
                else ""
            )
            or by_cue.get(text("cue"))
            or next((i for i in titled if i not in matched), titled[0] if titled else None)
        )
        if segment is None:
            missing.append((actual.row, actual.label))
            continue
        if segment in matched:
            first = matched[segment]
            key = next(k for k in ("id", "cue", "title") if k in columns)
            raise FormatError(
                f"a second row for the segment {plan.segment(segment).title!r} "
                f"(row {first.row} is the first): one row per segment, or a title "
                "used as often as the plan uses it",
                file=file,
                row=actual.row,
                column=cell_text(rows[at].cells[columns[key]]) or None,
                expected="each segment once",
            )
        matched[segment] = actual
    return matched, missing


# -- making the rehearsal --------------------------------------------------------------------
def _times(
    plan: Plan, matched: dict[str, _Actual], warnings: list[str], file: str
) -> dict[str, tuple[float, float]]:
    """Each matched segment's (start, end) in seconds, in plan order. Only durations known:
    end to end. A start without an end: until the next segment's start. A segment that ran
    earlier than one before it in the plan keeps its duration, laid after it (with a note)."""
    ordered = [(seg, matched[seg.id]) for seg in plan.segments if seg.id in matched]
    starts: list[float | None] = []
    previous: float | None = None
    for _, actual in ordered:
        start = actual.start_s
        if start is not None and previous is not None and start < previous - 12 * 3600:
            start += DAY_S  # past midnight
        starts.append(start)
        previous = start if start is not None else previous
    spans: dict[str, tuple[float, float]] = {}
    cursor = 0.0
    moved = []
    for index, (seg, actual) in enumerate(ordered):
        start = starts[index]
        end, took = actual.end_s, actual.duration_s
        if end is None and took is None:
            following = next((s for s in starts[index + 1 :] if s is not None), None)
            took = (
                max(0.0, following - start) if start is not None and following is not None else 0.0
            )
        if start is None:
            start = cursor
        if end is None:
            end = start + (took or 0.0)
        elif end < start:  # an end alone, earlier than where the step before it ended
            end = start + span_s(start, None, end, None, file, actual.row, actual.end_column)
        if start < cursor - 0.5:  # ran before a segment that comes earlier in the plan
            moved.append(seg.title)
            start, end = cursor, cursor + (end - start)
        spans[seg.id] = (start, end)
        cursor = end
    if cursor > MAX_RUN_NS / 1e9 - 2:
        raise FormatError(
            f"the actuals add up to {format_duration(round(cursor))}, longer than any run",
            file=file,
            expected=f"a run of at most {MAX_RUN_NS // 10**9 // DAY_S} days",
        )
    if moved:
        warnings.append(
            "Ran in another order than the plan (kept their durations, laid in plan order): "
            + "; ".join(moved)
            + "."
        )
    return spans


@dataclass(frozen=True, slots=True)
class _Run:
    """A run read and matched, ready to store."""

    rehearsal: Rehearsal
    events: list[Event]
    report: ActualsReport


def import_actuals(
    ws: Workspace,
    path: str | Path,
    plan_id: str,
    *,
    kind: str | RehearsalKind = RehearsalKind.DRY_RUN,
    day: date | None = None,
    lead: str = "",
    facilitator: str = "",
    producer: str = "",
    cohort: str = "",
    region: str = "",
) -> ActualsReport:
    """Create a finished rehearsal of `plan_id` from a sheet of actuals; all or nothing.

    It is stored as a live run stores one (`Workspace.record_rehearsal`: armed, then its
    events appended, the last one finishing it) and published as a new rehearsal."""
    (report,) = import_actuals_files(
        ws,
        [path],
        plan_id,
        kind=kind,
        day=day,
        lead=lead,
        facilitator=facilitator,
        producer=producer,
        cohort=cohort,
        region=region,
    )
    return report


def import_actuals_files(
    ws: Workspace,
    paths: Sequence[str | Path],
    plan_id: str,
    *,
    kind: str | RehearsalKind = RehearsalKind.DRY_RUN,
    day: date | None = None,
    lead: str = "",
    facilitator: str = "",
    producer: str = "",
    cohort: str = "",
    region: str = "",
) -> list[ActualsReport]:
    """A finished rehearsal of `plan_id` from each file of actuals, in order: every file is
    read and matched before any is stored, so one bad file stores nothing. A run from
    Ontime imported before (here, or earlier in `paths`) is not stored again: its report
    says so (`ActualsReport.already`)."""
    plan = ws.plan(plan_id)
    people = _People(lead, facilitator, producer, cohort, region)
    runs = [_read_run(ws, plan, Path(path), RehearsalKind(kind), day, people) for path in paths]
    stored: set[str] = set()
    for run in runs:
        rid = run.rehearsal.id
        if rid in stored or _exists(ws, rid):
            run.report.already = True
            continue
        ws.record_rehearsal(run.rehearsal, run.events)
        stored.add(rid)
    return [run.report for run in runs]


@dataclass(frozen=True, slots=True)
class _People:
    lead: str
    facilitator: str
    producer: str
    cohort: str
    region: str


def _exists(ws: Workspace, rehearsal_id: str) -> bool:
    try:
        ws.rehearsal(rehearsal_id)
    except NotFound:
        return False
    return True


def _read_run(
    ws: Workspace, plan: Plan, source: Path, kind: RehearsalKind, day: date | None, people: _People
) -> _Run:
    rows, notes = read_rows(source)
    actuals = read_actuals(rows, source.name)
    matched, not_matched = match(plan, actuals, rows, source.name)
    if not matched:
        raise FormatError(
            f"none of its {len(actuals)} rows matched a segment of revision {plan.revision}",
            file=source.name,
            expected="segment ids, cues or titles of that plan",
        )
    warnings: list[str] = [f"{source.name}: {note}." for note in notes]
    spans = _times(plan, matched, warnings, source.name)
    ontime = _from_ontime(rows, source.name)
    saved = _saved_on(source) if ontime else None  # Ontime's report has times of day only
    when = day or next((a.day for a in matched.values() if a.day), None) or saved or date.today()
    if when.year > LATEST_RUN_YEAR:  # from --date: a file's days are checked as they are read
        raise InvalidOperation(f"{when.isoformat()} is not a day a rehearsal ran on.")
    midnight = datetime(when.year, when.month, when.day, tzinfo=UTC)
    rehearsal = Rehearsal(
        id=run_id(plan.id, spans) if ontime else new_id(),
        plan_id=plan.id,
        kind=kind,
        status=RehearsalStatus.FINISHED,
        created=(midnight + timedelta(seconds=min(s for s, _ in spans.values()))).isoformat(),
        lead=people.lead,
        facilitators=tuple(f.strip() for f in people.facilitator.split(",") if f.strip()),
        producer=people.producer,
        cohort=people.cohort,
        region=people.region,
    )
    steps = live_steps(plan)
    segment_steps = {s.id for s in steps if s.kind is StepKind.SEGMENT}
    report = ActualsReport(
        rehearsal_id=rehearsal.id,
        file=source.name,
        matched=len(matched),
        not_matched=not_matched,
        not_in_file=[
            s.title for s in plan.segments if s.id in segment_steps and s.id not in matched
        ],
        warnings=warnings,
    )
    return _Run(rehearsal, _events(plan, spans, rehearsal.id, midnight), report)


def _saved_on(path: Path) -> date | None:
    """The day the file was last written (an Ontime report is saved right after its run)."""
    try:
        saved = date.fromtimestamp(path.stat().st_mtime)
    except (OSError, OverflowError, ValueError):
        return None
    return saved if 1970 < saved.year <= LATEST_RUN_YEAR else None


def _events(
    plan: Plan, spans: dict[str, tuple[float, float]], rid: str, midnight: datetime
) -> list[Event]:
    events: list[Event] = []

    def add(kind: EventKind, at_s: float, **data: str) -> None:
        wall = midnight + timedelta(seconds=at_s)
        events.append(
            Event(
                id=new_id(),
                rehearsal_id=rid,
                seq=len(events),
                kind=kind,
                at_ns=1_000_000_000 + round(at_s * 1e9),
                wall=wall.isoformat(timespec="milliseconds"),
                data=tuple(sorted(data.items())),
            )
        )

    def skip(index: int, last_at: float, last_end: float | None) -> tuple[float, None]:
        """Pass over step `index`; the running segment ends at its own end."""
        at = last_end if last_end is not None else last_at
        add(EventKind.SKIP, at, step=str(index))
        return at, None

    steps = live_steps(plan)
    last_end: float | None = None
    last_at = 0.0
    for index, step in enumerate(steps):
        if step.kind is StepKind.TRANSITION:
            following = next((s for s in steps[index + 1 :] if s.kind is StepKind.SEGMENT), None)
            if last_end is not None and following is not None and following.id in spans:
                add(EventKind.NEXT, last_end, step=str(index))  # the gap is the transition
                last_at, last_end = last_end, None
            else:
                last_at, last_end = skip(index, last_at, last_end)
            continue
        span = spans.get(step.id)
        if span is None:
            last_at, last_end = skip(index, last_at, last_end)
            continue
        start, end = max(span[0], last_at), max(span[1], span[0], last_at)
        if last_end is not None and last_end < start:
            add(
                EventKind.PAUSE,
                last_end,
                reason=PauseReason.OTHER.value,
                note="gap between segments",
            )
        add(EventKind.NEXT, start, step=str(index))
        last_at, last_end = start, end
    add(EventKind.FINISH, last_end if last_end is not None else last_at)
    return events
