"""The main window: a navigator of programs, revisions and rehearsals, and the work area
with the views Design, Rehearse, Review and Analyze."""

from __future__ import annotations

import base64
import dataclasses
import importlib
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QMessageBox,
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
from rehearsal_ui.main_window.help_windows import HelpWindows
from rehearsal_ui.main_window.menus import Menus
from rehearsal_ui.main_window.undo_routing import UndoRouting
from rehearsal_ui.navigator import PLAN_ROLE, REHEARSAL_ROLE, Navigator
from rehearsal_ui.navigator.commands import Hooks, NavigatorCommands
from rehearsal_ui.rehearse.presenter import PresenterWindow
from rehearsal_ui.rehearse.resume_offer import ResumeAnswer, ask_about_interrupted
from rehearsal_ui.rehearse.view import RehearseView
from rehearsal_ui.shell.actions import VIEWS, build_actions, shortcut_text
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
    from rehearsal_ui.portfolio.view import PortfolioView
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
                status=lambda text: self.undo_routing.navigator_said(text),
            ),
            show_archived=self.settings.show_archived,
        )
        self.design = DesignView(ws, self.settings)
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.rehearse = RehearseView(ws, self.settings)
        self.presenter: PresenterWindow | None = None
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
        self.portfolio_page = LazyPage(self._build_portfolio)
        self.views.addTab(self.portfolio_page, self.commands.views[4].icon(), "Portfolio")
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
        self.undo_routing = UndoRouting(
            self,
            undo=self.commands.undo,
            redo=self.commands.redo,
            views=self.views,
            design=self.design,
            review_page=self.review_page,
            review=lambda: self.review,
            navigator=self.navigator,
            navigator_stack=self.navigator_commands.undo_stack,
            status=self.statusBar(),
        )
        self.help_windows = HelpWindows(
            self,
            groups=self.keyboard_groups,
            page=lambda: (
                "overview" if self.navigator.hasFocus() else VIEWS[self.views.currentIndex()]
            ),
            workspace=lambda: self.ws.path,
        )
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
        self.menus = Menus(
            self,
            self.commands,
            design=self.design,
            exchange=self.exchange,
            show_archived=self.navigator_commands.show_archived,
            find_box=self.find_box,
            settings=self.settings,
            export_report=self.export_report,
            export_guide=self.export_guide,
            open_workspace=self.open_workspace,
        )
        self._connect()
        self._apply_colours()
        self._set_workspace_title()
        self.navigator.set_empty_text(self.empty_navigator_text())
        self.statusBar().showMessage("Ready", 2000)
        self.reload(select_plan=self.settings.last_plan_id)
        self._restore()

    # -- construction ----------------------------------------------------------------------
    def _connect(self) -> None:
        a = self.commands
        a.new_program.triggered.connect(self.new_program)
        a.open_workspace.triggered.connect(self.choose_workspace)
        a.import_plan.triggered.connect(self.plan_files.choose_import)
        a.export_plan.triggered.connect(self.plan_files.choose_export)
        a.preferences.triggered.connect(self.edit_preferences)
        a.quit.triggered.connect(self.close)
        a.undo.triggered.connect(self.undo_routing.undo)
        a.redo.triggered.connect(self.undo_routing.redo)
        a.find.triggered.connect(self._focus_find)
        a.add_segment.triggered.connect(self.design.add_segment)
        a.duplicate.triggered.connect(self.design.duplicate)
        a.delete.triggered.connect(self.design.delete)
        a.move_up.triggered.connect(lambda: self.design.shift(-1))
        a.move_down.triggered.connect(lambda: self.design.shift(1))
        a.add_section.triggered.connect(self.design.add_section)
        a.plan_properties.triggered.connect(self.design.edit_properties)
        a.history.triggered.connect(self.show_history)
        a.help.triggered.connect(self.help_windows.show_help)
        a.keyboard.triggered.connect(self.help_windows.show_keyboard)
        a.about.triggered.connect(self.help_windows.show_about)
        for action, name in zip(a.views, VIEWS, strict=True):
            action.triggered.connect(lambda _=False, n=name: self.show_view(n))
        self.views.currentChanged.connect(self._view_changed)
        self.navigator.selectionModel().currentChanged.connect(self._navigated)
        self.design.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.design.plan_edited.connect(self._update_actions)
        self.design.revision_created.connect(self._revision_created)
        self.design.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.navigator_commands.undo_stack.indexChanged.connect(self.undo_routing.update)
        self.navigator.focus_changed.connect(self.undo_routing.update)  # undo follows focus
        appearance_changed.connect(self._apply_colours)
        self.rehearse.message.connect(lambda text: self.statusBar().showMessage(text, 3000))
        self.rehearse.board.presenter_button.clicked.connect(self.toggle_presenter)
        self.rehearse.board.presenter_menu.aboutToShow.connect(self._fill_presenter_menu)
        self.rehearse.open_in_review.connect(self.open_in_review)
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

    @property
    def portfolio(self) -> PortfolioView:
        """The Portfolio view, built now if its tab was never shown."""
        return self.portfolio_page.content()

    def _build_portfolio(self) -> PortfolioView:
        from rehearsal_ui.portfolio.view import PortfolioView  # see _build_analyze

        view = PortfolioView(self.ws)
        view.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        view.open_plan.connect(self.open_plan_in_design)
        view.export_asked.connect(self.export_portfolio)
        self.changes.changed.connect(view.on_changes)
        return view

    def open_plan_in_design(self, plan_id: str) -> None:
        """Show a plan revision in Design (the Portfolio's click-through)."""
        self.reload(select_plan=plan_id)
        self.show_view("design")
        self.design.table.setFocus()

    def export_portfolio(self) -> None:
        """The Portfolio as PDF, HTML or CSV (the reports' machinery)."""
        found = self.portfolio.portfolio
        if found is None or not found.complete:  # P(overrun)s still simulating
            return
        from rehearsal.files import write_atomic
        from rehearsal.reports import render_html
        from rehearsal.reports.portfolio import portfolio_report, write_portfolio_csv
        from rehearsal_ui.reports.pdf import write_pdf

        chosen, _ = save_file_name(
            self,
            "Export the portfolio",
            "Portfolio.pdf",
            "PDF (*.pdf);;HTML (*.html);;CSV (*.csv)",
        )
        if not chosen:
            return
        path = Path(chosen)
        try:
            suffix = path.suffix.lower()
            if suffix == ".csv":
                write_portfolio_csv(found, path)
            elif suffix in (".html", ".htm"):
                write_atomic(path, render_html(portfolio_report(found)).encode())
            else:
                write_pdf(portfolio_report(found), path)
        except (RehearsalError, OSError) as exc:
            QMessageBox.warning(self, "The portfolio was not saved", str(exc))
            return
        self.statusBar().showMessage(f"Portfolio saved to {path}", 8000)

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
        if not self.ws.is_open:  # work that finished after its workspace was closed
            return
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

    def export_guide(self) -> None:
        """File → Export guide…: the facilitator guide or the producer run sheet of the
        revision shown, as PDF or DOCX."""
        from rehearsal_ui.reports.guide_dialog import GuideDialog

        if self.design.plan is None:
            self.statusBar().showMessage(
                "Choose a plan revision in the navigator first: its guide is the one exported.",
                8000,
            )
            return
        dialog = GuideDialog(self, self.ws, self.design.plan.id)
        if dialog.exec() and dialog.saved is not None:
            self.statusBar().showMessage(f"Guide saved to {dialog.saved}", 8000)

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

    def after_start(self) -> None:
        """Once the window is up: a crash last time is told about (once), then a rehearsal
        that was running when the app stopped is offered for resume."""
        from rehearsal_ui.shell.fault_notice import tell_about_last_fault

        tell_about_last_fault(self, self.settings, len(self.ws.interrupted_rehearsals()))
        self.offer_resume()

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

    def _presenter(self) -> PresenterWindow:
        """The presenter window, made once: a child of this window (Qt deletes it with this
        one, never Python on its own), shown the status the live board shows, and handed
        the live keys pressed in it."""
        if self.presenter is None:
            self.presenter = PresenterWindow(self)
            self.presenter.setWindowIcon(app_icon())
            self.presenter.setWindowTitle("Rehearsal — presenter")
            self.presenter.key_handler = self.rehearse.handle_key
            self.presenter.placement_changed.connect(self._remember_presenter)
            self.rehearse.ticked.connect(self.presenter.show_status)
            self.presenter.resize(900, 560)
        return self.presenter

    def toggle_presenter(self) -> None:
        presenter = self._presenter()
        if presenter.isVisible():
            presenter.hide()
            return
        presenter.show_status(self.rehearse.status if self.rehearse.run else None)
        if self.settings.presenter_full_screen:
            presenter.full_screen_on(self.settings.presenter_screen)  # where it was last
        else:
            presenter.show()

    def _fill_presenter_menu(self) -> None:
        menu = self.rehearse.board.presenter_menu
        menu.clear()
        self._presenter().fill_screen_menu(menu)

    def _remember_presenter(self, screen: str, full_screen: bool) -> None:
        self.settings.presenter_screen = screen
        self.settings.presenter_full_screen = full_screen
        save_settings(self.settings)

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

    def _update_actions(self) -> None:
        a, editor = self.commands, self.design.editor
        self.exchange.update()
        self.navigator_commands.update()
        designing = self.views.currentWidget() is self.design
        has_plan = editor is not None and designing
        selected = bool(self.design.selected_ids())
        self.undo_routing.update()
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
        while (self.analyze_page.is_built and self.analyze.busy) or (
            self.portfolio_page.is_built and self.portfolio.busy
        ):
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
        if self.portfolio_page.is_built:
            self.portfolio.set_workspace(ws)
        self.settings.add_recent(str(path))
        self.settings.last_workspace = str(path)
        self._set_workspace_title()
        self.reload()
        self.changes.watch(ws)  # another workspace: everything changed
        return True

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
