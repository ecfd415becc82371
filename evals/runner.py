"""Run a dataset through a target, one question at a time, and score each answer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel

from evals.dataset import EvalRow
from evals.metrics import QuestionScore, failed_question, score_question, summarize
from evals.targets import Target, TargetError
from rag.models import Message

# Settings worth showing next to a config's numbers (the ones that change answers).
SHOWN_SETTINGS = (
    "retrieval_mode",
    "retrieval_k",
    "retrieval_candidates",
    "rrf_k",
    "chunk_max_chars",
    "chunk_overlap_sentences",
    "embedding_backend",
    "answerer",
    "max_answer_sentences",
    "min_relevance",
)


class ConfigResult(BaseModel):
    name: str
    overrides: dict[str, Any] = {}
    settings: dict[str, Any] = {}  # SHOWN_SETTINGS as the config ran them (empty over HTTP)
    metrics: dict[str, float | None]
    questions: int
    answerable: int
    unanswerable: int
    misses: int
    errors: int
    seconds: float
    scores: list[QuestionScore]


def run_dataset(
    rows: Sequence[EvalRow],
    target: Target,
    k: int | None,
    on_question: Callable[[QuestionScore], None] | None = None,
    live_history: bool = False,
) -> list[QuestionScore]:
    """Ask every row's question; a question the target fails on is scored as a miss, not fatal."""
    scores = []
    for row in rows:
        score = ask(row, target, k, live_history)
        scores.append(score)
        if on_question:
            on_question(score)
    return scores


def ask(row: EvalRow, target: Target, k: int | None, live_history: bool = False) -> QuestionScore:
    try:
        history = replay(row.history, target) if live_history else row.history
        answer, latency_ms = target.answer(row.question, history)
        # Retrieve with the question as the bot searched it (a follow-up borrows its context).
        retrieved = target.retrieved_sources(answer.query or row.question, k)
        texts = {c.source: target.source_text(c.source) for c in answer.citations}
    except TargetError:
        raise
    except Exception as exc:  # one broken question must not hide the other 84 results
        return failed_question(row, f"{type(exc).__name__}: {exc}")
    known = {source: text for source, text in texts.items() if text is not None}
    return score_question(row, answer, retrieved, known, latency_ms)


def replay(history: Sequence[Message], target: Target) -> list[Message]:
    """The conversation as a user would have had it: each assistant turn is the target's own
    answer to the user turn before it, not the dataset's written one."""
    replayed: list[Message] = []
    for message in history:
        if message.role == "assistant" and replayed and replayed[-1].role == "user":
            answer, _latency = target.answer(replayed[-1].content, replayed[:-1])
            message = Message(role="assistant", content=answer.answer)
        replayed.append(message)
    return replayed


def config_result(
    name: str,
    overrides: dict[str, Any],
    settings: dict[str, Any],
    scores: list[QuestionScore],
    seconds: float,
) -> ConfigResult:
    answerable = sum(1 for s in scores if s.answerable)
    return ConfigResult(
        name=name,
        overrides=overrides,
        settings=settings,
        metrics=summarize(scores),
        questions=len(scores),
        answerable=answerable,
        unanswerable=len(scores) - answerable,
        misses=sum(1 for s in scores if s.missed),
        errors=sum(1 for s in scores if s.error is not None),
        seconds=round(seconds, 2),
        scores=scores,
    )
