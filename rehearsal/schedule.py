"""A plan's planned start on a given day, in the plan's own time zone and on this device.

A plan says when it starts as a time of day (`Plan.start_s`) in a time zone
(`Plan.time_zone`, an IANA name; "" is the local time of whatever device shows it). Every
surface that shows a planned clock time — the Design view's Start column, the live
screen's slot end and offset by the planned clock, the rehearsal report — asks here, so
they agree. A shared value like `durations`: the live screen (`rehearsing`) and the format
readers (`formats`), below `plans` in the core's layers, use it too.
"""

from __future__ import annotations

import functools
import zoneinfo
from datetime import date, datetime, time, timedelta, tzinfo

from rehearsal.durations import format_time_of_day
from rehearsal.model import Plan

LOCAL_LABEL = "local time of this device"


@functools.cache
def time_zones() -> tuple[str, ...]:
    """Every IANA time zone this computer knows, sorted (read once: it scans a folder)."""
    return tuple(sorted(zoneinfo.available_timezones()))


def is_time_zone(name: str) -> bool:
    """A plan's time zone may be "" (the device's local time) or a known IANA name."""
    return name == "" or name in _known()


@functools.cache
def _known() -> frozenset[str]:
    return frozenset(time_zones())


def zone_label(name: str) -> str:
    return name or LOCAL_LABEL


def _zone(name: str) -> tzinfo | None:
    """The zone named, or None for the local time (also for a name this computer's time
    zone data does not have: a plan from a newer system still shows, in local time)."""
    if not is_time_zone(name) or not name:
        return None
    return zoneinfo.ZoneInfo(name)


def plan_today(plan: Plan, now: datetime | None = None) -> date:
    """Today in the plan's zone (`now`, aware, defaults to the current moment)."""
    moment = now if now is not None else datetime.now().astimezone()
    zone = _zone(plan.time_zone)
    return (moment.astimezone(zone) if zone is not None else moment).date()


def planned_start_at(plan: Plan, on_day: date, local: tzinfo | None = None) -> datetime | None:
    """The moment the plan is planned to start on `on_day` (a day in the plan's zone), as
    an aware datetime in the plan's zone; in `local` (default: this device's zone) when the
    plan has none. None when the plan has no planned start."""
    if plan.start_s is None:
        return None
    wall = datetime.combine(on_day, time()) + timedelta(seconds=plan.start_s)
    zone = _zone(plan.time_zone)
    if zone is not None:
        return wall.replace(tzinfo=zone)
    return wall.replace(tzinfo=local) if local is not None else wall.astimezone()


def planned_start_local(plan: Plan, on_day: date, local: tzinfo | None = None) -> int | None:
    """The planned start on `on_day` as a time of day here (seconds after midnight, in
    `local` or this device's zone): what the Start column and the reports show."""
    at = planned_start_at(plan, on_day, local)
    if at is None:
        return None
    here = at.astimezone(local) if local is not None else at.astimezone()
    return here.hour * 3600 + here.minute * 60 + here.second


def differs_here(plan: Plan, on_day: date, local: tzinfo | None = None) -> bool:
    """Whether the plan's clock reads differently here on that day (its zone is not ours)."""
    at = planned_start_at(plan, on_day, local)
    if at is None or not plan.time_zone:
        return False
    here = at.astimezone(local) if local is not None else at.astimezone()
    return at.utcoffset() != here.utcoffset()


def planned_start_caption(plan: Plan, on_day: date, local: tzinfo | None = None) -> str:
    """ "09:00 Europe/Berlin (15:00 here)" when the plan's zone is not this device's,
    "09:00 Europe/Berlin" when it is, "09:00" in local time; "" with no planned start."""
    if plan.start_s is None:
        return ""
    text = format_time_of_day(plan.start_s)
    if not plan.time_zone:
        return text
    text += f" {plan.time_zone}"
    here = planned_start_local(plan, on_day, local)
    if here is not None and differs_here(plan, on_day, local):
        text += f" ({format_time_of_day(here)} here)"
    return text
