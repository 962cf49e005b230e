"""The main window: a navigator of programs, revisions and rehearsals, and the work area
with the views Design, Rehearse, Review and Analyze; its menus, its undo routing and its
Help windows are parts of their own."""

from rehearsal_ui.main_window.window import PLAN_ROLE, REHEARSAL_ROLE, MainWindow

__all__ = ["PLAN_ROLE", "REHEARSAL_ROLE", "MainWindow"]
