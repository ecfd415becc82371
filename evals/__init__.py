"""ragbot's eval harness: run a Q&A dataset through the public API, score it, write reports.

`ragbot eval` (evals/command.py) is the entry point; see evals/README.md for every metric.
"""
