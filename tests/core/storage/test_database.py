"""The storage handle on plain sqlite3: all-or-nothing transactions with savepoints when
nested, rows as dicts, and the connection settings durability depends on."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rehearsal.errors import NotFound
from rehearsal.storage.database import Storage, connect, connect_read_only


class Boom(Exception):
    pass


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[Storage]:
    s = connect(tmp_path / "w.rehearsal")
    s.conn.execute("CREATE TABLE t (x INTEGER PRIMARY KEY)")
    yield s
    s.close()


def xs(s: Storage) -> list[int]:
    return [r["x"] for r in s.rows("SELECT x FROM t ORDER BY x")]


def test_a_transaction_commits_at_its_end_and_not_before(storage: Storage) -> None:
    other = connect_read_only(storage.path)
    try:
        with storage.transaction():
            storage.conn.execute("INSERT INTO t VALUES (1)")
            assert xs(other) == []
        assert xs(other) == [1]
    finally:
        other.close()


def test_an_exception_rolls_the_transaction_back_and_propagates(storage: Storage) -> None:
    with pytest.raises(Boom), storage.transaction():
        storage.conn.execute("INSERT INTO t VALUES (1)")
        with storage.transaction():  # a released savepoint goes with the outer block
            storage.conn.execute("INSERT INTO t VALUES (2)")
        raise Boom
    assert xs(storage) == []
    assert not storage.conn.in_transaction


def test_a_nested_rollback_keeps_the_outer_work(storage: Storage) -> None:
    with storage.transaction():
        storage.conn.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(Boom), storage.transaction():
            storage.conn.execute("INSERT INTO t VALUES (2)")
            with storage.transaction():
                storage.conn.execute("INSERT INTO t VALUES (3)")
            raise Boom
        assert storage.conn.in_transaction
        storage.conn.execute("INSERT INTO t VALUES (4)")
    assert xs(storage) == [1, 4]
    assert not storage.conn.in_transaction


def test_a_failed_statement_inside_rolls_back_and_leaves_autocommit(storage: Storage) -> None:
    with pytest.raises(sqlite3.IntegrityError), storage.transaction():
        storage.conn.execute("INSERT INTO t VALUES (1)")
        storage.conn.execute("INSERT INTO t VALUES (1)")
    assert xs(storage) == []
    storage.conn.execute("INSERT INTO t VALUES (5)")  # autocommit again: commits on its own
    assert xs(storage) == [5]


def test_an_error_that_ends_the_transaction_is_the_one_raised(storage: Storage) -> None:
    storage.conn.execute(
        "CREATE TRIGGER stop BEFORE INSERT ON t WHEN NEW.x = 9 "
        "BEGIN SELECT RAISE(ROLLBACK, 'stopped'); END"
    )
    with pytest.raises(sqlite3.IntegrityError, match="stopped"), storage.transaction():
        storage.conn.execute("INSERT INTO t VALUES (1)")
        with storage.transaction():
            storage.conn.execute("INSERT INTO t VALUES (9)")
    assert xs(storage) == []
    assert not storage.conn.in_transaction


def test_rows_are_dicts_read_when_asked_and_one_names_what_is_missing(storage: Storage) -> None:
    storage.conn.execute("INSERT INTO t VALUES (1), (2)")
    found = storage.rows("SELECT x, x * 10 AS x10 FROM t ORDER BY x")
    storage.conn.execute("INSERT INTO t VALUES (3)")  # the statement already ran
    assert list(found)[:2] == [{"x": 1, "x10": 10}, {"x": 2, "x10": 20}]
    assert storage.one("SELECT x FROM t WHERE x = ?", (2,), "two") == {"x": 2}
    with pytest.raises(NotFound, match=r"No seven in w\.rehearsal"):
        storage.one("SELECT x FROM t WHERE x = ?", (7,), "seven")


def test_a_repeated_column_name_does_not_hide_a_value(storage: Storage) -> None:
    storage.conn.execute("INSERT INTO t VALUES (1)")
    [row] = storage.rows("SELECT x, x + 1 AS x, x + 2 AS x_2 FROM t")
    assert row == {"x": 1, "x_3": 2, "x_2": 3}


def test_the_connection_settings(storage: Storage) -> None:
    pragma = {
        name: storage.conn.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
    }
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 5000,
    }
    assert not storage.read_only


def test_the_read_only_connection_refuses_writes(storage: Storage) -> None:
    reader = connect_read_only(storage.path)
    try:
        assert reader.read_only
        with pytest.raises(sqlite3.OperationalError), reader.transaction():
            reader.conn.execute("INSERT INTO t VALUES (1)")
        assert not reader.conn.in_transaction
    finally:
        reader.close()
    assert xs(storage) == []


def test_a_write_waits_for_another_connections_write_instead_of_failing(ws_path: Path) -> None:
    """A job's write on its own connection is open when the UI thread reads then writes
    (a plan saved in Design): the UI's transaction waits at its start, then succeeds."""
    import dataclasses
    import threading

    from plans import small_draft

    from rehearsal import Workspace

    with Workspace.open(ws_path) as ws:
        plan = ws.add_plan(small_draft())
        started, release = threading.Event(), threading.Event()

        def job() -> None:
            with ws.companion() as other, other.storage.transaction():
                other.storage.conn.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
                started.set()
                release.wait(2)

        worker = threading.Thread(target=job)
        worker.start()
        started.wait(2)
        threading.Timer(0.1, release.set).start()
        try:
            ws.save_plan(dataclasses.replace(plan, notes="edited in Design"))
        finally:
            worker.join()
        assert ws.plan(plan.id).notes == "edited in Design"


def test_every_write_is_inside_a_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`Storage.transaction()` is where a failed write becomes a `StorageError` and is
    rolled back; a write outside it (autocommit) would escape both. The demo workspace and
    a pack merged into another workspace write through every path a user has."""
    from rehearsal import Workspace
    from rehearsal.demo import write_demo
    from rehearsal.exchange.packs import export_pack, import_pack
    from rehearsal.storage import opening

    outside: list[str] = []

    def connect(path: Path, *, new: bool, settled: Callable[[], None]) -> Storage:
        s = connect_traced(path, new=new, settled=settled)
        conn = s.conn

        def traced(sql: str) -> None:
            write = sql.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE")
            if write and not conn.in_transaction:
                outside.append(sql)

        conn.set_trace_callback(traced)
        return s

    connect_traced = opening.connect
    monkeypatch.setattr(opening, "connect", connect)
    demo = write_demo(tmp_path / "demo.rehearsal")
    with Workspace.open(demo) as ws:
        rehearsal_id = ws.rehearsals()[0].id
        ws.set_launch_rules(buffer_pct=15)
        ws.rename_program(ws.programs()[0].id, "Renamed")
        ws.rebuild_figures()
        pack = export_pack(ws, rehearsal_id, tmp_path / "run.rehearsalpack")
    with Workspace.open(tmp_path / "other.rehearsal") as other:
        import_pack(other, pack)
        assert other.origin
    assert outside == []
