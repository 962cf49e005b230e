"""A CSV or XLSX sheet read once, then guessed and read as often as a person changes which
column holds what.

The app reads the file's rows on a worker (`SheetFile`), guesses its columns
(`guess_sheet`), and reads the plan again from the rows in memory for each mapping a
person tries in the mapping dialog (`read_sheet_file` with a `ColumnChoice`): a big
workbook is parsed once. `describe_columns` says what was recognised, the same words in
the dialog and in `rehearsal import`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rehearsal.errors import FormatError
from rehearsal.formats.plan_limits import check_plan
from rehearsal.formats.sheet import SheetReading, read_table, used_columns
from rehearsal.formats.sheet_cells import SheetRow
from rehearsal.formats.sheet_layout import Column, ColumnChoice, guess_layout


@dataclass(frozen=True, slots=True)
class SheetFile:
    """The non-blank rows of a sheet, and what its reader noted on the file (encodings)."""

    file: str  # its name, for errors and warnings
    rows: tuple[SheetRow, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SheetGuess:
    """What Rehearsal makes of a sheet's columns before anyone says otherwise."""

    header_row: int  # the sheet's row number
    columns: tuple[Column, ...]  # each with the field guessed (None: kept as custom)
    used: frozenset[int]  # the columns with a header or a value below it
    exported: bool  # written by Rehearsal: its own names, nothing guessed

    def choice(self) -> ColumnChoice:
        """The guess as a choice a person can change."""
        fields = {c.field: c.index for c in self.columns if c.field is not None}
        return ColumnChoice(self.header_row, fields)

    def describe(self) -> str:
        return describe_columns(self.columns, self.used)


def sheet_file(data: bytes, file: str, kind: str) -> SheetFile:
    """The rows of `data`, a sheet of `kind` ("csv" or "xlsx")."""
    if kind == "xlsx":
        from rehearsal.formats.sheet_xlsx import xlsx_rows  # openpyxl, imported when needed

        return SheetFile(file, tuple(xlsx_rows(data, file)))
    from rehearsal.formats.sheet_csv import csv_rows

    rows, notes = csv_rows(data, file)
    return SheetFile(file, tuple(rows), notes)


def guess_sheet(sheet: SheetFile) -> SheetGuess:
    """The header row and the field of each column, as an import without a mapping reads
    them; also when no title or timing column is found (for a person to choose)."""
    try:
        layout, facts = guess_layout(sheet.rows, sheet.file)
    except FormatError as exc:
        raise exc.located(sheet.file) from None
    used = used_columns(layout, sheet.rows[layout.header_at + 1 :])
    return SheetGuess(layout.header_row, layout.columns, used, facts.exported)


def read_sheet_file(
    sheet: SheetFile,
    *,
    mapping: Mapping[str, str] | None = None,
    choice: ColumnChoice | None = None,
) -> SheetReading:
    """The plan in `sheet`, its columns guessed but for those `mapping` names, or exactly
    those of `choice`; held to the domain's bounds like every plan read (`check_plan`)."""
    try:
        reading = read_table(sheet.rows, file=sheet.file, mapping=mapping, choice=choice)
        draft = check_plan(reading.draft, sheet.file)
    except FormatError as exc:
        raise exc.located(sheet.file) from None
    if sheet.notes:
        draft = dataclasses.replace(draft, warnings=(*sheet.notes, *draft.warnings))
    return dataclasses.replace(reading, draft=draft)


def describe_columns(
    columns: Sequence[Column], used: frozenset[int] | None = None, *, imported: bool = False
) -> str:
    """ "Recognised 5 of 7 columns; 2 will be kept as custom columns: Comment, Room" (or, once
    `imported`, with each field: "recognised 5 of 7 columns ('Block' as title, …); 2 kept as
    custom columns: Comment, Room"). Columns with neither a header nor a value (`used`) are
    not counted."""
    shown = [c for c in columns if used is None or c.index in used or c.field is not None]
    kept = [c.header for c in shown if c.field is None]
    recognised = len(shown) - len(kept)
    if imported:
        fields = ", ".join(f"{c.header!r} as {c.field.value}" for c in shown if c.field)
        text = f"recognised {recognised} of {len(shown)} columns" + (
            f" ({fields})" if fields else ""
        )
        verb = "kept as"
    else:
        text = f"Recognised {recognised} of {len(shown)} columns"
        verb = "will be kept as"
    if not kept:
        return text
    if len(kept) == 1:
        return f"{text}; 1 {verb} a custom column: {kept[0]}"
    return f"{text}; {len(kept)} {verb} custom columns: " + ", ".join(kept)
