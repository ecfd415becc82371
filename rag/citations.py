"""Citations: built from exact article spans, and checked against the article text."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from rag.models import Answer
from rag.text import terms

MARKER = re.compile(r"\[(\d+)\]")


class CitationError(ValueError):
    pass


def check_citations(answer: Answer, article_texts: dict[str, str]) -> None:
    """Raise CitationError unless every quote is the article's text at its offsets, every [n]
    resolves to a citation and every citation is referred to."""
    by_n = {c.n: c for c in answer.citations}
    if len(by_n) != len(answer.citations):
        raise CitationError("two citations share a number")
    for c in answer.citations:
        text = article_texts.get(c.source)
        if text is None:
            raise CitationError(f"citation [{c.n}] names an unknown article {c.source!r}")
        if text[c.start : c.end] != c.quote:
            raise CitationError(
                f"citation [{c.n}] quote differs from {c.source}[{c.start}:{c.end}]"
            )
    used = {int(m) for m in MARKER.findall(answer.answer)}
    if used - by_n.keys():
        raise CitationError(f"markers without citations: {sorted(used - by_n.keys())}")
    if by_n.keys() - used:
        raise CitationError(f"citations never referred to: {sorted(by_n.keys() - used)}")
    if not answer.answerable and answer.citations:
        raise CitationError("a refusal carries citations")


def strip_markers(text: str) -> str:
    return re.sub(r"\s*\[\d+\]", "", text)


# --- Resolving a generated citation to the sentences that support it -------------------------

# Markers as models write them: [2], [2, 3], [2; 3], [2 and 3], [1-3], [Passage 2].
CITED = re.compile(
    r"\[\s*(?:passages?\s*)?(\d{1,3}(?:\s*(?:,|;|&|and|-|–)\s*(?:passages?\s*)?\d{1,3})*)\s*\]",
    re.IGNORECASE,
)
# What may still grow into a marker while a stream is cut mid-way through it.
_PARTIAL_MARKER = re.compile(r"\[[\sA-Za-z0-9,;&–-]{0,30}")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+")
_MAX_RANGE = 10
# A cited span must hold at least this share of the claim's weighted terms. Measured by citing
# the seed eval set's reference answers to every retrieved passage: at 0.5, 1 citation in 228
# to a passage of another article was accepted (6 at 0.3), for 13% fewer true ones.
MIN_SUPPORT = 0.5
# A neighbouring sentence joins the span when it adds at least this share.
_EXTEND_GAIN = 0.15
_MAX_SPAN_SENTENCES = 3
_RELEVANCE_WEIGHT = 0.15


class SentenceLike(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...


@dataclass(frozen=True)
class Support:
    """The exact article span that best supports a claim."""

    start: int
    end: int
    quote: str
    coverage: float  # share of the claim's weighted terms found in the span
    score: float


# Sentences written to steer a model ("ignore previous instructions", fake prompt delimiters) can
# never support a claim: an article that tells the model what to say must not become its proof.
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.!?]{0,40}\b(?:instructions?|rules|prompts?)\b"
    r"|\byou are now\b|\bfrom now on,? you\b|\bnew instructions\b"
    r"|\b(?:system|assistant|developer)\s*(?:prompt\s*)?:|<\s*/?\s*passages?\b",
    re.IGNORECASE,
)


def looks_like_instruction(text: str) -> bool:
    return bool(_INSTRUCTION.search(text))


def marker_numbers(inner: str) -> list[int]:
    """The passage numbers inside one marker (`2, 3` -> [2, 3]; `1-3` -> [1, 2, 3]), in order."""
    numbers: list[int] = []
    for m in re.finditer(r"(\d+)(?:\s*[-–]\s*(?:passages?\s*)?(\d+))?", inner, re.IGNORECASE):
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        if last < first or last - first >= _MAX_RANGE:
            last = first
        numbers.extend(n for n in range(first, last + 1) if n not in numbers)
    return numbers


def may_become_marker(text: str) -> bool:
    """Whether `text` (starting with `[`) could still be the start of a marker."""
    return "]" not in text and bool(_PARTIAL_MARKER.fullmatch(text))


def claim_of(segment: str) -> str:
    """The claim a marker is attached to: the last sentence of the text written before it."""
    sentences = [s for s in _SENTENCE_END.split(segment.strip()) if terms(s)]
    return sentences[-1] if sentences else ""


def supporting_span(
    claim: str,
    sentences: Sequence[SentenceLike],
    article_text: str,
    idf: Callable[[str], float],
    relevance: Sequence[float] | None = None,
) -> Support | None:
    """The sentence (or run of up to three adjacent sentences) of a passage that best supports
    `claim`, or None when none does.

    Support is lexical: the share of the claim's content terms that the span holds, each weighted
    by its squared idf so that a missing name or rare word costs far more than a common one.
    Every number in the claim must appear in the span, since a wrong figure next to a real
    citation is the worst kind of error. Sentences that read as instructions to a model never
    support anything. `relevance` (e.g. similarity to the question) only breaks near-ties.
    """
    weights = {t: idf(t) ** 2 for t in set(terms(claim))}
    total = sum(weights.values())
    if not sentences or total <= 0:
        return None
    sentence_terms = [
        set() if looks_like_instruction(s.text) else set(terms(s.text)) for s in sentences
    ]

    def coverage(held: set[str]) -> float:
        return sum(w for t, w in weights.items() if t in held) / total

    def rank(i: int) -> float:
        bonus = _RELEVANCE_WEIGHT * relevance[i] if relevance is not None else 0.0
        return coverage(sentence_terms[i]) + bonus

    best = max(range(len(sentences)), key=rank)
    if not sentence_terms[best]:
        return None
    first = last = best
    held = set(sentence_terms[best])
    while last - first + 1 < _MAX_SPAN_SENTENCES:
        gains = {
            i: coverage(held | sentence_terms[i]) - coverage(held)
            for i in _neighbours(sentences, first, last, article_text)
        }
        if not gains or max(gains.values()) < _EXTEND_GAIN:
            break
        i = max(gains, key=lambda k: gains[k])
        held |= sentence_terms[i]
        first, last = min(first, i), max(last, i)
    share = coverage(held)
    numbers = {t for t in weights if any(ch.isdigit() for ch in t)}
    if share < MIN_SUPPORT or not numbers <= held:
        return None
    start, end = sentences[first].start, sentences[last].end
    score = share + (_RELEVANCE_WEIGHT * relevance[best] if relevance is not None else 0.0)
    return Support(start, end, article_text[start:end], round(share, 4), round(score, 4))


def _neighbours(
    sentences: Sequence[SentenceLike], first: int, last: int, article_text: str
) -> list[int]:
    """The sentences just before and after sentences[first..last] that continue it in the
    article with only whitespace between, so the span stays one exact quote."""

    def adjacent(a: SentenceLike, b: SentenceLike) -> bool:
        return a.end <= b.start and not article_text[a.end : b.start].strip()

    out = []
    if first > 0 and adjacent(sentences[first - 1], sentences[first]):
        out.append(first - 1)
    if last + 1 < len(sentences) and adjacent(sentences[last], sentences[last + 1]):
        out.append(last + 1)
    return out
