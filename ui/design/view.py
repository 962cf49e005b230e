"""The Design view: edit a plan's run-of-show as comfortably as a spreadsheet, with the
intent, cues and non-negotiables a spreadsheet loses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QInputDialog,
    QLabel,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rehearsal.changes import Changes
from rehearsal.errors import NotFound, RehearsalError
from rehearsal.model import Plan, new_id
from rehearsal.plans import editor as ops
from rehearsal.plans.editor import PlanEditor
from rehearsal.workspace import Workspace
from rehearsal_ui.design.custom_columns import CustomColumns
from rehearsal_ui.design.delegates import SegmentDelegate
from rehearsal_ui.design.detail import SegmentDetail
from rehearsal_ui.design.open_items import OpenItems
from rehearsal_ui.design.properties import PlanProperties, PlanPropertiesDialog
from rehearsal_ui.design.readiness_panel import ReadinessPanel
from rehearsal_ui.design.segment_model import (
    COL_PERSON,
    COL_SECTION,
    COL_TITLE,
    COL_TYPE,
    FIRST_CUSTOM,
    SegmentTableModel,
)
from rehearsal_ui.design.signoff_panel import SignoffPanel
from rehearsal_ui.design.totals import PlanTotals
from rehearsal_ui.shell.editing import edit_on_purpose
from rehearsal_ui.shell.empty_note import EmptyNote
from rehearsal_ui.shell.settings import Settings
from rehearsal_ui.shell.theme import semantic_colors

# The widest some columns open, so that the title keeps room: the section (its group rows
# name it already) and the type; who leads.
LIST_WIDTH = 90
PERSON_WIDTH = 100
NO_PLAN = (
    "No plan to show: choose a revision in the navigator, or import a run-of-show (File → "
    "Import, Ctrl+I) or start a new program (File → New program, Ctrl+N)."
)


class SegmentTable(QTableView):
    """The table, with folding group rows and Alt+Up/Down to reorder."""

    fold_toggled = Signal(str)
    shift_requested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.shift_requested.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        index = self.currentIndex()
        model = self.model()
        if (
            isinstance(model, SegmentTableModel)
            and index.isValid()
            and model.rows[index.row()].is_group
            and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Space)
        ):
            section = model.rows[index.row()].section_id
            if section is not None:
                self.fold_toggled.emit(section)
                return
        super().keyPressEvent(event)


class DesignView(QWidget):
    revision_created = Signal(str)  # the new plan id
    plan_edited = Signal()
    message = Signal(str)

    def __init__(
        self, ws: Workspace, settings: Settings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.settings = settings if settings is not None else Settings()
        self.editor: PlanEditor | None = None
        self.collapsed: set[str] = set()
        self._shown_plan_id: str | None = None
        self._editing = 0  # inside an edit of ours: what it publishes is shown already
        self._readiness_timer = QTimer(self)
        self._readiness_timer.setSingleShot(True)
        self._readiness_timer.setInterval(150)
        self._readiness_timer.timeout.connect(self.refresh_readiness)
        self.model = SegmentTableModel(self.apply)
        self.model.collapsed = self.collapsed
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setObjectName("revisionBanner")
        self.totals = PlanTotals()
        self.table = SegmentTable()
        self.table.setModel(self.model)
        self.table.setItemDelegate(SegmentDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        edit_on_purpose(self.table)  # a key typed on the table never edits a cell
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.table.setDragDropOverwriteMode(False)
        self.table.setDropIndicatorShown(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.setResizeContentsPrecision(40)  # size columns from a sample, not every row
        self.empty = EmptyNote(self.table)
        self.table.fold_toggled.connect(self.toggle_section)
        self.table.shift_requested.connect(self.shift)
        self.table.clicked.connect(self._clicked)
        # The custom columns shown are remembered per program; without the app's settings
        # (a view made on its own) only while it lives.
        self.columns = CustomColumns(
            self.table,
            self.model,
            self.settings,
            plan=lambda: self.plan,
            relayout=self._layout_rows,
            persist=settings is not None,
        )
        self.detail = SegmentDetail(self.apply)
        self.readiness = ReadinessPanel()
        self.readiness.segments_chosen.connect(self.reveal_segments)
        self.signoff = SignoffPanel()
        self.signoff.message.connect(self.message)
        self.signoff.undo_stack.indexChanged.connect(self._signed_off)
        self.launch_tabs = QTabWidget()  # readiness and sign-off, side by side as tabs
        self.launch_tabs.setDocumentMode(True)
        self.launch_tabs.addTab(self.readiness, "Readiness")
        self.launch_tabs.addTab(self.signoff, "Sign-off")
        self.side = QSplitter(Qt.Orientation.Vertical)
        self.side.addWidget(self.detail)
        self.side.addWidget(self.launch_tabs)
        self.side.setSizes([380, 440])
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([860, 260])
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.banner)
        layout.addWidget(self.totals)
        layout.addWidget(split, 1)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.set_colours("#c0392b", "#eef1f5")
        self._show(None)

    # -- which plan ------------------------------------------------------------------------
    @property
    def plan(self) -> Plan | None:
        return self.editor.plan if self.editor else None

    def show_plan(self, plan_id: str | None) -> None:
        if self.editor is not None and plan_id == self.editor.plan.id:
            return
        self.editor = PlanEditor(self.ws, plan_id) if plan_id else None
        self._show(self.plan)

    def set_colours(self, warning: str, group_background: str) -> None:
        self._warning = warning
        self.model.warning_brush = QBrush(QColor(warning))
        self.model.group_brush = QBrush(QColor(group_background))
        self._style_banner()  # the appearance may have changed
        self.readiness.show_report(self.readiness.report)  # its icons are coloured
        items_colour = semantic_colors().flag  # the colour flags have everywhere
        self.model.items_brush = QBrush(QColor(items_colour))
        self.detail.set_items_colour(items_colour)
        self.model.forget()
        self.table.viewport().update()

    def _show(self, plan: Plan | None, keep: list[str] | None = None) -> None:
        current = keep if keep is not None else self.selected_ids()
        new_plan = (plan.id if plan else None) != self._shown_plan_id
        self._shown_plan_id = plan.id if plan else None
        reshaped = self.model.set_plan(plan)
        if self.columns.sync() or reshaped or new_plan:
            self._layout_rows(resize_columns=new_plan)
        self.totals.show_plan(plan, self._warning)
        if new_plan:
            self.refresh_readiness()
            self.refresh_items()
            self.signoff.show_plan(self.ws, plan.id if plan else None)
        else:
            self._readiness_timer.start()  # off the edit's critical path
        self.empty.set_text(
            NO_PLAN
            if plan is None
            else f"Revision {plan.revision} has no segments yet: add one with Edit → Add "
            "segment (Ctrl+Return)."
        )
        if plan is None:
            self.title.setText("No plan selected")
            self.banner.hide()
            self.detail.show_segment(None, None)
            return
        program = self.ws.program(plan.program_id).name
        self.title.setText(f"{program} — revision {plan.revision}")
        self._update_banner()
        self.select_segments(current or ([plan.segments[0].id] if plan.segments else []))

    def _update_banner(self) -> None:
        if self.editor is None or not self.editor.will_create_revision:
            self.banner.hide()
            return
        plan = self.editor.plan
        used = len(self.ws.rehearsals(plan.id))
        top = self.ws.latest_plan(plan.program_id).revision
        times = "once" if used == 1 else f"{used} times"
        self.banner.setText(
            f"Revision {plan.revision} has been rehearsed {times}, so it is kept as it is. "
            f"Your first change here will create revision {top + 1}."
        )
        self._style_banner()
        self.banner.show()

    def _style_banner(self) -> None:
        c = semantic_colors()
        self.banner.setStyleSheet(
            f"QLabel#revisionBanner {{ background: {c.notice_background}; "
            f"color: {c.notice_text}; padding: 6px; "
            f"border: 1px solid {c.notice_border}; border-radius: 4px; }}"
        )

    def _layout_rows(self, resize_columns: bool = False) -> None:
        self.model.collapsed = self.collapsed
        self.model.forget()
        self.table.clearSpans()
        for i, row in enumerate(self.model.rows):
            if row.is_group:
                self.table.setSpan(i, 0, 1, self.model.columnCount())
                self.table.setRowHidden(i, False)
            else:
                self.table.setRowHidden(i, row.section_id in self.collapsed)
        if not resize_columns:
            return
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (COL_SECTION, COL_TYPE):
            header.resizeSection(column, min(header.sectionSize(column), LIST_WIDTH))
        header.resizeSection(COL_PERSON, min(header.sectionSize(COL_PERSON), PERSON_WIDTH))
        self.columns.fit(range(FIRST_CUSTOM, self.model.columnCount()))

    # -- edits -----------------------------------------------------------------------------
    def apply(
        self, label: str, change: ops.PlanChange | None, *, rename: str | None = None
    ) -> None:
        """Apply a core change (undoable), with `rename` a new name for the program in the
        same step; refused ones are explained, nothing changes."""
        if self.editor is None:
            return
        before = self.editor.plan.id
        try:
            with self._own_edit():
                plan = self.editor.apply(label, change, rename=rename)
        except RehearsalError as exc:
            self.message.emit(str(exc))
            return
        self._after_edit(plan, before)

    def edit_properties(self) -> PlanPropertiesDialog | None:
        """Open the plan's properties (window-modal); OK applies them as one undoable step."""
        if self.editor is None:
            return None
        plan = self.editor.plan
        revision = None
        if self.editor.will_create_revision:
            revision = self.ws.latest_plan(plan.program_id).revision + 1
        dialog = PlanPropertiesDialog(
            plan, self.ws.program(plan.program_id).name, new_revision=revision, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply_properties(dialog.result_properties()))
        dialog.open()
        return dialog

    def apply_properties(self, props: PlanProperties | None) -> None:
        """Set the program's name and the plan's slot, start, time zone and notes: one
        step of the undo stack (a rehearsed plan's change goes into the next revision)."""
        if props is None or self.editor is None:
            return
        plan = self.editor.plan
        renamed = props.program_name != self.ws.program(plan.program_id).name
        same_plan = PlanProperties.of(plan, props.program_name) == props
        label = "Rename program" if renamed and same_plan else "Plan properties"
        self.apply(
            label, lambda p: ops.update_plan(p, **props.plan_changes()), rename=props.program_name
        )

    @contextmanager
    def _own_edit(self) -> Iterator[None]:
        self._editing += 1
        try:
            yield
        finally:
            self._editing -= 1

    def on_changes(self, changes: Changes) -> None:
        """What the workspace says changed: the shown plan again if someone else changed
        it, its readiness and open items if its rehearsals, review notes or the launch
        rules changed. Our own edits are shown as they are made."""
        plan = self.plan
        if plan is None or self._editing or not self.ws.is_open:
            return
        if changes.touches_plan(plan.id):
            self.editor = None
            try:
                self.show_plan(plan.id)  # changed elsewhere (a pack, a re-timing): read it again
            except NotFound:
                self.show_plan(None)  # gone: the navigator chooses what to show
            return
        if changes.touches_program(plan.program_id):  # renamed (in the navigator)
            self.title.setText(
                f"{self.ws.program(plan.program_id).name} — revision {plan.revision}"
            )
        if changes.rehearsals:
            self._update_banner()  # the plan may now be used (or no longer): edits say so
        if changes.rehearsals or changes.review or changes.settings or changes.programs:
            self.refresh_readiness()
            self.refresh_items()
        elif changes.touches_signoffs(plan.id):
            self.refresh_readiness()
        if changes.touches_signoffs(plan.id):
            self.signoff.refresh()

    def _after_edit(self, plan: Plan, before_id: str, keep: list[str] | None = None) -> None:
        self._show(plan, keep)
        self.plan_edited.emit()
        if plan.id != before_id:
            self.revision_created.emit(plan.id)

    def _signed_off(self, _index: int) -> None:
        """A sign-off recorded, undone or redone: Edit → Undo names it."""
        self.plan_edited.emit()

    @property
    def signing_off(self) -> bool:
        """Whether Undo and Redo are the sign-off panel's: the focus is in it."""
        focused = QApplication.focusWidget()
        return focused is not None and self.signoff.isAncestorOf(focused)

    def undo(self) -> None:
        if self.signing_off and self.signoff.undo_stack.canUndo():
            self.signoff.undo()
        elif self.editor is not None and self.editor.can_undo:
            label, before = self.editor.undo_label, self.editor.plan.id
            with self._own_edit():
                plan = self.editor.undo()
            self._after_edit(plan, before)
            self.message.emit(f"Undid: {label}")

    def redo(self) -> None:
        if self.signing_off and self.signoff.undo_stack.canRedo():
            self.signoff.redo()
        elif self.editor is not None and self.editor.can_redo:
            label, before = self.editor.redo_label, self.editor.plan.id
            with self._own_edit():
                plan = self.editor.redo()
            self._after_edit(plan, before)
            self.message.emit(f"Redid: {label}")

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        ids = [self.model.rows[r].segment for r in rows if r < len(self.model.rows)]
        return [s.id for s in ids if s is not None]

    def select_segments(self, ids: list[str]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        first = True
        for sid in ids:
            row = self.model.row_of_segment(sid)
            if row < 0:
                continue
            index = self.model.index(row, COL_TITLE)
            flags = (
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            )
            if first:
                selection.setCurrentIndex(index, flags)
                self.table.scrollTo(index)
                first = False
            else:
                selection.select(index, flags)
        self._current_changed()

    def add_segment(self) -> None:
        if self.plan is None:
            return
        ids = self.selected_ids()
        new = new_id()
        after = ids[-1] if ids else None
        self.apply("Add segment", lambda p: ops.add_segment(p, after, segment_id=new))
        self.select_segments([new])
        self.table.edit(self.model.index(self.model.row_of_segment(new), COL_TITLE))

    def duplicate(self) -> None:
        ids = self.selected_ids()
        if ids and self.plan is not None:
            before = {s.id for s in self.plan.segments}
            self.apply("Duplicate", lambda p: ops.duplicate_segments(p, ids))
            if self.plan is not None:
                self.select_segments([s.id for s in self.plan.segments if s.id not in before])

    def delete(self) -> None:
        ids = self.selected_ids()
        if ids and self.plan is not None:
            after = [s.id for s in self.plan.segments if s.id not in ids]
            label = "Delete segments" if len(ids) > 1 else "Delete segment"
            self.apply(label, lambda p: ops.delete_segments(p, ids))
            if after:
                self.select_segments([after[0]])

    def shift(self, step: int) -> None:
        ids = self.selected_ids()
        if ids:
            label = "Move up" if step < 0 else "Move down"
            self.apply(label, lambda p: ops.shift_segments(p, ids, step))
            self.select_segments(ids)

    def add_section(self) -> None:
        if self.plan is None:
            return
        title, ok = QInputDialog.getText(self, "New section", "Section title:")
        if not ok or not title.strip():
            return
        ids = self.selected_ids()
        section = new_id()

        def change(p: Plan) -> Plan:
            p = ops.add_section(p, title, section_id=section)
            return ops.move_to_section(p, ids, section) if ids else p

        self.apply("Add section", change)

    def move_to_section(self, section_id: str | None) -> None:
        ids = self.selected_ids()
        if ids:
            self.apply("Move to section", lambda p: ops.move_to_section(p, ids, section_id))

    def refresh_readiness(self) -> None:
        if not self.ws.is_open:  # a refresh still pending when the workspace was closed
            return
        plan = self.plan
        self.readiness.refresh(self.ws, plan.id if plan else None)

    def refresh_items(self) -> None:
        """Re-read the open action items of the shown plan's program (every revision's
        rehearsals) into the table and the detail panel: call it when review data changed."""
        plan = self.plan
        items = OpenItems.read(self.ws, plan.program_id if plan else None)
        self.model.set_open_items(items)
        self._current_changed()

    def find_next(self, text: str) -> bool:
        """Select the next segment (after the selected one) whose text holds `text`."""
        plan, needle = self.plan, text.casefold()
        if plan is None or not plan.segments:
            return False
        current = self.selected_ids()
        ids = [s.id for s in plan.segments]
        start = ids.index(current[0]) if current and current[0] in ids else -1
        for step in range(1, len(ids) + 1):
            seg = plan.segments[(start + step) % len(ids)]
            fields = (
                seg.title,
                seg.lead_person,
                seg.intent,
                seg.facilitator_notes,
                seg.producer_cues,
                seg.materials,
                seg.contingency,
                seg.cue,
                *(value for _, value in seg.custom),
            )
            if needle in " ".join(fields).casefold():
                self.reveal_segments([seg.id])
                return True
        return False

    # -- folding and selection -------------------------------------------------------------
    def reveal_segments(self, ids: list[str]) -> None:
        """Select segments, unfolding the sections they are in."""
        plan = self.plan
        if plan is None:
            return
        sections = {s.section_id for s in plan.segments if s.id in set(ids)}
        if self.collapsed & sections:
            self.collapsed -= {s for s in sections if s is not None}
            self._layout_rows()
        self.select_segments(ids)
        self.table.setFocus()

    def toggle_section(self, section_id: str) -> None:
        self.collapsed ^= {section_id}
        self._layout_rows()
        row = next(i for i, r in enumerate(self.model.rows) if r.section_id == section_id)
        self.model.dataChanged.emit(self.model.index(row, 0), self.model.index(row, 0))

    def _clicked(self, index: QModelIndex) -> None:
        row = self.model.rows[index.row()]
        if row.is_group and row.section_id is not None:
            self.toggle_section(row.section_id)

    def _current_changed(self) -> None:
        index = self.table.currentIndex()
        segment = self.model.rows[index.row()].segment if index.isValid() else None
        self.detail.show_segment(self.plan, segment.id if segment else None)
        self.detail.show_items(self.model.open_items.lines.get(segment.id, ()) if segment else ())
