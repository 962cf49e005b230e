from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from rehearsal.launch_rules import LaunchRules
from rehearsal.workspace import Workspace
from rehearsal_ui.shell import settings as settings_module
from rehearsal_ui.shell.settings import (
    Settings,
    load_settings,
    migrate_launch_rules,
    save_settings,
    settings_path,
)


def test_settings_live_under_the_test_config_dir() -> None:
    configured = Path(os.environ["REHEARSAL_CONFIG_DIR"])
    assert settings_path().is_relative_to(configured)
    assert not settings_path().exists()
    save_settings(Settings())
    assert settings_path().parent == configured
    assert settings_path().exists()


def test_missing_file_gives_defaults() -> None:
    assert load_settings() == Settings()


def test_round_trip() -> None:
    original = Settings(
        window_geometry="AdnQywAD",
        window_state="AAAA/wAAAAD9",
        last_view="rehearse",
        last_plan_id="plan-1",
        last_workspace="/tmp/a.rehearsal",
        appearance="dark",
        readiness_buffer_pct=12.5,
        readiness_min_rehearsals=3,
        shortcuts={"next": "Space"},
        rehearsal_start={"kind": "dry-run", "facilitator": "Ana Lévy"},
        design_columns={"program-1": ["Room", "Slide #"]},
        live_columns={"program-1": ["Room"], "program-2": []},
    )
    original.add_recent("/tmp/a.rehearsal")
    assert save_settings(original)
    assert load_settings() == original
    assert not [p for p in settings_path().parent.iterdir() if p != settings_path()]


@pytest.mark.parametrize(
    "text", ["", "{not json", "[1, 2]", "null", '"settings"', "\udcff", "[" * 100_000]
)
def test_corrupt_file_gives_defaults(text: str) -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_bytes(text.encode("utf-8", "surrogateescape"))
    assert load_settings() == Settings()


def test_unknown_keys_are_ignored_and_bad_values_give_defaults() -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    data = {
        "version": 99,
        "from_the_future": True,
        "appearance": "sepia",
        "readiness_buffer_pct": "ten",
        "readiness_min_rehearsals": 3.5,
        "last_view": 4,
        "last_plan_id": ["x"],
        "shortcuts": ["Space"],
        "rehearsal_start": {"kind": "pilot", "bad": 3},
        "design_columns": {"p1": ["Room", 3, "", "Room", "Kit"], "p2": "Room"},
        "live_columns": ["Room"],
        "recent_workspaces": ["/a", 7, "/b", "/a"],
        "window_geometry": "AdnQ",
    }
    settings_path().write_text(json.dumps(data), encoding="utf-8")
    loaded = load_settings()
    assert loaded == Settings(
        recent_workspaces=["/a", "/b"],
        window_geometry="AdnQ",
        rehearsal_start={"kind": "pilot"},
        design_columns={"p1": ["Room", "Kit"]},
    )


def test_out_of_range_numbers_give_defaults() -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(
        json.dumps({"readiness_buffer_pct": 80, "readiness_min_rehearsals": True}), "utf-8"
    )
    loaded = load_settings()
    assert loaded.readiness_buffer_pct is None  # nothing to move into a workspace
    assert loaded.readiness_min_rehearsals is None
    settings_path().write_text(json.dumps({"readiness_buffer_pct": 5}), "utf-8")
    assert load_settings().readiness_buffer_pct == 5.0


def test_recent_workspaces_most_recent_first_unique_at_most_eight() -> None:
    s = Settings()
    for i in range(10):
        s.add_recent(f"/w/{i}.rehearsal")
    assert s.recent_workspaces == [f"/w/{i}.rehearsal" for i in range(9, 1, -1)]
    s.add_recent("/w/5.rehearsal")
    assert s.recent_workspaces[0] == "/w/5.rehearsal"
    assert s.recent_workspaces.count("/w/5.rehearsal") == 1
    assert len(s.recent_workspaces) == settings_module.MAX_RECENT
    s.add_recent(Path("/w/8.rehearsal"))
    assert s.recent_workspaces[0] == "/w/8.rehearsal"
    s.add_recent("/w/./9.rehearsal")  # the same file, spelt differently
    assert s.recent_workspaces[0] == "/w/./9.rehearsal"
    assert len([p for p in s.recent_workspaces if p.endswith("9.rehearsal")]) == 1


def test_save_is_atomic_and_failure_is_not_fatal(monkeypatch: pytest.MonkeyPatch) -> None:
    save_settings(Settings(appearance="light"))

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(settings_module.os, "replace", fail)
    assert save_settings(Settings(appearance="dark")) is False
    assert load_settings().appearance == "light"  # the old file is intact
    assert [p.name for p in settings_path().parent.iterdir()] == ["settings.json"]


def test_old_thresholds_move_once_into_a_workspace_that_has_none(tmp_path: Path) -> None:
    old = Settings(readiness_buffer_pct=15.0, readiness_min_rehearsals=4)
    with Workspace.open(tmp_path / "a.rehearsal") as first:
        assert migrate_launch_rules(old, first)
        assert first.launch_rules() == LaunchRules(buffer_pct=15.0, min_rehearsals=4)
    assert (old.readiness_buffer_pct, old.readiness_min_rehearsals) == (None, None)
    assert load_settings().readiness_buffer_pct is None  # saved at once: it happens once
    with Workspace.open(tmp_path / "b.rehearsal") as second:
        assert not migrate_launch_rules(old, second)
        assert not second.has_launch_rules()


def test_a_workspace_with_rules_keeps_them(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "shared.rehearsal") as ws:
        ws.set_launch_rules(buffer_pct=20.0)  # a colleague's
        old = Settings(readiness_buffer_pct=5.0, readiness_min_rehearsals=1)
        assert not migrate_launch_rules(old, ws)
        assert ws.launch_rules().buffer_pct == 20.0 and old.readiness_buffer_pct is None
