"""The app's preferences and remembered state, in one JSON file.

`$REHEARSAL_CONFIG_DIR/settings.json` when that is set (tests always set it), else the
user's config folder. A missing or damaged file gives the defaults; nothing here crashes.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

CONFIG_ENV = "REHEARSAL_CONFIG_DIR"
MAX_RECENT = 8


@dataclass(slots=True)
class Settings:
    recent_workspaces: list[str] = field(default_factory=list)
    window_geometry: str = ""
    window_state: str = ""
    last_view: str = "design"
    last_plan_id: str | None = None
    last_workspace: str | None = None
    appearance: str = "system"
    readiness_buffer_pct: float = 10.0
    readiness_min_rehearsals: int = 2
    shortcuts: dict[str, str] = field(default_factory=dict)
    rehearsal_start: dict[str, str] = field(default_factory=dict)

    def add_recent(self, path: str) -> None:
        """Put `path` first in the recent workspaces (no duplicates, at most eight)."""
        entries = [p for p in self.recent_workspaces if p != path]
        self.recent_workspaces = [path, *entries][:MAX_RECENT]


def settings_path() -> Path:
    folder = os.environ.get(CONFIG_ENV) or platformdirs.user_config_dir(
        "Rehearsal", appauthor=False
    )
    return Path(folder) / "settings.json"


def load_settings() -> Settings:
    try:
        raw: Any = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    defaults = Settings()
    values: dict[str, Any] = {}
    for f in dataclasses.fields(Settings):
        value, default = raw.get(f.name), getattr(defaults, f.name)
        values[f.name] = value if _same_kind(value, default, f.name) else default
    return Settings(**values)


def _same_kind(value: Any, default: Any, name: str) -> bool:
    if value is None:
        return name in ("last_plan_id", "last_workspace")
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, float):
        return isinstance(value, int | float)
    if isinstance(default, list):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if isinstance(default, dict):
        return isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        )
    if default is None:
        return isinstance(value, str)
    return isinstance(value, type(default))


def save_settings(settings: Settings) -> None:
    """Write atomically (a temporary file, then a rename); a failure is not fatal."""
    path = settings_path()
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(dataclasses.asdict(settings), indent=2), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
