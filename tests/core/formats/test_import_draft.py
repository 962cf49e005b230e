"""`import_draft`: what an import stores, read without a workspace (the app reads on one
thread and stores on another) — the same plan `Workspace.import_plan` stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from rehearsal import Workspace
from rehearsal.errors import FormatError
from rehearsal.formats import import_draft


def test_a_sheet_without_a_name_is_named_after_its_file(ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "Tuesday agenda.csv"
    path.write_text("Title,Duration\nWelcome,5\nClose,3\n", encoding="utf-8")
    draft = import_draft(path)
    assert (draft.name, draft.source) == ("Tuesday agenda", "Tuesday agenda.csv")
    stored = ws.import_plan(path)
    assert ws.program(stored.program_id).name == draft.name
    assert [(s.title, s.planned_s) for s in stored.segments] == [
        (s.title, s.planned_s) for s in draft.segments
    ]


def test_a_plan_without_segments_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text(
        '{"format": "rehearsal-plan", "version": 1, "name": "Empty", "segments": []}',
        encoding="utf-8",
    )
    with pytest.raises(FormatError, match="holds no segments"):
        import_draft(path)
