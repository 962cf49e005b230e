"""Test set-up shared by the core and UI tests.

Qt runs offscreen (set before any QApplication exists; REHEARSAL_TEST_SHOW=1 to watch),
and nothing a test does touches the real user's workspace, settings or logs.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rehearsal import Workspace

if not os.environ.get("REHEARSAL_TEST_SHOW"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("REHEARSAL_DB", str(home / "default.rehearsal"))
    monkeypatch.setenv("REHEARSAL_LOG_DIR", str(home / "logs"))
    monkeypatch.setenv("REHEARSAL_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config-xdg"))


@pytest.fixture
def ws_path(tmp_path: Path) -> Path:
    return tmp_path / "test.rehearsal"


@pytest.fixture
def ws(ws_path: Path) -> Iterator[Workspace]:
    """A fresh, empty workspace, closed after the test."""
    with Workspace.open(ws_path) as workspace:
        yield workspace


@pytest.fixture(autouse=True)
def _keep_excepthook(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app installs its crash handler as sys.excepthook; tests get theirs back."""
    import sys

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)


@pytest.fixture
def in_new_york() -> Iterator[None]:
    """This device's local time is New York's for the test (TZ and tzset, put back after)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()
