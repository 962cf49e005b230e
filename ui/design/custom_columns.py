"""Which of a plan's custom columns ("Room", "Slide #": the columns of an imported sheet
Rehearsal has no field for) the Design table shows: chosen from the table header's menu,
remembered per program in the app's settings, shown after the app's own columns in the
order they were chosen — an edit never moves them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QInputDialog, QMenu, QTableView

from rehearsal.model import Plan, custom_names
from rehearsal_ui.design.segment_model import FIRST_CUSTOM, SegmentTableModel
from rehearsal_ui.shell.settings import Settings, save_settings

CUSTOM_WIDTH = 160  # the widest a custom column opens: its values may be long


class CustomColumns:
    """The custom columns of the table shown for `plan()`; `relayout` is called when the
    columns changed (group rows span them all)."""

    def __init__(
        self,
        table: QTableView,
        model: SegmentTableModel,
        settings: Settings,
        *,
        plan: Callable[[], Plan | None],
        relayout: Callable[[], None],
        persist: bool = True,
    ) -> None:
        self._table = table
        self._model = model
        self.settings = settings
        self._plan = plan
        self._relayout = relayout
        self._persist = persist  # save the settings when the choice changes
        header = table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._popup)

    def chosen(self) -> list[str]:
        plan = self._plan()
        return list(self.settings.design_columns.get(plan.program_id, [])) if plan else []

    def available(self) -> list[str]:
        """The custom columns the plan has, in the order they first appear, then those
        chosen for its program that none of its segments fills (a column chosen stays,
        even emptied)."""
        plan = self._plan()
        if plan is None:
            return []
        return list(dict.fromkeys([*custom_names(plan.segments), *self.chosen()]))

    def sync(self) -> bool:
        """Show the columns chosen for the plan's program; whether that changed them (the
        caller lays the rows out again)."""
        shown = self.chosen()
        if list(self._model.custom_columns) == shown:
            return False
        old = set(self._model.custom_columns)
        self._model.set_custom_columns(shown)
        for at, name in enumerate(shown):
            if name not in old:
                self.fit(range(FIRST_CUSTOM + at, FIRST_CUSTOM + at + 1))
        return True

    def fit(self, columns: range) -> None:
        """Size these columns to their contents, at most `CUSTOM_WIDTH`."""
        header = self._table.horizontalHeader()
        for column in columns:
            self._table.resizeColumnToContents(column)
            header.resizeSection(column, min(header.sectionSize(column), CUSTOM_WIDTH))

    def show(self, name: str, shown: bool = True) -> None:
        """Show the custom column `name` for the plan's program (after those shown), or
        hide it; remembered."""
        plan = self._plan()
        name = " ".join(name.split())
        if plan is None or not name:
            return
        chosen = [n for n in self.chosen() if n != name]
        self.settings.design_columns[plan.program_id] = [*chosen, name] if shown else chosen
        if self._persist:
            save_settings(self.settings)
        if self.sync():
            self._relayout()

    def menu(self) -> QMenu:
        """The table header's menu: a check box per custom column of the plan, and a new
        column to fill in."""
        menu = QMenu("Custom columns", self._table)
        shown = set(self._model.custom_columns)
        available = self.available()
        for name in available:
            action = menu.addAction(name.replace("&", "&&"))
            action.setCheckable(True)
            action.setChecked(name in shown)
            action.toggled.connect(lambda on, n=name: self.show(n, on))
        if not available:
            menu.addAction("No custom columns in this plan").setEnabled(False)
        menu.addSeparator()
        new = menu.addAction("New custom column…", self.new_column)
        new.setEnabled(self._plan() is not None)
        return menu

    def _popup(self, pos: QPoint) -> None:
        menu = self.menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self._table.horizontalHeader().mapToGlobal(pos))

    def new_column(self) -> None:
        """Ask for a name and show an empty column of it, to fill in segment by segment."""
        if self._plan() is None:
            return
        name, ok = QInputDialog.getText(
            self._table,
            "New custom column",
            "Column name (exported under this name; empty until you fill it in):",
        )
        name = " ".join(name.split())
        if ok and name:
            self.show(name)
            column = FIRST_CUSTOM + list(self._model.custom_columns).index(name)
            row = max(self._table.currentIndex().row(), 0)
            self._table.scrollTo(self._model.index(row, column))
