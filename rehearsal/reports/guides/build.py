"""A guide built from a plan revision: every step with its planned start, the role's own
notes, and what changed since an older revision (from the revision diff)."""

from __future__ import annotations

from rehearsal.clock import now_iso
from rehearsal.errors import InvalidOperation, NotFound
from rehearsal.model import Plan, Segment, lead_text
from rehearsal.plans.revision_diff import (
    Change,
    SegmentField,
    diff_plans,
    field_text,
    handoff_text,
    plan_change_text,
    row_notes,
)
from rehearsal.reports.guides.model import (
    TOOL_LAUNCH,
    ChangedStep,
    Guide,
    GuideChanges,
    GuideRole,
    GuideStep,
    Handoff,
)
from rehearsal.workspace import Workspace

# The notes each role keeps for itself: never in the other role's guide.
OWN_NOTES: dict[GuideRole, SegmentField] = {
    GuideRole.FACILITATOR: SegmentField.FACILITATOR_NOTES,
    GuideRole.PRODUCER: SegmentField.PRODUCER_CUES,
}


def as_role(role: GuideRole | str) -> GuideRole:
    """`role` as a guide's role; `InvalidOperation` naming the roles when it is none."""
    try:
        return GuideRole(role)
    except ValueError:
        roles = " or ".join(r.value for r in GuideRole)
        raise InvalidOperation(f"a guide is for the {roles}, not {role!r}") from None


def guide(
    ws: Workspace, plan_id: str, role: GuideRole | str, since_revision: int | None = None
) -> Guide:
    """The `role`'s guide to the plan revision `plan_id`; with `since_revision`, what
    changed since that revision of the same program comes first."""
    role = as_role(role)
    plan = ws.plan(plan_id)
    changes = None
    if since_revision is not None:
        changes = _changes(_older(ws, plan, since_revision), plan, role)
    return Guide(
        role=role,
        plan_id=plan.id,
        program=ws.program(plan.program_id).name,
        revision=plan.revision,
        slot_s=plan.slot_s,
        planned_s=plan.planned_s,
        start_s=plan.start_s,
        time_zone=plan.time_zone,
        notes=plan.notes,
        generated=now_iso(),
        steps=steps(plan, role),
        not_run=tuple(s.title for s in plan.segments if s.skipped),
        changes=changes,
    )


def reader_since(ws: Workspace, plan_id: str, role: GuideRole | str, person: str) -> int | None:
    """The older revision whose changes `person`'s guide begins with: the latest revision of
    the program they accepted in `role` (sign-off), when it is older than `plan_id`'s; None
    when they accepted none, or this one or a later one."""
    role = as_role(role)
    plan = ws.plan(plan_id)
    accepted = ws.signoffs.last_accepted(plan.id, role.value, person)
    return accepted if accepted is not None and accepted < plan.revision else None


def steps(plan: Plan, role: GuideRole) -> tuple[GuideStep, ...]:
    """The segments that run, in order, each with its planned start from the top (a
    hand-off's allowance counts before the next step, as in the Design view)."""
    running = [s for s in plan.segments if not s.skipped]
    sections = {s.id: s.title for s in plan.sections}
    out: list[GuideStep] = []
    at = 0
    for index, seg in enumerate(running):
        following = running[index + 1] if index + 1 < len(running) else None
        transition = plan.transition_after(seg.id)
        handoff = None
        if following is not None:
            handoff = Handoff(
                allowance_s=transition.allowance_s if transition else 0,
                cue=transition.cue if transition else "",
                next_title=following.title,
            )
        out.append(
            GuideStep(
                number=index + 1,
                segment_id=seg.id,
                title=seg.title,
                section=sections.get(seg.section_id or "", ""),
                start_s=at,
                planned_s=seg.planned_s,
                interaction=seg.interaction,
                lead=lead_text(seg),
                intent=seg.intent,
                non_negotiable=seg.non_negotiable,
                flex_min_s=seg.flex_min_s,
                flex_max_s=seg.flex_max_s,
                notes=_own_notes(seg, role),
                materials=seg.materials,
                contingency=seg.contingency,
                launch=TOOL_LAUNCH.get(seg.interaction, ""),
                marker=seg.marker,
                handoff=handoff,
            )
        )
        at += seg.planned_s + (transition.allowance_s if transition else 0)
    return tuple(out)


def _own_notes(seg: Segment, role: GuideRole) -> str:
    return seg.facilitator_notes if role is GuideRole.FACILITATOR else seg.producer_cues


def _older(ws: Workspace, plan: Plan, revision: int) -> Plan:
    if revision > plan.revision:
        raise InvalidOperation(
            f"revision {revision} is newer than this guide's revision {plan.revision}: "
            "give an older one to list what changed since"
        )
    for older in ws.plans(plan.program_id):
        if older.revision == revision:
            return older
    raise NotFound(f"{ws.program(plan.program_id).name} has no revision {revision} here")


def _changes(old: Plan, new: Plan, role: GuideRole) -> GuideChanges:
    """What changed from `old` to `new` in the revision diff's words, leaving out changes
    to the notes the other role keeps for itself."""
    diff = diff_plans(old, new)
    private = {f for r, f in OWN_NOTES.items() if r is not role}
    transitions = {t.after_segment_id: t for t in diff.transitions}
    changed: list[ChangedStep] = []
    for row in diff.aligned_rows(changed_only=True):
        seg = row.new or row.old
        assert seg is not None
        lines = list(row_notes(diff, row))
        lines.extend(field_text(f) for f in row.fields if f.field not in private)
        if Change.TRANSITION in row.changes:
            lines.append(handoff_text(transitions[seg.id]))
        if lines:
            changed.append(ChangedStep(seg.title, tuple(lines)))
    return GuideChanges(
        since_revision=old.revision,
        plan=tuple(plan_change_text(c) for c in diff.plan),
        steps=tuple(changed),
    )
