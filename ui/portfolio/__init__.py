"""The Portfolio view: every program of the workspace on one line."""
