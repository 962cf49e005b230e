"""Guides people deliver from: the facilitator guide and the producer run sheet of a plan
revision, as PDF or DOCX.

    from rehearsal.reports.guides import guide, write_guide
    write_guide(guide(ws, plan_id, "producer", since_revision=2), "run-sheet.docx")

`reader_since(ws, plan_id, role, person)` is the revision a reader last accepted (sign-off)
when it is older: their guide begins with what changed since then.
"""

from rehearsal.reports.guides.build import guide, reader_since
from rehearsal.reports.guides.layout import guide_report
from rehearsal.reports.guides.model import Guide, GuideChanges, GuideRole, GuideStep, Handoff
from rehearsal.reports.guides.write import SUFFIXES, GuideError, guide_format, write_guide

__all__ = [
    "SUFFIXES",
    "Guide",
    "GuideChanges",
    "GuideError",
    "GuideRole",
    "GuideStep",
    "Handoff",
    "guide",
    "guide_format",
    "guide_report",
    "reader_since",
    "write_guide",
]
