"""Reading the files meeting platforms write about a session (transcripts, chat, attendance,
poll reports) as an `EvidenceDraft` (`rehearsal.evidence_model`).

A stand-in: the readers are being written on another branch, whose `read_evidence` and
`parse_evidence` replace these. Until then every file is refused, and nothing is stored.
The workspace reads a file's bytes itself (its SHA-256 names the file) and hands them to
`parse_evidence`: the one seam between the readers and the rest of the app.
"""

from __future__ import annotations

from pathlib import Path

from rehearsal.errors import FormatError
from rehearsal.evidence_model import EvidenceDraft


def parse_evidence(data: bytes, name: str) -> EvidenceDraft:
    """The evidence in `data`, the bytes of the file called `name`; `FormatError` when it
    is no file of evidence this app reads."""
    raise FormatError(
        "evidence files cannot be read yet (this version has no reader for them)", file=name
    )


def read_evidence(path: str | Path) -> EvidenceDraft:
    source = Path(path)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise FormatError(f"cannot be read: {exc.strerror or exc}", file=source.name) from None
    return parse_evidence(data, source.name)
