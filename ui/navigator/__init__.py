"""The navigator: programs, their plan revisions and each revision's rehearsals, with the
commands of its context menu (rename a program; a rehearsal's details; archive, delete,
undo) and the dialog of a rehearsal's details."""

from rehearsal_ui.navigator.tree import PLAN_ROLE, PROGRAM_ROLE, REHEARSAL_ROLE, Navigator

__all__ = ["PLAN_ROLE", "PROGRAM_ROLE", "REHEARSAL_ROLE", "Navigator"]
