"""Helpers for review and pack tests: a recorded rehearsal, and a workspace's content."""

from __future__ import annotations

import json
from typing import Any

import raw
from plans import small_draft

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.model import Flag, PlanDraft, Rehearsal

REVIEW_TABLES = ("flags", "annotations", "action_items", "edits")


def recorded(
    ws: Workspace, clock: FakeClock | None = None, draft: PlanDraft | None = None
) -> tuple[Rehearsal, list[Flag]]:
    """A finished rehearsal of the small plan (or `draft`, shaped like it) with two flags,
    a pause and a retry."""
    plan = ws.add_plan(draft or small_draft())
    clock = clock or FakeClock()
    run = ws.start_rehearsal(plan.id, facilitator="Maya", producer="Sam", clock=clock)
    run.next()
    clock.advance(320)
    first = run.flag("tool launch", note="poll link dead", on_handoff=False)
    run.next()
    clock.advance(30)
    run.pause("tech")
    clock.advance(45)
    run.resume()
    clock.advance(200)
    run.next()  # the timed transition
    clock.advance(150)
    run.next()
    clock.advance(20)
    second = run.flag("breakout logistics", note="rooms late", severity="high")
    run.retry()
    clock.advance(950)
    run.next()
    clock.advance(170)
    run.finish()
    return run.rehearsal, [first, second]


def dump(ws: Workspace, tables: tuple[str, ...] | None = None) -> dict[str, list[str]]:
    """Every row of the workspace (or of `tables`), sorted, for comparing two workspaces."""
    names = tables or tuple(
        r["name"]
        for r in raw.rows(
            ws, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        if r["name"] != "meta"
    )
    return {
        name: sorted(
            json.dumps(dict(r), sort_keys=True, default=bytes.hex)
            for r in raw.rows(ws, f"SELECT * FROM {name}")
        )
        for name in names
    }


def shown(ws: Workspace, rehearsal_id: str) -> dict[str, Any]:
    """What a person sees of a rehearsal's review: flags, annotations, debrief, items."""
    review = ws.review
    return {
        "flags": review.flags(rehearsal_id),
        "annotations": sorted(review.annotations(rehearsal_id), key=lambda a: a.id),
        "debrief": review.debrief(rehearsal_id),
        "items": sorted(review.action_items(rehearsal_id), key=lambda i: i.id),
        "conflicts": [(c.entity_id, c.field, c.winner.id) for c in review.conflicts(rehearsal_id)],
    }
