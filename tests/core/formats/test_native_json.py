from __future__ import annotations

import contextlib
import dataclasses
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from plans import small_draft

from rehearsal.errors import FormatError
from rehearsal.formats import read_plan, write_plan
from rehearsal.formats.native import FORMAT_VERSION, plan_from_json, plan_to_json
from rehearsal.model import PlanDraft


def _same(a: PlanDraft, b: PlanDraft) -> None:
    assert (a.sections, a.segments, a.transitions) == (b.sections, b.segments, b.transitions)
    assert (a.name, a.slot_s, a.start_s, a.time_zone, a.notes, a.source) == (
        b.name,
        b.slot_s,
        b.start_s,
        b.time_zone,
        b.notes,
        b.source,
    )


def test_schema_file_documents_every_field() -> None:
    from rehearsal.assets import resource_text

    schema = json.loads(resource_text("plan.schema.json"))
    doc = plan_to_json(small_draft())
    assert set(doc) <= set(schema["properties"])
    assert set(doc["segments"][0]) <= set(schema["$defs"]["segment"]["properties"])
    assert schema["properties"]["version"]["const"] == FORMAT_VERSION


@pytest.mark.parametrize(
    ("change", "column"),
    [
        (lambda d: d["segments"][0].update(planned_s="5m"), "planned_s"),
        (lambda d: d["segments"][0].update(interaction="juggling"), "interaction"),
        (lambda d: d["segments"][1].update(section_id="nope"), "section_id"),
        (lambda d: d["segments"][0].update(non_negotiable="yes"), "non_negotiable"),
        (lambda d: d["segments"][0].pop("id"), "id"),
        (lambda d: d["transitions"][0].update(after_segment_id="nope"), "after_segment_id"),
        (lambda d: d.update(segments={}), "segments"),
        (lambda d: d.update(time_zone="Europe/Atlantis"), "time_zone"),
        (lambda d: d.update(time_zone=120), "time_zone"),
        (lambda d: d.update(start_s=86_400), "start_s"),
    ],
)
def test_invalid_documents_name_the_place(change: object, column: str) -> None:
    doc = plan_to_json(small_draft())
    change(doc)  # type: ignore[operator]
    with pytest.raises(FormatError) as err:
        plan_from_json(doc, "plan.json")
    assert err.value.column == column
    assert "plan.json" in str(err.value)


def test_newer_format_version_is_refused() -> None:
    doc = plan_to_json(small_draft())
    doc["version"] = FORMAT_VERSION + 1
    with pytest.raises(FormatError, match="newer version"):
        plan_from_json(doc, "plan.json")


def test_truncated_file(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    write_plan(small_draft(), path)
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(FormatError, match=r"cut\.json.*not valid JSON"):
        read_plan(path)


@settings(max_examples=150, deadline=None)
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
        ),
        max_leaves=30,
    )
)
def test_fuzz_arbitrary_json_only_raises_format_error(value: object) -> None:
    doc = plan_to_json(small_draft())
    for target in (
        value,
        {**doc, "segments": value},
        {**doc, "segments": [value]},
        {**doc, "sections": [value]},
        {**doc, "transitions": value},
    ):
        with contextlib.suppress(FormatError):
            plan_from_json(target, "fuzz.json")


@settings(max_examples=100, deadline=None)
@given(junk=st.binary(max_size=300))
def test_fuzz_bytes_through_the_dispatcher(
    tmp_path_factory: pytest.TempPathFactory, junk: bytes
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "junk.json"
    path.write_bytes(junk)
    with contextlib.suppress(FormatError):
        read_plan(path)


def test_huge_junk_file_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "junk.csv"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    with pytest.raises(FormatError, match="larger than any run-of-show"):
        read_plan(path)


def test_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="no such file"):
        read_plan(tmp_path / "missing.csv")
    with pytest.raises(FormatError, match="folder"):
        read_plan(tmp_path)


def test_time_zone_is_optional_and_checked() -> None:
    doc = plan_to_json(small_draft())
    doc.pop("time_zone")  # written before plans had a time zone
    assert plan_from_json(doc, "plan.json").time_zone == ""
    doc["time_zone"] = "Asia/Kolkata"
    assert plan_from_json(doc, "plan.json").time_zone == "Asia/Kolkata"
    doc["time_zone"] = "Mars/Olympus_Mons"
    with pytest.raises(FormatError, match="unknown time zone 'Mars/Olympus_Mons'") as err:
        plan_from_json(doc, "plan.json")
    assert err.value.column == "time_zone" and "IANA" in str(err.value)


def test_an_imported_time_zone_is_stored(tmp_path: Path) -> None:
    from rehearsal import Workspace

    path = tmp_path / "plan.json"
    write_plan(dataclasses.replace(small_draft(), time_zone="Europe/Berlin"), path)
    with Workspace.open(tmp_path / "w.rehearsal") as ws:
        plan = ws.import_plan(path)
        assert ws.plan(plan.id).time_zone == "Europe/Berlin"
        ws.export_plan(plan.id, tmp_path / "again.json")
    assert json.loads((tmp_path / "again.json").read_text())["time_zone"] == "Europe/Berlin"


# --- hostile documents (issue 13): refused at the door, naming the file and the place -------

_DAY = 24 * 3600


def _text_of(change: Any) -> str:
    """small_draft's native JSON, changed by `change`: a function of the document, or of its
    text (for what json.dumps will not write: a 5,000-digit integer, NaN in a given spot)."""
    doc = plan_to_json(small_draft())
    if change.__code__.co_varnames[:1] == ("text",):
        return str(change(json.dumps(doc)))
    change(doc)
    return json.dumps(doc)


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


HOSTILE = {
    "an integer past 64 bits": (lambda d: d["segments"][0].update(planned_s=2**64), "planned_s"),
    "an integer of 5,000 digits": (
        lambda text: text.replace('"slot_s": 1800', '"slot_s": ' + "9" * 5000),
        "slot_s",
    ),
    "a lone surrogate": (lambda d: d["segments"][0].update(title="Wel\ud800come"), "title"),
    "a lone surrogate in a key": (lambda d: d["segments"][0].update({"\udfff": 1}), "segments"),
    "a NUL": (lambda d: d["segments"][1].update(facilitator_notes="a\x00b"), "facilitator_notes"),
    "NaN": (lambda d: d["segments"][0].update(flex_min_s=math.nan), "flex_min_s"),
    "Infinity where nothing is read": (lambda d: d.update(extra=math.inf), "extra"),
    "a float that overflows": (
        lambda text: text.replace('"slot_s": 1800', '"slot_s": 1e999'),
        "slot_s",
    ),
    "a float for an integer": (lambda d: d["segments"][0].update(planned_s=300.0), "planned_s"),
    "nesting far too deep": (
        lambda text: text.replace('"notes": ""', '"notes": ' + _nested(100_000)),
        None,
    ),
    "nesting deeper than a plan's": (
        lambda text: text.replace('"notes": ""', '"notes": ' + _nested(200)),
        "notes",
    ),
    "a slot of 208 hours": (lambda d: d.update(slot_s=208 * 3600), "slot_s"),
    "a slot of 30 seconds": (lambda d: d.update(slot_s=30), "slot_s"),
    "a slot that is text": (lambda d: d.update(slot_s="1:30:00"), "slot_s"),
    "8 days planned": (lambda d: d["segments"][0].update(planned_s=8 * _DAY), "planned_s"),
    "a negative allowance": (lambda d: d["transitions"][0].update(allowance_s=-1), "allowance_s"),
    "an allowance past 64 bits": (
        lambda d: d["transitions"][0].update(allowance_s=2**63),
        "allowance_s",
    ),
    "a title of 1,001 characters": (
        lambda d: d["segments"][0].update(title="x" * 1001),
        "title",
    ),
    "notes longer than a spreadsheet cell": (
        lambda d: d.update(notes="x" * 32_768),
        "notes",
    ),
    "a flexible range upside down": (
        lambda d: d["segments"][0].update(flex_min_s=600, flex_max_s=300),
        "flex_min_s",
    ),
    "151 custom columns": (
        lambda d: d["segments"][0].update(custom=[[f"c{i}", "v"] for i in range(151)]),
        "custom",
    ),
    "two hand-offs after one segment": (
        lambda d: d["transitions"].append({**d["transitions"][0], "id": "another"}),
        "after_segment_id",
    ),
    "two sections with one id": (
        lambda d: d["sections"].append(dict(d["sections"][0])),
        "id",
    ),
    "a start of -1": (lambda d: d.update(start_s=-1), "start_s"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_documents_are_refused_naming_the_place(tmp_path: Path, case: str) -> None:
    change, column = HOSTILE[case]
    path = tmp_path / "plan.json"
    path.write_text(_text_of(change), encoding="utf-8")
    with pytest.raises(FormatError) as err:
        read_plan(path)
    assert err.value.file == "plan.json"
    if column is None:
        assert "nested too deeply" in str(err.value)
    else:
        assert column in (err.value.column or ""), str(err.value)


@pytest.mark.parametrize(
    "case", ["an integer of 5,000 digits", "a lone surrogate", "an integer past 64 bits"]
)
def test_the_command_line_refuses_them_in_one_line_and_stores_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    from reviewing import dump

    from rehearsal import Workspace
    from rehearsal.cli.main import main

    db = tmp_path / "w.rehearsal"
    with Workspace.open(db) as ws:
        ws.add_plan(small_draft())
        before = dump(ws)
    path = tmp_path / "plan.json"
    path.write_text(_text_of(HOSTILE[case][0]), encoding="utf-8")
    assert main(["import", str(path), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: plan.json") and err.count("\n") == 1
    with Workspace.open(db) as ws:
        assert dump(ws) == before


def test_hand_written_ids_become_stable_uuids(tmp_path: Path) -> None:
    """Ids such as "s1" (or "../x") become UUIDs derived from them: the same on every
    import, with the references between sections, segments and hand-offs kept."""
    from rehearsal import Workspace
    from rehearsal.limits import is_uuid

    kept = "4b7c2b0e-61d3-4a5f-9a43-5b0f0f6e2a11"
    doc = {
        "format": "rehearsal-plan",
        "version": 1,
        "sections": [{"id": "intro", "title": "Intro"}, {"id": "s1", "title": "Same text"}],
        "segments": [
            {"id": "s1", "title": "Welcome", "planned_s": 300, "section_id": "intro"},
            {"id": "../x", "title": "Poll", "planned_s": 60, "section_id": "s1"},
            {"id": kept.upper(), "title": "Close", "planned_s": 60},
        ],
        "transitions": [{"id": "t1", "after_segment_id": "s1", "allowance_s": 30}],
    }
    path = tmp_path / "hand.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    first, second = read_plan(path), read_plan(path)
    assert first == second
    ids = [s.id for s in (*first.sections, *first.segments, *first.transitions)]
    assert all(is_uuid(i) for i in ids) and len(set(ids)) == len(ids)
    intro, other = first.sections
    welcome, poll, close = first.segments
    assert (welcome.section_id, poll.section_id) == (intro.id, other.id)
    assert first.transitions[0].after_segment_id == welcome.id
    assert close.id == kept  # a UUID stays itself, written the canonical way
    with Workspace.open(tmp_path / "w.rehearsal") as ws:
        one = ws.import_plan(path, program="Hand")
        two = ws.import_plan(path, program="Hand")
        assert [s.id for s in one.segments] == [s.id for s in two.segments]
