"""The companion: a small web server a live run shares on the local network, so that a
producer or a facilitator follows and flags the run from a phone or a laptop's browser.

It knows nothing of runs: it serves the pages in `rehearsal_resources/companion`, answers
the documented operations of the HTTP API from a `LiveSource` (`source.py`) and guards the
door (`guard.py`: the pairing PIN, lock-out, rates; `requests.py`: every field checked).
`rehearsal.rehearsing.sharing` adapts a `Run` to a `LiveSource`; `Run.share` starts one.
"""
