"""The records of a CSV or tab-separated report (Zoom's participants and poll reports,
Teams' attendance report), each with the line it starts on, for messages that name it."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from rehearsal.errors import FormatError
from rehearsal.formats.evidence.decoding import EvidenceText
from rehearsal.formats.sheet_csv import ends_in_an_open_quote, sniff_separator

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Record:
    line: int  # the line it starts on (a quoted cell may hold line breaks)
    cells: tuple[str, ...]

    def cell(self, index: int | None) -> str:
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index].strip()

    @property
    def blank(self) -> bool:
        return not any(c.strip() for c in self.cells)

    def labels(self) -> tuple[str, ...]:
        """Its cells as header names are compared (`key`)."""
        return tuple(key(c) for c in self.cells)


def key(text: str) -> str:
    """A header or label as it is compared: lower case, spaces collapsed, no BOM."""
    return _SPACES.sub(" ", text.replace("\ufeff", "")).strip().strip('"').strip().lower()


def records(source: EvidenceText, file: str, separator: str | None = None) -> list[Record]:
    """Every record of `source` (blank ones too: they end a table), the separator (`,`,
    `;` or tab) sniffed unless given."""
    text = source.text
    delimiter = separator or sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    out: list[Record] = []
    start = 1
    try:
        for cells in reader:
            out.append(Record(start, tuple(cells)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise FormatError(f"not a readable CSV: {exc}", file=file, line=start) from None
    if out and ends_in_an_open_quote(text, delimiter):
        raise FormatError(
            'a quote (") opened here is never closed: the file may be cut off',
            file=file,
            line=out[-1].line,
            expected='a closing " for every cell that opens with one',
        )
    return out
