"""Ontime's record of a run, read as the rows of a sheet of actuals (`actuals_import`).

Ontime keeps no history of runs on disk. While it runs, its server notes for each event
the moment its timer started and the moment it stopped (`report.service.ts`: a map of
event id → `{startedAt, endedAt}`, milliseconds since midnight, null until it happened);
a later run of the same event overwrites it, and the map is gone when the server stops or
someone clears the report. What leaves Ontime is that map, one run at a time: as JSON
(`GET /data/report`, an object keyed by event id) or as the report CSV its operator view
downloads (`Index,Title,Cue,Scheduled Start,Actual Start,Scheduled End,Actual End`, no ids).
Several runs are several such files.

The JSON is read here: each event becomes a row with its id and its actual start and end,
so it is matched to the plan's segments by id — the segment's own id when the plan was
exported to Ontime (`ontime_export`), else the one an Ontime import derives from the event's
id (`ontime_rundown.entry_id`). A run's identity is what it recorded (`run_id`): a file
imported twice onto the same revision is the same rehearsal, not a second one.
"""

from __future__ import annotations

import hashlib
import json
import math
import uuid
from collections.abc import Mapping

from rehearsal.errors import FormatError
from rehearsal.formats.json_document import parse_json
from rehearsal.formats.ontime_rundown import entry_id
from rehearsal.formats.sheet_cells import CellValue, SheetRow
from rehearsal.limits import MAX_NAME_CHARS, MAX_STEPS

DAY_MS = 24 * 3600 * 1000
# Fixed forever: a run imported again must get the same rehearsal id.
RUN_NAMESPACE = uuid.UUID("8d0f5a3e-6b1c-4e57-9a0e-2f4c7b9d1e63")
REPORT_HEADER = ("id", "actual start", "actual end")
EXPECTED = 'Ontime\'s report: {"<event id>": {"startedAt": ms or null, "endedAt": ms or null}}'


def looks_like_json(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def report_rows(data: bytes, file: str) -> list[SheetRow]:
    """The rows of Ontime's report JSON: a header, then one row per event (row n is the
    n-th event of the file), its segment id and its actual start and end in milliseconds."""
    document = parse_json(data, file)
    if not isinstance(document, dict):
        raise FormatError("not Ontime's report: not a JSON object", file=file, expected=EXPECTED)
    if not document:
        raise FormatError("Ontime's report is empty: no event ran", file=file, expected=EXPECTED)
    if len(document) > MAX_STEPS:
        raise FormatError(
            f"{len(document):,} events, more than any rehearsal ({MAX_STEPS:,})",
            file=file,
            expected=EXPECTED,
        )
    rows = [SheetRow(0, REPORT_HEADER)]
    for number, (event_id, times) in enumerate(document.items(), start=1):
        if not event_id or len(event_id) > MAX_NAME_CHARS:
            raise FormatError(
                "an event id that is empty or too long",
                file=file,
                row=number,
                column="id",
                expected=f"an id of 1 to {MAX_NAME_CHARS:,} characters",
            )
        if not isinstance(times, dict):
            raise FormatError(
                f"the times of event {event_id[:40]!r} are not an object",
                file=file,
                row=number,
                expected='{"startedAt": …, "endedAt": …}',
            )
        cells: tuple[CellValue, ...] = (
            entry_id("segment", event_id),
            _moment(times, "startedAt", file, number),
            _moment(times, "endedAt", file, number),
        )
        rows.append(SheetRow(number, cells))
    return rows


def _moment(times: Mapping[str, object], key: str, file: str, row: int) -> str | None:
    value = times.get(key)
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0 <= value < DAY_MS
    ):
        raise FormatError(
            f"{key} is not a time of day in milliseconds",
            file=file,
            row=row,
            column=key,
            expected=f"milliseconds since midnight (0 to {DAY_MS - 1}), or null",
        )
    return str(round(value))


def run_id(plan_id: str, spans: Mapping[str, tuple[float, float]]) -> str:
    """The rehearsal id of a run of `plan_id` that recorded `spans` (segment id → start and
    end in seconds): the same run imported again gets the same id."""
    recorded = sorted((k, round(a, 3), round(b, 3)) for k, (a, b) in spans.items())
    digest = hashlib.sha256(json.dumps([plan_id, recorded]).encode()).hexdigest()
    return str(uuid.uuid5(RUN_NAMESPACE, digest))
