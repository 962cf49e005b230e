"""The main window: a navigator of programs, revisions and rehearsals, and the work area
with the views Design, Rehearse, Review and Analyze."""

from __future__ import annotations

import base64
import dataclasses
import importlib
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QPoint, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QWidget,
)

from rehearsal.changes import Changes
from rehearsal.errors import RehearsalError
from rehearsal.model import PlanDraft, Segment, new_id
from rehearsal.workspace import Workspace
from rehearsal_ui.design.view import DesignView
from rehearsal_ui.exchange.commands import ExchangeCommands
from rehearsal_ui.exchange.plan_files import PlanFiles, importable
from rehearsal_ui.help.keys import KeyGroup, action_groups, list_group, live_groups
from rehearsal_ui.navigator import PLAN_ROLE, REHEARSAL_ROLE, Navigator
from rehearsal_ui.navigator.commands import Hooks, NavigatorCommands
from rehearsal_ui.rehearse.presenter import PresenterWindow
from rehearsal_ui.rehearse.resume_offer import ResumeAnswer, ask_about_interrupted
from rehearsal_ui.rehearse.view import RehearseView
from rehearsal_ui.shell.actions import VIEWS, Actions, build_actions, shortcut_text
from rehearsal_ui.shell.changes import WorkspaceChanges
from rehearsal_ui.shell.file_dialogs import remember_in, save_file_name
from rehearsal_ui.shell.icons import app_icon
from rehearsal_ui.shell.lazy_page import LazyPage
from rehearsal_ui.shell.settings import Settings, load_settings, save_settings
from rehearsal_ui.shell.theme import appearance_changed, semantic_colors

# Analyze's modules (its charts, the analysis) are imported this long after the window is
# made, when the app is most likely idle, rather than at the first switch to it.
PREPARE_ANALYZE_MS = 800

if TYPE_CHECKING:
    from rehearsal_ui.analyze.view import AnalyzeView
    from rehearsal_ui.design.revision_history import RevisionHistory
    from rehearsal_ui.help.about import AboutDialog
    from rehearsal_ui.help.keyboard import KeyboardReference
    from rehearsal_ui.help.pages import HelpWindow
    from rehearsal_ui.review.view import ReviewView

__all__ = ["PLAN_ROLE", "REHEARSAL_ROLE", "MainWindow"]


class MainWindow(QMainWindow):
    def __init__(self, ws: Workspace, settings: Settings | None = None) -> None:
        super().__init__()
        self.ws = ws
        self.settings = settings or load_settings()
        remember_in(self.settings)  # the folder of the file chosen last, for file dialogs
        self.setWindowIcon(app_icon())
        self.commands = build_actions(self)
        self.navigator = Navigator()
        self.tree = self.navigator.tree
        self.navigator_commands = NavigatorCommands(
            self.navigator,
            Hooks(
                workspace=lambda: self.ws,
                live_rehearsal=lambda: (
                    self.rehearse.run.rehearsal.id if self.rehearse.run else None
                ),
                open_in_review=self.open_in_review,
                show_archived_changed=self._show_archived,
                status=self._navigator_said,
            ),
            show_archived=self.settings.show_archived,
        )
        self.design = DesignView(ws, self.settings)
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.rehearse = RehearseView(ws, self.settings)
        self.presenter: PresenterWindow | None = None
        self.help_window: HelpWindow | None = None
        self.keyboard_window: KeyboardReference | None = None
        self.views.addTab(self.design, self.commands.views[0].icon(), "Design")
        self.views.addTab(self.rehearse, self.commands.views[1].icon(), "Rehearse")
        # Review and Analyze (its charts need room; a small window scrolls) are built when
        # first shown: the launch paints the Design view without them.
        self.review_page = LazyPage(self._build_review)
        self.views.addTab(self.review_page, self.commands.views[2].icon(), "Review")
        self.analyze_page = LazyPage(
            self._build_analyze,
            scrolls=True,
            defer=True,
            prepare=lambda: importlib.import_module("rehearsal_ui.analyze.view"),
        )
        self.analyze_page.prepare_after(PREPARE_ANALYZE_MS)
        self.views.addTab(self.analyze_page, self.commands.views[3].icon(), "Analyze")
        # What the workspace's operations changed, for the views and for the navigator.
        self.changes = WorkspaceChanges(ws, self)
        self._relist_pending = False
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText("Find a segment…")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMaximumWidth(260)
        self.find_box.returnPressed.connect(self.find_next)
        split = QSplitter()
        split.addWidget(self.navigator)
        split.addWidget(self.views)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 1100])
        self.setCentralWidget(split)
        self.setAcceptDrops(True)
        status = self.statusBar().showMessage
        # After a navigator command (archive, delete, rename): Undo, right there.
        self.undo_button = QPushButton("Undo")
        self.undo_button.setFlat(True)
        self.undo_button.hide()
        self.undo_button.clicked.connect(self._undo_navigator)
        self.statusBar().addPermanentWidget(self.undo_button)
        self._navigator_message = ""
        self.statusBar().messageChanged.connect(self._status_changed)
        self.plan_files = PlanFiles(
            self,
            workspace=lambda: self.ws,
            shown_plan=lambda: self.design.plan,
            imported=lambda plan: self.reload(select_plan=plan.id),
            status=status,
        )
        self.exchange = ExchangeCommands(
            self,
            workspace=lambda: self.ws,
            shown_rehearsal=lambda: self.review.rehearsal_id,
            status=status,
        )
        self._build_menus()
        self._connect()
        self._apply_colours()
        self._set_workspace_title()
        self.navigator.set_empty_text(self.empty_navigator_text())
        self.statusBar().showMessage("Ready", 2000)
        self.reload(select_plan=self.settings.last_plan_id)
        self._restore()

    # -- construction ----------------------------------------------------------------------
    def _build_menus(self) -> None:
        a: Actions = self.commands
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addActions([a.new_program, a.open_workspace])
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        file_menu.addActions([a.import_plan, a.export_plan])
        self.report_action = file_menu.addAction("Export repor&t…", self.export_report)
        self.report_action.setShortcut("Ctrl+Shift+R")
        self.report_action.setStatusTip("A rehearsal report or a plan's variance report: PDF, HTML")
        file_menu.addSeparator()
        self.exchange.add_to(file_menu)
        file_menu.addSeparator()
        file_menu.addActions([a.preferences, a.quit])
        edit = self.menuBar().addMenu("&Edit")
        edit.addActions([a.undo, a.redo])
        edit.addSeparator()
        edit.addActions([a.add_segment, a.duplicate, a.delete, a.move_up, a.move_down])
        edit.addSeparator()
        edit.addAction(a.add_section)
        self.section_menu = edit.addMenu("Move to se&ction")
        self.section_menu.aboutToShow.connect(self._fill_sections)
        edit.addSeparator()
        edit.addAction(a.plan_properties)
        edit.addSeparator()
        edit.addAction(a.find)
        view = self.menuBar().addMenu("&View")
        view.addActions(list(a.views))
        view.addSeparator()
        view.addAction(a.history)
        view.addAction(self.navigator_commands.show_archived)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addActions([a.help, a.keyboard])
        help_menu.addSeparator()
        help_menu.addAction(a.about)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.addActions([a.import_plan, a.export_plan])
        toolbar.addSeparator()
        toolbar.addActions([a.undo, a.redo])
        toolbar.addSeparator()
        toolbar.addActions([a.add_segment, a.duplicate, a.delete, a.move_up, a.move_down])
        toolbar.addSeparator()
        toolbar.addWidget(self.find_box)
        self.design.totals.set_properties_action(a.plan_properties)
        self.design.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.design.table.customContextMenuRequested.connect(self._table_menu)

    def _connect(self) -> None:
        a = self.commands
        a.new_program.triggered.connect(self.new_program)
        a.open_workspace.triggered.connect(self.choose_workspace)
        a.import_plan.triggered.connect(self.plan_files.choose_import)
        a.export_plan.triggered.connect(self.plan_files.choose_export)
        a.preferences.triggered.connect(self.edit_preferences)
        a.quit.triggered.connect(self.close)
        a.undo.triggered.connect(self.undo)
        a.redo.triggered.connect(self.redo)
        a.find.triggered.connect(self._focus_find)
        a.add_segment.triggered.connect(self.design.add_segment)
        a.duplicate.triggered.connect(self.design.duplicate)
        a.delete.triggered.connect(self.design.delete)
        a.move_up.triggered.connect(lambda: self.design.shift(-1))
        a.move_down.triggered.connect(lambda: self.design.shift(1))
        a.add_section.triggered.connect(self.design.add_section)
        a.plan_properties.triggered.connect(self.design.edit_properties)
        a.history.triggered.connect(self.show_history)
        a.help.triggered.connect(self.show_help)
        a.keyboard.triggered.connect(self.show_keyboard)
        a.about.triggered.connect(self.show_about)
        for action, name in zip(a.views, VIEWS, strict=True):
            action.triggered.connect(lambda _=False, n=name: self.show_view(n))
        self.views.currentChanged.connect(self._view_changed)
        self.navigator.selectionModel().currentChanged.connect(self._navigated)
        self.design.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.design.plan_edited.connect(self._update_actions)
        self.design.revision_created.connect(self._revision_created)
        self.design.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.navigator_commands.undo_stack.indexChanged.connect(self._update_undo)
        self.navigator.focus_changed.connect(self._update_undo)  # undo follows the focus
        appearance_changed.connect(self._apply_colours)
        self.rehearse.message.connect(lambda text: self.statusBar().showMessage(text, 3000))
        self.rehearse.board.presenter_button.clicked.connect(self.toggle_presenter)
        for view in (self.design, self.rehearse):
            self.changes.changed.connect(view.on_changes)
        self.changes.changed.connect(self._on_changes)

    @property
    def review(self) -> ReviewView:
        """The Review view, built now if its tab was never shown."""
        return self.review_page.content()

    def _build_review(self) -> ReviewView:
        from rehearsal_ui.review.view import ReviewView  # see _build_analyze

        view = ReviewView(self.ws, self.settings)
        if rehearsal_id := self.navigator.rehearsal_id():  # what _navigated would have shown
            view.show_rehearsal(rehearsal_id)
        else:
            view.set_plan(self.navigator.plan_id())
        view.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        view.undo_stack.indexChanged.connect(self._update_actions)
        self.changes.changed.connect(view.on_changes)
        return view

    @property
    def analyze(self) -> AnalyzeView:
        """The Analyze view, built now if its tab was never shown."""
        return self.analyze_page.content()

    def _build_analyze(self) -> AnalyzeView:
        # Imported here, not above: the launch does not pay for a view it does not show.
        from rehearsal_ui.analyze.view import AnalyzeView

        shown = self.views.currentWidget() is self.analyze_page
        view = AnalyzeView(self.ws, self.settings)
        view.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        view.revision_created.connect(self._revision_created)
        view.open_in_design.connect(self._open_in_design)
        self.changes.changed.connect(view.on_changes)
        if shown:  # what _sync_analyze does
            view.set_plan(self.settings.last_plan_id)
        return view

    def _apply_colours(self) -> None:
        colours = semantic_colors()
        self.design.set_colours(colours.danger, colours.section_background)

    def _restore(self) -> None:
        s = self.settings
        if s.window_geometry:
            self.restoreGeometry(QByteArray(base64.b64decode(s.window_geometry)))
        else:
            self.resize(1400, 900)
        if s.window_state:
            self.restoreState(QByteArray(base64.b64decode(s.window_state)))
        self.show_view(s.last_view if s.last_view in VIEWS else "design")

    # -- navigator -------------------------------------------------------------------------
    def reload(self, select_plan: str | None = None) -> None:
        shown = self.navigator.reload(
            self.ws, select_plan, show_archived=self.settings.show_archived
        )
        if not shown:
            self.design.show_plan(None)
            if self.review_page.is_built:
                self.review.set_plan(None)
        self._update_actions()

    def empty_navigator_text(self) -> str:
        """What the navigator says with no program to list: its keys from the actions."""
        a = self.commands
        return (
            "No programs yet.\n\nImport a run-of-show (File → Import, "
            f"{shortcut_text(a.import_plan)}), or drop a sheet on this window, or start a "
            f"new program (File → New program, {shortcut_text(a.new_program)})."
        )

    def _navigated(self) -> None:
        plan_id, rehearsal_id = self.navigator.plan_id(), self.navigator.rehearsal_id()
        if plan_id:
            self.design.show_plan(plan_id)
            self.rehearse.set_plan(plan_id)
            self.settings.last_plan_id = plan_id
        if rehearsal_id:
            self.review.show_rehearsal(rehearsal_id)
            self.show_view("review")
        elif plan_id and self.review_page.is_built:  # else it is built on this plan
            self.review.set_plan(plan_id)
        self._sync_analyze()
        self._update_actions()

    def _sync_analyze(self) -> None:
        """Analyze follows the navigator's plan (it reads what changed itself, when shown;
        built, it is given the plan then)."""
        if self.views.currentWidget() is self.analyze_page and self.analyze_page.is_built:
            self.analyze.set_plan(self.settings.last_plan_id)

    def export_report(self) -> None:
        """File → Export report…: the rehearsal shown in Review, or the plan across its
        rehearsals with Analyze's filters, previewed before saving."""
        from rehearsal_ui.reports.dialog import ReportDialog

        plan_id = self.settings.last_plan_id if self.design.plan is not None else None
        dialog = ReportDialog(
            self, self.ws, self.review.rehearsal_id, plan_id, self.analyze.current_filters()
        )
        if self.views.currentWidget() is self.analyze_page and dialog.across.isEnabled():
            dialog.across.setChecked(True)
        if dialog.exec() and dialog.saved is not None:
            self.statusBar().showMessage(f"Report saved to {dialog.saved}", 8000)

    def _open_in_design(self, segment_id: str) -> None:
        self.show_view("design")
        self.design.reveal_segments([segment_id])

    def _on_changes(self, changes: Changes) -> None:
        """The frame's share of a change: the navigator lists programs, revisions and
        rehearsals again (once the operation is over, however many changes it made)."""
        relist = changes.everything or changes.programs or changes.plans or changes.rehearsals
        if relist and not self._relist_pending:
            self._relist_pending = True
            QTimer.singleShot(0, self._relist)

    def _relist(self) -> None:
        self._relist_pending = False
        if self.ws.is_open:
            self.reload(select_plan=self.navigator.plan_id() or self.settings.last_plan_id)

    def offer_resume(self) -> None:
        """On start: a rehearsal that was running when the app stopped is offered for resume."""
        choice = ask_about_interrupted(self.ws, self)
        if choice is None:
            return
        rehearsal_id, answer = choice
        self.show_view("rehearse")
        if answer is ResumeAnswer.RESUME:
            self.rehearse.resume(rehearsal_id)
        elif answer is ResumeAnswer.ABANDON:
            self.ws.abandon_rehearsal(rehearsal_id)  # its Changes refresh every view
        else:
            self.rehearse.show_idle()

    def toggle_presenter(self) -> None:
        if self.presenter is None:
            self.presenter = PresenterWindow()
            self.presenter.setWindowIcon(app_icon())
            self.presenter.setWindowTitle("Rehearsal — presenter")
            self.rehearse.ticked.connect(self.presenter.show_status)
        if self.presenter.isVisible():
            self.presenter.hide()
        else:
            self.presenter.show_status(self.rehearse.status if self.rehearse.run else None)
            self.presenter.resize(900, 560)
            self.presenter.show()

    def _revision_created(self, plan_id: str) -> None:
        self.reload(select_plan=plan_id)
        plan = self.design.plan
        if plan is not None:
            self.statusBar().showMessage(f"Created revision {plan.revision}.", 8000)

    def open_in_review(self, rehearsal_id: str) -> None:
        self.review.show_rehearsal(rehearsal_id)
        self.show_view("review")

    def _show_archived(self, on: bool) -> None:
        """List archived rehearsals too (the navigator, Review's picker), or not."""
        self.settings.show_archived = on
        self.reload(select_plan=self.navigator.plan_id())
        if self.review_page.is_built:
            self.review.set_plan(self.review.plan_id)

    def _navigator_said(self, text: str) -> None:
        """A navigator command's outcome, with Undo beside it while it can be undone."""
        self._navigator_message = text
        self.statusBar().showMessage(text, 20_000)
        stack = self.navigator_commands.undo_stack
        self.undo_button.setVisible(stack.canUndo())
        self.undo_button.setToolTip(f"Undo: {stack.undoText()}")

    def _status_changed(self, text: str) -> None:
        if text != self._navigator_message:
            self.undo_button.hide()
            self._navigator_message = ""

    def _undo_navigator(self) -> None:
        stack = self.navigator_commands.undo_stack
        if stack.canUndo():
            label = stack.undoText()
            stack.undo()
            self.statusBar().showMessage(f"Undone: {label}", 8000)
        self.undo_button.hide()

    def _navigator_undoes(self) -> bool:
        """Edit → Undo/Redo act on the navigator's commands (archive, delete, rename) while
        it has the focus and has one to undo or redo; else on the view's."""
        stack = self.navigator_commands.undo_stack
        return self.navigator.hasFocus() and (stack.canUndo() or stack.canRedo())

    # -- commands --------------------------------------------------------------------------
    def undo(self) -> None:
        if self._navigator_undoes():
            self._undo_navigator()
        elif self.views.currentWidget() is self.review_page:
            self.review.undo_stack.undo()
        else:
            self.design.undo()

    def redo(self) -> None:
        if self._navigator_undoes():
            self.navigator_commands.undo_stack.redo()
        elif self.views.currentWidget() is self.review_page:
            self.review.undo_stack.redo()
        else:
            self.design.redo()

    def _update_undo(self) -> None:
        """Undo and Redo name what they would undo: the navigator's command while it has
        the focus, Review's edits while Review is shown, else the plan's."""
        a, editor = self.commands, self.design.editor
        designing = self.views.currentWidget() is self.design
        if self._navigator_undoes():
            stack = self.navigator_commands.undo_stack
            can_undo, can_redo = stack.canUndo(), stack.canRedo()
            undo_label, redo_label = stack.undoText(), stack.redoText()
        elif self.views.currentWidget() is self.review_page:  # review edits: their own stack
            stack = self.review.undo_stack
            can_undo, can_redo = stack.canUndo(), stack.canRedo()
            undo_label, redo_label = stack.undoText(), stack.redoText()
        else:
            can_undo = bool(designing and editor and editor.can_undo)
            can_redo = bool(designing and editor and editor.can_redo)
            undo_label = editor.undo_label if editor and editor.can_undo else ""
            redo_label = editor.redo_label if editor and editor.can_redo else ""
        a.undo.setEnabled(can_undo)
        a.redo.setEnabled(can_redo)
        a.undo.setText(f"&Undo {undo_label}" if can_undo else "&Undo")
        a.redo.setText(f"&Redo {redo_label}" if can_redo else "&Redo")

    def _update_actions(self) -> None:
        a, editor = self.commands, self.design.editor
        self.exchange.update()
        self.navigator_commands.update()
        designing = self.views.currentWidget() is self.design
        has_plan = editor is not None and designing
        selected = bool(self.design.selected_ids())
        self._update_undo()
        for action in (
            a.export_plan,
            a.add_segment,
            a.add_section,
            a.plan_properties,
            a.find,
            a.history,
        ):
            action.setEnabled(has_plan)
        for action in (a.duplicate, a.delete, a.move_up, a.move_down):
            action.setEnabled(has_plan and selected)

    def finish_pending_work(self, timeout_s: float = 30.0) -> bool:
        """Block until the view shown is built and done drawing (False on timeout). For a
        one-shot render (`rehearsal --screenshot`), never from the app's own events."""
        page = self.views.currentWidget()
        if isinstance(page, LazyPage):
            page.content()
        deadline = time.monotonic() + timeout_s
        while self.analyze_page.is_built and self.analyze.busy:
            if time.monotonic() > deadline:
                return False
            QApplication.processEvents()
            time.sleep(0.002)
        return True

    def show_view(self, name: str) -> None:
        self.views.setCurrentIndex(VIEWS.index(name))

    def _view_changed(self, index: int) -> None:
        self.commands.views[index].setChecked(True)
        self.settings.last_view = VIEWS[index]
        self._update_actions()  # plan editing keys belong to the Design view
        if VIEWS[index] == "rehearse":
            self.rehearse.setFocus()
        elif VIEWS[index] == "review":
            self.review.take_focus()
        elif VIEWS[index] == "analyze":
            self._sync_analyze()

    def _focus_find(self) -> None:
        self.show_view("design")
        self.find_box.setFocus()
        self.find_box.selectAll()

    def find_next(self) -> None:
        """Select the next segment whose text holds what is typed in the find box."""
        text = self.find_box.text().strip()
        if text and not self.design.find_next(text):
            self.statusBar().showMessage(f"No segment mentions “{text}”.", 5000)
        self.find_box.setFocus()

    def new_program(self) -> None:
        name, ok = QInputDialog.getText(self, "New program", "Program name:")
        if not ok or not name.strip():
            return
        draft = PlanDraft(name=name.strip(), segments=(Segment(new_id(), "Welcome", 300),))
        plan = self.ws.add_plan(draft)
        self.reload(select_plan=plan.id)
        self.show_view("design")

    def choose_workspace(self) -> None:
        name, _ = save_file_name(
            self,
            "Open or create a workspace",
            "",
            "Rehearsal workspace (*.rehearsal);;All files (*)",
            confirm_overwrite=False,
        )
        if name:
            self.open_workspace(Path(name))

    def open_workspace(self, path: Path) -> bool:
        if path.resolve() == self.ws.path.resolve():
            return True
        try:
            ws = Workspace.open(path)
        except RehearsalError as exc:
            QMessageBox.warning(self, "Cannot open workspace", str(exc))
            return False
        if self.rehearse.run is not None:
            QMessageBox.warning(
                self,
                "Rehearsal running",
                "Finish the running rehearsal before opening another workspace.",
            )
            ws.close()
            return False
        self.exchange.close()  # jobs on the old workspace report before it closes
        self.ws.close()
        self.ws = ws
        self.design.ws = ws
        self.design.editor = None
        self.rehearse.set_workspace(ws)
        if self.review_page.is_built:  # else it is built on the workspace open then
            self.review.set_workspace(ws)
        if self.analyze_page.is_built:
            self.analyze.set_workspace(ws)
        self.settings.add_recent(str(path))
        self.settings.last_workspace = str(path)
        self._set_workspace_title()
        self.reload()
        self.changes.watch(ws)  # another workspace: everything changed
        return True

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for entry in self.settings.recent_workspaces:
            action = self.recent_menu.addAction(entry.replace("&", "&&"))  # a path, as it is
            action.triggered.connect(lambda _=False, p=entry: self.open_workspace(Path(p)))
        self.recent_menu.setEnabled(True)
        if not self.settings.recent_workspaces:
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    def _fill_sections(self) -> None:
        self.section_menu.clear()
        plan = self.design.plan
        if plan is None:
            return
        none = self.section_menu.addAction("(no section)")
        none.triggered.connect(lambda: self.design.move_to_section(None))
        for section in plan.sections:
            action = self.section_menu.addAction(section.title.replace("&", "&&"))
            action.triggered.connect(lambda _=False, s=section.id: self.design.move_to_section(s))

    def _table_menu(self, pos: QPoint) -> None:
        a = self.commands
        menu = QMenu(self)
        menu.addActions(
            [a.add_segment, a.duplicate, a.delete, a.move_up, a.move_down, a.add_section]
        )
        menu.addMenu(self.section_menu)
        self._fill_sections()
        menu.exec(self.design.table.viewport().mapToGlobal(pos))

    def edit_preferences(self) -> None:
        from rehearsal_ui.shell.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.settings, self, ws=self.ws)
        if dialog.exec():
            chosen = dialog.result_settings()
            for field in dataclasses.fields(chosen):  # one settings object, shared by views
                setattr(self.settings, field.name, getattr(chosen, field.name))
            save_settings(self.settings)
            self.rehearse.set_shortcuts(self.settings.shortcuts)

    def show_history(self) -> RevisionHistory | None:
        """View → Revision history: the revision shown against the one before it."""
        plan = self.design.plan
        if plan is None:
            return None
        from rehearsal_ui.design.revision_history import RevisionHistory

        dialog = RevisionHistory(self.ws, plan.program_id, self, new_plan_id=plan.id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # -- help ------------------------------------------------------------------------------
    def keyboard_groups(self) -> list[KeyGroup]:
        """Every key of the app, from its actions (Review's are made with the view, so it
        is built now), the live screen's keys in use and the keys of lists and tables."""
        owners: list[tuple[str, QWidget]] = [
            ("Navigator", self.navigator),
            ("Design", self.design),
            ("Rehearse", self.rehearse),
            ("Review", self.review),
            ("Analyze", self.analyze_page),
        ]
        return [
            *action_groups(self, owners),
            *live_groups(self.settings.shortcuts),
            list_group(),
        ]

    def show_help(self) -> HelpWindow:
        """F1: the help page of the view shown (the overview from the navigator)."""
        from rehearsal_ui.help.pages import HelpWindow

        page = "overview" if self.navigator.hasFocus() else VIEWS[self.views.currentIndex()]
        if self.help_window is None:
            self.help_window = HelpWindow(self.keyboard_groups(), self)
        else:
            self.help_window.set_groups(self.keyboard_groups())
        self.help_window.show_page(page)
        self.help_window.show()
        if QApplication.platformName() != "offscreen":  # (which cannot raise a window)
            self.help_window.raise_()
        self.help_window.activateWindow()
        return self.help_window

    def show_keyboard(self) -> KeyboardReference:
        """Help → Keyboard reference, made afresh (the keys may have changed)."""
        from rehearsal_ui.help.keyboard import KeyboardReference

        if self.keyboard_window is not None:
            self.keyboard_window.close()
        self.keyboard_window = KeyboardReference(self.keyboard_groups(), self)
        self.keyboard_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.keyboard_window.destroyed.connect(self._keyboard_closed)
        self.keyboard_window.show()
        return self.keyboard_window

    def _keyboard_closed(self) -> None:
        self.keyboard_window = None

    def show_about(self) -> AboutDialog:
        from rehearsal_ui.help.about import AboutDialog

        dialog = AboutDialog(self.ws.path, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _set_workspace_title(self) -> None:
        self.setWindowTitle(f"Rehearsal — {self.ws.path.name}")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if importable(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.plan_files.import_dropped(event.mimeData().urls())
        event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.rehearse.run is not None:
            answer = QMessageBox.question(
                self,
                "A rehearsal is running",
                "Quit while the rehearsal is running? Everything marked so far is saved, and "
                "it will be offered for resume when you start Rehearsal again.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        if self.presenter is not None:
            self.presenter.close()
        focused = self.focusWidget()
        if isinstance(focused, QWidget):
            focused.clearFocus()  # commits a detail field being edited
        self.settings.window_geometry = base64.b64encode(bytes(self.saveGeometry().data())).decode()
        self.settings.window_state = base64.b64encode(bytes(self.saveState().data())).decode()
        save_settings(self.settings)
        super().closeEvent(event)
