"""Hostile files for every importer (issue 13), and the property each must keep.

Each importer starts from valid files of its kind and mutates them the way hostile or
broken files differ: numbers that are huge, negative, fractional or text; lone surrogates
and NUL; unknown enumerations; path-like ids; columns missing or twice; rows twice; bytes
cut off; other encodings. The property, checked through the command line as a person would
use it (`check`):

- either the import is refused: exit 2, one `error:` line naming the file, and the
  workspace byte for byte as before (every table, `meta` included);
- or it is stored, and the commands work on it: for a plan `stats`, `readiness`, `report
  --plan --format html`, and `export` in every format, each of which imports back as the
  same plan; for actuals `rehearsals`, `report --rehearsal --format html`, `stats` and
  `readiness`. Never exit 1, never a traceback.

`tests/core/test_fuzz_imports.py` runs a few examples of each in the default test run;
`tests/benchmarks/fuzz_imports_census.py` runs many and counts what was refused or stored.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import dataclasses
import io
import json
import math
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import strategies as st
from plans import small_draft

from rehearsal import Workspace
from rehearsal.cli.main import main
from rehearsal.formats.native import plan_to_json
from rehearsal.formats.ontime_export import ontime_project
from rehearsal.formats.sheet_csv import csv_bytes
from rehearsal.formats.sheet_export import export_table
from rehearsal.model import PlanDraft, Segment

FIXTURES = Path(__file__).parent / "fixtures"
Grid = list[list[Any]]

# -- hostile values ---------------------------------------------------------------------------

HUGE_DIGITS = "9" * 5000
# A class of hostile value is drawn first, then a value of it, so the rare ones — a lone
# surrogate, a NUL — are tried as often as a wrong number.
NUMBER_TEXTS = [
    "-5",
    "-1",
    "0",
    "5.5",
    "1e308",
    "nan",
    "inf",
    "18446744073709551616",
    "99999999999999999999:00",
    "168:00:01",
    "24:00:00",
    "25:99",
    "10:10",
    "23:59:59",
    "2026-02-30 10:00",
    "2026-02-03T23:50:00Z",
    HUGE_DIGITS,
]
BROKEN_TEXTS = ["a\x00b", "Wel\ud800come", "\udfff", "\x00"]  # never text
LOOSE_TEXTS = ["\x07bell", "line\rbreak", " spaced ", "\u2028", "tab\t"]  # read tidied
WORDS = [
    "",
    " ",
    "yes",
    "maybe",
    "juggling",
    "milestone",
    "group",
    "delay",
    "count-down",
    "event",
    "block",
    "Title",
    "Duration",
    "ID",
    "Section ID",
    "😀 日本語 עברית",
    '=HYPERLINK("http://x")',
    "+1",
    "@SUM(A1)",
    "'",
    '"',
    '"open',
]
IDS = ["../x", "..\\..\\x", "/etc/passwd", "s1", "4b7c2b0e-61d3-4a5f-9a43-5b0f0f6e2a11"]
LONG = ["x" * 1001, "x" * 40_000]
TEXT_CLASSES = (NUMBER_TEXTS, BROKEN_TEXTS, BROKEN_TEXTS, LOOSE_TEXTS, WORDS, IDS, LONG)
TEXT_VALUES = st.sampled_from(TEXT_CLASSES).flatmap(st.sampled_from)
NUMBERS: list[Any] = [-1, 0, 0.5, 1e308, -1e308, 2**64, 2**70, -(2**63) - 1, math.nan, math.inf]
PLAUSIBLE = [60, 86_400, 86_401, 604_800, 604_801, 300_000, 86_400_000, None, True, False]
SHAPES: list[Any] = [[], {}, [None], {"id": "../x"}, json.loads("[" * 40 + "]" * 40)]
JSON_VALUES = st.sampled_from((*TEXT_CLASSES, NUMBERS, PLAUSIBLE, SHAPES)).flatmap(st.sampled_from)
CELL_OBJECTS: list[Any] = [
    True,
    datetime(1900, 1, 1),
    datetime(9999, 12, 31, 23, 59),
    time(23, 59, 59),
    timedelta(days=30),
    timedelta(seconds=-1),
]
CELL_VALUES = st.sampled_from((*TEXT_CLASSES, NUMBERS[:7], CELL_OBJECTS)).flatmap(st.sampled_from)


# -- seeds: valid files of each kind ----------------------------------------------------------


def seed_draft() -> PlanDraft:
    """small_draft with what the formats carry beyond it: a flexible range, a marker, custom
    columns, a skipped segment."""
    base = small_draft()
    first = dataclasses.replace(
        base.segments[0], flex_min_s=240, flex_max_s=420, custom=(("Room", "A"), ("Slides", "1-3"))
    )
    marker = Segment("6f2c0f34-8ac5-4c07-93a5-1c3c1b4fb0a2", "Standby", 0, marker=True, cue="S")
    return dataclasses.replace(
        base,
        segments=(
            first,
            marker,
            *base.segments[1:-1],
            dataclasses.replace(base.segments[-1], skipped=True),
        ),
    )


def export_grid(draft: PlanDraft) -> Grid:
    table = export_table(draft)
    return [
        *([key, value] for key, value in table.preamble),
        [],
        list(table.header),
        *(list(row) for row in table.rows),
    ]


def csv_grid(data: bytes, encoding: str = "utf-8-sig", separator: str = ",") -> Grid:
    return [list(r) for r in csv.reader(io.StringIO(data.decode(encoding)), delimiter=separator)]


ONTIME_TEMPLATE: Grid = [
    ["Ontime · Rundown template"],
    ["Project title", "Spring summit"],
    [],
    ["Time Start", "Time End", "Duration", "Cue", "Title", "Notes", "Timer Type", "Skip", "lx"],
    [None, None, None, "G1", "Morning block", None, "group-start"],
    [time(9), time(9, 10), time(0, 10), "1", "Doors", "House open", "count-down", "FALSE", "LX1"],
    [time(9, 10), time(9, 40), None, "2", "Keynote", None, "count-up"],
    [time(9, 40), None, None, "3", "Stand by panel", None, "milestone"],
    [None, None, time(0, 5), None, "Delay", None, "delay"],
    [time(9, 45), time(10, 15), time(0, 30), "4", "Panel", "Mics", "count-down", "TRUE"],
    [None, None, None, "G2", "Afternoon", None, "group"],
    [time(13), time(13, 45), time(0, 45), "5", "Workshop", None, "clock"],
]


def actuals_grid() -> Grid:
    return [
        ["Dry run 3 — actuals"],
        [],
        ["Cue", "Title", "Actual start", "Actual end", "Actual duration"],
        ["", "Welcome", "09:00", "09:05", ""],
        ["2", "Poll", "09:05:30", "09:09", ""],
        ["", "Breakout", "09:11", "09:26", ""],
        ["", "Close", "", "", "3"],
    ]


def ontime_report_grid() -> Grid:
    return csv_grid((FIXTURES / "actuals" / "ontime_report.csv").read_bytes(), "utf-8")


def load_json(name: str) -> Any:
    return json.loads((FIXTURES / "ontime" / name).read_text(encoding="utf-8"))


# -- mutations ----------------------------------------------------------------------------------


@st.composite
def mutated_grid(draw: st.DrawFn, seed: Grid, cells: st.SearchStrategy[Any]) -> Grid:
    """`seed` with one to four of: a cell replaced by a hostile value, a column or a row
    dropped or doubled, two header cells swapped."""
    grid = [list(row) for row in seed]
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 3, 4]))):
        op = draw(
            st.sampled_from(
                ["cell", "cell", "cell", "drop col", "dup col", "dup row", "drop row", "swap"]
            )
        )
        r = draw(st.integers(0, len(grid) - 1))
        width = max(len(row) for row in grid)
        c = draw(st.integers(0, width - 1))
        if op == "cell":
            row = grid[r]
            row.extend([None] * (c + 1 - len(row)))
            row[c] = draw(cells)
        elif op == "drop col":
            grid = [row[:c] + row[c + 1 :] for row in grid]
        elif op == "dup col":
            grid = [row[: c + 1] + row[c : c + 1] + row[c + 1 :] for row in grid]
        elif op == "dup row":
            grid.insert(r, list(grid[r]))
        elif op == "drop row" and len(grid) > 1:
            del grid[r]
        elif op == "swap" and len(grid[r]) > 1:
            d = draw(st.integers(0, len(grid[r]) - 1))
            grid[r][c % len(grid[r])], grid[r][d] = grid[r][d], grid[r][c % len(grid[r])]
    return grid


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, timedelta | time | datetime):
        return str(value)
    return str(value)


@st.composite
def csv_file(draw: st.DrawFn, grid: Grid) -> bytes:
    """`grid` written as CSV in one of the ways people's files come: a separator, an
    encoding (rows of two encodings too), perhaps cut short or with a quote left open."""
    separator = draw(st.sampled_from([",", ";", "\t"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "mixed"]))
    lines = []
    for row in grid:
        out = io.StringIO()
        csv.writer(out, delimiter=separator, lineterminator="\r\n").writerow(
            [_cell_text(c) for c in row]
        )
        lines.append(out.getvalue())
    if encoding == "mixed":
        data = b"".join(
            line.encode("cp1252" if i % 2 else "utf-8", "replace" if i % 2 else "surrogatepass")
            for i, line in enumerate(lines)
        )
    elif encoding in ("utf-8", "utf-8-sig", "utf-16"):
        data = "".join(lines).encode(encoding, "surrogatepass")
    else:
        data = "".join(lines).encode(encoding, "replace")
    damage = draw(st.sampled_from(["none"] * 6 + ["cut", "open quote"]))
    if damage == "cut" and data:
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif damage == "open quote" and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + b'"' + data[at:]
    return data


def _xlsx_safe(value: Any) -> Any:
    """What openpyxl can write: text without control characters or lone surrogates."""
    if isinstance(value, str):
        text = "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)
        return text.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**63:
        return float(value)
    return value


@st.composite
def xlsx_file(draw: st.DrawFn, grid: Grid, sheet_name: str = "Run of show") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_name
    for row in grid:
        sheet.append([_xlsx_safe(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    if draw(st.sampled_from([False] * 7 + [True])):
        # Where to cut, as a share: the workbook's length varies with the time it was saved
        # (its properties), and a draw must not depend on that.
        data = data[: len(data) * draw(st.integers(0, 999)) // 1000]
    return data


def _replacement(value: Any) -> st.SearchStrategy[Any]:
    """Mostly a value of the same kind gone wrong (text for text, a number for a number),
    so that the rest of the file stays plausible; sometimes anything."""
    if isinstance(value, str):
        alike = TEXT_VALUES
    elif isinstance(value, int | float) and not isinstance(value, bool):
        alike = st.sampled_from((NUMBERS, PLAUSIBLE, NUMBER_TEXTS)).flatmap(st.sampled_from)
    else:
        return JSON_VALUES
    return st.sampled_from([alike, alike, alike, JSON_VALUES]).flatmap(lambda s: s)


def _places(doc: Any) -> tuple[list[tuple[Any, Any]], list[tuple[Any, Any]]]:
    """Every (parent, key) in `doc`: those holding a leaf (a text, a number, a flag, null),
    and those holding a list or an object."""
    leaves: list[tuple[Any, Any]] = []
    containers: list[tuple[Any, Any]] = []
    stack = [doc]
    while stack:
        node = stack.pop()
        keys = list(node) if isinstance(node, dict) else range(len(node))
        for key in keys:
            child = node[key]
            if isinstance(child, dict | list):
                containers.append((node, key))
                stack.append(child)
            else:
                leaves.append((node, key))
    return leaves, containers


@st.composite
def mutated_json(draw: st.DrawFn, seed: Any) -> bytes:
    """`seed` with one to three changes — mostly a leaf replaced by a value of its kind gone
    wrong; else a key dropped or renamed, a list item doubled (ids twice), a part replaced —
    written as JSON (NaN and Infinity as Python writes them), perhaps with a number of
    thousands of digits or cut short."""
    doc = copy.deepcopy(seed)
    for _ in range(draw(st.sampled_from([1, 1, 1, 1, 2, 3]))):
        leaves, containers = _places(doc)
        on_leaf = draw(st.sampled_from([True, True, True, False])) or not containers
        parent, key = draw(st.sampled_from(leaves if on_leaf else containers))
        op = draw(st.sampled_from(["replace"] * 5 + ["drop", "double"]))
        if op == "replace":
            parent[key] = copy.deepcopy(draw(_replacement(parent[key])))
        elif op == "drop":
            del parent[key]
        elif isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        else:  # an object cannot hold a key twice: rename it (one unknown, one missing)
            parent[f"{key}_"] = parent.pop(key)
    # Escaped (\\ud800), a lone surrogate reaches the reader; raw, the file is not UTF-8.
    text = json.dumps(doc, ensure_ascii=draw(st.sampled_from([True, True, True, False])))
    damage = draw(st.sampled_from(["none"] * 6 + ["digits", "cut"]))
    if damage == "digits":
        text = text.replace(": 0", ": " + HUGE_DIGITS, 1)
    data = text.encode("utf-8", "surrogatepass")
    if damage == "cut":
        data = data[: draw(st.integers(0, len(data) - 1))]
    return data


# -- the importers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Importer:
    kind: str  # "plan" or "actuals"
    suffix: str
    files: st.SearchStrategy[bytes]


def _export_csv_grid() -> Grid:
    return csv_grid(csv_bytes(seed_draft()))


IMPORTERS: dict[str, Importer] = {
    "native JSON": Importer("plan", ".json", mutated_json(plan_to_json(seed_draft()))),
    "CSV": Importer(
        "plan",
        ".csv",
        st.one_of(
            mutated_grid(_export_csv_grid(), TEXT_VALUES),
            mutated_grid(
                csv_grid(
                    (FIXTURES / "sheets" / "atelier_cp1252_semicolon.csv").read_bytes(),
                    "cp1252",
                    ";",
                ),
                TEXT_VALUES,
            ),
        ).flatmap(csv_file),
    ),
    "XLSX": Importer(
        "plan", ".xlsx", mutated_grid(export_grid(seed_draft()), CELL_VALUES).flatmap(xlsx_file)
    ),
    "Ontime JSON v3": Importer("plan", ".json", mutated_json(load_json("v3_project.json"))),
    "Ontime JSON v4": Importer("plan", ".json", mutated_json(load_json("v4_project.json"))),
    "Ontime JSON as exported": Importer(
        "plan", ".json", mutated_json(ontime_project(seed_draft(), "Module 1"))
    ),
    "Ontime XLSX": Importer(
        "plan",
        ".xlsx",
        mutated_grid(ONTIME_TEMPLATE, CELL_VALUES).flatmap(
            lambda g: xlsx_file(g, "Event schedule")
        ),
    ),
    "actuals CSV": Importer(
        "actuals", ".csv", mutated_grid(actuals_grid(), TEXT_VALUES).flatmap(csv_file)
    ),
    "actuals XLSX": Importer(
        "actuals", ".xlsx", mutated_grid(actuals_grid(), CELL_VALUES).flatmap(xlsx_file)
    ),
    "Ontime report CSV": Importer(
        "actuals", ".csv", mutated_grid(ontime_report_grid(), TEXT_VALUES).flatmap(csv_file)
    ),
}


# -- the property ---------------------------------------------------------------------------


def dump(db: Path) -> bytes:
    """Every row of every table, `meta` included, in a fixed order."""
    with Workspace.open(db) as ws:
        conn = ws.storage.conn
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        text = {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}"))) for t in tables}
    return json.dumps(text, sort_keys=True).encode()


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _ok(code: int, out: str, err: str, what: str) -> str:
    assert code == 0, f"{what}: exit {code}: {err}"
    return out


class Templates:
    """A workspace with the seed plan in it, made once and copied for each example."""

    def __init__(self, folder: Path) -> None:
        self.db = folder / "template.rehearsal"
        with Workspace.open(self.db) as ws:
            self.plan_id = ws.add_plan(seed_draft()).id

    def copy(self, folder: Path) -> Path:
        target = folder / "w.rehearsal"
        shutil.copyfile(self.db, target)
        return target


def check(
    importer: str,
    data: bytes,
    templates: Templates,
    tally: Counter[str] | None = None,
    reasons: Counter[str] | None = None,
) -> str:
    """Import `data` as the importer named does; assert the property; "refused" or
    "accepted" (also counted in `tally`; why it was refused in `reasons`)."""
    spec = IMPORTERS[importer]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = templates.copy(folder)
        path = folder / f"hostile{spec.suffix}"
        path.write_bytes(data)
        before = dump(db)
        if spec.kind == "plan":
            code, out, err = run("import", str(path), "--db", str(db))
        else:
            code, out, err = run(
                "import-actuals", str(path), "--plan", templates.plan_id, "--db", str(db)
            )
        assert code in (0, 2), f"exit {code}: {err}"
        if code == 2:
            assert err.startswith(f"error: {path.name}") and err.count("\n") == 1, err
            assert dump(db) == before
            outcome = "refused"
            if reasons is not None:
                reasons[reason(err, path.name)] += 1
        else:
            assert all(line.startswith(("note: ", "warning: ")) for line in err.splitlines()), err
            if spec.kind == "plan":
                _plan_works(db, out.strip(), folder)
            else:
                _actuals_work(db, templates.plan_id, folder)
            outcome = "accepted"
    if tally is not None:
        tally[outcome] += 1
    return outcome


def reason(error_line: str, file: str) -> str:
    """The kind of refusal an error line gives — the column (or JSON path) and the problem —
    without its particulars (numbers, quoted values), to count alike refusals together."""
    text = error_line.removeprefix(f"error: {file}").strip(" ,:\n")
    found = re.match(r"(?:row \d+, )?(?:column '([^']*)': )?(.*)", text)
    column, problem = (found.group(1) or "", found.group(2)) if found else ("", text)
    problem = re.sub(r"'[^']*'|\"[^\"]*\"|\(expected .*\)$", "…", problem)
    shown = f"{column}: {problem}" if column else problem
    return re.sub(r"\d+(?:[,.]\d+)*", "N", shown)[:100]


def _same_plan(db: Path, stored_id: str, again_id: str) -> None:
    with Workspace.open(db) as ws:
        stored, again = ws.plan(stored_id), ws.plan(again_id)
    key: Callable[[Any], str] = lambda t: t.after_segment_id  # noqa: E731
    assert (again.segments, again.sections, sorted(again.transitions, key=key)) == (
        stored.segments,
        stored.sections,
        sorted(stored.transitions, key=key),
    )
    assert (again.slot_s, again.start_s, again.time_zone, again.notes, again.source) == (
        stored.slot_s,
        stored.start_s,
        stored.time_zone,
        stored.notes,
        stored.source,
    )


def _plan_works(db: Path, plan_id: str, folder: Path) -> None:
    d = ("--db", str(db))
    _ok(*run("stats", plan_id, "--draws", "100", "--json", *d), "stats")
    _ok(*run("readiness", plan_id, "--json", *d), "readiness")
    html = folder / "report.html"
    _ok(*run("report", "--plan", plan_id, "--draws", "100", "-o", str(html), *d), "report")
    assert html.stat().st_size > 0
    for kind in ("json", "csv", "xlsx"):
        exported = folder / f"exported.{kind}"
        _ok(*run("export", plan_id, "-o", str(exported), *d), f"export {kind}")
        again = _ok(*run("import", str(exported), *d), f"re-import {kind}").strip()
        _same_plan(db, plan_id, again)


def _actuals_work(db: Path, plan_id: str, folder: Path) -> None:
    d = ("--db", str(db))
    listed = json.loads(_ok(*run("rehearsals", plan_id, "--json", *d), "rehearsals"))
    [rehearsal] = listed["rehearsals"]
    html = folder / "rehearsal.html"
    _ok(*run("report", "--rehearsal", rehearsal["id"], "-o", str(html), *d), "report")
    assert html.stat().st_size > 0
    _ok(*run("stats", plan_id, "--draws", "100", "--json", *d), "stats")
    _ok(*run("readiness", plan_id, "--json", *d), "readiness")


def seed_files() -> dict[str, bytes]:
    """Each importer's seed, as a file, unmutated."""

    def xlsx(grid: Grid, sheet: str = "Run of show") -> bytes:
        book = openpyxl.Workbook()
        active = book.active
        assert active is not None
        active.title = sheet
        for row in grid:
            active.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def as_csv(grid: Grid) -> bytes:
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows([_cell_text(c) for c in r] for r in grid)
        return out.getvalue().encode("utf-8")

    return {
        "native JSON": json.dumps(plan_to_json(seed_draft())).encode(),
        "CSV": csv_bytes(seed_draft()),
        "XLSX": xlsx(export_grid(seed_draft())),
        "Ontime JSON v3": (FIXTURES / "ontime" / "v3_project.json").read_bytes(),
        "Ontime JSON v4": (FIXTURES / "ontime" / "v4_project.json").read_bytes(),
        "Ontime XLSX": xlsx(ONTIME_TEMPLATE, "Event schedule"),
        "actuals CSV": as_csv(actuals_grid()),
        "actuals XLSX": xlsx(actuals_grid()),
        "Ontime report CSV": (FIXTURES / "actuals" / "ontime_report.csv").read_bytes(),
    }
