"""The Analyze view: every rehearsal of a program compared with the plan and with each other,
and turned into the next revision.

Tabs: Segments (which segments never fit, which hand-offs keep breaking), Session (drift,
consistency, revision against revision, time stolen from practice), Risk and re-timing
(how likely the session is to overrun its slot; the plan re-timed from the evidence, applied
as the next revision), One rehearsal. One set of filters feeds them all; one selected
segment is highlighted in all of them.

For the main window: `set_workspace`, `set_plan`, `set_filters`, `on_changes` (what an
operation changed), `select_segment(key)`; it hears `segment_selected` (a segment or
transition key, when the user picks one), `open_in_design` (a segment id),
`revision_created` (a plan id) and `message` (for the status bar).

Reading and analysing run off the UI thread (`loader.load` on a read-only companion of the
workspace, a newer request superseding an older one); the result is drawn a chart per
event-loop tick, the tab shown first, so that the window never stalls. `busy` says whether
anything is still on its way; `drawn` is emitted when every chart holds the latest result.
The view computes only while it is shown: a change heard while hidden marks it stale, and
it reads again when shown.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rehearsal.analysis import (
    Filters,
    Observations,
    Retiming,
    Risk,
    apply_retiming,
    simulate,
    suggest,
)
from rehearsal.analysis.observations import Known
from rehearsal.changes import Changes
from rehearsal.durations import count
from rehearsal.errors import RehearsalError
from rehearsal.model import Plan
from rehearsal.workspace import Workspace
from rehearsal_ui.analyze.apply_dialog import ApplyRetimingDialog
from rehearsal_ui.analyze.charts.engagement import EngagementChart
from rehearsal_ui.analyze.charts.frame import ChartFrame, Framed, TableFrame
from rehearsal_ui.analyze.charts.one import OneRehearsalChart
from rehearsal_ui.analyze.charts.segments import SegmentsChart
from rehearsal_ui.analyze.charts.session import DriftChart, RevisionChart, SpreadChart
from rehearsal_ui.analyze.data import Analysis, analyse
from rehearsal_ui.analyze.filters import FiltersBar
from rehearsal_ui.analyze.layout import (
    scaled_label,
    side_by_side,
    stacked,
    stolen_table,
    updating_label,
)
from rehearsal_ui.analyze.loader import Engaged, Loaded, Request, load
from rehearsal_ui.analyze.risk_panel import HistogramChart, RiskPanel, SharesChart
from rehearsal_ui.analyze.tables import (
    KeyedTable,
    StatsRow,
    stats_model,
)
from rehearsal_ui.shell.settings import Settings
from rehearsal_ui.shell.theme import appearance_changed
from rehearsal_ui.shell.ticks import Ticks
from rehearsal_ui.shell.worker import CancelToken, Progress, Runner, expected, unexpected
from rehearsal_ui.shell.workspace_jobs import submit_on_workspace

DEBOUNCE_MS = 150
IDLE_BUILD_MS = 250  # the pages not shown are built when nothing has happened for this long
DRAWS = 10_000
SEED = 0


def nothing_to_compare(a: Analysis) -> str:
    """Why rehearsals that match still leave nothing to chart; "" when there is something."""
    if not a.obs.steps:
        return (
            "This plan has no timed steps: every segment is a marker or skipped, so there is "
            "nothing to time or compare.\nGive a segment a planned time in Design (Ctrl+1)."
        )
    if a.obs.runs and bool(np.isnan(a.obs.actual).all()):  # no step ran in any
        return (
            f"No step ran in the {count(len(a.obs.runs), 'rehearsal')} that match: each "
            "finished before its first step, so there are no timings to compare yet."
        )
    return ""


class AnalyzeView(QWidget):
    segment_selected = Signal(str)
    open_in_design = Signal(str)
    revision_created = Signal(str)
    message = Signal(str)
    drawn = Signal()  # every chart holds the latest analysis

    def __init__(self, ws: Workspace, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.settings = settings
        self.runner = Runner(self)
        self.stale = True  # read again when next shown
        self.drawing = Ticks(self)  # the analysis drawn a piece per tick
        self.drawing.done.connect(self._drew)
        self._known = Known()  # what was read, by rehearsal id (forgotten as Changes say)
        self.plan_id: str | None = None
        self._started = time.perf_counter()
        self.analysis: Analysis | None = None
        self.selected: str | None = None
        self.method = "segments"
        self.rule = "p80"  # re-timing: the workspace's rule (`_follow_launch_rule`) or the menu's
        self._launch_rule: str | None = None
        self.last_refresh_s = 0.0  # from asking to the last chart drawn
        self.next_revision = 1  # what "Apply as revision N" says
        self.confirm_box: ApplyRetimingDialog | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)
        # header: what is analysed, the filters
        self.title = scaled_label(1.3, bold=True)
        self.open_button = QPushButton("Open in Design")
        self.open_button.setToolTip("Show the selected segment in the Design view")
        self.open_button.clicked.connect(self._open_selected)
        self.filters = FiltersBar()
        self.filters.changed.connect(self.timer.start)
        self.updating = updating_label()
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.updating)
        head.addWidget(self.open_button)
        # the charts
        self.segments = SegmentsChart()
        self.stats_table = KeyedTable(stats_model())
        self.stats_frame = TableFrame("Per segment, across rehearsals", self.stats_table)
        segments_page = stacked(self.segments, self.stats_frame, (560, 260))
        # The other tabs' pages are built a tick each after this one (`_build`), or just
        # before their charts are first drawn: each takes ~30 ms, all at once too long.
        self.drift: DriftChart
        self.spread: SpreadChart
        self.revisions: RevisionChart
        self.stolen_table: KeyedTable
        self.stolen_frame: TableFrame
        self.risk: RiskPanel
        self.one: OneRehearsalChart
        self.engagement: EngagementChart
        self.engaged: Engaged | None = None  # engagement per segment, as last read
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(segments_page, "Segments")
        self._holders: dict[int, QVBoxLayout] = {}
        later = ("Session", "Risk and re-timing", "One rehearsal", "Engagement")
        for i, name in enumerate(later, start=1):
            holder = QWidget()
            self._holders[i] = QVBoxLayout(holder)
            self._holders[i].setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(holder, name)
        self._built = {0}  # the tabs whose page is there
        self._unbuilt = self._build_steps()
        self.build_timer = QTimer(self)  # a piece of a page per tick, when nothing else runs
        self.build_timer.setSingleShot(True)
        self.build_timer.setInterval(IDLE_BUILD_MS)
        self.build_timer.timeout.connect(self._build_next)
        pages = self.tabs.findChild(QStackedWidget)
        assert pages is not None
        self._pages = pages
        pages.installEventFilter(self)
        self.empty = scaled_label(1.25)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.tabs)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.filters)
        layout.addWidget(self.stack, 1)
        self._wire([self.segments], [self.stats_frame], [self.stats_table])
        appearance_changed.connect(self._appearance_changed)
        self._follow_launch_rule()
        self._show_state()
        self.build_timer.start()

    # -- building the tab pages ------------------------------------------------------------------
    def _wire(
        self, charts: list[ChartFrame], frames: list[TableFrame], tables: list[KeyedTable]
    ) -> None:
        """The shared selection, the status bar: what every chart and table reports."""
        for chart in charts:
            chart.picked.connect(self._picked)
            chart.step_requested.connect(self._step)
            chart.open_requested.connect(self._open_selected)
            chart.message.connect(self.message)
        for frame in frames:
            frame.message.connect(self.message)
        for table in tables:
            table.picked.connect(self._picked)

    def ensure_built(self) -> None:
        """Build every tab page now (they are otherwise built a piece per tick)."""
        for i in range(self.tabs.count()):
            self._build(i)

    def _build_next(self) -> None:
        """Build one piece of a tab page not built yet (when the view is idle)."""
        if self.drawing.pending or self.runner.running():
            self.build_timer.start(IDLE_BUILD_MS)  # not idle: later
            return
        for tab in range(self.tabs.count()):
            if self._unbuilt.get(tab):
                self._unbuilt[tab].pop(0)()
                break
        if self._building():
            self.build_timer.start(0)  # idle still: the next piece in the next tick

    def _building(self) -> bool:
        return any(self._unbuilt.values())

    def _build_piece(self, tab: int) -> None:
        if self._unbuilt.get(tab):
            self._unbuilt[tab].pop(0)()

    def _build(self, tab: int) -> None:
        """Build what is left of the page of `tab`, now."""
        while self._unbuilt.get(tab):
            self._unbuilt[tab].pop(0)()

    def _build_steps(self) -> dict[int, list[Callable[[], None]]]:
        """The pieces the pages of tabs 1–3 are built of, each ~10–30 ms."""

        def drift() -> None:
            self.drift = DriftChart()

        def spread() -> None:
            self.spread = SpreadChart()

        def revisions() -> None:
            self.revisions = RevisionChart()

        def session() -> None:
            self.stolen_table, self.stolen_frame = stolen_table()
            upper = side_by_side(self.drift, self.revisions, (820, 540))
            lower = side_by_side(self.spread, self.stolen_frame, (620, 740))
            self._place(1, stacked(upper, lower))
            self._wire(
                [self.drift, self.spread, self.revisions], [self.stolen_frame], [self.stolen_table]
            )

        made: dict[str, object] = {}

        def histogram() -> None:
            made["histogram"] = HistogramChart()

        def shares() -> None:
            made["shares"] = SharesChart()

        def risk() -> None:
            drawn, parts = made.pop("histogram"), made.pop("shares")
            assert isinstance(drawn, HistogramChart) and isinstance(parts, SharesChart)
            self.risk = RiskPanel(histogram=drawn, shares=parts)

        def place_risk() -> None:
            self._place(2, self.risk)
            self._wire(self.risk.charts(), [self.risk.retiming_frame], [])
            self.risk.picked.connect(self._picked)
            self.risk.rule.setCurrentIndex(self.risk.rule.findData(self.rule))
            self.risk.method.setCurrentIndex(self.risk.method.findData(self.method))
            self.risk.method_changed.connect(self._method_changed)
            self.risk.rule_changed.connect(self._rule_changed)
            self.risk.apply_requested.connect(self.ask_apply)

        def one() -> None:
            self.one = OneRehearsalChart()

        def place_one() -> None:
            self._place(3, self.one)
            self._wire([self.one], [], [])

        def engagement() -> None:
            self.engagement = EngagementChart()

        def place_engagement() -> None:
            self._place(4, self.engagement)
            self._wire([self.engagement], [], [])

        return {
            1: [drift, spread, revisions, session],
            2: [histogram, shares, risk, place_risk],
            3: [one, place_one],
            4: [engagement, place_engagement],
        }

    def _place(self, tab: int, page: QWidget) -> None:
        self._holders[tab].addWidget(page)
        self._built.add(tab)
        holder = self.tabs.widget(tab)
        if holder is not None and holder.size() != self._pages.size():
            holder.resize(self._pages.size())

    def _follow_launch_rule(self) -> None:
        """Re-time by the workspace's rule (its launch rules, set in Preferences) whenever
        that changes; the menu tries another one in the meantime."""
        rule = self.ws.launch_rules().retiming_rule
        if rule != self._launch_rule:
            self._launch_rule = rule
            if 2 in self._built:
                self.risk.rule.setCurrentIndex(self.risk.rule.findData(rule))  # → _rule_changed
            else:
                self.rule = rule  # the menu shows it when built

    def charts(self) -> list[ChartFrame]:
        """Every chart built so far (see `ensure_built`)."""
        found: list[ChartFrame] = [self.segments]
        if 1 in self._built:
            found += [self.drift, self.spread, self.revisions]
        if 3 in self._built:
            found.append(self.one)
        if 4 in self._built:
            found.append(self.engagement)
        if 2 in self._built:
            found += self.risk.charts()
        return found

    def frames(self) -> list[Framed]:
        """Everything with an Export menu (built so far)."""
        tables: list[Framed] = [self.stats_frame]
        if 1 in self._built:
            tables.append(self.stolen_frame)
        if 2 in self._built:
            tables.append(self.risk.retiming_frame)
        return [*self.charts(), *tables]

    # -- the public API ------------------------------------------------------------------------
    def set_workspace(self, ws: Workspace) -> None:
        self.runner.cancel()
        self.updating.setVisible(False)
        self.ws = ws
        self._known = Known()
        self._follow_launch_rule()
        self.plan_id = None
        self.engaged = None
        self.analysis = None
        self.selected = None
        self.drawing.clear()
        self._show_state()

    def on_changes(self, changes: Changes) -> None:
        """Read again (now if shown, else when next shown) after a change of what is
        analysed: rehearsals and their flags, the program's revisions, the launch rules."""
        if changes.everything or changes.rehearsals or changes.review:
            # a job in flight may have read what these changes outdate: its result is
            # dropped, and what they name is read again
            self.runner.cancel("analysis")
            self._known.forget(changes)
        if not self.ws.is_open or self.plan_id is None:
            return
        a = self.analysis
        revisions = {r.plan_id for r in a.obs.runs} | {a.obs.plan.id} if a is not None else set()
        if (
            changes.everything
            or changes.settings
            or changes.rehearsals
            or changes.review
            or (a is not None and a.obs.plan.program_id in changes.programs)
            or bool(revisions & changes.plans)
            or (self.plan_id in changes.plans)
            # a read in flight (or none done yet for this plan) may not know of a revision
            or (
                bool(changes.plans or changes.programs)
                and (self.runner.running("analysis") or a is None or a.obs.plan.id != self.plan_id)
            )
        ):
            self.stale = True
            if self.isVisible():
                self.timer.start()

    def set_plan(self, plan_id: str | None) -> None:
        if plan_id == self.plan_id and not self.stale:
            return
        if plan_id != self.plan_id:
            self.selected = None
        self.plan_id = plan_id
        self.refresh()

    def set_filters(self, filters: Filters) -> None:
        self.filters.set_filters(filters)
        self.timer.stop()
        self.refresh()

    def current_filters(self) -> Filters:
        return self.filters.filters()

    @property
    def busy(self) -> bool:
        """Is a read, an analysis or a drawing still on its way?"""
        return (
            self.timer.isActive()
            or self.runner.running()
            or self.drawing.pending
            or self._building()
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale and not self.busy:
            self.refresh()

    def refresh(self) -> None:
        """Read and analyse again for the plan and filters (off the UI thread), then draw
        every chart; the filters' choices first (a rehearsal or revision may have come)."""
        self.timer.stop()
        self.stale = False
        self._follow_launch_rule()
        if self.plan_id is None:
            self.runner.cancel()
            self.updating.setVisible(False)
            self.analysis = None
            self.drawing.clear()
            self._show_state()
            return
        self._started = time.perf_counter()
        listed = tuple(str(a.data()) for a in self.filters.revision_actions)
        self._submit(
            Request(
                self.plan_id, self.filters.filters(), listed, self.method, self.rule, DRAWS, SEED
            )
        )
        self._show_updating()

    def _submit(self, request: Request) -> None:
        known = self._known.copy()

        def work(ws: Workspace, _progress: Progress, cancel: CancelToken) -> Loaded:
            return load(ws, request, cancel, known)

        job = submit_on_workspace(self.runner, self.ws, work, key="analysis")
        job.succeeded.connect(self._loaded)
        job.failed.connect(self._not_loaded)
        job.finished.connect(self._show_updating)

    def _show_updating(self) -> None:
        """ "Updating…" while a read or a recomputation is on its way, and only then."""
        self.updating.setVisible(self.runner.running())

    def _loaded(self, loaded: Loaded) -> None:
        if loaded.request.plan_id != self.plan_id:
            return  # the navigator moved on; its own request is on its way
        self.filters.set_choices(loaded.plans, loaded.rehearsals)  # quietly
        if self.filters.filters() != loaded.filters:  # the bar could not show what was read
            self.timer.start()
        self._titled(loaded.analysis.obs, loaded.program)
        self.next_revision = loaded.next_revision
        self._known = loaded.known
        self.engaged = loaded.engagement
        self.analysis = loaded.analysis
        self._draw_in_steps()
        # the menus changed while it was read: their choice, recomputed on the pool
        if loaded.request.method != self.method:
            self._method_changed(self.method)
        if loaded.request.rule != self.rule:
            self._rule_changed(self.rule)

    def _not_loaded(self, error: object) -> None:
        self.analysis = None
        self.drawing.clear()
        self._show_state()
        if not expected(error):
            unexpected(error)
        self.message.emit(str(error))

    def show_observations(self, obs: Observations, plans: dict[str, Plan] | None = None) -> None:
        """Analyse `obs` (statistics, risk, re-timing…) and draw it, here and now; `plans`
        are the program's revisions by id, to hold each rehearsal against its own."""
        self.plan_id = obs.plan.id
        self.engaged = None  # read only with the rehearsals (`refresh`)
        try:
            program = self.ws.program(obs.plan.program_id).name
        except RehearsalError:
            program = ""
        self._titled(obs, program)
        self.analysis = analyse(
            obs,
            method=self.method,
            rule=self.rule,
            min_complete=self.ws.launch_rules().retiming_min_complete,
            draws=DRAWS,
        )
        self._count_revisions()
        self.draw()

    def _titled(self, obs: Observations, program: str) -> None:
        prefix = f"{program} — " if program else ""
        self.title.setText(f"{prefix}analysing revision {obs.plan.revision}")

    def draw(self) -> None:
        """Draw the current analysis into every chart and table, here and now."""
        self.drawing.clear()
        for part in self._parts():
            part()
        self._drew()

    def _draw_in_steps(self) -> None:
        """Draw the current analysis a chart per event-loop tick, the tab shown first."""
        self.drawing.run(self._parts())

    def _drew(self) -> None:
        self.last_refresh_s = time.perf_counter() - self._started
        if self._building():
            self.build_timer.start()
        self.drawn.emit()

    def _parts(self) -> list[Callable[[], None]]:
        """Drawing the analysis, in pieces each well under a frame: the state and the
        selection first, then the charts of the tab shown, then those of the others."""
        a = self.analysis
        self._show_state()
        if a is None or a.empty or nothing_to_compare(a):
            return []
        if self.selected is not None and a.place(self.selected) is None:
            self.selected = None

        def stats() -> None:
            flags = a.flags.counts.sum(axis=1)
            per_step = {p.step: int(flags[i]) for i, p in enumerate(a.places) if p.step is not None}
            self.stats_table.rows_model.set_rows(
                [StatsRow(s, per_step.get(j, 0)) for j, s in enumerate(a.stats)]
            )

        def stolen() -> None:
            self.stolen_table.rows_model.set_rows(a.stolen)
            self.stolen_frame.set_note(
                ""
                if a.stolen
                else f"No rehearsal (of {len(a.obs.runs)}) gave a non-negotiable segment less "
                "than planned while a flexible one ran over."
            )

        tabs: list[list[Callable[[], None]]] = [
            [lambda: self.segments.draw(a), stats],
            [
                *(lambda: self._build_piece(1) for _ in self._unbuilt.get(1, [])),
                lambda: self.drift.draw(a),
                lambda: self.spread.draw(a),
                lambda: self.revisions.draw(a),
                stolen,
            ],
            [
                *(lambda: self._build_piece(2) for _ in self._unbuilt.get(2, [])),
                lambda: self.risk.draw(a, self.next_revision),
            ],
            [
                *(lambda: self._build_piece(3) for _ in self._unbuilt.get(3, [])),
                lambda: self.one.draw(a),
            ],
            [
                *(lambda: self._build_piece(4) for _ in self._unbuilt.get(4, [])),
                lambda: self.engagement.draw(self.engaged),
            ],
        ]
        shown = max(0, self.tabs.currentIndex())
        ordered = [tabs[shown], *(t for i, t in enumerate(tabs) if i != shown)]
        return [part for tab in ordered for part in tab] + [
            lambda: self.select_segment(self.selected)
        ]

    def select_segment(self, step_key: str | None) -> None:
        """Highlight `step_key` (a segment, transition or hand-off) in every chart and table."""
        self.selected = step_key
        for chart in self.charts():
            chart.select(step_key)
        for table in (self.stats_table, *([self.risk.table] if 2 in self._built else [])):
            table.select_key(step_key)
        self.open_button.setEnabled(self._segment_id(step_key) is not None)

    # -- state ---------------------------------------------------------------------------------
    def _show_state(self) -> None:
        a = self.analysis
        self.filters.set_evidence(a.evidence if a is not None else None)
        if self.plan_id is None:
            self.title.setText("Analyze")
            self.empty.setText(
                "Choose a plan in the navigator to analyse its rehearsals."
                if self.ws.programs()
                else "No rehearsal to analyse yet — import a run-of-show (File → Import, "
                "Ctrl+I) and rehearse it (Ctrl+2): every rehearsal is compared with the plan "
                "here."
            )
        elif a is not None and a.empty and a.evidence.left_out:
            self.empty.setText(
                f"Every rehearsal that matches is a click-through ({a.evidence.left_out}): "
                "its steps mostly took a fifth of their plan or less, so it is no timing "
                "evidence.\nTick “Include click-throughs” to see them anyway."
            )
        elif a is not None and a.empty:
            any_at_all = bool(self.ws.rehearsals()) and self.filters.filters() != Filters()
            self.empty.setText(
                "No finished rehearsals match these filters."
                + (
                    "\nReset the filters to see every rehearsal of this program."
                    if any_at_all
                    else "\nRehearse this plan (Ctrl+2) and its timings will be compared here."
                )
            )
        elif a is not None and nothing_to_compare(a):
            self.empty.setText(nothing_to_compare(a))
        shown = a is not None and not a.empty and not nothing_to_compare(a)
        self.stack.setCurrentWidget(self.tabs if shown else self.empty)
        self.open_button.setEnabled(self._segment_id(self.selected) is not None)

    def _load_choices(self) -> None:
        if self.plan_id is None:
            return
        try:
            plan = self.ws.plan(self.plan_id)
        except RehearsalError:
            return
        plans = self.ws.plans(plan.program_id)
        ids = {p.id for p in plans}
        self.filters.set_choices(plans, [r for r in self.ws.rehearsals() if r.plan_id in ids])

    def _count_revisions(self) -> None:
        """The number the next revision of the analysed program will have."""
        if self.analysis is None:
            return
        plan = self.analysis.obs.plan
        try:
            self.next_revision = self.ws.latest_plan(plan.program_id).revision + 1
        except RehearsalError:
            self.next_revision = plan.revision + 1

    # -- the selection -------------------------------------------------------------------------
    def _picked(self, key: str) -> None:
        if key == self.selected:
            return
        self.select_segment(key)
        self.segment_selected.emit(key)

    def _step(self, delta: int) -> None:
        if self.analysis is None or not self.analysis.places:
            return
        places = self.analysis.places
        at = self.analysis.place_index(self.selected)
        index = 0 if at is None else max(0, min(len(places) - 1, at + delta))
        self._picked(places[index].key)

    def _segment_id(self, key: str | None) -> str | None:
        place = self.analysis.place(key) if self.analysis is not None else None
        return place.segment_id if place is not None else None

    def _open_selected(self) -> None:
        segment = self._segment_id(self.selected)
        if segment is not None:
            self.open_in_design.emit(segment)

    # -- risk and re-timing --------------------------------------------------------------------
    def _method_changed(self, method: str) -> None:
        self.method = method
        a = self.analysis
        if a is None or a.empty:
            return
        obs = a.obs
        self._recompute(
            "risk",
            lambda: simulate(obs, draws=DRAWS, seed=SEED, method=method),
            lambda risk: self._simulated(obs, risk),
        )

    def _recompute(self, key: str, work: Callable[[], object], then: Callable[[Any], None]) -> None:
        """One part of the analysis computed again on the pool (a newer one of `key`
        supersedes it), then shown by `then`."""
        job = self.runner.submit(lambda _p, _c: work(), key=key)
        job.succeeded.connect(then)
        job.failed.connect(self._not_loaded)
        job.finished.connect(self._show_updating)
        self._show_updating()

    def _simulated(self, obs: Observations, risk: Risk) -> None:
        if self.analysis is None or self.analysis.obs is not obs:
            return  # analysed again since: that analysis has its own risk
        self.analysis.risk = risk
        if 2 not in self._built:
            return  # drawn with the page, from the analysis
        self.risk.draw_risk(risk, self.analysis.evidence)
        self.risk.shares.select(self.selected)

    def _rule_changed(self, rule: str) -> None:
        self.rule = rule
        a = self.analysis
        if a is None or a.empty:
            return
        obs = a.obs
        least = a.retiming.min_complete  # the workspace's, as the analysis was read
        self._recompute(
            "retiming",
            lambda: suggest(obs, rule=rule, min_complete=least),
            lambda retiming: self._suggested(obs, retiming),
        )

    def _suggested(self, obs: Observations, retiming: Retiming) -> None:
        if self.analysis is None or self.analysis.obs is not obs:
            return
        self.analysis.retiming = retiming
        if 2 not in self._built:
            return
        self.risk.draw_retiming(retiming, obs.plan.slot_s, self.next_revision)
        self.risk.table.select_key(self.selected)

    def ask_apply(self) -> None:
        """Confirm, then store the suggested re-timing as the next revision."""
        a = self.analysis
        if a is None or not a.retiming.changed:
            return
        if self.confirm_box is not None:
            self.confirm_box.deleteLater()
        r = a.retiming
        box = ApplyRetimingDialog(r, self.next_revision, a.obs.plan.revision, self)
        box.finished.connect(lambda result: self._confirmed(result, r))
        self.confirm_box = box
        box.open()

    def _confirmed(self, result: int, retiming: Retiming) -> None:
        self.confirm_box = None
        if result != QDialog.DialogCode.Accepted or self.analysis is None:
            return
        try:
            plan = apply_retiming(self.ws, self.analysis.obs.plan.id, retiming)
        except RehearsalError as exc:
            self.message.emit(str(exc))
            return
        self.message.emit(
            f"Revision {plan.revision} created: {len(retiming.changed)} steps re-timed to the "
            f"{retiming.rule} of the rehearsals."
        )
        self._load_choices()
        self._count_revisions()
        self.risk.draw_retiming(retiming, self.analysis.obs.plan.slot_s, self.next_revision)
        self.revision_created.emit(plan.id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._pages and event.type() == QEvent.Type.Resize:
            self._size_pages()
        return False

    def _size_pages(self) -> None:
        """Give the tabs not shown the size of the one shown, so that a chart exported from
        any tab (or grabbed for a report) is drawn at the size it would be seen."""
        size = self._pages.size()
        for i in range(self.tabs.count()):
            page = self.tabs.widget(i)
            if page is not None and page.size() != size:
                page.resize(size)

    # -- appearance ------------------------------------------------------------------------------
    def _appearance_changed(self) -> None:
        for chart in self.charts():
            chart.apply_colours()
        if self.analysis is not None and not self.analysis.empty:
            if 2 in self._built:
                self.risk.draw(self.analysis, self.next_revision)
            self.select_segment(self.selected)
