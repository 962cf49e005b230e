"""Reading what a meeting platform recorded about a run (`rehearsal.evidence_model`)."""
