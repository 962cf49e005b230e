"""Archiving a rehearsal hides it from lists and the analysis but keeps it; deleting it
removes it from this workspace, undoably, and a colleague's pack in the shared folder does
not bring it back unasked. Neither ever takes a revision's last proof without asking."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from packs import reviewed
from plans import small_draft
from reviewing import dump

from rehearsal import LastEvidence, Workspace
from rehearsal.analysis import Filters, describe, evidence, observations
from rehearsal.changes import Changes
from rehearsal.cli.main import main
from rehearsal.clock import FakeClock
from rehearsal.exchange.packs import export_pack, import_pack
from rehearsal.exchange.shared_folder import set_shared_folder, sync
from rehearsal.plans.readiness import CheckKey, readiness
from rehearsal.storage.removal import TABLES


def complete_run(ws: Workspace, plan_id: str, facilitator: str = "Maya") -> str:
    """A rehearsal that ran every step of the plan, each a little over."""
    clock = FakeClock()
    run = ws.start_rehearsal(plan_id, facilitator=facilitator, clock=clock)
    for step in run.state.steps:
        run.next()
        clock.advance(step.planned_s + 5)
    run.finish()
    return run.rehearsal.id


def own_rows(ws: Workspace, rehearsal_id: str) -> dict[str, list[str]]:
    """The rows of a rehearsal's own tables, as `dump` gives them, for this rehearsal."""
    return {
        table: [row for row in rows if rehearsal_id in row]
        for table, rows in dump(ws, (*TABLES, "step_figures")).items()
    }


def heard(ws: Workspace) -> list[Changes]:
    found: list[Changes] = []
    ws.changes.subscribe(found.append)
    return found


def test_an_archived_rehearsal_is_kept_but_left_out_of_the_analysis(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    first, second = complete_run(ws, plan.id), complete_run(ws, plan.id, "Ana")
    published = heard(ws)
    ws.set_archived([first])
    assert published == [Changes.of(rehearsals=[first])]
    assert ws.archived_rehearsals() == {first}
    assert {r.id for r in ws.rehearsals(plan.id)} == {first, second}  # kept
    obs = observations(ws, plan.id)
    assert [r.id for r in obs.runs] == [second]
    assert describe(evidence(obs)).endswith("1 archived left out")
    shown = observations(ws, plan.id, Filters(include_archived=True))
    assert {r.id for r in shown.runs} == {first, second}
    proof = readiness(ws, plan.id).check(CheckKey.PROVEN)
    assert proof.detail.startswith("1 of 2 complete rehearsals")  # the archived: no proof
    ws.set_archived([first], archived=False)
    assert ws.archived_rehearsals() == frozenset()
    assert len(observations(ws, plan.id).runs) == 2
    published.clear()
    ws.set_archived([first], archived=False)  # nothing changes: nothing published
    assert published == []


def test_the_last_proof_of_a_revision_is_not_taken_without_asking(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    only = complete_run(ws, plan.id)
    assert ws.last_evidence(only)
    with pytest.raises(LastEvidence, match="revision 1 with no complete rehearsal"):
        ws.set_archived([only])
    with pytest.raises(LastEvidence):
        ws.delete_rehearsal(only)
    assert ws.archived_rehearsals() == frozenset() and ws.rehearsal(only).id == only
    another = complete_run(ws, plan.id)
    assert not ws.last_evidence(only) and not ws.last_evidence(another)
    ws.set_archived([another])  # the other one proves the revision still
    assert ws.last_evidence(only)  # …but archived, it no longer counts
    ws.set_archived([only], even_if_last=True)
    assert ws.archived_rehearsals() == {only, another}


def test_delete_removes_everything_and_restore_puts_it_back(ws: Workspace) -> None:
    rid = reviewed(ws)  # marks, flags, an annotation, edits, a debrief answer, an item
    plan_id = ws.rehearsal(rid).plan_id
    ws.set_archived([rid], even_if_last=True)
    before = own_rows(ws, rid)
    assert all(before[t] for t in TABLES)
    copy = ws.rehearsal_copy(rid)
    published = heard(ws)
    ws.delete_rehearsal(rid, even_if_last=True)
    assert published == [Changes.of(rehearsals=[rid], review=[rid])]
    assert all(rows == [] for rows in own_rows(ws, rid).values())
    assert rid not in {r.id for r in ws.rehearsals()}
    assert rid in ws.deleted_rehearsals() and rid not in ws.archived_rehearsals()
    assert not ws.plan_used(plan_id)  # its revision may be edited in place again
    ws.restore_rehearsal(copy)  # the undo
    assert own_rows(ws, rid) == before  # the step figures derived again, alike
    assert rid not in ws.deleted_rehearsals() and rid in ws.archived_rehearsals()


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace, Path]]:
    folder = tmp_path / "Shared"
    folder.mkdir()
    with ExitStack() as stack:
        one = stack.enter_context(Workspace.open(tmp_path / "one.rehearsal"))
        two = stack.enter_context(Workspace.open(tmp_path / "two.rehearsal"))
        set_shared_folder(one, folder)
        set_shared_folder(two, folder)
        yield one, two, folder


def test_a_rehearsal_deleted_here_does_not_come_back_at_the_next_sync(
    pair: tuple[Workspace, Workspace, Path], tmp_path: Path
) -> None:
    one, two, folder = pair
    rid = reviewed(one)
    sync(one)
    sync(two)  # two has it now, and writes its own pack of it
    assert rid in {r.id for r in two.rehearsals()}
    ours = [p for p in folder.iterdir() if f"@{two.origin}" in p.name]
    assert len(ours) == 1 and rid in ours[0].name
    two.delete_rehearsal(rid, even_if_last=True)
    report = sync(two)
    assert rid not in {r.id for r in two.rehearsals()}  # one's pack was merged before
    assert report.removed == ours and not ours[0].exists()  # ours is taken away
    # one annotates it: its pack changes, and is read again, and left out again
    one.review.annotate(rid, "Rooms opened late", author="Sam")
    sync(one)
    report = sync(two)
    assert rid not in {r.id for r in two.rehearsals()} and report.merged == []
    [(skipped, why)] = report.deleted_here
    assert f"@{one.origin}" in skipped.name and "deleted here" in why and "import" in why
    assert "left out 1 of rehearsals deleted here" in report.summary()
    assert sync(two).deleted_here == []  # said once; the file is not read again
    assert rid in {r.id for r in one.rehearsals()}  # deleted there only
    # asked for, the pack brings it back, and says so
    pack = export_pack(one, rid, tmp_path / "handed.rehearsalpack")
    merged = import_pack(two, pack)
    assert "brought back the rehearsal deleted here" in merged.summary()
    assert rid in {r.id for r in two.rehearsals()} and two.deleted_rehearsals() == {}
    assert dump(two, TABLES) == dump(one, TABLES)


def test_the_command_line_lists_archived_rehearsals_on_request(
    ws: Workspace, ws_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = ws.add_plan(small_draft())
    kept, hidden = complete_run(ws, plan.id), complete_run(ws, plan.id)
    ws.set_archived([hidden])
    ws.close()
    assert main(["rehearsals", "--db", str(ws_path)]) == 0
    out = capsys.readouterr().out
    assert kept in out and hidden not in out and "1 archived rehearsal not shown" in out
    assert main(["rehearsals", "--archived", "--db", str(ws_path)]) == 0
    out = capsys.readouterr().out
    assert kept in out and hidden in out and "archived" in out
