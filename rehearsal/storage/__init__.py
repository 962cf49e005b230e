"""SQLite storage of a workspace: schema, migrations, the single-writer lock, row mapping."""
