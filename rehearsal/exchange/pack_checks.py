"""Checking a pack before anything of it is merged. A pack is untrusted input: every row
is held to its columns (`pack_schema`), then the rows to each other and to the workspace —
each id unique and of its own rehearsal, every reference resolved inside the pack or the
workspace, marks numbered 0, 1, 2, … in time order with the data their kind records, edits
of fields that can be edited, with values those fields take — and finally every row must
read back as what it stands for. A pack that passes leaves every view, report and command
working; one that does not is refused with the first reason found, and nothing changes.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from rehearsal.errors import PackError
from rehearsal.evidence_model import (
    EvidenceKind,
    ItemKind,
    TimeBase,
    evidence_file_id,
    evidence_item_id,
    speaker_id,
)
from rehearsal.exchange.pack_format import TABLES, Pack
from rehearsal.exchange.pack_schema import ADDED, COLUMNS, uuid_id
from rehearsal.formats.evidence_limits import moment_problem
from rehearsal.formats.plan_limits import plan_problems
from rehearsal.limits import (
    MAX_DURATION_S,
    MAX_EVIDENCE_FILES,
    MAX_NAME_CHARS,
    MAX_OFFSET_MS,
    MAX_REVISION,
    MAX_RUN_NS,
    MAX_SECONDS_LOST,
    MAX_TEXT_CHARS,
    is_text,
    is_uuid,
)
from rehearsal.model import (
    ActionSource,
    EventKind,
    PauseReason,
    Plan,
    RehearsalStatus,
)
from rehearsal.rehearsing.speakers import name_key
from rehearsal.rehearsing.timing import handoff_id, live_steps
from rehearsal.reviewing.fields import FIELDS, QUESTIONS
from rehearsal.signoff_model import SignoffKind
from rehearsal.storage import evidence as stored_evidence
from rehearsal.storage import packs as stored_packs
from rehearsal.storage import plans as stored_plans
from rehearsal.storage import rows
from rehearsal.storage import signoffs as stored_signoffs
from rehearsal.storage.database import Storage

Rows = list[dict[str, Any]]
FINISHED = (RehearsalStatus.FINISHED.value, RehearsalStatus.ABANDONED.value)
MAX_GAP_S = 366 * 24 * 3600  # a computer asleep, or the app closed mid-run, for a year at most
# What each kind of mark records (`Run`), beyond its kind and moment: required, optional.
EVENT_DATA: dict[EventKind, tuple[frozenset[str], frozenset[str]]] = {
    EventKind.NEXT: (frozenset({"step"}), frozenset()),
    EventKind.SKIP: (frozenset({"step"}), frozenset()),
    EventKind.RETRY: (frozenset({"step"}), frozenset()),
    EventKind.PAUSE: (frozenset({"reason"}), frozenset()),
    EventKind.RESUME: (frozenset(), frozenset()),
    EventKind.UNDO: (frozenset(), frozenset({"target_seq"})),
    EventKind.FLAG: (
        frozenset({"flag_id", "category"}),
        frozenset({"segment_id", "transition_id", "seat"}),
    ),
    EventKind.NOTE: (
        frozenset({"text"}),
        frozenset({"author", "segment_id", "transition_id", "seat"}),
    ),
    EventKind.GAP: (frozenset({"gap_s"}), frozenset()),
    EventKind.INTERRUPTED: (frozenset({"gap_s"}), frozenset()),
    EventKind.ADJUST: (frozenset({"step", "target_s"}), frozenset({"reason"})),
    EventKind.FINISH: (frozenset(), frozenset()),
    EventKind.ABANDON: (frozenset(), frozenset()),
}
# Marks that may follow the end of a run: flags and notes (older versions took them).
AFTER_THE_END = frozenset({EventKind.FLAG, EventKind.NOTE, EventKind.GAP})


def check_pack(storage: Storage, pack: Pack, name: str) -> None:
    """Raise `PackError` for the first thing in `pack` this workspace must not take."""
    for table in TABLES:
        _check_columns(pack.content[table], table, name)
    refused = _Checks(storage, pack, name)
    refused.identity()
    refused.plans()
    refused.rehearsal()
    refused.events()
    refused.evidence()
    refused.review()
    refused.plan_records()
    refused.against_workspace()
    _check_readable(pack.content, name)


def _check_columns(rows_: Rows, table: str, name: str) -> None:
    """Every row of `table` has exactly its columns, each value of its kind."""
    columns = COLUMNS[table]
    added = ADDED.get(table, {})
    for index, row in enumerate(rows_):
        where = f"{table}[{index}]"
        for column, value in added.items():
            row.setdefault(column, value)  # a pack from before the column
        if set(row) != set(columns):
            missing = sorted(set(columns) - set(row))
            extra = sorted(set(row) - set(columns))
            raise PackError(
                f"{where} does not match this app's columns"
                + (f"; missing {missing}" if missing else "")
                + (f"; unknown {_shown(extra)}" if extra else ""),
                file=name,
            )
        for column, check in columns.items():
            expected = check(row[column])
            if expected is not None:
                raise PackError(
                    f"{where}.{column} is {_shown(row[column])}", file=name, expected=expected
                )


class _Checks:
    """What the rows of one pack say about each other and about the workspace."""

    def __init__(self, storage: Storage, pack: Pack, name: str) -> None:
        self.storage = storage
        self.pack = pack
        self.name = name
        self.content = pack.content
        self.rid = pack.rehearsal_id
        self.plan: Plan | None = None  # the rehearsal's own plan, once read
        # its segments' ids and its hand-offs' (stored or implied), once read
        self.places: tuple[frozenset[str], frozenset[str]] | None = None

    def refuse(self, reason: str, expected: str = "") -> PackError:
        return PackError(reason, file=self.name, expected=expected)

    # -- ids ---------------------------------------------------------------------------------
    def identity(self) -> None:
        if uuid_id(self.rid) is not None:
            raise self.refuse(f"the pack names the rehearsal {_shown(self.rid)}", "a UUID")
        for table in TABLES:
            keys = Counter(_key(table, row) for row in self.content[table])
            twice = [k for k, n in keys.items() if n > 1]
            if twice:
                raise self.refuse(f"{table} holds the id {_shown(twice[0][-1])} twice")
            if table in stored_packs.REHEARSAL_TABLES[1:]:
                for index, row in enumerate(self.content[table]):
                    if row["rehearsal_id"] != self.rid:
                        raise self.refuse(f"{table}[{index}] belongs to another rehearsal")
        if [r["id"] for r in self.content["rehearsals"]] != [self.rid]:
            raise self.refuse("the pack must hold exactly its own rehearsal")

    # -- plans -------------------------------------------------------------------------------
    def plans(self) -> None:
        content = self.content
        programs = {p["id"] for p in content["programs"]}
        plan_ids = {p["id"] for p in content["plans"]}
        for index, plan in enumerate(content["plans"]):
            if plan["program_id"] not in programs:
                raise self.refuse(f"plans[{index}] names a program the pack does not hold")
            here = stored_packs.plan_program(self.storage, plan["id"])
            if here is not None and here != plan["program_id"]:
                raise self.refuse(f"plan {plan['id']} belongs to another program here")
        for table in ("sections", "segments", "transitions"):
            for index, row in enumerate(content[table]):
                if row["plan_id"] not in plan_ids:
                    raise self.refuse(f"{table}[{index}] names a plan the pack does not hold")
        for plan in content["plans"]:
            pid = plan["id"]
            sections = {r["id"] for r in content["sections"] if r["plan_id"] == pid}
            segments = [r for r in content["segments"] if r["plan_id"] == pid]
            segment_ids = {r["id"] for r in segments}
            for row in segments:
                if row["section_id"] is not None and row["section_id"] not in sections:
                    raise self.refuse(f"segment {row['id']} names a section its plan lacks")
                low, high = row["flex_min_s"], row["flex_max_s"]
                if low is not None and high is not None and low > high:
                    raise self.refuse(
                        f"segment {row['id']} may flex from {low} s to {high} s",
                        "a flexible minimum no greater than its maximum",
                    )
            after = Counter(
                r["after_segment_id"] for r in content["transitions"] if r["plan_id"] == pid
            )
            for segment_id, n in after.items():
                if segment_id not in segment_ids:
                    raise self.refuse(f"a hand-off of plan {pid} follows a segment it lacks")
                if n > 1:
                    raise self.refuse(f"plan {pid} has {n} hand-offs after one segment")
            if stored_packs.plan_program(self.storage, pid) is None:  # new here: the door
                self._within_bounds(_read_plan(content, plan, self.name))

    def _within_bounds(self, plan: Plan) -> None:
        """A plan new to this workspace is one every other door would let in: the plan
        readers and the editor hold plans to the same bounds (`formats.plan_limits`), so
        it can be shown, exported in every format and read back. (Text as an older version
        kept it — a line break "\r\n", space around it — is taken as it is.)"""
        for problem in plan_problems(plan):
            if not problem.problem.startswith("untidy text"):
                raise self.refuse(
                    f"plan {plan.id} is out of bounds: {problem.message()}", problem.expected
                )

    def _own_plan(self) -> Plan:
        """The plan the rehearsal ran, as this workspace will hold it: the revision here when
        it has one of that id (a revision here is kept as it is), else the pack's."""
        if self.plan is None:
            plan_id = self.content["rehearsals"][0]["plan_id"]
            found = [p for p in self.content["plans"] if p["id"] == plan_id]
            if not found:
                raise self.refuse("the pack lacks the plan its rehearsal ran")
            if stored_packs.plan_program(self.storage, plan_id) is not None:
                self.plan = stored_plans.plan(self.storage, plan_id)
            else:
                self.plan = _read_plan(self.content, found[0], self.name)
        return self.plan

    # -- the rehearsal and its marks ---------------------------------------------------------
    def rehearsal(self) -> None:
        status = self.content["rehearsals"][0]["status"]
        if self.pack.scope == "rehearsal" and status not in FINISHED:
            raise self.refuse(
                f"its rehearsal is {status}: only a finished rehearsal is handed on",
                "finished or abandoned",
            )
        self._own_plan()

    def events(self) -> None:
        events = sorted(self.content["events"], key=lambda e: e["seq"])
        if self.pack.scope == "annotations":
            if events:
                raise self.refuse("an annotations pack holds marks")
            return
        steps = len(live_steps(self._own_plan()))
        flags = {f["id"] for f in self.content["flags"]}
        last_ns = 0
        ended: str | None = None
        for index, event in enumerate(events):
            where = f"mark {event['seq']}"
            if event["seq"] != index:
                raise self.refuse(
                    f"the marks are numbered {', '.join(str(e['seq']) for e in events[:5])}…",
                    "marks numbered 0, 1, 2, … without a gap",
                )
            if event["at_ns"] < last_ns:
                raise self.refuse(f"{where} is earlier than the mark before it")
            last_ns = event["at_ns"]
            kind = EventKind(event["kind"])
            if ended is not None and kind not in AFTER_THE_END:
                raise self.refuse(f"{where} ({kind.value}) comes after the run {ended}")
            if kind in (EventKind.FINISH, EventKind.ABANDON):
                ended = "finished" if kind is EventKind.FINISH else "was abandoned"
            self._event_data(where, kind, json.loads(event["data"]), index, steps, flags)
        status = self.content["rehearsals"][0]["status"]
        wanted = {RehearsalStatus.FINISHED.value: EventKind.FINISH}.get(
            status, EventKind.ABANDON if status == RehearsalStatus.ABANDONED.value else None
        )
        if wanted is not None and not any(e["kind"] == wanted.value for e in events):
            raise self.refuse(f"its rehearsal is {status} but no mark says so")

    def _event_data(
        self,
        where: str,
        kind: EventKind,
        data: dict[str, str],
        seq: int,
        steps: int,
        flags: set[str],
    ) -> None:
        required, optional = EVENT_DATA[kind]
        keys = set(data)
        if not required <= keys or not keys <= required | optional:
            wanted = sorted(required) + [f"{k} (optional)" for k in sorted(optional)]
            raise self.refuse(
                f"{where} ({kind.value}) records {_shown(sorted(keys))}",
                ", ".join(wanted) if wanted else "nothing more",
            )
        if "step" in data and not _whole_text(data["step"], 0, max(steps - 1, 0)):
            raise self.refuse(f"{where} names step {_shown(data['step'])}", f"0 to {steps - 1}")
        if "target_seq" in data and not _whole_text(data["target_seq"], 0, seq - 1):
            raise self.refuse(
                f"{where} undoes mark {_shown(data['target_seq'])}", "an earlier mark"
            )
        if kind is EventKind.PAUSE and data["reason"] not in {r.value for r in PauseReason}:
            raise self.refuse(
                f"{where} pauses for {_shown(data['reason'])}",
                ", ".join(r.value for r in PauseReason),
            )
        if "gap_s" in data and not _seconds_text(data["gap_s"], MAX_GAP_S):
            raise self.refuse(
                f"{where} records a gap of {_shown(data['gap_s'])}",
                f"seconds from 0 to {MAX_GAP_S}",
            )
        if "target_s" in data and not _whole_text(data["target_s"], 0, MAX_DURATION_S):
            raise self.refuse(
                f"{where} sets a target of {_shown(data['target_s'])}",
                f"whole seconds from 0 to {MAX_DURATION_S}",
            )
        if (
            "reason" in data
            and kind is EventKind.ADJUST
            and not is_text(data["reason"], MAX_NAME_CHARS)
        ):
            raise self.refuse(
                f"{where} gives a reason of {len(data['reason'])} characters",
                f"text of at most {MAX_NAME_CHARS} characters",
            )
        if "flag_id" in data and data["flag_id"] not in flags:
            raise self.refuse(f"{where} raises a flag the pack does not hold")
        if kind is EventKind.FLAG and not data["category"].strip():
            raise self.refuse(f"{where} raises a flag with no category")
        self._target(where, data.get("segment_id"), data.get("transition_id"))

    def _target(self, where: str, segment_id: Any, transition_id: Any) -> None:
        """A segment of the rehearsal's plan, or a hand-off of it (stored or implied)."""
        if self.places is None:
            plan = self._own_plan()
            segments = frozenset(s.id for s in plan.segments)
            handoffs = frozenset({t.id for t in plan.transitions} | set(map(handoff_id, segments)))
            self.places = (segments, handoffs)
        segments, handoffs = self.places
        if segment_id is not None and segment_id not in segments:
            raise self.refuse(f"{where} is on a segment its plan lacks ({_shown(segment_id)})")
        if transition_id is not None and transition_id not in handoffs:
            raise self.refuse(f"{where} is on a hand-off its plan lacks ({_shown(transition_id)})")

    # -- evidence ----------------------------------------------------------------------------
    def evidence(self) -> None:
        """Files of evidence with the ids their content gives, each new file with every item
        of it, each item of a file in the pack or here, at its place, of its file's kind,
        with times its file's time base holds."""
        files = self.content["evidence_files"]
        here = stored_evidence.file_rows(self.storage, self.rid)
        for index, row in enumerate(files):
            if row["id"] != evidence_file_id(self.rid, row["sha256"]):
                raise self.refuse(
                    f"evidence_files[{index}] has the id {_shown(row['id'])}",
                    "the id its rehearsal and SHA-256 give",
                )
        known = {**here, **{r["id"]: r for r in files}}
        if len(known) > MAX_EVIDENCE_FILES:
            raise self.refuse(
                f"the rehearsal would hold {len(known)} files of evidence",
                f"at most {MAX_EVIDENCE_FILES}",
            )
        held: Counter[str] = Counter()
        for index, row in enumerate(self.content["evidence_items"]):
            where = f"evidence_items[{index}]"
            of = known.get(row["file_id"])
            if of is None:
                raise self.refuse(f"{where} belongs to a file the pack and this workspace lack")
            if row["position"] >= of["items"]:
                raise self.refuse(
                    f"{where} is at place {row['position']} of a file of {of['items']} items"
                )
            if row["id"] != evidence_item_id(row["file_id"], row["position"]):
                raise self.refuse(
                    f"{where} has the id {_shown(row['id'])}", "the id its file and place give"
                )
            problem = moment_problem(
                EvidenceKind(of["kind"]),
                TimeBase(of["time_base"]),
                ItemKind(row["kind"]),
                row["start_ms"],
                row["end_ms"],
            )
            if problem is not None:
                field, expected = problem
                raise self.refuse(f"{where}.{field} is {_shown(row[field])}", expected)
            held[row["file_id"]] += 1
        for row in files:
            if row["id"] not in here and held[row["id"]] != row["items"]:
                raise self.refuse(
                    f"the file of evidence {row['id']} has {row['items']} items, the pack "
                    f"{held[row['id']]} of them",
                    "every item of a file it brings",
                )

    def _evidence_ids(self) -> tuple[set[str], set[str]]:
        """The ids of the rehearsal's files of evidence and of its speakers, in the pack or
        here: what an edit of them may name."""
        files = {r["id"] for r in self.content["evidence_files"]}
        files |= set(stored_evidence.file_rows(self.storage, self.rid))
        names = {r["person"] for r in self.content["evidence_items"]}
        names |= stored_evidence.persons(self.storage, self.rid)
        return files, {speaker_id(self.rid, name_key(n)) for n in names}

    # -- review notes ------------------------------------------------------------------------
    def review(self) -> None:
        content = self.content
        for table in ("flags", "annotations", "action_items"):
            for row in content[table]:
                self._target(f"{table} {row['id']}", row["segment_id"], row["transition_id"])
        here = stored_packs.review_ids(self.storage, self.rid)
        known = {
            "flag": {r["id"] for r in content["flags"]} | here["flags"],
            "annotation": {r["id"] for r in content["annotations"]} | here["annotations"],
            "action": {r["id"] for r in content["action_items"]} | here["action_items"],
            "debrief": {self.rid},
        }
        known["evidence"], known["speaker"] = self._evidence_ids()
        for row in content["action_items"]:
            source = row["source_id"]
            if row["source_kind"] == ActionSource.FLAG.value and source not in known["flag"]:
                raise self.refuse(f"action item {row['id']} comes from a flag the pack lacks")
            if row["source_kind"] == ActionSource.DEBRIEF.value and source not in QUESTIONS:
                raise self.refuse(
                    f"action item {row['id']} comes from the debrief question {_shown(source)}",
                    ", ".join(sorted(QUESTIONS)),
                )
        edit_ids = {r["id"] for r in content["edits"]} | here["edits"]
        for index, row in enumerate(content["edits"]):
            self._edit(index, row, known, edit_ids)

    def _edit(
        self, index: int, row: dict[str, Any], known: dict[str, set[str]], edit_ids: set[str]
    ) -> None:
        where = f"edits[{index}]"
        entity, field = row["entity"], row["field"]
        fields = FIELDS.get(entity, {})
        if field not in fields:
            raise self.refuse(
                f"{where} changes {_shown(entity)}.{_shown(field)}, which cannot be edited"
            )
        if row["entity_id"] not in known[entity]:
            raise self.refuse(f"{where} changes a {entity} the pack and this workspace lack")
        value = json.loads(row["value"])
        try:
            ok = fields[field](value) == value and type(fields[field](value)) is type(value)
        except Exception:  # any way a forged value can fail its field's check
            ok = False
        ok = ok and _value_in_bounds(field, value)
        if not ok:
            raise self.refuse(f"{where} gives {entity}.{field} the value {_shown(value)}")
        if field == "fixed_in_plan" and value is not None and not self._plan_known(value):
            raise self.refuse(f"{where} names a plan revision the pack and this workspace lack")
        if field in ("segment_id", "transition_id"):
            args = (value, None) if field == "segment_id" else (None, value)
            self._target(where, *args)
        if any(old not in edit_ids for old in json.loads(row["replaces"])):
            raise self.refuse(f"{where} replaces an edit the pack and this workspace lack")

    def _plan_known(self, plan_id: str) -> bool:
        in_pack = any(p["id"] == plan_id for p in self.content["plans"])
        return in_pack or stored_packs.plan_program(self.storage, plan_id) is not None

    # -- sign-off and launch dates ---------------------------------------------------------------
    def plan_records(self) -> None:
        """Each names a revision the pack or this workspace holds; a withdrawal takes back a
        received/accepted record of the same revision and person (in the pack or here)."""
        content = self.content
        for table in stored_packs.PLAN_RECORD_TABLES:
            for index, row in enumerate(content[table]):
                if not self._plan_known(row["plan_id"]):
                    raise self.refuse(
                        f"{table}[{index}] names a plan revision the pack and this workspace lack"
                    )
        ids = [r["withdraws"] for r in content["signoffs"] if r["withdraws"] is not None]
        here = stored_packs.rows_by_id(self.storage, "signoffs", ids)
        there = {r["id"]: r for r in content["signoffs"]} | here
        for index, row in enumerate(content["signoffs"]):
            where = f"signoffs[{index}]"
            withdrawn = row["kind"] == SignoffKind.WITHDRAWN.value
            if withdrawn != (row["withdraws"] is not None):
                raise self.refuse(
                    f"{where} is {_shown(row['kind'])} with withdraws {_shown(row['withdraws'])}",
                    "withdraws set on a withdrawn record only",
                )
            if not withdrawn:
                continue
            target = there.get(row["withdraws"])
            if target is None:
                raise self.refuse(f"{where} withdraws a record the pack and this workspace lack")
            same = (target["plan_id"], target["role"], target["person"]) == (
                row["plan_id"],
                row["role"],
                row["person"],
            )
            if not same or target["kind"] == SignoffKind.WITHDRAWN.value:
                raise self.refuse(
                    f"{where} withdraws a record of another revision, role or person, "
                    "or a withdrawal"
                )

    # -- against what the workspace holds ------------------------------------------------------
    def against_workspace(self) -> None:
        """An id already here must stand for the same thing: a different rehearsal's mark,
        flag or note under the same id, or a changed copy, is refused, never dropped."""
        s = self.storage
        for table in stored_packs.REHEARSAL_TABLES:
            # a rehearsal's status advances; a file imported twice keeps its first import's
            ignored = {"rehearsals": ("status",), "evidence_files": stored_evidence.AS_IMPORTED}
            ignored_here = ignored.get(table, ())
            stored = stored_packs.rows_by_id(s, table, [r["id"] for r in self.content[table]])
            for row in self.content[table]:
                there = stored.get(row["id"])
                if there is None:
                    continue
                if table != "rehearsals" and there["rehearsal_id"] != self.rid:
                    raise self.refuse(
                        f"{_NOUNS[table]} {row['id']} belongs to another rehearsal here"
                    )
                differs = sorted(
                    c for c in row if c not in ignored_here and _stored(row[c]) != there.get(c)
                )
                if differs:
                    raise self.refuse(
                        f"{_NOUNS[table]} {row['id']} differs from the one here "
                        f"({', '.join(differs)}); the two copies cannot be merged"
                    )
        for table in stored_packs.PLAN_RECORD_TABLES:
            stored = stored_packs.rows_by_id(s, table, [r["id"] for r in self.content[table]])
            for row in self.content[table]:
                there = stored.get(row["id"])
                if there is not None and any(_stored(row[c]) != there.get(c) for c in row):
                    raise self.refuse(
                        f"{_NOUNS[table]} {row['id']} differs from the one here; the two "
                        "copies cannot be merged"
                    )
        clash = stored_packs.mark_clash(s, self.rid, self.content["events"])
        if clash is not None:
            raise self.refuse(
                f"mark {clash} of this rehearsal differs from the one in this workspace; "
                "the two copies were recorded separately and cannot be merged"
            )


_NOUNS = {
    "rehearsals": "rehearsal",
    "events": "mark",
    "flags": "flag",
    "annotations": "note",
    "action_items": "action item",
    "evidence_files": "file of evidence",
    "evidence_items": "item of evidence",
    "edits": "edit",
    "signoffs": "sign-off",
    "launch_dates": "launch date",
}


def _key(table: str, row: dict[str, Any]) -> tuple[str, ...]:
    if table in ("sections", "segments", "transitions"):
        return (row["plan_id"], row["id"])
    return (row["id"],)


def _stored(value: Any) -> Any:
    """A pack's value as the workspace stores it (booleans are 0/1)."""
    return int(value) if isinstance(value, bool) else value


def _whole_text(text: str, low: int, high: int) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 12 and low <= int(text) <= high


def _seconds_text(text: str, high: int) -> bool:
    whole, _, fraction = text.partition(".")
    return (
        whole.isascii()
        and whole.isdigit()
        and (fraction == "" or (fraction.isascii() and fraction.isdigit()))
        and len(text) <= 20
        and float(text) <= high
    )


def _value_in_bounds(field: str, value: Any) -> bool:
    """An edit's value held to the same bounds as the column it changes."""
    if field in ("fixed_in_plan", "segment_id", "transition_id"):
        return value is None or is_uuid(value)
    if isinstance(value, str):
        return is_text(value, MAX_TEXT_CHARS)
    if field == "offset_ms" and isinstance(value, int) and not isinstance(value, bool):
        return -MAX_OFFSET_MS <= value <= MAX_OFFSET_MS
    if isinstance(value, int) and not isinstance(value, bool):
        high = {"seconds_lost": MAX_SECONDS_LOST, "fixed_in_revision": MAX_REVISION}
        return 0 <= value <= high.get(field, MAX_RUN_NS)
    return value is None or isinstance(value, bool)


def _shown(value: Any) -> str:
    """A value from a pack, quoted for a message: short, and printable whatever it holds."""
    text = ascii(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _read_plan(content: dict[str, Rows], plan: dict[str, Any], name: str) -> Plan:
    def of(table: str) -> Iterable[dict[str, Any]]:
        return [r for r in content[table] if r["plan_id"] == plan["id"]]

    try:
        return rows.plan_from_rows(plan, of("sections"), of("segments"), of("transitions"))
    except Exception as exc:  # any way a forged row can fail to read
        raise PackError(f"plan {plan['id']} cannot be read ({exc})", file=name) from None


def _check_readable(content: dict[str, Rows], name: str) -> None:
    """Every row must read back as what it stands for, or the workspace would hold rows it
    cannot show."""
    readers: list[tuple[str, Callable[[dict[str, Any]], object]]] = [
        ("rehearsals", rows.rehearsal_from_row),
        ("events", rows.event_from_row),
        ("flags", rows.flag_from_row),
        ("annotations", rows.annotation_from_row),
        ("action_items", rows.action_from_row),
        ("edits", rows.edit_from_row),
        ("signoffs", stored_signoffs.signoff_from_row),
        ("launch_dates", stored_signoffs.launch_from_row),
        ("evidence_files", stored_evidence.file_from_row),
        ("evidence_items", stored_evidence.item_from_row),
    ]
    for plan in content["plans"]:
        _read_plan(content, plan, name)
    for table, read in readers:
        for index, row in enumerate(content[table]):
            try:
                read(row)
            except Exception as exc:  # any way a forged row can fail to read
                raise PackError(f"{table}[{index}] cannot be read ({exc})", file=name) from None
