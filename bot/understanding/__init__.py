"""Reading a question: chat markup removed, then entities, time, the kind of answer and words.

Pure: no files, threads, clocks or logging handlers (a ruff banned-api rule enforces it).
"""
