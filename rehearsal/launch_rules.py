"""The launch rules of a workspace: the thresholds readiness checks a plan against (the
share of the slot kept free, the complete rehearsals that prove a revision's timing) and
the rule re-timing suggestions follow and the complete rehearsals they need, and the days
before launch the producer must have received a revision.

They are stored in the workspace (`Workspace.launch_rules`, `set_launch_rules`), so the
Design view, Analyze, the reports and the command line all use the same ones, and so does
everyone who opens the workspace.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from typing import Any

from rehearsal.errors import InvalidOperation

RETIMING_RULES: dict[str, str] = {
    "p80": "80th percentile of actuals",
    "p90": "90th percentile of actuals",
    "median": "median of actuals",
    "mean": "mean of actuals",
}
BUFFER_PCT_RANGE = (0.0, 50.0)
MIN_REHEARSALS_RANGE = (0, 20)
RETIMING_MIN_COMPLETE_RANGE = (1, 100)
PRODUCER_LEAD_DAYS_RANGE = (0, 90)


@dataclass(frozen=True, slots=True)
class LaunchRules:
    buffer_pct: float = 10.0  # the share of the slot the planned total must leave free
    min_rehearsals: int = 2  # complete rehearsals of a revision that prove its timing
    retiming_rule: str = "p80"  # a key of RETIMING_RULES
    retiming_min_complete: int = 3  # complete rehearsals a re-timing suggestion needs
    producer_lead_days: int = 5  # days before launch the producer must have the revision

    def __post_init__(self) -> None:
        low, high = BUFFER_PCT_RANGE
        buffer = self.buffer_pct
        if (
            isinstance(buffer, bool)
            or not isinstance(buffer, int | float)
            or not math.isfinite(buffer)
            or not low <= buffer <= high
        ):
            raise InvalidOperation(
                f"The slot buffer is a percentage from {low:g} to {high:g}, not {buffer!r}."
            )
        low_n, high_n = MIN_REHEARSALS_RANGE
        needed = self.min_rehearsals
        if isinstance(needed, bool) or not isinstance(needed, int) or not low_n <= needed <= high_n:
            raise InvalidOperation(
                f"The rehearsals needed are a whole number from {low_n} to {high_n}, "
                f"not {needed!r}."
            )
        low_c, high_c = RETIMING_MIN_COMPLETE_RANGE
        complete = self.retiming_min_complete
        if (
            isinstance(complete, bool)
            or not isinstance(complete, int)
            or not low_c <= complete <= high_c
        ):
            raise InvalidOperation(
                f"The complete rehearsals re-timing needs are a whole number from {low_c} to "
                f"{high_c}, not {complete!r}."
            )
        low_d, high_d = PRODUCER_LEAD_DAYS_RANGE
        days = self.producer_lead_days
        if isinstance(days, bool) or not isinstance(days, int) or not low_d <= days <= high_d:
            raise InvalidOperation(
                f"The days before launch the producer needs the plan are a whole number from "
                f"{low_d} to {high_d}, not {days!r}."
            )
        if self.retiming_rule not in RETIMING_RULES:
            raise InvalidOperation(
                f"The re-timing rule is one of {', '.join(RETIMING_RULES)}, "
                f"not {self.retiming_rule!r}."
            )
        object.__setattr__(self, "buffer_pct", float(buffer))

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> LaunchRules:
        """Rules as stored; a value that cannot be read gives that rule's default."""
        try:
            data: Any = json.loads(text)
        except ValueError:
            data = None
        rules = cls()
        if not isinstance(data, dict):
            return rules
        for name, value in data.items():
            try:
                rules = cls(**{**asdict(rules), name: value})
            except (InvalidOperation, TypeError):
                continue
        return rules


DEFAULT_RULES = LaunchRules()
