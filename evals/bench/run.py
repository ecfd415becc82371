"""The benchmark run: every phase in order, each in its own process, results kept as JSON."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from evals.bench import load, machine, servers
from evals.bench.worker import run_phase
from evals.dataset import load_dataset
from evals.synthetic import generate_article, write_corpus
from rag.config import Settings
from rag.embeddings import BACKENDS, MiniLMEmbeddings, default_model_cache

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Options:
    scale: int = 1000  # synthetic articles mixed with the seeds; 0 skips the scale phase
    backends: list[str] = field(default_factory=lambda: list(BACKENDS))
    scale_backend: str | None = None  # None: the configured RAGBOT_EMBEDDING_BACKEND
    out: Path = ROOT / "docs" / "BENCHMARKS.md"
    results_dir: Path = ROOT / "docs" / "benchmarks"
    work: Path = ROOT / "data" / "bench"
    seeds: Path = ROOT / "seeds"
    dataset: Path = ROOT / "evals" / "datasets" / "seeds.jsonl"
    seed: int = 0
    repeats: int = 3  # passes over the texts for model-alone throughput
    query_samples: int = 100
    passes: int = 2  # passes over the questions for latency
    floor_sample: int = 2000  # texts embedded by the model alone to compare a scale ingest with
    scale_only: bool = False  # only the scale phase (the rest comes from another run)
    render_only: bool = False  # rewrite the report from kept results, measure nothing
    random_vectors: bool = False  # synthetic articles get random vectors (no quality figures)
    http: bool = True
    http_seconds: int = 15
    chroma_server: bool = True
    command: str = "make bench"


class Bench:
    def __init__(
        self,
        options: Options,
        embedder: MiniLMEmbeddings | None = None,
        say: Callable[[str], None] = print,
    ) -> None:
        """With `embedder`, phases run in this process with that model (the smoke test)."""
        self.o = options
        self.embedder = embedder
        self.say = say
        self.base = Settings()
        self.cache = self.base.model_cache_dir or default_model_cache()
        self.failed: list[str] = []
        self.results: dict[str, Any] = {}

    # --- running phases ------------------------------------------------------------------------
    def settings(self, backend: str, data_dir: Path, chroma_url: str | None = None) -> dict:
        return {
            "data_dir": str(data_dir),
            "chroma_url": chroma_url,
            "embedding_backend": backend,
            "model_cache_dir": str(self.cache.resolve()),
            "rate_limit_per_minute": 0,  # the load test is one client hammering on purpose
        }

    def phase(self, name: str, spec: dict[str, Any]) -> dict[str, Any]:
        self.say(f"[bench] {name} ...")
        started = time.perf_counter()
        try:
            if self.embedder is not None:
                result = run_phase(spec, self.embedder)
            else:
                self.say(f"[bench]   (progress: {self.o.work / 'specs' / _slug(name)}.log)")
                result = self._in_child(name, spec)
        except Exception as exc:  # a failed phase is reported, and the rest still runs
            self.failed.append(name)
            self.say(f"[bench] {name} FAILED: {exc}")
            return {"error": str(exc)[-2000:]}
        result["phase_s"] = round(time.perf_counter() - started, 1)
        self.say(f"[bench] {name} done in {result['phase_s']}s")
        return result

    def _in_child(self, name: str, spec: dict[str, Any]) -> dict[str, Any]:
        specs = self.o.work / "specs"
        specs.mkdir(parents=True, exist_ok=True)
        slug = _slug(name)
        spec_file, out_file, log_file = (
            specs / f"{slug}{ext}" for ext in (".json", ".out.json", ".log")
        )
        spec_file.write_text(json.dumps(spec, indent=1))
        out_file.unlink(missing_ok=True)
        with open(log_file, "wb") as logf:
            child = subprocess.Popen(
                [sys.executable, "-m", "evals.bench.worker", str(spec_file), str(out_file)],
                stdout=logf,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
                env={**os.environ, **_this_tree()},
            )
            try:
                code = child.wait()
            finally:  # an interrupted bench stops its phase too
                if child.poll() is None:
                    child.terminate()
                    child.wait()
        if code != 0 or not out_file.exists():
            tail = log_file.read_text(errors="replace").splitlines()[-15:]
            raise RuntimeError(f"exit {code}; log {log_file}:\n" + "\n".join(tail))
        return json.loads(out_file.read_text())

    def fresh_dir(self, name: str) -> Path:
        path = self.o.work / name
        shutil.rmtree(path, ignore_errors=True)
        return path

    # --- the run -------------------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        started = time.perf_counter()
        o = self.o
        o.work.mkdir(parents=True, exist_ok=True)
        backends = [self.embedder.backend] if self.embedder else list(o.backends)
        scale_backend = (
            self.embedder.backend
            if self.embedder
            else (o.scale_backend or self.base.embedding_backend)
        )
        r = self.results
        r.update(
            generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            commit=_git_commit(),
            machine=machine.describe(),
            load_start=machine.load_average(),
            command=o.command,
            options={k: str(v) if isinstance(v, Path) else v for k, v in asdict(o).items()},
            scale_backend=scale_backend,
            default_backend=self.base.embedding_backend,
        )
        if not o.scale_only:  # the floors, backends, 5-article and HTTP phases
            r["prepare"] = {
                b: self.phase(
                    f"prepare {b}", {"phase": "prepare", "settings": self.settings(b, o.work)}
                )
                for b in backends
                if b != "torch" and self.embedder is None
            }
            r["floors"] = {}
            for b in backends:
                r["floors"][b] = self.phase(
                    f"floors {b}",
                    {
                        "phase": "floors",
                        "settings": self.settings(b, o.work / "floors"),
                        "seeds": str(o.seeds),
                        "dataset": str(o.dataset),
                        "repeats": o.repeats,
                        "query_samples": o.query_samples,
                        "vectors_out": str(o.work / f"vectors-{b}.npy"),
                    },
                )
            r["agreement"] = self.agreement(backends)

            r["seeds"] = {}
            for b in backends:
                data = self.fresh_dir(f"seeds-{b}")
                r["seeds"][b] = {
                    "ingest": self.phase(
                        f"seeds ingest {b}",
                        {
                            "phase": "ingest",
                            "settings": self.settings(b, data),
                            "paths": [str(o.seeds)],
                        },
                    ),
                    "query": self.phase(
                        f"seeds query {b}",
                        {
                            "phase": "query",
                            "settings": self.settings(b, data),
                            "dataset": str(o.dataset),
                            "passes": o.passes,
                        },
                    ),
                }
            r["http"] = self.http(scale_backend, o.work / f"seeds-{scale_backend}", "5 articles")
        if o.scale:
            r["scale"] = self.scale(o.scale, scale_backend)
        r["load_end"] = machine.load_average()
        r["elapsed_s"] = round(time.perf_counter() - started, 1)
        r["failed"] = self.failed
        return r

    def agreement(self, backends: list[str]) -> dict[str, Any]:
        """Cosine between each backend's vectors and torch's, on the seeds' chunks and sentences."""
        ref_file = self.o.work / "vectors-torch.npy"
        if not ref_file.exists():
            return {}
        ref = np.load(ref_file)
        out = {}
        for b in backends:
            path = self.o.work / f"vectors-{b}.npy"
            if path.exists():
                cos = (np.load(path) * ref).sum(axis=1)
                out[b] = {"mean": round(float(cos.mean()), 5), "min": round(float(cos.min()), 5)}
        return out

    def scale(self, n: int, backend: str) -> dict[str, Any]:
        o = self.o
        corpus_dir = o.work / "synthetic" / f"seed{o.seed}-n{n}"
        self.say(f"[bench] writing {n} synthetic articles to {corpus_dir}")
        paths = write_corpus(corpus_dir, n, o.seed)
        sizes = [len(generate_article(o.seed, i).text) for i in range(min(n, 500))]
        data = self.fresh_dir(f"scale-{n}-{backend}")
        out: dict[str, Any] = {
            "synthetic_articles": len(paths),
            "synthetic_mean_chars": round(sum(sizes) / len(sizes)) if sizes else 0,
            "backend": backend,
        }
        if o.random_vectors:
            out["vectors"] = "random"
            out["ingest"] = self.phase(
                f"scale {n} ingest (random vectors)",
                {
                    "phase": "structure-ingest",
                    "settings": self.settings(backend, data),
                    "seeds": str(o.seeds),
                    "synthetic": str(corpus_dir),
                },
            )
        else:
            out["ingest"] = self.phase(
                f"scale {n} ingest",
                {
                    "phase": "ingest",
                    "settings": self.settings(backend, data),
                    "paths": [str(o.seeds), str(corpus_dir)],
                    "floor_sample": o.floor_sample,
                },
            )
        out["query"] = self.phase(
            f"scale {n} query",
            {
                "phase": "query",
                "settings": self.settings(backend, data),
                "dataset": str(o.dataset),
                "passes": o.passes,
            },
        )
        out["server_mode"] = self.server_mode(n, backend, data)
        out["http"] = self.http(backend, data, f"{n} + 5 articles", connections=(8,))
        return out

    def server_mode(self, n: int, backend: str, data: Path) -> dict[str, Any]:
        if not self.o.chroma_server or self.embedder is not None:
            return {"skipped": "disabled for this run"}
        try:
            command, port = servers.chroma_server(data / "chroma")
            with servers.running(
                "chroma run", command, "/api/v2/heartbeat", port, self.o.work / "chroma.log", {}
            ) as server:
                result = self.phase(
                    f"scale {n} query (chroma server)",
                    {
                        "phase": "query",
                        "settings": self.settings(backend, data, chroma_url=server.url),
                        "dataset": str(self.o.dataset),
                        "passes": self.o.passes,
                    },
                )
                result["chroma_server_peak_rss_mb"] = server.peak_rss_mb()
                result["chroma_server_start_s"] = round(server.started_s, 1)
                result["server_command"] = "chroma run --path DATA_DIR/chroma --port PORT"
                return result
        except servers.ServerError as exc:
            self.failed.append("chroma server")
            return {"error": str(exc)[-2000:]}

    def http(
        self, backend: str, data: Path, label: str, connections: tuple[int, ...] = (8, 32)
    ) -> dict[str, Any]:
        if not self.o.http or self.embedder is not None:
            return {"skipped": "disabled for this run"}
        if load.wrk_path() is None:
            return {"skipped": "wrk is not installed (apt-get install wrk)"}
        try:
            import bot_api.main  # noqa: F401  (the HTTP API may not be built yet)
        except ImportError as exc:
            return {"skipped": f"bot_api is not importable: {exc}"}
        rows = load_dataset(self.o.dataset)
        script = load.write_script(
            [r.question for r in rows if not r.history], self.o.work / "chat.lua"
        )
        env = {k.upper(): str(v) for k, v in self.settings(backend, data).items() if v is not None}
        env = {f"RAGBOT_{k}": v for k, v in env.items()} | _this_tree()
        self.say(f"[bench] HTTP /chat load ({label}) ...")
        try:
            command, port = servers.ragbot_server()
            with servers.running(
                "ragbot serve", command, "/healthz", port, self.o.work / "serve.log", env
            ) as server:
                for _ in range(3):  # the first answers load the corpus and the model's caches
                    httpx.post(
                        server.url + "/chat", json={"question": rows[0].question}, timeout=120
                    )
                out: dict[str, Any] = {"label": label, "backend": backend}
                for c in connections:
                    out[f"c{c}"] = load.run_wrk(server.url, script, c, self.o.http_seconds)
                    out[f"c{c}"]["load_avg"] = machine.load_average()
                out["server_peak_rss_mb"] = server.peak_rss_mb()
                out["server_start_s"] = round(server.started_s, 1)
                return out
        except (servers.ServerError, subprocess.CalledProcessError, OSError) as exc:
            self.failed.append(f"http {label}")
            return {"error": str(exc)[-2000:]}


def _slug(name: str) -> str:
    return name.replace(" ", "-").replace("/", "-")


def _this_tree() -> dict[str, str]:
    """Children import ragbot from this source tree, even when the venv's editable install
    points at another checkout (a benchmark of a pinned snapshot)."""
    return {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def _git_commit() -> str:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        )
        return done.stdout.strip() or "unknown"
    except OSError:
        return "unknown"
