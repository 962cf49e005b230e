"""Run-of-show sheets as CSV: as Excel, LibreOffice and Google Sheets write them.

Text is UTF-8 (with or without BOM), else Windows-1252 — never silently latin-1; Excel's
"Unicode text" (UTF-16 with BOM) is read too. The separator (`,`, `;` or tab) is found by
counting, outside quotes, over the first records. Written files are UTF-8 with BOM and
`,`, so Excel opens them with the accents intact.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections import Counter
from collections.abc import Mapping
from datetime import time, timedelta
from pathlib import Path

from rehearsal.durations import format_clock, format_time_of_day_exact
from rehearsal.errors import FormatError
from rehearsal.files import write_atomic
from rehearsal.formats.sheet import MAX_COLUMNS, check_row_count, read_sheet
from rehearsal.formats.sheet_cells import CellValue, SheetRow, cell_text
from rehearsal.formats.sheet_export import export_table
from rehearsal.model import Plan, PlanDraft

SEPARATORS = (",", ";", "\t")
SNIFF_RECORDS = 40
# A leading apostrophe keeps a spreadsheet from reading a cell as a formula; the writer
# adds one before these characters and the reader takes it away again.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_csv(data: bytes, *, file: str, mapping: Mapping[str, str] | None = None) -> PlanDraft:
    rows, encoding_note = csv_rows(data, file)
    draft = read_sheet(rows, file=file, mapping=mapping)
    if encoding_note:
        return dataclasses.replace(draft, warnings=(encoding_note, *draft.warnings))
    return draft


def csv_rows(data: bytes, file: str) -> tuple[list[SheetRow], str]:
    """The non-blank rows of a CSV (encoding and separator sniffed), and a note on the
    encoding when it was not UTF-8."""
    text, encoding_note = _decode(data, file)
    separator = sniff_separator(text)
    rows: list[SheetRow] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=False)
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            if len(record) > MAX_COLUMNS and any(c.strip() for c in record[MAX_COLUMNS:]):
                raise FormatError(
                    f"more than {MAX_COLUMNS} columns",
                    file=file,
                    row=number,
                    expected="a run-of-show table",
                )
            cells = tuple(_unescape(c) for c in record)
            if any(c.strip() for c in cells):
                rows.append(SheetRow(number, cells))
                check_row_count(len(rows), number, file)
    except csv.Error as exc:
        raise FormatError(f"not a readable CSV: {exc}", file=file, row=number + 1) from None
    return rows, encoding_note


def _decode(data: bytes, file: str) -> tuple[str, str]:
    """The text of `data` and a note when it was not UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise FormatError(
                "starts like UTF-16 text but is not", file=file, expected="UTF-8 text"
            ) from None
        _refuse_binary(text, file)
        return text, ""
    if b"\x00" in data:
        raise FormatError(
            "this is a binary file, not CSV text (it contains NUL bytes)",
            file=file,
            expected="a CSV saved as text (UTF-8 or Windows-1252)",
        )
    note = ""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise FormatError(
                f"neither UTF-8 nor Windows-1252 text (byte {exc.start})",
                file=file,
                expected="a CSV saved as UTF-8",
            ) from None
        note = "read as Windows-1252 text (not UTF-8); check accented letters"
    _refuse_binary(text, file)
    return text, note


def _refuse_binary(text: str, file: str) -> None:
    controls = len(_CONTROL.findall(text))
    if controls > max(2, len(text) // 200):
        raise FormatError(
            "this looks like a binary file, not CSV text",
            file=file,
            expected="a CSV saved as text (UTF-8 or Windows-1252)",
        )


def sniff_separator(text: str) -> str:
    """`,`, `;` or tab: the one whose per-record count (outside quotes) is most consistent."""
    counts: list[Counter[str]] = []
    current: Counter[str] = Counter()
    quoted = False
    filled = False
    for ch in text[: 256 * 1024]:
        if ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch in "\r\n":
            if filled:
                counts.append(current)
                if len(counts) >= SNIFF_RECORDS:
                    break
            current, filled = Counter(), False
            continue
        elif ch in SEPARATORS:
            current[ch] += 1
        filled = filled or not ch.isspace()
    if filled:
        counts.append(current)
    best, best_score = ",", (0, 0)
    for separator in SEPARATORS:
        per_record = [c[separator] for c in counts if c[separator]]
        if not per_record:
            continue
        width, agreeing = Counter(per_record).most_common(1)[0]
        score = (agreeing, width)
        if score > best_score:
            best, best_score = separator, score
    return best


def _unescape(cell: str) -> str:
    if len(cell) >= 2 and cell[0] == "'" and cell[1] in _FORMULA_START:
        return cell[1:]
    return cell


def csv_bytes(plan: Plan | PlanDraft) -> bytes:
    table = export_table(plan)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for key, value in table.preamble:
        writer.writerow([_escape(key), _text(value)])
    writer.writerow([])
    writer.writerow([_escape(h) for h in table.header])
    for row in table.rows:
        writer.writerow([_text(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def write_csv(plan: Plan | PlanDraft, path: Path) -> None:
    write_atomic(path, csv_bytes(plan))


def _text(value: CellValue) -> str:
    if isinstance(value, timedelta):
        return format_clock(round(value.total_seconds()))
    if isinstance(value, time):
        return format_time_of_day_exact(value.hour * 3600 + value.minute * 60 + value.second)
    return _escape(cell_text(value) if not isinstance(value, str) else value)


def _escape(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text
