"""The evidence edits of the Review view, each undoable like every Review edit: files
imported (off the UI thread), an offset adjusted or reset, a file removed or restored, a
speaker's role set or reset.

Every change goes through the evidence store (`Workspace.evidence`), whose edits are
append-only review edits (entities "evidence" and "speaker"): undo records the old value
again, redo the new one. An import's undo removes the files it added (or brought back), and
its redo restores them — the files themselves stay stored, as the store keeps them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from rehearsal.errors import RehearsalError
from rehearsal.evidence_model import SpeakerRole
from rehearsal.reviewing.store import ReviewStore
from rehearsal.workspace import Workspace
from rehearsal_ui.review.data import ReviewData
from rehearsal_ui.review.undo import AfterRun, ReviewCommand
from rehearsal_ui.shell.worker import CancelToken, Progress, Runner
from rehearsal_ui.shell.workspace_jobs import submit_on_workspace

IMPORT_KEY = "evidence import"
OFFSET_MERGE_ID = 1501  # nudging one file's offset step by step is one undo step


@dataclass(frozen=True, slots=True)
class Imported:
    """One file an import was given, and what came of it."""

    name: str
    text: str  # the core's summary (`EvidenceImport.summary`), or the error
    file_id: str | None = None  # None: refused (the error is `text`)
    brought: bool = False  # stored by this import, or brought back from removed


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    rehearsal_id: str
    files: tuple[Imported, ...]

    @property
    def brought(self) -> list[str]:
        return [f.file_id for f in self.files if f.brought and f.file_id is not None]

    @property
    def refused(self) -> list[Imported]:
        return [f for f in self.files if f.file_id is None]

    def summary(self) -> str:
        return "\n".join(f.text for f in self.files)


def import_files(
    ws: Workspace,
    rehearsal_id: str,
    paths: Sequence[Path],
    progress: Progress | None = None,
) -> ImportOutcome:
    """Import each file (all or nothing each; a refused one does not stop the others), as
    `rehearsal import-evidence` does, saying what each came to in the core's words."""
    found: list[Imported] = []
    for n, path in enumerate(paths):
        if progress is not None:
            progress(n / len(paths), f"Importing {n + 1} of {len(paths)}: {path.name}…")
        try:
            done = ws.evidence.import_file(rehearsal_id, path)
        except RehearsalError as exc:
            found.append(Imported(path.name, f"error: {' '.join(str(exc).split())}"))
            continue
        brought = done.stored or done.restored
        said = [done.summary()]  # what the reader read loosely, as the CLI warns of it
        said += [f"warning: {done.file.name}: {' '.join(w.split())}" for w in done.warnings]
        found.append(Imported(path.name, "\n".join(said), done.file.id, brought))
    return ImportOutcome(rehearsal_id, tuple(found))


class EvidenceCommand(ReviewCommand):
    """An evidence edit already made once: `apply` makes it again, `revert` undoes it."""

    def __init__(
        self,
        review: ReviewStore,
        rehearsal_id: str,
        text: str,
        after: AfterRun,
        apply: Callable[[], object],
        revert: Callable[[], object],
        merge_key: str = "",
    ) -> None:
        super().__init__(review, rehearsal_id, text, after)
        self._apply, self._revert = apply, revert
        self.merge_key = merge_key

    def apply(self) -> None:
        self._apply()

    def revert(self) -> None:
        self._revert()

    def id(self) -> int:
        return OFFSET_MERGE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Consecutive offsets of one file: undo goes back to the first one's old value."""
        if not isinstance(other, EvidenceCommand) or other.merge_key != self.merge_key:
            return False
        self._apply = other._apply
        return True


class EvidenceEdits(QObject):
    """The evidence edits of the Review view; `imported` says what an import came to."""

    imported = Signal(object)  # ImportOutcome, after its command is pushed
    progressed = Signal(str)  # what an import is doing now ("Importing 2 of 3: chat.txt…")

    def __init__(
        self,
        parent: QObject,
        undo_stack: QUndoStack,
        *,
        workspace: Callable[[], Workspace],
        shown: Callable[[], ReviewData | None],
        author: Callable[[], str],
        after: AfterRun,
        tell: Callable[[str], None],
        show_error: Callable[[RehearsalError], None],
    ) -> None:
        super().__init__(parent)
        self.runner = Runner(self)
        self._undo_stack = undo_stack
        self._workspace = workspace
        self._shown = shown
        self._author = author
        self._after = after
        self._tell = tell
        self._show_error = show_error

    def _push(self, command: QUndoCommand) -> None:
        text = command.text()  # a command merged into the one before is deleted by push
        self._undo_stack.push(command)
        self._tell(f"{text} — Ctrl+Z undoes it")

    # -- importing ---------------------------------------------------------------------------
    def import_files(self, paths: Sequence[Path]) -> bool:
        """Import `paths` into the rehearsal shown, off the UI thread (False: none shown)."""
        data = self._shown()
        if data is None or not paths:
            return False
        rid = data.rehearsal.id
        chosen = [Path(p) for p in paths]

        def work(ws: Workspace, progress: Progress, _cancel: CancelToken) -> ImportOutcome:
            return import_files(ws, rid, chosen, progress)

        job = submit_on_workspace(
            self.runner, self._workspace(), work, key=IMPORT_KEY, read_only=False
        )
        job.succeeded.connect(self._imported)
        job.progressed.connect(self._progressed)
        job.failed.connect(self._failed)
        names = ", ".join(p.name for p in chosen)
        self._tell(f"Importing {names}…")
        return True

    def _progressed(self, _done: float, text: str) -> None:
        self.progressed.emit(text)

    def _imported(self, outcome: ImportOutcome) -> None:
        brought = outcome.brought
        if brought:
            evidence = self._workspace().evidence
            author = self._author()

            def restore() -> None:
                for file_id in brought:
                    evidence.restore(file_id, author)

            def remove() -> None:
                for file_id in brought:
                    evidence.remove(file_id, author)

            label = "Import evidence"
            review = self._workspace().review
            self._push(
                EvidenceCommand(review, outcome.rehearsal_id, label, self._after, restore, remove)
            )
        self.imported.emit(outcome)

    def _failed(self, error: object) -> None:
        if isinstance(error, RehearsalError):
            self._show_error(error)
            return
        raise error if isinstance(error, BaseException) else RuntimeError(error)

    # -- files -------------------------------------------------------------------------------
    def set_offset(self, file_id: str, offset_ms: int | None) -> None:
        data = self._shown()
        f = data.evidence.file(file_id) if data is not None else None
        if data is None or f is None:
            return
        old = f.offset_ms if f.adjusted else None
        evidence, author = self._workspace().evidence, self._author()
        try:
            evidence.set_offset(file_id, offset_ms, author)
        except RehearsalError as exc:
            self._show_error(exc)
            return
        what = "Reset the offset of" if offset_ms is None else "Adjust the offset of"
        self._push(
            EvidenceCommand(
                self._workspace().review,
                data.rehearsal.id,
                f"{what} {f.name}",
                self._after,
                lambda: evidence.set_offset(file_id, offset_ms, author),
                lambda: evidence.set_offset(file_id, old, author),
                merge_key=f"offset:{file_id}" if offset_ms is not None else "",
            )
        )

    def set_removed(self, file_id: str, removed: bool) -> None:
        data = self._shown()
        f = data.evidence.file(file_id) if data is not None else None
        if data is None or f is None or f.removed == removed:
            return
        evidence, author = self._workspace().evidence, self._author()

        def remove() -> None:
            evidence.remove(file_id, author)

        def restore() -> None:
            evidence.restore(file_id, author)

        try:
            (remove if removed else restore)()
        except RehearsalError as exc:
            self._show_error(exc)
            return
        label = f"{'Remove' if removed else 'Restore'} {f.name}"
        apply, revert = (remove, restore) if removed else (restore, remove)
        review = self._workspace().review
        self._push(EvidenceCommand(review, data.rehearsal.id, label, self._after, apply, revert))

    # -- speakers ----------------------------------------------------------------------------
    def set_role(self, speaker_id: str, role: SpeakerRole | None) -> None:
        data = self._shown()
        s = data.evidence.speaker(speaker_id) if data is not None else None
        if data is None or s is None:
            return
        rid = data.rehearsal.id
        old = s.role if s.edited else None
        evidence, author = self._workspace().evidence, self._author()
        try:
            evidence.set_role(rid, speaker_id, role, author)
        except RehearsalError as exc:
            self._show_error(exc)
            return
        label = f"Set the role of {s.name}" if role is not None else f"Reset the role of {s.name}"
        self._push(
            EvidenceCommand(
                self._workspace().review,
                rid,
                label,
                self._after,
                lambda: evidence.set_role(rid, speaker_id, role, author),
                lambda: evidence.set_role(rid, speaker_id, old, author),
            )
        )
