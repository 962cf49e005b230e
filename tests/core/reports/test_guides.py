"""Guides: the facilitator guide and the producer run sheet of a plan revision, written as
DOCX and read back with python-docx (PDF: tests/ui/reports/test_guide_pdf.py)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from guides import CUES, docx_text, step_title, two_hour_draft
from hypothesis import HealthCheck, given, settings
from plans import bounded_drafts, small_draft
from report_disks import refused_guide

from rehearsal import Workspace
from rehearsal.cli.main import main
from rehearsal.errors import InvalidOperation, NotFound
from rehearsal.model import Plan, PlanDraft
from rehearsal.reports import Table
from rehearsal.reports.docx import xml_text
from rehearsal.reports.guides import (
    GuideError,
    GuideRole,
    guide,
    guide_report,
    reader_since,
    write_guide,
)


def _second_revision(ws: Workspace, plan: Plan) -> Plan:
    """Revision 2: the poll re-timed, the breakout's producer cues and the close's
    facilitator notes changed, a hand-off cue changed."""
    poll, breakout, close = plan.segments[1], plan.segments[2], plan.segments[3]
    segments = (
        plan.segments[0],
        dataclasses.replace(poll, planned_s=300),
        dataclasses.replace(breakout, producer_cues="NEW-PRODUCER-CUE rooms of four"),
        dataclasses.replace(close, facilitator_notes="NEW-FACILITATOR-NOTE thank them"),
    )
    transitions = (dataclasses.replace(plan.transitions[0], cue="Open the rooms now"),)
    return ws.new_revision(dataclasses.replace(plan, segments=segments, transitions=transitions))


def test_every_step_has_its_planned_start_and_hand_off(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())  # 09:00; 5:00, 4:00 + 2:00 hand-off, 15:00, 3:00
    g = guide(ws, plan.id, GuideRole.PRODUCER)
    assert [(s.number, s.title, s.start_s) for s in g.steps] == [
        (1, "Welcome", 0),
        (2, "Poll", 300),
        (3, "Breakout", 660),  # after the poll's 4:00 and the hand-off's 2:00
        (4, "Close", 1560),
    ]
    assert g.steps[1].handoff is not None and g.steps[1].handoff.allowance_s == 120
    assert g.steps[1].handoff.cue == "Open rooms" and g.steps[1].handoff.next_title == "Breakout"
    assert g.steps[-1].handoff is None
    assert g.steps[1].launch == "Launch the poll" and g.steps[3].launch == ""
    report = guide_report(g).text()
    for expected in ("09:00", "09:05", "09:11", "09:26–09:29 (3:00)", "2:00 allowed: Open rooms"):
        assert expected in report


def test_a_plan_without_a_start_counts_from_the_top(ws: Workspace) -> None:
    plan = ws.add_plan(dataclasses.replace(small_draft(), start_s=None))
    text = guide_report(guide(ws, plan.id, "facilitator")).text()
    assert "0:11:00–0:26:00 (15:00)" in text  # the breakout, from the top of the session
    assert "not set: step starts count from the top of the session" in text


def test_each_role_gets_its_own_notes_and_not_the_others(ws: Workspace, tmp_path: Path) -> None:
    plan = ws.add_plan(two_hour_draft())
    facilitator = docx_text(write_guide(guide(ws, plan.id, "facilitator"), tmp_path / "f.docx"))
    producer = docx_text(write_guide(guide(ws, plan.id, "producer"), tmp_path / "p.docx"))
    for n in range(1, 41):
        for text in (facilitator, producer):
            assert step_title(n) in text
            assert f"If the tool fails in step {n}, take answers in chat." in text
        assert f"FACILITATOR-ONLY {n}:" in facilitator and f"FACILITATOR-ONLY {n}:" not in producer
        assert f"PRODUCER-ONLY {n}" in producer and f"PRODUCER-ONLY {n}" not in facilitator
    # the producer's three-line cue, whole, with its line breaks
    assert "Line 1: launch the poll" in producer and "Line 3: share results" in producer
    assert "Where to flex first" in facilitator and "Run sheet" not in facilitator
    assert "Run sheet" in producer and "Where to flex first" not in producer
    assert "Why this matters" in facilitator and "Why this matters" in producer
    assert "Zoë Ångström (facilitator)" in producer and "Łukasz Żółć (producer)" in facilitator
    assert "What changed" not in facilitator + producer  # only when asked for


def test_where_to_flex_first_puts_the_most_room_first_and_never_a_non_negotiable(
    ws: Workspace,
) -> None:
    base = small_draft()
    welcome, poll, breakout, close = base.segments
    draft = dataclasses.replace(
        base,
        segments=(
            dataclasses.replace(welcome, flex_min_s=240),  # can give 1:00
            dataclasses.replace(poll, flex_min_s=60, flex_max_s=300),  # can give 3:00
            breakout,  # non-negotiable
            dataclasses.replace(close, flex_min_s=180),  # already at its shortest
        ),
    )
    report = guide_report(guide(ws, ws.add_plan(draft).id, "facilitator"))
    table = next(
        b
        for b in report.blocks
        if isinstance(b, Table) and b.headers == ("Step", "Planned", "Range", "Can give")
    )
    assert table.rows == (
        ("2. Poll", "4:00", "1:00–5:00", "3:00"),
        ("1. Welcome", "5:00", "at least 4:00", "1:00"),
    )
    text = report.text()
    assert "Never cut (non-negotiable): 3. Breakout." in text
    assert "Already at the shortest of their range: 4. Close." in text


def test_what_changed_comes_first_only_when_asked_and_keeps_the_other_roles_notes_out(
    ws: Workspace, tmp_path: Path
) -> None:
    first = ws.add_plan(small_draft())
    second = _second_revision(ws, first)
    assert second.revision == 2
    producer = docx_text(
        write_guide(guide(ws, second.id, "producer", since_revision=1), tmp_path / "p.docx")
    )
    facilitator = docx_text(
        write_guide(guide(ws, second.id, "facilitator", since_revision=1), tmp_path / "f.docx")
    )
    for text in (producer, facilitator):
        assert "What changed since revision 1" in text
        assert text.index("What changed since revision 1") < text.index("Step by step")
        assert "re-timed 4:00 → 5:00 (+1:00)" in text
        assert "“Open rooms” → 2:00 “Open the rooms now”" in text
        assert "planned: 29:00 → 30:00 (+1:00)" in text
    assert "NEW-PRODUCER-CUE" in producer and "NEW-PRODUCER-CUE" not in facilitator
    assert "NEW-FACILITATOR-NOTE" in facilitator and "NEW-FACILITATOR-NOTE" not in producer
    plain = docx_text(write_guide(guide(ws, second.id, "producer"), tmp_path / "plain.docx"))
    assert "What changed" not in plain


def test_since_the_same_revision_says_nothing_changed(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    g = guide(ws, plan.id, "facilitator", since_revision=1)
    assert g.changes is not None and g.changes.empty
    assert "Nothing this guide shows has changed." in guide_report(g).text()


def test_since_a_revision_that_is_newer_or_missing_is_refused(ws: Workspace) -> None:
    first = ws.add_plan(small_draft())
    second = _second_revision(ws, first)
    with pytest.raises(InvalidOperation, match="revision 3 is newer"):
        guide(ws, second.id, "producer", since_revision=3)
    ws.delete_plan(first.id)
    with pytest.raises(NotFound, match="has no revision 1"):
        guide(ws, second.id, "producer", since_revision=1)
    with pytest.raises(InvalidOperation, match="facilitator or producer"):
        guide(ws, second.id, "observer")


@pytest.mark.parametrize("name", ["guide.txt", "guide", "guide.pdf.bak", "guide.DOC"])
def test_a_file_that_is_neither_pdf_nor_docx_is_refused(
    ws: Workspace, tmp_path: Path, name: str
) -> None:
    g = guide(ws, ws.add_plan(small_draft()).id, "producer")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(GuideError, match=r"FILE\.pdf or a FILE\.docx"):
        write_guide(g, out / name)
    assert list(out.iterdir()) == []


def test_control_characters_a_sheet_carried_are_written_not_refused(
    ws: Workspace, tmp_path: Path
) -> None:
    base = small_draft()
    odd = dataclasses.replace(base.segments[0], title="Wel\x0bcome\x1f", intent="a\x01b")
    plan = ws.add_plan(dataclasses.replace(base, segments=(odd, *base.segments[1:])))
    text = docx_text(write_guide(guide(ws, plan.id, "producer"), tmp_path / "g.docx"))
    assert "Wel\ufffdcome\ufffd" in text and "a\ufffdb" in text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(draft=bounded_drafts())
def test_any_plan_gives_a_docx_guide_with_every_step(
    draft: PlanDraft, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("guides")
    with Workspace.open(folder / "w.rehearsal") as ws:
        plan = ws.add_plan(draft)
        for role in GuideRole:
            g = guide(ws, plan.id, role)
            text = docx_text(write_guide(g, folder / f"{role}.docx"))
            running = [s for s in plan.segments if not s.skipped]
            assert len(g.steps) == len(running)
            for seg in running:
                assert xml_text(seg.title) in text
                own = seg.facilitator_notes if role is GuideRole.FACILITATOR else seg.producer_cues
                assert xml_text(own.strip()) in text


def test_guide_command_writes_docx_and_refuses_what_it_cannot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.rehearsal"
    with Workspace.open(db) as ws:
        first = ws.add_plan(small_draft())
        second = _second_revision(ws, first)
    out = tmp_path / "sheet.docx"
    argv = ["guide", second.id, "--role", "producer", "-o", str(out), "--db", str(db)]
    assert main([*argv, "--since", "1"]) == 0
    assert capsys.readouterr().out == f"{out}\n"
    assert "What changed since revision 1" in docx_text(out)
    for bad, said in (
        (["-o", str(tmp_path / "sheet.odt")], "cannot tell the format from 'sheet.odt'"),
        (["--since", "5"], "revision 5 is newer"),
        (["-o", str(tmp_path / "nowhere" / "g.docx")], "does not exist"),
    ):
        assert main([*argv, *bad]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and said in err and err.count("\n") == 1
    assert (
        main(["guide", "no-such-plan", "--role", "producer", "-o", str(out), "--db", str(db)]) == 2
    )
    assert "No plan with id no-such-plan" in capsys.readouterr().err


def test_a_reader_s_guide_begins_with_what_changed_since_the_revision_they_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.rehearsal"
    with Workspace.open(db) as ws:
        first = ws.add_plan(small_draft())
        ws.signoffs.record(first.id, "producer", "Sam", accepted=True)
        ws.signoffs.record(first.id, "producer", "Kim", accepted=False)  # received only
        second = _second_revision(ws, first)
        ws.signoffs.record(second.id, "producer", "Ana", accepted=True)
        assert reader_since(ws, second.id, "producer", "Sam") == 1
        assert reader_since(ws, second.id, "producer", "Kim") is None  # never accepted
        assert reader_since(ws, second.id, "producer", "Ana") is None  # has this one
        assert reader_since(ws, second.id, "facilitator", "Sam") is None  # not in this role
    out = tmp_path / "sheet.docx"
    argv = ["guide", second.id, "--role", "producer", "-o", str(out), "--db", str(db)]
    for reader, begins_with_changes in (("Sam", True), ("Kim", False), ("Ana", False)):
        assert main([*argv, "--for", reader]) == 0
        capsys.readouterr()
        assert ("What changed since revision 1" in docx_text(out)) is begins_with_changes
    with pytest.raises(SystemExit) as refused:
        main([*argv, "--for", "Sam", "--since", "1"])
    assert refused.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_the_docx_is_a4_with_tables_that_repeat_their_header_and_never_split_a_row(
    ws: Workspace, tmp_path: Path
) -> None:
    plan = ws.add_plan(two_hour_draft())
    path = write_guide(guide(ws, plan.id, "producer"), tmp_path / "p.docx")
    document = docx.Document(str(path))
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    run_sheet = next(t for t in document.tables if t.rows[0].cells[0].text == "Start")
    assert len(run_sheet.rows) == 41  # the header and the 40 steps
    assert run_sheet.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    for row in [*document.tables[0].rows, *run_sheet.rows]:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    assert run_sheet.rows[3].cells[5].text == CUES.format(n="PRODUCER-ONLY 3")  # lines kept
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert (
        document.core_properties.title == "Producer run sheet — Zweistündiges Training — Обучение"
    )


@pytest.mark.parametrize("disk_is", ["full", "read-only"])
def test_a_docx_guide_on_a_disk_that_refuses_it_leaves_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], disk_is: str
) -> None:
    refused_guide(tmp_path, capsys, "docx", disk_is)
