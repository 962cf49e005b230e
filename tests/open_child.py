"""A second process for tests/core/storage/test_lock.py: it opens a workspace and says so.

    python tests/open_child.py PATH [MECHANISM]

MECHANISM (flock, record) chooses how the workspace file is locked, as on another system
(`rehearsal.storage.lock.Mechanism`). It prints one line and flushes:

    OPEN <pid>            it has the workspace open; it closes it when stdin closes
    LOCKED <message>      another process has it open (exit status 3)
"""

from __future__ import annotations

import os
import sys

from rehearsal import Workspace, WorkspaceLocked
from rehearsal.storage import lock


def main(path: str, mechanism: str | None) -> int:
    if mechanism:
        lock.MECHANISM = lock.Mechanism(mechanism)
    try:
        ws = Workspace.open(path)
    except WorkspaceLocked as exc:
        print(f"LOCKED {exc}", flush=True)
        return 3
    with ws:
        ws.programs()  # it reads, as an app does
        print(f"OPEN {os.getpid()}", flush=True)
        sys.stdin.read()  # until the parent closes the pipe
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None))
