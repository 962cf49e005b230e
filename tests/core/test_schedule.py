"""The planned start in the plan's time zone and on this device, with a fixed local zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from plans import small_draft

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.model import Plan
from rehearsal.plans import editor as ops
from rehearsal.rehearsing.live import live_status
from rehearsal.schedule import (
    differs_here,
    is_time_zone,
    plan_today,
    planned_start_at,
    planned_start_caption,
    planned_start_local,
)


def plan(start_s: int | None = 9 * 3600, zone: str = "", slot_s: int | None = None) -> Plan:
    return Plan("p", "prog", 1, "2026-01-01", slot_s=slot_s, start_s=start_s, time_zone=zone)


def test_known_zones() -> None:
    assert is_time_zone("") and is_time_zone("Europe/Berlin") and is_time_zone("UTC")
    assert not is_time_zone("Europe/Atlantis") and not is_time_zone("europe/berlin")


@pytest.mark.usefixtures("in_new_york")
def test_a_berlin_start_shown_in_new_york() -> None:
    berlin = plan(zone="Europe/Berlin")
    winter, gap = date(2026, 3, 2), date(2026, 3, 10)  # US summer time from 8 March, EU's 29
    assert planned_start_local(berlin, winter) == 3 * 3600
    assert planned_start_local(berlin, gap) == 4 * 3600
    assert planned_start_caption(berlin, winter) == "09:00 Europe/Berlin (03:00 here)"
    assert planned_start_at(berlin, winter) == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    assert differs_here(berlin, winter)


@pytest.mark.usefixtures("in_new_york")
def test_local_time_and_the_same_zone_read_the_same() -> None:
    local, here = plan(), plan(zone="America/New_York")
    day = date(2026, 3, 2)
    assert planned_start_local(local, day) == planned_start_local(here, day) == 9 * 3600
    assert planned_start_caption(local, day) == "09:00"
    assert planned_start_caption(here, day) == "09:00 America/New_York"
    assert not differs_here(here, day)
    assert planned_start_local(plan(start_s=None), day) is None
    assert planned_start_caption(plan(start_s=None, zone="UTC"), day) == ""
    # a zone this computer does not know (from another system): shown in local time
    assert planned_start_local(plan(zone="Nowhere/Else"), day) == 9 * 3600


@pytest.mark.usefixtures("in_new_york")
def test_today_is_the_plans_day() -> None:
    late_in_new_york = datetime(2026, 3, 2, 22, 0, tzinfo=UTC).astimezone()  # 17:00 here
    assert plan_today(plan(zone="Asia/Tokyo"), datetime(2026, 3, 2, 22, 0, tzinfo=UTC)) == date(
        2026, 3, 3
    )
    assert plan_today(plan(), late_in_new_york) == date(2026, 3, 2)


@pytest.mark.usefixtures("in_new_york")
def test_the_live_slot_end_follows_the_plans_zone(ws: Workspace) -> None:
    stored = ws.add_plan(small_draft())  # 09:00 start, 30 min slot
    stored = ws.save_plan(ops.update_plan(stored, time_zone="Europe/Berlin"))
    started = datetime(2026, 3, 2, 3, 5).astimezone()  # 03:05 in New York = 09:05 in Berlin
    clock = FakeClock(wall=started)
    run = ws.start_rehearsal(stored.id, clock=clock)
    run.next()
    clock.advance(60)
    now = live_status(run.state, run.plan, run.now_ns(), clock.wall())
    assert now.slot_end is not None and now.slot_end.strftime("%H:%M") == "03:30"
    assert now.absolute_offset_s == pytest.approx(5 * 60)  # five minutes late by its clock
