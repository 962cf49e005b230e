"""The bounds a file of evidence is held to, whatever read it (`rehearsal.limits`): what the
import checks before anything is stored, and packs hold each item to, so that evidence that
passed one door passes the other and never breaks a view, a report or a command."""

from __future__ import annotations

from rehearsal.errors import FormatError
from rehearsal.evidence_model import (
    ITEM_KINDS,
    MOMENTS,
    EvidenceDraft,
    EvidenceItem,
    EvidenceKind,
    ItemKind,
    Platform,
    TimeBase,
)
from rehearsal.limits import (
    MAX_EVIDENCE_ITEMS,
    MAX_ITEM_SPAN_MS,
    MAX_NAME_CHARS,
    MAX_RECORDING_MS,
    MAX_TEXT_CHARS,
    MAX_WALL_MS,
    is_text,
)

MAX_MS = {TimeBase.RECORDING: MAX_RECORDING_MS, TimeBase.WALL: MAX_WALL_MS}


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def moment_problem(
    file_kind: EvidenceKind, time_base: TimeBase, kind: ItemKind, start_ms: object, end_ms: object
) -> tuple[str, str] | None:
    """What is wrong with an item's kind and times in a file of `file_kind` counting time
    by `time_base`: (the field, what was expected), or None."""
    if kind not in ITEM_KINDS[file_kind]:
        allowed = ", ".join(sorted(k.value for k in ITEM_KINDS[file_kind]))
        return "kind", f"in a {file_kind.value} file: {allowed}"
    high = MAX_MS[time_base]
    for field, value in (("start_ms", start_ms), ("end_ms", end_ms)):
        if not _whole(value) or not 0 <= value <= high:  # type: ignore[operator]
            return field, f"a whole number of milliseconds from 0 to {high:,}"
    assert isinstance(start_ms, int) and isinstance(end_ms, int)
    if kind in MOMENTS and end_ms != start_ms:
        return "end_ms", f"the start, for a {kind.value} (a moment)"
    if not start_ms <= end_ms <= start_ms + MAX_ITEM_SPAN_MS:
        return "end_ms", f"from the start to {MAX_ITEM_SPAN_MS:,} ms after it"
    return None


def text_problem(field: str, value: object) -> str | None:
    """What a text of an item must be instead, or None."""
    chars = MAX_TEXT_CHARS if field == "text" else MAX_NAME_CHARS
    return None if is_text(value, chars) else f"text of at most {chars:,} characters"


def check_draft(draft: EvidenceDraft, file: str) -> EvidenceDraft:
    """`draft` when it keeps to the bounds; else `FormatError` naming the item (counted
    from 1, as a row) and the field."""
    for value, kind, what in (
        (draft.kind, EvidenceKind, "kind"),
        (draft.platform, Platform, "platform"),
        (draft.time_base, TimeBase, "time base"),
    ):
        if not isinstance(value, kind):
            raise FormatError(f"the reader gave no {what}", file=file)
    started = draft.recording_started_ms
    if started is not None and not (_whole(started) and 0 <= started <= MAX_WALL_MS):
        raise FormatError(
            "its recording's start is no time", file=file, expected="a time from 1970 to 9999"
        )
    if not is_text(draft.title, MAX_NAME_CHARS):
        raise FormatError("its title is too long or broken", file=file, column="title")
    if len(draft.items) > MAX_EVIDENCE_ITEMS:
        raise FormatError(
            f"it holds {len(draft.items):,} items",
            file=file,
            expected=f"at most {MAX_EVIDENCE_ITEMS:,}",
        )
    for index, item in enumerate(draft.items, start=1):
        problem = _item_problem(draft, item)
        if problem is not None:
            field, expected = problem
            raise FormatError(
                f"item {index} cannot be kept",
                file=file,
                row=index,
                column=field,
                expected=expected,
            )
    return draft


def _item_problem(draft: EvidenceDraft, item: EvidenceItem) -> tuple[str, str] | None:
    if not isinstance(item, EvidenceItem) or not isinstance(item.kind, ItemKind):
        return "kind", "an item of evidence"
    found = moment_problem(draft.kind, draft.time_base, item.kind, item.start_ms, item.end_ms)
    if found is not None:
        return found
    for field in ("person", "text", "detail"):
        expected = text_problem(field, getattr(item, field))
        if expected is not None:
            return field, expected + " (valid Unicode, no NUL)"
    return None
