"""Column guessing on header rows as different teams write them.

The corpus (`tests/fixtures/sheets/headers/corpus.toml`) holds header rows in English,
German, French, Spanish and Dutch — cases, punctuation, abbreviations and units varied —
with a few rows each and the field every column should be read as. The test reads each as
a sheet and lists every column guessed otherwise, all at once.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from rehearsal.formats.sheet import read_table
from rehearsal.formats.sheet_cells import SheetRow
from rehearsal.formats.sheet_columns import Field

CORPUS = Path(__file__).parents[2] / "fixtures" / "sheets" / "headers" / "corpus.toml"
SHEETS: list[dict[str, Any]] = tomllib.loads(CORPUS.read_text(encoding="utf-8"))["sheet"]


def _rows(sheet: dict[str, Any]) -> list[SheetRow]:
    grid = [sheet["header"], *sheet["rows"]]
    return [SheetRow(number, tuple(cells)) for number, cells in enumerate(grid, start=1)]


def _expected(name: str) -> Field | None:
    return None if name == "custom" else Field(name)


def test_the_corpus_is_as_wide_as_it_claims() -> None:
    assert len(SHEETS) >= 30
    for sheet in SHEETS:
        width = len(sheet["header"])
        assert len(sheet["fields"]) == width, sheet["team"]
        assert all(len(row) == width for row in sheet["rows"]), sheet["team"]
        assert all(name == "custom" or _expected(name) for name in sheet["fields"])
    languages = {"Dauer (Min.)", "Séquence", "Duración", "Duur"}
    assert languages <= {h for sheet in SHEETS for h in sheet["header"]}


def test_every_column_of_the_corpus_is_read_as_its_team_means_it() -> None:
    misses: list[str] = []
    for sheet in SHEETS:
        reading = read_table(_rows(sheet), file="corpus.csv")
        for column, wanted in zip(reading.columns, sheet["fields"], strict=True):
            if column.field is not _expected(wanted):
                got = column.field.value if column.field else "custom"
                why = column.why or "no meaning found"
                misses.append(
                    f"{sheet['team']}: {column.header!r} read as {got} ({why}), expected {wanted}"
                )
    assert not misses, f"{len(misses)} columns guessed otherwise:\n" + "\n".join(misses)


@pytest.mark.parametrize("sheet", SHEETS, ids=[s["team"][:40] for s in SHEETS])
def test_each_sheet_of_the_corpus_reads_as_a_plan(sheet: dict[str, Any]) -> None:
    reading = read_table(_rows(sheet), file="corpus.csv")
    titled = [row for row in sheet["rows"] if row[sheet["fields"].index("title")]]
    assert len(reading.draft.segments) == len(titled)
