"""Who is who in a run's evidence: each name the platform wrote is one speaker, with a role
to the run (`SpeakerRole`) found by matching it to the run's people.

- A name is compared by its `name_key`: Unicode-normalised (NFKC), case-folded, spaces
  collapsed, and trailing bracketed suffixes taken off — "Maya Chen (Host)", "maya  chen",
  "Maya Chen [she/her]" are one speaker.
- The run's people (`run_people`): its facilitators and the persons leading facilitator
  segments are facilitators; its producer, its lead and the persons leading producer or
  co-facilitator segments are staff (a person in both is a facilitator).
- A speaker is the person whose key is theirs; else the one person whose words begin the
  speaker's, or the other way round ("Maya" is "Maya Chen"), when exactly one person's
  do; else staff when the meeting said so (a "(Host)",
  "(Co-host)", "(Organizer)", "(Presenter)" suffix, or such a role in an attendance
  report); else a learner.
- A person can set any speaker's role (`rehearsal.reviewing.evidence`): that wins.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rehearsal.evidence_model import Speaker, SpeakerRole, speaker_id
from rehearsal.model import LeadRole, Plan, Rehearsal

_SUFFIX = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]\s*$")
STAFF_WORDS = ("host", "co-host", "cohost", "organizer", "organiser", "presenter", "producer")
UNNAMED = "(no name)"


def name_key(name: str) -> str:
    """`name` as speakers are told apart (see the module)."""
    text = unicodedata.normalize("NFKC", name)
    stripped = text
    while (shorter := _SUFFIX.sub("", stripped)) != stripped:
        stripped = shorter
    key = " ".join(stripped.casefold().split())
    return key or " ".join(text.casefold().split())


def says_staff(text: str) -> bool:
    """Whether a name's suffix or an attendee's role says the meeting's staff ("Host")."""
    words = set(re.split(r"[^\w-]+", text.casefold()))
    return any(w in words for w in STAFF_WORDS)


def suffixes(name: str) -> str:
    """The bracketed suffixes of a name ("(Host)"), for `says_staff`."""
    found = []
    stripped = unicodedata.normalize("NFKC", name)
    while (match := _SUFFIX.search(stripped)) is not None:
        found.append(match.group(1))
        stripped = stripped[: match.start()]
    return " ".join(found)


@dataclass(frozen=True, slots=True)
class Person:
    """One of the run's people, as evidence is matched to them."""

    key: str
    name: str
    role: SpeakerRole
    as_what: str  # "facilitator", "producer", "lead of “Poll” (co-facilitator)", …


def run_people(rehearsal: Rehearsal, plan: Plan) -> tuple[Person, ...]:
    """The run's people, facilitators first (a name in two places keeps its first)."""
    facilitator, staff = SpeakerRole.FACILITATOR, SpeakerRole.STAFF
    found: list[tuple[str, SpeakerRole, str]] = [
        (name, facilitator, "facilitator") for name in rehearsal.facilitators
    ]
    leads = [(s, s.lead) for s in plan.segments if s.lead_person.strip()]
    found += [
        (s.lead_person, facilitator, f"lead of “{s.title}”")
        for s, lead in leads
        if lead is LeadRole.FACILITATOR
    ]
    found += [(rehearsal.producer, staff, "producer"), (rehearsal.lead, staff, "rehearsal lead")]
    found += [
        (s.lead_person, staff, f"lead of “{s.title}” ({lead.value})")
        for s, lead in leads
        if lead in (LeadRole.CO_FACILITATOR, LeadRole.PRODUCER)
    ]
    people: dict[str, Person] = {}
    for name, role, as_what in found:
        key = name_key(name)
        if key and key not in people:
            people[key] = Person(key, name, role, as_what)
    return tuple(people.values())


def match(key: str, people: Iterable[Person]) -> Person | None:
    """The run's person a speaker's `key` is (see the module), or None."""
    people = tuple(people)
    for person in people:
        if person.key == key:
            return person
    words = key.split()
    found = [p for p in people if _joined(p.key.split(), words)]
    return found[0] if len(found) == 1 else None


def _joined(a: list[str], b: list[str]) -> bool:
    """Whether the shorter of two names' words begins the longer."""
    short, long = sorted((a, b), key=len)
    return bool(short) and len(short) < len(long) and long[: len(short)] == short


def speakers(
    rehearsal_id: str,
    names: Mapping[str, int],
    people: Iterable[Person],
    *,
    staff_hints: Iterable[str] = (),
    roles: Mapping[str, SpeakerRole] | None = None,
) -> list[Speaker]:
    """Every speaker of a run's evidence, in the order of their keys: `names` counts the
    items of each name as written; `staff_hints` are the names the meeting gave a staff
    role to (an attendee's role); `roles` the roles people set, by speaker id."""
    people = tuple(people)
    hinted = {name_key(n) for n in staff_hints}
    spellings: dict[str, dict[str, int]] = {}
    for name, n in names.items():
        spellings.setdefault(name_key(name), {}).setdefault(name, 0)
        spellings[name_key(name)][name] += n
        if says_staff(suffixes(name)):
            hinted.add(name_key(name))
    found = []
    for key in sorted(spellings):
        seen = spellings[key]
        shown = min(seen, key=lambda n: (-seen[n], n)) or UNNAMED
        sid = speaker_id(rehearsal_id, key)
        person = match(key, people)
        if roles and sid in roles:
            role, reason, edited = roles[sid], "set by a person", True
        elif person is not None:
            role, reason, edited = person.role, f"{person.as_what}: {person.name}", False
        elif key in hinted:
            role, reason, edited = SpeakerRole.STAFF, "host or presenter in the meeting", False
        else:
            role, reason, edited = SpeakerRole.LEARNER, "not one of the run's people", False
        found.append(Speaker(sid, key, shown, role, reason, edited))
    return found
