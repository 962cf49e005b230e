"""The Analyze view: every rehearsal of a program compared with the plan and with each other,
and turned into the next revision.

Tabs: Segments (which segments never fit, which hand-offs keep breaking), Session (drift,
consistency, revision against revision, time stolen from practice), Risk and re-timing
(how likely the session is to overrun its slot; the plan re-timed from the evidence, applied
as the next revision), One rehearsal. One set of filters feeds them all; one selected
segment is highlighted in all of them.

For the main window: `set_workspace`, `set_plan`, `set_filters`, `refresh` (synchronous),
`select_segment(key)`; it hears `segment_selected` (a segment or transition key, when the
user picks one), `open_in_design` (a segment id), `revision_created` (a plan id) and
`message` (for the status bar).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rehearsal.analysis import (
    Filters,
    ObservationCache,
    Observations,
    Retiming,
    apply_retiming,
    simulate,
    suggest,
)
from rehearsal.errors import RehearsalError
from rehearsal.model import Plan
from rehearsal.workspace import Workspace
from rehearsal_ui.analyze.charts.frame import ChartFrame, Framed, TableFrame
from rehearsal_ui.analyze.charts.one import OneRehearsalChart
from rehearsal_ui.analyze.charts.segments import SegmentsChart
from rehearsal_ui.analyze.charts.session import DriftChart, RevisionChart, SpreadChart
from rehearsal_ui.analyze.data import Analysis, analyse
from rehearsal_ui.analyze.filters import FiltersBar
from rehearsal_ui.analyze.risk_panel import RiskPanel
from rehearsal_ui.analyze.tables import (
    KeyedTable,
    StatsRow,
    stats_model,
    stolen_model,
    stolen_rows,
)
from rehearsal_ui.shell.settings import Settings
from rehearsal_ui.shell.theme import appearance_changed

DEBOUNCE_MS = 150
DRAWS = 10_000
SEED = 0


class AnalyzeView(QWidget):
    segment_selected = Signal(str)
    open_in_design = Signal(str)
    revision_created = Signal(str)
    message = Signal(str)

    def __init__(self, ws: Workspace, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.cache = ObservationCache(ws)
        self.settings = settings
        self.plan_id: str | None = None
        self.analysis: Analysis | None = None
        self.selected: str | None = None
        self.method = "segments"
        self.rule = "p80"  # re-timing: the workspace's rule (`_follow_launch_rule`) or the menu's
        self._launch_rule: str | None = None
        self.last_refresh_s = 0.0
        self.next_revision = 1  # what "Apply as revision N" says
        self.confirm_box: QMessageBox | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)
        # header: what is analysed, the filters
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.open_button = QPushButton("Open in Design")
        self.open_button.setToolTip("Show the selected segment in the Design view")
        self.open_button.clicked.connect(self._open_selected)
        self.filters = FiltersBar()
        self.filters.changed.connect(self.timer.start)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.open_button)
        # the charts
        self.segments = SegmentsChart()
        self.stats_table = KeyedTable(stats_model())
        self.stats_frame = TableFrame("Per segment, across rehearsals", self.stats_table)
        segments_page = QSplitter(Qt.Orientation.Vertical)
        segments_page.addWidget(self.segments)
        segments_page.addWidget(self.stats_frame)
        segments_page.setSizes([560, 260])
        self.drift = DriftChart()
        self.spread = SpreadChart()
        self.revisions = RevisionChart()
        self.stolen_table = KeyedTable(stolen_model(), stretch=(3, 4))
        self.stolen_frame = TableFrame("Time stolen from practice", self.stolen_table)
        self.stolen_frame.set_legend(
            "Rehearsals where non-negotiable segments got less than planned while flexible "
            "ones ran over (each against its own revision)"
        )
        session_page = QSplitter(Qt.Orientation.Vertical)
        upper, lower = QSplitter(), QSplitter()
        upper.addWidget(self.drift)
        upper.addWidget(self.revisions)
        upper.setSizes([820, 540])
        lower.addWidget(self.spread)
        lower.addWidget(self.stolen_frame)
        lower.setSizes([620, 740])
        session_page.addWidget(upper)
        session_page.addWidget(lower)
        self.risk = RiskPanel()
        self.one = OneRehearsalChart()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(segments_page, "Segments")
        self.tabs.addTab(session_page, "Session")
        self.tabs.addTab(self.risk, "Risk and re-timing")
        self.tabs.addTab(self.one, "One rehearsal")
        pages = self.tabs.findChild(QStackedWidget)
        assert pages is not None
        self._pages = pages
        pages.installEventFilter(self)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        empty_font = self.empty.font()
        empty_font.setPointSizeF(empty_font.pointSizeF() * 1.25)
        self.empty.setFont(empty_font)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.tabs)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.filters)
        layout.addWidget(self.stack, 1)
        # the shared selection
        for chart in self.charts():
            chart.picked.connect(self._picked)
            chart.step_requested.connect(self._step)
            chart.open_requested.connect(self._open_selected)
            chart.message.connect(self.message)
        for frame in (self.stats_frame, self.stolen_frame, self.risk.retiming_frame):
            frame.message.connect(self.message)
        for table in (self.stats_table, self.stolen_table):
            table.picked.connect(self._picked)
        self.risk.picked.connect(self._picked)
        self.risk.method_changed.connect(self._method_changed)
        self.risk.rule_changed.connect(self._rule_changed)
        self.risk.apply_requested.connect(self.ask_apply)
        appearance_changed.connect(self._appearance_changed)
        self._follow_launch_rule()
        self._show_state()

    def _follow_launch_rule(self) -> None:
        """Re-time by the workspace's rule (its launch rules, set in Preferences) whenever
        that changes; the menu tries another one in the meantime."""
        rule = self.ws.launch_rules().retiming_rule
        if rule != self._launch_rule:
            self._launch_rule = rule
            self.risk.rule.setCurrentIndex(self.risk.rule.findData(rule))  # → _rule_changed

    def charts(self) -> list[ChartFrame]:
        fixed = [self.segments, self.drift, self.spread, self.revisions, self.one]
        return [*fixed, *self.risk.charts()]

    def frames(self) -> list[Framed]:
        """Everything with an Export menu."""
        tables: list[Framed] = [self.stats_frame, self.stolen_frame, self.risk.retiming_frame]
        return [*self.charts(), *tables]

    # -- the public API ------------------------------------------------------------------------
    def set_workspace(self, ws: Workspace) -> None:
        self.ws = ws
        self._follow_launch_rule()
        self.cache = ObservationCache(ws)
        self.plan_id = None
        self.analysis = None
        self.selected = None
        self._show_state()

    def data_changed(self) -> None:
        """Rehearsals, flags or revisions changed: read them again and redraw."""
        self.cache.invalidate()
        self.refresh()

    def set_plan(self, plan_id: str | None) -> None:
        if plan_id == self.plan_id:
            return
        self.plan_id = plan_id
        self.selected = None
        self.refresh()

    def set_filters(self, filters: Filters) -> None:
        self.filters.set_filters(filters)
        self.timer.stop()
        self.refresh()

    def current_filters(self) -> Filters:
        return self.filters.filters()

    def refresh(self) -> None:
        """Recompute everything for the plan and filters, and redraw every chart (the
        filters' choices too: a rehearsal or revision may have been added)."""
        self.timer.stop()
        self._follow_launch_rule()
        self._load_choices()
        started = time.perf_counter()
        if self.plan_id is None:
            self.analysis = None
            self._show_state()
            return
        try:
            plan = self.ws.plan(self.plan_id)
            plans = {p.id: p for p in self.ws.plans(plan.program_id)}
            obs = self.cache.observations(self.plan_id, self.filters.filters())
        except RehearsalError as exc:
            self.message.emit(str(exc))
            self.analysis = None
            self._show_state()
            return
        self.show_observations(obs, plans)
        self.last_refresh_s = time.perf_counter() - started

    def show_observations(self, obs: Observations, plans: dict[str, Plan] | None = None) -> None:
        """Analyse `obs` (statistics, risk, re-timing…) and draw it; `plans` are the
        program's revisions by id, to hold each rehearsal against its own."""
        self.plan_id = obs.plan.id
        try:
            program = self.ws.program(obs.plan.program_id).name + " — "
        except RehearsalError:
            program = ""
        self.title.setText(f"{program}analysing revision {obs.plan.revision}")
        self.analysis = analyse(
            obs, plans or {obs.plan.id: obs.plan}, method=self.method, rule=self.rule, draws=DRAWS
        )
        self.draw()

    def draw(self) -> None:
        """Draw the current analysis into every chart and table."""
        a = self.analysis
        self._show_state()
        if a is None or a.empty:
            return
        if self.selected is not None and a.place(self.selected) is None:
            self.selected = None
        self.segments.draw(a)
        flags = a.flags.counts.sum(axis=1)
        per_step = {p.step: int(flags[i]) for i, p in enumerate(a.places) if p.step is not None}
        self.stats_table.rows_model.set_rows(
            [StatsRow(s, per_step.get(j, 0)) for j, s in enumerate(a.stats)]
        )
        self.drift.draw(a)
        self.spread.draw(a)
        self.revisions.draw(a)
        self.stolen_table.rows_model.set_rows(stolen_rows(a.stolen, a.obs))
        self._count_revisions()
        self.risk.draw(a, self.next_revision)
        self.one.draw(a)
        self.select_segment(self.selected)

    def select_segment(self, step_key: str | None) -> None:
        """Highlight `step_key` (a segment, transition or hand-off) in every chart and table."""
        self.selected = step_key
        for chart in self.charts():
            chart.select(step_key)
        for table in (self.stats_table, self.risk.table):
            table.select_key(step_key)
        self.open_button.setEnabled(self._segment_id(step_key) is not None)

    # -- state ---------------------------------------------------------------------------------
    def _show_state(self) -> None:
        a = self.analysis
        self.filters.set_count(len(a.obs.runs) if a is not None else 0)
        if self.plan_id is None:
            self.title.setText("Analyze")
            self.empty.setText("Choose a plan in the navigator to analyse its rehearsals.")
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
        self.stack.setCurrentWidget(self.tabs if a is not None and not a.empty else self.empty)
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
        if self.analysis is not None and not self.analysis.empty:
            self.analysis.risk = simulate(self.analysis.obs, draws=DRAWS, seed=SEED, method=method)
            self.risk.draw_risk(self.analysis.risk, self.analysis.obs.runs)
            self.risk.shares.select(self.selected)

    def _rule_changed(self, rule: str) -> None:
        self.rule = rule
        if self.analysis is not None and not self.analysis.empty:
            self.analysis.retiming = suggest(self.analysis.obs, rule=rule)
            self.risk.draw_retiming(
                self.analysis.retiming, self.analysis.obs.plan.slot_s, self.next_revision
            )
            self.risk.table.select_key(self.selected)

    def ask_apply(self) -> None:
        """Confirm, then store the suggested re-timing as the next revision."""
        a = self.analysis
        if a is None or not a.retiming.changed:
            return
        if self.confirm_box is not None:
            self.confirm_box.deleteLater()
        r = a.retiming
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Apply the re-timing",
            f"Create revision {self.next_revision} of this program with "
            f"{len(r.changed)} steps re-timed to the {r.rule} of {r.runs} rehearsals?\n\n"
            f"Revision {a.obs.plan.revision} stays as it is.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.button(QMessageBox.StandardButton.Yes).setText(f"Create revision {self.next_revision}")
        box.finished.connect(lambda result: self._confirmed(result, r))
        self.confirm_box = box
        box.open()

    def _confirmed(self, result: int, retiming: Retiming) -> None:
        self.confirm_box = None
        if result != QMessageBox.StandardButton.Yes or self.analysis is None:
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
            self.risk.draw(self.analysis, self.next_revision)
            self.select_segment(self.selected)
