"""The answerer interface: turn a question and its retrieved evidence into a cited Answer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from rag.conversation import ResolvedQuestion
from rag.corpus import Corpus, Sentence
from rag.models import Answer
from rag.retrieval import ScoredChunk

REFUSAL = "I can't answer that from the articles I have: they don't contain the information you asked about."


@dataclass
class Evidence:
    question: ResolvedQuestion
    parts: list[str]  # the question split into its sub-questions (one item if single)
    vectors: np.ndarray  # one query vector per part
    chunks: list[ScoredChunk]  # retrieved, best first
    corpus: Corpus
    sentences: list[list[tuple[Sentence, float]]] = field(default_factory=list)
    """Per part: the sentences nearest in meaning within the articles retrieval found, with
    their similarity."""
    told_vector: np.ndarray | None = None  # the answer a follow-up follows, embedded
    acronyms: dict[str, str] = field(default_factory=dict)
    """phrase -> acronym: the articles' own and those the question spells out ("DHS"), as the
    question was expanded with them (`Corpus.acronyms_for`)."""


class Answerer(Protocol):
    def answer(self, evidence: Evidence) -> Answer: ...

    def stream(self, evidence: Evidence) -> Iterator[str | Answer]:
        """Yield answer text pieces, then the final Answer."""
        ...


def refusal(query: str | None = None) -> Answer:
    return Answer(answer=REFUSAL, answerable=False, citations=[], query=query)


def stream_text(answer: Answer) -> Iterator[str | Answer]:
    """Stream an already-built answer word by word (keeps `[n]` markers whole)."""
    yield from re.findall(r"\S+\s*", answer.answer)
    yield answer
