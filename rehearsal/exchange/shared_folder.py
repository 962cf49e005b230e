"""A folder a team already syncs (OneDrive/SharePoint, Dropbox, Syncthing, a network share)
as the meeting point of several workspaces.

`sync(ws)` first merges every colleague's pack found there, then writes this workspace's
view of each finished rehearsal as its own pack, and each seat recorded here and finished:

    <folder>/<date> <kind> <rehearsal id> @<workspace id>.rehearsalpack
    <folder>/seat <seat id> @<workspace id>.rehearsalseat

Each workspace writes only files that carry its own id, so two machines writing at once
never touch the same file; each write is a temporary file renamed into place, so a reader
never sees half of one. A file that is still arriving (cut short, checksum not matching
yet) or a sync tool's temporary file is skipped and tried again next time. Because a pack
holds everything this workspace knows of a rehearsal and merging is by id, every
workspace that syncs ends with the same rehearsals and review notes.

Whoever can write to the folder can leave anything there, so what is found is untrusted:
only regular files (no links, pipes or folders) no larger than a pack can be are read, and
each pack passes every check of an imported one before anything of it is merged. Nothing
read there becomes part of a path: a pack's name is built from values this workspace
checked (a UUID, an ISO date, a kind), and every file is written inside the folder.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rehearsal.changes import Changes
from rehearsal.durations import format_moment
from rehearsal.errors import InvalidOperation, PackError
from rehearsal.exchange.pack_format import PACK_SUFFIX, parse_pack, read_pack_bytes, too_big
from rehearsal.exchange.packs import MergeReport, merge_quietly, pack_bytes
from rehearsal.exchange.seat_pack import (
    SEAT_SUFFIX,
    SeatMergeReport,
    merge_seat_pack,
    parse_seat_pack,
    seat_pack_bytes,
    seat_pack_name,
)
from rehearsal.files import write_atomic
from rehearsal.limits import is_iso_date, is_text, is_uuid
from rehearsal.model import Rehearsal, RehearsalKind, RehearsalStatus
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
    seats: list[SeatMergeReport] = field(default_factory=list)  # colleagues' seats merged
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (file, why)
    unwritten: list[tuple[str, str]] = field(default_factory=list)  # (rehearsal id, why)
    # colleagues' packs of rehearsals deleted here, left out: (file, why)
    deleted_here: list[tuple[Path, str]] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)  # our own packs of rehearsals deleted here
    cancelled: bool = False
    changes: Changes = field(default_factory=Changes)  # what the merges changed, as published

    def summary(self) -> str:
        changed = [m for m in self.merged if m.changed]
        parts = [
            f"wrote {len(self.written)} pack" + ("" if len(self.written) == 1 else "s"),
            f"merged {len(changed)} with news" + (f" of {len(self.merged)}" if self.merged else ""),
        ]
        if self.seats:
            parts.append(f"merged {len([s for s in self.seats if s.added])} seats with news")
        if self.skipped:
            parts.append(f"skipped {len(self.skipped)} (tried again next time)")
        if self.unwritten:
            parts.append(f"could not write {len(self.unwritten)}")
        if self.deleted_here:
            parts.append(f"left out {len(self.deleted_here)} of rehearsals deleted here")
        if self.removed:
            parts.append(f"removed {len(self.removed)} of ours (deleted here)")
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
    """`DATE KIND REHEARSAL_ID @WORKSPACE_ID.rehearsalpack`, built only from values that
    passed their check (`InvalidOperation` for a rehearsal whose values did not)."""
    return _name(ws.rehearsal(rehearsal_id), ws.origin)


def _name(rehearsal: Rehearsal, origin: str) -> str:
    date, kind = rehearsal.created[:10], RehearsalKind(rehearsal.kind).value
    if not (is_iso_date(date) and is_uuid(rehearsal.id) and is_uuid(origin)):
        raise InvalidOperation(
            f"The rehearsal {rehearsal.id[:40]!r} of {rehearsal.created[:40]!r} cannot be "
            "named in the shared folder (its id or date is not of the form this app makes)."
        )
    return f"{date} {kind} {rehearsal.id} @{origin}{PACK_SUFFIX}"


def _inside(folder: Path, name: str) -> Path:
    """`folder / name`, checked to be a file directly inside `folder`."""
    target = folder / name
    if name in ("", ".", "..") or Path(name).name != name or target.parent != folder:
        raise InvalidOperation(f"{name!r} would be written outside the shared folder.")
    return target


def _is_candidate(entry: os.DirEntry[str], origin: str) -> bool:
    name = entry.name
    if not name.endswith((PACK_SUFFIX, SEAT_SUFFIX)) or name.startswith((".", "~")):
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
    try:
        with os.scandir(where) as entries:
            incoming = sorted(
                (e for e in entries if _is_candidate(e, origin)), key=lambda e: e.name
            )
    except OSError as exc:
        raise InvalidOperation(
            f"The shared folder {where} cannot be read ({exc.strerror or exc})."
        ) from None
    total = len(incoming) + len(_finished(ws))  # an estimate until the merge is done
    seen = _seen(ws)
    tombstones = ws.deleted_rehearsals()
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
        for entry in incoming:
            path = Path(entry.path)
            if step(f"Reading {_shown(entry.name)}"):
                break
            try:
                if not is_text(entry.name, 255):
                    raise PackError("its name is not valid text", file=_shown(entry.name))
                if not entry.is_file(follow_symlinks=False):
                    raise PackError("it is not a file (a link, a folder or a pipe)")
                info = entry.stat(follow_symlinks=False)
                signature = [info.st_size, info.st_mtime_ns]
                if seen.get(entry.name) == signature:
                    continue  # merged before and not changed since
                reason = too_big(info.st_size)
                if reason is not None:  # skipped unread
                    raise PackError(reason, file=entry.name)
                data = read_pack_bytes(path, follow_links=False)
                if entry.name.endswith(SEAT_SUFFIX):
                    seat = parse_seat_pack(data, entry.name)
                    landed = merge_seat_pack(ws, seat, entry.name, publish=False)
                    report.seats.append(landed)
                    report.changes |= landed.changes
                    seen[entry.name] = signature
                    continue
                pack = parse_pack(data, entry.name)
                if pack.rehearsal_id in tombstones:  # deleted here: not brought back unasked
                    report.deleted_here.append(
                        (Path(where, entry.name), _deleted_note(tombstones[pack.rehearsal_id]))
                    )
                    seen[entry.name] = signature  # told once, not at every sync
                    continue
                merged = merge_quietly(ws, pack, entry.name)
                report.merged.append(merged)
                report.changes |= merged.changes
                seen[entry.name] = signature
            except PackError as exc:
                why = exc.reason + (f" (expected {exc.expected})" if exc.expected else "")
                report.skipped.append((Path(where, _shown(entry.name)), why))
            except OSError as exc:  # vanished or locked by the sync tool mid-read
                report.skipped.append((path, f"could not be read ({exc.strerror or exc})"))
    finally:  # what was merged is published, even if a later pack failed oddly
        stored_meta.set_value(ws.storage, SEEN_KEY, json.dumps(seen))  # bookkeeping, not news
        ws.changes.publish(report.changes)
    if not report.cancelled:
        finished = _finished(ws)  # what was merged is handed on too
        total = done + len(finished)
        for rehearsal in finished:
            try:
                name = _name(rehearsal, origin)
                target = _inside(where, name)
            except InvalidOperation as exc:
                report.unwritten.append((rehearsal.id[:40], str(exc)))
                continue
            if step(f"Writing {name}"):
                break
            data = pack_bytes(ws, rehearsal.id)
            if _same_content(target, data):
                continue
            write_atomic(target, data)
            report.written.append(target)
        for seat_id in _finished_seats(ws):
            name = seat_pack_name(ws, seat_id)
            target = _inside(where, name)
            data = seat_pack_bytes(ws, seat_id)
            if not _same_content(target, data):
                write_atomic(target, data)
                report.written.append(target)
        report.removed = _remove_deleted(where, origin, tombstones)
    if progress is not None:
        progress(total, total, "Done")
    return report


def _deleted_note(when: str) -> str:
    return (
        f"its rehearsal was deleted here on {format_moment(when)}, so it is left out; "
        "import the pack (File → Import packs, or `rehearsal pack import`) to bring it back"
    )


def _remove_deleted(folder: Path, origin: str, tombstones: Mapping[str, str]) -> list[Path]:
    """Remove this workspace's own packs of the rehearsals deleted here: only files named
    as `_name` names ours (a regular file, never through a link); what cannot be removed
    now (locked by the sync tool) is tried again next time."""
    if not tombstones:
        return []
    ours = re.compile(
        r"\d{4}-\d{2}-\d{2} [a-z-]+ (?P<id>[0-9a-f-]{36}) @"
        + re.escape(origin)
        + re.escape(PACK_SUFFIX)
    )
    removed = []
    try:
        with os.scandir(folder) as entries:
            found = [e for e in entries if (m := ours.fullmatch(e.name)) and m["id"] in tombstones]
    except OSError:
        return []
    for entry in found:
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _finished(ws: Workspace) -> list[Rehearsal]:
    done = (RehearsalStatus.FINISHED, RehearsalStatus.ABANDONED)
    return [r for r in ws.rehearsals() if r.status in done]


def _finished_seats(ws: Workspace) -> list[str]:
    """The seats recorded in this workspace and finished: this workspace hands them on."""
    origin = ws.origin
    return [s.id for s in ws.seats.seats() if s.origin == origin and s.finished is not None]


def _same_content(path: Path, data: bytes) -> bool:
    """Whether the pack at `path` already holds what `data` holds (its time stamp aside);
    False for anything else there (no file, a link, junk), which is then replaced."""
    try:
        old = json.loads(read_pack_bytes(path, follow_links=False))
        return bool(old.get("sha256") == json.loads(data)["sha256"])
    except (PackError, ValueError, AttributeError):
        return False


def _seen(ws: Workspace) -> dict[str, list[int]]:
    """The packs already merged: file name → [size, mtime_ns] (bookkeeping; anything
    else stored there is forgotten, and the packs are merged again, which changes nothing)."""
    try:
        found = json.loads(ws.meta(SEEN_KEY, "{}") or "{}")
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, list)}


def _shown(name: str) -> str:
    """A file name found in the folder, printable whatever bytes it holds."""
    if is_text(name, 255):
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
