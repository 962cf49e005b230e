"""What an operation changed: the one message every view and cache refreshes from.

Every core operation that changes a workspace publishes a `Changes` value to the
workspace's subscribers (`Workspace.changes.subscribe`), once its write is committed. The
UI turns it into one Qt signal; each view looks at what it names and refreshes only if it
shows something affected. Modelled on Anki's `OpChanges` and its single
`operation_did_execute` hook.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Changes:
    """Ids of what changed. `everything` means: assume all of it (another workspace, a merge
    too wide to list)."""

    programs: frozenset[str] = frozenset()
    plans: frozenset[str] = frozenset()
    rehearsals: frozenset[str] = frozenset()
    review: frozenset[str] = frozenset()  # rehearsal ids whose review notes changed
    settings: bool = False  # workspace settings: launch thresholds, shared folder, names
    everything: bool = False
    signoffs: frozenset[str] = frozenset()  # plan ids whose sign-off or launch date changed

    @classmethod
    def of(
        cls,
        *,
        programs: Iterable[str] = (),
        plans: Iterable[str] = (),
        rehearsals: Iterable[str] = (),
        review: Iterable[str] = (),
        settings: bool = False,
        signoffs: Iterable[str] = (),
    ) -> Changes:
        return cls(
            frozenset(programs),
            frozenset(plans),
            frozenset(rehearsals),
            frozenset(review),
            settings,
            signoffs=frozenset(signoffs),
        )

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.programs | other.programs,
            self.plans | other.plans,
            self.rehearsals | other.rehearsals,
            self.review | other.review,
            self.settings or other.settings,
            self.everything or other.everything,
            self.signoffs | other.signoffs,
        )

    def __bool__(self) -> bool:
        return bool(
            self.everything
            or self.settings
            or self.programs
            or self.plans
            or self.rehearsals
            or self.review
            or self.signoffs
        )

    def touches_program(self, program_id: str) -> bool:
        return self.everything or program_id in self.programs

    def touches_plan(self, plan_id: str) -> bool:
        return self.everything or plan_id in self.plans

    def touches_rehearsal(self, rehearsal_id: str) -> bool:
        return self.everything or rehearsal_id in self.rehearsals

    def touches_signoffs(self, plan_id: str) -> bool:
        """Whether the sign-off or launch date of the revision `plan_id` may have changed."""
        return self.everything or plan_id in self.signoffs

    def touches_review(self, rehearsal_id: str) -> bool:
        return self.everything or rehearsal_id in self.review or rehearsal_id in self.rehearsals


EVERYTHING = Changes(everything=True)

Subscriber = Callable[[Changes], None]


class ChangeHub:
    """The one hook: operations publish, subscribers (the UI's adapter, caches) hear."""

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Call `subscriber` after every change; returns the function that unsubscribes."""
        self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)

        return unsubscribe

    def publish(self, changes: Changes) -> Changes:
        if changes:
            for subscriber in list(self._subscribers):
                subscriber(changes)
        return changes
