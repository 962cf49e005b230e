"""Run-of-show sheets. (Stub: being written.)"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rehearsal.model import Plan, PlanDraft


def read_xlsx(data: bytes, *, file: str, mapping: Mapping[str, str] | None = None) -> PlanDraft:
    raise NotImplementedError


def write_xlsx(plan: Plan | PlanDraft, path: Path) -> None:
    raise NotImplementedError
