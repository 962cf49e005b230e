"""Evidence in packs: carried with its rehearsal, merged by id (the same file imported on two
machines is one file), the same in any order and twice, adjustments resolved last writer
wins; a pack from before evidence holds none."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import evidence as files
import pytest
from packs import Document, document, forged, reviewed, write
from reviewing import dump, recorded

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.errors import PackError
from rehearsal.evidence_model import Proposal
from rehearsal.exchange.packs import export_pack, import_pack

EVIDENCE_TABLES = ("evidence_files", "evidence_items", "edits")


@pytest.fixture
def trio(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace, Workspace]]:
    with ExitStack() as stack:
        yield tuple(  # type: ignore[misc]
            stack.enter_context(Workspace.open(tmp_path / f"{name}.rehearsal"))
            for name in ("lead", "producer", "designer")
        )


def hand(a: Workspace, b: Workspace, rid: str, folder: Path, scope: str = "rehearsal") -> None:
    path = export_pack(a, rid, folder / f"{a.path.stem}-{scope}.rehearsalpack", scope=scope)
    import_pack(b, path)


def shown(ws: Workspace, rid: str) -> tuple[object, ...]:
    return (
        ws.evidence.files(rid, include_removed=True),
        ws.evidence.speakers(rid),
        ws.evidence.figures(rid),
    )


def test_the_same_file_imported_on_two_machines_is_one_file_everywhere(
    trio: tuple[Workspace, Workspace, Workspace], tmp_path: Path
) -> None:
    """The lead imports the chat alone (its first message at the first mark); the producer
    the transcript, then the chat (the transcript's offset: the same recording). After
    the packs cross, in either order, every machine keeps the earlier import's facts."""
    lead, producer, designer = trio
    rehearsal, _ = recorded(lead, FakeClock())
    rid = rehearsal.id
    hand(lead, producer, rid, tmp_path)
    lead.evidence.add(rid, files.chat(), name="meeting_saved_chat.txt")
    producer.evidence.add(rid, files.transcript(), name="transcript.vtt")
    chat = producer.evidence.add(rid, files.chat(), name="chat.txt").file
    assert chat.proposal is Proposal.SAME_RECORDING
    assert lead.evidence.file(chat.id).proposal is Proposal.FIRST_MARK  # the same id
    hand(producer, designer, rid, tmp_path)
    hand(lead, designer, rid, tmp_path)
    hand(lead, producer, rid, tmp_path)
    hand(producer, lead, rid, tmp_path)
    for ws in (lead, producer, designer):
        assert ws.evidence.file(chat.id).name == "meeting_saved_chat.txt"
        assert ws.evidence.file(chat.id).offset_ms == -40_000
    assert dump(lead, EVIDENCE_TABLES) == dump(producer, EVIDENCE_TABLES)
    assert dump(designer, EVIDENCE_TABLES) == dump(producer, EVIDENCE_TABLES)
    assert shown(lead, rid) == shown(producer, rid) == shown(designer, rid)
    before = dump(designer)
    hand(lead, designer, rid, tmp_path)  # twice: nothing new
    assert dump(designer) == before


def test_adjustments_travel_and_the_last_one_wins(
    trio: tuple[Workspace, Workspace, Workspace], tmp_path: Path
) -> None:
    lead, producer, _ = trio
    rid = reviewed(lead)
    hand(lead, producer, rid, tmp_path)
    transcript = lead.evidence.files(rid)[0]
    ana = next(s for s in lead.evidence.speakers(rid) if s.name == "Ana Lima")
    lead.evidence.set_offset(transcript.id, -31_000, author="Lead")
    producer.evidence.set_offset(transcript.id, -29_000, author="Sam")  # later
    producer.evidence.set_role(rid, ana.id, "staff", author="Sam")
    producer.evidence.remove(producer.evidence.files(rid)[3].id, author="Sam")
    hand(lead, producer, rid, tmp_path, "annotations")
    hand(producer, lead, rid, tmp_path, "annotations")
    assert shown(lead, rid) == shown(producer, rid)
    assert lead.evidence.file(transcript.id).offset_ms == -29_000
    assert [c.field for c in lead.review.conflicts(rid)] == ["offset_ms"]
    assert next(s for s in lead.evidence.speakers(rid) if s.id == ana.id).edited
    assert len(lead.evidence.files(rid)) == 3


def test_a_pack_from_before_evidence_holds_none(
    trio: tuple[Workspace, Workspace, Workspace], tmp_path: Path
) -> None:
    lead, other, _ = trio
    rid = reviewed(lead)

    def earlier(doc: Document) -> None:
        content = doc["content"]
        del content["evidence_files"], content["evidence_items"]
        content["edits"] = [
            e for e in content["edits"] if e["entity"] not in ("evidence", "speaker")
        ]

    report = import_pack(
        other, write(tmp_path, "old.rehearsalpack", forged(document(lead, rid), earlier))
    )
    assert report.changed
    assert other.evidence.files(rid) == []
    assert not other.evidence.figures(rid).has_evidence


def test_a_pack_without_a_table_it_always_had_is_refused(
    trio: tuple[Workspace, Workspace, Workspace], tmp_path: Path
) -> None:
    lead, other, _ = trio
    doc = document(lead, reviewed(lead))
    with pytest.raises(PackError, match="lacks its 'events'"):
        import_pack(
            other,
            write(tmp_path, "p.rehearsalpack", forged(doc, lambda d: d["content"].pop("events"))),
        )


def test_an_item_changed_after_the_fact_is_refused(
    trio: tuple[Workspace, Workspace, Workspace], tmp_path: Path
) -> None:
    lead, other, _ = trio
    doc = document(lead, reviewed(lead))
    import_pack(other, write(tmp_path, "p.rehearsalpack", forged(doc)))
    before = dump(other)

    def rewritten(d: Document) -> None:
        d["content"]["evidence_items"][0]["text"] = "something nobody said"

    with pytest.raises(PackError, match=r"item of evidence .* differs .*\(text\)"):
        import_pack(other, write(tmp_path, "q.rehearsalpack", forged(doc, rewritten)))
    assert dump(other) == before
