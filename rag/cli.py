"""The `ragbot` command line: a thin shell over `rag.RagBot`."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.markup import escape

from evals.command import eval_command
from rag.articles import MissingPathError
from rag.models import Answer, Message

app = typer.Typer(
    help="ragbot: answers questions about your articles, citing the exact passages.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)  # long lines stay whole when piped or logged
err = Console(stderr=True, soft_wrap=True)

EXIT_SKIPPED = 3  # ingest finished but some files were skipped


def _bot():
    from rag.engine import RagBot
    from rag.store import StoreError

    try:
        return RagBot()
    except StoreError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (.txt, .md).")
    ] = None,
    prune: Annotated[bool, typer.Option(help="Remove articles whose file is gone.")] = False,
) -> None:
    """Add or update articles in the store (unchanged files cost nothing)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bot = _bot()
    paths = paths or [Path("seeds")]
    show_bar = err.is_terminal
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=not show_bar,
    ) as bar:
        task = bar.add_task("embedding", total=None)

        def on_progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            report = bot.ingest(paths, prune=prune, on_progress=on_progress)
        except MissingPathError as exc:
            err.print(f"[red]error:[/red] {escape(str(exc))}")
            raise typer.Exit(2) from exc
    for skipped in report.skipped:
        err.print(f"[yellow]skipped[/yellow] {escape(skipped.path)}: {escape(skipped.reason)}")
    out.print(
        f"ingested: {len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.removed)} removed, "
        f"{len(report.skipped)} skipped; {report.chunks_embedded} chunks and "
        f"{report.sentences_embedded} sentences embedded in {report.seconds:.1f}s"
    )
    if report.skipped:
        raise typer.Exit(EXIT_SKIPPED)


def _print_answer(answer: Answer) -> None:
    out.print(escape(answer.answer), highlight=False)
    if answer.citations:
        out.print("\n[bold]Sources[/bold]")
        for c in answer.citations:
            title = c.title if len(c.title) <= 80 else c.title[:79].rstrip() + "…"
            out.print(
                f"[{c.n}] {escape(title)} ({c.source}, chars {c.start}-{c.end})\n"
                f"    “{escape(c.quote)}”",
                highlight=False,
            )


def _check_question(question: str) -> str:
    from rag.config import get_settings

    question = question.strip()
    if not question:
        err.print("[red]error:[/red] the question is empty")
        raise typer.Exit(2)
    limit = get_settings().max_question_chars
    if len(question) > limit:
        err.print(f"[red]error:[/red] the question is longer than {limit} characters")
        raise typer.Exit(2)
    return question


def _answer(bot, question: str, history: list[Message]) -> Answer:
    """bot.answer, with a failing LLM endpoint or a bad LLM setting told plainly."""
    from rag.answering.llm import LLMUnavailableError

    try:
        return bot.answer(question, history)
    except (LLMUnavailableError, ValueError) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from exc


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="Your question.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the /chat JSON body.")] = False,
) -> None:
    """Answer one question with its sources."""
    question = _check_question(question)
    answer = _answer(_bot(), question, [])
    if as_json:
        sys.stdout.write(
            json.dumps(answer.model_dump(), ensure_ascii=False, indent=2) + "\n"
        )
    else:
        _print_answer(answer)


@app.command()
def chat() -> None:
    """Multi-turn conversation in the terminal (empty line or Ctrl-D to quit)."""
    bot = _bot()
    bot.warm_up()
    history: list[Message] = []
    out.print("Ask about the articles. Follow-up questions use the conversation. Empty line quits.")
    while True:
        try:
            question = out.input("[bold cyan]you>[/bold cyan] ").strip()
        except (EOFError, KeyboardInterrupt):
            out.print()
            return
        if not question:
            return
        answer = _answer(bot, question, history)
        out.print("[bold green]ragbot>[/bold green] ", end="")
        _print_answer(answer)
        out.print()
        history += [
            Message(role="user", content=question),
            Message(role="assistant", content=answer.answer),
        ]
        history = history[-12:]


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="TCP port.")] = None,
) -> None:
    """Serve the HTTP API and the web chat page."""
    from bot_api.server import run

    run(host=host, port=port)


@app.command()
def slack() -> None:
    """Answer in Slack over Socket Mode (RAGBOT_SLACK_APP_TOKEN and RAGBOT_SLACK_BOT_TOKEN)."""
    import threading

    from bot_api.slack.app import connect_socket_mode, missing_settings, not_configured_message
    from rag.config import get_settings

    if missing_settings(get_settings(), socket_mode=True):
        err.print(f"[red]error:[/red] {not_configured_message(get_settings(), socket_mode=True)}")
        raise typer.Exit(2)
    bot = _bot()
    bot.warm_up()
    try:
        handler = connect_socket_mode(bot)
    except Exception as exc:  # bad token, Slack unreachable: say so instead of a traceback
        err.print(f"[red]error:[/red] cannot connect to Slack: {escape(str(exc))}")
        raise typer.Exit(1) from exc
    err.print("ragbot is answering in Slack (Socket Mode). Ctrl-C stops.")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        handler.close()


feedback_app = typer.Typer(help="Feedback users gave on answers.", no_args_is_help=True)
app.add_typer(feedback_app, name="feedback")


@feedback_app.command("export")
def feedback_export(
    out: Annotated[Path | None, typer.Option(help="JSONL file to write (default: stdout).")] = None,
    verdict: Annotated[Literal["helpful", "not_helpful", "all"], typer.Option()] = "all",
) -> None:
    """Write rated answers as eval-dataset candidates (JSON Lines) for review."""
    from rag.config import get_settings
    from rag.feedback import FeedbackStore

    store = FeedbackStore.from_settings(get_settings())
    chosen = None if verdict == "all" else verdict
    if out is None:
        count = store.export_jsonl(sys.stdout, chosen)
    else:
        with out.open("w", encoding="utf-8") as f:
            count = store.export_jsonl(f, chosen)
    err.print(f"exported {count} question(s)" + (f" to {escape(str(out))}" if out else ""))


app.command("eval")(eval_command)  # the harness lives in evals/; the CLI only registers it


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
