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
    a debrief answer and an action item: every table a pack carries has rows."""
    rehearsal, (flag, _) = recorded(ws)
    ws.review.edit_flag(flag.id, note="the poll link was dead", severity="high")
    ws.review.annotate(rehearsal.id, "Slides out of order", at_ns=400_000_000_000)
    ws.review.answer(rehearsal.id, "slowed_learners", "The breakout instructions")
    ws.review.add_action_item(rehearsal.id, "flag", flag.id, owner_role="producer")
    return rehearsal.id
