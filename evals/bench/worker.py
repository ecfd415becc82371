"""One benchmark phase in a fresh process: `python -m evals.bench.worker SPEC.json OUT.json`.

A fresh process per phase gives each its own peak RSS (VmHWM) and keeps one backend's threads
and caches from colouring another's numbers.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from evals.bench import phases
from evals.dataset import load_dataset
from rag.config import Settings
from rag.embeddings import MiniLMEmbeddings, make_embedder


def run_phase(spec: dict[str, Any], embedder: MiniLMEmbeddings | None = None) -> dict[str, Any]:
    """Run one phase; `embedder` (the smoke test's shared model) replaces loading one."""
    settings = Settings(**spec["settings"])
    started = time.perf_counter()
    if embedder is None:
        embedder = make_embedder(settings)
        load_s: float | None = time.perf_counter() - started
    else:
        load_s = None
    phase = spec["phase"]
    if phase == "prepare":  # the one-time ONNX export/quantization, timed apart from loading
        return {"backend": embedder.backend, "prepare_s": round(load_s or 0.0, 2)}
    if phase == "floors":
        rows = load_dataset(Path(spec["dataset"]))
        return phases.floors(
            embedder,
            settings,
            Path(spec["seeds"]),
            [r.question for r in rows],
            repeats=spec["repeats"],
            query_samples=spec["query_samples"],
            vectors_out=Path(spec["vectors_out"]),
            load_s=load_s,
        )
    if phase == "ingest":
        paths = [Path(p) for p in spec["paths"]]
        return phases.ingest_run(embedder, settings, paths, spec.get("floor_sample"))
    if phase == "structure-ingest":
        return phases.structure_ingest_run(
            embedder, settings, Path(spec["seeds"]), Path(spec["synthetic"])
        )
    if phase == "query":
        rows = load_dataset(Path(spec["dataset"]))
        return phases.query_run(embedder, settings, rows, passes=spec["passes"])
    raise ValueError(f"unknown phase {phase!r}")


def main() -> None:
    spec_path, out_path = Path(sys.argv[1]), Path(sys.argv[2])
    result = run_phase(json.loads(spec_path.read_text()))
    out_path.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
