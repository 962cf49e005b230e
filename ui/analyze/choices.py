"""What the Analyze filters offer for a program, and which of the filters chosen before
stay chosen: one definition for the filters bar (which shows it) and the loader (which
reads with it off the UI thread, before the bar has been given the program's choices)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Sequence

from rehearsal.analysis import Filters
from rehearsal.model import Plan, Rehearsal, RehearsalStatus

NO_REVISION = "-"  # a plan id no rehearsal has: every revision unchecked matches nothing

# (attribute of Filters, what the combo says for "any", how to read the values off a rehearsal)
COMBOS: tuple[tuple[str, str, Callable[[Rehearsal], list[str]]], ...] = (
    ("kinds", "Any kind", lambda r: [r.kind.value]),
    ("facilitators", "Any facilitator", lambda r: list(r.facilitators)),
    ("producers", "Any producer", lambda r: [r.producer]),
    ("cohorts", "Any cohort", lambda r: [r.cohort]),
    ("regions", "Any region", lambda r: [r.region]),
)


def finished(rehearsals: Sequence[Rehearsal]) -> list[Rehearsal]:
    return [r for r in rehearsals if r.status is RehearsalStatus.FINISHED]


def offered(field: str, rehearsals: Sequence[Rehearsal]) -> list[str]:
    """The values the combo of `field` offers: those the finished rehearsals have."""
    values = next(read for name, _any, read in COMBOS if name == field)
    return sorted({v for r in finished(rehearsals) for v in values(r) if v})


def revisions_checked(before: Filters, listed: Collection[str], plans: Sequence[Plan]) -> list[str]:
    """The revisions checked once `plans` are offered: each checked as before if it was
    listed (`listed`) and a choice was made, every other one checked."""
    return [
        p.id
        for p in plans
        if (p.id in before.plan_ids if p.id in listed and before.plan_ids else True)
    ]


def kept(
    before: Filters,
    listed: Collection[str],
    plans: Sequence[Plan],
    rehearsals: Sequence[Rehearsal],
) -> Filters:
    """`before` once the program's `plans` and `rehearsals` are offered: the revisions
    checked (`revisions_checked`), a chosen value kept while a rehearsal still has it."""
    checked = revisions_checked(before, listed, plans)
    if len(checked) == len(plans):
        plan_ids: tuple[str, ...] = ()
    else:
        plan_ids = tuple(checked) or (NO_REVISION,)

    def still(field: str) -> tuple[str, ...]:
        chosen: tuple[str, ...] = getattr(before, field)
        return chosen if chosen and chosen[0] in offered(field, rehearsals) else ()

    return dataclasses.replace(
        before,
        plan_ids=plan_ids,
        kinds=still("kinds"),
        facilitators=still("facilitators"),
        producers=still("producers"),
        cohorts=still("cohorts"),
        regions=still("regions"),
    )
