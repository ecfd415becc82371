"""`ragbot eval`: run a dataset through ragbot, score it, write reports, and gate on the numbers.

Exit codes: 0 all bounds hold, 1 a `--fail-under`/`--fail-over` bound failed, 2 a usage or set-up
error (bad option, bad dataset, unreachable server, empty store).
"""

from __future__ import annotations

import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from evals.configs import (
    STORE_SHAPING,
    ConfigError,
    EvalConfig,
    apply_overrides,
    check_names,
    load_config_file,
    parse_compare,
    shapes_store,
)
from evals.dataset import DatasetError, EvalRow, check_sources, load_dataset
from evals.gate import Bound, BoundError, Direction, failures, parse_bound
from evals.metrics import METRICS
from evals.report import EvalRun, format_metric, write_reports
from evals.runner import SHOWN_SETTINGS, ConfigResult, config_result, run_dataset
from evals.targets import HttpTarget, Target, TargetError, in_process_target, load_embedder

if TYPE_CHECKING:
    from rag.config import Settings
    from rag.embeddings import MiniLMEmbeddings

DEFAULT_DATASET = Path("evals/datasets/seeds.jsonl")
DEFAULT_CORPUS = Path("seeds")
RESULTS_DIR = Path("evals/results")
EXIT_GATE_FAILED = 1
EXIT_SETUP = 2

out = Console()
err = Console(stderr=True)


class SetupError(RuntimeError):
    """The eval cannot start or continue; the message says what to do."""


def eval_command(
    dataset: Annotated[
        Path, typer.Option(help="JSON Lines of questions (format in CONTRACT.md).")
    ] = DEFAULT_DATASET,
    url: Annotated[
        str | None, typer.Option(help="A running ragbot server (POST /chat); default: in-process.")
    ] = None,
    api_key: Annotated[
        str | None,
        typer.Option(help="API key for --url (default: the first of RAGBOT_API_KEYS)."),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Report folder (default: evals/results/<UTC timestamp>/)."),
    ] = None,
    fail_under: Annotated[
        list[str] | None,
        typer.Option(
            metavar="METRIC=VALUE", help="Exit 1 when METRIC is below VALUE (repeatable)."
        ),
    ] = None,
    fail_over: Annotated[
        list[str] | None,
        typer.Option(
            metavar="METRIC=VALUE",
            help="Exit 1 when a lower-is-better METRIC (latency, false refusals) is above VALUE.",
        ),
    ] = None,
    compare: Annotated[
        list[str] | None,
        typer.Option(
            metavar="NAME=KEY=VALUE[,KEY=VALUE]",
            help="A configuration overriding settings, e.g. dense=retrieval_mode=dense "
            "(repeatable; all run side by side).",
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(help="TOML or JSON file of configurations: {name: {setting: value}}."),
    ] = None,
    ingest: Annotated[
        list[Path] | None,
        typer.Option(
            metavar="PATH",
            help="Ingest these files or folders into a fresh temporary store and evaluate that "
            "(repeatable; default: the store in RAGBOT_DATA_DIR / RAGBOT_CHROMA_URL).",
        ),
    ] = None,
    k: Annotated[
        int | None,
        typer.Option(min=1, help="Passages retrieved for source_hit_at_k (default: retrieval_k)."),
    ] = None,
    live_history: Annotated[
        bool,
        typer.Option(
            "--live-history",
            help="Ask each follow-up after the bot's own answers to its history's questions, as "
            "in a real conversation (default: after the dataset's written answers).",
        ),
    ] = False,
) -> None:
    """Score answers on a Q&A dataset: fact recall, sources, citations, refusals, latency."""
    bounds = _parse_bounds(fail_under or [], "under") + _parse_bounds(fail_over or [], "over")
    configs = _configs(compare or [], config)
    if url and any(c.overrides for c in configs):
        _fail("--url: a server runs with its own settings; --compare/--config run in-process")
    if url and ingest:
        _fail("--ingest: cannot ingest into a remote server's store; drop --url")
    try:
        rows = load_dataset(dataset)
    except DatasetError as exc:
        _fail(str(exc))
    out_dir = out_dir or RESULTS_DIR / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")

    started_at = datetime.now(UTC).replace(microsecond=0).isoformat()
    started = time.perf_counter()
    try:
        if url:
            results = [_run_http(rows, url, api_key, k, live_history)]
        else:
            results = _run_in_process(rows, configs, ingest or [], k, live_history)
    except (SetupError, TargetError, ConfigError, DatasetError) as exc:
        _fail(str(exc))
    run = EvalRun(
        dataset=str(dataset),
        target=url.rstrip("/") if url else "in-process",
        k=k,
        started_at=started_at,
        seconds=round(time.perf_counter() - started, 1),
        bounds=bounds,
        failures={r.name: f for r in results if (f := failures(bounds, r.metrics))},
        configs=results,
        live_history=live_history,
    )
    try:
        paths = write_reports(run, out_dir)
    except OSError as exc:
        _fail(f"cannot write the reports to {out_dir}: {exc}")
    _print_table(run)
    out.print(
        f"reports: {escape(str(paths['html']))}, {escape(str(paths['markdown']))}, "
        f"{escape(str(paths['summary']))}",
        soft_wrap=True,
    )
    errors = sum(r.errors for r in results)
    if errors:
        err.print(
            f"[yellow]warning:[/yellow] {errors} question(s) failed with errors "
            f"(scored as misses); see {escape(str(paths['results']))}"
        )
    if not run.passed:
        for name, why in run.failures.items():
            for message in why.values():
                prefix = f"[{escape(name)}] " if len(results) > 1 else ""
                err.print(f"[red]eval gate failed:[/red] {prefix}{escape(message)}", soft_wrap=True)
        raise typer.Exit(EXIT_GATE_FAILED)


# --- options ---------------------------------------------------------------------------------


def _parse_bounds(specs: list[str], direction: Direction) -> list[Bound]:
    try:
        return [parse_bound(spec, direction) for spec in specs]
    except BoundError as exc:
        _fail(str(exc))


def _configs(compare: list[str], config_file: Path | None) -> list[EvalConfig]:
    try:
        configs = [parse_compare(spec) for spec in compare]
        if config_file is not None:
            configs += load_config_file(config_file)
        check_names(configs)
    except ConfigError as exc:
        _fail(str(exc))
    return configs or [EvalConfig("default")]


def _fail(message: str) -> NoReturn:
    """Usage and set-up errors: one clear line and exit 2, like the rest of the ragbot CLI."""
    err.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)
    raise typer.Exit(EXIT_SETUP)


# --- running -----------------------------------------------------------------------------------


def _run_http(
    rows: list[EvalRow], url: str, api_key: str | None, k: int | None, live_history: bool
) -> ConfigResult:
    from rag.config import Settings

    keys = Settings().api_key_list
    target = HttpTarget(url, api_key=api_key or (keys[0] if keys else None))
    try:
        check_sources(rows, target.source_ids())
        return _run_config("server", {}, {}, rows, target, k, live_history)
    finally:
        target.close()


@dataclass
class _Prepared:
    config: EvalConfig
    settings: Settings

    def own_store(self, base: Settings) -> bool:
        """Chunking differs from the base store's (and the config names no store of its own)."""
        named = {"data_dir", "chroma_url"} & self.config.overrides.keys()
        return shapes_store(base, self.settings) and not named


def _run_in_process(
    rows: list[EvalRow],
    configs: list[EvalConfig],
    ingest: list[Path],
    k: int | None,
    live_history: bool = False,
) -> list[ConfigResult]:
    from rag.config import Settings

    with ExitStack() as stack:

        def temp_dir(prefix: str) -> Path:
            return Path(
                stack.enter_context(
                    tempfile.TemporaryDirectory(prefix=prefix, ignore_cleanup_errors=True)
                )
            )

        base = Settings()
        if ingest:
            base = base.model_copy(
                update={"data_dir": temp_dir("ragbot-eval-"), "chroma_url": None}
            )
        # Validate every config before the slow work, so a typo costs nothing.
        prepared = [_Prepared(c, apply_overrides(base, c)) for c in configs]
        corpus = ingest or [DEFAULT_CORPUS]
        if any(p.own_store(base) for p in prepared) and not all(x.exists() for x in corpus):
            name = next(p.config.name for p in prepared if p.own_store(base))
            raise SetupError(
                f"config {name!r} changes how articles are stored ({', '.join(STORE_SHAPING)}), so "
                f"they are re-ingested into a temporary store; {DEFAULT_CORPUS}/ is missing: "
                "pass --ingest PATH"
            )

        # One model per embedding backend, shared by every config that uses it.
        embedders: dict[str, MiniLMEmbeddings] = {}

        def embedder_for(settings: Settings) -> MiniLMEmbeddings:
            if settings.embedding_backend not in embedders:
                with err.status(f"loading the embedding model ({settings.embedding_backend})"):
                    embedders[settings.embedding_backend] = load_embedder(settings)
            return embedders[settings.embedding_backend]

        if ingest:
            _ingest(base, embedder_for(base), ingest, "ingesting")
        stores: dict[tuple, Path] = {}  # STORE_SHAPING values -> their temporary store
        results = []
        for p in prepared:
            settings = p.settings
            embedder = embedder_for(settings)
            if p.own_store(base):
                shape = tuple(getattr(settings, f) for f in STORE_SHAPING)
                if shape not in stores:
                    stores[shape] = temp_dir("ragbot-eval-store-")
                    fresh = settings.model_copy(
                        update={"data_dir": stores[shape], "chroma_url": None}
                    )
                    _ingest(fresh, embedder, corpus, f"ingesting for {p.config.name}")
                settings = settings.model_copy(
                    update={"data_dir": stores[shape], "chroma_url": None}
                )
            results.append(
                _run_config_in_process(p.config, settings, embedder, rows, k, live_history)
            )
        return results


def _ingest(settings: Settings, embedder: MiniLMEmbeddings, paths: list[Path], label: str) -> None:
    from rag.articles import MissingPathError
    from rag.engine import RagBot

    bot = RagBot(settings, embedder=embedder)
    with _progress() as bar:
        task = bar.add_task(label, total=None)
        try:
            report = bot.ingest(
                paths, on_progress=lambda done, total: bar.update(task, completed=done, total=total)
            )
        except MissingPathError as exc:
            raise SetupError(str(exc)) from exc
    for skipped in report.skipped:
        err.print(f"[yellow]skipped[/yellow] {escape(skipped.path)}: {escape(skipped.reason)}")


def _run_config_in_process(
    config: EvalConfig,
    settings: Settings,
    embedder: MiniLMEmbeddings,
    rows: list[EvalRow],
    k: int | None,
    live_history: bool,
) -> ConfigResult:
    from rag.store import StoreError

    try:
        target = in_process_target(settings, embedder)
    except StoreError as exc:
        raise SetupError(str(exc)) from exc
    known = target.source_ids()
    if not known:
        raise SetupError(
            f"the store in {settings.chroma_url or settings.data_dir} holds no articles: "
            "run `ragbot ingest` first, or pass --ingest PATH to evaluate a fresh store"
        )
    check_sources(rows, known)
    shown = {key: settings.model_dump(mode="json")[key] for key in SHOWN_SETTINGS}
    return _run_config(
        config.name, config.overrides, shown, rows, target, k or settings.retrieval_k, live_history
    )


def _run_config(
    name: str,
    overrides: dict,
    shown: dict,
    rows: list[EvalRow],
    target: Target,
    k: int | None,
    live_history: bool,
) -> ConfigResult:
    started = time.perf_counter()
    with _progress() as bar:
        task = bar.add_task(name, total=len(rows))
        scores = run_dataset(
            rows, target, k, on_question=lambda _s: bar.advance(task), live_history=live_history
        )
    result = config_result(name, overrides, shown, scores, time.perf_counter() - started)
    if not err.is_terminal:  # no live bar: say that the config finished
        err.print(f"{name}: {len(rows)} questions in {result.seconds:.1f}s")
    return result


def _progress() -> Progress:
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=not err.is_terminal,
    )


# --- terminal output -----------------------------------------------------------------------


def _print_table(run: EvalRun) -> None:
    table = Table(title=f"ragbot eval: {run.configs[0].questions} questions", title_justify="left")
    table.add_column("metric")
    for c in run.configs:
        table.add_column(c.name, justify="right")
    bounds = {b.metric: b for b in run.bounds}
    for metric in METRICS:
        cells = []
        for c in run.configs:
            text = format_metric(metric, c.metrics.get(metric))
            failed = metric in run.failures.get(c.name, {})
            cells.append(f"[red]{text}[/red]" if failed else text)
        label = metric if metric not in bounds else f"{metric} ({bounds[metric].short})"
        table.add_row(label, *cells)
    table.add_row("misses", *(str(c.misses) for c in run.configs))
    out.print(table)
