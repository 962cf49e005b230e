"""Guides people deliver from: the facilitator guide and the producer run sheet of a plan
revision, as PDF or DOCX.

    from rehearsal.reports.guides import guide, write_guide
    write_guide(guide(ws, plan_id, "producer", since_revision=2), "run-sheet.docx")
"""

from rehearsal.reports.guides.build import guide
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
    "write_guide",
]
