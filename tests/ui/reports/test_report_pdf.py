"""PDF reports: valid files whose text holds the titles and figures, pages numbered, table
rows never split across pages."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from plans import small_draft
from PySide6.QtWidgets import QApplication
from report_disks import refused_report
from reviewing import recorded

from rehearsal import Workspace
from rehearsal.cli.main import main
from rehearsal.model import PlanDraft, Segment, new_id
from rehearsal.reports import program_report, rehearsal_report
from rehearsal.reports.cells import d, signed
from rehearsal_ui.reports.pdf import BOTTOM, page_images, paginate, write_pdf


def pages_text(path: Path) -> list[str]:
    """Each page's text: pdftotext when installed (what the issue names), else pypdf."""
    reader = pypdf.PdfReader(path)
    if shutil.which("pdftotext"):
        found = []
        for number in range(1, len(reader.pages) + 1):
            done = subprocess.run(
                ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(path), "-"],
                capture_output=True,
                text=True,
                check=True,
            )
            found.append(done.stdout)
        return found
    return [page.extract_text() for page in reader.pages]


def flat(text: str) -> str:
    return " ".join(text.replace("ﬂ", "fl").replace("ﬁ", "fi").split())


def test_a_rehearsal_report_pdf_holds_titles_and_figures(
    qapp: QApplication, ws: Workspace, tmp_path: Path
) -> None:
    rehearsal, _ = recorded(ws)
    report = rehearsal_report(ws, rehearsal.id)
    path = write_pdf(report, tmp_path / "r.pdf")
    assert path.read_bytes().startswith(b"%PDF-")
    pages = pages_text(path)
    assert len(pages) == len(page_images(report)) >= 1
    text = flat(" ".join(pages))
    for step in ws.rehearsal_summary(rehearsal.id).segments:
        assert flat(step.title) in text
        assert f"{d(step.planned_s)} {d(step.actual_s)} {signed(step.over_s)}" in text
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in flat(page)


def test_long_tables_repeat_their_header_and_never_split_a_row(
    qapp: QApplication, ws: Workspace, tmp_path: Path
) -> None:
    base = small_draft()
    many = tuple(
        Segment(new_id(), f"Practice round {i}: a longer title that wraps in the table", 120)
        for i in range(70)
    )
    draft: PlanDraft = dataclasses.replace(base, segments=base.segments + many, slot_s=12_000)
    rehearsal, _ = recorded(ws, draft=draft)
    path = write_pdf(program_report(ws, rehearsal.plan_id), tmp_path / "p.pdf")
    pages = [flat(p) for p in pages_text(path)]
    places = paginate(program_report(ws, rehearsal.plan_id))
    assert len(pages) >= 3 and max(p.page for p in places) >= 2
    for place in places:
        assert place.bottom <= BOTTOM + 0.01  # whole on its page
    for place in places:
        if not place.header:  # a page with a table's rows starts that table with its header
            assert any(
                h.header and h.table == place.table and h.page == place.page and h.top < place.top
                for h in places
            )
    spanning = {p.table for p in places if not p.header and p.page != places[0].page}
    assert any(len({p.page for p in places if p.table == t}) > 1 for t in spanning)
    text = " ".join(pages)
    for i in range(70):  # every row's title is in the PDF's text
        assert f"Practice round {i}:" in text


def test_report_command_writes_a_pdf(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.rehearsal"
    with Workspace.open(db) as ws:
        rehearsal, _ = recorded(ws)
    out = tmp_path / "plan.pdf"
    argv = ["report", "--plan", rehearsal.plan_id, "--format", "pdf", "-o", str(out)]
    assert main([*argv, "--draws", "2000", "--db", str(db)]) == 0
    assert out.read_bytes().startswith(b"%PDF-") and "Writing page 1" in capsys.readouterr().err
    assert "Variance and readiness" in flat(" ".join(pages_text(out)))


@pytest.mark.parametrize("disk_is", ["full", "read-only"])
def test_a_pdf_report_on_a_disk_that_refuses_it_leaves_no_file(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str], disk_is: str
) -> None:
    refused_report(tmp_path, capsys, "pdf", disk_is)
