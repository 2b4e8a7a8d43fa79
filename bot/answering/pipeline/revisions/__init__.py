"""The revisions by the kind the model reads: each may replace or extend the answer so far."""
