"""Review edits as QUndoCommands over the core's append-only edit log.

The core never overwrites a flag, an annotation, a debrief answer or an action item: every
change is one more `FieldEdit` of one field (`rehearsal.reviewing.store`). Undo follows suit —
undoing records the old value again with `ReviewStore.set_value`, and redoing records the
new one — so the history keeps every step, which merging workspaces needs.

The view makes the first change itself, through the core's own call (`edit_flag`,
`annotate`, `mark_fixed`…), so a refused change raises before anything is pushed; the
command it then pushes skips that first redo.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QUndoCommand

from rehearsal.errors import RehearsalError
from rehearsal.reviewing.store import ReviewStore

# Called after a command ran: the rehearsal it changed, and the error it met (or None).
AfterRun = Callable[[str, RehearsalError | None], None]


@dataclass(frozen=True, slots=True)
class FieldChange:
    entity: str  # "flag" | "annotation" | "debrief" | "action"
    entity_id: str
    field: str
    old: Any
    new: Any


class ReviewCommand(QUndoCommand):
    """A review edit already made once; redo and undo make it again as new edits."""

    def __init__(self, review: ReviewStore, rehearsal_id: str, text: str, after: AfterRun) -> None:
        super().__init__(text)
        self.review = review
        self.rehearsal_id = rehearsal_id
        self._after = after
        self._first = True

    def redo(self) -> None:
        if self._first:  # the view made this change before pushing the command
            self._first = False
            self._after(self.rehearsal_id, None)
            return
        self._run(self.apply)

    def undo(self) -> None:
        self._run(self.revert)

    def _run(self, step: Callable[[], None]) -> None:
        try:
            step()
        except RehearsalError as exc:
            self._after(self.rehearsal_id, exc)
            return
        self._after(self.rehearsal_id, None)

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class FieldEdits(ReviewCommand):
    """Some fields changed together (a flag edited in its dialog, an item marked fixed)."""

    def __init__(
        self,
        review: ReviewStore,
        rehearsal_id: str,
        text: str,
        changes: Sequence[FieldChange],
        author: str,
        after: AfterRun,
    ) -> None:
        super().__init__(review, rehearsal_id, text, after)
        self.changes = tuple(changes)
        self.author = author

    def _set(self, new: bool) -> None:
        for c in self.changes:
            self.review.set_value(
                self.rehearsal_id,
                c.entity,
                c.entity_id,
                c.field,
                c.new if new else c.old,
                self.author,
            )

    def apply(self) -> None:
        self._set(new=True)

    def revert(self) -> None:
        self._set(new=False)


class AddAnnotation(ReviewCommand):
    """Undo hides the new annotation, redo shows it again (both edits of `deleted`)."""

    def __init__(
        self,
        review: ReviewStore,
        rehearsal_id: str,
        annotation_id: str,
        author: str,
        after: AfterRun,
    ) -> None:
        super().__init__(review, rehearsal_id, "Add annotation", after)
        self.annotation_id = annotation_id
        self.author = author

    def apply(self) -> None:
        self.review.restore_annotation(self.annotation_id, author=self.author)

    def revert(self) -> None:
        self.review.delete_annotation(self.annotation_id, author=self.author)


class AddActionItem(ReviewCommand):
    """Undo marks the new item deleted, redo brings it back (both edits of `deleted`)."""

    def __init__(
        self, review: ReviewStore, rehearsal_id: str, item_id: str, author: str, after: AfterRun
    ) -> None:
        super().__init__(review, rehearsal_id, "Make action item", after)
        self.item_id = item_id
        self.author = author

    def _deleted(self, value: bool) -> None:
        self.review.set_value(
            self.rehearsal_id, "action", self.item_id, "deleted", value, self.author
        )

    def apply(self) -> None:
        self._deleted(False)

    def revert(self) -> None:
        self._deleted(True)
