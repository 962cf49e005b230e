"""Zoom's poll report (Reports → Usage, or the meeting's page → Poll report), a CSV:

    Poll Report
    Report Generated:,"Jan 31, 2024 10:41 AM"
    Topic,ID,Actual Start Time,Actual Duration (minutes),# Participants
    Order workflow rollout,812 3456 7890,"Jan 31, 2024 08:58 AM",104,12

    #,User Name,User Email,Submitted Date/Time,
    1,Ana Lima,ana@example.com,"Jan 31, 2024 09:15:02",How ready are you?,Very,

The report lines above the respondents vary (a `Launched Polls` block, `Email Address`
for `User Email`, `Poll Name`); what is read is the header row (a name and `Submitted
Date/Time`) and the rows below it up to a blank row — several such tables are read in
turn. After the known columns come the answers, either as pairs of cells, a question
then its answer, as many as the poll had questions (the old and the usual report: the
header says nothing, or `Question`, `Answer`), or one column a question (the header cell
is the question, the row's cell its answer).

Items: one `ANSWER` a question answered, at the submitted time (`TimeBase.WALL`, in the
account's time zone, which the file does not name: `zone`; this device's when not given),
the respondent as `person` (empty in an anonymous poll), the answer as `text` (several
choices as Zoom joins them, `A;B`) and the question as `detail`. The topic is the title.

Left out: the e-mail, the poll's name, the report lines, questions left unanswered.
Refused: no respondents' header, a row without its time, a time that is not one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import tzinfo

from rehearsal.errors import FormatError
from rehearsal.evidence_model import EvidenceDraft, EvidenceKind, ItemKind, Platform, TimeBase
from rehearsal.formats.evidence.decoding import EvidenceText, decode
from rehearsal.formats.evidence.items import Items, Warnings, one_line
from rehearsal.formats.evidence.tables import Record, records
from rehearsal.formats.evidence.wall_clock import DateOrder, WallClock

NAMES = ("user name", "name", "participant", "participant name", "user name (original name)")
TIMES = ("submitted date/time", "submitted date", "date/time submitted", "submitted time")
OTHERS = ("#", "user email", "email address", "email", "poll name", "poll", "poll title")
_GENERIC = re.compile(r"^(?:question|answer|poll question|response)?\s*\d*$")
EXPECTED = "a header row such as #,User Name,User Email,Submitted Date/Time"


@dataclass(frozen=True, slots=True)
class _Columns:
    name: int
    time: int
    answers_from: int  # the first column after the known ones
    questions: tuple[str, ...] | None  # the header's questions, or None: answers in pairs
    headers: tuple[str, ...]


def _columns(record: Record) -> _Columns | None:
    keys = record.labels()
    name = next((keys.index(n) for n in NAMES if n in keys), None)
    time = next((keys.index(n) for n in TIMES if n in keys), None)
    if name is None or time is None:
        return None
    known = [name, time, *(keys.index(n) for n in OTHERS if n in keys)]
    answers_from = max(known) + 1
    rest = keys[answers_from:]
    if all(_GENERIC.match(k) for k in rest):
        return _Columns(name, time, answers_from, None, record.cells)
    questions = tuple(c.strip() for c in record.cells[answers_from:])
    return _Columns(name, time, answers_from, questions, record.cells)


def read_zoom_polls(data: bytes, file: str, *, zone: tzinfo | None = None) -> EvidenceDraft:
    return zoom_polls_from_text(decode(data, file), file, zone=zone)


def zoom_polls_from_text(
    source: EvidenceText, file: str, *, zone: tzinfo | None = None
) -> EvidenceDraft:
    warnings = Warnings()
    warnings.extend(source.notes)
    rows, title = _rows(records(source, file), file)
    clock = WallClock(
        file, zone, warnings, [r.cell(c.time) for r, c in rows], DateOrder.MONTH_FIRST
    )
    items = Items(file, TimeBase.WALL)
    for row, columns in rows:
        submitted = row.cell(columns.time)
        header = columns.headers[columns.time].strip()
        if not submitted:
            raise FormatError(
                "an answer without the time it was submitted",
                file=file,
                line=row.line,
                column=header,
                expected="the date and time the answer was submitted",
            )
        at_ms = clock.ms(submitted, row.line, header)
        person = row.cell(columns.name)
        answered = 0
        for question, answer in _answers(row, columns):
            if not one_line(answer):
                continue
            if not one_line(question):
                warnings.at(row.line, "an answer without its question")
            items.add(
                ItemKind.ANSWER, at_ms, at_ms, person, line=row.line, text=answer, detail=question
            )
            answered += 1
        if answered and not one_line(person):
            warnings.at(row.line, "answers without a name (an anonymous poll?)")
    if not items:
        raise FormatError("a poll report without a single answer", file=file, expected=EXPECTED)
    return EvidenceDraft(
        kind=EvidenceKind.POLL,
        platform=Platform.ZOOM,
        time_base=TimeBase.WALL,
        items=items.all(),
        title=one_line(title),
        warnings=warnings.all(),
    )


def _answers(row: Record, columns: _Columns) -> list[tuple[str, str]]:
    cells = [c.strip() for c in row.cells[columns.answers_from :]]
    if columns.questions is not None:
        return list(zip(columns.questions, cells, strict=False))
    return [(cells[i], cells[i + 1] if i + 1 < len(cells) else "") for i in range(0, len(cells), 2)]


def _rows(found: list[Record], file: str) -> tuple[list[tuple[Record, _Columns]], str]:
    rows: list[tuple[Record, _Columns]] = []
    current: _Columns | None = None
    topic: int | None = None
    title, seen = "", False
    for record in found:
        if record.blank:
            current = None
            continue
        if topic is not None:
            title, topic = record.cell(topic), None
            continue
        header = _columns(record)
        if header is not None:
            current, seen = header, True
            continue
        if current is not None:
            rows.append((record, current))
        elif "topic" in record.labels() and not title:
            topic = record.labels().index("topic")
    if not seen:
        raise FormatError(
            "no respondents' table (its header row was not found)", file=file, expected=EXPECTED
        )
    return rows, title
