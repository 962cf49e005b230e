"""Teams' attendance report, as Teams downloads it: tab-separated text, usually UTF-16
with a BOM, in one of three shapes.

- **Sections** (since 2022): `1. Summary` (`Meeting title`, `Start time`…), `2.
  Participants` (`Name, First Join, Last Leave, In-Meeting Duration, Email, Participant
  ID (UPN), Role`: one row a person) and `3. In-Meeting Activities` (`Name, Join Time,
  Leave Time, Duration, Email, Role`: one row each time someone joined). In a language
  other than English the sections keep their numbers and columns their order: a table
  whose headers are not recognised is read by position, with a warning.
- **Meeting Summary** (2021): a `Meeting Summary` block, then `Full Name, Join Time,
  Leave Time, Duration, Email, Role, …`.
- **A list of actions** (2020): `Full Name, User Action, Timestamp`, with `Joined`,
  `Joined before` and `Left` rows.

Items: one `PRESENT` a presence — a row of the activities (or, without them, a
participant from first join to last leave, with a warning), or a join paired with that
person's next leave — with the role (`Organizer`, `Presenter`, `Attendee`, as the file
words it) as `detail`, `TimeBase.WALL`. A leave time left empty (still in the meeting
when the report was downloaded) is the join plus the duration (`1h 2m 10s`, `45m 3s`,
`12s`). In the list of actions, a join never followed by a leave lasts to the file's last
time, and a leave without a join starts at its first (both warned). Dates are written
the way the downloader's language writes them (`1/31/2024, 9:02:10 AM`, `31.1.2024,
09:02:10`, `15/11/22, 09:30:17`; `wall_clock`), in their time zone, which the file does
not name (`zone`; this device's when not given). The meeting title is the title.

Left out: the summary's figures, e-mails and UPNs, durations where a leave is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import tzinfo

from rehearsal.durations import parse_duration
from rehearsal.errors import FormatError
from rehearsal.evidence_model import EvidenceDraft, EvidenceKind, ItemKind, Platform, TimeBase
from rehearsal.formats.evidence.decoding import EvidenceText, decode
from rehearsal.formats.evidence.items import Items, Warnings, one_line
from rehearsal.formats.evidence.tables import Record, key, records
from rehearsal.formats.evidence.wall_clock import DateOrder, WallClock

_SECTION = re.compile(r"^(\d+)\.\s+\S")
NAMES = ("name", "full name", "participant", "participant name")
ACTIVITIES = ("join time", "leave time")
PARTICIPANTS = ("first join", "last leave")
EVENTS = ("user action", "timestamp")
TITLES = ("meeting title", "title")
EXPECTED = (
    "Teams' attendance report: sections 2. Participants or 3. In-Meeting Activities, a "
    "Full Name, Join Time, Leave Time table, or Full Name, User Action, Timestamp"
)
# Teams' own column order, for a report whose headers are in another language.
_BY_POSITION = {
    "participants": (0, 1, 2, 3, 6),  # name, first join, last leave, duration, role
    "activities": (0, 1, 2, 3, 5),  # name, join, leave, duration, role
}


@dataclass(frozen=True, slots=True)
class _Table:
    kind: str  # "activities", "participants" or "events"
    columns: tuple[int | None, ...]  # name, start, end, duration, role — or name, action, time
    headers: tuple[str, ...]
    rows: list[Record]

    def header(self, index: int | None) -> str | None:
        if index is None or index >= len(self.headers):
            return None
        return self.headers[index].strip() or None


def read_teams_attendance(data: bytes, file: str, *, zone: tzinfo | None = None) -> EvidenceDraft:
    return teams_attendance_from_text(decode(data, file), file, zone=zone)


def teams_attendance_from_text(
    source: EvidenceText, file: str, *, zone: tzinfo | None = None
) -> EvidenceDraft:
    warnings = Warnings()
    warnings.extend(source.notes)
    separator = "\t" if "\t" in source.text else None
    tables, title = _tables(records(source, file, separator), warnings)
    table = next(
        (
            t
            for kind in ("activities", "participants", "events")
            for t in tables
            if t.kind == kind and t.rows
        ),
        None,
    )
    if table is None:
        raise FormatError("no attendance table with anyone in it", file=file, expected=EXPECTED)
    if table.kind == "participants":
        warnings.add(
            "the report has no in-meeting activities: each person is present from their "
            "first join to their last leave"
        )
    stamps = [row.cell(i) for row in table.rows for i in table.columns[1:3] if i is not None]
    if table.kind == "events":
        stamps = [row.cell(table.columns[2]) for row in table.rows]
    clock = WallClock(file, zone, warnings, stamps, prefer=DateOrder.DAY_FIRST)
    items = Items(file, TimeBase.WALL)
    if table.kind == "events":
        _events(table, clock, items, warnings, file)
    else:
        _presences(table, clock, items, warnings, file)
    if not items:
        raise FormatError(
            "an attendance report without anyone present", file=file, expected=EXPECTED
        )
    return EvidenceDraft(
        kind=EvidenceKind.ATTENDANCE,
        platform=Platform.TEAMS,
        time_base=TimeBase.WALL,
        items=items.all(),
        title=one_line(title),
        warnings=warnings.all(),
    )


def _header(record: Record) -> _Table | None:
    keys = record.labels()

    def find(*names: str) -> int | None:
        return next((keys.index(n) for n in names if n in keys), None)

    name = find(*NAMES)
    if name is None:
        return None
    duration = find("duration", "in-meeting duration", "attendance duration")
    role = find("role")
    for kind, (start, end) in (("activities", ACTIVITIES), ("participants", PARTICIPANTS)):
        if start in keys and end in keys:
            columns = (name, keys.index(start), keys.index(end), duration, role)
            return _Table(kind, columns, record.cells, [])
    if all(k in keys for k in EVENTS):
        return _Table(
            "events", (name, keys.index(EVENTS[0]), keys.index(EVENTS[1])), record.cells, []
        )
    return None


def _tables(found: list[Record], warnings: Warnings) -> tuple[list[_Table], str]:
    tables: list[_Table] = []
    current: _Table | None = None
    section, awaiting_header, title, summary_seen = 0, False, "", False
    for record in found:
        if record.blank:
            current = None
            continue
        keys = record.labels()
        number = _SECTION.match(record.cell(0))
        if number and not any(keys[1:]):
            section, current = int(number.group(1)), None
            awaiting_header = section in (2, 3)
            continue
        if current is not None:
            current.rows.append(record)
            continue
        header = _header(record)
        if header is None and awaiting_header:
            kind = "participants" if section == 2 else "activities"
            header = _Table(kind, _BY_POSITION[kind], record.cells, [])
            warnings.at(
                record.line, "column names not recognised: read in the order Teams writes them"
            )
        awaiting_header = False
        if header is not None:
            current = header
            tables.append(header)
        elif keys[0] in TITLES or (section == 1 and not summary_seen):
            title = title or record.cell(1)  # the summary's first line, in any language
        summary_seen = summary_seen or section == 1
    return tables, title


def _presences(
    table: _Table, clock: WallClock, items: Items, warnings: Warnings, file: str
) -> None:
    name, start, end, duration, role = table.columns
    for row in table.rows:
        person = row.cell(name)
        if not one_line(person):
            warnings.at(row.line, "a row that names no one, left out")
            continue
        if not row.cell(start):
            raise FormatError(
                "no join time",
                file=file,
                line=row.line,
                column=table.header(start),
                expected="the time this person joined",
            )
        start_ms = clock.ms(row.cell(start), row.line, table.header(start))
        if row.cell(end):
            end_ms = clock.ms(row.cell(end), row.line, table.header(end))
        else:
            end_ms = start_ms + _duration_s(row, table, duration, file) * 1000
        items.add(
            ItemKind.PRESENT,
            start_ms,
            end_ms,
            person,
            line=row.line,
            detail=row.cell(role),
            end_column=table.header(end),
        )


def _duration_s(row: Record, table: _Table, index: int | None, file: str) -> int:
    try:
        return parse_duration(row.cell(index))
    except ValueError:
        raise FormatError(
            "neither a leave time nor a duration",
            file=file,
            line=row.line,
            column=table.header(index) or table.header(table.columns[2]),
            expected="a leave time, or a duration such as 1h 2m 10s, 45m 3s or 12s",
        ) from None


def _events(table: _Table, clock: WallClock, items: Items, warnings: Warnings, file: str) -> None:
    """Joins paired with leaves, per person, in the order of the file."""
    name, action, at = table.columns
    moments: list[tuple[Record, str, str, int]] = []
    for row in table.rows:
        person = row.cell(name)
        what = key(row.cell(action))
        if not one_line(person):
            warnings.at(row.line, "a row that names no one, left out")
            continue
        if not what.startswith(("joined", "left")):
            warnings.at(
                row.line,
                f"an action other than Joined or Left ({row.cell(action)[:40]!r}), left out",
            )
            continue
        moments.append((row, person, what, clock.ms(row.cell(at), row.line, table.header(at))))
    if not moments:
        return
    first, last = min(m[3] for m in moments), max(m[3] for m in moments)
    joined: dict[str, tuple[int, Record]] = {}
    for row, person, what, at_ms in moments:
        if what.startswith("joined"):
            if person in joined:
                warnings.at(row.line, "joined again without leaving: the earlier join is kept")
                continue
            joined[person] = (at_ms, row)
            continue
        start = joined.pop(person, None)
        if start is None:
            warnings.at(row.line, "left without joining: present from the report's first time")
            start = (first, row)
        items.add(
            ItemKind.PRESENT, start[0], at_ms, person, line=row.line, end_column=table.header(at)
        )
    for person, (at_ms, row) in joined.items():
        warnings.at(row.line, "joined and never left: present to the report's last time")
        items.add(ItemKind.PRESENT, at_ms, last, person, line=row.line)
