"""Zoom's participants report (Reports → Usage → Participants → Export), a CSV:

    Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,…

sometimes below the meeting's own block (`Meeting ID,Topic,Start Time,…`, its values,
then a blank or empty row), and for a webinar in sections (`Host Details`, `Panelist
Details`, `Attendee Details`, each with its header). Times are `MM/DD/YYYY HH:MM:SS AM`,
`MM/DD/YYYY HH:MM`, ISO or another order of day and month (`wall_clock`), in the time zone
of the Zoom account, which the file does not name (`zone`; this device's when not given).

A person who left and joined again has a row each time: each row is one `PRESENT` item
from join to leave (`TimeBase.WALL`), the name as Zoom writes it (with the original name
in brackets when renamed), the role as `detail` where the file gives one (a `Role` column,
or the webinar section: "Host", "Panelist", "Attendee"). The meeting's topic is the title.

Left out: the e-mail, the duration (join and leave say it), "Guest", consent; a row of
someone who did not attend (`Attended` "No"); a row of time in the waiting room (warned).
Refused: no header with a name, a join and a leave time; a time that is not one; a leave
before its join.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

from rehearsal.errors import FormatError
from rehearsal.evidence_model import EvidenceDraft, EvidenceKind, ItemKind, Platform, TimeBase
from rehearsal.formats.evidence.decoding import EvidenceText, decode
from rehearsal.formats.evidence.items import Items, Warnings, one_line
from rehearsal.formats.evidence.tables import Record, key, records
from rehearsal.formats.evidence.wall_clock import DateOrder, WallClock

NAMES = (
    "name (original name)",
    "user name (original name)",
    "name",
    "user name",
    "participant",
    "participant name",
    "display name",
)
JOINS = ("join time", "join time (utc)")
LEAVES = ("leave time", "leave time (utc)")
SECTIONS = {"host details": "Host", "panelist details": "Panelist", "attendee details": "Attendee"}
EXPECTED = "a header row with Name (Original Name), Join Time and Leave Time"


@dataclass(frozen=True, slots=True)
class Columns:
    """Where a table's fields are (None: it has no such column), and their headers."""

    name: int
    join: int
    leave: int
    role: int | None
    waiting: int | None
    attended: int | None
    headers: tuple[str, ...]

    def header(self, index: int) -> str:
        return self.headers[index].strip() if index < len(self.headers) else ""


def columns(record: Record) -> Columns | None:
    """The columns of `record` when it is a participants header, else None."""
    keys = record.labels()

    def find(names: tuple[str, ...]) -> int | None:
        return next((keys.index(n) for n in names if n in keys), None)

    name, join, leave = find(NAMES), find(JOINS), find(LEAVES)
    if name is None or join is None or leave is None:
        return None
    return Columns(
        name,
        join,
        leave,
        find(("role",)),
        find(("in waiting room",)),
        find(("attended",)),
        record.cells,
    )


def read_zoom_participants(data: bytes, file: str, *, zone: tzinfo | None = None) -> EvidenceDraft:
    return zoom_participants_from_text(decode(data, file), file, zone=zone)


def zoom_participants_from_text(
    source: EvidenceText, file: str, *, zone: tzinfo | None = None
) -> EvidenceDraft:
    warnings = Warnings()
    warnings.extend(source.notes)
    rows, title = _rows(records(source, file), file)
    stamps = [row.cell(c.join) for row, c, _ in rows] + [row.cell(c.leave) for row, c, _ in rows]
    clock = WallClock(file, zone, warnings, stamps, prefer=DateOrder.MONTH_FIRST)
    items = Items(file, TimeBase.WALL)
    for row, c, section_role in rows:
        if c.attended is not None and key(row.cell(c.attended)) == "no":
            continue
        if c.waiting is not None and key(row.cell(c.waiting)) == "yes":
            warnings.at(row.line, "time in the waiting room, left out")
            continue
        name = row.cell(c.name)
        if not one_line(name):
            warnings.at(row.line, "a row that names no one, left out")
            continue
        times = []
        for index in (c.join, c.leave):
            if not row.cell(index):
                raise FormatError(
                    "no time", file=file, line=row.line, column=c.header(index), expected=EXPECTED
                )
            times.append(clock.ms(row.cell(index), row.line, c.header(index)))
        items.add(
            ItemKind.PRESENT,
            times[0],
            times[1],
            name,
            line=row.line,
            detail=row.cell(c.role) or section_role,
            end_column=c.header(c.leave),
        )
    if not items:
        raise FormatError(
            "a participants report without participants", file=file, expected=EXPECTED
        )
    return EvidenceDraft(
        kind=EvidenceKind.ATTENDANCE,
        platform=Platform.ZOOM,
        time_base=TimeBase.WALL,
        items=items.all(),
        title=one_line(title),
        warnings=warnings.all(),
    )


def _rows(found: list[Record], file: str) -> tuple[list[tuple[Record, Columns, str]], str]:
    """The participants' rows, each with its table's columns and its section's role; and
    the meeting's topic."""
    rows: list[tuple[Record, Columns, str]] = []
    current: Columns | None = None
    topic: int | None = None
    title, role, seen = "", "", False
    for record in found:
        if record.blank:
            current = None
            continue
        keys = record.labels()
        if topic is not None:
            title, topic = record.cell(topic), None
            continue
        if keys[0] in SECTIONS and not any(keys[1:]):
            role, current = SECTIONS[keys[0]], None
            continue
        header = columns(record)
        if header is not None:
            current, seen = header, True
            continue
        if current is not None:
            rows.append((record, current, role))
        elif "topic" in keys and not title:
            topic = keys.index("topic")
    if not seen:
        raise FormatError(
            "no participants table (its header row was not found)", file=file, expected=EXPECTED
        )
    return rows, title
