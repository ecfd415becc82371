"""`python -m evals.bench [--scale N] ...`: run the benchmarks, write docs/BENCHMARKS.md."""

from __future__ import annotations

import argparse
import json
import shlex
import signal
import sys
from pathlib import Path

from evals.bench import report
from evals.bench.run import Bench, Options
from rag.embeddings import BACKENDS


def parse_args(argv: list[str]) -> Options:
    defaults = Options()
    p = argparse.ArgumentParser(prog="python -m evals.bench", description=__doc__)
    p.add_argument(
        "--scale",
        type=int,
        default=defaults.scale,
        help="synthetic articles to mix with the seeds (0 skips the scale phase)",
    )
    p.add_argument(
        "--backends",
        default=",".join(defaults.backends),
        help=f"embedding backends to compare (of {', '.join(BACKENDS)})",
    )
    p.add_argument(
        "--scale-backend",
        choices=BACKENDS,
        default=None,
        help="backend for the scale and HTTP phases (default: RAGBOT_EMBEDDING_BACKEND)",
    )
    p.add_argument("--out", type=Path, default=defaults.out, help="the Markdown report")
    p.add_argument(
        "--results-dir",
        type=Path,
        default=defaults.results_dir,
        help="where each scale's raw results (scale-N.json) are kept",
    )
    p.add_argument(
        "--work",
        type=Path,
        default=defaults.work,
        help="stores, synthetic corpora and logs (rebuilt per run)",
    )
    p.add_argument("--seed", type=int, default=defaults.seed, help="synthetic corpus seed")
    p.add_argument("--repeats", type=int, default=defaults.repeats)
    p.add_argument("--passes", type=int, default=defaults.passes)
    p.add_argument("--http-seconds", type=int, default=defaults.http_seconds)
    p.add_argument(
        "--random-vectors",
        action="store_true",
        help="give the synthetic articles random vectors instead of embedding them: the store's "
        "size, memory and query latency at scale in minutes, without quality figures",
    )
    p.add_argument("--no-http", action="store_true", help="skip the wrk load test")
    p.add_argument(
        "--scale-only",
        action="store_true",
        help="run only the scale phase (its results are kept for the report of other runs)",
    )
    p.add_argument(
        "--render-only",
        action="store_true",
        help="measure nothing: rewrite the report from the kept results of this --scale",
    )
    p.add_argument("--no-chroma-server", action="store_true", help="skip the Chroma server run")
    a = p.parse_args(argv)
    backends = [b.strip() for b in a.backends.split(",") if b.strip()]
    unknown = [b for b in backends if b not in BACKENDS]
    if unknown or not backends:
        p.error(
            f"unknown backend(s) {', '.join(unknown) or '(none given)'}; use {', '.join(BACKENDS)}"
        )
    if "torch" not in backends:
        backends.insert(0, "torch")  # the reference every other backend is compared with
    return Options(
        scale=a.scale,
        backends=backends,
        scale_backend=a.scale_backend,
        out=a.out,
        results_dir=a.results_dir,
        work=a.work,
        seed=a.seed,
        repeats=a.repeats,
        passes=a.passes,
        http_seconds=a.http_seconds,
        random_vectors=a.random_vectors,
        render_only=a.render_only,
        scale_only=a.scale_only,
        http=not a.no_http,
        chroma_server=not a.no_chroma_server,
        command=shlex.join(["python", "-m", "evals.bench", *argv]),
    )


def results_file(options: Options) -> Path:
    suffix = "-random" if options.random_vectors else ""
    name = f"scale-{options.scale}{suffix}.json" if options.scale else "no-scale.json"
    return options.results_dir / name


def write(results: dict, options: Options, keep: bool = True) -> Path:
    """Keep the raw results, then render the report from them and earlier scale runs."""
    if keep:
        options.results_dir.mkdir(parents=True, exist_ok=True)
        results_file(options).write_text(json.dumps(results, indent=1) + "\n")
    scales = report.load_scale_results(options.results_dir)
    options.out.parent.mkdir(parents=True, exist_ok=True)
    notes = report.kept_http_notes(options.out.read_text()) if options.out.exists() else ""
    findings = options.results_dir / "findings.md"
    text = findings.read_text() if findings.exists() else ""
    options.out.write_text(report.render(results, scales, notes, text))
    return options.out


def _stop(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds, so running phases and servers are stopped too


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _stop)
    options = parse_args(sys.argv[1:] if argv is None else argv)
    if options.render_only:
        source = results_file(options)
        if not source.exists():
            print(f"[bench] no kept results at {source}; run the benchmark first", file=sys.stderr)
            return 2
        print(f"[bench] wrote {write(json.loads(source.read_text()), options, keep=False)}")
        return 0
    bench = Bench(options, say=lambda m: print(m, flush=True))
    results = bench.run()
    if options.scale_only:  # no report from a partial run: the full run's report shows it
        options.results_dir.mkdir(parents=True, exist_ok=True)
        results_file(options).write_text(json.dumps(results, indent=1) + "\n")
        print(f"[bench] kept {results_file(options)}; `--render-only` rewrites the report")
    else:
        out = write(results, options)
        print(f"[bench] wrote {out} ({results['elapsed_s']} s)")
    if bench.failed:
        print(f"[bench] failed phases: {', '.join(bench.failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
