"""A folder a team already syncs (OneDrive/SharePoint, Dropbox, Syncthing, a network share)
as the meeting point of several workspaces.

`sync(ws)` first merges every colleague's pack found there, then writes this workspace's
view of each finished rehearsal as its own pack:

    <folder>/<date> <kind> <rehearsal id> @<workspace id>.rehearsalpack

Each workspace writes only files that carry its own id, so two machines writing at once
never touch the same file; each write is a temporary file renamed into place, so a reader
never sees half of one. A file that is still arriving (cut short, checksum not matching
yet) or a sync tool's temporary file is skipped and tried again next time. Because a pack
holds everything this workspace knows of a rehearsal and merging is by id, every
workspace that syncs ends with the same rehearsals and review notes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rehearsal.changes import Changes
from rehearsal.errors import InvalidOperation, PackError
from rehearsal.exchange.pack_format import PACK_SUFFIX, parse_pack
from rehearsal.exchange.packs import MergeReport, merge_quietly, pack_bytes
from rehearsal.files import write_atomic
from rehearsal.model import Rehearsal, RehearsalStatus
from rehearsal.storage import meta as stored_meta
from rehearsal.workspace import Workspace

FOLDER_KEY = "shared_folder"
SEEN_KEY = "shared_folder_seen"  # file name → [size, mtime_ns] of packs already merged
Progress = Callable[[int, int, str], None]


@dataclass(slots=True)
class SyncReport:
    folder: Path
    written: list[Path] = field(default_factory=list)
    merged: list[MergeReport] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (file, why)
    cancelled: bool = False
    changes: Changes = field(default_factory=Changes)  # what the merges changed, as published

    def summary(self) -> str:
        changed = [m for m in self.merged if m.changed]
        parts = [
            f"wrote {len(self.written)} pack" + ("" if len(self.written) == 1 else "s"),
            f"merged {len(changed)} with news" + (f" of {len(self.merged)}" if self.merged else ""),
        ]
        if self.skipped:
            parts.append(f"skipped {len(self.skipped)} (tried again next time)")
        text = f"{self.folder}: " + ", ".join(parts) + "."
        if self.cancelled:
            text += " Stopped before the end."
        return text


def shared_folder(ws: Workspace) -> Path | None:
    value = ws.meta(FOLDER_KEY)
    return Path(value) if value else None


def set_shared_folder(ws: Workspace, folder: str | Path | None) -> None:
    """Name the folder this workspace shares through (None stops sharing); a setting, so
    it publishes `Changes(settings=True)` when it changed."""
    if folder is None or str(folder) == "":
        ws.set_meta(FOLDER_KEY, "")
        return
    path = Path(folder).expanduser()
    if not path.is_dir():
        raise InvalidOperation(f"{path} is not a folder (or is not reachable right now).")
    stored_meta.set_value(ws.storage, SEEN_KEY, "{}")  # bookkeeping: the new folder is unread
    ws.set_meta(FOLDER_KEY, str(path.resolve()))


def pack_name(ws: Workspace, rehearsal_id: str) -> str:
    rehearsal = ws.rehearsal(rehearsal_id)
    return (
        f"{rehearsal.created[:10]} {rehearsal.kind.value} {rehearsal.id} @{ws.origin}{PACK_SUFFIX}"
    )


def _is_candidate(path: Path, origin: str) -> bool:
    name = path.name
    if not name.endswith(PACK_SUFFIX) or name.startswith((".", "~")):
        return False  # our own temporary files start with "."; Office/sync tools use "~"
    return f"@{origin}" not in name


def sync(
    ws: Workspace,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    folder: Path | None = None,
) -> SyncReport:
    """Merge colleagues' packs from the shared folder, then write ours there. What the
    merges changed is published once, at the end (also when cancelled)."""
    where = folder or shared_folder(ws)
    if where is None:
        raise InvalidOperation("No shared folder is set for this workspace.")
    if not where.is_dir():
        raise InvalidOperation(f"The shared folder {where} cannot be reached right now.")
    report = SyncReport(folder=where)
    origin = ws.origin
    incoming = sorted(p for p in where.iterdir() if p.is_file() and _is_candidate(p, origin))
    total = len(incoming) + len(_finished(ws))  # an estimate until the merge is done
    seen: dict[str, list[int]] = json.loads(ws.meta(SEEN_KEY, "{}") or "{}")
    done = 0

    def step(text: str) -> bool:
        nonlocal done
        if progress is not None:
            progress(done, total, text)
        done += 1
        if cancelled is not None and cancelled():
            report.cancelled = True
        return report.cancelled

    try:
        for path in incoming:
            if step(f"Reading {path.name}"):
                break
            try:
                stat = path.stat()
                signature = [stat.st_size, stat.st_mtime_ns]
                if seen.get(path.name) == signature:
                    continue  # merged before and not changed since
                pack = parse_pack(path.read_bytes(), path.name)
                merged = merge_quietly(ws, pack, path.name)
                report.merged.append(merged)
                report.changes |= merged.changes
                seen[path.name] = signature
            except PackError as exc:
                report.skipped.append((path, exc.reason))
            except OSError as exc:  # vanished or locked by the sync tool mid-read
                report.skipped.append((path, f"could not be read ({exc.strerror or exc})"))
    finally:  # what was merged is published, even if a later pack failed oddly
        stored_meta.set_value(ws.storage, SEEN_KEY, json.dumps(seen))  # bookkeeping, not news
        ws.changes.publish(report.changes)
    if not report.cancelled:
        finished = _finished(ws)  # what was merged is handed on too
        total = done + len(finished)
        for rehearsal in finished:
            name = pack_name(ws, rehearsal.id)
            if step(f"Writing {name}"):
                break
            target = where / name
            data = pack_bytes(ws, rehearsal.id)
            if target.exists() and _same_content(target, data):
                continue
            write_atomic(target, data)
            report.written.append(target)
    if progress is not None:
        progress(total, total, "Done")
    return report


def _finished(ws: Workspace) -> list[Rehearsal]:
    done = (RehearsalStatus.FINISHED, RehearsalStatus.ABANDONED)
    return [r for r in ws.rehearsals() if r.status in done]


def _same_content(path: Path, data: bytes) -> bool:
    """Whether the pack at `path` already holds what `data` holds (its time stamp aside)."""
    try:
        old = json.loads(path.read_bytes())
        return bool(old.get("sha256") == json.loads(data)["sha256"])
    except (OSError, ValueError, AttributeError):
        return False
