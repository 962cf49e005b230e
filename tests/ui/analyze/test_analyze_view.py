"""The Analyze view: filters changed through the widgets recompute every chart, and what each
chart holds is what the core computes for those filters; one selection across every chart;
re-timing applied as the next revision; charts exported as PNG and PDF."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from plans import small_draft
from PySide6.QtCore import QDate, QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot
from qt_helpers import settled
from small_disk import fill, small_disk

from rehearsal import Workspace
from rehearsal.analysis import (
    Filters,
    Observations,
    describe,
    evidence,
    observations,
    simulate,
    spread_by,
    step_stats,
    suggest,
)
from rehearsal.analysis.retiming import change_line
from rehearsal.changes import Changes
from rehearsal.clock import FakeClock
from rehearsal.demo import write_demo
from rehearsal.durations import count
from rehearsal.errors import RehearsalError
from rehearsal.model import Plan
from rehearsal.rehearsing.figures import run_line
from rehearsal_ui.analyze.data import (
    Analysis,
    mmss,
    percent,
)
from rehearsal_ui.analyze.risk_panel import BINS
from rehearsal_ui.analyze.view import DRAWS, SEED, AnalyzeView
from rehearsal_ui.shell import theme
from rehearsal_ui.shell.chart_palette import chart_colours
from rehearsal_ui.shell.settings import Settings


# -- fixtures ------------------------------------------------------------------------------------
@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.open(write_demo(tmp_path / "d.rehearsal")) as ws:
        yield ws


def latest(ws: Workspace) -> Plan:
    return ws.plans(ws.programs()[0].id)[-1]


def first(ws: Workspace) -> Plan:
    return ws.plans(ws.programs()[0].id)[0]


@pytest.fixture
def view(qtbot: QtBot, demo: Workspace) -> AnalyzeView:
    shown = AnalyzeView(demo, Settings())
    qtbot.addWidget(shown)
    shown.resize(1400, 900)
    shown.show()
    shown.set_plan(latest(demo).id)
    settled(qtbot, shown)
    return shown


def wait_for(qtbot: QtBot, view: AnalyzeView, filters: Filters) -> Observations:
    """Wait for the debounced recompute; return the core's observations for `filters`."""
    qtbot.waitUntil(lambda: view.current_filters() == filters)
    settled(qtbot, view)
    assert view.plan_id is not None
    return observations(view.ws, view.plan_id, filters)


def choose(combo, value: str) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def drawn_runs(view: AnalyzeView) -> int:
    """How many rehearsal lines the drift chart holds (each ends with a break)."""
    found = 0
    for curve in view.drift.curves:
        if curve.isVisible() and curve.xData is not None and len(curve.xData):
            found += int((~curve.opts["connect"]).sum())
    return found


def analysed(view: AnalyzeView) -> Analysis:
    """The view's analysis, which must be of the plan it shows."""
    a = view.analysis
    assert a is not None and a.obs.plan.id == view.plan_id and not a.empty
    return a


def assert_charts_match(view: AnalyzeView, obs: Observations) -> None:
    """Every chart and table holds what the core computes for `obs`."""
    a = analysed(view)
    assert [r.id for r in a.obs.runs] == [r.id for r in obs.runs]
    assert view.filters.count.text() == (
        f"{count(len(obs.runs), 'rehearsal')}: {describe(evidence(obs))}"
    )
    stats = step_stats(obs)
    planned = obs.planned
    # box plot: one box per observed step, the median line at the core's median
    observed = [j for j, s in enumerate(stats) if s.n]
    medians = view.segments.medians.xData[::2]
    expected = [stats[j].median_s / planned[j] * 100 for j in observed]  # type: ignore[operator]
    assert np.allclose(medians, expected)
    assert len(view.segments.boxes.opts["x0"]) == len(observed)
    # the statistics table
    model = view.stats_table.model()
    assert model.rowCount() == len(stats)
    for j, s in enumerate(stats):
        assert model.index(j, 3).data() == ("—" if s.median_s is None else mmss(s.median_s))
        assert model.index(j, 1).data() == str(s.n)
    # drift: one line per rehearsal
    assert drawn_runs(view) == len(obs.runs)
    # histogram of simulated totals
    risk = simulate(obs, draws=DRAWS, seed=SEED, method=view.method)
    counts, _edges = np.histogram(risk.totals / 60.0, bins=BINS)
    assert np.array_equal(view.risk.histogram.counts, counts)
    assert percent(risk.p_overrun or 0) in view.risk.headline.text()
    # re-timing table
    retiming = suggest(obs, rule=view.rule)
    table = view.risk.table.model()
    assert table.rowCount() == len(retiming.suggestions)
    for j, s in enumerate(retiming.suggestions):
        shown = mmss(s.suggested_s) if retiming.enough and s.n else "—"  # "—": none suggested
        assert table.index(j, 3).data() == shown
    assert view.risk.apply_button.isEnabled() == bool(retiming.changed)
    if not retiming.enough:
        assert retiming.missing in view.risk.new_total.text()
    # consistency, by the dimension shown
    assert view.spread.spreads == spread_by(obs, view.spread.dimension)
    # one rehearsal: a choice per rehearsal
    assert view.one.picker.count() == len(obs.runs)


# -- filters -----------------------------------------------------------------------------------
def test_every_rehearsal_of_the_program_at_first(view: AnalyzeView, demo: Workspace) -> None:
    obs = observations(demo, latest(demo).id, Filters())
    every = demo.rehearsals()
    clicked = [r for r in every if demo.run_totals([r])[r.id].click_through]
    assert len(clicked) == 1 and [r.id for r in obs.left_out] == [clicked[0].id]
    assert len(obs.runs) == len(every) - 1
    assert view.stack.currentWidget() is view.tabs
    assert_charts_match(view, obs)


def test_filters_changed_through_the_widgets_recompute_every_chart(
    qtbot: QtBot, view: AnalyzeView, demo: Workspace
) -> None:
    bar = view.filters
    facilitator = next(f for r in demo.rehearsals() for f in r.facilitators)
    choose(bar.combos["facilitators"], facilitator)
    obs = wait_for(qtbot, view, Filters(facilitators=(facilitator,)))
    assert 0 < len(obs.runs) < len(demo.rehearsals())
    assert_charts_match(view, obs)

    # only the latest revision: uncheck the first in the revisions menu
    old = next(a for a in bar.revision_actions if a.data() == first(demo).id)
    old.setChecked(False)
    obs = wait_for(qtbot, view, Filters(plan_ids=(latest(demo).id,), facilitators=(facilitator,)))
    assert {r.revision for r in obs.runs} == {latest(demo).revision}
    assert_charts_match(view, obs)
    assert bar.revisions.text() == f"Revision {latest(demo).revision}"

    bar.combos["facilitators"].setCurrentIndex(0)  # any facilitator
    kind = "pilot"  # (the latest revision's tech check is a click-through, left out)
    choose(bar.combos["kinds"], kind)
    obs = wait_for(qtbot, view, Filters(plan_ids=(latest(demo).id,), kinds=(kind,)))
    assert_charts_match(view, obs)


def test_a_date_range_and_the_spread_dimension(
    qtbot: QtBot, view: AnalyzeView, demo: Workspace
) -> None:
    days = sorted(r.created[:10] for r in demo.rehearsals())
    since = date.fromisoformat(days[2])
    view.filters.since.setDate(QDate(since.year, since.month, since.day))
    obs = wait_for(qtbot, view, Filters(since=since))
    assert len(obs.runs) < len(days)
    assert_charts_match(view, obs)
    for dimension in ("lead", "facilitator", "cohort"):
        choose(view.spread.choice, dimension)
        assert view.spread.spreads == spread_by(obs, dimension)
        assert view.spread.bars.opts["x1"] == pytest.approx(
            [s.mean_ratio * 100 for s in spread_by(obs, dimension)]
        )


def test_no_match_shows_the_empty_state_and_reset_brings_everything_back(
    qtbot: QtBot, view: AnalyzeView, demo: Workspace
) -> None:
    runs = demo.rehearsals()
    # a facilitator and a kind that never met
    pairs = {(f, r.kind.value) for r in runs for f in r.facilitators}
    facilitators = {f for f, _k in pairs}
    kinds = {k for _f, k in pairs}
    facilitator, kind = next(
        (f, k) for f in sorted(facilitators) for k in sorted(kinds) if (f, k) not in pairs
    )
    choose(view.filters.combos["facilitators"], facilitator)
    choose(view.filters.combos["kinds"], kind)
    obs = wait_for(qtbot, view, Filters(kinds=(kind,), facilitators=(facilitator,)))
    assert not obs.runs
    assert view.stack.currentWidget() is view.empty
    assert "No finished rehearsals match these filters" in view.empty.text()
    assert view.filters.count.text() == "0 rehearsals"

    qtbot.mouseClick(view.filters.reset_button, Qt.MouseButton.LeftButton)
    obs = wait_for(qtbot, view, Filters())
    assert view.stack.currentWidget() is view.tabs
    assert_charts_match(view, obs)


def test_without_a_plan_the_view_says_what_to_do(qtbot: QtBot, ws: Workspace) -> None:
    view = AnalyzeView(ws, Settings())
    qtbot.addWidget(view)
    assert view.stack.currentWidget() is view.empty
    assert view.empty.text().startswith("No rehearsal to analyse yet — import a run-of-show")
    plan = ws.add_plan(small_draft())
    view.set_plan(None)
    assert "Choose a plan" in view.empty.text()
    view.set_plan(plan.id)
    settled(qtbot, view)
    assert view.stack.currentWidget() is view.empty
    assert "No finished rehearsals" in view.empty.text()
    # a rehearsal finished meanwhile: refresh shows it, and offers its facilitator
    record(ws, plan, [0, 0, 0, 0, 0], "Ana Lima")
    view.refresh()
    settled(qtbot, view)
    assert view.stack.currentWidget() is view.tabs
    assert view.filters.count.text() == "1 rehearsal: from 1 complete rehearsal of revision 1"
    assert view.filters.combos["facilitators"].findData("Ana Lima") > 0
    assert_charts_match(view, observations(ws, plan.id))


# -- rehearsals recorded with a fake clock: the one-rehearsal charts ------------------------------
def record(ws: Workspace, plan: Plan, extra: list[float], facilitator: str) -> str:
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, "dry-run", facilitator=facilitator, clock=clock)
    for step, more in zip(run.steps, extra, strict=True):
        run.next()
        clock.advance(step.planned_s + more)
    run.finish()
    return run.rehearsal.id


def test_one_rehearsal_against_its_plan(qtbot: QtBot, ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    extras = ([30, -20, 45, -60, 10], [0, 15, 90, 30, -5], [-30, 0, 10, 120, 20])
    ids = [record(ws, plan, list(e), f"F{i % 2}") for i, e in enumerate(extras)]
    view = AnalyzeView(ws, Settings())
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.set_plan(plan.id)
    settled(qtbot, view)
    one = view.one
    for rid in ids:
        one.show_rehearsal(rid)
        summary = ws.rehearsal_summary(rid)
        actual = np.array([s.actual_s for s in summary.segments], dtype=float)
        planned = np.array([s.planned_s for s in summary.segments], dtype=float)
        over = actual > planned
        # bars: the part within the plan, and the part beyond it
        assert np.allclose(one.under_bars.opts["x1"], np.minimum(actual, planned) / 60)
        assert np.allclose(one.over_bars.opts["x0"], planned[over] / 60)
        assert np.allclose(one.over_bars.opts["x1"], actual[over] / 60)
        # the waterfall: each step's bar goes from the schedule offset before it to the one
        # after (no pauses here, so the offsets are the over/unders summed)
        after = np.cumsum(actual - planned) / 60
        assert [s.offset_s for s in summary.segments] == pytest.approx(list(after * 60))
        bars = sorted(
            zip(
                np.concatenate([one.steps_over.opts["y"], one.steps_under.opts["y"]]),
                np.concatenate([one.steps_over.opts["x1"], one.steps_under.opts["x1"]]),
                strict=True,
            )
        )
        assert [x1 for _y, x1 in bars] == pytest.approx(list(after))
        # the elapsed line ends at the session's elapsed time
        assert one.actual_line.xData[-1] == pytest.approx(summary.totals.elapsed_s / 60)
        assert run_line(summary.totals) in one.summary.text()
        assert one.planned_line.xData[-1] == pytest.approx(planned.sum() / 60)
        # hover: the exact values of a step
        text = one.describe(0, 1.0, 2.0)
        step = summary.segments[2]
        assert step.title in text and mmss(step.actual_s or 0) in text
        assert mmss(step.planned_s) in text
    # the drift chart: the last point of each line is the rehearsal's drift at the end,
    # elapsed less planned for these complete runs
    offsets = sorted(ws.rehearsal_summary(r).totals.drift_s for r in ids)
    assert offsets == pytest.approx(
        sorted(ws.rehearsal_summary(r).totals.elapsed_s - plan.planned_s for r in ids)
    )
    drift_ends = sorted(view.drift.offsets[:, -1] * 60)
    assert drift_ends == pytest.approx(offsets, abs=1e-3)


# -- one selection, everywhere ------------------------------------------------------------------
def band_centre(band) -> float:  # type: ignore[no-untyped-def]
    low, high = band.getRegion()
    return (low + high) / 2


def assert_selected_everywhere(view: AnalyzeView, key: str) -> None:
    a = analysed(view)
    place = a.place(key)
    assert place is not None and place.step is not None
    for chart in view.charts():
        assert chart.selected == key
    row = a.place_index(key)
    assert view.segments.band_box.isVisible() and band_centre(view.segments.band_box) == row
    assert view.segments.band_heat.isVisible() and band_centre(view.segments.band_heat) == row
    for band in view.one.row_bands:
        assert band.isVisible() and band_centre(band) == place.step
    low, high = view.drift.band.getRegion()
    assert (low, high) == pytest.approx((view.drift.x[place.step], view.drift.x[place.step + 1]))
    assert view.stats_table.selected_key() == key
    assert view.risk.table.selected_key() == key
    if any(s.key == key for s, _ in view.risk.shares.shares):
        assert view.risk.shares.band.isVisible()
    spread = view.spread
    group = getattr(a.obs.steps[place.step], spread.dimension)
    rows = [i for i, s in enumerate(spread.spreads) if s.group == group]
    assert band_centre(spread.band) == rows[0]


def test_clicking_a_segment_selects_it_in_every_chart(qtbot: QtBot, view: AnalyzeView) -> None:
    a = analysed(view)
    target = next(i for i, p in enumerate(a.places) if p.kind == "segment" and i > 2)
    key = a.places[target].key
    # a real click on the box plot's row
    panel = view.segments.box
    scene = panel.getViewBox().mapViewToScene(QPointF(100.0, float(target)))
    at = view.segments.canvas.mapFromScene(scene)
    with qtbot.waitSignal(view.segment_selected) as signal:
        qtbot.mouseClick(view.segments.canvas.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert signal.args == [key]
    assert_selected_everywhere(view, key)

    # a click on the drift chart selects the step whose planned span is there
    j = 1
    middle = float(view.drift.x[j] + view.drift.x[j + 1]) / 2
    with qtbot.waitSignal(view.segment_selected) as signal:
        view.drift.click_at(0, middle, 0.0)
    assert signal.args == [a.obs.steps[j].key]
    assert_selected_everywhere(view, a.obs.steps[j].key)

    # a row of the statistics table
    with qtbot.waitSignal(view.segment_selected) as signal:
        view.stats_table.selectRow(5)
    assert signal.args == [a.obs.steps[5].key]
    assert_selected_everywhere(view, a.obs.steps[5].key)

    # the keyboard: ↓ on a chart moves to the next row
    view.segments.canvas.setFocus()
    with qtbot.waitSignal(view.segment_selected) as signal:
        qtbot.keyClick(view.segments.canvas, Qt.Key.Key_Down)
    after = a.places[a.place_index(a.obs.steps[5].key) + 1]  # type: ignore[operator]
    assert signal.args == [after.key]


def test_open_in_design_names_the_segment(qtbot: QtBot, view: AnalyzeView) -> None:
    a = analysed(view)
    transition = next(p for p in a.places if p.kind == "transition")
    view.select_segment(transition.key)
    assert view.open_button.isEnabled()
    with qtbot.waitSignal(view.open_in_design) as signal:
        qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert signal.args == [transition.segment_id]
    view.select_segment(None)
    assert not view.open_button.isEnabled()


def test_hover_shows_exact_values(view: AnalyzeView, demo: Workspace) -> None:
    a = analysed(view)
    stats = step_stats(a.obs)
    row = next(i for i, p in enumerate(a.places) if p.step is not None)
    s = stats[a.places[row].step]  # type: ignore[index]
    text = view.segments.describe(0, 100.0, float(row))
    assert s.step.title in text and mmss(s.median_s or 0) in text and mmss(s.p80_s or 0) in text
    # the same through the scene, as the mouse moves
    scene = view.segments.box.getViewBox().mapViewToScene(QPointF(100.0, float(row)))
    view.segments.canvas.scene().sigMouseMoved.emit(scene)
    assert view.segments.hover_text == text
    # flags: a hand-off row's count per category
    handoff = next(i for i, p in enumerate(a.places) if p.kind == "hand-off")
    counts = a.flags.counts[handoff]
    k = int(np.argmax(counts))
    text = view.segments.describe(1, 1.35 + k, float(handoff))
    assert f"{a.flags.categories[k]}: {counts[k]}" in text
    # the histogram's bar
    hist = view.risk.histogram
    k = int(np.argmax(hist.counts))
    middle = float(hist.edges[k] + hist.edges[k + 1]) / 2
    assert f"{int(hist.counts[k]):,} of {DRAWS:,}" in hist.describe(0, middle, 1.0)
    # drift: the rehearsal nearest the pointer
    last = len(view.drift.x) - 1
    nearest = int(np.argmax(view.drift.offsets[:, last]))
    text = view.drift.describe(
        0, float(view.drift.x[last]), float(view.drift.offsets[nearest, last])
    )
    assert a.obs.runs[nearest].label in text
    # revisions, and the spread
    for revision_row, r in enumerate(view.revisions.revisions):
        assert mmss(r.mean_total_s) in view.revisions.describe(0, 0.0, float(revision_row))
    assert f"{view.spread.spreads[0].n} observations" in view.spread.describe(0, 100.0, 0.0)


# -- risk and re-timing ---------------------------------------------------------------------------
def test_the_simulation_method_is_chosen_in_the_panel(qtbot: QtBot, view: AnalyzeView) -> None:
    choose(view.risk.method, "rehearsals")
    settled(qtbot, view)
    assert view.method == "rehearsals"
    assert view.analysis is not None
    assert_charts_match(view, view.analysis.obs)
    risk = simulate(view.analysis.obs, draws=DRAWS, seed=SEED, method="rehearsals")
    top = [s.key for s, _share in risk.shares[: len(view.risk.shares.shares)]]
    assert [s.key for s, _share in view.risk.shares.shares] == top


def test_apply_retiming_creates_the_next_revision(
    qtbot: QtBot, view: AnalyzeView, demo: Workspace
) -> None:
    program = demo.programs()[0].id
    before = len(demo.plans(program))
    choose(view.risk.rule, "median")
    settled(qtbot, view)
    assert view.analysis is not None
    obs = view.analysis.obs
    retiming = suggest(obs, rule="median")
    assert [view.risk.table.model().index(j, 3).data() for j in range(len(obs.steps))] == [
        mmss(s.suggested_s) for s in retiming.suggestions
    ]
    assert view.risk.apply_button.text() == f"Apply as revision {before + 1}"

    # Cancel (here Escape) changes nothing
    qtbot.mouseClick(view.risk.apply_button, Qt.MouseButton.LeftButton)
    box = view.confirm_box
    assert box is not None and box.isVisible()
    assert box.table.rowCount() == len(retiming.changed)
    with qtbot.waitSignal(box.rejected):
        qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert len(demo.plans(program)) == before and view.confirm_box is None

    qtbot.mouseClick(view.risk.apply_button, Qt.MouseButton.LeftButton)
    box = view.confirm_box
    assert box is not None
    ok = box.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == f"&Create revision {before + 1}"
    with qtbot.waitSignal(view.revision_created) as created, qtbot.waitSignal(view.message):
        ok.click()
    plans = demo.plans(program)
    assert len(plans) == before + 1
    new = demo.plan(created.args[0])
    assert new.revision == plans[-2].revision + 1 == before + 1
    durations = {s.id: s.planned_s for s in new.segments}
    durations |= {t.id: t.allowance_s for t in new.transitions}
    assert {s.step.key: s.suggested_s for s in retiming.suggestions} == {
        s.step.key: durations[s.step.key] for s in retiming.suggestions
    }
    assert view.risk.apply_button.text() == f"Apply as revision {before + 2}"
    assert any(a.data() == new.id for a in view.filters.revision_actions)
    assert retiming.described in new.notes  # the revision records what it rests on
    assert all(change_line(s) in new.notes for s in retiming.changed)


def test_too_few_complete_rehearsals_disable_apply_with_the_reason(
    qtbot: QtBot, view: AnalyzeView, demo: Workspace
) -> None:
    program = demo.programs()[0].id
    before = len(demo.plans(program))
    demo.set_launch_rules(retiming_min_complete=20)  # Preferences: more than the demo has
    view.on_changes(Changes(settings=True))
    qtbot.waitUntil(lambda: view.analysis is not None and view.analysis.retiming.min_complete == 20)
    settled(qtbot, view)
    assert view.analysis is not None
    needed = (
        "Re-timing needs 20 complete rehearsals; there are 7 "
        "(1 stopped early, 1 click-through left out)."
    )
    assert view.analysis.retiming.missing == needed
    assert not view.risk.apply_button.isEnabled()
    assert view.risk.apply_button.toolTip() == needed
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.risk.parentWidget()))
    assert needed in view.risk.new_total.text() and view.risk.new_total.isVisible()
    model = view.risk.table.model()
    assert all(model.index(j, 3).data() == "—" for j in range(model.rowCount()))
    view.ask_apply()  # even if asked another way: nothing to apply
    assert view.confirm_box is None and len(demo.plans(program)) == before
    choose(view.risk.rule, "median")  # another rule: the same minimum
    settled(qtbot, view)
    assert view.analysis.retiming.rule == "median" and not view.risk.apply_button.isEnabled()


# -- exports --------------------------------------------------------------------------------------
def test_every_chart_exports_as_png_and_pdf(view: AnalyzeView, tmp_path: Path) -> None:
    for i, frame in enumerate(view.frames()):
        png = frame.export_png(tmp_path / f"chart{i}.png")
        image = QImage(str(png))
        assert not image.isNull() and image.width() > 0 and image.height() > 0
        assert image.width() == round(frame.width() * 2)
        pdf = frame.export_pdf(tmp_path / f"chart{i}.pdf")
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 1000
    with pytest.raises(RehearsalError):
        view.drift.export_png(tmp_path / "missing" / "folder" / "x.png")
    with pytest.raises(RehearsalError):
        view.drift.export_pdf(tmp_path / "missing" / "folder" / "x.pdf")


def test_a_chart_exported_to_a_full_disk_leaves_no_file(view: AnalyzeView, tmp_path: Path) -> None:
    with small_disk(tmp_path, 200_000) as disk:
        fill(disk, leave=1_000)
        for export, name in ((view.drift.export_png, "c.png"), (view.drift.export_pdf, "c.pdf")):
            with pytest.raises(RehearsalError, match="disk is full"):
                export(disk / name)
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]


# -- theme, keyboard, models ----------------------------------------------------------------------
def test_charts_follow_the_appearance(qapp: QApplication, view: AnalyzeView) -> None:
    before = theme.current_mode()
    try:
        for mode in ("dark", "light"):
            theme.apply_appearance(qapp, mode)
            colours = chart_colours()
            assert view.segments.points_over.opts["brush"].color().name() == colours.over.lower()
            assert view.segments.canvas.backgroundBrush().color().name() == colours.background
    finally:
        theme.apply_appearance(qapp, before)


def test_everything_is_keyboard_reachable(view: AnalyzeView) -> None:
    bar = view.filters
    widgets = [bar.revisions, *bar.combos.values(), bar.since, bar.until, bar.reset_button]
    widgets += [view.tabs.tabBar(), view.stats_table, view.stolen_table, view.risk.table]
    widgets += [view.risk.method, view.risk.rule, view.risk.apply_button, view.spread.choice]
    widgets += [view.one.picker] + [c.canvas for c in view.charts()]
    for widget in widgets:
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus, widget


def test_a_click_through_is_left_out_until_included(qtbot: QtBot, ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    record(ws, plan, [0, 0, 0, 0, 0], "Ana Lima")
    steps = ws.rehearsal_summary(record(ws, plan, [0] * 5, "Ana Lima")).segments
    clicked = record(ws, plan, [1 - s.planned_s for s in steps], "Ana Lima")  # 1 s a step
    assert ws.rehearsal_summary(clicked).totals.click_through
    view = AnalyzeView(ws, Settings())
    qtbot.addWidget(view)
    view.set_plan(plan.id)
    settled(qtbot, view)
    a = analysed(view)
    assert clicked not in [r.id for r in a.obs.runs]
    assert view.filters.count.text() == (
        "2 rehearsals: from 2 complete rehearsals of revision 1; 1 click-through left out"
    )
    view.filters.click_through.setChecked(True)
    obs = wait_for(qtbot, view, Filters(include_click_through=True))
    assert clicked in [r.id for r in obs.runs]
    assert "1 click-through included" in view.filters.count.text()
    assert next(r.label for r in obs.runs if r.id == clicked).endswith(" · click-through")
