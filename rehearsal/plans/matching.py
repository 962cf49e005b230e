"""Following segments across revisions: rows of a new import matched to the previous plan."""

from __future__ import annotations

import dataclasses

from rehearsal.model import Plan, PlanDraft, Section, Segment, Transition, new_id


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def match_to_previous(draft: PlanDraft, previous: Plan) -> PlanDraft:
    """`draft` with ids taken from `previous` where a segment matches by id, else cue, else title.

    Each previous segment is matched at most once, so two rows never share one history.
    """
    by_id = {s.id: s for s in previous.segments}
    by_cue: dict[str, Segment] = {}
    by_title: dict[str, Segment] = {}
    for s in previous.segments:
        if s.cue:
            by_cue.setdefault(_key(s.cue), s)
        by_title.setdefault(_key(s.title), s)
    taken: set[str] = set()
    remap: dict[str, str] = {}
    for seg in draft.segments:
        candidates = [
            by_id.get(seg.id),
            by_cue.get(_key(seg.cue)) if seg.cue else None,
            by_title.get(_key(seg.title)),
        ]
        for found in candidates:
            if found is not None and found.id not in taken:
                taken.add(found.id)
                remap[seg.id] = found.id
                break
    # Ids in the draft that would collide with a previous id they were not matched to.
    for seg in draft.segments:
        if seg.id not in remap and seg.id in by_id:
            remap[seg.id] = new_id()
    section_ids = {_key(s.title): s.id for s in previous.sections}
    section_remap = {
        s.id: section_ids[_key(s.title)] for s in draft.sections if _key(s.title) in section_ids
    }
    sections = tuple(
        Section(id=section_remap.get(s.id, s.id), title=s.title) for s in draft.sections
    )
    segments = tuple(
        dataclasses.replace(
            s,
            id=remap.get(s.id, s.id),
            section_id=section_remap.get(s.section_id, s.section_id) if s.section_id else None,
        )
        for s in draft.segments
    )
    transitions = []
    for t in draft.transitions:
        after = remap.get(t.after_segment_id, t.after_segment_id)
        old = previous.transition_after(after)
        transitions.append(
            Transition(
                id=old.id if old else t.id,
                after_segment_id=after,
                allowance_s=t.allowance_s,
                cue=t.cue,
            )
        )
    return dataclasses.replace(
        draft, sections=sections, segments=segments, transitions=tuple(transitions)
    )
