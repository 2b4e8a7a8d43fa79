"""The routes of the pipeline: each proposes an answer to one kind of question, or none."""
