"""Bring actuals captured elsewhere: a sheet of actual start/end times (or durations) per
segment becomes a finished rehearsal of a plan.

Rows are matched to the plan's segments by id, else cue, else title (case and spacing
ignored); what did not match is reported, and nothing is stored unless at least one row
matched. The sheet and its columns are read by `actuals_sheet`.

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

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from rehearsal.durations import format_duration
from rehearsal.errors import FormatError, InvalidOperation, NotFound
from rehearsal.exchange.actuals_sheet import (
    Actual,
    find_header,
    from_ontime,
    read_actuals,
    read_rows,
    span_s,
)
from rehearsal.exchange.ontime_runs import run_id
from rehearsal.formats.sheet_cells import (
    CellValue,
    SheetRow,
    cell_text,
)
from rehearsal.limits import (
    DAY_S,
    LATEST_RUN_YEAR,
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


# -- matching -----------------------------------------------------------------------------------
def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def match(
    plan: Plan, actuals: list[Actual], rows: list[SheetRow], file: str
) -> tuple[dict[str, Actual], list[tuple[int, str]]]:
    """Segment id → its actuals; and the rows that matched no segment."""
    by_id = {s.id: s.id for s in plan.segments}
    by_cue = {_key(s.cue): s.id for s in plan.segments if s.cue.strip()}
    by_title: dict[str, list[str]] = {}  # a title used twice: rows take them in plan order
    for s in plan.segments:
        by_title.setdefault(_key(s.title), []).append(s.id)
    at, columns = find_header(rows, file)
    texts = {r.number: r.cells for r in rows[at + 1 :]}
    matched: dict[str, Actual] = {}
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
    plan: Plan, matched: dict[str, Actual], warnings: list[str], file: str
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
    ontime = from_ontime(rows, source.name)
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
