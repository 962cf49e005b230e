"""The main window's menus and toolbar, made of the app's actions (`shell/actions.py`),
and the menus filled when they open: recent workspaces, the sections to move segments to,
and the Design table's context menu."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit, QMainWindow, QMenu

from rehearsal_ui.design.view import DesignView
from rehearsal_ui.exchange.commands import ExchangeCommands
from rehearsal_ui.shell.actions import Actions
from rehearsal_ui.shell.settings import Settings


class Menus(QObject):
    def __init__(
        self,
        window: QMainWindow,
        actions: Actions,
        *,
        design: DesignView,
        exchange: ExchangeCommands,
        show_archived: QAction,
        find_box: QLineEdit,
        settings: Settings,
        export_report: Callable[[], None],
        export_guide: Callable[[], None],
        open_workspace: Callable[[Path], object],
    ) -> None:
        super().__init__(window)  # a part of the window: its connections end with it
        self._window, self._design, self._settings = window, design, settings
        self._open_workspace = open_workspace
        a = self.actions = actions
        bar = window.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([a.new_program, a.open_workspace])
        self.recent = file_menu.addMenu("Open &recent")
        self.recent.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        file_menu.addActions([a.import_plan, a.export_plan])
        self.report_action = file_menu.addAction("Export repor&t…", export_report)
        self.report_action.setShortcut("Ctrl+Shift+R")
        self.report_action.setStatusTip("A rehearsal report or a plan's variance report: PDF, HTML")
        self.guide_action = file_menu.addAction("Export &guide…", export_guide)
        self.guide_action.setStatusTip(
            "The facilitator guide or the producer run sheet of this revision: PDF, DOCX"
        )
        file_menu.addSeparator()
        exchange.add_to(file_menu)
        file_menu.addSeparator()
        file_menu.addActions([a.preferences, a.quit])
        edit = bar.addMenu("&Edit")
        edit.addActions([a.undo, a.redo])
        edit.addSeparator()
        edit.addActions([a.add_segment, a.duplicate, a.delete, a.move_up, a.move_down])
        edit.addSeparator()
        edit.addAction(a.add_section)
        self.sections = edit.addMenu("Move to se&ction")
        self.sections.aboutToShow.connect(self._fill_sections)
        edit.addSeparator()
        edit.addAction(a.plan_properties)
        edit.addSeparator()
        edit.addAction(a.find)
        view = bar.addMenu("&View")
        view.addActions(list(a.views))
        view.addSeparator()
        view.addAction(a.history)
        view.addAction(show_archived)
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([a.help, a.keyboard])
        help_menu.addSeparator()
        help_menu.addAction(a.about)
        toolbar = window.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.addActions([a.import_plan, a.export_plan])
        toolbar.addSeparator()
        toolbar.addActions([a.undo, a.redo])
        toolbar.addSeparator()
        toolbar.addActions([a.add_segment, a.duplicate, a.delete, a.move_up, a.move_down])
        toolbar.addSeparator()
        toolbar.addWidget(find_box)
        design.totals.set_properties_action(a.plan_properties)
        design.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        design.table.customContextMenuRequested.connect(self._table_menu)

    def _fill_recent(self) -> None:
        self.recent.clear()
        for entry in self._settings.recent_workspaces:
            action = self.recent.addAction(entry.replace("&", "&&"))  # a path, as it is
            action.triggered.connect(lambda _=False, p=entry: self._open_workspace(Path(p)))
        self.recent.setEnabled(True)
        if not self._settings.recent_workspaces:
            self.recent.addAction("(none yet)").setEnabled(False)

    def _fill_sections(self) -> None:
        self.sections.clear()
        design = self._design
        if design.plan is None:
            return
        none = self.sections.addAction("(no section)")
        none.triggered.connect(lambda: design.move_to_section(None))
        for section in design.plan.sections:
            action = self.sections.addAction(section.title.replace("&", "&&"))
            action.triggered.connect(lambda _=False, s=section.id: design.move_to_section(s))

    def _table_menu(self, pos: QPoint) -> None:
        a = self.actions
        menu = QMenu(self._window)
        menu.addActions(
            [a.add_segment, a.duplicate, a.delete, a.move_up, a.move_down, a.add_section]
        )
        menu.addMenu(self.sections)
        self._fill_sections()
        menu.exec(self._design.table.viewport().mapToGlobal(pos))
