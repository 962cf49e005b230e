"""The review controller: the edits the Review view makes, each an undoable command on its
QUndoStack.

Every edit goes the same way: the core call is made (so a refused edit raises
`RehearsalError` before anything is pushed and the person is told why), then a command
holding the old and new values is pushed (`undo`), which asks the view to show the
rehearsal again (the view then tells its listeners, `ReviewView.data_changed`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QDialog, QWidget

from rehearsal.durations import format_duration
from rehearsal.errors import RehearsalError
from rehearsal.model import Annotation, Conflict, Flag
from rehearsal.workspace import Workspace
from rehearsal_ui.review.data import QUESTIONS, ReviewData, Target
from rehearsal_ui.review.dialogs import AnnotationDialog, ConflictsDialog, FlagEditor
from rehearsal_ui.review.undo import AddActionItem, AddAnnotation, FieldChange, FieldEdits
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
EVIDENCE_FIELDS = {"offset_ms": "offset", "removed": "removal"}
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


class ReviewController:
    """The edits of the Review view, owned by it. The view says what is shown and what is
    selected; this makes the change, pushes its command and asks the view to show the result.
    """

    def __init__(
        self,
        parent: QWidget,
        undo_stack: QUndoStack,
        *,
        workspace: Callable[[], Workspace],
        settings: Settings,
        shown: Callable[[], ReviewData | None],
        show_again: Callable[[str], None],
        reveal: Callable[[str, str], None],
        tell: Callable[[str], None],
        show_error: Callable[[RehearsalError], None],
        author_named: Callable[[str], None],
    ) -> None:
        self._parent = parent  # of the dialogs
        self._undo_stack = undo_stack
        self._workspace = workspace
        self._settings = settings
        self._shown = shown  # the rehearsal shown, as read for Review
        self._show_again = show_again  # show this rehearsal again (it was changed)
        self._reveal = reveal  # select ("annotation" | "action", id) where it is listed
        self._tell = tell  # a line for the status bar
        self._show_error = show_error
        self._author_named = author_named  # the name the person gave, to show as theirs
        self.dialog: QDialog | None = None  # the dialog open now (tests fill it in)

    # -- who is editing --------------------------------------------------------------------
    @property
    def author(self) -> str:
        """The name last used here, else the producer last named when starting a run."""
        ws = self._workspace()
        return ws.meta(AUTHOR_KEY) or self._settings.rehearsal_start.get("producer", "")

    def remember_author(self, name: str) -> None:
        name = name.strip()
        ws = self._workspace()
        if name and name != ws.meta(AUTHOR_KEY):
            ws.set_meta(AUTHOR_KEY, name)
        if name:
            self._author_named(name)

    # -- plumbing --------------------------------------------------------------------------
    def _ran(self, rehearsal_id: str, error: RehearsalError | None) -> None:
        """After a command ran (pushed, undone or redone): show its rehearsal again."""
        if error is not None:
            self._show_error(error)
        self._show_again(rehearsal_id)

    def _push(self, command: QUndoCommand) -> None:
        self._undo_stack.push(command)
        self._tell(f"{command.text()} — Ctrl+Z undoes it")

    def _open(self, dialog: QDialog, on_accept: Callable[[Any], None] | None) -> None:
        """Show a dialog without blocking; `on_accept(dialog)` when it is accepted."""
        self.close_dialog()
        self.dialog = dialog
        if on_accept is not None:
            dialog.accepted.connect(lambda d=dialog: on_accept(d))
        dialog.finished.connect(lambda _r, d=dialog: self._closed(d))
        dialog.open()

    def close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _fields(
        self, label: str, entity: str, entity_id: str, old: Any, new: dict[str, Any], author: str
    ) -> None:
        data = self._shown()
        assert data is not None
        rid = data.rehearsal.id
        changes = [
            FieldChange(entity, entity_id, field, _stored(getattr(old, field)), value)
            for field, value in new.items()
        ]
        review = self._workspace().review
        self._push(FieldEdits(review, rid, label, changes, author, self._ran))

    # -- annotations -----------------------------------------------------------------------
    def add_annotation(self, at_s: float | None = None, target: Target | None = None) -> None:
        """Ask for an annotation at `at_s` (else at the start), about `target` if given."""
        data = self._shown()
        if data is None:
            return
        dialog = AnnotationDialog(
            data.targets(),
            span_s=data.span_min * 60,
            at_s=at_s if at_s is not None else 0.0,
            target=target,
            author=self.author,
            parent=self._parent,
        )
        self._open(dialog, self._create_annotation)

    def _placed(self, dialog: AnnotationDialog) -> dict[str, Any]:
        data = self._shown()
        assert data is not None
        at_s, target = dialog.moment_s(), dialog.target()
        return {
            "at_ns": None if at_s is None else data.ns_at(at_s / 60),
            "segment_id": target.segment_id if target else None,
            "transition_id": target.transition_id if target else None,
        }

    def _create_annotation(self, dialog: AnnotationDialog) -> None:
        data = self._shown()
        if data is None:
            return
        rid, review = data.rehearsal.id, self._workspace().review
        author = dialog.author.text().strip()
        self.remember_author(author)
        try:
            note = review.annotate(
                rid, dialog.text.toPlainText(), author=author, **self._placed(dialog)
            )
        except RehearsalError as exc:
            self._show_error(exc)
            return
        self._push(AddAnnotation(review, rid, note.id, author, self._ran))
        self._reveal("annotation", note.id)

    def edit_annotation(self, note: Annotation) -> None:
        data = self._shown()
        if data is None:
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
            parent=self._parent,
        )
        self._open(dialog, lambda d: self._annotation_edited(d, note))

    def _annotation_edited(self, dialog: AnnotationDialog, note: Annotation) -> None:
        new = {"text": dialog.text.toPlainText().strip(), **self._placed(dialog)}
        if dialog.moment_s() == dialog.at_s and note.at_ns is not None:
            new["at_ns"] = note.at_ns  # the moment was left as it was
        changed = {k: v for k, v in new.items() if getattr(note, k) != v}
        if not changed:
            self._tell("The annotation is unchanged.")
            return
        author = self.author
        try:
            self._workspace().review.edit_annotation(note.id, author=author, **changed)
        except RehearsalError as exc:
            self._show_error(exc)
            return
        self._fields("Edit annotation", "annotation", note.id, note, changed, author)

    def delete_annotation(self, note: Annotation) -> None:
        author, review = self.author, self._workspace().review
        try:
            review.delete_annotation(note.id, author=author)
        except RehearsalError as exc:
            self._show_error(exc)
            return
        change = FieldChange("annotation", note.id, "deleted", False, True)
        label = "Delete annotation"
        self._push(FieldEdits(review, note.rehearsal_id, label, [change], author, self._ran))

    # -- flags -----------------------------------------------------------------------------
    def edit_flag(self, flag: Flag) -> None:
        data = self._shown()
        if data is None:
            return
        where = data.where(flag.segment_id, flag.transition_id)
        at = format_duration(round(data.minutes(flag.at_ns) * 60))
        dialog = FlagEditor(flag, f"{where}, at {at}", data.revisions, self.author, self._parent)
        self._open(dialog, lambda d: self._flag_edited(d, flag))

    def _flag_edited(self, dialog: FlagEditor, flag: Flag) -> None:
        changes = dialog.changes()
        author = dialog.author.text().strip()
        self.remember_author(author)
        if not changes:
            self._tell("The flag is unchanged.")
            return
        try:
            self._workspace().review.edit_flag(flag.id, author=author, **changes)
        except RehearsalError as exc:
            self._show_error(exc)
            return
        self._fields("Edit flag", "flag", flag.id, flag, changes, author)

    # -- action items ----------------------------------------------------------------------
    def make_item_from_flag(self, flag: Flag) -> None:
        self._create_item("flag", flag.id, FLAG_OWNERS.get(flag.category, "designer"))

    def make_item_from_answer(self, key: str) -> None:
        """From a debrief answer (committed first: the answer as typed is the item's title)."""
        self._create_item("debrief", key, ANSWER_OWNERS.get(key, "designer"))

    def _create_item(self, kind: str, source_id: str, owner: str) -> None:
        data = self._shown()
        if data is None:
            return
        existing = next(
            (i for i in data.items if i.source_kind.value == kind and i.source_id == source_id),
            None,
        )
        if existing is not None:
            self._reveal("action", existing.id)
            self._tell("That already has an action item: it is selected.")
            return
        rid, review = data.rehearsal.id, self._workspace().review
        try:
            item = review.add_action_item(rid, kind, source_id, owner_role=owner)
        except RehearsalError as exc:
            self._show_error(exc)
            return
        self._push(AddActionItem(review, rid, item.id, self.author, self._ran))
        self._reveal("action", item.id)

    def edit_item(self, item_id: str, field: str, value: Any) -> None:
        data = self._shown()
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
            self._workspace().review.edit_action_item(item_id, author=author, **changes)
        except RehearsalError as exc:
            self._show_error(exc)
            return
        self._fields("Edit action item", "action", item_id, item, changes, author)

    def mark_item_fixed(self, item_id: str, plan_id: str) -> None:
        data = self._shown()
        item = next((i for i in data.items if i.id == item_id), None) if data else None
        if item is None or data is None:
            return
        author, ws = self.author, self._workspace()
        try:
            revision = ws.plan(plan_id).revision
            ws.review.mark_fixed(item_id, plan_id, author=author)
        except RehearsalError as exc:
            self._show_error(exc)
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
        self._push(FieldEdits(ws.review, data.rehearsal.id, label, changes, author, self._ran))

    def delete_item(self, item_id: str) -> None:
        data = self._shown()
        if data is None:
            return
        author, review = self.author, self._workspace().review
        try:
            review.edit_action_item(item_id, deleted=True, author=author)
        except RehearsalError as exc:
            self._show_error(exc)
            return
        change = FieldChange("action", item_id, "deleted", False, True)
        label = "Delete action item"
        self._push(FieldEdits(review, data.rehearsal.id, label, [change], author, self._ran))

    # -- the debrief -----------------------------------------------------------------------
    def answer(self, key: str, text: str, author: str) -> None:
        data = self._shown()
        if data is None:
            return
        found = data.debrief.answer(key)
        old = found.answer if found is not None else ""
        if text == old:
            return
        self.remember_author(author)
        rid, review = data.rehearsal.id, self._workspace().review
        try:
            review.answer(rid, key, text, answered_by=author)
        except RehearsalError as exc:
            self._show_error(exc)
            return
        change = FieldChange("debrief", rid, key, old, text)
        label = "Answer debrief question"
        self._push(FieldEdits(review, rid, label, [change], author, self._ran))

    # -- conflicts -------------------------------------------------------------------------
    def describe_conflict(self, c: Conflict) -> str:
        data = self._shown()
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
        if c.entity == "evidence":
            f = data.evidence.file(c.entity_id)
            what = EVIDENCE_FIELDS.get(c.field, field)
            return f"Evidence: {what} of {f.name if f else 'a file'}"
        if c.entity == "speaker":
            s = data.evidence.speaker(c.entity_id)
            return f"Evidence: {field} of speaker {s.name if s else '?'}"
        item = next((i for i in data.items if i.id == c.entity_id), None)
        return f"Action item “{item.title if item else '?'}”: {field}"

    def review_conflicts(self) -> None:
        data = self._shown()
        if data is None:
            return
        dialog = ConflictsDialog(data.conflicts, self.describe_conflict, self._parent)
        dialog.chosen.connect(self.settle)
        self._open(dialog, None)

    def settle(self, conflict: Conflict, value: Any, keep: bool) -> None:
        author, review = self.author, self._workspace().review
        new = conflict.winner.value if keep else value
        try:
            if keep or value is not None:
                review.confirm(conflict, value=None if keep else value, author=author)
            else:  # confirm() reads None as "keep shown": record the empty value itself
                review.set_value(
                    conflict.rehearsal_id,
                    conflict.entity,
                    conflict.entity_id,
                    conflict.field,
                    None,
                    author,
                )
        except RehearsalError as exc:
            self._show_error(exc)
            return
        change = FieldChange(
            conflict.entity, conflict.entity_id, conflict.field, conflict.winner.value, new
        )
        label = "Settle conflict"
        self._push(FieldEdits(review, conflict.rehearsal_id, label, [change], author, self._ran))
        if isinstance(self.dialog, ConflictsDialog):
            data = self._shown()
            self.dialog.set_conflicts(data.conflicts if data else ())
            if not data or not data.conflicts:
                self._tell("Every conflict is settled.")
