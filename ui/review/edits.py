"""The edits the Review view makes, each an undoable command on its QUndoStack.

Every edit goes the same way: the core call is made (so a refused edit raises
`RehearsalError` before anything is pushed and the person is told why), then a command
holding the old and new values is pushed (`review_undo`), which shows the result again
and tells listeners (`data_changed`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QTableView, QTabWidget

from rehearsal.durations import format_duration
from rehearsal.errors import RehearsalError
from rehearsal.model import Annotation, Conflict, Flag
from rehearsal_ui.review.data import QUESTIONS, ReviewData, Target
from rehearsal_ui.review.dialogs import AnnotationDialog, ConflictsDialog, FlagEditor
from rehearsal_ui.review.table import select_id, selected_id
from rehearsal_ui.review.undo import AddActionItem, AddAnnotation, FieldChange, FieldEdits

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QUndoCommand, QUndoStack

    from rehearsal.workspace import Workspace
    from rehearsal_ui.review.panels import ActionItemsPanel, DebriefForm
    from rehearsal_ui.review.timeline import ReviewTimeline
    from rehearsal_ui.shell.settings import Settings

AUTHOR_KEY = "review_author"  # the name kept with review edits made in this workspace
FLAG_OWNERS = {
    "breakout logistics": "producer",
    "tool launch": "producer",
    "hand-off missed": "producer",
    "access/login": "producer",
    "audio/video/connectivity": "producer",
    "participant readiness": "producer",
    "timekeeping signal missed": "facilitator",
}
ANSWER_OWNERS = {"producer_fixed": "producer", "facilitator_adjusted": "facilitator"}
FIELD_WORDS = {
    "seconds_lost": "seconds lost",
    "fixed_in_revision": "fixed in revision",
    "owner_role": "owner",
    "fixed_in_plan": "fixed in revision",
    "at_ns": "moment",
    "segment_id": "segment",
    "transition_id": "hand-off",
}


def _stored(value: Any) -> Any:
    """A field's value as the edit log keeps it (enums by their value)."""
    return getattr(value, "value", value)


class ReviewEdits:
    """Mixed into `ReviewView`; what it needs of the view is declared here."""

    ws: Workspace
    settings: Settings
    data: ReviewData | None
    rehearsal_id: str | None
    undo_stack: QUndoStack
    dialog: QDialog | None
    data_changed: SignalInstance
    message: SignalInstance
    tabs: QTabWidget
    steps: QTableView
    flags: QTableView
    notes: QTableView
    debrief: DebriefForm
    items: ActionItemsPanel
    timeline: ReviewTimeline

    def refresh(self) -> None: ...
    def show_rehearsal(self, rehearsal_id: str) -> None: ...
    def show_error(self, exc: RehearsalError) -> None: ...
    def selected_target(self) -> Target | None: ...

    # -- who is editing --------------------------------------------------------------------
    @property
    def author(self) -> str:
        """The name last used here, else the producer last named when starting a run."""
        return self.ws.meta(AUTHOR_KEY) or self.settings.rehearsal_start.get("producer", "")

    def remember_author(self, name: str) -> None:
        name = name.strip()
        if name and name != self.ws.meta(AUTHOR_KEY):
            self.ws.set_meta(AUTHOR_KEY, name)
        if name and self.debrief.answered_by.text() != name:
            self.debrief.answered_by.setText(name)

    # -- plumbing --------------------------------------------------------------------------
    def _ran(self, rehearsal_id: str, error: RehearsalError | None) -> None:
        """After a command ran (pushed, undone or redone): show its rehearsal again."""
        if error is not None:
            self.show_error(error)
        if rehearsal_id != self.rehearsal_id:
            self.show_rehearsal(rehearsal_id)
        else:
            self.refresh()
        self.data_changed.emit()

    def _push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)
        self.message.emit(f"{command.text()} — Ctrl+Z undoes it")

    def _open(self, dialog: QDialog, on_accept: Callable[[Any], None] | None) -> None:
        """Show a dialog without blocking; `on_accept(dialog)` when it is accepted."""
        if self.dialog is not None:
            self.dialog.reject()
        self.dialog = dialog
        if on_accept is not None:
            dialog.accepted.connect(lambda d=dialog: on_accept(d))
        dialog.finished.connect(lambda _r, d=dialog: self._closed(d))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _reveal(self, tab: int, table: QTableView, ident: str) -> None:
        self.tabs.setCurrentIndex(tab)
        select_id(table, ident)
        table.setFocus()

    def _fields(
        self, label: str, entity: str, entity_id: str, old: Any, new: dict[str, Any], author: str
    ) -> None:
        rid = self.rehearsal_id
        assert rid is not None
        changes = [
            FieldChange(entity, entity_id, field, _stored(getattr(old, field)), value)
            for field, value in new.items()
        ]
        self._push(FieldEdits(self.ws.review, rid, label, changes, author, self._ran))

    # -- annotations -----------------------------------------------------------------------
    def add_annotation(self, at_s: float | None = None, on_selection: bool = False) -> None:
        """Ask for an annotation: at `at_s`, else about what is selected, else at the start."""
        data = self.data
        if data is None:
            return
        target = None
        if at_s is None and on_selection:
            tab = self.tabs.currentIndex()
            target = self.selected_target() if tab == 0 else None
            minutes = self.timeline.selected_minutes() if tab in (1, 2) else None
            at_s = minutes * 60 if minutes is not None else None
        dialog = AnnotationDialog(
            data.targets(),
            span_s=data.span_min * 60,
            at_s=at_s if at_s is not None else 0.0,
            target=target,
            author=self.author,
            parent=self,  # type: ignore[arg-type]
        )
        self._open(dialog, self._create_annotation)

    def _placed(self, dialog: AnnotationDialog) -> dict[str, Any]:
        data = self.data
        assert data is not None
        at_s, target = dialog.moment_s(), dialog.target()
        return {
            "at_ns": None if at_s is None else data.ns_at(at_s / 60),
            "segment_id": target.segment_id if target else None,
            "transition_id": target.transition_id if target else None,
        }

    def _create_annotation(self, dialog: AnnotationDialog) -> None:
        rid = self.rehearsal_id
        if rid is None:
            return
        author = dialog.author.text().strip()
        self.remember_author(author)
        try:
            note = self.ws.review.annotate(
                rid, dialog.text.toPlainText(), author=author, **self._placed(dialog)
            )
        except RehearsalError as exc:
            self.show_error(exc)
            return
        self._push(AddAnnotation(self.ws.review, rid, note.id, author, self._ran))
        self._reveal(2, self.notes, note.id)

    def _annotation(self) -> Annotation | None:
        ident = selected_id(self.notes)
        data = self.data
        return next((a for a in data.annotations if a.id == ident), None) if data else None

    def edit_annotation(self) -> None:
        note, data = self._annotation(), self.data
        if note is None or data is None:
            return
        target = None
        if note.at_ns is None and note.segment_id:
            target = Target("", note.segment_id, note.transition_id)
        at_s = (note.at_ns - (data.state.started_ns or 0)) / 1e9 if note.at_ns is not None else None
        dialog = AnnotationDialog(
            data.targets(),
            span_s=data.span_min * 60,
            at_s=at_s,
            target=target,
            text=note.text,
            author=note.author,
            editing=True,
            parent=self,  # type: ignore[arg-type]
        )
        self._open(dialog, lambda d: self._annotation_edited(d, note))

    def _annotation_edited(self, dialog: AnnotationDialog, note: Annotation) -> None:
        new = {"text": dialog.text.toPlainText().strip(), **self._placed(dialog)}
        if dialog.moment_s() == dialog.at_s and note.at_ns is not None:
            new["at_ns"] = note.at_ns  # the moment was left as it was
        changed = {k: v for k, v in new.items() if getattr(note, k) != v}
        if not changed:
            self.message.emit("The annotation is unchanged.")
            return
        author = self.author
        try:
            self.ws.review.edit_annotation(note.id, author=author, **changed)
        except RehearsalError as exc:
            self.show_error(exc)
            return
        self._fields("Edit annotation", "annotation", note.id, note, changed, author)

    def delete_annotation(self) -> None:
        note = self._annotation()
        if note is None:
            return
        author = self.author
        try:
            self.ws.review.delete_annotation(note.id, author=author)
        except RehearsalError as exc:
            self.show_error(exc)
            return
        rid = note.rehearsal_id
        change = FieldChange("annotation", note.id, "deleted", False, True)
        self._push(
            FieldEdits(self.ws.review, rid, "Delete annotation", [change], author, self._ran)
        )

    # -- flags -----------------------------------------------------------------------------
    def _flag(self) -> Flag | None:
        ident = selected_id(self.flags)
        data = self.data
        return next((f for f in data.flags if f.id == ident), None) if data else None

    def edit_flag(self) -> None:
        flag, data = self._flag(), self.data
        if flag is None or data is None:
            return
        where = data.where(flag.segment_id, flag.transition_id)
        at = format_duration(round(data.minutes(flag.at_ns) * 60))
        dialog = FlagEditor(flag, f"{where}, at {at}", data.revisions, self.author, self)  # type: ignore[arg-type]
        self._open(dialog, lambda d: self._flag_edited(d, flag))

    def _flag_edited(self, dialog: FlagEditor, flag: Flag) -> None:
        changes = dialog.changes()
        author = dialog.author.text().strip()
        self.remember_author(author)
        if not changes:
            self.message.emit("The flag is unchanged.")
            return
        try:
            self.ws.review.edit_flag(flag.id, author=author, **changes)
        except RehearsalError as exc:
            self.show_error(exc)
            return
        self._fields("Edit flag", "flag", flag.id, flag, changes, author)

    # -- action items ----------------------------------------------------------------------
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
            self._create_item("flag", flag.id, FLAG_OWNERS.get(flag.category, "designer"))

    def make_item_from_answer(self, key: str) -> None:
        self.debrief.commit(key)  # the answer as typed is the item's title
        self._create_item("debrief", key, ANSWER_OWNERS.get(key, "designer"))

    def _create_item(self, kind: str, source_id: str, owner: str) -> None:
        rid, data = self.rehearsal_id, self.data
        if rid is None or data is None:
            return
        existing = next(
            (i for i in data.items if i.source_kind.value == kind and i.source_id == source_id),
            None,
        )
        if existing is not None:
            self._reveal(4, self.items.table, existing.id)
            self.message.emit("That already has an action item: it is selected.")
            return
        try:
            item = self.ws.review.add_action_item(rid, kind, source_id, owner_role=owner)
        except RehearsalError as exc:
            self.show_error(exc)
            return
        self._push(AddActionItem(self.ws.review, rid, item.id, self.author, self._ran))
        self._reveal(4, self.items.table, item.id)

    def edit_item(self, item_id: str, field: str, value: Any) -> None:
        data = self.data
        item = next((i for i in data.items if i.id == item_id), None) if data else None
        if item is None:
            return
        if field == "fixed_in_plan":
            self.mark_item_fixed(item_id, str(value))
            return
        changes: dict[str, Any] = {field: value}
        if field == "status" and item.fixed_in_plan:
            changes["fixed_in_plan"] = None  # no longer fixed in that revision
        changes = {k: v for k, v in changes.items() if _stored(getattr(item, k)) != v}
        if not changes:
            return
        author = self.author
        try:
            self.ws.review.edit_action_item(item_id, author=author, **changes)
        except RehearsalError as exc:
            self.show_error(exc)
            return
        self._fields("Edit action item", "action", item_id, item, changes, author)

    def mark_item_fixed(self, item_id: str, plan_id: str) -> None:
        data, rid = self.data, self.rehearsal_id
        item = next((i for i in data.items if i.id == item_id), None) if data else None
        if item is None or data is None or rid is None:
            return
        author = self.author
        try:
            revision = self.ws.plan(plan_id).revision
            self.ws.review.mark_fixed(item_id, plan_id, author=author)
        except RehearsalError as exc:
            self.show_error(exc)
            return
        changes = [
            FieldChange("action", item_id, "status", item.status.value, "fixed"),
            FieldChange("action", item_id, "fixed_in_plan", item.fixed_in_plan, plan_id),
        ]
        flag = next((f for f in data.flags if f.id == item.source_id), None)
        if item.source_kind.value == "flag" and flag is not None:
            changes += [
                FieldChange("flag", flag.id, "status", flag.status.value, "fixed"),
                FieldChange("flag", flag.id, "fixed_in_revision", flag.fixed_in_revision, revision),
            ]
        label = f"Mark fixed in revision {revision}"
        self._push(FieldEdits(self.ws.review, rid, label, changes, author, self._ran))

    def delete_item(self, item_id: str) -> None:
        rid = self.rehearsal_id
        if rid is None:
            return
        author = self.author
        try:
            self.ws.review.edit_action_item(item_id, deleted=True, author=author)
        except RehearsalError as exc:
            self.show_error(exc)
            return
        change = FieldChange("action", item_id, "deleted", False, True)
        self._push(
            FieldEdits(self.ws.review, rid, "Delete action item", [change], author, self._ran)
        )

    # -- the debrief -----------------------------------------------------------------------
    def answer(self, key: str, text: str) -> None:
        rid, data = self.rehearsal_id, self.data
        if rid is None or data is None:
            return
        found = data.debrief.answer(key)
        old = found.answer if found is not None else ""
        if text == old:
            return
        author = self.debrief.answered_by.text().strip()
        self.remember_author(author)
        try:
            self.ws.review.answer(rid, key, text, answered_by=author)
        except RehearsalError as exc:
            self.show_error(exc)
            return
        change = FieldChange("debrief", rid, key, old, text)
        self._push(
            FieldEdits(self.ws.review, rid, "Answer debrief question", [change], author, self._ran)
        )

    # -- conflicts -------------------------------------------------------------------------
    def describe_conflict(self, c: Conflict) -> str:
        data = self.data
        field = FIELD_WORDS.get(c.field, c.field)
        if data is None:
            return field
        if c.entity == "flag":
            flag = next((f for f in data.flags if f.id == c.entity_id), None)
            at = format_duration(round(data.minutes(flag.at_ns) * 60)) if flag else ""
            return f"Flag “{flag.category if flag else '?'}” at {at}: {field}"
        if c.entity == "annotation":
            note = next((a for a in data.annotations if a.id == c.entity_id), None)
            return f"Annotation “{(note.text[:40] if note else '?')}”: {field}"
        if c.entity == "debrief":
            return f"Debrief: {QUESTIONS.get(c.field, c.field)}"
        item = next((i for i in data.items if i.id == c.entity_id), None)
        return f"Action item “{item.title if item else '?'}”: {field}"

    def review_conflicts(self) -> None:
        if self.data is None:
            return
        dialog = ConflictsDialog(self.data.conflicts, self.describe_conflict, self)  # type: ignore[arg-type]
        dialog.chosen.connect(self.settle)
        self._open(dialog, None)

    def settle(self, conflict: Conflict, value: Any, keep: bool) -> None:
        author = self.author
        new = conflict.winner.value if keep else value
        try:
            if keep or value is not None:
                self.ws.review.confirm(conflict, value=None if keep else value, author=author)
            else:  # confirm() reads None as "keep shown": record the empty value itself
                self.ws.review.set_value(
                    conflict.rehearsal_id,
                    conflict.entity,
                    conflict.entity_id,
                    conflict.field,
                    None,
                    author,
                )
        except RehearsalError as exc:
            self.show_error(exc)
            return
        change = FieldChange(
            conflict.entity, conflict.entity_id, conflict.field, conflict.winner.value, new
        )
        label = "Settle conflict"
        self._push(
            FieldEdits(self.ws.review, conflict.rehearsal_id, label, [change], author, self._ran)
        )
        if isinstance(self.dialog, ConflictsDialog):
            self.dialog.set_conflicts(self.data.conflicts if self.data else ())
            if not self.data or not self.data.conflicts:
                self.message.emit("Every conflict is settled.")
