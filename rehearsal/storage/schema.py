"""The workspace schema, versioned with PRAGMA user_version and marked as Rehearsal's with
PRAGMA application_id.

Each migration takes the schema from version N to N+1. Before migrating an existing
workspace a backup copy is written beside it; a workspace from a newer version of the app
is refused rather than guessed at.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import tempfile
from pathlib import Path

from rehearsal.errors import NotAWorkspace, SchemaTooNew, StorageError
from rehearsal.files import reason

# In every workspace's header (PRAGMA application_id): "Rhrs". Workspaces written before
# it was set have 0 there, and are told by their tables (`rehearsal.storage.recognise`).
APPLICATION_ID = int.from_bytes(b"Rhrs", "big")

MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: the first schema.
    """
    CREATE TABLE programs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE plans (
        id TEXT PRIMARY KEY,
        program_id TEXT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
        revision INTEGER NOT NULL,
        created TEXT NOT NULL,
        slot_s INTEGER,
        start_s INTEGER,
        notes TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        based_on TEXT REFERENCES plans(id) ON DELETE SET NULL,
        UNIQUE (program_id, revision)
    );
    CREATE TABLE sections (
        plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        PRIMARY KEY (plan_id, id)
    );
    CREATE TABLE segments (
        plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        planned_s INTEGER NOT NULL CHECK (planned_s >= 0),
        section_id TEXT,
        interaction TEXT NOT NULL,
        lead TEXT NOT NULL,
        intent TEXT NOT NULL DEFAULT '',
        non_negotiable INTEGER NOT NULL DEFAULT 0,
        flex_min_s INTEGER,
        flex_max_s INTEGER,
        facilitator_notes TEXT NOT NULL DEFAULT '',
        producer_cues TEXT NOT NULL DEFAULT '',
        materials TEXT NOT NULL DEFAULT '',
        contingency TEXT NOT NULL DEFAULT '',
        cue TEXT NOT NULL DEFAULT '',
        marker INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        custom TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (plan_id, id),
        FOREIGN KEY (plan_id, section_id) REFERENCES sections(plan_id, id)
    );
    CREATE TABLE transitions (
        plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        after_segment_id TEXT NOT NULL,
        allowance_s INTEGER NOT NULL DEFAULT 0 CHECK (allowance_s >= 0),
        cue TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (plan_id, id),
        FOREIGN KEY (plan_id, after_segment_id) REFERENCES segments(plan_id, id)
    );
    CREATE TABLE rehearsals (
        id TEXT PRIMARY KEY,
        plan_id TEXT NOT NULL REFERENCES plans(id),
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        created TEXT NOT NULL,
        lead TEXT NOT NULL DEFAULT '',
        facilitators TEXT NOT NULL DEFAULT '[]',
        producer TEXT NOT NULL DEFAULT '',
        cohort TEXT NOT NULL DEFAULT '',
        region TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        rehearsal_id TEXT NOT NULL REFERENCES rehearsals(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        at_ns INTEGER NOT NULL,
        wall TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT '{}',
        UNIQUE (rehearsal_id, seq)
    );
    CREATE TABLE flags (
        id TEXT PRIMARY KEY,
        rehearsal_id TEXT NOT NULL REFERENCES rehearsals(id) ON DELETE CASCADE,
        category TEXT NOT NULL,
        at_ns INTEGER NOT NULL,
        segment_id TEXT,
        transition_id TEXT,
        severity TEXT NOT NULL,
        seconds_lost INTEGER,
        note TEXT NOT NULL DEFAULT '',
        raised_by TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'open',
        fixed_in_revision INTEGER
    );
    CREATE TABLE annotations (
        id TEXT PRIMARY KEY,
        rehearsal_id TEXT NOT NULL REFERENCES rehearsals(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        at_ns INTEGER,
        segment_id TEXT,
        transition_id TEXT,
        created TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE debriefs (
        rehearsal_id TEXT PRIMARY KEY REFERENCES rehearsals(id) ON DELETE CASCADE,
        answers TEXT NOT NULL DEFAULT '[]',
        answered_by TEXT NOT NULL DEFAULT '',
        updated TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX plans_program ON plans(program_id, revision);
    CREATE INDEX rehearsals_plan ON rehearsals(plan_id);
    CREATE INDEX flags_rehearsal ON flags(rehearsal_id);
    CREATE INDEX annotations_rehearsal ON annotations(rehearsal_id);
    """,
    # 1 -> 2: review. Flags, annotations and action items keep the values they were made
    # with; every later change is an edit in `edits` (never updated, never deleted), so two
    # workspaces merge by taking the union of both and agree on the result.
    """
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE action_items (
        id TEXT PRIMARY KEY,
        rehearsal_id TEXT NOT NULL REFERENCES rehearsals(id) ON DELETE CASCADE,
        source_kind TEXT NOT NULL,
        source_id TEXT NOT NULL,
        title TEXT NOT NULL,
        segment_id TEXT,
        transition_id TEXT,
        owner_role TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE edits (
        id TEXT PRIMARY KEY,
        rehearsal_id TEXT NOT NULL REFERENCES rehearsals(id) ON DELETE CASCADE,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        edited_at TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        origin TEXT NOT NULL DEFAULT '',
        replaces TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX edits_rehearsal ON edits(rehearsal_id, entity, entity_id, field);
    CREATE INDEX action_items_rehearsal ON action_items(rehearsal_id);
    INSERT INTO edits (id, rehearsal_id, entity, entity_id, field, value, edited_at, author)
        SELECT lower(hex(randomblob(16))), d.rehearsal_id, 'debrief', d.rehearsal_id,
               json_extract(a.value, '$[0]'), json_quote(json_extract(a.value, '$[1]')),
               CASE d.updated WHEN '' THEN '1970-01-01T00:00:00+00:00' ELSE d.updated END,
               d.answered_by
        FROM debriefs AS d, json_each(d.answers) AS a;
    DROP TABLE debriefs;
    """,
    # 2 -> 3: step figures, what each finished rehearsal came to step by step, stored when
    # it finishes so that the analysis reads them instead of replaying events: one row per
    # rehearsal, each figure an array with one value per step of its plan (in the order
    # the plan runs; a plan a rehearsal used never changes), little-endian. Derived from
    # the events and the plan, so never exchanged: any new event of a rehearsal deletes its
    # figures (the trigger), and the workspace derives them again (`Workspace.open`
    # derives those missing, a workspace from before this version included).
    """
    CREATE TABLE step_figures (
        rehearsal_id TEXT PRIMARY KEY REFERENCES rehearsals(id) ON DELETE CASCADE,
        started_wall TEXT NOT NULL,
        steps INTEGER NOT NULL,
        planned_s BLOB NOT NULL,
        actual_s BLOB NOT NULL,
        pause_s BLOB NOT NULL,
        attempts BLOB NOT NULL
    );
    CREATE TRIGGER events_outdate_figures AFTER INSERT ON events
    BEGIN
        DELETE FROM step_figures WHERE rehearsal_id = NEW.rehearsal_id;
    END;
    """,
    # 3 -> 4: a plan's planned start has a time zone; a rehearsal's figures have the
    # schedule offset after each step and the run's totals (`RunTotals`, JSON). Figures
    # stored before are derived again at open.
    """
    ALTER TABLE plans ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
    ALTER TABLE step_figures ADD COLUMN offset_s BLOB NOT NULL DEFAULT x'';
    ALTER TABLE step_figures ADD COLUMN totals TEXT NOT NULL DEFAULT '';
    DELETE FROM step_figures;
    """,
    # 4 -> 5: the revision number a plan got where it was made, which never changes: a
    # revision's number in a program is derived from these (`storage.plans.renumber`), so
    # that workspaces that exchange packs agree on the numbering whatever order the packs
    # arrive in. A pack's `revision` is this number.
    """
    ALTER TABLE plans ADD COLUMN authored_revision INTEGER NOT NULL DEFAULT 0;
    UPDATE plans SET authored_revision = revision;
    """,
    # 5 -> 6: a segment's lead person (a name or a label such as "fx1"), beside its lead
    # role; before, a name in a sheet's lead column was kept as a custom column "Lead".
    """
    ALTER TABLE segments ADD COLUMN lead_person TEXT NOT NULL DEFAULT '';
    """,
    # 6 -> 7: evidence, what the meeting platform recorded about a run
    # (`rehearsal.evidence_model`): a row per file imported for a rehearsal, its id derived
    # from the rehearsal and the SHA-256 of the file's bytes (so a file imported twice, here
    # or elsewhere, is one row), with the offset proposed at the import; and its items, in
    # the file's own time base, each id derived from the file's and the item's position
    # (an item's rehearsal is its file's).
    # Later adjustments (the offset, a speaker's role, removing a file) are review edits.
    """
    CREATE TABLE evidence_files (
        id TEXT PRIMARY KEY,
        rehearsal_id TEXT NOT NULL REFERENCES rehearsals(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        platform TEXT NOT NULL,
        time_base TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        items INTEGER NOT NULL CHECK (items >= 0),
        name TEXT NOT NULL DEFAULT '',
        imported TEXT NOT NULL,
        proposed_offset_ms INTEGER NOT NULL,
        proposal TEXT NOT NULL,
        UNIQUE (rehearsal_id, sha256)
    );
    CREATE TABLE evidence_items (
        id TEXT PRIMARY KEY,
        rehearsal_id TEXT NOT NULL REFERENCES rehearsals(id) ON DELETE CASCADE,
        file_id TEXT NOT NULL REFERENCES evidence_files(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL CHECK (end_ms >= start_ms),
        person TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '',
        UNIQUE (file_id, position)
    );
    CREATE INDEX evidence_items_rehearsal ON evidence_items(rehearsal_id);
    """,
    # 7 -> 8: sign-off and launch dates (`rehearsal.signoff_model`), both only ever appended
    # to: a person in a role received or accepted a plan revision (or withdrew such a
    # record); a revision's launch date was set (or cleared: ''). Exchanged in packs.
    """
    CREATE TABLE signoffs (
        id TEXT PRIMARY KEY,
        plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        person TEXT NOT NULL,
        kind TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        withdraws TEXT,
        recorded_at TEXT NOT NULL,
        origin TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX signoffs_plan ON signoffs(plan_id);
    CREATE TABLE launch_dates (
        id TEXT PRIMARY KEY,
        plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        launch_on TEXT NOT NULL DEFAULT '',
        set_at TEXT NOT NULL,
        origin TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX launch_dates_plan ON launch_dates(plan_id);
    """,
    # 8 -> 9: session risks computed (`analysis.risk.simulate`), kept by a key derived from
    # everything the simulation reads (`analysis.risk.risk_key`), so the portfolio need not
    # simulate every program again at every look. A cache: never exchanged, any row may go.
    """
    CREATE TABLE risk_cache (
        key TEXT PRIMARY KEY,
        p_overrun REAL,
        against TEXT NOT NULL,
        computed TEXT NOT NULL
    );
    """,
    # 9 -> 10: seats, a second person's record of a run made offline in their own workspace
    # (`rehearsal.reviewing.seats`): the seat, and its marks dated by that computer's wall
    # clock. A seat names its plan revision without a reference: it may arrive from a pack
    # before the revision does. What landed on a rehearsal is a flag or an annotation of
    # that rehearsal with the mark's id; `seat_links` holds the seats attached by hand.
    """
    CREATE TABLE seats (
        id TEXT PRIMARY KEY,
        plan_id TEXT NOT NULL,
        plan_label TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL,
        person TEXT NOT NULL DEFAULT '',
        started TEXT NOT NULL,
        finished TEXT,
        origin TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE seat_marks (
        id TEXT PRIMARY KEY,
        seat_id TEXT NOT NULL REFERENCES seats(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        wall_ms INTEGER NOT NULL,
        step INTEGER,
        category TEXT NOT NULL DEFAULT '',
        severity TEXT NOT NULL DEFAULT 'medium',
        text TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX seat_marks_seat ON seat_marks(seat_id);
    CREATE TABLE seat_links (
        seat_id TEXT PRIMARY KEY REFERENCES seats(id) ON DELETE CASCADE,
        rehearsal_id TEXT NOT NULL REFERENCES rehearsals(id) ON DELETE CASCADE
    );
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def too_new(path: Path | None, found: int) -> str:
    return (
        f"{path or 'this workspace'} was written by a newer version of Rehearsal "
        f"(workspace schema {found}, this app understands up to {SCHEMA_VERSION}). "
        "Update Rehearsal to open it; the file was not changed."
    )


@functools.cache
def tables_at(version: int) -> frozenset[str]:
    """The tables of a workspace at schema `version`."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for script in MIGRATIONS[:version]:
            for statement in _statements(script):
                conn.execute(statement)
        found = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    finally:
        conn.close()
    return frozenset(str(name) for (name,) in found)


def migrate(conn: sqlite3.Connection, path: Path | None) -> int:
    """Bring the schema to SCHEMA_VERSION and mark the file as Rehearsal's; returns the
    version it found. Before it changes an existing workspace it writes a backup beside it
    (`backup`).

    `conn` must be in autocommit mode (no open transaction).
    """
    found = schema_version(conn)
    if found > SCHEMA_VERSION:
        raise SchemaTooNew(too_new(path, found))
    if found < SCHEMA_VERSION:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()
        if found == 0 and tables[0]:
            raise NotAWorkspace(
                f"{path} is an SQLite file but not a Rehearsal workspace; it was not changed."
            )
        if found > 0 and path is not None:
            backup(conn, path, found)
    for version in range(found, SCHEMA_VERSION):
        # executescript() would commit on its own; run the statements in one transaction.
        conn.execute("BEGIN")
        try:
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    return found


def backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the workspace on `conn` to `NAME.schemaN.bak` beside `path`, whole or not at
    all: written to a temporary file, flushed, then renamed over whatever file had that
    name (a stale or broken backup). When something other than a file has the name (a
    folder), the next free `NAME.schemaN.K.bak` is used. `StorageError` when no copy can
    be written (a full disk): then the workspace is not migrated either."""
    folder = path.parent
    target = folder / f"{path.name}.schema{version}.bak"
    number = 2
    while target.exists() and not target.is_file():
        target, number = folder / f"{path.name}.schema{version}.{number}.bak", number + 1
    temp: Path | None = None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        os.close(handle)
        temp = Path(name)
        copy = sqlite3.connect(temp, isolation_level=None)
        try:
            conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one file, nothing beside it
        finally:
            copy.close()
        with open(temp, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temp, target)
    except (OSError, sqlite3.Error) as exc:
        if temp is not None:
            for suffix in ("", "-journal", "-wal", "-shm"):
                temp.with_name(temp.name + suffix).unlink(missing_ok=True)
        why = reason(target, exc) if isinstance(exc, OSError) else str(exc)
        raise StorageError(
            f"{path} is from an older version of Rehearsal, and the copy kept before updating "
            f"it could not be written to {target} ({why}); the workspace was not changed."
        ) from None
    return target


def _statements(script: str) -> list[str]:
    parts: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            parts.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        parts.append(buffer.strip())
    return parts
