"""`python -m evals.bench` (`make bench`): speed and scale against the hardware floor.

Every measurement runs through ragbot's public API (RagBot, `ragbot serve`, a real Chroma
server) in child processes, so each reports its own peak memory, and the results are written
to docs/BENCHMARKS.md with the machine, its load and the exact commands.
"""
