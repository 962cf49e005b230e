"""The Review view: walk a finished rehearsal's timeline, annotate it, edit its flags, answer
the debrief and turn what was learnt into action items — offline, every edit undoable.

The view reads everything through `data.load_review` and shows it again after each change;
it says what is selected, and the changes themselves are made by the
`controller.ReviewController` it owns, as QUndoCommands on `undo_stack`, which the main
window's Undo/Redo drive while this view is current.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rehearsal.changes import Changes
from rehearsal.durations import count, format_duration
from rehearsal.errors import RehearsalError
from rehearsal.model import Annotation, Flag
from rehearsal.rehearsing.figures import rehearsal_label
from rehearsal.workspace import Workspace
from rehearsal_ui.review.controller import ReviewController
from rehearsal_ui.review.data import ReviewData, Target, load_review
from rehearsal_ui.review.evidence_edits import EvidenceEdits, ImportOutcome
from rehearsal_ui.review.evidence_lane import EvidenceLane, FileDrops
from rehearsal_ui.review.evidence_panel import EvidencePanel
from rehearsal_ui.review.pages import FlagsPage, NotesPage, StepsPage, button
from rehearsal_ui.review.panels import ActionItemsPanel, DebriefForm
from rehearsal_ui.review.table import StepTableModel, select_id, selected_id
from rehearsal_ui.review.timeline import Hit, ReviewTimeline
from rehearsal_ui.review.timeline_items import mix
from rehearsal_ui.shell.file_dialogs import open_file_names
from rehearsal_ui.shell.icons import icon
from rehearsal_ui.shell.settings import Settings
from rehearsal_ui.shell.theme import appearance_changed, semantic_colors

ROLE = Qt.ItemDataRole.UserRole
LANE_MIN_HEIGHT = 100  # pixels: below this the evidence lane is given room again
NOTHING_YET = (
    "No rehearsal yet — import a run-of-show (File → Import, Ctrl+I), then rehearse it in "
    "Rehearse (Ctrl+2): its timeline, flags and debrief appear here."
)


class ReviewView(QWidget):
    message = Signal(str)  # for the status bar

    def __init__(self, ws: Workspace, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.settings = settings
        self.plan_id: str | None = None
        self.rehearsal_id: str | None = None
        self.data: ReviewData | None = None
        self.undo_stack = QUndoStack(self)
        self.controller = ReviewController(
            self,
            self.undo_stack,
            workspace=lambda: self.ws,
            settings=settings,
            shown=lambda: self.data,
            show_again=self._edited,
            reveal=self._reveal,
            tell=self.message.emit,
            show_error=self.show_error,
            author_named=self._author_named,
        )
        self.evidence_edits = EvidenceEdits(
            self,
            self.undo_stack,
            workspace=lambda: self.ws,
            shown=lambda: self.data,
            author=lambda: self.controller.author,
            after=self._evidence_edited,
            tell=self.message.emit,
            show_error=self.show_error,
        )
        self.evidence_edits.imported.connect(self._evidence_imported)
        self.evidence_edits.progressed.connect(self._importing)
        self.menu: QMenu | None = None  # the context menu open now
        self.error_box: QMessageBox | None = None
        self._syncing = False
        self._build()
        self._build_actions()
        appearance_changed.connect(self._appearance_changed)
        self._fill_picker()

    # -- building --------------------------------------------------------------------------
    def _build(self) -> None:
        self.picker = QComboBox()
        self.picker.setMinimumContentsLength(40)
        # as wide as its longest rehearsal's name (date, time, kind, people, how it ended)
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.picker.setMaximumWidth(self.picker.fontMetrics().averageCharWidth() * 84)
        self.picker.setAccessibleName("Rehearsal")
        self.picker.currentIndexChanged.connect(self._picked_rehearsal)
        picker_label = QLabel("&Rehearsal:")
        picker_label.setBuddy(self.picker)
        self.headline = QLabel()
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(picker_label)
        top.addWidget(self.picker)
        top.addSpacing(12)
        top.addWidget(self.headline, 1)
        self.banner = QFrame()
        self.banner.setObjectName("conflictBanner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner_text = QLabel()
        self.banner_button = button("Settle &conflicts…", "See each conflicting edit and settle it")
        self.banner_button.clicked.connect(self.controller.review_conflicts)
        row = QHBoxLayout(self.banner)
        warn = QLabel()
        warn.setPixmap(icon("warning").pixmap(18, 18))
        row.addWidget(warn)
        row.addWidget(self.banner_text, 1)
        row.addWidget(self.banner_button)
        self.banner.hide()
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        font = self.empty.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.empty.setFont(font)
        self.timeline = ReviewTimeline()
        self.timeline.picked.connect(self._timeline_picked)
        self.timeline.activated.connect(self._timeline_activated)
        self.timeline.context_requested.connect(self._timeline_menu)
        self.lane = EvidenceLane()
        self.lane.link_to(self.timeline.plot)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._build_pages()
        self.debrief = DebriefForm()
        self.debrief.answer_committed.connect(self._answer)
        self.debrief.make_item.connect(self.make_item_from_answer)
        self.debrief.author_changed.connect(self.controller.remember_author)
        self.tabs.addTab(self.debrief, "&Debrief")
        self.items = ActionItemsPanel()
        self.items.model.edit_requested.connect(self.controller.edit_item)
        self.items.fix_requested.connect(self.controller.mark_item_fixed)
        self.items.delete_requested.connect(self.controller.delete_item)
        self.tabs.addTab(self.items, "Acti&on items")
        self.evidence = EvidencePanel()
        self.evidence.import_requested.connect(self.ask_import_evidence)
        self.evidence.offset_requested.connect(self.evidence_edits.set_offset)
        self.evidence.removal_requested.connect(self.evidence_edits.set_removed)
        self.evidence.role_requested.connect(self.evidence_edits.set_role)
        self.tabs.addTab(self.evidence, "Evidence")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.run_split = QSplitter(Qt.Orientation.Vertical)  # the run, its evidence under it
        self.run_split.addWidget(self.timeline)
        self.run_split.addWidget(self.lane)
        self.run_split.setStretchFactor(0, 3)
        self.run_split.setStretchFactor(1, 2)
        self.run_split.setSizes([330, 170])
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.run_split)
        self.split.addWidget(self.tabs)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([480, 320])
        self.drops = FileDrops(self)
        for target in (self.timeline.plot.viewport(), self.lane.plot.viewport(), self.lane.hint):
            self.drops.watch(target)
        self.drops.watch(self.evidence)
        self.drops.dropped.connect(self.import_evidence)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.split)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)
        QWidget.setTabOrder(self.picker, self.timeline.plot)  # the chart, then its Fit button
        QWidget.setTabOrder(self.timeline.plot, self.timeline.fit_button)
        for kind, table in (("step", self.steps), ("flag", self.flags), ("annotation", self.notes)):
            table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            table.customContextMenuRequested.connect(
                lambda pos, k=kind, t=table: self._table_menu(k, t, pos)
            )

    def _build_pages(self) -> None:
        steps, flags, notes = StepsPage(), FlagsPage(), NotesPage()
        self.steps, self.steps_model, self.worst_first = steps.table, steps.model, steps.worst_first
        self.annotate_step = steps.annotate
        self.flags, self.flags_model = flags.table, flags.model
        self.edit_flag_button, self.flag_item_button = flags.edit, flags.make_item
        self.notes, self.notes_model = notes.table, notes.model
        self.flags_note, self.notes_note = flags.empty, notes.empty  # said while empty
        self.add_note_button, self.edit_note_button = notes.add, notes.edit
        self.delete_note_button = notes.delete
        self.steps.selectionModel().selectionChanged.connect(self._steps_selected)
        self.steps.horizontalHeader().sortIndicatorChanged.connect(self._sorted_by_header)
        self.steps.open_requested.connect(lambda: self.add_annotation(on_selection=True))
        self.worst_first.toggled.connect(self.sort_worst_first)
        self.annotate_step.clicked.connect(lambda: self.add_annotation(on_selection=True))
        self.flags.selectionModel().selectionChanged.connect(self._flags_selected)
        self.flags.open_requested.connect(self.edit_flag)
        self.edit_flag_button.clicked.connect(self.edit_flag)
        self.flag_item_button.clicked.connect(self.make_item_from_flag)
        self.notes.selectionModel().selectionChanged.connect(self._notes_selected)
        self.notes.open_requested.connect(self.edit_annotation)
        self.notes.delete_pressed.connect(self.delete_annotation)
        self.add_note_button.clicked.connect(lambda: self.add_annotation())
        self.edit_note_button.clicked.connect(self.edit_annotation)
        self.delete_note_button.clicked.connect(self.delete_annotation)
        self.tabs.addTab(steps, "&Segments and transitions")
        self.tabs.addTab(flags, "F&lags")
        self.tabs.addTab(notes, "A&nnotations")

    def _build_actions(self) -> None:
        def action(text: str, keys: str, slot: object, tip: str) -> QAction:
            made = QAction(text, self)
            made.setShortcut(QKeySequence(keys))
            made.setStatusTip(tip)
            # The window's, while this view shows (a hidden view's shortcuts do not fire).
            made.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            made.triggered.connect(slot)
            self.addAction(made)
            return made

        self.add_annotation_action = action(
            "Add annotation…",
            "Ctrl+Shift+A",
            lambda: self.add_annotation(on_selection=True),
            "Annotate the segment or transition selected, or the moment of the flag selected",
        )
        self.fit_action = action(
            "Fit the timeline", "Ctrl+0", self.timeline.fit, "Show the whole run on the timeline"
        )
        self.import_evidence_action = action(
            "Import evidence…",
            "Ctrl+Alt+I",
            self.ask_import_evidence,
            "Import a meeting platform's transcript, chat, attendance or poll report into the "
            "rehearsal shown",
        )
        self.make_item_action = action(
            "Make action item",
            "Ctrl+Shift+M",
            self.make_item,
            "From the flag selected, or from the debrief answer being written",
        )

    # -- which rehearsal -------------------------------------------------------------------
    def set_workspace(self, ws: Workspace) -> None:
        self._close_popups()
        self.ws = ws
        self.undo_stack.clear()
        self.plan_id = self.rehearsal_id = None
        self.debrief.forget()
        self._fill_picker()

    def on_changes(self, changes: Changes) -> None:
        """Show again what changed: the shown rehearsal's run or review notes, or the list
        of the plan's rehearsals."""
        if not self.ws.is_open:
            return
        if changes.everything or (changes.rehearsals and self.plan_id is not None):
            self._fill_picker(prefer=self.rehearsal_id)
        elif self.rehearsal_id is not None and changes.touches_review(self.rehearsal_id):
            self.refresh()

    def set_plan(self, plan_id: str | None) -> None:
        """Follow the navigator: the rehearsals of this plan revision."""
        self.plan_id = plan_id
        self._fill_picker(prefer=self.rehearsal_id)

    def show_rehearsal(self, rehearsal_id: str) -> None:
        try:
            rehearsal = self.ws.rehearsal(rehearsal_id)
        except RehearsalError as exc:
            self.show_error(exc)
            return
        self.plan_id = rehearsal.plan_id
        self._fill_picker(prefer=rehearsal_id)

    def _fill_picker(self, prefer: str | None = None) -> None:
        runs = self.ws.rehearsals(self.plan_id) if self.plan_id else []
        archived = self.ws.archived_rehearsals()
        # archived ones are listed when asked for, or when chosen (in the navigator)
        runs = [
            r for r in runs if self.settings.show_archived or r.id not in archived or r.id == prefer
        ]
        self.picker.blockSignals(True)
        self.picker.clear()
        totals = self.ws.run_totals(runs)
        for r in reversed(runs):  # newest first
            label = rehearsal_label(r, totals.get(r.id))
            self.picker.addItem(label + (" · archived" if r.id in archived else ""), r.id)
        chosen = self.picker.findData(prefer) if prefer else -1
        if chosen < 0 and runs:  # the newest complete run; else the newest finished one
            finished = [r for r in runs if r.status.value == "finished"]
            complete = [
                r
                for r in finished
                if (t := totals.get(r.id)) is not None and t.complete and not t.click_through
            ]
            chosen = self.picker.findData((complete or finished or runs)[-1].id)
        self.picker.setCurrentIndex(chosen)
        self.picker.setEnabled(bool(runs))
        self.picker.blockSignals(False)
        self._load(self.picker.currentData() if chosen >= 0 else None)

    def _picked_rehearsal(self) -> None:
        self._load(self.picker.currentData())

    def _load(self, rehearsal_id: str | None) -> None:
        if rehearsal_id != self.rehearsal_id:
            self.debrief.commit_all()  # what was typed belongs to the one shown so far
            self.debrief.forget()
            self._close_popups()
        self.rehearsal_id = rehearsal_id
        self.refresh()

    def refresh(self) -> None:
        """Read the shown rehearsal again and show it, keeping selections."""
        data = None
        if self.rehearsal_id is not None:
            try:
                data = load_review(self.ws, self.rehearsal_id)
            except RehearsalError as exc:
                self.show_error(exc)
        same = (
            data is not None
            and self.data is not None
            and data.rehearsal.id == self.data.rehearsal.id
        )
        self.data = data
        if data is None or not data.started:
            self._show_empty(data)
            return
        self.pages.setCurrentWidget(self.split)
        self.headline.setText(data.headline())
        self.headline.setToolTip(f"{data.program_name}: {data.headline()}")
        self._syncing = True
        try:
            kept = [selected_id(t) for t in (self.steps, self.flags, self.notes)]
            self.timeline.show_data(data)
            self.lane.show_data(data)
            self._give_lane_room()
            self.evidence.show_evidence(data)
            self.steps_model.set_rows(data, data.rows)
            self.flags_model.set_rows(data, data.flags)
            self.notes_model.set_rows(data, data.annotations)
            for table, ident in zip((self.steps, self.flags, self.notes), kept, strict=True):
                select_id(table, ident if same else None)
        finally:
            self._syncing = False
        self.debrief.answered_by.setText(self.debrief.answered_by.text() or self.controller.author)
        self.debrief.show_debrief(data.debrief, keep_unsaved=same)
        self.debrief.show_prompts(data.evidence.prompts)
        self.items.show_items(data)
        self._show_counts(data)
        self._tab_changed()
        self._enable()

    def _give_lane_room(self) -> None:
        """Evidence came (the lane was a line of hint): give the lane its share again."""
        if self.lane.drawn and self.lane.height() < LANE_MIN_HEIGHT:
            total = sum(self.run_split.sizes())
            self.run_split.setSizes([total * 3 // 5, total * 2 // 5])

    def _show_empty(self, data: ReviewData | None) -> None:
        self.pages.setCurrentWidget(self.empty)
        self.timeline.show_data(None)
        self.lane.show_data(None)
        self.evidence.show_evidence(None)
        self.debrief.show_prompts({})
        self.banner.hide()
        if self.plan_id is None:
            self.headline.setText("")
            self.empty.setText(
                "Choose a plan revision or one of its rehearsals in the navigator."
                if self.ws.programs()
                else NOTHING_YET
            )
            return
        try:
            plan = self.ws.plan(self.plan_id)
            program = self.ws.program(plan.program_id).name
        except RehearsalError as exc:
            self.empty.setText(str(exc))
            return
        self.headline.setText(f"{program}, revision {plan.revision}")
        if data is None:
            self.empty.setText(
                f"Revision {plan.revision} has not been rehearsed yet.\n\nRehearse it in the "
                "Rehearse view (Ctrl+2): its timeline, flags and debrief then appear here."
            )
        else:
            self.empty.setText(
                "This rehearsal was never started: nothing was timed.\n\n"
                "Choose another one above, or rehearse again in the Rehearse view (Ctrl+2)."
            )

    def _show_counts(self, data: ReviewData) -> None:
        self.tabs.setTabText(1, f"F&lags ({len(data.flags)})")
        self.tabs.setTabText(2, f"A&nnotations ({len(data.annotations)})")
        answered = len(data.debrief.answers)
        self.tabs.setTabText(3, f"&Debrief ({answered}/6)")
        self.tabs.setTabText(4, f"Acti&on items ({len(data.items)})")
        files = sum(1 for f in data.evidence.files if not f.removed)
        self.tabs.setTabText(5, f"Evidence ({files})")
        count = len(data.conflicts)
        self.banner.setVisible(count > 0)
        if count:
            palette = self.banner.palette()
            base = self.palette().color(QPalette.ColorRole.Base)
            tint = mix(QColor(semantic_colors().warning), base, 0.16)
            palette.setColor(QPalette.ColorRole.Window, tint)
            self.banner.setPalette(palette)
            self.banner.setAutoFillBackground(True)
            edits = "edit conflicts" if count == 1 else "edits conflict"
            self.banner_text.setText(
                f"{count} {edits} with edits made elsewhere: the latest is shown until "
                "someone confirms a value."
            )

    def _appearance_changed(self) -> None:
        self.timeline.apply_colours()
        self.lane.apply_colours()
        if self.data is not None:
            self._show_counts(self.data)  # the banner's tint

    def _enable(self) -> None:
        has = self.data is not None
        flag = selected_id(self.flags) is not None
        note = selected_id(self.notes) is not None
        self.edit_flag_button.setEnabled(has and flag)
        self.flag_item_button.setEnabled(has and flag)
        self.edit_note_button.setEnabled(has and note)
        self.delete_note_button.setEnabled(has and note)
        self.annotate_step.setEnabled(has and selected_id(self.steps) is not None)
        self.add_note_button.setEnabled(has)
        self.add_annotation_action.setEnabled(has)
        self.import_evidence_action.setEnabled(has)

    # -- selection: the timeline and the tables select the same thing ----------------------
    def _timeline_picked(self, kind: str, ident: str) -> None:
        table, page = {
            "step": (self.steps, 0),
            "flag": (self.flags, 1),
            "annotation": (self.notes, 2),
        }[kind]
        self._syncing = True
        try:
            self.tabs.setCurrentIndex(page)
            select_id(table, ident)
        finally:
            self._syncing = False
        self._enable()

    def _timeline_activated(self, kind: str, ident: str) -> None:
        self._timeline_picked(kind, ident)
        if kind == "flag":
            self.edit_flag()
        elif kind == "annotation":
            self.edit_annotation()

    def _table_selected(self, kind: str, table: QTableView) -> None:
        self._enable()
        if not self._syncing:
            self.timeline.select(kind, selected_id(table))

    def _steps_selected(self) -> None:
        self._table_selected("step", self.steps)

    def _flags_selected(self) -> None:
        self._table_selected("flag", self.flags)

    def _notes_selected(self) -> None:
        self._table_selected("annotation", self.notes)

    def _tab_changed(self) -> None:
        current = self.tabs.currentIndex()
        pairs = {0: ("step", self.steps), 1: ("flag", self.flags), 2: ("annotation", self.notes)}
        if current in pairs and not self._syncing:
            kind, table = pairs[current]
            self.timeline.select(kind, selected_id(table))

    def sort_worst_first(self, on: bool) -> None:
        header = self.steps.horizontalHeader()
        header.blockSignals(True)
        if on:
            self.steps.sortByColumn(StepTableModel.COL_OVER, Qt.SortOrder.DescendingOrder)
        else:
            self.steps.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)

    def _sorted_by_header(self, column: int, order: Qt.SortOrder) -> None:
        worst = column == StepTableModel.COL_OVER and order == Qt.SortOrder.DescendingOrder
        if worst != self.worst_first.isChecked():
            self.worst_first.blockSignals(True)
            self.worst_first.setChecked(worst)
            self.worst_first.blockSignals(False)

    # -- context menus ---------------------------------------------------------------------
    def _timeline_menu(self, minutes: float, hit: Hit | None, where: QPoint) -> None:
        if self.data is None:
            return
        menu = QMenu(self)
        at = max(0.0, minutes * 60)
        menu.addAction(
            f"Annotate here ({format_duration(round(at))})…",
            lambda: self.add_annotation(at_s=at),
        )
        if hit is not None:
            self._timeline_picked(hit.kind, hit.id)
            self.timeline.select(hit.kind, hit.id)
            self._selection_actions(menu, hit.kind)
        self._popup(menu, where)

    def _selection_actions(self, menu: QMenu, kind: str) -> None:
        if kind == "step":
            row = self.data.rows[int(selected_id(self.steps) or 0)] if self.data else None
            what = "transition" if row is not None and row.is_transition else "segment"
            menu.addAction(f"Annotate this {what}…", lambda: self.add_annotation(on_selection=True))
        elif kind == "flag":
            menu.addAction("Edit flag…", self.edit_flag)
            menu.addAction("Make action item", self.make_item_from_flag)
        elif kind == "annotation":
            menu.addAction("Edit annotation…", self.edit_annotation)
            menu.addAction("Delete annotation", self.delete_annotation)

    def _table_menu(self, kind: str, table: QTableView, pos: QPoint) -> None:
        if self.data is None or selected_id(table) is None:
            return
        menu = QMenu(self)
        self._selection_actions(menu, kind)
        self._popup(menu, table.viewport().mapToGlobal(pos))

    def _popup(self, menu: QMenu, where: QPoint) -> None:
        if self.menu is not None:
            self.menu.deleteLater()
        self.menu = menu
        menu.popup(where)

    def _close_popups(self) -> None:
        self.controller.close_dialog()
        if self.menu is not None:
            self.menu.close()

    def take_focus(self) -> None:
        """Focus what the keyboard works on: the current tab's list, else the picker."""
        tables = {0: self.steps, 1: self.flags, 2: self.notes, 4: self.items.table}
        target = tables.get(self.tabs.currentIndex(), self.tabs.currentWidget())
        if self.pages.currentWidget() is not self.split:
            target = self.picker
        target.setFocus()
        if isinstance(target, QTableView) and not target.selectionModel().hasSelection():
            first = target.model().index(0, 0)  # a row to work on straight away
            flags = QItemSelectionModel.SelectionFlag
            target.selectionModel().setCurrentIndex(first, flags.ClearAndSelect | flags.Rows)

    # -- commands on what is selected, made by the edits ----------------------------------
    def add_annotation(self, at_s: float | None = None, on_selection: bool = False) -> None:
        """Ask for an annotation: at `at_s`, else about what is selected, else at the start."""
        if self.data is None:
            return
        target = None
        if at_s is None and on_selection:
            tab = self.tabs.currentIndex()
            target = self.selected_target() if tab == 0 else None
            minutes = self.timeline.selected_minutes() if tab in (1, 2) else None
            at_s = minutes * 60 if minutes is not None else None
        self.controller.add_annotation(at_s, target)

    def edit_annotation(self) -> None:
        note = self._annotation()
        if note is not None:
            self.controller.edit_annotation(note)

    def delete_annotation(self) -> None:
        note = self._annotation()
        if note is not None:
            self.controller.delete_annotation(note)

    def edit_flag(self) -> None:
        flag = self._flag()
        if flag is not None:
            self.controller.edit_flag(flag)

    def make_item(self) -> None:
        """From the selected flag, or from the debrief answer being written."""
        if self.tabs.currentWidget() is self.debrief:
            for key, box in self.debrief.boxes.items():
                if box.hasFocus():
                    self.make_item_from_answer(key)
                    return
            self.message.emit("Put the cursor in an answer to make it an action item.")
        elif self._flag() is not None:
            self.make_item_from_flag()
        else:
            self.message.emit("Select a flag, or a debrief answer, to make an action item.")

    def make_item_from_flag(self) -> None:
        flag = self._flag()
        if flag is not None:
            self.controller.make_item_from_flag(flag)

    def make_item_from_answer(self, key: str) -> None:
        self.debrief.commit(key)  # the answer as typed is the item's title
        self.controller.make_item_from_answer(key)

    def _answer(self, key: str, text: str) -> None:
        self.controller.answer(key, text, author=self.debrief.answered_by.text().strip())

    def _flag(self) -> Flag | None:
        ident, data = selected_id(self.flags), self.data
        return next((f for f in data.flags if f.id == ident), None) if data else None

    def _annotation(self) -> Annotation | None:
        ident, data = selected_id(self.notes), self.data
        return next((a for a in data.annotations if a.id == ident), None) if data else None

    # -- what the edits ask of the view ----------------------------------------------------
    def _edited(self, rehearsal_id: str) -> None:
        """A review edit was made, undone or redone: show its rehearsal (the workspace's
        changes have refreshed it, and every other view that shows review notes)."""
        if rehearsal_id != self.rehearsal_id:
            self.show_rehearsal(rehearsal_id)

    def _reveal(self, kind: str, ident: str) -> None:
        """Select what an edit made, where it is listed: an annotation or an action item."""
        tab, table = {"annotation": (2, self.notes), "action": (4, self.items.table)}[kind]
        self.tabs.setCurrentIndex(tab)
        select_id(table, ident)
        table.setFocus()

    def _evidence_edited(self, rehearsal_id: str, error: RehearsalError | None) -> None:
        """After an evidence edit ran (made, undone or redone): show its rehearsal."""
        if error is not None:
            self.show_error(error)
        self._edited(rehearsal_id)

    # -- evidence --------------------------------------------------------------------------
    def ask_import_evidence(self) -> None:
        """Choose files of evidence to import into the rehearsal shown."""
        if self.data is None:
            return
        paths = open_file_names(
            self,
            "Import evidence",
            "Evidence (*.vtt *.txt *.csv);;All files (*)",
        )
        if paths:
            self.import_evidence([Path(p) for p in paths])

    def import_evidence(self, paths: list[Path]) -> bool:
        """Import `paths` into the rehearsal shown (off the UI thread); False when none is."""
        if not self.evidence_edits.import_files(paths):
            self.message.emit("Choose a rehearsal that was run to import its evidence.")
            return False
        self.evidence.say(f"Importing {count(len(paths), 'file')}…")
        return True

    def _importing(self, text: str) -> None:
        self.evidence.say(text)
        self.message.emit(text)

    def _evidence_imported(self, outcome: ImportOutcome) -> None:
        text = outcome.summary()
        self.evidence.say(text)
        refused = outcome.refused
        self.message.emit(" ".join(text.split("\n")))
        if refused:
            self.show_error(RehearsalError("\n".join(f.text for f in refused)))
        if outcome.brought and self.tabs.currentWidget() is not self.evidence:
            self.tabs.setCurrentWidget(self.evidence)

    def _author_named(self, name: str) -> None:
        if self.debrief.answered_by.text() != name:
            self.debrief.answered_by.setText(name)

    def selected_target(self) -> Target | None:
        """The selected segment or transition, as an annotation target."""
        ident = selected_id(self.steps)
        if self.data is None or ident is None:
            return None
        step = self.data.rows[int(ident)].step
        if step.kind.value == "transition":
            label = f"Transition: {step.title}"
            return Target(label, step.segment_id, step.id)
        return Target(step.title, step.id)

    def show_error(self, exc: RehearsalError) -> None:
        self.message.emit(str(exc))
        if self.error_box is not None:
            self.error_box.deleteLater()
        self.error_box = QMessageBox(
            QMessageBox.Icon.Warning, "Review", str(exc), QMessageBox.StandardButton.Ok, self
        )
        self.error_box.open()
