"""SQL lives in `rehearsal.storage`: no other module of the core or the app opens a
connection, writes SQL or reaches into the workspace's storage handle."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FORBIDDEN = re.compile(
    r"\.db\b|\b_db\b|\.conn\b|\bexecute\(|\bquery\(|\bsqlite3\b|\bsqlite_utils\b"
    r"|\bSELECT\b|\bINSERT\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE FROM\b|\.storage\.\w+\("
)
# The workspace holds the handle (`self._db`) and hands it on; args.db is a command option.
ALLOWED = {"rehearsal/workspace.py": re.compile(r"self\._db\b"), "*": re.compile(r"args\.db")}


def offending_lines() -> list[str]:
    found = []
    for folder in ("rehearsal", "ui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name.startswith("rehearsal/storage/"):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                code = line.split("#", 1)[0]
                for allowed in (ALLOWED.get(name), ALLOWED["*"]):
                    if allowed is not None:
                        code = allowed.sub("", code)
                if FORBIDDEN.search(code) and not code.lstrip().startswith(('"', "'")):
                    found.append(f"{name}:{number}: {line.strip()}")
    return found


def test_no_sql_outside_storage() -> None:
    assert offending_lines() == []
