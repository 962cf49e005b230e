"""A benchmark runs apart from the user's own workspace, settings and logs."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def isolate_user_dirs(prefix: str) -> tempfile.TemporaryDirectory[str]:
    """Point every user folder the app reads at a new temporary folder, and Qt offscreen.

    Call before the QApplication exists; keep the returned object alive for the run.
    """
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    scratch = tempfile.TemporaryDirectory(prefix=prefix)
    folder = Path(scratch.name)
    for name, sub in (
        ("REHEARSAL_CONFIG_DIR", "config"),
        ("REHEARSAL_LOG_DIR", "logs"),
        ("REHEARSAL_DB", "default.rehearsal"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config-xdg"),
    ):
        os.environ[name] = str(folder / sub)
    return scratch
