"""Every pack the door accepts leaves every view working: packs changed the way an
adversary would (values in range but not what the run said, odd text, rows dropped or
copied) are imported; those accepted are then shown in Design, Rehearse, Review and every
tab of Analyze, light and dark, with no error and no Qt warning."""

from __future__ import annotations

import copy
import json
import random
import re
import uuid
from pathlib import Path
from typing import Any

from packs import Document, document, forged, reviewed, with_derived_ids, write
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from qt_helpers import settled, show_active

from rehearsal import Workspace
from rehearsal.errors import PackError
from rehearsal.exchange.packs import import_pack
from rehearsal.model import Severity
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.shell import theme

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ODD_TEXT = [
    "",
    "مرحبا بالجميع — ابدأوا الآن",
    "👩🏽‍🏫 Breakout ⏱️",
    "line one\nline two\r\nline three",
    "W" * 3000,
    "<script>alert(1)</script>&amp;",
    '=HYPERLINK("http://x")',
    "\u202eevil\u202c",
]


def renumbered_ids(doc: Document) -> Document:
    """`doc` with every id replaced by a new one (consistently, those derived from others
    derived again), so it is a rehearsal of its own: many of them can sit in one workspace."""
    text = json.dumps(doc)
    fresh: dict[str, str] = {}
    changed: Document = json.loads(
        _UUID.sub(lambda m: fresh.setdefault(m.group(0), str(uuid.uuid4())), text)
    )
    return with_derived_ids(changed, doc)


def in_range(column: str, rng: random.Random) -> Any:
    if column.endswith("_ns"):
        return rng.choice([0, 1, 10**9, 3 * 3600 * 10**9, 30 * 86_400 * 10**9])
    if column.endswith("_s") or column == "seconds_lost":
        return rng.choice([0, 1, 59, 3600, 86_399, 7 * 86_400])
    if column in ("severity",):
        return rng.choice([s.value for s in Severity])
    return rng.choice(ODD_TEXT)


def mutated(doc: Document, rng: random.Random) -> Document:
    doc = copy.deepcopy(doc)
    content = doc["content"]
    for _ in range(rng.randint(1, 3)):
        table = rng.choice(sorted(t for t in content if content[t]))
        rows = content[table]
        row = rng.choice(rows)
        action = rng.choice(["set", "set", "set", "drop", "copy"])
        if action == "drop" and table not in ("rehearsals", "plans", "programs"):
            rows.remove(row)
        elif action == "copy" and "id" in row and table not in ("events", "rehearsals"):
            rows.append(dict(row, id=str(uuid.uuid4())))
        else:
            column = rng.choice(sorted(row))
            row[column] = in_range(column, rng)
    return doc


def test_accepted_hostile_packs_leave_every_view_working(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, dark: None
) -> None:

    rng = random.Random(13)
    with Workspace.open(tmp_path / "lead.rehearsal") as lead:
        base = document(lead, reviewed(lead))
    tried = accepted = 0
    with Workspace.open(tmp_path / "victim.rehearsal") as ws:
        while accepted < 12 and tried < 400:
            tried += 1
            pack = write(
                tmp_path, f"p{tried}.rehearsalpack", forged(mutated(renumbered_ids(base), rng))
            )
            try:
                import_pack(ws, pack)
            except PackError:
                continue
            accepted += 1
        assert accepted == 12  # enough odd packs got through to look at
        window = MainWindow(ws)
        qtbot.addWidget(window)
        show_active(qtbot, window)
        for appearance in ("light", "dark"):
            theme.apply_appearance(qapp, appearance)
            for rehearsal in ws.rehearsals():
                window.show_view("design")
                window.design.show_plan(rehearsal.plan_id)
                window.show_view("rehearse")
                window.show_view("review")
                window.review.show_rehearsal(rehearsal.id)
                qtbot.wait(1)
                assert window.review.headline.text()
            window.show_view("analyze")
            for plan_id in sorted({r.plan_id for r in ws.rehearsals()}):
                window.analyze.set_plan(plan_id)
                for tab in range(window.analyze.tabs.count()):
                    window.analyze.tabs.setCurrentIndex(tab)
                    settled(qtbot, window.analyze)
                assert "nan" not in window.analyze.filters.count.text()
