from __future__ import annotations

import contextlib
import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plans import drafts, small_draft

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


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(draft=drafts())
def test_export_then_import_is_identity(tmp_path: Path, draft: PlanDraft) -> None:
    path = tmp_path / "plan.json"
    write_plan(draft, path)
    _same(read_plan(path), draft)


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
