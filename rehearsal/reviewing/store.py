"""Reviewing a rehearsal after the fact: flags edited, annotations, the debrief, action items.

Nothing here is updated in place. Flags, annotations and action items keep the values they
were created with; every change is a `FieldEdit` of one field, kept forever. The value shown
is the latest edit (by edit time, then id) among the edits that no other edit replaced —
a pure function of the set of edits, so workspaces that exchange packs (`packs.py`) agree
whatever order the packs arrive in, and an edit seen twice changes nothing. Two edits of
one field that did not see each other are a `Conflict`, listed until a person confirms a
value.

Every change is published on the workspace's `ChangeHub` as `Changes(review={rehearsal
id})` once it is stored (one message for an operation that stores several edits).

Use it through `Workspace.review`:

    review = ws.review
    review.edit_flag(flag_id, severity="high", status="accepted", author="Sam")
    note = review.annotate(rehearsal_id, "Rooms opened late", at_ns=..., author="Sam")
    review.answer(rehearsal_id, "changes_next", "Pre-assign rooms", answered_by="Maya")
    item = review.add_action_item(rehearsal_id, "flag", flag_id, owner_role="producer")
    review.mark_fixed(item.id, plan_id)   # fixed in that plan revision
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from rehearsal.changes import ChangeHub, Changes
from rehearsal.clock import Clock, SystemClock
from rehearsal.errors import InvalidOperation
from rehearsal.limits import MAX_NAME_CHARS
from rehearsal.model import (
    DEBRIEF_QUESTIONS,
    ActionItem,
    ActionSource,
    Annotation,
    Conflict,
    Debrief,
    DebriefAnswer,
    FieldEdit,
    Flag,
    FlagStatus,
    Severity,
    new_id,
)
from rehearsal.reviewing.fields import (
    FIELDS,
    QUESTIONS,
    Key,
    Resolution,
    optional_int,
    resolve,
    text_value,
)
from rehearsal.storage import meta as stored_meta
from rehearsal.storage import plans as stored_plans
from rehearsal.storage import rehearsals as stored_rehearsals
from rehearsal.storage import review as stored
from rehearsal.storage.database import Storage

T = TypeVar("T", Flag, Annotation, ActionItem)


class ReviewStore:
    """Review data of a workspace; reach it as `Workspace.review`."""

    def __init__(
        self, storage: Storage, changes: ChangeHub | None = None, clock: Clock | None = None
    ) -> None:
        self._storage = storage
        self._changes = changes if changes is not None else ChangeHub()
        self.clock: Clock = clock or SystemClock()
        self._last_edit = ""
        self._pending: set[str] | None = None  # rehearsals changed in the current operation

    @contextmanager
    def _operation(self) -> Iterator[None]:
        """Publish what the enclosed writes changed once, when the outermost one ends."""
        if self._pending is not None:
            yield
            return
        self._pending = set()
        try:
            yield
        finally:
            changed, self._pending = self._pending, None
            self._changes.publish(Changes.of(review=changed))

    def _changed(self, rehearsal_id: str) -> None:
        with self._operation():
            assert self._pending is not None
            self._pending.add(rehearsal_id)

    # -- edits ---------------------------------------------------------------------------------
    def edits(self, rehearsal_id: str) -> list[FieldEdit]:
        return stored.edits(self._storage, str(rehearsal_id))

    def history(self, entity: str, entity_id: str, field: str | None = None) -> list[FieldEdit]:
        """Every edit of one thing (or one of its fields), oldest first, losers included."""
        return stored.history(self._storage, entity, str(entity_id), field)

    def _resolved(self, rehearsal_id: str) -> dict[Key, Resolution]:
        return resolve(self.edits(rehearsal_id))

    def _now(self) -> str:
        """An edit time: UTC to the microsecond, and later than this store's previous one."""
        stamp = self.clock.wall().astimezone(UTC).isoformat(timespec="microseconds")
        if stamp <= self._last_edit:
            stamp = _bump(self._last_edit)
        self._last_edit = stamp
        return stamp

    def set_value(
        self,
        rehearsal_id: str,
        entity: str,
        entity_id: str,
        field: str,
        value: Any,
        author: str = "",
    ) -> FieldEdit:
        """Record one field's new value (the one call every change goes through)."""
        checks = FIELDS.get(entity, {})
        if field not in checks:
            raise InvalidOperation(f"{field!r} of a {entity} cannot be edited.")
        value = checks[field](value)
        return self._write(rehearsal_id, entity, entity_id, {field: value}, author)[0]

    def _write(
        self, rehearsal_id: str, entity: str, entity_id: str, values: dict[str, Any], author: str
    ) -> list[FieldEdit]:
        resolved = self._resolved(rehearsal_id)
        made = []
        for field, value in values.items():
            current = resolved.get((entity, entity_id, field))
            heads = tuple(h.id for h in current.heads) if current else ()
            made.append(
                self._new_edit(rehearsal_id, entity, entity_id, field, value, author, heads)
            )
        stored.insert_edits(self._storage, made)
        if made:
            self._changed(rehearsal_id)
        return made

    def _new_edit(
        self,
        rehearsal_id: str,
        entity: str,
        entity_id: str,
        field: str,
        value: Any,
        author: str,
        replaces: tuple[str, ...],
    ) -> FieldEdit:
        return FieldEdit(
            id=new_id(),
            rehearsal_id=rehearsal_id,
            entity=entity,
            entity_id=entity_id,
            field=field,
            value=value,
            edited_at=self._now(),
            author=author,
            origin=stored_meta.origin(self._storage),
            replaces=replaces,
        )

    def _edit(
        self, rehearsal_id: str, entity: str, entity_id: str, changes: dict[str, Any], author: str
    ) -> None:
        checks = FIELDS[entity]
        unknown = sorted(set(changes) - set(checks))
        if unknown:
            raise InvalidOperation(f"These fields of a {entity} cannot be edited: {unknown}.")
        values = {field: checks[field](value) for field, value in changes.items()}
        if values:
            self._write(rehearsal_id, entity, entity_id, values, author)

    @staticmethod
    def _overlay(base: T, entity: str, resolved: dict[Key, Resolution]) -> T:
        changes = {
            field: resolved[(entity, base.id, field)].winner.value
            for field in FIELDS[entity]
            if (entity, base.id, field) in resolved and hasattr(base, field)
        }
        for field in ("severity", "status"):
            if field in changes:
                kind = Severity if field == "severity" else FlagStatus
                changes[field] = kind(changes[field])
        if "source_kind" in changes:
            changes["source_kind"] = ActionSource(changes["source_kind"])
        return replace(base, **changes) if changes else base

    # -- flags -----------------------------------------------------------------------------------
    def flags(self, rehearsal_id: str) -> list[Flag]:
        resolved = self._resolved(rehearsal_id)
        return [
            self._overlay(f, "flag", resolved) for f in stored.flags(self._storage, rehearsal_id)
        ]

    def flags_of(self, rehearsal_ids: list[str]) -> dict[str, list[Flag]]:
        """`flags` of many rehearsals at once."""
        found, edits = stored.flags_of(self._storage, rehearsal_ids)
        resolved = resolve(edits)
        return {
            rid: [self._overlay(f, "flag", resolved) for f in flags] for rid, flags in found.items()
        }

    def flag(self, flag_id: str) -> Flag:
        flag = stored.flag(self._storage, flag_id)
        return self._overlay(flag, "flag", self._resolved(flag.rehearsal_id))

    def edit_flag(self, flag_id: str, *, author: str = "", **changes: Any) -> Flag:
        """Change a flag's category, severity, seconds_lost, note, status or fixed_in_revision."""
        flag = self.flag(flag_id)
        self._edit(flag.rehearsal_id, "flag", flag.id, changes, author)
        return self.flag(flag_id)

    # -- annotations -------------------------------------------------------------------------
    def annotations(self, rehearsal_id: str, include_deleted: bool = False) -> list[Annotation]:
        found = stored.rehearsal_annotations(self._storage, str(rehearsal_id))
        return self._listed(found, "annotation", rehearsal_id, include_deleted)

    def _listed(
        self, found: list[T], entity: str, rehearsal_id: str, include_deleted: bool
    ) -> list[T]:
        """A rehearsal's annotations or action items as edited, the deleted ones left out."""
        resolved = self._resolved(rehearsal_id)
        listed = []
        for base in found:
            deleted = resolved.get((entity, base.id, "deleted"))
            if deleted and deleted.winner.value and not include_deleted:
                continue
            listed.append(self._overlay(base, entity, resolved))
        return listed

    def annotation(self, annotation_id: str) -> Annotation:
        note = stored.annotation(self._storage, annotation_id)
        return self._overlay(note, "annotation", self._resolved(note.rehearsal_id))

    def annotate(
        self,
        rehearsal_id: str,
        text: str,
        *,
        at_ns: int | None = None,
        segment_id: str | None = None,
        transition_id: str | None = None,
        author: str = "",
    ) -> Annotation:
        """Add a note after the fact: at a moment (`at_ns` on the rehearsal's timeline), on a
        segment, or on a transition (give the segment it follows and the transition id)."""
        stored_rehearsals.rehearsal(self._storage, rehearsal_id)  # NotFound for an unknown one
        note = Annotation(
            id=new_id(),
            rehearsal_id=rehearsal_id,
            text=text_value(text, "An annotation", required=True),
            author=text_value(author, "The author", max_chars=MAX_NAME_CHARS),
            at_ns=optional_int(at_ns, "The moment"),
            segment_id=FIELDS["annotation"]["segment_id"](segment_id),
            transition_id=FIELDS["annotation"]["transition_id"](transition_id),
            created=self._now(),
        )
        stored.insert_annotation(self._storage, note)
        self._changed(rehearsal_id)
        return note

    def edit_annotation(
        self, annotation_id: str, *, author: str = "", **changes: Any
    ) -> Annotation:
        note = self.annotation(annotation_id)
        self._edit(note.rehearsal_id, "annotation", note.id, changes, author)
        return self.annotation(annotation_id)

    def delete_annotation(self, annotation_id: str, author: str = "") -> None:
        """Hide an annotation (an edit, so the deletion travels in packs and can be undone)."""
        self.edit_annotation(annotation_id, deleted=True, author=author)

    def restore_annotation(self, annotation_id: str, author: str = "") -> None:
        self.edit_annotation(annotation_id, deleted=False, author=author)

    # -- the debrief ---------------------------------------------------------------------------
    def debrief(self, rehearsal_id: str) -> Debrief:
        resolved = self._resolved(rehearsal_id)
        answers = []
        for key, _question in DEBRIEF_QUESTIONS:
            found = resolved.get(("debrief", rehearsal_id, key))
            if found is not None and found.winner.value:
                w = found.winner
                answers.append(DebriefAnswer(key, w.value, w.author, w.edited_at))
        return Debrief(rehearsal_id, tuple(answers))

    def answer(
        self, rehearsal_id: str, question: str, answer: str, answered_by: str = ""
    ) -> Debrief:
        """Answer (or change the answer to) one of the six debrief questions."""
        if question not in QUESTIONS:
            raise InvalidOperation(
                f"{question!r} is not a debrief question; use one of {sorted(QUESTIONS)}."
            )
        stored_rehearsals.rehearsal(self._storage, rehearsal_id)
        self._edit(rehearsal_id, "debrief", rehearsal_id, {question: answer}, answered_by)
        return self.debrief(rehearsal_id)

    # -- action items --------------------------------------------------------------------------
    def action_items(
        self, rehearsal_id: str | None = None, include_deleted: bool = False
    ) -> list[ActionItem]:
        if rehearsal_id is None:
            ids = stored.rehearsals_with_action_items(self._storage)
            return [i for rid in ids for i in self.action_items(rid, include_deleted)]
        found = stored.rehearsal_action_items(self._storage, str(rehearsal_id))
        return self._listed(found, "action", rehearsal_id, include_deleted)

    def action_items_of(self, rehearsal_ids: list[str]) -> dict[str, list[ActionItem]]:
        """`action_items` of many rehearsals at once (deleted ones left out)."""
        found, edits = stored.action_items_of(self._storage, rehearsal_ids)
        resolved = resolve(edits)
        listed: dict[str, list[ActionItem]] = {}
        for rid, items in found.items():
            listed[rid] = []
            for base in items:
                deleted = resolved.get(("action", base.id, "deleted"))
                if not (deleted and deleted.winner.value):
                    listed[rid].append(self._overlay(base, "action", resolved))
        return listed

    def action_item(self, item_id: str) -> ActionItem:
        item = stored.action_item(self._storage, item_id)
        return self._overlay(item, "action", self._resolved(item.rehearsal_id))

    def add_action_item(
        self,
        rehearsal_id: str,
        source_kind: str | ActionSource,
        source_id: str,
        *,
        title: str | None = None,
        owner_role: str = "",
    ) -> ActionItem:
        """Turn a flag (source_id = its id) or a debrief answer (source_id = the question key)
        into an action item; it concerns the flag's segment or transition."""
        kind = ActionSource(source_kind)
        segment_id = transition_id = None
        if kind is ActionSource.FLAG:
            flag = self.flag(source_id)
            if flag.rehearsal_id != rehearsal_id:
                raise InvalidOperation("That flag belongs to another rehearsal.")
            segment_id, transition_id = flag.segment_id, flag.transition_id
            default = f"{flag.category}: {flag.note}" if flag.note else flag.category
        else:
            found = self.debrief(rehearsal_id).answer(source_id)
            if found is None:
                raise InvalidOperation("Answer that debrief question before making it an item.")
            default = found.answer
        item = ActionItem(
            id=new_id(),
            rehearsal_id=rehearsal_id,
            source_kind=kind,
            source_id=source_id,
            title=text_value(
                title if title is not None else shortened(default, MAX_NAME_CHARS),
                "An action item's title",
                True,
                MAX_NAME_CHARS,
            ),
            owner_role=text_value(owner_role, "The owner", max_chars=MAX_NAME_CHARS),
            segment_id=segment_id,
            transition_id=transition_id,
            created=self._now(),
        )
        stored.insert_action_item(self._storage, item)
        self._changed(rehearsal_id)
        return item

    def edit_action_item(self, item_id: str, *, author: str = "", **changes: Any) -> ActionItem:
        """Change an item's title, owner_role, status, fixed_in_plan or deleted."""
        item = self.action_item(item_id)
        plan_id = changes.get("fixed_in_plan")
        if plan_id:
            stored_plans.plan(self._storage, plan_id)  # NotFound for a revision not here
        self._edit(item.rehearsal_id, "action", item.id, changes, author)
        return self.action_item(item_id)

    def mark_fixed(self, item_id: str, plan_id: str, author: str = "") -> ActionItem:
        """Fixed in plan revision `plan_id`; a flag it came from is marked fixed there too."""
        plan = stored_plans.plan(self._storage, plan_id)
        with self._operation():  # the item and its flag: one change
            item = self.edit_action_item(
                item_id, status=FlagStatus.FIXED.value, fixed_in_plan=plan.id, author=author
            )
            if item.source_kind is ActionSource.FLAG:
                self.edit_flag(
                    item.source_id, status="fixed", fixed_in_revision=plan.revision, author=author
                )
        return item

    def open_items_by_segment(self, program_id: str) -> dict[str, list[ActionItem]]:
        """Open action items of every rehearsal of a program, by the segment they concern
        (segment ids are kept across revisions, so they show on the newest one)."""
        found: dict[str, list[ActionItem]] = {}
        plan_ids = set(stored_plans.plan_ids(self._storage, program_id))
        for rehearsal in stored_rehearsals.rehearsals(self._storage):
            if rehearsal.plan_id not in plan_ids:
                continue
            for item in self.action_items(rehearsal.id):
                if item.status is FlagStatus.OPEN and item.segment_id:
                    found.setdefault(item.segment_id, []).append(item)
        return found

    # -- conflicts -----------------------------------------------------------------------------
    def conflicts(self, rehearsal_id: str | None = None) -> list[Conflict]:
        """Fields edited on two machines where neither saw the other's edit."""
        ids = (
            [rehearsal_id]
            if rehearsal_id is not None
            else [r.id for r in stored_rehearsals.rehearsals(self._storage)]
        )
        found = []
        for rid in ids:
            for (entity, entity_id, field), res in sorted(self._resolved(rid).items()):
                if res.conflicted:
                    losers = tuple(h for h in res.heads if h.id != res.winner.id)
                    found.append(Conflict(rid, entity, entity_id, field, res.winner, losers))
        return found

    def confirm(self, conflict: Conflict, value: Any = None, author: str = "") -> FieldEdit:
        """Settle a conflict: keep the shown value (default) or choose another; the new edit
        replaces every contested one, so the conflict is gone everywhere it travels."""
        chosen = conflict.winner.value if value is None else value
        chosen = FIELDS[conflict.entity][conflict.field](chosen)
        c = conflict
        contested = tuple(e.id for e in (c.winner, *c.losers))
        edit = self._new_edit(
            c.rehearsal_id, c.entity, c.entity_id, c.field, chosen, author, contested
        )
        stored.insert_edits(self._storage, [edit])
        self._changed(c.rehearsal_id)
        return edit


def _bump(stamp: str) -> str:
    """The next microsecond after an ISO time."""
    return (datetime.fromisoformat(stamp) + timedelta(microseconds=1)).isoformat(
        timespec="microseconds"
    )


def shortened(text: str, max_chars: int) -> str:
    """`text`, cut to `max_chars` with an ellipsis when it is longer."""
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"
