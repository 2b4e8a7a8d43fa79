"""The checks of the pipeline: each replaces an answer that misses what was asked, or none."""
