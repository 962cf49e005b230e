from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from rehearsal_ui.shell.crash import install_crash_handler


def test_unexpected_error_shows_where_the_log_is(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    install_crash_handler()
    try:
        raise KeyError("segment that vanished")
    except KeyError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    [text] = shown
    assert "KeyError" in text and "saved in your workspace" in text
    log = Path(text.split("The details are in ", 1)[1].split(". Please", 1)[0])
    assert "segment that vanished" in log.read_text(encoding="utf-8")
    assert "Traceback" in log.read_text(encoding="utf-8")
    assert str(log) in capsys.readouterr().err
