"""Run-of-show sheets as XLSX, including Ontime's rundown template.

The archive is checked before openpyxl opens it: a ZIP that is not a workbook, or whose
members would inflate past `MAX_UNPACKED_BYTES` or at an absurd ratio (a ZIP bomb), is
refused. The sheet named "Event schedule" (Ontime's) is read when there is one, else the
active sheet. Written workbooks keep durations as time values ([h]:mm:ss) that Excel can
sum, with a bold, frozen header.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterator, Mapping
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill

from rehearsal.durations import format_size
from rehearsal.errors import FormatError
from rehearsal.files import write_atomic
from rehearsal.formats.sheet import MAX_COLUMNS, check_row_count, read_sheet
from rehearsal.formats.sheet_cells import CellValue, SheetRow, cell_text, is_blank
from rehearsal.formats.sheet_columns import Field
from rehearsal.formats.sheet_export import PROSE_FIELDS, ExportTable, export_table
from rehearsal.model import Plan, PlanDraft

ONTIME_SHEET = "event schedule"
MAX_UNPACKED_BYTES = 100_000_000
MAX_MEMBERS = 2_000
MAX_RATIO = 200  # XML compresses well, but not this well unless it was made to
RATIO_FLOOR_BYTES = 1024 * 1024  # small members may compress absurdly and harmlessly
_MAX_SHEET_ROWS = 1_048_576  # Excel's own limit, counting empty formatted rows
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
NOT_XLSX = "an .xlsx workbook saved by Excel, LibreOffice, Google Sheets or Ontime"


def read_xlsx(data: bytes, *, file: str, mapping: Mapping[str, str] | None = None) -> PlanDraft:
    check_archive(data, file)
    rows = _read_rows(data, file)
    return read_sheet(rows, file=file, mapping=mapping)


def xlsx_rows(data: bytes, file: str) -> list[SheetRow]:
    """The non-blank rows of the workbook's run-of-show sheet."""
    check_archive(data, file)
    return _read_rows(data, file)


def check_archive(data: bytes, file: str) -> None:
    """Refuse what is not an XLSX, or would unpack to far more than any run-of-show."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
    ):  # NotImplementedError: a compression or ZIP version the standard library lacks
        raise FormatError(
            "not a readable XLSX workbook (the file is damaged or not a ZIP archive)",
            file=file,
            expected=NOT_XLSX,
        ) from None
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise FormatError("a ZIP archive, but not an XLSX workbook", file=file, expected=NOT_XLSX)
    if len(members) > MAX_MEMBERS:
        raise FormatError(
            f"the workbook has {len(members)} parts, far more than any run-of-show",
            file=file,
        )
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_BYTES:
        raise FormatError(
            f"the workbook would unpack to {format_size(total)}, more than any run-of-show "
            f"(the limit is {format_size(MAX_UNPACKED_BYTES)})",
            file=file,
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            raise FormatError(
                f"the workbook part {member.filename!r} is compressed {ratio:.0f} to 1, "
                "which only a ZIP bomb is; refused",
                file=file,
            )


def _read_rows(data: bytes, file: str) -> list[SheetRow]:
    # openpyxl raises whatever its parsers raise on a damaged part (KeyError, ValueError,
    # XML ParseError, TypeError, ...); none of it is a bug here, all of it means "damaged".
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Data Validation extension is not supported" etc.
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                return _collect(book, file)
            finally:
                book.close()
    except FormatError:
        raise
    except Exception as exc:
        raise FormatError(
            f"not a readable XLSX workbook ({type(exc).__name__}: {exc})",
            file=file,
            expected=NOT_XLSX,
        ) from None


def _collect(book: Any, file: str) -> list[SheetRow]:
    sheet = _pick_sheet(book, file)
    rows: list[SheetRow] = []
    for number, values in enumerate(_iter_values(sheet), start=1):
        if number > _MAX_SHEET_ROWS:
            break
        cells = _trim(values)
        if not cells:
            continue
        if len(cells) > MAX_COLUMNS:
            raise FormatError(
                f"more than {MAX_COLUMNS} columns",
                file=file,
                row=number,
                expected="a run-of-show table",
            )
        rows.append(SheetRow(number, cells))
        check_row_count(len(rows), number, file)
    return rows


def _pick_sheet(book: Any, file: str) -> Any:
    worksheets = [ws for ws in book.worksheets if hasattr(ws, "iter_rows")]
    for ws in worksheets:
        if ws.title.strip().lower() == ONTIME_SHEET:
            return ws
    active = book.active
    if active is not None and hasattr(active, "iter_rows"):
        return active
    if worksheets:
        return worksheets[0]
    raise FormatError("the workbook has no worksheet", file=file, expected=NOT_XLSX)


def _iter_values(sheet: Any) -> Iterator[tuple[object, ...]]:
    """Every row's values, gaps included, each only as wide as its last cell.

    The sheet's own dimension ("A1:XFD1048576" after someone formatted whole columns)
    is forgotten first, or every row would be padded to it.
    """
    sheet.reset_dimensions()
    yield from sheet.iter_rows(values_only=True)


def _trim(values: tuple[object, ...]) -> tuple[CellValue, ...]:
    cells: list[CellValue] = [_cell(v) for v in values]
    while cells and is_blank(cells[-1]):
        cells.pop()
    return tuple(cells)


def _cell(value: object) -> CellValue:
    if value is None or isinstance(value, str | int | float | bool | date | time | timedelta):
        return value  # (a datetime is a date too)
    return str(value)  # formula error strings, rich text and the like


def write_xlsx(plan: Plan | PlanDraft, path: Path) -> None:
    write_atomic(path, xlsx_bytes(plan))


def xlsx_bytes(plan: Plan | PlanDraft) -> bytes:
    """The workbook, made in memory: openpyxl writing to a file on a full disk leaves its
    ZIP half-closed (an error printed when it is collected, after ours)."""
    return table_xlsx_bytes(export_table(plan), "Run of show")


def table_xlsx_bytes(table: ExportTable, sheet_title: str) -> bytes:
    """`table` as a workbook of one sheet named `sheet_title` (see `xlsx_bytes`)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_title
    bold = Font(bold=True)
    for key, value in table.preamble:
        sheet.append([_safe(key), _safe(value)])
        sheet.cell(sheet.max_row, 1).font = bold
        _format(sheet.cell(sheet.max_row, 2), value)
    sheet.append([])
    sheet.append([_safe(h) for h in table.header])
    header_row = sheet.max_row
    fill = PatternFill("solid", fgColor="DDE6F0")
    for cell in sheet[header_row]:
        cell.font = bold
        cell.fill = fill
        cell.data_type = "s"
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    widths = [len(h) for h in table.header]
    title_at = table.fields.index(Field.TITLE)
    duration_at = table.fields.index(Field.DURATION)
    for values in table.rows:
        sheet.append([_safe(v) for v in values])
        r = sheet.max_row
        opens_section = is_blank(values[title_at]) and is_blank(values[duration_at])
        for index, value in enumerate(values):
            cell = sheet.cell(r, index + 1)
            _format(cell, value)
            cell.alignment = wrap if table.fields[index] in PROSE_FIELDS else top
            if opens_section:
                cell.font = bold
            widths[index] = max(widths[index], min(len(cell_text(value)), 60))
    for index, width in enumerate(widths):
        letter = openpyxl.utils.get_column_letter(index + 1)
        sheet.column_dimensions[letter].width = max(8, min(width + 2, 50))
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _safe(value: CellValue) -> CellValue:
    if isinstance(value, str):
        return _ILLEGAL.sub("", value)
    return value


def _format(cell: Any, value: CellValue) -> None:
    if isinstance(value, timedelta):
        cell.number_format = "[h]:mm:ss"
    elif isinstance(value, time):
        cell.number_format = "hh:mm:ss" if value.second else "hh:mm"
    elif isinstance(value, str):
        cell.data_type = "s"  # text that starts with "=" stays text, not a formula
