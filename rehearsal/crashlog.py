"""Where unexpected errors are written down, so that a crash never goes unexplained."""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path

import platformdirs

LOG_ENV = "REHEARSAL_LOG_DIR"


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
