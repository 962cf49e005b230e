"""The Ontime project importer: v3 `rundown` lists and v4 `rundowns` maps.

The fixtures under tests/fixtures/ontime/ are written by hand in the shapes Ontime saves
(packages/types OntimeEntry.ts / Rundown.type.ts, and the v3→v4 migration in
apps/server/.../db.migration.v3.ts); they are not copies of Ontime's files.
"""

from __future__ import annotations

import copy
import json
import math
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rehearsal.errors import FormatError
from rehearsal.formats import read_plan
from rehearsal.formats.ontime_json import is_ontime, read_ontime
from rehearsal.formats.ontime_rundown import ID_NAMESPACE, derived_id
from rehearsal.model import InteractionType, PlanDraft

FIXTURES = Path(__file__).parents[2] / "fixtures" / "ontime"
HOUR_MS = 60 * 60 * 1000


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


def read(doc: object, file: str = "show.json") -> PlanDraft:
    return read_ontime(doc, file=file)


def event(ontime_id: str, title: str = "Talk", **fields: Any) -> dict[str, Any]:
    """A v3/v4 event with only the fields the test cares about."""
    return {"id": ontime_id, "type": "event", "title": title, **fields}


def v4(entries: dict[str, Any], order: list[Any], **rundown: Any) -> dict[str, Any]:
    return {
        "rundowns": {
            "default": {
                "id": "default",
                "title": "Default",
                "order": order,
                "entries": entries,
                **rundown,
            }
        }
    }


def titles(draft: PlanDraft) -> list[str]:
    return [s.title for s in draft.segments]


# --- v3 -------------------------------------------------------------------------------


def test_v3_project_reads_events_blocks_delays_and_custom_fields() -> None:
    draft = read(load("v3_project.json"), "v3_project.json")

    assert draft.name == "Order workflow rollout — module 2"
    assert draft.start_s == 9 * 3600
    assert draft.notes == "Pilot cohort\n\nCameras on for the breakout"
    assert "Ontime" in draft.source
    assert draft.warnings == ()
    assert titles(draft) == [
        "Welcome and tech check",
        "Order screen walkthrough",
        "Breakout: enter a rush order",
        "Lunch",
    ]
    assert [s.title for s in draft.sections] == ["Part 1 — the order screen", "Part 2"]
    part1, part2 = (s.id for s in draft.sections)
    welcome, walkthrough, breakout, lunch = draft.segments
    # a block holds the entries after it, up to the next block
    assert [s.section_id for s in draft.segments] == [None, part1, part1, part2]

    assert (welcome.planned_s, welcome.cue) == (600, "0")
    assert welcome.facilitator_notes == "Ask everyone to unmute once"
    assert welcome.interaction is InteractionType.PRESENTATION
    assert welcome.custom == (("Slides", "1-3"), ("Public", "yes"))

    # custom fields by their labels, empty ones left out, then colour and timer type
    assert walkthrough.custom == (
        ("Slides", "4-12"),
        ("Producer cue", "Launch poll 1 at the end"),
        ("Colour", "#3E75E8"),
        ("Timer type", "count-up"),
        ("Linked start", "yes"),
    )
    assert breakout.skipped and breakout.planned_s == 900
    assert not any(s.skipped for s in (welcome, walkthrough, lunch))

    # no duration: timeEnd - timeStart; a break by its title
    assert lunch.planned_s == 45 * 60
    assert lunch.interaction is InteractionType.BREAK

    # delays become hand-off allowances; two in a row add up
    allowances = {t.after_segment_id: t.allowance_s for t in draft.transitions}
    assert allowances == {welcome.id: 60, walkthrough.id: 120}


def test_v3_custom_field_without_a_definition_keeps_its_key() -> None:
    doc = {
        "rundown": [
            event("e1", duration=60_000, custom={"mystery": "x", "wrapped": {"value": "y"}})
        ],
        "customFields": {"wrapped": {"label": "Wrapped", "type": "string", "colour": ""}},
    }
    assert read(doc).segments[0].custom == (("mystery", "x"), ("Wrapped", "y"))


# --- v4 -------------------------------------------------------------------------------


def test_v4_project_reads_groups_milestones_and_delays() -> None:
    draft = read(load("v4_project.json"), "v4_project.json")

    assert draft.name == "Order workflow rollout — module 2"
    assert draft.start_s == 8 * 3600 + 30 * 60
    assert draft.warnings == ()
    assert "Day 1" in draft.source
    assert draft.notes == "Revision for the March cohort\n\nClient: Acme\n\nOpening: Keep it brisk"
    assert [s.title for s in draft.sections] == ["Opening", "Practice"]
    opening, practice = (s.id for s in draft.sections)
    # flatOrder: group children in place, groups themselves are sections, not segments
    assert titles(draft) == [
        "Welcome",
        "Poll: what slows you down?",
        "Coffee break",
        "Standby: breakout rooms",
        "Scenario practice in rooms",
        "Debrief",
    ]
    welcome, poll, coffee, standby, practice_seg, debrief = draft.segments
    assert [s.section_id for s in draft.segments] == [
        opening,
        opening,
        None,
        None,
        practice,
        practice,
    ]
    assert welcome.custom == (("Slide deck", "intro.pptx"), ("Flagged", "yes"))
    assert poll.planned_s == 600  # 600 499 ms rounds to the nearest second
    assert ("End action", "load-next") in poll.custom
    assert ("Count to end", "yes") in poll.custom
    assert coffee.interaction is InteractionType.BREAK
    assert ("Timer type", "none") in coffee.custom

    assert standby.marker and standby.planned_s == 0
    assert standby.interaction is InteractionType.OTHER
    assert standby.cue == "S"
    assert standby.facilitator_notes == "Producer pre-assigns rooms"
    assert standby.custom == (("Slide deck", "rooms.pptx"), ("Colour", "#FFCC00"))

    assert practice_seg.planned_s == 45 * 60  # from timeStart/timeEnd
    assert debrief.skipped

    assert [(t.after_segment_id, t.allowance_s) for t in draft.transitions] == [(welcome.id, 300)]


def test_v4_intermediate_block_type_is_a_group() -> None:
    """Early v4 builds saved groups as type "block" with an `entries` list."""
    entries = {
        "b1": {"type": "block", "id": "b1", "title": "Morning", "entries": ["e1"]},
        "e1": event("e1", duration=60_000),
        "e2": event("e2", duration=60_000),
    }
    draft = read(v4(entries, ["b1", "e2"]))
    assert [s.section_id for s in draft.segments] == [draft.sections[0].id, None]


def test_v4_several_rundowns_take_the_first_and_warn() -> None:
    doc = v4({"e1": event("e1", "First", duration=60_000)}, ["e1"])
    doc["rundowns"]["second"] = {"id": "second", "title": "Day 2", "order": [], "entries": {}}
    doc["rundowns"]["third"] = {"id": "third", "title": "", "order": [], "entries": {}}
    draft = read(doc)
    assert titles(draft) == ["First"]
    assert len(draft.warnings) == 1
    assert "'Day 2'" in draft.warnings[0] and "'third'" in draft.warnings[0]
    assert draft.name == "Default"  # no project title: the rundown's


def test_v4_flat_order_disagreeing_and_orphan_entries_warn() -> None:
    entries = {
        "e1": event("e1", duration=60_000),
        "e2": event("e2", duration=60_000),
        "lost": event("lost", duration=60_000),
    }
    draft = read(v4(entries, ["e1", "e2"], flatOrder=["e2", "e1"]))
    assert len(draft.segments) == 2
    assert any("flatOrder" in w for w in draft.warnings)
    assert any("1 entries" in w and "left out" in w for w in draft.warnings)


def test_v4_nested_group_becomes_its_own_section() -> None:
    entries = {
        "g1": {"type": "group", "title": "Outer", "entries": ["e1", "g2"]},
        "g2": {"type": "group", "title": "Inner", "entries": ["e2"]},
        "e1": event("e1", duration=60_000),
        "e2": event("e2", duration=60_000),
    }
    draft = read(v4(entries, ["g1"]))
    outer, inner = draft.sections
    assert [s.section_id for s in draft.segments] == [outer.id, inner.id]


def test_v4_deeply_nested_groups_do_not_exhaust_the_stack() -> None:
    depth = 5000
    entries: dict[str, Any] = {
        f"g{i}": {"type": "group", "title": f"G{i}", "entries": [f"g{i + 1}"]} for i in range(depth)
    }
    entries[f"g{depth}"] = event(f"g{depth}", duration=60_000)
    draft = read(v4(entries, ["g0"]))
    assert len(draft.sections) == depth
    assert draft.segments[0].section_id == draft.sections[-1].id


# --- timing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start_ms", "end_ms", "planned_s"),
    [
        (9 * HOUR_MS, 10 * HOUR_MS, 3600),
        (23 * HOUR_MS + 30 * 60_000, 15 * 60_000, 45 * 60),  # across midnight
        (0, 24 * HOUR_MS, 24 * 3600),  # a whole day
        (10 * HOUR_MS, 10 * HOUR_MS, 0),
    ],
)
def test_duration_from_start_and_end(start_ms: int, end_ms: int, planned_s: int) -> None:
    draft = read({"rundown": [event("e1", timeStart=start_ms, timeEnd=end_ms)]})
    assert draft.segments[0].planned_s == planned_s
    assert draft.start_s == start_ms // 1000 % 86400


def test_duration_wins_over_start_and_end() -> None:
    draft = read({"rundown": [event("e1", timeStart=0, timeEnd=HOUR_MS, duration=90_000)]})
    assert draft.segments[0].planned_s == 90


def test_start_is_the_first_event_that_runs() -> None:
    rundown = [
        event("e1", timeStart=8 * HOUR_MS, duration=60_000, skip=True),
        event("e2", timeStart=9 * HOUR_MS, duration=60_000),
    ]
    assert read({"rundown": rundown}).start_s == 9 * 3600


def test_delays_that_cannot_be_hand_offs_warn() -> None:
    rundown = [
        {"id": "d1", "type": "delay", "duration": 60_000},
        event("e1", duration=60_000),
        {"id": "d2", "type": "delay", "duration": -30_000},
        {"id": "d3", "type": "delay", "duration": 0},
        event("e2", duration=60_000),
    ]
    draft = read({"rundown": rundown})
    assert draft.transitions == ()
    assert len(draft.warnings) == 2
    assert "row 1" in draft.warnings[0] and "before the first segment" in draft.warnings[0]
    assert "row 3" in draft.warnings[1] and "negative" in draft.warnings[1]


@pytest.mark.parametrize(
    ("title", "is_break"),
    [
        ("Break", True),
        ("Lunch", True),
        ("Coffee break", True),
        ("Lunch break", True),
        ("BREAK 2", True),
        ("Break (10 min)", True),
        ("Break – stretch", True),
        ("Breakout rooms", False),
        ("Break the ice", False),
        ("Ice breaker", False),
        ("Lunch and learn: pricing", False),
        ("Break-out rooms", False),
        ("Break: 10 min", True),
        ("Planning the lunch order", False),
    ],
)
def test_break_is_inferred_only_from_obvious_titles(title: str, is_break: bool) -> None:
    segment = read({"rundown": [event("e1", title, duration=60_000)]}).segments[0]
    assert (segment.interaction is InteractionType.BREAK) == is_break


# --- stable ids -----------------------------------------------------------------------


def test_importing_twice_gives_the_same_ids() -> None:
    for name in ("v3_project.json", "v4_project.json"):
        first, second = read(load(name)), read(load(name))
        assert first == second
        assert [s.id for s in first.segments] == [s.id for s in second.segments]
        assert [s.id for s in first.sections] == [s.id for s in second.sections]
        assert [t.id for t in first.transitions] == [t.id for t in second.transitions]


def test_ids_derive_from_ontime_ids_whatever_the_version() -> None:
    """Ontime keeps entry ids when it migrates v3 to v4, so segments keep theirs too."""
    v3_draft = read(
        {"rundown": [{"id": "blk", "type": "block", "title": "A"}, event("ev1", duration=60_000)]}
    )
    v4_draft = read(
        v4(
            {
                "blk": {"type": "group", "title": "A", "entries": ["ev1"]},
                "ev1": event("ev1", duration=60_000),
            },
            ["blk"],
        )
    )
    assert v3_draft.segments == v4_draft.segments
    assert v3_draft.sections == v4_draft.sections
    assert v3_draft.segments[0].id == str(uuid.uuid5(ID_NAMESPACE, "segment:ev1"))
    assert v3_draft.segments[0].id == derived_id("segment", "ev1")
    assert (
        len({derived_id("segment", "x"), derived_id("section", "x"), derived_id("transition", "x")})
        == 3
    )


# --- bad input ------------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], object]


def v3_set(index: int, key: str, value: object) -> Mutation:
    def mutate(doc: dict[str, Any]) -> object:
        doc["rundown"][index][key] = value
        return doc

    return mutate


def v3_drop(index: int, key: str) -> Mutation:
    def mutate(doc: dict[str, Any]) -> object:
        del doc["rundown"][index][key]
        return doc

    return mutate


def v3_replace(index: int, value: object) -> Mutation:
    def mutate(doc: dict[str, Any]) -> object:
        doc["rundown"][index] = value
        return doc

    return mutate


V3_ERRORS: list[tuple[str, Mutation, int | None, str | None, str]] = [
    ("title not text", v3_set(0, "title", 42), 1, "title", "not text"),
    ("duration negative", v3_set(3, "duration", -1), 4, "duration", "negative"),
    ("duration text", v3_set(3, "duration", "20m"), 4, "duration", "not a number"),
    ("duration NaN", v3_set(3, "duration", math.nan), 4, "duration", "not a finite"),
    ("duration infinite", v3_set(3, "duration", math.inf), 4, "duration", "not a finite"),
    ("duration absurd", v3_set(3, "duration", 10**30), 4, "duration", "longer than a day"),
    ("duration bool", v3_set(3, "duration", True), 4, "duration", "not a number"),
    ("timeStart negative", v3_set(0, "timeStart", -5), 1, "timeStart", "negative"),
    ("no duration, no end", v3_drop(8, "timeEnd"), 9, "duration", "no duration"),
    ("delay no duration", v3_drop(1, "duration"), 2, "duration", "no duration"),
    ("delay duration text", v3_set(1, "duration", "1m"), 2, "duration", "not a number"),
    ("entry not an object", v3_replace(2, "block"), 3, None, "not a JSON object"),
    ("entry a list", v3_replace(0, []), 1, None, "not a JSON object"),
    ("no type", v3_drop(0, "type"), 1, "type", "no type"),
    ("unknown type", v3_set(0, "type", "segment"), 1, "type", "unknown entry type"),
    ("type not text", v3_set(0, "type", ["event"]), 1, "type", "unknown entry type"),
    ("no id", v3_drop(0, "id"), 1, "id", "no id"),
    ("duplicate id", v3_set(3, "id", "a1b2c"), 4, "id", "same id"),
    ("skip not bool", v3_set(0, "skip", "yes"), 1, "skip", "true or false"),
    ("note not text", v3_set(0, "note", {"a": 1}), 1, "note", "not text"),
    ("custom not object", v3_set(0, "custom", ["x"]), 1, "custom", "not an object"),
    ("custom value nested", v3_set(0, "custom", {"slides": [1]}), 1, "custom.slides", "not text"),
    ("linkStart a number", v3_set(3, "linkStart", 3), 4, "linkStart", "linkStart"),
]


@pytest.mark.parametrize(
    ("mutation", "row", "column", "problem"),
    [case[1:] for case in V3_ERRORS],
    ids=[case[0] for case in V3_ERRORS],
)
def test_v3_errors_name_row_and_field(
    mutation: Mutation, row: int | None, column: str | None, problem: str
) -> None:
    doc = mutation(load("v3_project.json"))
    with pytest.raises(FormatError) as caught:
        read(doc, "broken.json")
    error = caught.value
    assert (error.file, error.row, error.column) == ("broken.json", row, column)
    assert problem in error.reason
    assert error.expected
    assert f"row {row}" in str(error) and "broken.json" in str(error)
    if column:
        assert repr(column) in str(error)


def v4_rundown(mutate: Callable[[dict[str, Any]], None]) -> Mutation:
    def apply(doc: dict[str, Any]) -> object:
        mutate(doc["rundowns"]["default"])
        return doc

    return apply


def v4_entry(ontime_id: str, key: str, value: object) -> Mutation:
    return v4_rundown(lambda r: r["entries"][ontime_id].__setitem__(key, value))


def nest_groups_in_a_cycle(rundown: dict[str, Any]) -> None:
    """g0001 holds g0002, which holds g0001."""
    rundown["order"].remove("g0002")
    rundown["entries"]["g0001"]["entries"].append("g0002")
    rundown["entries"]["g0002"]["entries"].append("g0001")


V4_ERRORS: list[tuple[str, Mutation, int | None, str | None, str]] = [
    (
        "order names a missing entry",
        v4_rundown(lambda r: r["order"].insert(1, "nope")),
        2,
        "order",
        "not in the entries",
    ),
    (
        "order item not text",
        v4_rundown(lambda r: r["order"].append({"id": "e1"})),
        5,
        "order",
        "not an entry id",
    ),
    (
        "group names a missing entry",
        v4_rundown(lambda r: r["entries"]["g0002"]["entries"].append("gone")),
        7,
        "entries",
        "not in the entries",
    ),
    (
        "group lists itself",
        v4_rundown(lambda r: r["entries"]["g0001"]["entries"].append("g0001")),
        1,
        "entries",
        "contains itself",
    ),
    (
        "group cycle",
        v4_rundown(nest_groups_in_a_cycle),
        5,
        "entries",
        "contains itself",
    ),
    (
        "entry listed twice",
        v4_rundown(lambda r: r["order"].append("e0001")),
        5,
        "order",
        "already in the rundown",
    ),
    ("group entries not a list", v4_entry("g0002", "entries", "e0004"), 7, "entries", "not a list"),
    (
        "entry not an object",
        v4_rundown(lambda r: r["entries"].__setitem__("e0003", 7)),
        5,
        None,
        "not a JSON object",
    ),
    (
        "entries not an object",
        v4_rundown(lambda r: r.__setitem__("entries", [])),
        None,
        "entries",
        "not an object",
    ),
    ("order missing", v4_rundown(lambda r: r.pop("order")), None, "order", "not a list"),
    (
        "flatOrder names a missing entry",
        v4_rundown(lambda r: r["flatOrder"].append("ghost")),
        10,
        "flatOrder",
        "not an entry",
    ),
    (
        "flatOrder not a list",
        v4_rundown(lambda r: r.__setitem__("flatOrder", "all")),
        None,
        "flatOrder",
        "not a list",
    ),
    ("title not text", v4_entry("e0003", "title", 3.5), 5, "title", "not text"),
    ("duration negative", v4_entry("e0002", "duration", -600_000), 4, "duration", "negative"),
    ("milestone cue is a list", v4_entry("m0001", "cue", ["S"]), 6, "cue", "not text"),
    (
        "delay duration absurd",
        v4_entry("d0001", "duration", 1e300),
        3,
        "duration",
        "longer than a day",
    ),
    (
        "rundown title not text",
        v4_rundown(lambda r: r.__setitem__("title", 1)),
        None,
        "title",
        "not text",
    ),
]


@pytest.mark.parametrize(
    ("mutation", "row", "column", "problem"),
    [case[1:] for case in V4_ERRORS],
    ids=[case[0] for case in V4_ERRORS],
)
def test_v4_errors_name_row_and_field(
    mutation: Mutation, row: int | None, column: str | None, problem: str
) -> None:
    doc = mutation(load("v4_project.json"))
    with pytest.raises(FormatError) as caught:
        read(doc, "broken.json")
    error = caught.value
    assert (error.file, error.row, error.column) == ("broken.json", row, column)
    assert problem in error.reason
    assert error.expected
    if row is not None:
        assert f"row {row}" in str(error)


@pytest.mark.parametrize(
    ("doc", "problem"),
    [
        ([], "not a JSON object"),
        ("rundown", "not a JSON object"),
        ({"events": []}, "not an Ontime project"),
        ({"rundown": {}}, "not a list"),
        ({"rundowns": []}, "rundowns is not an object"),
        ({"rundowns": {"a": "b"}}, "not an object"),
        ({"rundown": []}, "no events"),
        ({"rundowns": {}}, "no events"),
        (v4({}, []), "no events"),
        (
            {
                "rundown": [
                    {"id": "b", "type": "block", "title": "B"},
                    {"id": "d", "type": "delay", "duration": 1000},
                ]
            },
            "no events",
        ),
        (v4({"m": {"type": "milestone", "title": "Go"}}, ["m"]), "no events"),
        ({"rundown": [event("e", duration=1000)], "project": "Show"}, "project is not"),
        ({"rundown": [event("e", duration=1000)], "project": {"title": 3}}, "title is not"),
        ({"rundown": [event("e", duration=1000)], "customFields": []}, "customFields"),
        ({"rundown": [event("e", duration=1000)], "customFields": {"k": "Label"}}, "custom field"),
    ],
)
def test_document_level_errors(doc: object, problem: str) -> None:
    with pytest.raises(FormatError, match=r"broken\.json") as caught:
        read(doc, "broken.json")
    assert problem in str(caught.value)


# --- the dispatcher -------------------------------------------------------------------


def test_read_plan_sniffs_an_ontime_json_file(tmp_path: Path) -> None:
    for name in ("v3_project.json", "v4_project.json"):
        path = tmp_path / name
        path.write_bytes(b"\xef\xbb\xbf" + (FIXTURES / name).read_bytes())  # BOM too
        assert read_plan(path) == read(load(name), name)
        assert read_plan(path, format="ontime") == read(load(name), name)
        assert read_plan(path).source.startswith(name)


def test_read_plan_reports_a_bad_ontime_file_with_its_name(tmp_path: Path) -> None:
    doc = load("v4_project.json")
    doc["rundowns"]["default"]["entries"]["e0002"]["duration"] = "ten minutes"
    path = tmp_path / "show.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        read_plan(path)
    assert (caught.value.file, caught.value.row, caught.value.column) == (
        "show.json",
        4,
        "duration",
    )


def test_is_ontime() -> None:
    assert is_ontime(load("v3_project.json")) and is_ontime(load("v4_project.json"))
    assert not is_ontime({"format": "rehearsal-plan"}) and not is_ontime([{"rundown": []}])


# --- fuzz -----------------------------------------------------------------------------

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8)
    | st.sampled_from(["event", "delay", "block", "group", "milestone", "e0001", "g0001"])
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
FIXTURE_DOCS = {name: load(name) for name in ("v3_project.json", "v4_project.json")}
FUZZ = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def read_or_format_error(doc: object) -> None:
    try:
        draft = read(doc)
    except FormatError as error:
        assert error.file == "show.json"
        return
    assert any(not s.marker for s in draft.segments)
    assert all(s.planned_s >= 0 for s in draft.segments)
    assert all(t.allowance_s > 0 for t in draft.transitions)


@FUZZ
@given(
    st.one_of(
        JSON_VALUES,
        JSON_VALUES.map(lambda v: {"rundown": v}),
        JSON_VALUES.map(lambda v: {"rundowns": v}),
        JSON_VALUES.map(lambda v: {"rundowns": {"r": v}}),
        st.lists(JSON_VALUES).map(lambda v: {"rundown": v}),
    )
)
def test_arbitrary_json_raises_nothing_but_format_error(doc: object) -> None:
    read_or_format_error(doc)


@FUZZ
@given(
    st.sampled_from(["v3_project.json", "v4_project.json"]),
    st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=6),
    st.one_of(st.just("delete"), JSON_VALUES),
)
def test_mutated_projects_raise_nothing_but_format_error(
    name: str, path: list[int], replacement: object
) -> None:
    """Walk a random path into a valid project and replace (or delete) what is there."""
    doc = copy.deepcopy(FIXTURE_DOCS[name])
    parent: Any = None
    key: Any = None
    node: Any = doc
    for step in path:
        if isinstance(node, dict) and node:
            parent, key = node, list(node)[step % len(node)]
        elif isinstance(node, list) and node:
            parent, key = node, step % len(node)
        else:
            break
        node = parent[key]
    if parent is not None:
        if replacement == "delete":
            del parent[key]
        else:
            parent[key] = replacement
    read_or_format_error(doc)


# --- hostile projects (issue 13): refused by read_plan, naming the file and the place -------


def _v4_project_text(change: Callable[[str], str]) -> str:
    return change(json.dumps(load("v4_project.json")))


def _first_event(doc: dict[str, Any]) -> dict[str, Any]:
    rundown = next(iter(doc["rundowns"].values()))
    entry: dict[str, Any] = next(e for e in rundown["entries"].values() if e["type"] == "event")
    return entry


def _changed(change: Callable[[dict[str, Any]], None]) -> Callable[[str], str]:
    def apply(text: str) -> str:
        doc = json.loads(text)
        change(doc)
        return json.dumps(doc)

    return apply


ONTIME_HOSTILE: dict[str, tuple[Callable[[str], str], str]] = {
    "a duration of 5,000 digits": (
        _changed(lambda d: _first_event(d).update(duration=0)),
        "duration",
    ),
    "a title with a lone surrogate": (
        _changed(lambda d: _first_event(d).update(title="Talk \udc80")),
        "title",
    ),
    "a note with a NUL": (_changed(lambda d: _first_event(d).update(note="a\x00b")), "note"),
    "a duration of NaN": (
        _changed(lambda d: _first_event(d).update(duration=math.nan)),
        "duration",
    ),
    "a title of 1,001 characters": (
        _changed(lambda d: _first_event(d).update(title="t" * 1001)),
        "title",
    ),
    "a custom value longer than a cell": (
        _changed(lambda d: _first_event(d).update(custom={"song": "s" * 32_768})),
        "custom",
    ),
    "a project nested past any plan": (
        _changed(lambda d: d.update(settings=json.loads("[" * 40 + "]" * 40))),
        "settings",
    ),
}


@pytest.mark.parametrize("case", ONTIME_HOSTILE, ids=list(ONTIME_HOSTILE))
def test_hostile_projects_are_refused_naming_the_place(tmp_path: Path, case: str) -> None:
    change, column = ONTIME_HOSTILE[case]
    text = _v4_project_text(change)
    if case == "a duration of 5,000 digits":
        text = text.replace('"duration": 0', '"duration": ' + "9" * 5000, 1)
    path = tmp_path / "show.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError) as err:
        read_plan(path)
    assert err.value.file == "show.json"
    assert column in (err.value.column or ""), str(err.value)


def test_delays_after_one_event_stay_within_a_hand_off(tmp_path: Path) -> None:
    entries = {
        "e1": event("e1", duration=60_000),
        **{f"d{i}": {"id": f"d{i}", "type": "delay", "duration": 24 * HOUR_MS} for i in range(8)},
        "e2": event("e2", duration=60_000),
    }
    doc = v4(entries, ["e1", *(f"d{i}" for i in range(8)), "e2"])
    with pytest.raises(FormatError, match="more than 7 days") as err:
        read(doc)
    assert err.value.row == 9 and err.value.column == "duration"
    del entries["d7"]
    doc = v4(entries, ["e1", *(f"d{i}" for i in range(7)), "e2"])
    assert read(doc).transitions[0].allowance_s == 7 * 24 * 3600
