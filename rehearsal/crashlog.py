"""Where unexpected errors are written down, so that a crash never goes unexplained."""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path

import platformdirs

LOG_ENV = "REHEARSAL_LOG_DIR"
FAULT_LOG = "faults.log"  # where faulthandler writes a crash Python could not catch
FAULT_TAIL_CHARS = 4000  # how much of a new fault is read back


def log_dir() -> Path:
    override = os.environ.get(LOG_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_log_dir("Rehearsal", appauthor=False))


def write_crash_log(exc: BaseException) -> Path:
    """Write `exc` with its traceback to a new log file and return its path."""
    folder = log_dir()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = folder / f"crash-{stamp}.log"
    text = "".join(traceback.format_exception(exc))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError:
        return Path("(the log could not be written)")
    return path


def fault_log_path() -> Path:
    return log_dir() / FAULT_LOG


def fault_log_size() -> int:
    """The fault log's size in bytes (0 when there is none)."""
    try:
        return fault_log_path().stat().st_size
    except OSError:
        return 0


def new_fault(seen_bytes: int) -> str | None:
    """What the fault log gained since it was `seen_bytes` long (its end, at most
    FAULT_TAIL_CHARS), or None when nothing was added. A log shorter than that was
    replaced: all of it is new."""
    size = fault_log_size()
    if size == seen_bytes or size == 0:
        return None
    start = seen_bytes if 0 <= seen_bytes < size else 0
    try:
        with fault_log_path().open("rb") as log:
            log.seek(max(start, size - FAULT_TAIL_CHARS))
            text = log.read().decode("utf-8", errors="replace")
    except OSError:
        return None
    return text.strip() or None
