"""Eval metrics: pure functions from one question's outcome to its scores, and scores to totals.

Every metric is defined precisely in evals/README.md; the names here are the names users pass to
`--fail-under`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from evals.dataset import EvalRow
from rag.citations import CitationError, check_citations
from rag.models import Answer, Citation


@dataclass(frozen=True)
class MetricInfo:
    description: str
    higher_is_better: bool = True
    unit: str = ""  # "" for a fraction in [0, 1]


METRICS: dict[str, MetricInfo] = {
    "fact_recall": MetricInfo("answerable rows whose answer holds every key-fact group"),
    "source_hit_at_1": MetricInfo("answerable rows whose first citation is from a row source"),
    "source_hit_at_k": MetricInfo("answerable rows with a row source among the top-k retrieved"),
    "citation_precision": MetricInfo("citations (answerable rows) that point at a row source"),
    "citation_validity": MetricInfo("rows whose citations are exact, resolved and all referred to"),
    "refusal_accuracy": MetricInfo("unanswerable rows that were refused"),
    "false_refusal_rate": MetricInfo("answerable rows that were refused", higher_is_better=False),
    "latency_p50_ms": MetricInfo("median answer latency", higher_is_better=False, unit="ms"),
    "latency_p95_ms": MetricInfo(
        "95th percentile answer latency", higher_is_better=False, unit="ms"
    ),
}

_MARKER = re.compile(r"\s*\[\d+\]")  # with the space before it: "2013 [1]." reads "2013."
_SPACE = re.compile(r"\s+")
# Typographic variants an answer (or an article it quotes) may use for the same characters.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-",
    }
)  # fmt: skip


def normalize(text: str) -> str:
    """Text as key facts see it: no [n] markers, one form of quotes and spaces, casefolded."""
    text = _MARKER.sub("", text)
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)
    return _SPACE.sub(" ", text).strip().casefold()


def held_groups(answer: str, key_facts: Sequence[Sequence[str]]) -> list[bool]:
    """For each key-fact group, whether the answer contains any of its alternatives."""
    text = normalize(answer)
    return [any(normalize(alt) in text for alt in group) for group in key_facts]


def first_citation(citations: Sequence[Citation]) -> Citation | None:
    """The citation a reader meets first: the lowest [n]."""
    return min(citations, key=lambda c: c.n, default=None)


def source_hit_at_1(citations: Sequence[Citation], sources: Iterable[str]) -> bool:
    first = first_citation(citations)
    return first is not None and first.source in set(sources)


def source_hit_at_k(retrieved: Sequence[str], sources: Iterable[str]) -> bool:
    """Whether any retrieved passage (by its article id) is from a row source."""
    return bool(set(retrieved) & set(sources))


def cited_in_sources(citations: Sequence[Citation], sources: Iterable[str]) -> int:
    wanted = set(sources)
    return sum(1 for c in citations if c.source in wanted)


def citation_problem(answer: Answer, article_texts: dict[str, str]) -> str | None:
    """Why the answer's citations are not valid, or None when they are.

    Valid means: every quote is its article's text at its offsets, every [n] has a citation, every
    citation is referred to, a refusal carries none, and an answer that is not a refusal has at
    least one (an uncited answer proves nothing).
    """
    try:
        check_citations(answer, article_texts)
    except CitationError as exc:
        return str(exc)
    if answer.answerable and not answer.citations:
        return "an answer without citations"
    return None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100), interpolating linearly between closest ranks (as numpy does)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(rank), math.ceil(rank)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (rank - lo)


class QuestionScore(BaseModel):
    """One question's outcome and scores; None where a metric does not apply to the row."""

    id: str
    question: str
    answerable: bool  # what the dataset expects
    sources: list[str] = []  # the row's sources and key facts, so results files stand alone
    key_facts: list[list[str]] = []
    answer: str | None = None
    refused: bool | None = None
    citations: list[Citation] = []
    retrieved: list[str] = []  # article ids of the top-k passages, best first
    facts_held: list[bool] = []
    fact_recall: bool | None = None
    source_hit_at_1: bool | None = None
    source_hit_at_k: bool | None = None
    cited_in_sources: int = 0
    citation_problem: str | None = None
    latency_ms: float | None = None
    error: str | None = None  # the target failed on this question

    @property
    def citation_valid(self) -> bool:
        return self.error is None and self.citation_problem is None

    @property
    def refusal_correct(self) -> bool | None:
        return None if self.answerable else self.refused is True

    @property
    def missed(self) -> bool:
        """A miss on what the gate cares about: the facts, the refusal, or the citations."""
        if self.error is not None or not self.citation_valid:
            return True
        return self.fact_recall is False or self.refusal_correct is False


def score_question(
    row: EvalRow,
    answer: Answer,
    retrieved: Sequence[str],
    article_texts: dict[str, str],
    latency_ms: float,
) -> QuestionScore:
    score = QuestionScore(
        **_row_fields(row),
        answer=answer.answer,
        refused=not answer.answerable,
        citations=list(answer.citations),
        retrieved=list(retrieved),
        citation_problem=citation_problem(answer, article_texts),
        latency_ms=latency_ms,
    )
    if row.answerable:
        score.facts_held = held_groups(answer.answer, row.key_facts)
        score.fact_recall = all(score.facts_held)
        score.source_hit_at_1 = source_hit_at_1(answer.citations, row.sources)
        score.source_hit_at_k = source_hit_at_k(retrieved, row.sources)
        score.cited_in_sources = cited_in_sources(answer.citations, row.sources)
    return score


def failed_question(row: EvalRow, error: str) -> QuestionScore:
    """A question the target could not answer: a miss on every metric that applies to it."""
    score = QuestionScore(**_row_fields(row), error=error)
    if row.answerable:
        score.facts_held = [False] * len(row.key_facts)
        score.fact_recall = score.source_hit_at_1 = score.source_hit_at_k = False
    return score


def _row_fields(row: EvalRow) -> dict[str, Any]:
    return row.model_dump(include={"id", "question", "answerable", "sources", "key_facts"})


def _ratio(part: int, whole: int) -> float | None:
    # Four decimals: exact enough for any bound, short enough to read in a diff.
    return round(part / whole, 4) if whole else None


def _mean(flags: Iterable[bool]) -> float | None:
    values = list(flags)
    return _ratio(sum(values), len(values))


def summarize(scores: Sequence[QuestionScore]) -> dict[str, float | None]:
    """Every metric over the run; None when no row is of the kind a metric needs."""
    answerable = [s for s in scores if s.answerable]
    unanswerable = [s for s in scores if not s.answerable]
    cited = sum(len(s.citations) for s in answerable)
    latencies = [s.latency_ms for s in scores if s.latency_ms is not None]
    p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
    return {
        "fact_recall": _mean(s.fact_recall is True for s in answerable),
        "source_hit_at_1": _mean(s.source_hit_at_1 is True for s in answerable),
        "source_hit_at_k": _mean(s.source_hit_at_k is True for s in answerable),
        "citation_precision": _ratio(sum(s.cited_in_sources for s in answerable), cited),
        "citation_validity": _mean(s.citation_valid for s in scores),
        "refusal_accuracy": _mean(s.refused is True for s in unanswerable),
        "false_refusal_rate": _mean(s.refused is True for s in answerable),
        "latency_p50_ms": None if p50 is None else round(p50, 1),
        "latency_p95_ms": None if p95 is None else round(p95, 1),
    }
