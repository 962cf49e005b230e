"""The rehearsal report's evidence: the figures of each step, counts only unless asked for
the text; names and messages never leave the workspace by default."""

from __future__ import annotations

from pathlib import Path

import evidence as files
from packs import reviewed
from reviewing import recorded

from rehearsal import Workspace
from rehearsal.cli.main import main
from rehearsal.reports import program_report, rehearsal_report, render_html
from rehearsal.reports.model import Table

NAMES = ("Ana Lima", "Ben Okafor", "Maya (Host)")


def evidence_table(ws: Workspace, rid: str, **kwargs: bool) -> Table:
    report = rehearsal_report(ws, rid, **kwargs)
    return next(b for b in report.blocks if isinstance(b, Table) and "Silence" in b.headers)


def test_the_report_counts_the_evidence_of_each_step(ws: Workspace) -> None:
    rid = reviewed(ws)
    table = evidence_table(ws, rid)
    assert table.headers[:6] == (
        "Step",
        "Time",
        "Facilitator talk",
        "Staff talk",
        "Learner talk",
        "Silence",
    )
    assert table.rows[0][:6] == ("Welcome", "5:20", "1:00", "0:00", "0:05", "4:15")
    assert table.rows[-1][0] == "The run" and table.emphasis == (len(table.rows) - 1,)


def test_names_and_messages_stay_out_of_a_report_unless_asked_for(ws: Workspace) -> None:
    rid = reviewed(ws)
    counted = render_html(rehearsal_report(ws, rid))
    for private in (*files.PRIVATE, *NAMES):
        assert private not in counted
    assert "--evidence-text" in counted
    told = rehearsal_report(ws, rid, evidence_text=True).text()
    for private in (*files.PRIVATE, *NAMES):
        assert private in told
    assert "70 Ana Lima" not in told  # the chat's moment is a time from the start
    assert "1:10 Welcome Ana Lima Everyone Hello from Lisbon" in told


def test_a_rehearsal_without_evidence_says_how_to_get_some(ws: Workspace) -> None:
    rehearsal, _ = recorded(ws)
    assert "No evidence: import the meeting platform's files" in (
        rehearsal_report(ws, rehearsal.id).text()
    )


def test_report_evidence_text_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "w.rehearsal"
    with Workspace.open(db) as ws:
        rid = reviewed(ws)
    plain, told = tmp_path / "plain.html", tmp_path / "told.html"
    base = ["report", "--rehearsal", rid, "--db", str(db), "-o"]
    assert main([*base, str(plain)]) == 0
    assert main([*base, str(told), "--evidence-text"]) == 0
    assert "Hello from Lisbon" not in plain.read_text(encoding="utf-8")
    assert "Hello from Lisbon" in told.read_text(encoding="utf-8")


def test_the_program_report_shows_engagement_when_there_is_evidence(ws: Workspace) -> None:
    rehearsal, _ = recorded(ws)
    plan_id = rehearsal.plan_id
    headings = [
        b.headers for b in program_report(ws, plan_id, draws=200).blocks if isinstance(b, Table)
    ]
    assert not any("Contributions" in h for h in headings)
    rid = reviewed(ws)  # a second plan of the same shape: its own program
    report = program_report(ws, ws.rehearsal(rid).plan_id, draws=200)
    table = next(b for b in report.blocks if isinstance(b, Table) and "Contributions" in b.headers)
    assert [r[0] for r in table.rows] == ["Welcome", "Poll", "Breakout", "Close"]
    assert table.rows[2][-1] == "interaction planned, none observed"  # only Ana, once
    assert "from 1 rehearsal with evidence" in report.text()
    for private in (*files.PRIVATE, *NAMES):
        assert private not in report.text()
