"""Readiness before launch: is a plan ready to rehearse or to put in front of learners?

Eight checks, each a launch condition from PRODUCT.md: design intent documented for every
segment, producer cues on every interaction, the non-negotiables marked, the planned total
fitting the slot with a buffer, the timing proven by enough complete rehearsals of this
revision, no open high-severity flag left on the plan, every sign-off role
(`signoff_model.SignoffRole`) having accepted this revision, and the producer having
received it the launch rules' days before its launch date.

The score is the share of checks that pass, 0–100, every check weighing the same. Each one
is a launch blocker on its own, so none is worth more than another, and an equal weighting
keeps the score explainable ("6 of 8 checks pass" is 75); the plan is `ready` only when
every check passes, which is exactly when the score is 100.

`assess` is pure (a plan and plain values in, a report out); `readiness` gathers those
values from a workspace (any `ReadinessSource`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Protocol

from rehearsal.durations import count, format_date, format_duration, moment_date
from rehearsal.launch_rules import DEFAULT_RULES, LaunchRules
from rehearsal.model import (
    INTERACTIVE,
    Flag,
    FlagStatus,
    Plan,
    Rehearsal,
    RehearsalStatus,
    Segment,
    Severity,
)
from rehearsal.rehearsing.timing import handoff_id
from rehearsal.signoff_model import ROLE_TITLES, SignoffRole, SignoffState
from rehearsal.storage.figures import StoredRun

DEFAULT_BUFFER_PCT = DEFAULT_RULES.buffer_pct
DEFAULT_MIN_REHEARSALS = DEFAULT_RULES.min_rehearsals
DEFAULT_PRODUCER_LEAD_DAYS = DEFAULT_RULES.producer_lead_days
_NAMES_SHOWN = 5


class CheckKey(StrEnum):
    INTENT = "intent"
    PRODUCER_CUES = "producer-cues"
    NON_NEGOTIABLES = "non-negotiables"
    FITS_SLOT = "fits-slot"
    PROVEN = "proven"
    OPEN_FLAGS = "open-flags"
    SIGNED_OFF = "signed-off"
    PRODUCER_LEAD = "producer-lead"


CHECK_TITLES: dict[CheckKey, str] = {
    CheckKey.INTENT: "Design intent documented",
    CheckKey.PRODUCER_CUES: "Producer cues on every interaction",
    CheckKey.NON_NEGOTIABLES: "Non-negotiables marked",
    CheckKey.FITS_SLOT: "Fits the slot with a buffer",
    CheckKey.PROVEN: "Timing proven in rehearsal",
    CheckKey.OPEN_FLAGS: "High-severity flags resolved",
    CheckKey.SIGNED_OFF: "Every role accepted this revision",
    CheckKey.PRODUCER_LEAD: "Producer received it before launch",
}


@dataclass(frozen=True, slots=True)
class ReadinessCheck:
    """One launch condition. `detail` is a sentence; `segment_ids` are the segments the check
    objects to (in plan order, empty when it passes) so a view can jump to them."""

    key: CheckKey
    title: str
    passed: bool
    detail: str
    segment_ids: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()  # who is missing: "producer (Sam received it)", …


@dataclass(frozen=True, slots=True)
class ReadinessReport:
    plan_id: str
    score: int  # 0–100: the share of checks that pass
    ready: bool  # every check passes
    checks: tuple[ReadinessCheck, ...]
    reasons: tuple[str, ...]  # one sentence per failed check, in check order
    complete_rehearsals: int = 0  # of this revision: what proves its timing
    open_high_flags: int = 0  # flags that block it (`blocking_flags`)

    @property
    def failed(self) -> tuple[ReadinessCheck, ...]:
        return tuple(c for c in self.checks if not c.passed)

    def check(self, key: CheckKey | str) -> ReadinessCheck:
        for c in self.checks:
            if c.key == key:
                return c
        raise KeyError(key)


def assess(
    plan: Plan,
    *,
    complete_rehearsals: int,
    open_high_flags: Sequence[Flag],
    buffer_pct: float = DEFAULT_BUFFER_PCT,
    min_rehearsals: int = DEFAULT_MIN_REHEARSALS,
    stopped_early: int = 0,
    click_throughs: int = 0,
    signoffs: SignoffState | None = None,
    launch_on: date | None = None,
    producer_lead_days: int = DEFAULT_PRODUCER_LEAD_DAYS,
) -> ReadinessReport:
    """Check `plan` for launch.

    `complete_rehearsals` counts the complete rehearsals of this very revision (a
    click-through is none): only they prove its timing; `stopped_early` and
    `click_throughs` of it are named as not counted;
    `open_high_flags` are flags raised in rehearsals of any revision of the program — only
    those still open, of high severity and on this plan (one of its segments or hand-offs,
    or the session as a whole) count, so callers may pass more;
    `signoffs` are this revision's (None: nobody signed it off) and `launch_on` its launch
    date, which the producer must have received it `producer_lead_days` before.
    """
    if not 0 <= buffer_pct < 100:
        raise ValueError(f"buffer_pct must be from 0 to under 100, not {buffer_pct}")
    if min_rehearsals < 0:
        raise ValueError(f"min_rehearsals must not be negative, not {min_rehearsals}")
    running = tuple(s for s in plan.segments if not s.marker and not s.skipped)
    signed = signoffs if signoffs is not None else SignoffState(plan.id, ())
    blocking = blocking_flags(plan, open_high_flags)
    checks = (
        _intent(running),
        _producer_cues(running),
        _non_negotiables(running),
        _fits_slot(plan, buffer_pct),
        _proven(plan, complete_rehearsals, min_rehearsals, stopped_early, click_throughs),
        _open_flags(plan, blocking),
        _signed_off(plan, signed),
        _producer_lead(plan, signed, launch_on, producer_lead_days),
    )
    passed = sum(c.passed for c in checks)
    return ReadinessReport(
        plan_id=plan.id,
        score=round(100 * passed / len(checks)),
        ready=passed == len(checks),
        checks=checks,
        reasons=tuple(c.detail for c in checks if not c.passed),
        complete_rehearsals=complete_rehearsals,
        open_high_flags=len(blocking),
    )


class ReadinessSource(Protocol):
    """What readiness reads of a workspace (`rehearsal.workspace.Workspace` is one)."""

    def plan(self, plan_id: str) -> Plan: ...

    def plans(self, program_id: str) -> list[Plan]: ...

    def rehearsals(self, plan_id: str | None = None) -> list[Rehearsal]: ...

    def flags_of(self, rehearsal_ids: Sequence[str]) -> dict[str, list[Flag]]: ...

    def step_figures(self, rehearsals: Sequence[Rehearsal]) -> dict[str, StoredRun]: ...

    def launch_rules(self) -> LaunchRules: ...

    def archived_rehearsals(self) -> frozenset[str]: ...

    def plan_signoffs(self, plan_id: str) -> SignoffState: ...

    def launch_date(self, plan_id: str) -> date | None: ...


def readiness(
    ws: ReadinessSource,
    plan_id: str,
    *,
    buffer_pct: float | None = None,
    min_rehearsals: int | None = None,
) -> ReadinessReport:
    """`assess` the plan `plan_id` with its rehearsals and its program's flags, against the
    workspace's launch rules (`buffer_pct` or `min_rehearsals` given: those instead)."""
    rules = ws.launch_rules()
    plan = ws.plan(plan_id)
    revisions = {p.id for p in ws.plans(plan.program_id)}
    program = [r for r in ws.rehearsals() if r.plan_id in revisions]
    archived = ws.archived_rehearsals()  # kept, but no proof of the timing
    finished = [r for r in program if r.status is RehearsalStatus.FINISHED and r.plan_id == plan.id]
    return readiness_of(
        plan,
        program,
        figures=ws.step_figures([r for r in finished if r.id not in archived]),
        flags=ws.flags_of([r.id for r in program]),
        archived=archived,
        rules=rules,
        signoffs=ws.plan_signoffs(plan.id),
        launch_on=ws.launch_date(plan.id),
        buffer_pct=buffer_pct,
        min_rehearsals=min_rehearsals,
    )


def readiness_of(
    plan: Plan,
    program_rehearsals: Sequence[Rehearsal],
    *,
    figures: Mapping[str, StoredRun],
    flags: Mapping[str, Sequence[Flag]],
    archived: frozenset[str],
    rules: LaunchRules,
    signoffs: SignoffState | None,
    launch_on: date | None,
    buffer_pct: float | None = None,
    min_rehearsals: int | None = None,
) -> ReadinessReport:
    """`readiness` from values read already: the rehearsals of the plan's program, the
    step figures of (at least) its finished ones, the flags of (at least) the program's
    rehearsals, the archived rehearsals' ids (the portfolio reads these once for every
    program)."""
    buffer_pct = rules.buffer_pct if buffer_pct is None else buffer_pct
    min_rehearsals = rules.min_rehearsals if min_rehearsals is None else min_rehearsals
    finished = [
        r
        for r in program_rehearsals
        if r.status is RehearsalStatus.FINISHED and r.plan_id == plan.id and r.id not in archived
    ]
    totals = [figures[r.id].totals for r in finished if r.id in figures]
    complete = sum(t.complete and not t.click_through for t in totals)
    clicked = sum(t.click_through for t in totals)
    open_high = [
        f
        for r in program_rehearsals
        for f in flags.get(r.id, ())
        if f.status is FlagStatus.OPEN and f.severity is Severity.HIGH
    ]
    return assess(
        plan,
        complete_rehearsals=complete,
        open_high_flags=open_high,
        stopped_early=len(totals) - complete - clicked,
        click_throughs=clicked,
        buffer_pct=buffer_pct,
        min_rehearsals=min_rehearsals,
        signoffs=signoffs,
        launch_on=launch_on,
        producer_lead_days=rules.producer_lead_days,
    )


def report_json(report: ReadinessReport) -> dict[str, Any]:
    """The report as plain JSON values (the shape `rehearsal readiness --json` prints)."""
    return {
        "plan": report.plan_id,
        "score": report.score,
        "ready": report.ready,
        "checks": [
            {
                "key": c.key.value,
                "title": c.title,
                "passed": c.passed,
                "detail": c.detail,
                "segments": list(c.segment_ids),
                "missing": list(c.missing),
            }
            for c in report.checks
        ],
    }


# -- the checks -------------------------------------------------------------------------------
def _check(
    key: CheckKey, passed: bool, detail: str, segments: Iterable[Segment] = ()
) -> ReadinessCheck:
    ids = () if passed else tuple(s.id for s in segments)
    return ReadinessCheck(key, CHECK_TITLES[key], passed, detail, ids)


def _names(segments: Sequence[Segment]) -> str:
    shown = ", ".join(s.title for s in segments[:_NAMES_SHOWN])
    more = len(segments) - _NAMES_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def _pct(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0") + "%"


def _intent(running: Sequence[Segment]) -> ReadinessCheck:
    missing = [s for s in running if not s.intent.strip()]
    if not missing:
        return _check(CheckKey.INTENT, True, f"Every segment has a design intent ({len(running)}).")
    has = "has" if len(missing) == 1 else "have"
    detail = (
        f"{len(missing)} of {_count(len(running), 'segment')} {has} no design intent: "
        f"{_names(missing)}."
    )
    return _check(CheckKey.INTENT, False, detail, missing)


def _producer_cues(running: Sequence[Segment]) -> ReadinessCheck:
    interactions = [s for s in running if s.interaction in INTERACTIVE]
    missing = [s for s in interactions if not s.producer_cues.strip()]
    if not interactions:
        return _check(CheckKey.PRODUCER_CUES, True, "No interactions need producer cues.")
    if not missing:
        detail = f"Every interaction has producer cues ({len(interactions)})."
        return _check(CheckKey.PRODUCER_CUES, True, detail)
    has = "has" if len(missing) == 1 else "have"
    detail = (
        f"{len(missing)} of {_count(len(interactions), 'interaction')} {has} no producer "
        f"cues: {_names(missing)}."
    )
    return _check(CheckKey.PRODUCER_CUES, False, detail, missing)


def _non_negotiables(running: Sequence[Segment]) -> ReadinessCheck:
    marked = [s for s in running if s.non_negotiable]
    if not marked:
        detail = "No segment is marked non-negotiable: mark those that must stay consistent."
        return _check(CheckKey.NON_NEGOTIABLES, False, detail)
    return _check(CheckKey.NON_NEGOTIABLES, True, f"Non-negotiable: {_names(marked)}.")


def _fits_slot(plan: Plan, buffer_pct: float) -> ReadinessCheck:
    planned = plan.planned_s
    if not plan.slot_s:
        detail = (
            f"No slot is set: set the session's length to check that the planned "
            f"{format_duration(planned)} fits with a {_pct(buffer_pct)} buffer."
        )
        return _check(CheckKey.FITS_SLOT, False, detail)
    slot = plan.slot_s
    left = slot - planned
    # Round against the plan: the share left down, the seconds needed up.
    needed_s = math.ceil(slot * buffer_pct / 100)
    needed = f"{_pct(buffer_pct)} ({format_duration(needed_s)}) needed"
    if left < 0:
        detail = (
            f"Planned {format_duration(planned)} overruns the {format_duration(slot)} slot "
            f"by {format_duration(-left)}; a buffer of {needed}."
        )
        return _check(CheckKey.FITS_SLOT, False, detail)
    passed = left * 100 >= buffer_pct * slot
    detail = (
        f"Planned {format_duration(planned)} of a {format_duration(slot)} slot leaves "
        f"{format_duration(left)} ({_pct(left * 1000 // slot / 10)}); {needed}."
    )
    return _check(CheckKey.FITS_SLOT, passed, detail)


def _proven(
    plan: Plan, complete: int, needed: int, stopped_early: int, click_throughs: int
) -> ReadinessCheck:
    runs = "complete rehearsal" if needed == 1 else "complete rehearsals"
    if complete <= needed:
        detail = f"{complete} of {needed} {runs} of revision {plan.revision}"
    else:
        detail = f"{complete} complete rehearsals of revision {plan.revision} ({needed} needed)"
    left = [f"{stopped_early} stopped early"] if stopped_early else []
    if click_throughs:
        left.append(count(click_throughs, "click-through"))
    if left:
        detail += f"; not counted: {', '.join(left)}"
    return _check(CheckKey.PROVEN, complete >= needed, detail + ".")


def blocking_flags(plan: Plan, flags: Iterable[Flag]) -> list[Flag]:
    """The flags that block `plan`'s launch: open, of high severity, and on one of its
    segments or hand-offs or on the session as a whole (flags of any revision may be
    given: segment ids are kept across revisions)."""
    segment_ids = {s.id for s in plan.segments}
    handoffs = {t.id for t in plan.transitions} | {handoff_id(s) for s in segment_ids}
    return [
        f
        for f in flags
        if f.status is FlagStatus.OPEN
        and f.severity is Severity.HIGH
        and (
            f.segment_id in segment_ids
            or f.transition_id in handoffs
            or (f.segment_id is None and f.transition_id is None)  # on the whole session
        )
    ]


def _open_flags(plan: Plan, blocking: Sequence[Flag]) -> ReadinessCheck:
    if not blocking:
        return _check(CheckKey.OPEN_FLAGS, True, "No open high-severity flags.")
    places: dict[tuple[str | None, bool], int] = {}  # (segment, on its hand-off) → flags
    for f in blocking:
        place = (f.segment_id, f.transition_id is not None)
        places[place] = places.get(place, 0) + 1
    order = {s.id: n for n, s in enumerate(plan.segments)}
    titles = {s.id: s.title for s in plan.segments}
    named: list[str] = []
    for (sid, on_handoff), n in sorted(
        places.items(), key=lambda kv: (order.get(kv[0][0] or "", len(order)), kv[0][1])
    ):
        where = _place(titles.get(sid or ""), on_handoff)
        named.append(f"{where} ×{n}" if n > 1 else where)
    flagged = [s for s in plan.segments if any(sid == s.id for sid, _ in places)]
    shown = ", ".join(named[:_NAMES_SHOWN])
    if len(named) > _NAMES_SHOWN:
        shown += f" and {len(named) - _NAMES_SHOWN} more"
    is_are = "is" if len(blocking) == 1 else "are"
    detail = (
        f"{_count(len(blocking), 'high-severity flag')} {is_are} open on {shown}: fix, accept "
        f"or close each as won't fix."
    )
    return _check(CheckKey.OPEN_FLAGS, False, detail, flagged)


def _place(title: str | None, on_handoff: bool) -> str:
    if on_handoff:
        return f"the hand-off after {title}" if title else "a hand-off"
    return title or "the session"


def _signed_off(plan: Plan, signed: SignoffState) -> ReadinessCheck:
    missing = []
    for role in signed.missing_roles():
        got = [p.person for p in signed.of_role(role)]
        title = ROLE_TITLES[role]
        if got:
            missing.append(f"{title} ({', '.join(got[:_NAMES_SHOWN])} received it, not accepted)")
        else:
            missing.append(f"{title} (nobody)")
    if not missing:
        accepted = [f"{ROLE_TITLES[p.role]} {p.person}" for p in signed.people if p.accepted]
        detail = f"Accepted by {', '.join(accepted[: _NAMES_SHOWN + 3])}."
        return ReadinessCheck(CheckKey.SIGNED_OFF, CHECK_TITLES[CheckKey.SIGNED_OFF], True, detail)
    detail = f"Revision {plan.revision} is not yet accepted by: {'; '.join(missing)}."
    return ReadinessCheck(
        CheckKey.SIGNED_OFF,
        CHECK_TITLES[CheckKey.SIGNED_OFF],
        False,
        detail,
        missing=tuple(missing),
    )


def _producer_lead(
    plan: Plan, signed: SignoffState, launch_on: date | None, lead_days: int
) -> ReadinessCheck:
    key = CheckKey.PRODUCER_LEAD
    days = count(lead_days, "day")
    if launch_on is None:
        detail = (
            f"No launch date is set: set the first live cohort's date to check that the "
            f"producer has the plan {days} before."
        )
        return ReadinessCheck(key, CHECK_TITLES[key], False, detail, missing=("launch date",))
    producers = [p for p in signed.of_role(SignoffRole.PRODUCER) if p.received_at]
    received = [(moment_date(p.received_at or ""), p.person) for p in producers]
    dated = sorted((d, name) for d, name in received if d is not None)
    needed = f"{days} before the launch on {format_date(launch_on)}"
    if not dated:
        detail = f"No producer has received revision {plan.revision}; needed {needed}."
        return ReadinessCheck(key, CHECK_TITLES[key], False, detail, missing=("producer",))
    first, person = dated[0]
    ahead = (launch_on - first).days
    passed = ahead >= lead_days
    when = "after" if ahead < 0 else "before"
    detail = (
        f"Producer {person} received it on {format_date(first)}, "
        f"{count(abs(ahead), 'day')} {when} the launch on {format_date(launch_on)} "
        f"({days} needed)."
    )
    return ReadinessCheck(
        key, CHECK_TITLES[key], passed, detail, missing=() if passed else (f"producer {person}",)
    )
