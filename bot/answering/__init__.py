"""Answering: the fact base compiled into answerable units, ranked, decided and composed.

Pure: no files, threads, clocks or logging handlers (a ruff banned-api rule enforces it).
"""
