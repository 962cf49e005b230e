"""SQLite storage of a workspace: the only package that writes SQL or holds a connection.

`database` opens the file (`Storage`, the handle every function here takes); `schema`
migrates it; `lock` keeps it to one process; `rows` maps domain values to rows. The queries
and writes are grouped by what they serve: `plans` (programs and revisions), `rehearsals`
(rehearsals and their events, the one path events are written by), `review` (flags,
annotations, action items and the edit log), `packs` (a rehearsal's rows, merging them),
`meta` (the workspace's id and settings)."""
