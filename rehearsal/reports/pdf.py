"""The PDF writer, which the core does not have: PDF is painted by the desktop app's report
writer (Qt, offscreen when headless), found through the `rehearsal.pdf` entry point."""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path

from rehearsal.errors import RehearsalError
from rehearsal.reports.model import Report

PdfWriter = Callable[[Report, Path, Callable[[str], None] | None], Path]


class NoPdfWriter(RehearsalError):
    """PDF was asked for where the desktop app is not installed."""


def pdf_writer(instead: str = "use --format html") -> PdfWriter:
    """The app's `write_pdf_headless(report, path, progress)`; `NoPdfWriter` suggesting
    what to do `instead` when the app is not installed."""
    found = entry_points(group="rehearsal.pdf", name="writer")
    if not found:
        raise NoPdfWriter(f"PDF needs the desktop app installed; {instead}")
    writer: PdfWriter = next(iter(found)).load()
    return writer
