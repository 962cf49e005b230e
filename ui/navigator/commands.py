"""The navigator's context menu and its commands: rename a program, show a rehearsal's
details, open it in Review, archive or delete it — each a core operation, undoable from
the navigator's own undo stack (Edit → Undo while the navigator has the focus, or the
status bar's Undo). Archiving or deleting a revision's last proof asks first.

Kept out of the main window, which owns one `NavigatorCommands` and hands it what it needs
through callbacks (its workspace, the rehearsal running live, its status bar…)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QMessageBox, QWidget

from rehearsal.durations import format_moment
from rehearsal.errors import RehearsalError
from rehearsal.plans.editor import program_name
from rehearsal.storage.removal import RehearsalCopy
from rehearsal.workspace import Workspace
from rehearsal_ui.navigator.details import RehearsalDetails
from rehearsal_ui.navigator.tree import Navigator
from rehearsal_ui.shell.widths import fit_text


def confirm(parent: QWidget | None, title: str, text: str, go: str) -> bool:
    """Ask before taking a revision's last proof: `go` (e.g. "Delete") or Cancel."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Cancel, parent
    )
    yes = box.addButton(go, QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is yes


@dataclass(frozen=True, slots=True)
class Hooks:
    """What the commands ask of the window."""

    workspace: Callable[[], Workspace]
    live_rehearsal: Callable[[], str | None]  # the rehearsal being recorded now, if any
    open_in_review: Callable[[str], None]
    show_archived_changed: Callable[[bool], None]
    status: Callable[[str], None]


class WorkspaceCommand(QUndoCommand):
    """One navigator operation on the workspace; its first redo is the operation itself."""

    def __init__(
        self,
        text: str,
        do: Callable[[], object],
        undo: Callable[[], object],
        failed: Callable[[RehearsalError], None],
    ) -> None:
        super().__init__(text)
        self._do, self._undo, self._failed = do, undo, failed

    def redo(self) -> None:
        try:
            self._do()
        except RehearsalError as exc:
            self.setObsolete(True)  # nothing was done: nothing to undo
            self._failed(exc)

    def undo(self) -> None:
        try:
            self._undo()
        except RehearsalError as exc:
            self._failed(exc)


class NavigatorCommands:
    def __init__(self, navigator: Navigator, hooks: Hooks, *, show_archived: bool) -> None:
        self.navigator = navigator
        self.hooks = hooks
        self.undo_stack = QUndoStack(navigator)
        self.menu: QMenu | None = None  # the context menu open now (tests read it)
        self.details: RehearsalDetails | None = None
        self.rename_dialog: QInputDialog | None = None
        self.error_box: QMessageBox | None = None

        def action(text: str, slot: Callable[[], object], keys: str = "") -> QAction:
            made = QAction(text, navigator)
            if keys:
                made.setShortcut(QKeySequence(keys))
                made.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # the tree's own
            made.triggered.connect(lambda _=False: slot())
            navigator.addAction(made)
            return made

        self.rename = action("&Rename program…", self.rename_program)
        self.rename.setStatusTip("Give the program another name (F2; no revision is made)")
        navigator.rename_requested.connect(self.rename_program)
        self.details_action = action("Rehearsal &details…", self.show_details, "Alt+Return")
        self.details_action.setStatusTip(
            "Kind, date and time, people, labels, how it ended and its figures"
        )
        self.review_action = action("Open in Re&view", self._open_in_review)
        self.archive = action("&Archive", self.toggle_archived)
        self.archive.setStatusTip(
            "Keep the rehearsal but leave it out of lists and of the analysis"
        )
        self.delete = action("De&lete rehearsal…", self.delete_rehearsal)
        self.delete.setStatusTip("Remove the rehearsal from this workspace (undoable)")
        self.show_archived = QAction("Sho&w archived rehearsals", navigator)
        self.show_archived.setCheckable(True)
        self.show_archived.setChecked(show_archived)
        self.show_archived.setStatusTip("List archived rehearsals too, marked as such")
        self.show_archived.toggled.connect(hooks.show_archived_changed)
        navigator.customContextMenuRequested.connect(self._menu)

    # -- the menu ----------------------------------------------------------------------------
    def context_menu(self) -> QMenu:
        """The menu for the navigator's current row, its actions enabled for it."""
        self.update()
        menu = QMenu(self.navigator)
        if self.navigator.rehearsal_id() is not None:
            menu.addActions([self.details_action, self.review_action])
            menu.addSeparator()
            menu.addActions([self.archive, self.delete])
            menu.addSeparator()
        if self.navigator.program_id() is not None:
            menu.addAction(self.rename)
            menu.addSeparator()
        menu.addAction(self.show_archived)
        return menu

    def _menu(self, pos: QPoint) -> None:
        index = self.navigator.indexAt(pos)
        if index.isValid():
            self.navigator.setCurrentIndex(index)
        if self.menu is not None:
            self.menu.deleteLater()
        self.menu = self.context_menu()
        self.menu.popup(self.navigator.viewport().mapToGlobal(pos))

    def update(self) -> None:
        """Enable what applies to the current row; Archive says what it would do."""
        rid = self.navigator.rehearsal_id()
        self.rename.setEnabled(self.navigator.program_id() is not None)
        for made in (self.details_action, self.review_action, self.archive, self.delete):
            made.setEnabled(rid is not None)
        archived = rid is not None and rid in self._ws().archived_rehearsals()
        self.archive.setText("Un&archive" if archived else "&Archive")

    # -- commands ----------------------------------------------------------------------------
    def rename_program(self) -> None:
        program_id = self.navigator.program_id()
        if program_id is None:
            return
        ws = self._ws()
        old = ws.program(program_id).name
        dialog = QInputDialog(self.navigator.window())
        dialog.setWindowTitle("Rename program")
        dialog.setLabelText("Program &name (every revision's):")
        dialog.setTextValue(old)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(lambda text: self._renamed(program_id, old, text))
        line = dialog.findChild(QLineEdit)
        if line is not None:
            fit_text(line, chars=44)  # as wide as a long name
        self.rename_dialog = dialog
        dialog.open()

    def _renamed(self, program_id: str, old: str, text: str) -> None:
        try:
            new = program_name(text)
        except RehearsalError as exc:
            self._failed(exc)
            return
        if new == old:
            return
        self._push(
            f"Rename program to “{new}”",
            lambda: self._ws().rename_program(program_id, new),
            lambda: self._ws().rename_program(program_id, old),
        )
        self.hooks.status(f"Renamed the program “{new}”.")

    def show_details(self) -> RehearsalDetails | None:
        rid = self.navigator.rehearsal_id()
        if rid is None:
            return None
        try:
            dialog = RehearsalDetails(self._ws(), rid, self.navigator.window())
        except RehearsalError as exc:
            self._failed(exc)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.hooks.open_in_review(rid) if dialog.open_in_review else None
        )
        self.details = dialog
        dialog.open()
        return dialog

    def _open_in_review(self) -> None:
        rid = self.navigator.rehearsal_id()
        if rid is not None:
            self.hooks.open_in_review(rid)

    def toggle_archived(self) -> None:
        rid = self.navigator.rehearsal_id()
        if rid is None:
            return
        ws = self._ws()
        if rid in ws.archived_rehearsals():
            self._push(
                "Unarchive rehearsal",
                lambda: self._ws().set_archived([rid], archived=False),
                lambda: self._ws().set_archived([rid], even_if_last=True),
            )
            self.hooks.status("Unarchived: the rehearsal counts in the analysis again.")
            return
        if not self._may_take(rid, "Archive", "archiving"):
            return
        name = self._name(rid)
        self._push(
            "Archive rehearsal",
            lambda: self._ws().set_archived([rid], even_if_last=True),
            lambda: self._ws().set_archived([rid], archived=False),
        )
        self.hooks.status(f"Archived the {name}: kept, but left out of lists and of the analysis.")

    def delete_rehearsal(self) -> None:
        rid = self.navigator.rehearsal_id()
        if rid is None:
            return
        if rid == self.hooks.live_rehearsal():
            self.hooks.status("This rehearsal is being recorded in Rehearse: finish it first.")
            return
        if not self._may_take(rid, "Delete", "deleting"):
            return
        name = self._name(rid)
        kept: list[RehearsalCopy] = []

        def do() -> None:
            ws = self._ws()
            if not kept:
                kept.append(ws.rehearsal_copy(rid))
            ws.delete_rehearsal(rid, even_if_last=True)

        self._push("Delete rehearsal", do, lambda: self._ws().restore_rehearsal(kept[0]))
        self.hooks.status(f"Deleted the {name} from this workspace.")

    def _may_take(self, rid: str, verb: str, doing: str) -> bool:
        """Whether to go on: at once, unless it is its revision's last proof (then asked)."""
        ws = self._ws()
        try:
            if not ws.last_evidence(rid):
                return True
            revision = ws.plan(ws.rehearsal(rid).plan_id).revision
        except RehearsalError as exc:
            self._failed(exc)
            return False
        return confirm(
            self.navigator.window(),
            f"{verb} the only complete rehearsal?",
            f"This is the only complete rehearsal of revision {revision}: {doing} it leaves "
            "the revision's timing unproven in Readiness and without a complete run in "
            f"Analyze.\n\n{verb} it anyway? (Edit → Undo brings it back.)",
            verb,
        )

    def _name(self, rid: str) -> str:
        r = self._ws().rehearsal(rid)
        return f"{r.kind.label.lower()} of {format_moment(r.created)}"

    def _push(self, text: str, do: Callable[[], object], undo: Callable[[], object]) -> None:
        self.undo_stack.push(WorkspaceCommand(text, do, undo, self._failed))

    def _failed(self, exc: RehearsalError) -> None:
        """Say why an operation was refused (nothing changed): in the status bar and in a
        box that does not stop anything."""
        self.hooks.status(str(exc))
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Rehearsal",
            str(exc),
            QMessageBox.StandardButton.Ok,
            self.navigator.window(),
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.error_box = box
        box.open()

    def _ws(self) -> Workspace:
        return self.hooks.workspace()
