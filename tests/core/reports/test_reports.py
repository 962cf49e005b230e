"""Reports hold the core's own numbers, and HTML shows what people wrote as text."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import openpyxl
import pytest
from plans import small_draft
from reviewing import recorded

from rehearsal import Workspace
from rehearsal.analysis import observations, simulate, step_stats
from rehearsal.cli.main import main
from rehearsal.clock import FakeClock
from rehearsal.model import PlanDraft
from rehearsal.reports import (
    actual_rows,
    program_report,
    rehearsal_report,
    render_html,
    write_actuals,
)
from rehearsal.reports.cells import d, pct, signed
from rehearsal.reports.model import Report, Table

HOSTILE = "<script>alert(1)</script>"


def hostile_rehearsal(ws: Workspace) -> str:
    draft = small_draft()
    first = dataclasses.replace(draft.segments[0], title=HOSTILE)
    rehearsal, (flag, _) = recorded(
        ws, draft=dataclasses.replace(draft, segments=(first, *draft.segments[1:]))
    )
    ws.review.annotate(rehearsal.id, "<img src=x onerror=alert(2)> & more", author="<b>Sam</b>")
    ws.review.answer(rehearsal.id, "changes_next", 'Use "quotes" & <tags>', answered_by="Maya")
    ws.review.add_action_item(rehearsal.id, "flag", flag.id, owner_role="producer")
    return rehearsal.id


def test_the_rehearsal_report_holds_every_step_and_the_summary_figures(ws: Workspace) -> None:
    rid = hostile_rehearsal(ws)
    summary = ws.rehearsal_summary(rid)
    text = rehearsal_report(ws, rid).text()
    for step in summary.segments:
        assert step.title in text
        assert f"{d(step.planned_s)} {d(step.actual_s)} {signed(step.over_s)}" in text
    for flag in summary.flags:
        assert flag.category in text and flag.note in text
    assert 'Use "quotes" & <tags>' in text and "Answered by" in text
    assert "tool launch: poll link dead" in text  # the action item's title
    t = summary.totals
    total = sum(step.actual_s or 0 for step in summary.segments)  # independently
    planned = sum(step.planned_s for step in summary.segments if step.actual_s is not None)
    assert (t.actual_s, t.planned_s) == (pytest.approx(total), planned)
    empty = " " * 5  # kind, lead, planned and actual start
    assert f"Total of the steps run{empty}{d(planned)} {d(total)} {signed(total - planned)}" in text


def led_draft() -> PlanDraft:
    """The small plan with its breakout led by someone named, and its poll by a label."""
    draft = small_draft()
    welcome, poll, breakout, close = draft.segments
    return dataclasses.replace(
        draft,
        segments=(
            welcome,
            dataclasses.replace(poll, lead_person="fx1"),
            dataclasses.replace(breakout, lead_person="Ana Lima"),
            close,
        ),
    )


def table(report: Report, first_header: str) -> Table:
    return next(b for b in report.blocks if isinstance(b, Table) and b.headers[0] == first_header)


def test_the_rehearsal_report_says_who_leads_each_step(ws: Workspace) -> None:
    rehearsal, _ = recorded(ws, draft=led_draft())
    steps = table(rehearsal_report(ws, rehearsal.id), "Step")
    lead = {row[0]: row[steps.headers.index("Lead")] for row in steps.rows}
    assert lead["Breakout"] == "Ana Lima (learners)"
    assert lead["Poll"] == "fx1 (facilitator)"
    assert lead["Welcome"] == "producer"  # no one named: the role
    assert lead["Open rooms"] == ""  # a timed transition: no one leads it


def test_the_rehearsal_report_shows_targets_adjusted_live_beside_the_plan(
    ws: Workspace,
) -> None:
    plan = ws.add_plan(small_draft())
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, clock=clock)
    run.next()
    clock.advance(400)
    run.next()
    run.adjust_target(run.steps[1].id, 180, "behind 2:40")
    clock.advance(170)
    run.finish()
    report = rehearsal_report(ws, run.rehearsal.id)
    live = next(b for b in report.blocks if isinstance(b, Table) and "Adjusted live" in b.headers)
    assert live.rows == (
        ("Poll", "4:00", "2:50", "target 4:00 → 3:00, accepted live at 0:06:40: behind 2:40"),
    )
    steps = table(report, "Step")
    poll = next(row for row in steps.rows if row[0] == "Poll")
    assert poll[steps.headers.index("Over/under")] == "\u22121:10"  # against the plan's 4:00
    assert "Targets adjusted live" not in rehearsal_report(ws, recorded(ws)[0].id).text()


def test_html_shows_user_text_as_text(ws: Workspace) -> None:
    rid = hostile_rehearsal(ws)
    page = render_html(rehearsal_report(ws, rid))
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "&lt;img src=x onerror=alert(2)&gt; &amp; more" in page
    assert "&lt;b&gt;Sam&lt;/b&gt;" in page
    assert page.count("<svg") == 2  # both charts inline, nothing fetched
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")


def test_the_program_report_holds_the_core_statistics(ws: Workspace) -> None:
    rehearsal, _ = recorded(ws)
    plan_id = rehearsal.plan_id
    report = program_report(ws, plan_id, seed=3)
    text = report.text()
    obs = observations(ws, plan_id)
    for s in step_stats(obs):
        lead = s.step.lead if s.step.kind == "segment" else ""
        assert f"{s.step.title} {lead} {d(s.step.planned_s)} {s.n} {d(s.median_s)}" in text
    risk = simulate(obs, seed=3)
    assert f"P(overrun) {pct(risk.p_overrun)}" in text
    assert f"{d(risk.p50_s)} / {d(risk.p80_s)} / {d(risk.p95_s)}" in text
    assert "Readiness" in text and "Suggested re-timing" in text


def test_the_program_report_says_who_leads_each_segment(ws: Workspace) -> None:
    rehearsal, _ = recorded(ws, draft=led_draft())
    segments = table(program_report(ws, rehearsal.plan_id, draws=200), "Segment")
    lead = {row[0]: row[segments.headers.index("Lead")] for row in segments.rows}
    assert lead == {
        "Welcome": "producer",
        "Poll": "fx1 (facilitator)",
        "Open rooms": "",
        "Breakout": "Ana Lima (learners)",
        "Close": "facilitator",
    }


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_actuals_as_a_table_equal_the_summary(ws: Workspace, tmp_path: Path, format: str) -> None:
    rehearsal, _ = recorded(ws)
    path = write_actuals(
        tmp_path / f"a.{format}", actual_rows(ws, rehearsal_id=rehearsal.id), format
    )
    if format == "csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            table = list(csv.DictReader(handle))
    else:
        sheet = openpyxl.load_workbook(path).active
        assert sheet is not None
        header = [str(c.value) for c in sheet[1]]
        table = [
            {h: "" if v is None else str(v) for h, v in zip(header, row, strict=True)}
            for row in sheet.iter_rows(min_row=2, values_only=True)
        ]
    summary = ws.rehearsal_summary(rehearsal.id)
    steps = [r for r in table if r["Kind of step"] in ("segment", "transition")]
    actual = [float(r["Actual (s)"]) if r["Actual (s)"] else None for r in steps]
    assert actual == [s.actual_s for s in summary.segments]
    handoffs = [r for r in table if r["Kind of step"] == "hand-off"]
    assert [r["Flags"] for r in handoffs] == [
        "; ".join(f.category for f in summary.handoff_flags(i))
        for i in range(len(summary.segments))
        if summary.handoff_flags(i)
    ]
    (total,) = [r for r in table if r["Kind of step"] == "total"]
    t = summary.totals
    assert (float(total["Actual (s)"]), float(total["Over/under (s)"])) == (t.actual_s, t.over_s)
    assert int(float(total["Planned (s)"])) == t.planned_s
    assert {r["Ended"] for r in table} == {"stopped early" if not t.complete else "complete"}


def test_a_title_that_looks_like_a_formula_stays_text(ws: Workspace, tmp_path: Path) -> None:
    draft = small_draft()
    first = dataclasses.replace(draft.segments[0], title='=HYPERLINK("http://x")')
    rehearsal, _ = recorded(
        ws, draft=dataclasses.replace(draft, segments=(first, *draft.segments[1:]))
    )
    path = write_actuals(tmp_path / "a.xlsx", actual_rows(ws, rehearsal_id=rehearsal.id), "xlsx")
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    assert sheet["F2"].value == '\'=HYPERLINK("http://x")' and sheet["F2"].data_type == "s"


def test_report_command_html_csv_and_bad_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.rehearsal"
    with Workspace.open(db) as ws:
        rid = hostile_rehearsal(ws)
        plan_id = ws.rehearsal(rid).plan_id
    out = tmp_path / "r.html"
    assert main(["report", "--rehearsal", rid, "-o", str(out), "--db", str(db)]) == 0
    assert "&lt;script&gt;" in out.read_text(encoding="utf-8")
    assert "Reading the rehearsal" in capsys.readouterr().err  # progress on stderr
    table = tmp_path / "plan.csv"
    assert main(["report", "--plan", plan_id, "-o", str(table), "--db", str(db)]) == 0
    assert table.read_text(encoding="utf-8-sig").count("\n") == 1 + 5 + 1  # steps, total
    assert main(["report", "--plan", plan_id, "-o", str(tmp_path / "x.doc"), "--db", str(db)]) == 2
    assert "--format" in capsys.readouterr().err


def test_report_to_a_folder_that_is_not_there_is_a_clear_error(
    ws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rehearsal, _ = recorded(ws)
    ws.close()
    db = str(ws.path)
    for target in (tmp_path / "missing" / "r.html", tmp_path):
        argv = ["report", "--rehearsal", rehearsal.id, "-o", str(target), "--db", db]
        assert main(argv) == 2
        assert capsys.readouterr().err.startswith("error: ")
    for bad in (["--seed", "-1"], ["--draws", "0"]):
        with pytest.raises(SystemExit) as stopped:
            main(["stats", rehearsal.plan_id, *bad, "--db", db])
        assert stopped.value.code == 2


def test_a_revision_without_segments_still_reports(ws: Workspace) -> None:
    rehearsal, _ = recorded(ws)
    plan = ws.plan(rehearsal.plan_id)
    empty = ws.new_revision(dataclasses.replace(plan, segments=(), sections=(), transitions=()))
    text = program_report(ws, empty.id).text()
    assert "Variance and readiness" in text and f"Revision {empty.revision}" in text


def test_the_planned_start_column_is_in_the_runs_time(ws: Workspace) -> None:
    from datetime import UTC, datetime

    from rehearsal.clock import FakeClock

    plan = ws.add_plan(dataclasses.replace(small_draft(), time_zone="Europe/Berlin"))  # 09:00
    clock = FakeClock(wall=datetime(2026, 3, 2, 8, 1, tzinfo=UTC))  # recorded in UTC
    run = ws.start_rehearsal(plan.id, clock=clock)
    run.next()
    clock.advance(300)
    run.finish()
    text = rehearsal_report(ws, run.rehearsal.id).text()
    assert "Welcome segment producer 08:00 08:01:00" in text  # 09:00 in Berlin is 08:00 UTC
