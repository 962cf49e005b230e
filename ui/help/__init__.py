"""Help in the app: the keyboard reference, the help pages of the views (F1), About."""
