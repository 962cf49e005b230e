"""Guides as PDF, painted by the app's report writer and read back with pypdf: a two-hour
plan of 40 steps renders every step, each role's own notes only, long text wrapped inside
the page, "what changed" only when asked for."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pypdf
import pytest
from guides import pdf_text, step_title, two_hour_draft
from plans import small_draft
from PySide6.QtWidgets import QApplication
from report_disks import refused_guide

from rehearsal import Workspace
from rehearsal.cli.main import main
from rehearsal.limits import MAX_NAME_CHARS, MAX_PLAN_TEXT_CHARS
from rehearsal.reports.guides import GuideRole, guide, guide_report, write_guide
from rehearsal_ui.reports.pdf import BOTTOM, MARGIN, PAGE_H, page_images, paginate


@pytest.mark.parametrize("role", list(GuideRole))
def test_a_two_hour_plan_of_40_steps_renders_every_step(
    qapp: QApplication, ws: Workspace, tmp_path: Path, role: GuideRole
) -> None:
    plan = ws.add_plan(two_hour_draft())
    g = guide(ws, plan.id, role)
    path = write_guide(g, tmp_path / f"{role}.pdf")
    assert path.read_bytes().startswith(b"%PDF-")
    pages = len(pypdf.PdfReader(path).pages)
    assert pages == len(page_images(guide_report(g), 100))
    text = pdf_text(path)
    other = "PRODUCER-ONLY" if role is GuideRole.FACILITATOR else "FACILITATOR-ONLY"
    own = "FACILITATOR-ONLY" if role is GuideRole.FACILITATOR else "PRODUCER-ONLY"
    for n in range(1, 41):
        assert f"{n}. {step_title(n)}" in text  # its heading in "Step by step"
        assert f"{own} {n}" in text
    assert other not in text
    assert "Zweistündiges Training — Обучение" in text and "Page 1 of" in text
    assert f"Page {pages} of {pages}" in text
    assert "What changed" not in text
    # the producer's three-line cues and everyone's long intent, wrapped, never cut off
    if role is GuideRole.PRODUCER:
        assert text.count("Line 3: share results after 60 seconds, then close the poll") == 80
    else:
        assert "Line 3:" not in text and "FACILITATOR-ONLY 40: ask the room" in text
    assert text.count("and not a slide they once saw") == 3 * 40
    for place in paginate(guide_report(g)):
        assert place.bottom <= BOTTOM + 0.01  # every table row whole inside its page


def test_the_guide_command_writes_a_pdf_with_what_changed_only_when_asked(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.rehearsal"
    with Workspace.open(db) as ws:
        first = ws.add_plan(small_draft())
        poll = dataclasses.replace(first.segments[1], planned_s=300)
        segments = (first.segments[0], poll, *first.segments[2:])
        second = ws.new_revision(dataclasses.replace(first, segments=segments))
    out, plain = tmp_path / "f.pdf", tmp_path / "plain.pdf"
    argv = ["guide", second.id, "--role", "facilitator", "--db", str(db)]
    assert main([*argv, "-o", str(out), "--since", "1"]) == 0
    assert main([*argv, "-o", str(plain)]) == 0
    assert capsys.readouterr().out == f"{out}\n{plain}\n"
    changed, unchanged = pdf_text(out), pdf_text(plain)
    assert "What changed since revision 1" in changed
    assert "re-timed 4:00 → 5:00 (+1:00)" in changed
    assert "What changed" not in unchanged and "re-timed" not in unchanged
    for title in ("Welcome", "Poll", "Breakout", "Close"):
        assert title in unchanged


def _longest(marker: str, chars: int) -> str:
    """Prose of exactly `chars` characters, ending with `marker`."""
    body = ("Learners rehearse the escalation path once more, aloud. " * (chars // 40))[
        : chars - len(marker) - 1
    ]
    return f"{body} {marker}"


@pytest.mark.parametrize("role", list(GuideRole))
def test_text_at_the_plans_limits_flows_over_pages_and_tables_stay_printable(
    qapp: QApplication, ws: Workspace, tmp_path: Path, role: GuideRole
) -> None:
    base = small_draft()
    huge = dataclasses.replace(
        base.segments[1],
        title=_longest("END-OF-TITLE", MAX_NAME_CHARS),
        lead_person=_longest("END-OF-LEAD", MAX_NAME_CHARS),
        intent=_longest("END-OF-INTENT", MAX_PLAN_TEXT_CHARS),
        producer_cues=_longest("END-OF-CUES", MAX_PLAN_TEXT_CHARS),
        facilitator_notes=_longest("END-OF-NOTES", MAX_PLAN_TEXT_CHARS),
    )
    plan = ws.add_plan(
        dataclasses.replace(base, segments=(base.segments[0], huge, *base.segments[2:]))
    )
    g = guide(ws, plan.id, role)
    report = guide_report(g)
    for place in paginate(report):
        assert place.bottom <= BOTTOM + 0.01  # no table row runs off its page
    path = write_guide(g, tmp_path / "g.pdf")
    text = pdf_text(path)
    own = "END-OF-NOTES" if role is GuideRole.FACILITATOR else "END-OF-CUES"
    for marker in ("END-OF-TITLE", "END-OF-LEAD", "END-OF-INTENT", own):
        assert marker in text
    assert text.count("END-OF-INTENT") == 1 and "Close" in text
    # and printed: every line lies inside its page (Qt writes positions from the top down)
    heights = []
    for page in pypdf.PdfReader(path).pages:

        def seen(line: str, _cm: object, tm: list[float], *_: object) -> None:
            if line.strip():
                heights.append(tm[5])

        page.extract_text(visitor_text=seen)
    assert heights and min(heights) >= MARGIN / 2 and max(heights) <= PAGE_H


@pytest.mark.parametrize("disk_is", ["full", "read-only"])
def test_a_pdf_guide_on_a_disk_that_refuses_it_leaves_no_file(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str], disk_is: str
) -> None:
    refused_guide(tmp_path, capsys, "pdf", disk_is)
