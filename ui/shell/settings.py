"""The user's preferences and window state, kept in one JSON file.

The file is `settings.json` in `$REHEARSAL_CONFIG_DIR` when that is set (tests set it), else
in the platform's config folder. A missing, unreadable or hand-broken file gives defaults:
settings never stop the app from starting. Saving writes a temporary file and renames it
over the old one, so a crash mid-write leaves the previous settings intact.

The launch rules (readiness thresholds, re-timing rule) are not here: they belong to the
workspace (`Workspace.launch_rules`), shared by everyone who opens it. A user's thresholds
from before are moved once into the first workspace they open that has none
(`migrate_launch_rules`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Final

import platformdirs

from rehearsal.errors import RehearsalError
from rehearsal.launch_rules import BUFFER_PCT_RANGE, MIN_REHEARSALS_RANGE, LaunchRules
from rehearsal.workspace import Workspace

log = logging.getLogger(__name__)

CONFIG_ENV: Final = "REHEARSAL_CONFIG_DIR"
FILE_NAME: Final = "settings.json"
VERSION: Final = 1
MAX_RECENT: Final = 8
APPEARANCES: Final = ("system", "light", "dark")
BUFFER_RANGE: Final = BUFFER_PCT_RANGE


@dataclass(slots=True)
class Settings:
    recent_workspaces: list[str] = field(default_factory=list)  # most recent first
    window_geometry: str = ""  # base64 of QMainWindow.saveGeometry()
    window_state: str = ""  # base64 of QMainWindow.saveState()
    last_view: str = "design"
    last_plan_id: str | None = None
    last_workspace: str | None = None
    appearance: str = "system"  # "system", "light" or "dark"
    # The readiness thresholds of older versions, until `migrate_launch_rules` moves them
    # into a workspace; None once moved (or never set).
    readiness_buffer_pct: float | None = None
    readiness_min_rehearsals: int | None = None
    shortcuts: dict[str, str] = field(default_factory=dict)  # action id → key; empty: defaults
    rehearsal_start: dict[str, str] = field(default_factory=dict)  # last start-dialog values
    # Per program (by id): the custom columns the Design table shows, and those the live
    # screen shows for the running segment.
    design_columns: dict[str, list[str]] = field(default_factory=dict)
    live_columns: dict[str, list[str]] = field(default_factory=dict)
    last_folder: str = ""  # where a file was chosen last: the next file dialog opens there
    show_archived: bool = False  # list archived rehearsals in the navigator and Review
    presenter_screen: str = ""  # the screen the presenter window went full screen on
    presenter_full_screen: bool = False  # it was full screen when last shown
    fault_log_seen: int = 0  # the size of faults.log when a fault was last told about

    def add_recent(self, path: str | os.PathLike[str]) -> None:
        """Put `path` first among the recent workspaces, once, keeping at most MAX_RECENT."""
        text = os.fspath(path)
        same = _path_key(text)
        rest = [p for p in self.recent_workspaces if _path_key(p) != same]
        self.recent_workspaces = [text, *rest][:MAX_RECENT]


def settings_path() -> Path:
    configured = os.environ.get(CONFIG_ENV)
    folder = (
        Path(configured)
        if configured
        else Path(platformdirs.user_config_dir("Rehearsal", appauthor=False))
    )
    return folder / FILE_NAME


def load_settings() -> Settings:
    """The saved settings; defaults for a missing or broken file and for any bad value."""
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    return _from_dict(data)


def save_settings(settings: Settings) -> bool:
    """Write `settings` atomically; False (and a log line) if the file cannot be written.

    Not being able to remember preferences (disk full, folder read-only) must not stop the
    app or lose the user's work, so callers such as closeEvent need not guard this.
    """
    path = settings_path()
    text = json.dumps({"version": VERSION, **asdict(settings)}, indent=2, ensure_ascii=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text + "\n")
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
    except OSError as exc:
        log.warning("settings could not be saved to %s: %s", path, exc)
        return False
    return True


def migrate_launch_rules(settings: Settings, ws: Workspace) -> bool:
    """Once: the readiness thresholds this user set in Preferences before they were the
    workspace's become `ws`'s launch rules if it has none yet (a workspace that has some
    keeps them: a colleague set them). Either way they leave the settings, saved at once,
    so no other workspace gets them later. Whether `ws` took them."""
    old = (settings.readiness_buffer_pct, settings.readiness_min_rehearsals)
    if old == (None, None):
        return False
    took = False
    if not ws.has_launch_rules():
        buffer, needed = old
        try:
            ws.set_launch_rules(
                LaunchRules(),
                buffer_pct=buffer,
                min_rehearsals=needed,
            )
            took = True
        except RehearsalError as exc:  # values this version no longer accepts
            log.warning("old readiness thresholds not moved to the workspace: %s", exc)
    settings.readiness_buffer_pct = settings.readiness_min_rehearsals = None
    save_settings(settings)
    return took


def _path_key(path: str) -> str:
    return os.path.normcase(os.path.normpath(path))


def _from_dict(data: dict[str, Any]) -> Settings:
    """Settings from parsed JSON: unknown keys ignored, a bad value gives that key's default."""
    values: dict[str, Any] = {}
    for f in fields(Settings):
        checked = _CHECKS[f.name](data.get(f.name))
        if checked is not None:
            values[f.name] = checked
    settings = Settings(**values)
    recent, settings.recent_workspaces = settings.recent_workspaces, []
    for path in reversed(recent):  # drops duplicates and keeps at most MAX_RECENT
        settings.add_recent(path)
    return settings


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _nonempty_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _str_list(value: Any) -> list[str] | None:
    if not isinstance(value, list):
        return None
    return [v for v in value if isinstance(v, str) and v]


def _str_dict(value: Any) -> dict[str, str] | None:
    if not isinstance(value, dict):
        return None
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def _columns(value: Any) -> dict[str, list[str]] | None:
    """Column names by program id: anything else in the file is left out."""
    if not isinstance(value, dict):
        return None
    return {
        program: list(dict.fromkeys(n for n in names if isinstance(n, str) and n))
        for program, names in value.items()
        if isinstance(program, str) and isinstance(names, list)
    }


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _size(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if value >= 0 else None


def _appearance(value: Any) -> str | None:
    return value if value in APPEARANCES else None


def _buffer(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    low, high = BUFFER_RANGE
    return float(value) if low <= value <= high else None


def _min_rehearsals(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    low, high = MIN_REHEARSALS_RANGE
    return value if low <= value <= high else None


_CHECKS: Final = {
    "recent_workspaces": _str_list,
    "window_geometry": _str,
    "window_state": _str,
    "last_view": _nonempty_str,
    "last_plan_id": _nonempty_str,
    "last_workspace": _nonempty_str,
    "appearance": _appearance,
    "readiness_buffer_pct": _buffer,
    "readiness_min_rehearsals": _min_rehearsals,
    "shortcuts": _str_dict,
    "rehearsal_start": _str_dict,
    "design_columns": _columns,
    "live_columns": _columns,
    "last_folder": _str,
    "show_archived": _bool,
    "presenter_screen": _str,
    "presenter_full_screen": _bool,
    "fault_log_seen": _size,
}
