"""Seats with no connection: a producer records flags and notes on their own computer; the
seat's pack lands them on the lead's rehearsal of the same revision, at the moment they
were raised, whatever order the packs arrive in."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from plans import small_draft

from rehearsal.cli.main import main
from rehearsal.clock import FakeClock
from rehearsal.errors import InvalidOperation
from rehearsal.exchange.packs import export_pack, import_pack
from rehearsal.exchange.seat_pack import export_seat_pack, import_seat_pack
from rehearsal.exchange.shared_folder import set_shared_folder, sync
from rehearsal.limits import MAX_NAME_CHARS
from rehearsal.model import Plan
from rehearsal.seat_model import SeatMarkKind, attributed
from rehearsal.workspace import Workspace

NINE = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SKEW_S = 4  # the producer's computer is 4 s ahead of the lead's


def two_workspaces(tmp_path: Path) -> tuple[Path, Path, str]:
    """The lead's workspace with a plan, and a copy of it for the producer."""
    lead, producer = tmp_path / "lead.rehearsal", tmp_path / "producer.rehearsal"
    with Workspace.open(lead) as ws:
        plan_id = ws.add_plan(small_draft()).id
    shutil.copy(lead, producer)
    return lead, producer, plan_id


def rehearse_with_a_seat(lead: Path, producer: Path, plan: str, seat_pack: Path) -> str:
    """The lead runs the plan from 9:00 while Sam follows it on a seat; Sam flags the poll
    at 9:07 (on the lead's clock) and notes the breakout at 9:15. The lead's rehearsal id."""
    lead_clock = FakeClock(NINE)
    seat_clock = FakeClock(NINE + timedelta(seconds=SKEW_S))
    with Workspace.open(lead) as a, Workspace.open(producer) as b:
        run = a.start_rehearsal(plan, clock=lead_clock)
        seat = b.start_seat(plan, role="producer", person="Sam", clock=seat_clock)

        def both(seconds: float) -> None:
            lead_clock.advance(seconds)
            seat_clock.advance(seconds)

        run.next()  # 9:00 Welcome (300 s)
        both(300)
        run.next()  # 9:05 Poll (240 s)
        both(120)
        seat.flag("tool launch", note="poll link 404", severity="high")
        both(120)
        run.next()  # 9:09 hand-off (120 s)
        both(120)
        run.next()  # 9:11 Breakout (900 s)
        both(240)
        seat.note("Room 3 silent")
        both(660)
        run.next()  # 9:26 Close
        both(180)
        run.finish()
        seat.finish()
        export_seat_pack(b, seat.id, seat_pack)
        return run.rehearsal.id


def test_a_seat_lands_on_the_lead_rehearsal_at_the_moment_raised(tmp_path: Path) -> None:
    lead, producer, plan_id = two_workspaces(tmp_path)
    pack = tmp_path / "sam.rehearsalseat"
    rid = rehearse_with_a_seat(lead, producer, plan_id, pack)
    with Workspace.open(lead) as ws:
        report = import_seat_pack(ws, pack)
        assert (report.added, report.landed, report.waiting) == (2, 2, 0)
        plan = ws.plan(plan_id)
        [flag] = ws.flags(rid)
        start = ws.rehearsal_summary(rid)  # the run's clock starts at its first mark
        first_ns = next(e.at_ns for e in ws.events(rid) if e.kind.value == "next")
        assert flag.at_ns - first_ns == (420 + SKEW_S) * 10**9  # 9:07, by Sam's clock
        assert (flag.category, flag.severity, flag.note) == ("tool launch", "high", "poll link 404")
        assert flag.raised_by == "Sam (producer)"
        assert flag.segment_id == _segment(plan, "Poll") and flag.transition_id is None
        [note] = ws.review.annotations(rid)
        assert (note.text, note.author, note.segment_id) == (
            "Room 3 silent",
            "Sam (producer)",
            _segment(plan, "Breakout"),
        )
        assert note.at_ns is not None and note.at_ns - first_ns == (900 + SKEW_S) * 10**9
        assert start.rehearsal.id == rid
        # importing it again changes nothing
        assert import_seat_pack(ws, pack).added == 0
        assert len(ws.flags(rid)) == 1 and len(ws.review.annotations(rid)) == 1


def _segment(plan: Plan, title: str) -> str:
    return next(s.id for s in plan.segments if s.title == title)


def test_order_free_seat_first_or_rehearsal_first(tmp_path: Path) -> None:
    lead, producer, plan_id = two_workspaces(tmp_path)
    seat_pack = tmp_path / "sam.rehearsalseat"
    rid = rehearse_with_a_seat(lead, producer, plan_id, seat_pack)
    run_pack = tmp_path / "run.rehearsalpack"
    with Workspace.open(lead) as ws:
        export_pack(ws, rid, run_pack)  # before the seat reached the lead
    found = []
    for order in ((seat_pack, run_pack), (run_pack, seat_pack)):
        path = tmp_path / f"third-{order[0].suffix}.rehearsal"
        shutil.copy(producer, path)  # has the plan (and Sam's seat: remove nothing)
        with Workspace.open(path) as ws:
            for file in order:
                (import_seat_pack if file == seat_pack else import_pack)(ws, file)
            found.append(
                (
                    sorted((f.id, f.at_ns, f.segment_id, f.raised_by) for f in ws.flags(rid)),
                    sorted((a.id, a.at_ns) for a in ws.review.annotations(rid)),
                )
            )
    assert found[0] == found[1] and len(found[0][0]) == 1


def test_a_seat_matching_no_rehearsal_waits_and_can_be_attached(tmp_path: Path) -> None:
    lead, producer, plan_id = two_workspaces(tmp_path)
    seat_clock = FakeClock(NINE - timedelta(hours=5))  # a seat the day's other session
    pack = tmp_path / "early.rehearsalseat"
    with Workspace.open(producer) as b:
        seat = b.start_seat(plan_id, role="co-facilitator", person="Ana", clock=seat_clock)
        seat.flag("other")
        seat.finish()
        export_seat_pack(b, seat.id, pack)
    rid = rehearse_with_a_seat(lead, producer, plan_id, tmp_path / "sam.rehearsalseat")
    with Workspace.open(lead) as ws:
        report = import_seat_pack(ws, pack)
        assert (report.landed, report.waiting) == (0, 1)
        [status] = [s for s in ws.seats.statuses() if s.seat.person == "Ana"]
        assert status.waiting == 1 and status.rehearsals == ()
        changes = ws.seats.attach(seat.id, rid)
        assert rid in changes.review
        [flag] = ws.flags(rid)
        assert flag.raised_by == "Ana (co-facilitator)"
        first_ns = ws.events(rid)[0].at_ns
        assert flag.at_ns == first_ns  # before the run: at its start
        assert ws.seats.statuses()[0].waiting == 0


def test_a_seat_follows_the_plan_clock_or_the_person(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())  # starts at 9:00, Welcome 300 s then Poll
    clock = FakeClock(datetime(2026, 3, 2, 9, 6).astimezone())
    seat = ws.start_seat(plan.id, person="Sam", clock=clock)
    assert seat.steps[seat.planned_step()].title == "Poll"
    seat.next_step()
    assert seat.steps[seat.planned_step()].kind.value == "transition"
    clock.advance(3600)  # stepped by hand: the clock no longer moves it
    assert seat.steps[seat.planned_step()].kind.value == "transition"
    assert [m.kind for m in seat.marks] == [SeatMarkKind.STEP]
    seat.finish()
    with pytest.raises(InvalidOperation, match="finished"):
        seat.flag("other")
    with pytest.raises(InvalidOperation, match="role"):
        ws.start_seat(plan.id, role="admin")


def test_an_unfinished_seat_goes_on_after_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "producer.rehearsal"
    clock = FakeClock(NINE)
    with Workspace.open(path) as ws:
        plan_id = ws.add_plan(small_draft()).id
        seat = ws.start_seat(plan_id, person="Sam", clock=clock)
        seat.flag("other")
        done = ws.start_seat(plan_id, person="Jo", clock=clock)
        done.finish()
    with Workspace.open(path) as ws:  # the app closed with Sam's seat recording
        assert [r.id for r in ws.seats.unfinished(ws.origin, plan_id)] == [seat.id]
        assert ws.seats.unfinished(ws.origin, "another plan") == []
        again = ws.resume_seat(seat.id, clock=clock)
        again.note("back after the restart")
        assert [m.kind for m in again.marks] == [SeatMarkKind.FLAG, SeatMarkKind.NOTE]
        with pytest.raises(InvalidOperation, match="finished"):
            ws.resume_seat(done.id)
        pack = tmp_path / "sam.rehearsalseat"
        export_seat_pack(ws, seat.id, pack)
    with Workspace.open(tmp_path / "lead.rehearsal") as lead:  # another workspace's seat
        import_seat_pack(lead, pack)
        assert lead.seats.unfinished(lead.origin) == []
        with pytest.raises(InvalidOperation, match="another workspace"):
            lead.resume_seat(seat.id)


def test_the_cli_exports_imports_lists_and_attaches_seats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead, producer, plan_id = two_workspaces(tmp_path)
    with Workspace.open(producer) as b:
        seat = b.start_seat(plan_id, person="Sam", clock=FakeClock(NINE - timedelta(days=1)))
        seat.flag("breakout logistics")
        seat.finish()
    rid = rehearse_with_a_seat(lead, producer, plan_id, tmp_path / "unused.rehearsalseat")
    out = tmp_path / "seat.rehearsalseat"
    assert main(["pack", "export", seat.id, "-o", str(out), "--db", str(producer)]) == 0
    assert main(["pack", "import", str(out), "--db", str(lead)]) == 0
    assert "1 waiting" in capsys.readouterr().out
    assert main(["seats", "--attach", seat.id, rid, "--db", str(lead)]) == 0
    assert f"1 flag or note on {rid}" in capsys.readouterr().out
    assert main(["pack", "import", str(out), "--db", str(lead)]) == 0
    assert "nothing new" in capsys.readouterr().out


def test_seats_travel_through_the_shared_folder(tmp_path: Path) -> None:
    lead, producer, plan_id = two_workspaces(tmp_path)
    folder = tmp_path / "shared"
    folder.mkdir()
    rid = rehearse_with_a_seat(lead, producer, plan_id, tmp_path / "sam.rehearsalseat")
    with Workspace.open(producer) as b:
        set_shared_folder(b, folder)
        sync(b)
    assert len(list(folder.glob("seat *.rehearsalseat"))) == 1
    with Workspace.open(lead) as a:
        set_shared_folder(a, folder)
        report = sync(a)
        assert len(report.seats) == 1 and report.seats[0].landed == 2
        assert [f.raised_by for f in a.flags(rid)] == ["Sam (producer)"]


def test_a_seat_imported_during_the_run_lands_when_it_ends(tmp_path: Path) -> None:
    lead, producer, plan_id = two_workspaces(tmp_path)
    lead_clock, seat_clock = FakeClock(NINE), FakeClock(NINE)
    pack = tmp_path / "sam.rehearsalseat"
    with Workspace.open(lead) as a, Workspace.open(producer) as b:
        run = a.start_rehearsal(plan_id, clock=lead_clock)
        seat = b.start_seat(plan_id, person="Sam", clock=seat_clock)
        run.next()
        lead_clock.advance(200)  # more than the two minutes a window is widened by
        seat_clock.advance(200)
        seat.flag("audio/video/connectivity")
        seat.finish()
        export_seat_pack(b, seat.id, pack)
        assert import_seat_pack(a, pack).landed == 0  # the run has no mark after it yet
        lead_clock.advance(60)
        run.finish()
        assert [f.raised_by for f in a.flags(run.rehearsal.id)] == ["Sam (producer)"]


@pytest.mark.parametrize(
    ("person", "seat", "shown"),
    [
        ("Sam", "producer", "Sam (producer)"),
        ("  Sam ", "", "Sam"),
        ("", "co-facilitator", "co-facilitator"),
        ("", "", ""),
    ],
)
def test_a_second_seats_mark_is_attributed_to_person_and_seat(
    person: str, seat: str, shown: str
) -> None:
    assert attributed(person, seat) == shown


def test_an_attribution_stays_within_a_names_bound() -> None:
    long = attributed("S" * MAX_NAME_CHARS, "co-facilitator")
    assert len(long) == MAX_NAME_CHARS and long.endswith("S (co-facilitator)")
