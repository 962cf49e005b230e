"""Export → import is identity, for CSV and XLSX, for arbitrary plans (hypothesis)."""

from __future__ import annotations

import dataclasses
import tempfile
import uuid
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from plans import TIME_ZONES

from rehearsal.formats.sheet_cells import MAX_DURATION_S
from rehearsal.formats.sheet_csv import read_csv, write_csv
from rehearsal.formats.sheet_xlsx import read_xlsx, write_xlsx
from rehearsal.model import (
    InteractionType,
    LeadRole,
    PlanDraft,
    Section,
    Segment,
    Transition,
)

# Cell text as people type it: any letters, plus the characters that trouble CSV and
# spreadsheets (separators, quotes, newlines, a leading "=" or "'"). Cells are read
# stripped, and XLSX cannot hold control characters, so neither is generated.
_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Cn")) | st.sampled_from(
    [",", ";", '"', "'", "=", "+", "-", "@", "\n", "\t", "é", "–", "€"]
)
TEXT = st.text(_CHARS, max_size=20).map(str.strip)
NON_EMPTY = TEXT.filter(bool)
SECONDS = st.integers(0, MAX_DURATION_S)
IDS = st.builds(lambda: str(uuid.uuid4()))


@st.composite
def plans(draw: st.DrawFn) -> PlanDraft:
    sections = tuple(
        Section(id=draw(IDS), title=draw(TEXT)) for _ in range(draw(st.integers(0, 3)))
    )
    custom_keys = draw(st.lists(NON_EMPTY, max_size=3, unique=True))
    segments = []
    for _ in range(draw(st.integers(0, 6))):
        keys = [k for k in custom_keys if draw(st.booleans())]
        segments.append(
            Segment(
                id=draw(IDS),
                title=draw(TEXT),
                planned_s=draw(SECONDS),
                section_id=draw(st.sampled_from([None, *(s.id for s in sections)])),
                interaction=draw(st.sampled_from(InteractionType)),
                lead=draw(st.sampled_from(LeadRole)),
                intent=draw(TEXT),
                non_negotiable=draw(st.booleans()),
                flex_min_s=draw(st.none() | SECONDS),
                flex_max_s=draw(st.none() | SECONDS),
                facilitator_notes=draw(TEXT),
                producer_cues=draw(TEXT),
                materials=draw(TEXT),
                contingency=draw(TEXT),
                cue=draw(TEXT),
                marker=draw(st.booleans()),
                skipped=draw(st.booleans()),
                custom=tuple((k, draw(NON_EMPTY)) for k in keys),
            )
        )
    transitions = tuple(
        Transition(id=draw(IDS), after_segment_id=s.id, allowance_s=draw(SECONDS), cue=draw(TEXT))
        for s in segments
        if draw(st.booleans())
    )
    return PlanDraft(
        name=draw(TEXT),
        slot_s=draw(st.none() | SECONDS),
        start_s=draw(st.none() | st.integers(0, 24 * 3600 - 1)),
        time_zone=draw(TIME_ZONES),
        notes=draw(TEXT),
        source=draw(TEXT),
        sections=sections,
        segments=tuple(segments),
        transitions=transitions,
    )


def _expected(plan: PlanDraft, file: str) -> PlanDraft:
    return dataclasses.replace(plan, source=plan.source or file)


@settings(max_examples=60, deadline=None)
@given(plans())
def test_csv_export_then_import_is_identity(plan: PlanDraft) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "plan.csv")
        write_csv(plan, path)
        assert read_csv(path.read_bytes(), file="plan.csv") == _expected(plan, "plan.csv")


@settings(max_examples=40, deadline=None)
@given(plans())
def test_xlsx_export_then_import_is_identity(plan: PlanDraft) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "plan.xlsx")
        write_xlsx(plan, path)
        assert read_xlsx(path.read_bytes(), file="plan.xlsx") == _expected(plan, "plan.xlsx")


def test_repeated_custom_keys_get_a_column_each(tmp_path: Path) -> None:
    segment = Segment(
        id=str(uuid.uuid4()), title="Intro", planned_s=60, custom=(("Room", "A"), ("Room", "B"))
    )
    plan = PlanDraft(segments=(segment,), source="x")
    for write, read, name in ((write_csv, read_csv, "p.csv"), (write_xlsx, read_xlsx, "p.xlsx")):
        write(plan, tmp_path / name)
        assert read((tmp_path / name).read_bytes(), file=name) == plan
