"""Forging packs for tests that attack the way an adversary would: a real pack's document,
changed, with its checksum made to match again (so only the checks of its content stand in
the way)."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evidence import all_drafts
from reviewing import recorded

from rehearsal import Workspace
from rehearsal.exchange.pack_format import canonical
from rehearsal.exchange.packs import pack_bytes

Document = dict[str, Any]


def document(ws: Workspace, rehearsal_id: str, scope: str = "rehearsal") -> Document:
    """The document of the pack `ws` would export for a rehearsal."""
    loaded: Document = json.loads(pack_bytes(ws, rehearsal_id, scope))
    return loaded


def forged(doc: Document, change: Callable[[Document], object] | None = None) -> bytes:
    """`doc` (a copy), changed by `change`, with a checksum that matches its content."""
    doc = copy.deepcopy(doc)
    if change is not None:
        change(doc)
    if isinstance(doc.get("content"), dict):
        doc["sha256"] = hashlib.sha256(canonical(doc["content"])).hexdigest()
    return json.dumps(doc).encode()  # ASCII: a lone surrogate travels as "\\ud800"


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def reviewed(ws: Workspace) -> str:
    """A finished rehearsal with flags, a pause, a retry, an annotation, an edited flag,
    a debrief answer, an action item and evidence (a transcript, a chat, attendance and a
    poll, one file's offset adjusted, a speaker's role set): every table a pack carries
    has rows, and edits of every kind of thing."""
    rehearsal, (flag, _) = recorded(ws)
    ws.review.edit_flag(flag.id, note="the poll link was dead", severity="high")
    ws.review.annotate(rehearsal.id, "Slides out of order", at_ns=400_000_000_000)
    ws.review.answer(rehearsal.id, "slowed_learners", "The breakout instructions")
    ws.review.add_action_item(rehearsal.id, "flag", flag.id, owner_role="producer")
    files = [ws.evidence.add(rehearsal.id, d, name=n).file for n, d in all_drafts().items()]
    ws.evidence.set_offset(files[1].id, files[1].offset_ms + 500)
    ben = next(s for s in ws.evidence.speakers(rehearsal.id) if s.name == "Ben Okafor")
    ws.evidence.set_role(rehearsal.id, ben.id, "staff")
    return rehearsal.id
