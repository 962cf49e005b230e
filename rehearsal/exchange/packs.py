"""Packs: one rehearsal (or only its review data) in a single file, to hand between people
who work offline, merged into any workspace by id.

The format (version 1) is UTF-8 JSON:

    {"format": "rehearsal-pack", "version": 1, "scope": "rehearsal" | "annotations",
     "rehearsal_id": "…", "origin": "<the exporting workspace's id>", "exported": "<UTC ISO>",
     "app": "rehearsal 0.1.0",
     "content": {"programs": [...], "plans": [...], "sections": [...], "segments": [...],
                 "transitions": [...], "rehearsals": [...], "events": [...], "flags": [...],
                 "annotations": [...], "action_items": [...], "edits": [...]},
     "sha256": "<hex SHA-256 of `content` as canonical JSON>"}

Each list holds rows of the workspace table of that name, column for column (schema 2).
The plans are the rehearsal's own revision and any revision an action item was fixed in,
so a workspace that lacks them gets them. An "annotations" pack leaves out the events.

Merging takes the union by id: rows already present are kept as they are, so importing a
pack twice changes nothing, and packs from several people give the same workspace in any
order. Field edits resolve last-writer-wins by edit time (see `rehearsal.reviewing.store`), with
the losing values kept as history and listed as conflicts. A pack that is not JSON, is cut
short, fails its checksum, comes from a newer version or breaks the schema is refused with
a message, and nothing is changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rehearsal import __version__
from rehearsal.clock import now_iso
from rehearsal.errors import InvalidOperation, PackError
from rehearsal.exchange.pack_checks import TABLES, check_pack
from rehearsal.model import RehearsalStatus
from rehearsal.storage import rows

if TYPE_CHECKING:
    from rehearsal.workspace import Workspace

FORMAT = "rehearsal-pack"
VERSION = 1
PACK_SUFFIX = ".rehearsalpack"
MAX_BYTES = 200 * 1024 * 1024
SCOPES = ("rehearsal", "annotations")
REVIEW_TABLES = ("flags", "annotations", "action_items", "edits")
STATUS_RANK = {
    RehearsalStatus.ARMED.value: 0,
    RehearsalStatus.RUNNING.value: 1,
    RehearsalStatus.ABANDONED.value: 2,
    RehearsalStatus.FINISHED.value: 3,
}


@dataclass(slots=True)
class MergeReport:
    file: str
    rehearsal_id: str
    added: dict[str, int] = field(default_factory=dict)  # table → new rows
    plans_added: list[str] = field(default_factory=list)  # "Program, revision N"
    conflicts: int = 0  # fields of this rehearsal edited on two machines, to confirm

    @property
    def changed(self) -> bool:
        return any(self.added.values())

    def summary(self) -> str:
        if not self.changed:
            return f"{self.file}: nothing new."
        names = {
            "events": "marks",
            "flags": "flags",
            "annotations": "annotations",
            "action_items": "action items",
            "edits": "edits",
            "rehearsals": "rehearsal",
        }
        parts = [f"{n} {names[t]}" for t, n in self.added.items() if n and t in names]
        text = f"{self.file}: added " + ", ".join(parts)
        if self.plans_added:
            text += "; brought " + ", ".join(self.plans_added)
        if self.conflicts:
            text += f"; {self.conflicts} conflicting edits to confirm in Review"
        return text + "."


# -- writing ------------------------------------------------------------------------------------
def canonical(content: dict[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _select(ws: Workspace, table: str, where: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    order = "rowid"
    return [
        dict(r)
        for r in ws.db.query(f"SELECT * FROM {table} WHERE {where} ORDER BY {order}", params)
    ]


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
    rid = (rehearsal.id,)
    content: dict[str, Any] = {}
    items = _select(ws, "action_items", "rehearsal_id = ?", rid)
    plan_ids = {rehearsal.plan_id}
    for edit in _select(ws, "edits", "rehearsal_id = ? AND field = 'fixed_in_plan'", rid):
        value = json.loads(edit["value"])
        if isinstance(value, str):
            plan_ids.add(value)
    marks = ", ".join("?" for _ in plan_ids)
    plans = _select(ws, "plans", f"id IN ({marks})", tuple(sorted(plan_ids)))
    program_ids = tuple(sorted({p["program_id"] for p in plans}))
    content["programs"] = _select(
        ws, "programs", f"id IN ({', '.join('?' for _ in program_ids)})", program_ids
    )
    content["plans"] = plans
    found = tuple(p["id"] for p in plans)
    for table in ("sections", "segments", "transitions"):
        content[table] = _select(ws, table, f"plan_id IN ({', '.join('?' for _ in found)})", found)
    content["rehearsals"] = _select(ws, "rehearsals", "id = ?", rid)
    content["events"] = (
        _select(ws, "events", "rehearsal_id = ?", rid) if scope == "rehearsal" else []
    )
    content["flags"] = _select(ws, "flags", "rehearsal_id = ?", rid)
    content["annotations"] = _select(ws, "annotations", "rehearsal_id = ?", rid)
    content["action_items"] = items
    content["edits"] = _select(ws, "edits", "rehearsal_id = ?", rid)
    return content


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
        "sha256": hashlib.sha256(canonical(content)).hexdigest(),
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that nobody ever sees half of it: a temporary file in the
    same folder, flushed to disk, then renamed over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def export_pack(
    ws: Workspace, rehearsal_id: str, path: str | Path, *, scope: str = "rehearsal"
) -> Path:
    """Write one rehearsal (scope "rehearsal") or only its flags, annotations, debrief and
    action items (scope "annotations") to `path`."""
    target = Path(path)
    write_atomic(target, pack_bytes(ws, rehearsal_id, scope))
    return target


# -- reading ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Pack:
    scope: str
    rehearsal_id: str
    origin: str
    content: dict[str, list[dict[str, Any]]]
    sha256: str


def read_pack(path: str | Path) -> Pack:
    """Read and check a pack; `PackError` says why a file is not one."""
    source = Path(path)
    name = source.name
    try:
        size = source.stat().st_size
        if size > MAX_BYTES:
            raise PackError(f"the file is {size // 2**20} MB; a pack is at most 200 MB", file=name)
        data = source.read_bytes()
    except OSError as exc:
        raise PackError(f"cannot read it ({exc.strerror or exc})", file=name) from None
    return parse_pack(data, name)


def parse_pack(data: bytes, name: str = "pack") -> Pack:
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise PackError("not a Rehearsal pack (not UTF-8 text)", file=name) from None
    except json.JSONDecodeError as exc:
        if data.lstrip().startswith(b'{"format"') or b'"rehearsal-pack"' in data[:200]:
            raise PackError(
                f"the pack is cut short or damaged (JSON ends at line {exc.lineno})", file=name
            ) from None
        raise PackError("not a Rehearsal pack (not JSON)", file=name) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise PackError("not a Rehearsal pack", file=name, expected=f'"format": "{FORMAT}"')
    version = document.get("version")
    if not isinstance(version, int) or version < 1:
        raise PackError("the pack has no valid version number", file=name)
    if version > VERSION:
        raise PackError(
            f"the pack was written by a newer version of Rehearsal (pack version {version}, "
            f"this app reads up to {VERSION}); update Rehearsal to import it",
            file=name,
        )
    content = document.get("content")
    if not isinstance(content, dict):
        raise PackError("the pack has no content", file=name)
    digest = hashlib.sha256(canonical(content)).hexdigest()
    if document.get("sha256") != digest:
        raise PackError(
            "the pack's checksum does not match its content: it was changed or damaged "
            "after it was exported",
            file=name,
        )
    scope = document.get("scope")
    if scope not in SCOPES:
        raise PackError(f"unknown pack scope {scope!r}", file=name, expected=" or ".join(SCOPES))
    rehearsal_id = document.get("rehearsal_id")
    if not isinstance(rehearsal_id, str) or not rehearsal_id:
        raise PackError("the pack names no rehearsal", file=name)
    for table in TABLES:
        rows_ = content.get(table, [])
        if not isinstance(rows_, list) or not all(isinstance(r, dict) for r in rows_):
            raise PackError(f"{table!r} must be a list of rows", file=name)
    origin = document.get("origin")
    return Pack(
        scope=scope,
        rehearsal_id=rehearsal_id,
        origin=origin if isinstance(origin, str) else "",
        content={t: content.get(t, []) for t in TABLES},
        sha256=digest,
    )


# -- merging --------------------------------------------------------------------------------------
def import_pack(ws: Workspace, path: str | Path) -> MergeReport:
    """Merge a pack into `ws`, all or nothing."""
    pack = read_pack(path)
    return merge_pack(ws, pack, Path(path).name)


def merge_pack(ws: Workspace, pack: Pack, name: str = "pack") -> MergeReport:
    check_pack(ws, pack, name)
    report = MergeReport(file=name, rehearsal_id=pack.rehearsal_id)
    have = ws.db.query("SELECT status FROM rehearsals WHERE id = ?", (pack.rehearsal_id,))
    local = next(iter(have), None)
    if local is None and pack.scope == "annotations":
        raise PackError(
            "it holds the review notes of a rehearsal this workspace does not have; import "
            "that rehearsal's full pack first",
            file=name,
        )
    content = pack.content
    try:
        with ws.db.atomic() as db:
            conn = db.conn
            _merge_plans(conn, content, report)
            for table in TABLES[5:]:
                added = 0
                for row in content[table]:
                    if table == "events":
                        _check_event(conn, row, name)
                    sql, params = rows.insert_statement(table, row)
                    added += conn.execute(
                        sql.replace("INSERT", "INSERT OR IGNORE", 1), params
                    ).rowcount
                report.added[table] = added
            if local is not None:
                _merge_status(conn, pack)
    except sqlite3.IntegrityError as exc:
        raise PackError(f"the pack does not fit this workspace ({exc})", file=name) from None
    report.conflicts = len(ws.review.conflicts(pack.rehearsal_id))
    return report


def _merge_plans(
    conn: sqlite3.Connection, content: dict[str, list[dict[str, Any]]], report: MergeReport
) -> None:
    """Bring the plan revisions (and programs) the workspace lacks, with their ids. A
    revision number another plan of the program already has here becomes the next one."""
    programs = {p["id"]: p for p in content["programs"]}
    for program in content["programs"]:
        sql, params = rows.insert_statement("programs", program)
        conn.execute(sql.replace("INSERT", "INSERT OR IGNORE", 1), params)
    for plan in sorted(content["plans"], key=lambda p: p["revision"]):
        if conn.execute("SELECT 1 FROM plans WHERE id = ?", (plan["id"],)).fetchone():
            continue
        row = dict(plan)
        taken = conn.execute(
            "SELECT 1 FROM plans WHERE program_id = ? AND revision = ?",
            (row["program_id"], row["revision"]),
        ).fetchone()
        if taken:
            top = conn.execute(
                "SELECT max(revision) FROM plans WHERE program_id = ?", (row["program_id"],)
            ).fetchone()[0]
            row["notes"] = (
                f"Revision {row['revision']} where it was exported. " + row["notes"]
            ).strip()
            row["revision"] = int(top) + 1
        if (
            row["based_on"]
            and not conn.execute("SELECT 1 FROM plans WHERE id = ?", (row["based_on"],)).fetchone()
        ):
            row["based_on"] = None
        conn.execute(*rows.insert_statement("plans", row))
        for table in ("sections", "segments", "transitions"):
            for child in content[table]:
                if child["plan_id"] == row["id"]:
                    conn.execute(*rows.insert_statement(table, child))
        program = programs.get(row["program_id"], {}).get("name", "a program")
        report.plans_added.append(f"{program}, revision {row['revision']}")


def _check_event(conn: sqlite3.Connection, row: dict[str, Any], name: str) -> None:
    clash = conn.execute(
        "SELECT id FROM events WHERE rehearsal_id = ? AND seq = ?",
        (row["rehearsal_id"], row["seq"]),
    ).fetchone()
    if clash is not None and clash[0] != row["id"]:
        raise PackError(
            f"mark {row['seq']} of this rehearsal differs from the one in this workspace; "
            "the two copies were recorded separately and cannot be merged",
            file=name,
        )


def _merge_status(conn: sqlite3.Connection, pack: Pack) -> None:
    """The further along of the two statuses (finished beats running beats armed)."""
    theirs = pack.content["rehearsals"][0]["status"]
    ours = conn.execute(
        "SELECT status FROM rehearsals WHERE id = ?", (pack.rehearsal_id,)
    ).fetchone()[0]
    if STATUS_RANK.get(theirs, 0) > STATUS_RANK.get(ours, 0):
        conn.execute("UPDATE rehearsals SET status = ? WHERE id = ?", (theirs, pack.rehearsal_id))
