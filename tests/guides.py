"""Guides for tests: a two-hour plan of 40 steps with long text and names in several
scripts, and the text of a DOCX or PDF guide read back. (Its names keep to the scripts the
test machine's fonts have — Latin, Greek, Cyrillic — so the PDF's text reads back; DOCX
needs no font, and the property tests give it any text.)"""

from __future__ import annotations

from pathlib import Path

import docx
import pypdf

from rehearsal.model import InteractionType, LeadRole, PlanDraft, Section, Segment, Transition

INTERACTIONS = tuple(InteractionType)
CUES = (
    "Line 1: launch the poll when the facilitator says “let's see where you are”.\n"
    "Line 2: watch for anyone whose audio drops; message them privately.\n"
    "Line 3: share results after 60 seconds, then close the poll — {n}."
)
INTENT = (
    "Learners practise the decision they will face on the first day — who owns an order "
    "that arrives without a customer reference — so that the escalation path is a habit "
    "and not a slide they once saw; the debrief ties it back to the three stages. "
) * 3


def step_title(n: int) -> str:
    return f"Übung {n}: Bestellung prüfen — Ελέγχω παραγγελία, Проверка заказа, step {n}"


def two_hour_draft() -> PlanDraft:
    """40 steps of 3 minutes (2 hours) in four sections, each with three-line producer cues,
    a long intent, its own facilitator notes; every fifth non-negotiable; a hand-off with
    an allowance after every tenth."""
    sections = tuple(
        Section(f"00000000-0000-4000-8000-00000000000{i}", f"Teil {i}") for i in range(4)
    )
    segments = tuple(
        Segment(
            id=f"00000000-0000-4000-8000-{n:012d}",
            title=step_title(n),
            planned_s=180,
            section_id=sections[(n - 1) // 10].id,
            interaction=INTERACTIONS[n % len(INTERACTIONS)],
            lead=LeadRole.FACILITATOR if n % 3 else LeadRole.PRODUCER,
            lead_person="Zoë Ångström" if n % 2 else "Łukasz Żółć",
            intent=INTENT,
            non_negotiable=n % 5 == 0,
            flex_min_s=None if n % 5 == 0 else 120,
            flex_max_s=None if n % 5 == 0 else 300,
            facilitator_notes=f"FACILITATOR-ONLY {n}: ask the room for one example.",
            producer_cues=CUES.format(n=f"PRODUCER-ONLY {n}"),
            materials=f"Slides {n}–{n + 1}",
            contingency=f"If the tool fails in step {n}, take answers in chat.",
        )
        for n in range(1, 41)
    )
    transitions = tuple(
        Transition(f"10000000-0000-4000-8000-{n:012d}", segments[n - 1].id, 0, f"Hand over {n}")
        for n in range(10, 40, 10)
    )
    return PlanDraft(
        name="Zweistündiges Training — Обучение",
        slot_s=2 * 3600 + 15 * 60,
        start_s=9 * 3600,
        time_zone="Europe/Berlin",
        sections=sections,
        segments=segments,
        transitions=transitions,
    )


def docx_text(path: Path) -> str:
    """Every paragraph's and every table cell's text of a DOCX file, in order."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    """The text of every page of a PDF, read back with pypdf, on one line."""
    reader = pypdf.PdfReader(path)
    return flat(" ".join(page.extract_text() for page in reader.pages))


def flat(text: str) -> str:
    return " ".join(text.replace("ﬂ", "fl").replace("ﬁ", "fi").split())
