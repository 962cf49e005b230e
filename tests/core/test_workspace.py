from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest
import raw
from hypothesis import given, settings
from hypothesis import strategies as st
from plans import small_draft

from rehearsal import FormatError, NotFound, RehearsalError, Workspace
from rehearsal.storage.schema import SCHEMA_VERSION
from rehearsal.workspace import default_path


def test_new_workspace_has_durable_settings(ws_path: Path) -> None:
    with Workspace.open(ws_path) as ws:
        conn = raw.conn(ws)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_plan_round_trips_through_storage(ws_path: Path) -> None:
    draft = small_draft()
    with Workspace.open(ws_path) as ws:
        plan = ws.add_plan(draft)
    with Workspace.open(ws_path) as ws:
        again = ws.plan(plan.id)
        assert [p.name for p in ws.programs()] == ["Module 1"]
        assert ws.plans(plan.program_id) == [again]
    assert again.segments == draft.segments
    assert again.sections == draft.sections
    assert again.transitions == draft.transitions
    assert (again.slot_s, again.start_s, again.revision) == (1800, 9 * 3600, 1)
    assert again.planned_s == 300 + 240 + 900 + 180 + 120


def test_migration_writes_a_backup_first(ws_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rehearsal.storage import schema

    with Workspace.open(ws_path) as ws:
        plan = ws.add_plan(small_draft())
    monkeypatch.setattr(
        schema,
        "MIGRATIONS",
        (*schema.MIGRATIONS, "ALTER TABLE programs ADD COLUMN colour TEXT NOT NULL DEFAULT '';"),
    )
    monkeypatch.setattr(schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with Workspace.open(ws_path) as ws:
        assert ws.plan(plan.id).segments == plan.segments
        version = raw.scalar(ws, "PRAGMA user_version")
    assert version == SCHEMA_VERSION + 1
    backup = ws_path.with_name(f"{ws_path.name}.schema{SCHEMA_VERSION}.bak")
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert old.execute("SELECT count(*) FROM plans").fetchone()[0] == 1
    old.close()


def test_default_path_follows_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REHEARSAL_DB", str(tmp_path / "x.rehearsal"))
    assert default_path() == tmp_path / "x.rehearsal"
    monkeypatch.delenv("REHEARSAL_DB")
    assert default_path().name == "workspace.rehearsal"


def test_unknown_ids_raise_not_found(ws_path: Path) -> None:
    with Workspace.open(ws_path) as ws:
        for call in (ws.plan, ws.program, ws.rehearsal, ws.latest_plan):
            with pytest.raises(NotFound):
                call("no-such-id")


def test_editing_an_unused_plan_changes_it_in_place(ws_path: Path) -> None:
    with Workspace.open(ws_path) as ws:
        plan = ws.add_plan(small_draft())
        shorter = dataclasses.replace(plan, segments=plan.segments[:2])
        saved = ws.save_plan(shorter)
        assert (saved.id, saved.revision) == (plan.id, 1)
        assert ws.plan(plan.id).segments == plan.segments[:2]
        assert len(ws.plans(plan.program_id)) == 1


def test_editing_a_used_plan_creates_the_next_revision(ws_path: Path) -> None:
    with Workspace.open(ws_path) as ws:
        plan = ws.add_plan(small_draft())
        ws.start_rehearsal(plan.id)
        retimed = dataclasses.replace(
            plan,
            segments=(dataclasses.replace(plan.segments[0], planned_s=600), *plan.segments[1:]),
        )
        saved = ws.save_plan(retimed)
        assert saved.id != plan.id
        assert (saved.revision, saved.based_on) == (2, plan.id)
        assert ws.plan(plan.id) == plan  # the used revision is untouched
        assert ws.plan(saved.id).segments[0].planned_s == 600
        # Segment ids are stable across revisions, so history follows them.
        assert [s.id for s in saved.segments] == [s.id for s in plan.segments]


def test_import_as_next_revision_matches_segments(ws_path: Path, tmp_path: Path) -> None:
    from rehearsal.formats import write_plan

    draft = small_draft()
    with Workspace.open(ws_path) as ws:
        first = ws.add_plan(draft, program="Module 1")
        # The same run-of-show, edited elsewhere: rows reordered, fresh ids, one new row.
        edited = dataclasses.replace(
            draft,
            segments=(
                dataclasses.replace(draft.segments[1], id="x1", planned_s=300),
                dataclasses.replace(draft.segments[0], id="x2"),
                dataclasses.replace(draft.segments[2], id="x3", title="BREAKOUT "),
                dataclasses.replace(draft.segments[3], id="x4", title="Wrap-up"),
            ),
            transitions=(
                dataclasses.replace(draft.transitions[0], id="t9", after_segment_id="x1"),
            ),
        )
        path = tmp_path / "edited.json"
        write_plan(edited, path)
        second = ws.import_plan(path, program="Module 1")
    assert second.revision == 2 and second.program_id == first.program_id
    ids = [s.id for s in second.segments]
    assert ids[:3] == [first.segments[1].id, first.segments[0].id, first.segments[2].id]
    assert ids[3] not in {s.id for s in first.segments}
    assert second.transitions[0].id == first.transitions[0].id


def test_bad_import_leaves_workspace_unchanged(ws_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text(
        '{"format": "rehearsal-plan", "version": 1, "segments": [{"id": "a", '
        '"title": "x", "planned_s": -5}]}',
        encoding="utf-8",
    )
    with Workspace.open(ws_path) as ws:
        ws.add_plan(small_draft())
        before = raw.scalar(ws, "SELECT count(*) FROM segments")
        with pytest.raises(FormatError) as err:
            ws.import_plan(bad)
        assert "broken.json" in str(err.value) and "planned_s" in str(err.value)
        assert "row 1" in str(err.value)
        after = raw.scalar(ws, "SELECT count(*) FROM segments")
        assert (before, len(ws.programs())) == (after, 1)


def test_failure_midway_through_a_write_rolls_back(ws_path: Path) -> None:
    draft = small_draft()
    # Two segments with one id: the second insert fails after the program and plan rows.
    broken = dataclasses.replace(draft, segments=(draft.segments[0], draft.segments[0]))
    with Workspace.open(ws_path) as ws:
        with pytest.raises(sqlite3.IntegrityError):
            ws.add_plan(broken)
        assert ws.programs() == []
        assert raw.scalar(ws, "SELECT count(*) FROM plans") == 0


@settings(max_examples=60, deadline=None)
@given(
    junk=st.binary(max_size=400),
    suffix=st.sampled_from([".csv", ".xlsx", ".json", ".txt"]),
)
def test_fuzzed_imports_either_store_a_whole_plan_or_change_nothing(
    tmp_path_factory: pytest.TempPathFactory, junk: bytes, suffix: str
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / f"junk{suffix}"
    path.write_bytes(junk)
    with Workspace.open(folder / "w.rehearsal") as ws:
        counts = _row_counts(ws)
        try:
            plan = ws.import_plan(path)
        except FormatError:
            assert _row_counts(ws) == counts
        else:
            assert ws.plan(plan.id) == plan
            assert _row_counts(ws)["segments"] == counts["segments"] + len(plan.segments)


def _row_counts(ws: Workspace) -> dict[str, int]:
    tables = ("programs", "plans", "sections", "segments", "transitions")
    return {t: raw.scalar(ws, f"SELECT count(*) FROM {t}") for t in tables}


def test_a_companion_sees_and_makes_changes_on_its_own_connection(tmp_path: Path) -> None:
    import threading

    from plans import small_draft

    from rehearsal.changes import Changes

    path = tmp_path / "w.rehearsal"
    with Workspace.open(path) as ws:
        heard: list[Changes] = []
        ws.changes.subscribe(heard.append)
        made: list[str] = []
        failed: list[BaseException] = []

        def in_a_thread() -> None:
            try:
                with ws.companion() as other:  # its connection is made on this thread
                    made.append(other.add_plan(small_draft("Made elsewhere")).id)
            except BaseException as exc:
                failed.append(exc)

        worker = threading.Thread(target=in_a_thread)
        worker.start()
        worker.join()
        assert not failed
        assert ws.program(ws.plan(made[0]).program_id).name == "Made elsewhere"
        assert heard == []  # the companion's own hub heard it; the runner passes it on
        with ws.companion(read_only=True) as reader:
            assert reader.plan(made[0]).id == made[0]
            with pytest.raises(sqlite3.OperationalError):  # a reader never writes
                reader.add_plan(small_draft("Refused"))
        assert ws.is_open  # closing companions left the lock and the connection alone
        with pytest.raises(RehearsalError):
            Workspace.open(path)  # still locked by this process's workspace


def test_a_program_named_by_its_file_gets_a_name_the_editor_would_accept(
    ws: Workspace,
) -> None:
    """An import names its program from the file; that name is one line of at most 200
    characters, as the plan properties hold a name typed there."""
    from plans import small_draft

    from rehearsal.plans.editor import program_name

    draft = dataclasses.replace(small_draft(), name="Module 2\n" + "long " * 100)
    plan = ws.add_plan(draft)
    name = ws.program(plan.program_id).name
    assert "\n" not in name and len(name) <= 200 and name.endswith("long…")
    assert program_name(name) == name


def test_the_scripting_api_names_what_it_offers() -> None:
    import rehearsal

    for name in rehearsal.__all__:
        assert hasattr(rehearsal, name), name
