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
from rehearsal.evidence_model import evidence_file_id, evidence_item_id, speaker_id
from rehearsal.exchange.pack_format import canonical
from rehearsal.exchange.packs import pack_bytes
from rehearsal.rehearsing.speakers import name_key

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
    poll, one file's offset adjusted, a speaker's role set), and its plan's sign-off (one
    withdrawn) and launch date: every table a pack carries has rows, and edits of every
    kind of thing."""
    rehearsal, (flag, _) = recorded(ws)
    ws.review.edit_flag(flag.id, note="the poll link was dead", severity="high")
    ws.review.annotate(rehearsal.id, "Slides out of order", at_ns=400_000_000_000)
    ws.review.answer(rehearsal.id, "slowed_learners", "The breakout instructions")
    ws.review.add_action_item(rehearsal.id, "flag", flag.id, owner_role="producer")
    files = [ws.evidence.add(rehearsal.id, d, name=n).file for n, d in all_drafts().items()]
    ws.evidence.set_offset(files[1].id, files[1].offset_ms + 500)
    ben = next(s for s in ws.evidence.speakers(rehearsal.id) if s.name == "Ben Okafor")
    ws.evidence.set_role(rehearsal.id, ben.id, "staff")
    plan_id = rehearsal.plan_id  # sign-off (one taken back) and a launch date
    ws.signoffs.record(plan_id, "producer", "Sam", accepted=False, note="got the run sheet")
    mistaken = ws.signoffs.record(plan_id, "designer", "Maya", accepted=True)
    ws.signoffs.withdraw(mistaken.id)
    ws.signoffs.set_launch(plan_id, "2027-03-01")
    return rehearsal.id


def with_derived_ids(doc: Document, before: Document) -> Document:
    """`doc`, a copy of `before` whose ids were replaced by new ones, with the ids that are
    derived from others derived again (a file of evidence's from its rehearsal and bytes,
    an item's from its file and place, a speaker's from the rehearsal and the name), as a
    rehearsal of its own would have them."""
    rid, old_rid = doc["rehearsal_id"], before["rehearsal_id"]
    content = doc["content"]
    files = {}
    for row in content["evidence_files"]:
        files[row["id"]] = evidence_file_id(rid, row["sha256"])
        row["id"] = files[row["id"]]
    for row in content["evidence_items"]:
        row["file_id"] = files.get(row["file_id"], row["file_id"])
        row["id"] = evidence_item_id(row["file_id"], row["position"])
    keys = {name_key(r["person"]) for r in before["content"]["evidence_items"]}
    speakers = {speaker_id(old_rid, k): k for k in keys}
    for row, old in zip(content["edits"], before["content"]["edits"], strict=True):
        if row["entity"] == "speaker" and old["entity_id"] in speakers:
            row["entity_id"] = speaker_id(rid, speakers[old["entity_id"]])
        elif row["entity"] == "evidence":
            row["entity_id"] = files.get(row["entity_id"], row["entity_id"])
    return doc
