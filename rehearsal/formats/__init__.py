"""Reading and writing plans in the formats people already use.

Every reader is pure: it turns a file into a `PlanDraft` or raises `FormatError` naming
file, row, column and what was expected. Nothing touches a workspace until a reader has
returned a complete draft, so a bad file never half-imports.

The readers and writers are imported where a file is read or written, not here: the app's
launch needs none of them (the XLSX one, `sheet_xlsx`, brings openpyxl, about 0.1 s to
import), and a module that needs one format (`native` for the demo) imports only that.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from rehearsal.durations import format_size
from rehearsal.errors import FormatError
from rehearsal.files import write_atomic
from rehearsal.formats.plan_limits import check_plan
from rehearsal.limits import MAX_PLAN_FILE_BYTES
from rehearsal.model import Plan, PlanDraft

if TYPE_CHECKING:
    from rehearsal.formats.sheet_file import SheetFile

READ_FORMATS = ("auto", "json", "csv", "xlsx", "ontime")
SHEET_FORMATS = ("csv", "xlsx")
WRITE_FORMATS = ("json", "csv", "xlsx")  # told by the suffix
ONTIME_FORMATS = ("ontime", "ontime-xlsx")  # named: .json and .xlsx are our own formats


def read_plan(
    path: str | Path, format: str = "auto", mapping: Mapping[str, str] | None = None
) -> PlanDraft:
    """Read `path` as a plan. `mapping` names columns for fields (``{"title": "Topic"}``)."""
    path = Path(path)
    data, kind = _load(path, format)
    file = path.name
    if kind in SHEET_FORMATS:
        from rehearsal.formats.sheet_file import read_sheet_file

        return read_sheet_file(_sheet(data, file, kind), mapping=mapping).draft
    try:
        return check_plan(_read(data, file, kind), file)
    except FormatError as exc:
        raise exc.located(file) from None
    except RecursionError:
        raise FormatError("the file is nested too deeply to be a plan", file=file) from None


def open_sheet(path: str | Path, format: str = "auto") -> SheetFile | None:
    """The rows of `path` when it is a CSV or XLSX sheet (read once, to be guessed and read
    with a mapping: `sheet_file`); None when it is a JSON plan or an Ontime project."""
    path = Path(path)
    data, kind = _load(path, format)
    return _sheet(data, path.name, kind) if kind in SHEET_FORMATS else None


def _load(path: Path, format: str) -> tuple[bytes, str]:
    """The bytes of `path` and their format (`format`, or sniffed from the content)."""
    file = path.name
    if format not in READ_FORMATS:
        raise FormatError(
            f"unknown format {format!r}", file=file, expected="one of " + ", ".join(READ_FORMATS)
        )
    try:
        size = path.stat().st_size
        if size > MAX_PLAN_FILE_BYTES:
            raise FormatError(
                f"the file is {format_size(size)}, larger than any run-of-show "
                f"(the limit is {format_size(MAX_PLAN_FILE_BYTES)})",
                file=file,
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise FormatError("no such file", file=str(path)) from None
    except IsADirectoryError:
        raise FormatError("this is a folder, not a file", file=str(path)) from None
    except OSError as exc:
        raise FormatError(f"cannot be read: {exc.strerror or exc}", file=str(path)) from None
    try:
        kind = format if format != "auto" else sniff(data, file)
    except FormatError as exc:
        raise exc.located(file) from None
    if kind == "ontime" and data.startswith(b"PK"):
        kind = "xlsx"  # Ontime's rundown template: a sheet like any other
    return data, kind


def _sheet(data: bytes, file: str, kind: str) -> SheetFile:
    from rehearsal.formats.sheet_file import sheet_file

    try:
        return sheet_file(data, file, kind)
    except FormatError as exc:
        raise exc.located(file) from None


def import_draft(
    path: str | Path, format: str = "auto", mapping: Mapping[str, str] | None = None
) -> PlanDraft:
    """What `Workspace.import_plan` stores from `path`, read without a workspace (so it can
    be read on one thread and stored on another): see `as_imported`."""
    return as_imported(read_plan(path, format=format, mapping=mapping), path)


def as_imported(draft: PlanDraft, path: str | Path) -> PlanDraft:
    """`draft` read from `path`, as an import stores it: named after the file when it names
    nothing, its source the file's name; refused when it holds no segments."""
    path = Path(path)
    if not draft.name:
        draft = dataclasses.replace(draft, name=path.stem)
    if not draft.source:
        draft = dataclasses.replace(draft, source=path.name)
    if not draft.segments:
        raise FormatError("the file holds no segments", file=path.name)
    return draft


def _read(data: bytes, file: str, kind: str) -> PlanDraft:
    """A JSON plan or Ontime project (`kind` "json" or "ontime")."""
    from rehearsal.formats import native, ontime_json
    from rehearsal.formats.json_document import parse_json

    obj = parse_json(data, file)
    if kind == "ontime" or (kind == "json" and ontime_json.is_ontime(obj)):
        return ontime_json.read_ontime(obj, file=file)
    if native.is_native(obj):
        return native.plan_from_json(obj, file)
    raise FormatError(
        "this JSON is neither a Rehearsal plan nor an Ontime project",
        file=file,
        expected='a "format": "rehearsal-plan" document, or Ontime\'s "rundown"/"rundowns"',
    )


def sniff(data: bytes, file: str = "") -> str:
    """The format of `data` by its content (the suffix only breaks ties)."""
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith((b"\xd0\xcf\x11\xe0", b"%PDF", b"\x89PNG", b"\x1f\x8b")):
        raise FormatError(
            "this is not a run-of-show file (a binary file: old .xls, PDF, image or archive)",
            file=file,
            expected="CSV, XLSX, a Rehearsal JSON plan or an Ontime project",
        )
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        return "json"
    if file.lower().endswith(".xlsx"):
        return "xlsx"
    if file.lower().endswith(".json"):
        return "json"
    return "csv"


def write_plan(
    plan: Plan | PlanDraft,
    path: str | Path,
    format: str | None = None,
    program_name: str = "",
    note_field: str = "facilitator_notes",
) -> str:
    """Write `plan` to `path`, whole or not at all (`rehearsal.files.write_atomic`: a full
    disk or a folder that cannot be written raises `RehearsalError` and leaves no file); the
    format comes from the suffix unless given. Returns it. `note_field`: the segment field
    an Ontime project's event note holds (`ontime_fields.NOTE_FIELDS`)."""
    path = Path(path)
    kind = format or path.suffix.lower().lstrip(".")
    if kind not in WRITE_FORMATS + ONTIME_FORMATS:
        raise FormatError(
            f"cannot tell the format from {path.name!r}",
            file=path.name,
            expected="a .json, .csv or .xlsx file name, or --format "
            + "|".join(WRITE_FORMATS + ONTIME_FORMATS),
        )
    write_atomic(path, plan_bytes(plan, kind, program_name, note_field))
    return kind


def plan_bytes(
    plan: Plan | PlanDraft,
    kind: str,
    program_name: str = "",
    note_field: str = "facilitator_notes",
) -> bytes:
    """`plan` as the bytes of a file of format `kind` (json, csv, xlsx, or Ontime's project
    file, ontime, and rundown sheet, ontime-xlsx). Made whole in memory first, so that a
    failed write (a full disk) leaves nothing half-written."""
    from rehearsal.formats import native, ontime_export, sheet_csv

    if kind == "json":
        return native.json_bytes(plan, program_name)
    if kind == "ontime":
        return ontime_export.ontime_bytes(plan, program_name, note_field)
    if kind == "ontime-xlsx":
        from rehearsal.formats import ontime_sheet  # openpyxl

        return ontime_sheet.ontime_xlsx_bytes(plan, program_name)
    if kind == "csv":
        return sheet_csv.csv_bytes(plan)
    from rehearsal.formats import sheet_xlsx  # openpyxl: see the module's docstring

    return sheet_xlsx.xlsx_bytes(plan)
