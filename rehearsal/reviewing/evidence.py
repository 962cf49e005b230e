"""Evidence of a rehearsal: a meeting platform's files imported and stored with it, placed on
the run's clock, its speakers with their roles, and the figures of each step.

Use it through `Workspace.evidence`:

    found = ws.evidence.import_file(rehearsal_id, "transcript.vtt")  # an `EvidenceImport`
    print(found.summary())  # what was added, the offset and how it was proposed
    ws.evidence.files(rehearsal_id)  # `EvidenceFile`s, each with its offset in force
    ws.evidence.set_offset(file_id, 12_500)  # ms; None: back to the proposal
    ws.evidence.remove(file_id)  # and `restore`
    ws.evidence.speakers(rehearsal_id)  # `Speaker`s: name, role, why
    ws.evidence.set_role(rehearsal_id, speaker_id, "staff")  # None: back to the match
    ws.evidence.placed(rehearsal_id)  # every item on the run's clock, with its speaker
    ws.evidence.figures(rehearsal_id)  # `RunEngagement`: each step, and the run
    ws.evidence.read(rehearsal_id)  # the three at once, read once (`EvidenceRead`)

Files and items are stored once and never changed (`rehearsal.storage.evidence`); an
offset adjusted, a file removed, a speaker's role set are edits of the review store
(entities "evidence" and "speaker"), so they travel in packs and resolve last-writer-wins
like every other edit. Every change is published as `Changes(review={rehearsal id})`.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rehearsal.changes import ChangeHub, Changes
from rehearsal.durations import count, format_signed, format_size
from rehearsal.errors import FormatError, InvalidOperation, NotFound
from rehearsal.evidence_model import (
    EvidenceDraft,
    EvidenceFile,
    EvidenceItem,
    EvidenceKind,
    ItemKind,
    Proposal,
    Speaker,
    SpeakerRole,
    TimeBase,
    evidence_file_id,
)
from rehearsal.formats.evidence_limits import check_draft
from rehearsal.limits import MAX_EVIDENCE_FILE_BYTES, MAX_EVIDENCE_FILES
from rehearsal.model import Event, Plan, Rehearsal
from rehearsal.rehearsing.evidence_figures import (
    Placed,
    RunEngagement,
    run_engagement,
    step_windows,
)
from rehearsal.rehearsing.placement import RunClock, offset_text, place, propose, run_clock
from rehearsal.rehearsing.speakers import name_key, run_people, says_staff, speakers
from rehearsal.rehearsing.timing import RunState, Step, live_steps, replay
from rehearsal.reviewing.fields import Key, Resolution, offset_value, resolve
from rehearsal.reviewing.store import ReviewStore
from rehearsal.storage import evidence as stored
from rehearsal.storage import plans as stored_plans
from rehearsal.storage import rehearsals as stored_rehearsals
from rehearsal.storage import review as stored_review
from rehearsal.storage.database import Storage

ENTITIES = ("evidence", "speaker")
ITEM_NOUNS = {
    ItemKind.SPEECH: ("speech cue", "speech cues"),
    ItemKind.MESSAGE: ("message", "messages"),
    ItemKind.REACTION: ("reaction", "reactions"),
    ItemKind.PRESENT: ("attendance entry", "attendance entries"),
    ItemKind.ANSWER: ("poll answer", "poll answers"),
}


@dataclass(frozen=True, slots=True)
class EvidenceImport:
    """What importing one file did."""

    file: EvidenceFile  # as it stands now
    stored: bool  # this import stored it (else it was here already)
    added: int  # items stored
    kinds: tuple[tuple[ItemKind, int], ...]  # its items by kind
    reason: str  # how its offset in force was found, in words
    outside: int  # its items (attendance aside) placed outside every step of the run
    restored: bool = False  # it had been removed, and is back
    adjusted: bool = False  # it was here, and its offset is now the one given
    warnings: tuple[str, ...] = ()  # what the reader read loosely

    def summary(self) -> str:
        """What the import did, in a line: what was added, where the file is placed and
        how that was found."""
        f = self.file
        what = ", ".join(count(n, *ITEM_NOUNS[kind]) for kind, n in self.kinds if n) or "no items"
        source = f"{f.platform.value.capitalize()} {f.kind.value}"
        placed = (
            f"offset {format_signed(f.offset_ms / 1000)}: {offset_text(f.time_base, f.offset_ms)}"
        )
        if not self.stored:
            head = f"{f.name}: here already ({what}, {source})"
            if self.restored:
                head += "; it had been removed and is back"
            if self.adjusted:
                head += f"; {placed} (as given)"
            elif not self.restored:
                head += ": nothing changed"
            return head + "."
        text = f"{f.name}: added {what} ({source}); {placed} ({self.reason})."
        if self.outside:
            text += (
                f" {count(self.outside, 'item')} of it fall outside the run's steps: "
                "check the offset."
            )
        return text


@dataclass(frozen=True, slots=True)
class PlacedItem:
    """An item of evidence as the run's timeline shows it."""

    file_id: str
    position: int  # in its file
    item: EvidenceItem  # as the file has it (names and words: for this workspace's eyes)
    start_ns: int  # on the run's clock
    end_ns: int
    speaker_id: str
    role: SpeakerRole


@dataclass(frozen=True, slots=True)
class _Run:
    rehearsal: Rehearsal
    plan: Plan
    steps: tuple[Step, ...]
    state: RunState
    clock: RunClock


def draft_sha256(draft: EvidenceDraft) -> str:
    """A SHA-256 of what a draft holds, for a draft that comes without its file's bytes."""
    content = {
        "kind": draft.kind.value,
        "platform": draft.platform.value,
        "time_base": draft.time_base.value,
        "title": draft.title,
        "recording_started_ms": draft.recording_started_ms,
        "items": [
            [i.kind.value, i.start_ms, i.end_ms, i.person, i.text, i.detail] for i in draft.items
        ],
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EvidenceStore:
    """A workspace's evidence; reach it as `Workspace.evidence`."""

    def __init__(self, storage: Storage, review: ReviewStore, changes: ChangeHub) -> None:
        self._storage = storage
        self._review = review
        self._changes = changes

    # -- importing -------------------------------------------------------------------------------
    def import_file(
        self, rehearsal_id: str, path: str | Path, *, offset_ms: int | None = None
    ) -> EvidenceImport:
        """Read a file of evidence and store it with the rehearsal, all or nothing
        (`FormatError` naming the file, item and field: nothing stored). `offset_ms` places
        it instead of the proposal (see `add`)."""
        rehearsal = stored_rehearsals.rehearsal(self._storage, rehearsal_id)  # NotFound first
        source = Path(path)
        data = _read(source)
        # the readers' one seam; imported when a file is read, not at the app's launch
        from rehearsal.formats import evidence as readers

        try:
            # a chat saved on the computer gives times of day only: they are of the run's day
            day = date.fromisoformat(rehearsal.created[:10])
            draft = readers.parse_evidence(data, source.name, day=day)
        except FormatError as exc:
            raise exc.located(source.name) from None
        return self.add(
            rehearsal_id,
            draft,
            name=source.name,
            sha256=hashlib.sha256(data).hexdigest(),
            offset_ms=offset_ms,
        )

    def add(
        self,
        rehearsal_id: str,
        draft: EvidenceDraft,
        *,
        name: str,
        sha256: str | None = None,
        offset_ms: int | None = None,
    ) -> EvidenceImport:
        """Store a file already read (`draft`, from the file called `name` whose bytes have
        the SHA-256 `sha256`; without it, one of the draft's content). Its offset is
        `offset_ms` when given, else proposed (`rehearsing.placement`). A file here already
        (the same bytes) changes nothing — but comes back if it was removed, and takes
        `offset_ms` when given and different."""
        rehearsal = stored_rehearsals.rehearsal(self._storage, rehearsal_id)
        draft = check_draft(draft, name)
        if offset_ms is not None:
            offset_ms = offset_value(offset_ms)
        digest = sha256 or draft_sha256(draft)
        file_id = evidence_file_id(rehearsal.id, digest)
        kinds = tuple(sorted(Counter(i.kind for i in draft.items).items()))
        run = self._run(rehearsal)
        if stored.file_exists(self._storage, file_id):
            return self._again(file_id, run, kinds, offset_ms)
        present = self.files(rehearsal.id, include_removed=True)
        if len(present) >= MAX_EVIDENCE_FILES:
            raise InvalidOperation(
                f"A rehearsal holds at most {MAX_EVIDENCE_FILES} files of evidence (removed "
                "ones count too): this one was not imported."
            )
        if offset_ms is None:
            recordings = [f for f in present if f.time_base is TimeBase.RECORDING]
            found = propose(
                draft.time_base,
                draft.platform,
                draft.items,
                run.clock,
                recordings,
                draft.recording_started_ms,
            )
            offset_ms, proposal, reason = found.offset_ms, found.proposal, found.reason
        else:
            proposal, reason = Proposal.GIVEN, "as given"
        f = EvidenceFile(
            id=file_id,
            rehearsal_id=rehearsal.id,
            kind=draft.kind,
            platform=draft.platform,
            time_base=draft.time_base,
            sha256=digest,
            title=draft.title,
            items=len(draft.items),
            name=name,
            imported=datetime.now(UTC).isoformat(timespec="microseconds"),
            proposed_offset_ms=offset_ms,
            proposal=proposal,
            offset_ms=offset_ms,
        )
        stored.insert(self._storage, f, draft.items)
        self._changes.publish(Changes.of(review=[rehearsal.id]))
        return EvidenceImport(
            file=f,
            stored=True,
            added=len(draft.items),
            kinds=kinds,
            reason=reason,
            outside=_outside(f, draft.items, run),
            warnings=draft.warnings,
        )

    def _again(
        self,
        file_id: str,
        run: _Run,
        kinds: tuple[tuple[ItemKind, int], ...],
        offset_ms: int | None,
    ) -> EvidenceImport:
        """Importing a file that is here already."""
        before = self.file(file_id)
        restored = before.removed
        if restored:
            self.restore(file_id)
        adjusted = offset_ms is not None and offset_ms != before.offset_ms
        if adjusted:
            self.set_offset(file_id, offset_ms)
        f = self.file(file_id)
        reason = "as adjusted" if f.adjusted else "as proposed at its import"
        items = stored.items(self._storage, file_id)
        return EvidenceImport(
            file=f,
            stored=False,
            added=0,
            kinds=kinds,
            reason=reason,
            outside=_outside(f, items, run),
            restored=restored,
            adjusted=adjusted,
        )

    # -- files -----------------------------------------------------------------------------------
    def files(self, rehearsal_id: str, *, include_removed: bool = False) -> list[EvidenceFile]:
        """The rehearsal's files, the first imported first, each with its offset in force."""
        return self._files([rehearsal_id], include_removed)[rehearsal_id]

    def _files(
        self, rehearsal_ids: Sequence[str], include_removed: bool
    ) -> dict[str, list[EvidenceFile]]:
        resolved = self._resolved(rehearsal_ids)
        return {
            rid: [
                f
                for f in (_overlay(f, resolved) for f in found)
                if include_removed or not f.removed
            ]
            for rid, found in stored.files_of(self._storage, rehearsal_ids).items()
        }

    def file(self, file_id: str) -> EvidenceFile:
        f = stored.file(self._storage, file_id)
        return _overlay(f, self._resolved([f.rehearsal_id]))

    def items(self, file_id: str) -> list[EvidenceItem]:
        """A file's items as it has them, in its own time base."""
        return stored.items(self._storage, self.file(file_id).id)

    def set_offset(self, file_id: str, offset_ms: int | None, author: str = "") -> EvidenceFile:
        """Place a file anew (`EvidenceFile.offset_ms`); None: back to the proposal."""
        f = self.file(file_id)
        self._review.set_value(f.rehearsal_id, "evidence", f.id, "offset_ms", offset_ms, author)
        return self.file(file_id)

    def remove(self, file_id: str, author: str = "") -> EvidenceFile:
        """Leave a file out of everything (an edit: `restore` brings it back, and the
        removal travels in packs)."""
        f = self.file(file_id)
        self._review.set_value(f.rehearsal_id, "evidence", f.id, "removed", True, author)
        return self.file(file_id)

    def restore(self, file_id: str, author: str = "") -> EvidenceFile:
        f = self.file(file_id)
        self._review.set_value(f.rehearsal_id, "evidence", f.id, "removed", False, author)
        return self.file(file_id)

    # -- speakers --------------------------------------------------------------------------------
    def speakers(self, rehearsal_id: str) -> list[Speaker]:
        """Everyone named in the rehearsal's evidence (files not removed), by name."""
        rehearsal = stored_rehearsals.rehearsal(self._storage, rehearsal_id)
        return self._read([rehearsal])[rehearsal.id].speakers

    def set_role(
        self,
        rehearsal_id: str,
        speaker_id: str,
        role: SpeakerRole | str | None,
        author: str = "",
    ) -> Speaker:
        """Set who a speaker is to the run; None: as matched again. `NotFound` for a
        speaker the rehearsal's evidence does not name."""
        found = {s.id: s for s in self.speakers(rehearsal_id)}
        if speaker_id not in found:
            raise NotFound(f"No speaker {speaker_id} in this rehearsal's evidence.")
        value = None if role is None else str(role)
        self._review.set_value(rehearsal_id, "speaker", speaker_id, "role", value, author)
        return {s.id: s for s in self.speakers(rehearsal_id)}[speaker_id]

    # -- on the run's clock ----------------------------------------------------------------------
    def placed(self, rehearsal_id: str) -> list[PlacedItem]:
        """Every item of the rehearsal's evidence (files not removed) on the run's clock,
        with its speaker, in time order; a wall-clock file's items are left out while the
        run has no marks to place them by."""
        rehearsal = stored_rehearsals.rehearsal(self._storage, rehearsal_id)
        return self._read([rehearsal])[rehearsal.id].placed

    def figures(self, rehearsal_id: str) -> RunEngagement:
        """The figures of the rehearsal's evidence, each step and the run
        (`rehearsing.evidence_figures`)."""
        rehearsal = stored_rehearsals.rehearsal(self._storage, rehearsal_id)
        return self.figures_of([rehearsal])[rehearsal.id]

    def read(self, rehearsal_id: str) -> EvidenceRead:
        """`speakers`, `placed` and `figures` of a rehearsal at once (read once: what a
        screen showing all three asks for)."""
        rehearsal = stored_rehearsals.rehearsal(self._storage, rehearsal_id)
        return self._read([rehearsal])[rehearsal.id]

    def figures_of(self, rehearsals: Sequence[Rehearsal]) -> dict[str, RunEngagement]:
        """`figures` of many rehearsals at once (a few queries in all)."""
        return {rid: read.figures for rid, read in self._read(rehearsals).items()}

    def with_evidence(self, rehearsal_ids: Sequence[str]) -> set[str]:
        """Which of these rehearsals have evidence (files not removed)."""
        found = self._files(list(rehearsal_ids), include_removed=False)
        return {rid for rid, files in found.items() if files}

    # -- reading ---------------------------------------------------------------------------------
    def _resolved(self, rehearsal_ids: Sequence[str]) -> dict[Key, Resolution]:
        return resolve(stored_review.edits_of(self._storage, list(rehearsal_ids), ENTITIES))

    def _run(
        self, rehearsal: Rehearsal, plan: Plan | None = None, events: list[Event] | None = None
    ) -> _Run:
        plan = plan or stored_plans.plan(self._storage, rehearsal.plan_id)
        if events is None:
            events = stored_rehearsals.events(self._storage, rehearsal.id)
        steps = live_steps(plan)
        state = replay(steps, events)
        return _Run(rehearsal, plan, steps, state, run_clock(events, state))

    def _read(self, rehearsals: Sequence[Rehearsal]) -> dict[str, EvidenceRead]:
        ids = [r.id for r in rehearsals]
        resolved = self._resolved(ids)
        files = {
            rid: [f for f in (_overlay(f, resolved) for f in found) if not f.removed]
            for rid, found in stored.files_of(self._storage, ids).items()
        }
        items = stored.items_of(self._storage, [f.id for found in files.values() for f in found])
        with_files = [r for r in rehearsals if files[r.id]]
        events = stored_rehearsals.events_of(self._storage, [r.id for r in with_files])
        plans: dict[str, Plan] = {}
        found: dict[str, EvidenceRead] = {}
        for r in rehearsals:
            if r.plan_id not in plans:
                plans[r.plan_id] = stored_plans.plan(self._storage, r.plan_id)
            run = self._run(r, plans[r.plan_id], events.get(r.id, []))
            found[r.id] = _read_run(run, files[r.id], items, resolved)
        return found


@dataclass(frozen=True, slots=True)
class EvidenceRead:
    """A rehearsal's evidence read once: its speakers, its items placed, its figures."""

    speakers: list[Speaker]
    placed: list[PlacedItem]
    figures: RunEngagement


def _read_run(
    run: _Run,
    files: list[EvidenceFile],
    items: dict[str, list[EvidenceItem]],
    resolved: dict[Key, Resolution],
) -> EvidenceRead:
    rid = run.rehearsal.id
    names = Counter(i.person for f in files for i in items[f.id])
    hints = {
        i.person
        for f in files
        for i in items[f.id]
        if i.kind is ItemKind.PRESENT and says_staff(i.detail)
    }
    roles: dict[str, SpeakerRole] = {}
    for (entity, entity_id, _field), res in resolved.items():
        if entity == "speaker" and res.winner.rehearsal_id == rid and res.winner.value:
            roles[entity_id] = SpeakerRole(res.winner.value)
    found = speakers(
        rid, names, run_people(run.rehearsal, run.plan), staff_hints=hints, roles=roles
    )
    by_key = {s.key: s for s in found}
    placed: list[PlacedItem] = []
    unplaced = 0
    for f in files:
        spots = place(f.time_base, f.offset_ms, items[f.id], run.clock)
        if spots is None:
            unplaced += f.items
            continue
        for position, (item, (start, end)) in enumerate(zip(items[f.id], spots, strict=True)):
            who = by_key[name_key(item.person)]
            placed.append(PlacedItem(f.id, position, item, start, end, who.id, who.role))
    placed.sort(key=lambda p: (p.start_ns, p.end_ns, p.file_id, p.position))
    figures = run_engagement(
        rid,
        run.steps,
        run.state,
        [
            Placed(p.item.kind, p.start_ns, p.end_ns, p.speaker_id, p.role, "?" in p.item.text)
            for p in placed
        ],
        frozenset(f.kind for f in files),
        unplaced,
    )
    return EvidenceRead(found, placed, figures)


def _overlay(f: EvidenceFile, resolved: dict[Key, Resolution]) -> EvidenceFile:
    """A stored file with the edits of it: its offset in force, removed or not."""
    changes: dict[str, Any] = {}
    offset = resolved.get(("evidence", f.id, "offset_ms"))
    if offset is not None and offset.winner.value is not None:
        changes.update(offset_ms=offset.winner.value, adjusted=True)
    removed = resolved.get(("evidence", f.id, "removed"))
    if removed is not None:
        changes["removed"] = bool(removed.winner.value)
    return replace(f, **changes) if changes else f


def _outside(f: EvidenceFile, items: Sequence[EvidenceItem], run: _Run) -> int:
    """How many of a file's items (attendance aside) fall outside every step of the run."""
    if f.kind is EvidenceKind.ATTENDANCE:
        return 0
    spots = place(f.time_base, f.offset_ms, items, run.clock)
    if spots is None:
        return len(items)
    windows = [w for step in step_windows(run.state) for w in step]
    return sum(1 for start, _ in spots if not any(a <= start < b for a, b in windows))


def _read(path: Path) -> bytes:
    """The bytes of a file of evidence, refused before reading when it is too large."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_EVIDENCE_FILE_BYTES:
            raise FormatError(
                f"the file is {format_size(size)}, larger than any file of evidence "
                f"(the limit is {format_size(MAX_EVIDENCE_FILE_BYTES)})",
                file=name,
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise FormatError("no such file", file=str(path)) from None
    except IsADirectoryError:
        raise FormatError("this is a folder, not a file", file=str(path)) from None
    except OSError as exc:
        raise FormatError(f"cannot be read: {exc.strerror or exc}", file=str(path)) from None
