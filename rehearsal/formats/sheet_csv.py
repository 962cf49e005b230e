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
from rehearsal.formats.sheet_cells import CellValue, SheetRow, cell_text, column_letter
from rehearsal.formats.sheet_export import export_table
from rehearsal.model import Plan, PlanDraft

SEPARATORS = (",", ";", "\t")
SNIFF_RECORDS = 40
# A leading apostrophe keeps a spreadsheet from reading a cell as a formula; the writer
# adds one before these characters and the reader takes it away again.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_csv(data: bytes, *, file: str, mapping: Mapping[str, str] | None = None) -> PlanDraft:
    rows, notes = csv_rows(data, file)
    draft = read_sheet(rows, file=file, mapping=mapping)
    if notes:
        return dataclasses.replace(draft, warnings=(*notes, *draft.warnings))
    return draft


def csv_rows(data: bytes, file: str) -> tuple[list[SheetRow], tuple[str, ...]]:
    """The non-blank rows of a CSV (encoding and separator sniffed), and notes on the
    encoding when it was not UTF-8 throughout.

    A file that is not UTF-8 is split into records first (its separators, quotes and line
    breaks are the same bytes in either encoding) and each cell decoded on its own: UTF-8
    when it is, else Windows-1252, so a sheet pasted together from both reads right."""
    text, per_cell = _decode(data, file)
    separator = sniff_separator(text)
    rows: list[SheetRow] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=False)
    encodings = _Encodings(file) if per_cell else None
    number = 0
    record: list[str] = []
    try:
        for number, record in enumerate(reader, start=1):
            if len(record) > MAX_COLUMNS and any(c.strip() for c in record[MAX_COLUMNS:]):
                raise FormatError(
                    f"more than {MAX_COLUMNS} columns",
                    file=file,
                    row=number,
                    expected="a run-of-show table",
                )
            if encodings is not None:
                record = encodings.decode(record, number)
            cells = tuple(_unescape(_text_cell(c, file, number, i)) for i, c in enumerate(record))
            if any(c.strip() for c in cells):
                rows.append(SheetRow(number, cells))
                check_row_count(len(rows), number, file)
    except csv.Error as exc:
        raise FormatError(f"not a readable CSV: {exc}", file=file, row=number + 1) from None
    if record and ends_in_an_open_quote(text, separator):
        raise FormatError(
            'a quote (") opened in this row is never closed, so every row after it would '
            "be read into one cell",
            file=file,
            row=number,
            column=column_letter(len(record) - 1),
            expected='a closing " for every cell that opens with one',
        )
    return rows, encodings.notes() if encodings is not None else ()


def _text_cell(cell: str, file: str, row: int, index: int) -> str:
    if "\x00" in cell:  # only UTF-16 text can hold one: other files with NUL are refused
        raise FormatError(
            "a NUL character in a cell",
            file=file,
            row=row,
            column=column_letter(index),
            expected="text",
        )
    return cell


def ends_in_an_open_quote(text: str, separator: str) -> bool:
    """Whether the last cell of `text` opens with a quote that is never closed (as the csv
    module reads it: a quote opens a cell only at its start; "" inside is a quote)."""
    boundary = re.compile(f"[{re.escape(separator)}\r\n]")
    at, cell_start = 0, True
    while at < len(text):
        if cell_start and text[at] == '"':
            closing = at + 1
            while True:
                closing = text.find('"', closing)
                if closing < 0:
                    return True
                if text.startswith('"', closing + 1):
                    closing += 2
                    continue
                break
            at, cell_start = closing + 1, False
            continue
        found = boundary.search(text, at)
        if found is None:
            return False
        at, cell_start = found.end(), True
    return False


class _Encodings:
    """Decodes the cells of a file that is not UTF-8 throughout, one at a time, and
    remembers which rows were which."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.utf8_rows: list[int] = []  # rows with letters beyond ASCII in UTF-8
        self.cp1252_rows: list[int] = []

    def decode(self, record: list[str], number: int) -> list[str]:
        cells = []
        kinds = set()
        for index, cell in enumerate(record):
            raw = cell.encode("latin-1")  # the bytes as they were in the file
            try:
                cells.append(raw.decode("utf-8"))
                if not raw.isascii():
                    kinds.add("utf-8")
            except UnicodeDecodeError:
                try:
                    cells.append(raw.decode("cp1252"))
                except UnicodeDecodeError as exc:
                    raise FormatError(
                        f"neither UTF-8 nor Windows-1252 text (byte {exc.start + 1} of the cell)",
                        file=self.file,
                        row=number,
                        column=column_letter(index),
                        expected="a CSV saved as UTF-8",
                    ) from None
                kinds.add("cp1252")
        if "cp1252" in kinds:
            self.cp1252_rows.append(number)
        elif kinds:
            self.utf8_rows.append(number)
        return cells

    def notes(self) -> tuple[str, ...]:
        if not self.utf8_rows:
            return ("read as Windows-1252 text (not UTF-8); check accented letters",)
        return (
            f"{_rows(self.cp1252_rows)} Windows-1252 text and {_rows(self.utf8_rows)} UTF-8: "
            "each row was read in its own encoding; check accented letters",
        )


def _rows(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    more = f" and {len(numbers) - 10} more" if len(numbers) > 10 else ""
    return f"row {shown} is" if len(numbers) == 1 else f"rows {shown}{more} are"


def _decode(data: bytes, file: str) -> tuple[str, bool]:
    """The text of `data`, and whether its cells are still to be decoded one by one (the
    text is then the file's bytes as Latin-1: see `csv_rows`)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise FormatError(
                "starts like UTF-16 text but is not", file=file, expected="UTF-8 text"
            ) from None
        _refuse_binary(text, file)
        return text, False
    if b"\x00" in data:
        raise FormatError(
            "this is a binary file, not CSV text (it contains NUL bytes)",
            file=file,
            expected="a CSV saved as text (UTF-8 or Windows-1252)",
        )
    try:
        text = data.decode("utf-8-sig")
        per_cell = False
    except UnicodeDecodeError:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("latin-1")
        per_cell = True
    _refuse_binary(text, file)
    return text, per_cell


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
