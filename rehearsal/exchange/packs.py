"""Packs: one rehearsal (or only its review data) in a single file, to hand between people
who work offline, merged into any workspace by id.

The format (version 1) is UTF-8 JSON:

    {"format": "rehearsal-pack", "version": 1, "scope": "rehearsal" | "annotations",
     "rehearsal_id": "…", "origin": "<the exporting workspace's id>", "exported": "<UTC ISO>",
     "app": "rehearsal 0.1.0",
     "content": {"programs": [...], "plans": [...], "sections": [...], "segments": [...],
                 "transitions": [...], "rehearsals": [...], "events": [...], "flags": [...],
                 "annotations": [...], "action_items": [...], "evidence_files": [...],
                 "evidence_items": [...], "edits": [...], "signoffs": [...],
                 "launch_dates": [...]},
     "sha256": "<hex SHA-256 of `content` as canonical JSON>"}

Each list holds rows of the workspace table of that name, column for column (schema 2).
The plans are the rehearsal's own revision and any revision an action item was fixed in,
so a workspace that lacks them gets them, and every revision of the program that has
sign-off or launch-date records (`signoffs`, `launch_dates`: only ever appended to, so
they merge by id like review notes). An "annotations" pack leaves out the events.
Both carry the rehearsal's evidence (its files and their items); a pack from before
evidence (or sign-off) was added lacks those tables and is read as holding none.

Merging takes the union by id: rows already present are kept as they are, so importing a
pack twice changes nothing, and packs from several people give the same workspace in any
order. Field edits resolve last-writer-wins by edit time (see `rehearsal.reviewing.store`), with
the losing values kept as history and listed as conflicts. A pack that is not JSON, is cut
short, fails its checksum, comes from a newer version or breaks the schema is refused with
a message, and nothing is changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import Any

from rehearsal import __version__
from rehearsal.changes import Changes
from rehearsal.clock import now_iso
from rehearsal.durations import count, format_moment
from rehearsal.errors import InvalidOperation, PackError
from rehearsal.exchange.pack_checks import check_pack
from rehearsal.exchange.pack_format import (
    FORMAT,
    PACK_SUFFIX,
    SCOPES,
    VERSION,
    Pack,
    canonical,
    parse_pack,
    read_pack,
)
from rehearsal.files import write_atomic
from rehearsal.model import RehearsalStatus
from rehearsal.storage import packs as stored_packs
from rehearsal.workspace import Workspace

__all__ = [
    "PACK_SUFFIX",
    "MergeReport",
    "Pack",
    "export_pack",
    "import_pack",
    "merge_pack",
    "pack_bytes",
    "pack_content",
    "parse_pack",
    "read_pack",
]
REVIEW_TABLES = (
    "flags",
    "annotations",
    "action_items",
    "evidence_files",
    "evidence_items",
    "edits",
)


@dataclass(slots=True)
class MergeReport:
    file: str
    rehearsal_id: str
    added: dict[str, int] = field(default_factory=dict)  # table → new rows
    plans_added: list[str] = field(default_factory=list)  # "Program, revision N"
    renumbered: list[str] = field(default_factory=list)  # "Program, revision N" (its new N)
    conflicts: int = 0  # fields of this rehearsal edited on two machines, to confirm
    undeleted: str | None = None  # when the rehearsal had been deleted here: it is back
    changes: Changes = field(default_factory=Changes)  # what the merge changed, as published

    @property
    def changed(self) -> bool:
        return any(self.added.values())

    def summary(self) -> str:
        back = (
            f" It brought back the rehearsal deleted here on {format_moment(self.undeleted)}."
            if self.undeleted
            else ""
        )
        if not self.changed:
            return f"{self.file}: nothing new.{back}"
        names = {
            "events": ("mark", "marks"),
            "flags": ("flag", "flags"),
            "annotations": ("annotation", "annotations"),
            "action_items": ("action item", "action items"),
            "edits": ("edit", "edits"),
            "evidence_files": ("file of evidence", "files of evidence"),
            "evidence_items": ("item of evidence", "items of evidence"),
            "rehearsals": ("rehearsal", "rehearsals"),
            "signoffs": ("sign-off", "sign-offs"),
            "launch_dates": ("launch date", "launch dates"),
        }
        parts = [count(n, *names[t]) for t, n in self.added.items() if n and t in names]
        text = f"{self.file}: added " + ", ".join(parts)
        if self.plans_added:
            text += "; brought " + ", ".join(self.plans_added)
        if self.renumbered:
            text += "; numbered again, as on every machine: " + ", ".join(self.renumbered)
        if self.conflicts:
            text += f"; {self.conflicts} conflicting edits to confirm in Review"
        return text + "." + back


# -- writing ------------------------------------------------------------------------------------
def pack_content(ws: Workspace, rehearsal_id: str, scope: str = "rehearsal") -> dict[str, Any]:
    if scope not in SCOPES:
        raise InvalidOperation(f"A pack's scope is one of {', '.join(SCOPES)}, not {scope!r}.")
    rehearsal = ws.rehearsal(rehearsal_id)
    if scope == "rehearsal" and rehearsal.status not in (
        RehearsalStatus.FINISHED,
        RehearsalStatus.ABANDONED,
    ):
        raise InvalidOperation(
            "This rehearsal is still being recorded: finish it (or resume and finish it) "
            "before handing it on."
        )
    return stored_packs.rehearsal_rows(ws.storage, rehearsal.id, with_events=scope == "rehearsal")


def pack_bytes(ws: Workspace, rehearsal_id: str, scope: str = "rehearsal") -> bytes:
    content = pack_content(ws, rehearsal_id, scope)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "scope": scope,
        "rehearsal_id": rehearsal_id,
        "origin": ws.origin,
        "exported": now_iso(),
        "app": f"rehearsal {__version__}",
        "content": content,
        "sha256": sha256(canonical(content)).hexdigest(),
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def export_pack(
    ws: Workspace, rehearsal_id: str, path: str | Path, *, scope: str = "rehearsal"
) -> Path:
    """Write one rehearsal (scope "rehearsal") or only its flags, annotations, debrief and
    action items (scope "annotations") to `path`."""
    target = Path(path)
    write_atomic(target, pack_bytes(ws, rehearsal_id, scope))
    return target


# -- merging --------------------------------------------------------------------------------------
def import_pack(ws: Workspace, path: str | Path) -> MergeReport:
    """Merge a pack into `ws`, all or nothing."""
    pack = read_pack(path)
    return merge_pack(ws, pack, Path(path).name)


def merge_pack(ws: Workspace, pack: Pack, name: str = "pack") -> MergeReport:
    """Merge a read pack into `ws`, all or nothing; publishes what it changed."""
    report = merge_quietly(ws, pack, name)
    ws.changes.publish(report.changes)
    return report


def merge_quietly(ws: Workspace, pack: Pack, name: str = "pack") -> MergeReport:
    """`merge_pack` without publishing (a sync publishes all its merges at once)."""
    report = MergeReport(file=name, rehearsal_id=pack.rehearsal_id)

    def check() -> None:
        if stored_packs.rehearsal_status(ws.storage, pack.rehearsal_id) is None and (
            pack.scope == "annotations"
        ):
            raise PackError(
                "it holds the review notes of a rehearsal this workspace does not have; "
                "import that rehearsal's full pack first",
                file=name,
            )
        check_pack(ws.storage, pack, name)

    merged = stored_packs.merge_rows(
        ws.storage,
        pack.content,
        pack.rehearsal_id,
        name,
        check=check,
        with_status=pack.scope == "rehearsal",
    )
    ws.derive_figures([pack.rehearsal_id])  # a finished rehearsal, or new events of one
    landed = (
        ws.seats.land(publish=False) if merged.added.get("events", 0) else Changes()
    )  # seats waiting
    report.added = merged.added
    report.plans_added = [f"{p.program_name}, revision {p.revision}" for p in merged.plans]
    report.renumbered = [f"{p.program_name}, revision {p.revision}" for p in merged.renumbered]
    report.conflicts = len(ws.review.conflicts(pack.rehearsal_id))
    report.undeleted = merged.undeleted
    rid = pack.rehearsal_id
    timings = merged.added.get("rehearsals", 0) or merged.added.get("events", 0)
    plans = [*merged.plans, *merged.renumbered]
    report.changes = (
        Changes.of(
            programs={p.program_id for p in plans},
            plans={p.plan_id for p in plans},
            signoffs=merged.records_of,
            rehearsals=[rid] if timings or merged.status_changed else [],
            review=(
                [rid]
                if merged.evidence_updated or any(merged.added.get(t, 0) for t in REVIEW_TABLES)
                else []
            ),
        )
        | landed
    )
    return report
