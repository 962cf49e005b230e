"""Hostile variations of every evidence fixture: each is read whole or refused with a
`FormatError` naming the file — never another exception, never an item outside the
domain's bounds."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rehearsal.errors import FormatError
from rehearsal.evidence_model import EvidenceKind, ItemKind, TimeBase
from rehearsal.formats.evidence import parse_evidence
from rehearsal.limits import (
    EARLIEST_EVIDENCE_YEAR,
    MAX_NAME_CHARS,
    MAX_RECORDING_MS,
    MAX_TEXT_CHARS,
    is_text,
)

FIXTURES = Path(__file__).parents[3] / "fixtures" / "evidence"
SEEDS = {p.name: p.read_bytes() for p in sorted(FIXTURES.iterdir())}
EXAMPLES = 400  # about 3 s
KINDS = {
    EvidenceKind.TRANSCRIPT: {ItemKind.SPEECH},
    EvidenceKind.CHAT: {ItemKind.MESSAGE, ItemKind.REACTION},
    EvidenceKind.ATTENDANCE: {ItemKind.PRESENT},
    EvidenceKind.POLL: {ItemKind.ANSWER},
}
EARLIEST_MS = -(1970 - EARLIEST_EVIDENCE_YEAR) * 366 * 86_400_000
# What broken and hostile files hold where a value was: cut timestamps, impossible dates,
# huge numbers, markup, separators, NUL and lone surrogates, other encodings' marks.
SNIPPETS = [
    "",
    "-->",
    " --> ",
    "99:99:99.999",
    "00:00:0",
    "23:59:60",
    "9" * 40,
    "-1",
    "13/32/2024 25:61",
    "02/30/2024 10:00 AM",
    "1/1/1900, 1:00:00 AM",
    "12/31/9999 11:59:59 PM",
    "<v ",
    "<v Ana>",
    "</v>",
    "&amp;&#0;&#x110000;",
    "WEBVTT",
    "NOTE",
    "From  to  :",
    " From Ana to Everyone:",
    'Reacted to "" with ',
    'Removed a  reaction from ""',
    "Replying to",
    "\t",
    ",",
    '"',
    '",,"',
    "\n",
    "\r",
    "\x00",
    "\ud800",
    "\udfff",
    "\ufeff",
    "\x07\x08\x1b",
    "😀 日本語 עברית",
    "1. Summary",
    "3. In-Meeting Activities",
    "Name\tJoin Time\tLeave Time",
    "#,User Name,Submitted Date/Time",
    "Join Time,Leave Time,Name",
    "x" * 1_001,
    "y" * 140_000,
]


def _encoding(data: bytes) -> str:
    return "utf-16" if data.startswith(b"\xff\xfe") else "utf-8"


@st.composite
def _mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(SEEDS)), label="seed")
    seed = SEEDS[name]
    if draw(st.booleans(), label="bytes, not text"):
        data = bytearray(seed)
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(data)))
            how = draw(st.sampled_from(["cut", "delete", "insert", "flip"]))
            if how == "cut":
                del data[at:]
            elif how == "delete":
                del data[at : at + draw(st.integers(1, 64))]
            elif how == "insert":
                data[at:at] = draw(st.binary(min_size=1, max_size=16))
            elif at < len(data):
                data[at] ^= draw(st.integers(1, 255))
        return name, bytes(data)
    encoding = _encoding(seed)
    lines = seed.decode(encoding).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["replace", "insert", "splice", "drop", "twice", "swap"]))
        snippet = draw(st.sampled_from(SNIPPETS))
        line = lines[index]
        if how == "replace":
            lines[index] = snippet
        elif how == "insert":
            lines.insert(index, snippet)
        elif how == "splice":
            at = draw(st.integers(0, len(line)))
            cut = draw(st.integers(0, 12))
            lines[index] = line[:at] + snippet + line[at + cut :]
        elif how == "drop" and len(lines) > 1:
            del lines[index]
        elif how == "twice":
            lines.insert(index, line)
        else:
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
    text = "\n".join(lines)
    return name, text.encode(encoding, errors="surrogatepass")


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(_mutated())
def test_a_mutated_file_is_read_whole_or_refused_naming_the_file(case: tuple[str, bytes]) -> None:
    name, data = case
    try:
        draft = parse_evidence(data, name, day=date(2024, 1, 31), zone=ZoneInfo("Asia/Kolkata"))
    except FormatError as exc:
        assert exc.file == name
        assert str(exc).startswith(name)
        return
    assert draft.items
    assert {item.kind for item in draft.items} <= KINDS[draft.kind]
    for item in draft.items:
        assert item.start_ms <= item.end_ms
        if draft.time_base is TimeBase.RECORDING:
            assert item.start_ms >= 0 and item.end_ms <= MAX_RECORDING_MS
        else:
            assert item.start_ms >= EARLIEST_MS
        assert is_text(item.person, MAX_NAME_CHARS) and "\n" not in item.person
        assert is_text(item.detail, MAX_NAME_CHARS)
        assert is_text(item.text, MAX_TEXT_CHARS)
    assert all(is_text(w) for w in (*draft.warnings, draft.title))


def test_the_seeds_are_read_whole() -> None:
    """Unchanged, every seed reads (so a refusal is its mutation's doing)."""
    for name, data in SEEDS.items():
        assert parse_evidence(data, name, day=date(2024, 1, 31), zone=ZoneInfo("Asia/Kolkata"))
