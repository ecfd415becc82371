"""Hybrid retrieval: dense + BM25 over the same chunks, fused by reciprocal rank.

Dense search compares the question's vector with the chunk vectors stored in Chroma: by default
exactly, against every vector held in the corpus snapshot, or through Chroma's approximate HNSW
index (`dense_search="index"`). In a large corpus of similar articles the index can miss the
closest chunks outright; the exact scan costs a few milliseconds more at 10,000 articles
(both measured in docs/BENCHMARKS.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from rag.corpus import Corpus
from rag.embeddings import MiniLMEmbeddings
from rag.store import ChunkStore, StoredChunk
from rag.text import terms


@dataclass
class ScoredChunk:
    chunk: StoredChunk
    score: float  # fused
    dense: float | None
    bm25: float | None


_NAME_WORD = re.compile(r"\b[A-Z][\w-]*")  # capitalised as typed: "ISIS", "Hodges"


def reciprocal_rank_fusion(rankings: list[list[str]], k: int = 60) -> dict[str, float]:
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank + 1)
    return fused


def _rare_word_test(text: str, corpus: Corpus, most_chunks: int = 1) -> Callable[[str], bool]:
    """A test of a chunk (by id): does it hold a word of the text that at most `most_chunks`
    chunks hold?"""
    rare = {t for t in terms(text) if 0 < corpus.bm25.document_frequency(t) <= most_chunks}
    return lambda cid: bool(rare) and bool(rare & set(terms(corpus.chunks[cid].text)))


class HybridRetriever(BaseRetriever):
    """LangChain retriever over a ragbot store; `retrieve_scored` is the typed core call."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: ChunkStore
    embedder: MiniLMEmbeddings
    corpus: Callable[[], Corpus]
    k: int = 6
    candidates: int = 30
    mode: str = "hybrid"
    dense_search: str = "exact"
    rrf_k: int = 60

    def retrieve_scored(
        self,
        query: str,
        k: int | None = None,
        vector: np.ndarray | None = None,
        corpus: Corpus | None = None,
        dense_hits: list[tuple[str, float]] | None = None,
        focus: str | None = None,
        within: frozenset[str] | None = None,
    ) -> list[ScoredChunk]:
        """Pass `corpus` to keep one snapshot across several calls that make up one answer,
        `dense_hits` (from `dense_candidates`) when the caller has them already, `focus`
        when the query adds words borrowed from a conversation to what the user typed, and
        `within` to search only these articles (the question names them: "in the Vitter
        piece")."""
        corpus = corpus or self.corpus()
        k = k or self.k
        dense: dict[str, float] = {}
        lexical: dict[str, float] = {}
        if self.mode in ("hybrid", "dense") and len(corpus):
            if dense_hits is None:
                vec = vector if vector is not None else self.embedder.embed_query_vector(query)
                dense_hits = self.dense_candidates(vec, corpus, within)
            dense = dict(dense_hits)
        if self.mode in ("hybrid", "bm25"):
            hits = corpus.bm25.search(query, len(corpus) if within else self.candidates)
            if within:
                hits = [(cid, s) for cid, s in hits if corpus.chunks[cid].article_id in within]
            lexical = dict(hits[: self.candidates])
        rankings = [list(r) for r in (dense, lexical) if r]
        fused = reciprocal_rank_fusion(rankings, self.rrf_k)
        top_id = next(iter(lexical), None)  # the chunk holding most of the words typed
        if dense and top_id is not None and _rare_word_test(query, corpus)(top_id):
            # A query word found in a single chunk ("House Bill 1148") is what the user typed to
            # find that chunk; rank fusion alone lets two near-misses outvote it.
            fused[top_id] += 1.0 / (self.rrf_k + 1)
        best = sorted(fused, key=lambda cid: (-fused[cid], -dense.get(cid, 0.0)))[:k]
        if dense and top_id is not None and top_id not in best:
            # It is kept, however far its meaning is: "… force public officials to do?" of "…
            # mandates that public officials violate their oath of office", which a policy's
            # other chunks outrank in meaning.
            best[-1] = top_id
        if focus and lexical and self.mode == "hybrid":
            # So is a name typed in a follow-up ("ISIS"): its chunk (or the two sharing its
            # sentence) is kept, however the words borrowed from the conversation rank it.
            names = " ".join(_NAME_WORD.findall(focus))
            holder = next(filter(_rare_word_test(names, corpus, 2), lexical), None)
            if holder is not None and holder not in best:
                best[-1] = holder
        return [ScoredChunk(corpus.chunks[c], fused[c], dense.get(c), lexical.get(c)) for c in best]

    def dense_candidates(
        self, vector: np.ndarray, corpus: Corpus, within: frozenset[str] | None = None
    ) -> list[tuple[str, float]]:
        """The `candidates` chunks nearest the unit vector, best first, with cosine similarity
        (none in bm25 mode); only chunks of the `within` articles when given."""
        n = min(self.candidates, len(corpus)) if self.mode in ("hybrid", "dense") else 0
        if n <= 0:
            return []
        if self.dense_search == "exact" and corpus.has_chunk_vectors:
            hits = corpus.nearest_chunks(vector, n, within)
        else:
            hits = self.store.query_chunks(vector, n, within)
        return [(cid, s) for cid, s in hits if cid in corpus.chunks]

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        corpus = self.corpus()
        return [
            Document(
                page_content=s.chunk.text,
                id=s.chunk.id,
                metadata={
                    "source": s.chunk.article_id,
                    "title": corpus.articles[s.chunk.article_id].title,
                    "chunk_id": s.chunk.id,
                    "start": s.chunk.start,
                    "end": s.chunk.end,
                    "score": s.score,
                    "dense_score": s.dense,
                    "bm25_score": s.bm25,
                },
            )
            for s in self.retrieve_scored(query)
        ]
