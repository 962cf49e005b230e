"""Fuzzing the pack door: packs that look like packs (a real one, changed in a few places,
with a checksum that matches) but hold what an adversary chose. Each is refused — the
workspace unchanged — or accepted, and then every command works on the workspace: the
lists, the figures, readiness, both reports (with the evidence's text too), the evidence
step by step, a pack of it handed on, the shared folder."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packs import Document, document, forged, reviewed, write
from reviewing import dump

from rehearsal import Workspace
from rehearsal.cli.main import main
from rehearsal.errors import PackError
from rehearsal.evidence_model import (
    EvidenceKind,
    ItemKind,
    Platform,
    Proposal,
    SpeakerRole,
    TimeBase,
)
from rehearsal.exchange.packs import import_pack
from rehearsal.model import (
    EventKind,
    FlagStatus,
    InteractionType,
    LeadRole,
    RehearsalKind,
    RehearsalStatus,
    Severity,
    new_id,
)

ENUM_VALUES = sorted(
    {
        v.value
        for kind in (
            EventKind,
            FlagStatus,
            InteractionType,
            LeadRole,
            RehearsalKind,
            RehearsalStatus,
            Severity,
            EvidenceKind,
            ItemKind,
            Platform,
            Proposal,
            SpeakerRole,
            TimeBase,
        )
        for v in kind
    }
)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Document:
    """A rich pack's document: a reviewed rehearsal (every table has rows)."""
    with Workspace.open(tmp_path_factory.mktemp("lead") / "lead.rehearsal") as lead:
        return document(lead, reviewed(lead))


def hostile_values(doc: Document) -> st.SearchStrategy[Any]:
    """Values an adversary would try: ids and values taken from elsewhere in the pack,
    numbers at and past every bound, text no one types, paths."""
    ids = sorted(
        {
            v
            for t in doc["content"].values()
            for r in t
            for k, v in r.items()
            if k.endswith("id") and isinstance(v, str)
        }
    )
    return st.one_of(
        st.sampled_from(ids),
        st.sampled_from(ENUM_VALUES),
        st.sampled_from(
            [
                "../../etc/passwd",
                "C:\\Windows\\win.ini",
                "",
                " ",
                "\ud800",
                "a\x00b",
                "x" * 5000,
                "2026-02-30",
                "2026-12-07T25:00:00",
                "1970-01-01T00:00:00+00:00",
                "Europe/Nowhere",
                "{}",
                "[]",
                '{"step": "999"}',
                '{"gap_s": "abc"}',
                '{"gap_s": "1e308"}',
                '{"step": "1", "target_s": "60"}',  # an adjustment, in range
                '{"step": "1", "target_s": "-1", "reason": ""}',
                '{"step": "1", "target_s": "99999999999999"}',
                '[["a", "b"]]',
                '["x", 1]',
                "null",
            ]
        ),
        st.integers(-(2**64), 2**64),
        st.integers(0, 7 * 86_400),  # in range, but not what the row said
        st.integers(0, 10**12),
        st.text(  # valid text of every script, with line breaks and marks
            st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=200
        ),
        st.sampled_from([0, 1, -1, 59, 60, 86_399, 86_400, 604_800, 604_801, 2**31, 2**62]),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
        st.none(),
        st.text(max_size=20),
    )


@st.composite
def mutated(draw: st.DrawFn, doc: Document) -> Document:
    doc = copy.deepcopy(doc)
    content = doc["content"]
    for _ in range(draw(st.integers(1, 4))):
        table = draw(st.sampled_from(sorted(t for t in content if content[t])))
        rows = content[table]
        index = draw(st.integers(0, len(rows) - 1))
        action = draw(st.sampled_from(["set", "set", "set", "drop row", "copy row", "reorder"]))
        if action == "drop row":
            del rows[index]
        elif action == "copy row":
            rows.append(dict(rows[index], id=new_id()) if "id" in rows[index] else rows[index])
        elif action == "reorder":
            rows.reverse()
        else:
            column = draw(st.sampled_from(sorted(rows[index])))
            rows[index][column] = draw(hostile_values(doc))
    return doc


def commands_work(path: Path, rehearsal_id: str, plan_id: str, out: Path) -> None:
    """Every command a person runs on the workspace ends well (exit 0)."""
    db = ["--db", str(path)]
    folder = out / "shared"
    folder.mkdir()
    for argv in (
        ["list", "--json"],
        ["rehearsals", "--json"],
        ["rehearsals", plan_id],
        ["stats", plan_id, "--json", "--draws", "200"],
        ["stats", plan_id, "--include-click-through", "--draws", "200"],
        ["readiness", plan_id, "--json"],
        ["report", "--rehearsal", rehearsal_id, "--format", "html", "-o", str(out / "r.html")],
        ["report", "--rehearsal", rehearsal_id, "--evidence-text", "-o", str(out / "t.html")],
        ["evidence", rehearsal_id],
        ["evidence", rehearsal_id, "--json"],
        ["report", "--rehearsal", rehearsal_id, "--format", "csv", "-o", str(out / "r.csv")],
        ["report", "--plan", plan_id, "--format", "html", "-o", str(out / "p.html")],
        ["report", "--plan", plan_id, "--format", "xlsx", "-o", str(out / "p.xlsx")],
        ["pack", "export", rehearsal_id, "-o", str(out / "again.rehearsalpack")],
        ["sync", "--set", str(folder)],
    ):
        assert main([*argv, *db]) == 0, argv
    assert {p.parent for p in folder.iterdir()} <= {folder}
    with Workspace.open(out / "third.rehearsal") as third:  # what it hands on is accepted
        import_pack(third, out / "again.rehearsalpack")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_hostile_pack_is_refused_unchanged_or_leaves_every_command_working(
    base: Document,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    data: st.DataObject,
) -> None:
    doc = data.draw(mutated(base))
    folder = tmp_path_factory.mktemp("fuzz")
    pack = write(folder, "hostile.rehearsalpack", forged(doc))
    path = folder / "other.rehearsal"
    with Workspace.open(path) as other:
        before = dump(other)
        try:
            import_pack(other, pack)
        except PackError as refused:
            assert "hostile.rehearsalpack" in str(refused)
            assert dump(other) == before
            return
        [rehearsal] = other.rehearsals()
    commands_work(path, rehearsal.id, rehearsal.plan_id, folder)
    capsys.readouterr()


def test_the_pack_columns_are_the_workspace_columns(ws: Workspace) -> None:
    """The pack format's description of its rows and the workspace's tables agree (a new
    column needs its check first); only a revision's number here stays home."""
    import raw

    from rehearsal.exchange.pack_schema import COLUMNS

    for table, columns in COLUMNS.items():
        here = {r["name"] for r in raw.rows(ws, f"PRAGMA table_info({table})")}
        assert here - {"authored_revision"} == set(columns), table
    assert json.loads(json.dumps(sorted(COLUMNS))) == sorted(COLUMNS)
