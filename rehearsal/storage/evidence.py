"""Evidence as stored: a rehearsal's files of evidence and their items, in each file's own
time base (`rehearsal.evidence_model`). Rows are only ever added; what a person changes
afterwards (a file's offset, a speaker's role, removing a file) is a review edit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rehearsal.evidence_model import (
    EvidenceFile,
    EvidenceItem,
    EvidenceKind,
    ItemKind,
    Platform,
    Proposal,
    TimeBase,
    evidence_item_id,
)
from rehearsal.storage import rows
from rehearsal.storage.database import Storage, chunks, marks

# What two imports of the same file may differ in (where and when each was made, and the
# offset proposed then): a merge keeps the earliest import's, so every workspace agrees.
AS_IMPORTED = ("imported", "name", "proposed_offset_ms", "proposal")


# -- rows -----------------------------------------------------------------------------------------
def file_row(f: EvidenceFile) -> dict[str, Any]:
    return {
        "id": f.id,
        "rehearsal_id": f.rehearsal_id,
        "kind": f.kind.value,
        "platform": f.platform.value,
        "time_base": f.time_base.value,
        "sha256": f.sha256,
        "title": f.title,
        "items": f.items,
        "name": f.name,
        "imported": f.imported,
        "proposed_offset_ms": f.proposed_offset_ms,
        "proposal": f.proposal.value,
    }


def file_from_row(row: rows.Row) -> EvidenceFile:
    return EvidenceFile(
        id=row["id"],
        rehearsal_id=row["rehearsal_id"],
        kind=EvidenceKind(row["kind"]),
        platform=Platform(row["platform"]),
        time_base=TimeBase(row["time_base"]),
        sha256=row["sha256"],
        title=row["title"],
        items=row["items"],
        name=row["name"],
        imported=row["imported"],
        proposed_offset_ms=row["proposed_offset_ms"],
        proposal=Proposal(row["proposal"]),
        offset_ms=row["proposed_offset_ms"],
    )


def item_row(f: EvidenceFile, position: int, item: EvidenceItem) -> dict[str, Any]:
    return {
        "id": evidence_item_id(f.id, position),
        "rehearsal_id": f.rehearsal_id,
        "file_id": f.id,
        "position": position,
        "kind": item.kind.value,
        "start_ms": item.start_ms,
        "end_ms": item.end_ms,
        "person": item.person,
        "text": item.text,
        "detail": item.detail,
    }


def item_from_row(row: rows.Row) -> EvidenceItem:
    return EvidenceItem(
        kind=ItemKind(row["kind"]),
        start_ms=row["start_ms"],
        end_ms=row["end_ms"],
        person=row["person"],
        text=row["text"],
        detail=row["detail"],
    )


# -- writing --------------------------------------------------------------------------------------
def insert(s: Storage, f: EvidenceFile, items: Sequence[EvidenceItem]) -> None:
    """Store a file and its items, all or nothing."""
    with s.transaction():
        s.conn.execute(*rows.insert_statement("evidence_files", file_row(f)))
        if items:
            sql, _ = rows.insert_statement("evidence_items", item_row(f, 0, items[0]))
            s.conn.executemany(
                sql, (tuple(item_row(f, i, item).values()) for i, item in enumerate(items))
            )


def merge_file(s: Storage, row: dict[str, Any]) -> tuple[bool, bool]:
    """Merge a pack's file row (inside the merge's transaction): added when new, else the
    earlier import's `AS_IMPORTED` values kept (the pack's when its import was earlier):
    whichever order packs arrive in, every workspace ends with the same row. Whether it
    was added, and whether a row here was changed."""
    sql, params = rows.insert_statement("evidence_files", row)
    if s.conn.execute(sql.replace("INSERT", "INSERT OR IGNORE", 1), params).rowcount:
        return True, False
    theirs = tuple(row[c] for c in AS_IMPORTED)
    for here in s.rows(
        f"SELECT {', '.join(AS_IMPORTED)} FROM evidence_files WHERE id = ?", (row["id"],)
    ):
        if theirs < tuple(here[c] for c in AS_IMPORTED):
            sets = ", ".join(f"{c} = ?" for c in AS_IMPORTED)
            s.conn.execute(f"UPDATE evidence_files SET {sets} WHERE id = ?", (*theirs, row["id"]))
            return False, True
    return False, False


# -- reading --------------------------------------------------------------------------------------
def files(s: Storage, rehearsal_id: str) -> list[EvidenceFile]:
    """A rehearsal's files as imported, the first imported first."""
    return files_of(s, [rehearsal_id])[rehearsal_id]


def files_of(s: Storage, rehearsal_ids: Iterable[str]) -> dict[str, list[EvidenceFile]]:
    ids = list(dict.fromkeys(rehearsal_ids))
    found: dict[str, list[EvidenceFile]] = {rid: [] for rid in ids}
    for part in chunks(ids):
        for row in s.rows(
            f"SELECT * FROM evidence_files WHERE rehearsal_id IN ({marks(part)}) "
            "ORDER BY imported, rowid",
            part,
        ):
            found[row["rehearsal_id"]].append(file_from_row(row))
    return found


def file(s: Storage, file_id: str) -> EvidenceFile:
    row = s.one("SELECT * FROM evidence_files WHERE id = ?", (file_id,), f"evidence file {file_id}")
    return file_from_row(row)


def file_exists(s: Storage, file_id: str) -> bool:
    return any(s.rows("SELECT 1 FROM evidence_files WHERE id = ?", (file_id,)))


def items(s: Storage, file_id: str) -> list[EvidenceItem]:
    """A file's items in the order of the file."""
    return items_of(s, [file_id])[file_id]


def items_of(s: Storage, file_ids: Iterable[str]) -> dict[str, list[EvidenceItem]]:
    ids = list(dict.fromkeys(file_ids))
    found: dict[str, list[EvidenceItem]] = {fid: [] for fid in ids}
    for part in chunks(ids):
        for row in s.rows(
            f"SELECT * FROM evidence_items WHERE file_id IN ({marks(part)}) "
            "ORDER BY file_id, position",
            part,
        ):
            found[row["file_id"]].append(item_from_row(row))
    return found


def persons(s: Storage, rehearsal_id: str) -> set[str]:
    """Every name the rehearsal's evidence holds, as written."""
    return {
        r["person"]
        for r in s.rows(
            "SELECT DISTINCT person FROM evidence_items WHERE rehearsal_id = ?", (rehearsal_id,)
        )
    }


def file_rows(s: Storage, rehearsal_id: str) -> dict[str, dict[str, Any]]:
    """The rehearsal's file rows here, by id (for checking a pack against them)."""
    return {
        r["id"]: r
        for r in s.rows("SELECT * FROM evidence_files WHERE rehearsal_id = ?", (rehearsal_id,))
    }


def rehearsals_with_evidence(s: Storage, rehearsal_ids: Iterable[str]) -> set[str]:
    ids = list(dict.fromkeys(rehearsal_ids))
    found: set[str] = set()
    for part in chunks(ids):
        found.update(
            r["rehearsal_id"]
            for r in s.rows(
                "SELECT DISTINCT rehearsal_id FROM evidence_files "
                f"WHERE rehearsal_id IN ({marks(part)})",
                part,
            )
        )
    return found
