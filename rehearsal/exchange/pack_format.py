"""The pack file format (version 1): what `packs.py` writes and reads, checked here as far
as the file alone can tell (JSON, version, checksum, scope, lists of rows). `pack_checks`
then holds the rows against this app's schema. The format is described in `packs.py`."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rehearsal.durations import format_size
from rehearsal.errors import PackError
from rehearsal.exchange.pack_schema import ADDED_TABLES
from rehearsal.limits import MAX_PACK_BYTES

FORMAT = "rehearsal-pack"
VERSION = 1
PACK_SUFFIX = ".rehearsalpack"
SCOPES = ("rehearsal", "annotations")
# Tables in the order they are merged (parents before children).
TABLES = (
    "programs",
    "plans",
    "sections",
    "segments",
    "transitions",
    "rehearsals",
    "events",
    "flags",
    "annotations",
    "action_items",
    "evidence_files",
    "evidence_items",
    "edits",
    "signoffs",
    "launch_dates",
)


def canonical(content: dict[str, Any]) -> bytes:
    """`content` as its checksum is taken: sorted keys, no spaces, UTF-8 (text that is not
    valid Unicode is encoded as it stands, so the checksum can be taken and the checks that
    follow refuse it by name)."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8", "surrogatepass")


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
    return parse_pack(read_pack_bytes(source), source.name)


def too_big(size: int) -> str | None:
    """Why a file of `size` bytes is not read as a pack, or None when it may be one."""
    if size <= MAX_PACK_BYTES:
        return None
    return f"the file is {format_size(size)}; a pack is at most {format_size(MAX_PACK_BYTES)}"


def read_pack_bytes(path: Path, *, follow_links: bool = True) -> bytes:
    """The bytes of a file that may be a pack: a regular file no larger than a pack can be
    (its size is checked before anything is read, and no more than that is ever read, even
    if it grows meanwhile). `follow_links=False` refuses a symbolic link (in a folder others
    write to, a link could point anywhere)."""
    name = path.name
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        if not follow_links and path.is_symlink():
            raise PackError("it is a link to another file, not a pack", file=name)
        handle = os.open(path, flags)
    except OSError as exc:
        raise PackError(f"cannot read it ({exc.strerror or exc})", file=name) from None
    with os.fdopen(handle, "rb") as source:
        try:
            info = os.fstat(source.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise PackError("it is not a file (a folder, a device or a pipe)", file=name)
            reason = too_big(info.st_size)
            if reason is not None:
                raise PackError(reason, file=name)
            data = source.read(MAX_PACK_BYTES + 1)
        except OSError as exc:
            raise PackError(f"cannot read it ({exc.strerror or exc})", file=name) from None
    reason = too_big(len(data))
    if reason is not None:  # it grew while it was read
        raise PackError(reason.replace("the file is", "the file is over"), file=name)
    return data


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number a pack holds")


def parse_pack(data: bytes, name: str = "pack") -> Pack:
    try:
        document = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise PackError("not a Rehearsal pack (not UTF-8 text)", file=name) from None
    except json.JSONDecodeError as exc:
        if data.lstrip().startswith(b'{"format"') or b'"rehearsal-pack"' in data[:200]:
            raise PackError(
                f"the pack is cut short or damaged (JSON ends at line {exc.lineno})", file=name
            ) from None
        raise PackError("not a Rehearsal pack (not JSON)", file=name) from None
    except (ValueError, RecursionError):  # a number of thousands of digits, or NaN; deep nesting
        raise PackError(
            "the pack holds a value no pack holds (a number of thousands of digits, NaN or "
            "Infinity, or lists nested thousands deep)",
            file=name,
        ) from None
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
        if table not in content and table not in ADDED_TABLES:
            raise PackError(f"the pack lacks its {table!r}", file=name)
        rows_ = content.get(table, [])  # an added table it lacks (an earlier app's) holds none
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
