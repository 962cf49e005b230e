"""Sign-off per role and launch dates: recorded, taken back, and merged between
workspaces through packs and the shared folder, idempotently and in any order."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packs import write
from plans import small_draft
from reviewing import dump, recorded

from rehearsal import Workspace
from rehearsal.changes import Changes
from rehearsal.clock import FakeClock
from rehearsal.errors import InvalidOperation, NotFound
from rehearsal.exchange.packs import import_pack, pack_bytes
from rehearsal.exchange.shared_folder import set_shared_folder, sync
from rehearsal.plans.readiness import CheckKey, readiness
from rehearsal.signoff_model import SignoffRole

SIGNOFF_TABLES = ("signoffs", "launch_dates")


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace]]:
    with ExitStack() as stack:
        yield (
            stack.enter_context(Workspace.open(tmp_path / "lead.rehearsal")),
            stack.enter_context(Workspace.open(tmp_path / "producer.rehearsal")),
        )


def test_received_then_accepted_and_taken_back(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft(), program="Onboarding")
    heard: list[Changes] = []
    ws.changes.subscribe(heard.append)
    ws.signoffs.record(plan.id, "producer", " Sam ", accepted=False, note="Got it")
    assert heard == [Changes.of(signoffs=[plan.id])]
    [sam] = ws.signoffs.of(plan.id).people
    assert (sam.person, sam.accepted, sam.note) == ("Sam", False, "Got it")
    accepted = ws.signoffs.record(plan.id, SignoffRole.PRODUCER, "Sam", accepted=True)
    [sam] = ws.signoffs.of(plan.id).people
    assert sam.accepted and sam.received_at is not None and sam.received_at < sam.accepted_at
    assert SignoffRole.PRODUCER not in ws.signoffs.of(plan.id).missing_roles()
    ws.signoffs.withdraw(accepted.id)  # undo: the acceptance is gone, the receipt stays
    [sam] = ws.signoffs.of(plan.id).people
    assert not sam.accepted and sam.received_at is not None
    assert len(ws.signoffs.records(plan.id)) == 3  # nothing is ever removed


def test_last_accepted_names_the_latest_revision_of_the_program(ws: Workspace) -> None:
    first = ws.add_plan(small_draft(), program="Onboarding")
    rehearse = ws.start_rehearsal(first.id, clock=FakeClock())
    rehearse.abandon()  # revision 1 is used: the next edit makes revision 2
    second = ws.save_plan(dataclasses.replace(first, notes="rev 2"))
    assert second.revision == 2
    signoffs = ws.signoffs
    assert signoffs.last_accepted(first.program_id, "facilitator", "Maya") is None
    signoffs.record(first.id, "facilitator", "Maya", accepted=True)
    assert signoffs.last_accepted(second.id, "facilitator", "Maya") == 1
    later = signoffs.record(second.id, "facilitator", "Maya", accepted=True)
    assert signoffs.last_accepted(first.program_id, "facilitator", "Maya") == 2
    assert signoffs.last_accepted(first.program_id, "producer", "Maya") is None
    signoffs.withdraw(later.id)
    assert signoffs.last_accepted(first.id, "facilitator", "Maya") == 1
    with pytest.raises(NotFound):
        signoffs.last_accepted("no-such-thing", "facilitator", "Maya")


@pytest.mark.parametrize(
    ("role", "person", "note", "problem"),
    [
        ("sponsor", "Sam", "", "role is one of designer"),
        ("producer", "   ", "", "The person"),
        ("producer", "x" * 1001, "", "The person"),
        ("producer", "Sam", "\ud800", "A note"),
        ("producer", "Sa\x00m", "", "The person"),
    ],
)
def test_bad_sign_off_is_refused_and_stores_nothing(
    ws: Workspace, role: str, person: str, note: str, problem: str
) -> None:
    plan = ws.add_plan(small_draft())
    with pytest.raises(InvalidOperation, match=problem):
        ws.signoffs.record(plan.id, role, person, accepted=True, note=note)
    assert ws.signoffs.records(plan.id) == []


def test_launch_dates_are_set_cleared_and_kept_by_the_next_revision(ws: Workspace) -> None:
    first = ws.add_plan(small_draft(), program="Onboarding")
    assert ws.signoffs.launch(first.id) is None
    ws.signoffs.set_launch(first.id, "2027-03-01")
    assert ws.signoffs.launch(first.id) == date(2027, 3, 1)
    ws.start_rehearsal(first.id, clock=FakeClock()).abandon()
    second = ws.save_plan(dataclasses.replace(first, notes="rev 2"))
    assert ws.signoffs.launch(second.id) == date(2027, 3, 1)  # made for the same launch
    ws.signoffs.set_launch(second.id, date(2027, 4, 1))
    assert ws.signoffs.launch(second.id) == date(2027, 4, 1)
    assert ws.signoffs.launch(first.id) == date(2027, 3, 1)
    ws.signoffs.set_launch(second.id, "none")
    assert ws.signoffs.launch(second.id) is None  # cleared on this revision
    for bad in ("2027-02-31", "01/03/2027", "1999-12-31", "9999-01-01", 20270301):
        with pytest.raises(InvalidOperation, match="launch date"):
            ws.signoffs.set_launch(first.id, bad)
    assert ws.signoffs.launch(first.id) == date(2027, 3, 1)


def test_readiness_names_who_is_missing_and_checks_the_producers_lead(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    clock = FakeClock(datetime(2027, 2, 20, 12, tzinfo=UTC))
    ws.signoffs.clock = clock
    report = readiness(ws, plan.id)
    lead = report.check(CheckKey.PRODUCER_LEAD)
    assert not lead.passed and lead.missing == ("launch date",)
    ws.signoffs.set_launch(plan.id, "2027-03-01")
    ws.signoffs.record(plan.id, "designer", "Maya", accepted=True)
    ws.signoffs.record(plan.id, "producer", "Sam", accepted=False)
    report = readiness(ws, plan.id)
    signed = report.check(CheckKey.SIGNED_OFF)
    assert signed.missing == (
        "facilitator (nobody)",
        "producer (Sam received it, not accepted)",
        "learning operations (nobody)",
    )
    lead = report.check(CheckKey.PRODUCER_LEAD)
    assert lead.passed, lead.detail  # received 9 days before, 5 needed
    assert lead.detail == (
        "Producer Sam received it on 2027-02-20, 9 days before the launch on 2027-03-01 "
        "(5 days needed)."
    )
    ws.set_launch_rules(producer_lead_days=10)
    lead = readiness(ws, plan.id).check(CheckKey.PRODUCER_LEAD)
    assert not lead.passed and lead.missing == ("producer Sam",)
    for role in ("facilitator", "producer", "learning-operations"):
        ws.signoffs.record(plan.id, role, "Ana", accepted=True)
    assert readiness(ws, plan.id).check(CheckKey.SIGNED_OFF).passed


# -- between workspaces -------------------------------------------------------------------------
def test_sign_off_travels_in_a_pack_both_ways(pair: tuple[Workspace, Workspace]) -> None:
    lead, producer = pair
    rehearsal, _ = recorded(lead)
    plan_id = rehearsal.plan_id
    lead.signoffs.set_launch(plan_id, "2027-03-01")
    lead.signoffs.record(plan_id, "designer", "Maya", accepted=True)
    there = Path(producer.path).with_name("to-producer.rehearsalpack")
    there.write_bytes(pack_bytes(lead, rehearsal.id))
    report = import_pack(producer, there)
    assert report.added["signoffs"] == 1 and report.added["launch_dates"] == 1
    assert plan_id in report.changes.signoffs
    producer.signoffs.record(plan_id, "producer", "Sam", accepted=True, note="Cues are clear")
    back = Path(lead.path).with_name("to-lead.rehearsalpack")
    back.write_bytes(pack_bytes(producer, rehearsal.id, "annotations"))
    assert import_pack(lead, back).added["signoffs"] == 1
    assert lead.signoffs.of(plan_id) == producer.signoffs.of(plan_id)
    assert lead.signoffs.launch(plan_id) == producer.signoffs.launch(plan_id) == date(2027, 3, 1)
    assert import_pack(lead, back).added["signoffs"] == 0  # twice: nothing new
    assert dump(lead, SIGNOFF_TABLES) == dump(producer, SIGNOFF_TABLES)


def test_sign_off_of_a_revision_no_rehearsal_used_travels_with_the_program(
    pair: tuple[Workspace, Workspace],
) -> None:
    lead, producer = pair
    rehearsal, _ = recorded(lead)
    first = lead.plan(rehearsal.plan_id)
    second = lead.save_plan(dataclasses.replace(first, notes="rev 2"))
    lead.signoffs.record(second.id, "learning-operations", "Lee", accepted=True)
    pack = write(producer.path.parent, "p.rehearsalpack", pack_bytes(lead, rehearsal.id))
    import_pack(producer, pack)
    assert [p.person for p in producer.signoffs.of(second.id).people] == ["Lee"]


def test_sign_off_meets_in_the_shared_folder(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    with (
        Workspace.open(tmp_path / "a.rehearsal") as one,
        Workspace.open(tmp_path / "b.rehearsal") as two,
    ):
        set_shared_folder(one, folder)
        set_shared_folder(two, folder)
        rehearsal, _ = recorded(one)
        sync(one)
        sync(two)
        two.signoffs.record(rehearsal.plan_id, "producer", "Sam", accepted=False)
        two.signoffs.set_launch(rehearsal.plan_id, "2027-05-03")
        sync(two)  # its pack now holds the sign-off: written again
        sync(one)
        assert one.signoffs.of(rehearsal.plan_id) == two.signoffs.of(rehearsal.plan_id)
        assert one.signoffs.launch(rehearsal.plan_id) == date(2027, 5, 3)
        assert dump(one, SIGNOFF_TABLES) == dump(two, SIGNOFF_TABLES)


ACTS = st.lists(
    st.tuples(
        st.integers(0, 2),  # which workspace acts
        st.sampled_from(["received", "accepted", "withdraw", "launch"]),
        st.sampled_from(list(SignoffRole)),
        st.sampled_from(["Sam", "Maya"]),
    ),
    max_size=8,
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(acts=ACTS, order=st.permutations([0, 1, 2]))
def test_merging_is_idempotent_and_order_free(
    tmp_path_factory: pytest.TempPathFactory,
    acts: list[tuple[int, str, SignoffRole, str]],
    order: list[int],
) -> None:
    """Three workspaces sign off (and take back) on their own; each one's pack, merged in
    any order and twice, leaves every workspace with the same records and state."""
    folder = tmp_path_factory.mktemp("merge")
    with ExitStack() as stack:
        source = stack.enter_context(Workspace.open(folder / "source.rehearsal"))
        rehearsal, _ = recorded(source)
        plan_id = rehearsal.plan_id
        seed = folder / "seed.rehearsalpack"
        seed.write_bytes(pack_bytes(source, rehearsal.id))
        spaces = []
        for n in range(3):
            ws = stack.enter_context(Workspace.open(folder / f"w{n}.rehearsal"))
            import_pack(ws, seed)
            spaces.append(ws)
        days = itertools.count(1)
        for who, act, role, person in acts:
            ws = spaces[who]
            if act == "withdraw":
                mine = [r for r in ws.signoffs.records(plan_id) if r.kind.value != "withdrawn"]
                if mine:
                    ws.signoffs.withdraw(mine[-1].id)
            elif act == "launch":
                ws.signoffs.set_launch(plan_id, date(2027, 1, next(days)))
            else:
                ws.signoffs.record(plan_id, role, person, accepted=act == "accepted")
        packs = []
        for n, ws in enumerate(spaces):
            path = folder / f"from-{n}.rehearsalpack"
            path.write_bytes(pack_bytes(ws, rehearsal.id))
            packs.append(path)
        for ws in spaces:
            for n in [*order, *order]:  # every pack, in this order, twice
                import_pack(ws, packs[n])
        states = [(ws.signoffs.of(plan_id), ws.signoffs.launch(plan_id)) for ws in spaces]
        assert states[0] == states[1] == states[2]
        dumps = [dump(ws, SIGNOFF_TABLES) for ws in spaces]
        assert dumps[0] == dumps[1] == dumps[2]
