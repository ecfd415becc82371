"""BM25 over the stored chunks (sparse-matrix `bm25s`), built from the store's own texts."""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Sequence

import bm25s
import numpy as np

from rag.text import terms

logging.getLogger("bm25s").setLevel(logging.WARNING)


class BM25Index:
    def __init__(self, ids: Sequence[str], texts: Sequence[str]) -> None:
        self.ids = list(ids)
        tokenized = [terms(t) for t in texts]
        self._doc_freq: Counter[str] = Counter()
        for toks in tokenized:
            self._doc_freq.update(set(toks))
        self._n = len(tokenized)
        self._engine: bm25s.BM25 | None = None
        if self._n:
            self._engine = bm25s.BM25()
            # bm25s needs at least one token per document.
            self._engine.index([t or ["\u2205"] for t in tokenized], show_progress=False)

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency; unseen terms get the highest weight."""
        df = self._doc_freq.get(term, 0)
        return math.log(1 + (self._n - df + 0.5) / (df + 0.5))

    def document_frequency(self, term: str) -> int:
        return self._doc_freq.get(term, 0)

    def contains(self, term: str) -> bool:
        return term in self._doc_freq

    def search(self, query: str, n: int) -> list[tuple[str, float]]:
        if self._engine is None:
            return []
        q = [t for t in terms(query) if t in self._doc_freq]
        if not q:
            return []
        scores = self._engine.get_scores(q)
        n = min(n, self._n)
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top])]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]
