"""An in-memory, read-only view of the committed store: texts, sentence vectors and BM25.

Built once from Chroma and swapped whole when the store's revision changes, so a reader never
sees half an ingest, and BM25 always indexes exactly the chunks Chroma holds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rag.bm25 import BM25Index
from rag.embeddings import DIMENSIONS
from rag.sentences import Span
from rag.store import ChunkStore, StoredArticle, StoredChunk


@dataclass(frozen=True)
class Sentence:
    article_id: str
    start: int
    end: int
    text: str


class Corpus:
    def __init__(self, store: ChunkStore) -> None:
        self.revision = store.revision()
        articles = store.all_articles()
        self.articles: dict[str, StoredArticle] = {a.id: a for a in articles}
        committed = {a.id: a.content_hash for a in articles}
        chunks = store.committed_chunks(committed)
        self.chunks: dict[str, StoredChunk] = {c.id: c for c in chunks}
        self.bm25 = BM25Index([c.id for c in chunks], [c.text for c in chunks])
        vectors = store.committed_sentence_vectors(committed)
        self._sentence_vectors = vectors
        self._zero = np.zeros(DIMENSIONS, dtype=np.float32)

    def __len__(self) -> int:
        return len(self.chunks)

    def sentences_of(self, chunk: StoredChunk) -> list[Sentence]:
        text = self.articles[chunk.article_id].text
        return [Sentence(chunk.article_id, s.start, s.end, text[s.start : s.end]) for s in chunk.sentences]

    def sentence_vector(self, sentence: Sentence | Span, article_id: str | None = None) -> np.ndarray:
        aid = article_id or sentence.article_id  # type: ignore[union-attr]
        return self._sentence_vectors.get((aid, sentence.start, sentence.end), self._zero)
