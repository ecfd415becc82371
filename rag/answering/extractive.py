"""The default answerer: picks the best evidence sentences and composes a cited answer.

Each sub-question gets its own evidence: sentences from the retrieved chunks are scored by
meaning (sentence vector vs question vector), by the rare question words they contain, by the
kind of fact asked (a date for "when", a number for "how many", a name for "who") and by how
highly retrieval ranked their chunk. When no sentence is good enough, the answer is a refusal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from rag.answering.base import Evidence, refusal, stream_text
from rag.answering.question_types import Wants, holds, wants
from rag.bm25 import BM25Index
from rag.corpus import Sentence
from rag.models import Answer, Citation
from rag.text import normalize, terms

# Question words that say what is asked rather than what it is about.
_QUESTION_TERMS = frozenset(terms("name happen happened kind type describe explain mean meaning"))
_LEADING_CONNECTIVE = re.compile(
    r"^(?:but|however|and|meanwhile|still|yet|so|in fact|otherwise|beyond that)\s*,?\s+", re.I
)
_CONTEXT_WEIGHT = 0.35


@dataclass
class ScoredSentence:
    sentence: Sentence
    chunk_id: str
    score: float
    dense: float
    lexical: float


class ExtractiveAnswerer:
    def __init__(self, min_relevance: float = 0.40, max_sentences: int = 3) -> None:
        self.min_relevance = min_relevance
        self.max_sentences = max_sentences

    def stream(self, evidence: Evidence) -> Iterator[str | Answer]:
        yield from stream_text(self.answer(evidence))

    def answer(self, evidence: Evidence) -> Answer:
        query = evidence.question.search_text
        if not evidence.chunks:
            return refusal(query)
        candidates = _candidate_sentences(evidence)
        chosen: list[ScoredSentence] = []
        for part, vector in zip(evidence.parts, evidence.vectors, strict=True):
            ranked = self._rank(part, vector, evidence, candidates)
            if not ranked or not self._sufficient(part, ranked[0], evidence.corpus.bm25):
                continue
            picks = [ranked[0]]
            for extra in ranked[1:]:
                if len(picks) >= (2 if len(evidence.parts) == 1 else 1):
                    break
                if extra.score >= 0.92 * ranked[0].score and extra.lexical >= 0.5:
                    picks.append(extra)
            for p in picks:
                if all(_key(p) != _key(c) for c in chosen):
                    chosen.append(p)
        if not chosen:
            return refusal(query)
        return _compose(chosen[: self.max_sentences], evidence, query)

    def _rank(
        self,
        part: str,
        vector: np.ndarray,
        evidence: Evidence,
        candidates: list[tuple[Sentence, str, int]],
    ) -> list[ScoredSentence]:
        bm25 = evidence.corpus.bm25
        weights = _term_weights(part, evidence.question.context, bm25)
        total = sum(weights.values()) or 1.0
        kind = wants(part)
        n_chunks = len(evidence.chunks)
        scored = []
        seen_text: set[str] = set()
        for sentence, chunk_id, chunk_rank in candidates:
            norm = " ".join(normalize(sentence.text).split())
            if norm in seen_text:  # the same sentence in two articles: keep the better-ranked
                continue
            seen_text.add(norm)
            sentence_terms = set(terms(sentence.text))
            lexical = sum(w for t, w in weights.items() if t in sentence_terms) / total
            dense = float(evidence.corpus.sentence_vector(sentence) @ vector)
            score = 0.55 * dense + 0.45 * lexical + 0.04 * (1 - chunk_rank / n_chunks)
            if kind is not Wants.ANY:
                score += 0.05 if holds(kind, sentence.text) else -0.15
            if len(sentence.text.split()) < 6:
                score -= 0.15
            scored.append(ScoredSentence(sentence, chunk_id, score, dense, lexical))
        scored.sort(key=lambda s: -s.score)
        return scored

    def _sufficient(self, part: str, best: ScoredSentence, bm25: BM25Index) -> bool:
        if best.score < self.min_relevance or best.dense < 0.25:
            return False
        # A question mostly about words the articles never use is about something they don't cover.
        weights = {t: bm25.idf(t) for t in terms(part) if t not in _QUESTION_TERMS}
        total = sum(weights.values())
        unknown = sum(w for t, w in weights.items() if not bm25.contains(t))
        return not (total and unknown / total >= 0.34 and best.dense < 0.62)


def _term_weights(part: str, context: str, bm25: BM25Index) -> dict[str, float]:
    weights: dict[str, float] = {}
    for t in terms(context):
        weights[t] = max(weights.get(t, 0.0), _CONTEXT_WEIGHT * bm25.idf(t))
    for t in terms(part):
        if t not in _QUESTION_TERMS:
            weights[t] = bm25.idf(t)
    return weights


def _candidate_sentences(evidence: Evidence) -> list[tuple[Sentence, str, int]]:
    out: list[tuple[Sentence, str, int]] = []
    seen: set[tuple[str, int, int]] = set()
    for rank, scored in enumerate(evidence.chunks):
        for sentence in evidence.corpus.sentences_of(scored.chunk):
            key = (sentence.article_id, sentence.start, sentence.end)
            if key not in seen:
                seen.add(key)
                out.append((sentence, scored.chunk.id, rank))
    return out


def _key(s: ScoredSentence) -> tuple[str, int, int]:
    return (s.sentence.article_id, s.sentence.start, s.sentence.end)


def _readable(text: str) -> str:
    text = _LEADING_CONNECTIVE.sub("", text, count=1)
    return text[:1].upper() + text[1:]


def _compose(chosen: list[ScoredSentence], evidence: Evidence, query: str) -> Answer:
    citations = []
    pieces = []
    for n, s in enumerate(chosen, start=1):
        article = evidence.corpus.articles[s.sentence.article_id]
        citations.append(
            Citation(
                n=n,
                source=article.id,
                title=article.title,
                chunk_id=s.chunk_id,
                quote=s.sentence.text,
                start=s.sentence.start,
                end=s.sentence.end,
                score=round(s.score, 4),
            )
        )
        pieces.append(f"{_readable(s.sentence.text)} [{n}]")
    return Answer(answer=" ".join(pieces), answerable=True, citations=citations, query=query)
