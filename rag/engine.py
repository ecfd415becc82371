"""RagBot: the one object every shell uses. Loads the model, store and indexes once."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from rag.acronyms import expand
from rag.answering.authorship import asks_author
from rag.answering.base import Answerer, Evidence, refusal
from rag.answering.question_types import (
    Wants,
    asked_roles,
    asks_of_him_or_her,
    name_him_or_her,
    referent,
    split_parts,
    wants,
)
from rag.article_references import article_references, without_references
from rag.config import Settings, get_settings
from rag.conversation import ResolvedQuestion, leans_on_first_part, resolve
from rag.corpus import Corpus, Sentence
from rag.embeddings import MiniLMEmbeddings, make_embedder
from rag.ingest import IngestReport, ProgressCallback, ingest
from rag.models import Answer, Message, Passage, SourceDetail, SourceSummary
from rag.retrieval import HybridRetriever, ScoredChunk
from rag.spelling import english_words
from rag.store import ChunkStore, VectorSpaceMismatch

log = logging.getLogger(__name__)

_REVISION_CHECK_S = 1.0


class RagBot:
    def __init__(
        self,
        settings: Settings | None = None,
        embedder: MiniLMEmbeddings | None = None,
        store: ChunkStore | None = None,
        answerer: Answerer | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.store = store or ChunkStore(self.settings)
        self._embedder = embedder
        self._corpus: Corpus | None = None
        self._corpus_lock = threading.Lock()
        self._checked_at = 0.0
        self._answerer = answerer

    # --- expensive parts, built once --------------------------------------------------------
    @property
    def embedder(self) -> MiniLMEmbeddings:
        if self._embedder is None:
            self._embedder = make_embedder(self.settings)
            stored = self.store.vector_space()
            if stored and stored != self._embedder.vector_space:  # answers would degrade silently
                log.warning("%s", VectorSpaceMismatch(stored, self._embedder.vector_space))
        return self._embedder

    @property
    def answerer(self) -> Answerer:
        if self._answerer is None:
            from rag.answering import make_answerer

            self._answerer = make_answerer(self.settings)
        return self._answerer

    def corpus(self) -> Corpus:
        """The current snapshot of the store; reloaded when another writer changed it."""
        now = time.monotonic()
        if self._corpus is not None and now - self._checked_at < _REVISION_CHECK_S:
            return self._corpus
        with self._corpus_lock:
            if self._corpus is None or self.store.revision() != self._corpus.revision:
                self._corpus = Corpus(
                    self.store, chunk_vectors=self.settings.dense_search == "exact"
                )
            self._checked_at = now
            return self._corpus

    def warm_up(self) -> None:
        """Load everything a question needs, so the first question is as fast as the rest."""
        self.corpus()
        self.embedder.embed_query_vector("warm up")
        _ = self.answerer
        english_words()  # the dictionary that tells spelling slips from words

    @property
    def retriever(self) -> HybridRetriever:
        s = self.settings
        return HybridRetriever(
            store=self.store,
            embedder=self.embedder,
            corpus=self.corpus,
            k=s.retrieval_k,
            candidates=s.retrieval_candidates,
            mode=s.retrieval_mode,
            dense_search=s.dense_search,
            rrf_k=s.rrf_k,
        )

    # --- public API ---------------------------------------------------------------------------
    def ingest(
        self,
        paths: Sequence[Path],
        prune: bool = False,
        on_progress: ProgressCallback | None = None,
    ) -> IngestReport:
        report = ingest(
            paths,
            self.store,
            self.settings,
            lambda: self.embedder,
            prune=prune,
            on_progress=on_progress,
        )
        self._checked_at = 0.0
        return report

    def gather_evidence(self, question: str, history: Sequence[Message] = ()) -> Evidence:
        corpus = self.corpus()
        question = corpus.typed_out(question)  # "what did kenney say": as if typed with care
        history = [
            Message(role=m.role, content=corpus.typed_out(m.content)) if m.role == "user" else m
            for m in history
        ]
        resolved, within = _asked_of_articles(resolve(question, history, corpus.pronoun_of), corpus)
        resolved = self._name_whom_later_parts_mean(resolved, history, corpus)
        parts = split_parts(resolved.question)
        acronyms = corpus.acronyms_for(resolved.search_text)
        # "Who is the police chief?": Harrison is searched for too, when the articles give no one
        # else that title; the answerer still checks the title is given him.
        roles = asked_roles(resolved.question)
        titled = " ".join(corpus.named_by_title(resolved.question, roles)) if roles else ""
        search_text = expand(f"{resolved.search_text} {titled}".strip(), acronyms)
        texts = [search_text]
        if len(parts) > 1:  # each part is searched on its own, with the context it leans on
            for i, part in enumerate(parts):
                leans = i > 0 and leans_on_first_part(part, parts[0])
                text = f"{part} {parts[0] if leans else ''} {resolved.context}"
                texts.append(expand(" ".join(text.split()), acronyms))
        told = [resolved.told] if resolved.told else []
        embedded = self.embedder.embed_queries(texts + told)  # one batch
        vectors, told_vector = embedded[: len(texts)], (embedded[-1] if told else None)
        retriever = self.retriever
        dense = [retriever.dense_candidates(v, corpus, within) for v in vectors]
        focus = expand(resolved.question, acronyms) if resolved.context else None
        chunks = retriever.retrieve_scored(
            search_text, dense_hits=dense[0], corpus=corpus, focus=focus, within=within
        )
        if len(parts) > 1:
            seen = {c.chunk.id for c in chunks}
            for text, hits in zip(texts[1:], dense[1:], strict=True):
                more = retriever.retrieve_scored(
                    text, k=max(3, retriever.k // 2), dense_hits=hits, corpus=corpus, within=within
                )
                for c in more:
                    if c.chunk.id not in seen:
                        seen.add(c.chunk.id)
                        chunks.append(c)
            part_vectors, part_dense = vectors[1:], dense[1:]
        else:
            part_vectors, part_dense = vectors, dense
        near = [
            self._nearest_sentences(corpus, v, hits, chunks)
            for v, hits in zip(part_vectors, part_dense, strict=True)
        ]
        parts = [expand(p, acronyms) for p in parts]
        return Evidence(resolved, parts, part_vectors, chunks, corpus, near, told_vector, acronyms)

    def _name_whom_later_parts_mean(
        self, resolved: ResolvedQuestion, history: Sequence[Message], corpus: Corpus
    ) -> ResolvedQuestion:
        """ "Who is Louisiana's attorney general, and what did he call himself …?": "he" (or
        "his") is whoever the answer to the first part names, so that part is answered on its
        own first and the name put in ("what did Landry call himself"): its words and meaning
        find what "he" cannot. With an LLM answerer this costs one more call."""
        parts = split_parts(resolved.question)
        if len(parts) < 2 or wants(parts[0]) is not Wants.PERSON:
            return resolved
        leaning = [p for p in parts[1:] if asks_of_him_or_her(p)]
        if not leaning:
            return resolved
        first = self.answerer.answer(self.gather_evidence(parts[0], history))
        name = referent(parts[0], first.answer) if first.answerable else None
        if not name:
            return resolved
        question = resolved.question
        for part in leaning:
            named = name_him_or_her(part, name, corpus.pronoun_of(name))
            question = question.replace(part, named, 1)
        return replace(resolved, question=question)

    def _nearest_sentences(
        self,
        corpus: Corpus,
        vector: np.ndarray,
        dense_hits: list[tuple[str, float]],
        retrieved: list[ScoredChunk],
    ) -> list[tuple[Sentence, float]]:
        """The sentences nearest the part in meaning, within the articles of its dense
        candidates and of the retrieved chunks: at five articles that is every sentence, and at
        1,000 it gave the same eval results as a search over all 14,000 (docs/BENCHMARKS.md)."""
        articles = [corpus.chunks[cid].article_id for cid, _ in dense_hits]
        articles += [c.chunk.article_id for c in retrieved]
        return corpus.nearest_sentences(vector, self.settings.sentence_candidates, articles)

    def answer(self, question: str, history: Sequence[Message] = ()) -> Answer:
        evidence = self.gather_evidence(question, history)
        if not evidence.chunks:
            return refusal(evidence.question.query)
        return self.answerer.answer(evidence)

    def stream_answer(
        self, question: str, history: Sequence[Message] = ()
    ) -> Iterator[str | Answer]:
        """Answer text pieces, then the final Answer."""
        evidence = self.gather_evidence(question, history)
        if not evidence.chunks:
            yield refusal(evidence.question.query)
            return
        yield from self.answerer.stream(evidence)

    def retrieve(self, question: str, k: int | None = None) -> list[Passage]:
        corpus = self.corpus()
        scored = self.retriever.retrieve_scored(" ".join(question.split()), k=k, corpus=corpus)
        return [
            Passage(
                rank=i + 1,
                source=s.chunk.article_id,
                title=corpus.articles[s.chunk.article_id].title,
                chunk_id=s.chunk.id,
                quote=s.chunk.text,
                start=s.chunk.start,
                end=s.chunk.end,
                score=round(s.score, 6),
                dense_score=None if s.dense is None else round(s.dense, 6),
                bm25_score=None if s.bm25 is None else round(s.bm25, 6),
            )
            for i, s in enumerate(scored)
        ]

    def list_sources(self) -> list[SourceSummary]:
        corpus = self.corpus()
        counts: dict[str, int] = {}
        for c in corpus.chunks.values():
            counts[c.article_id] = counts.get(c.article_id, 0) + 1
        return [
            SourceSummary(id=a.id, title=a.title, chars=len(a.text), chunks=counts.get(a.id, 0))
            for a in sorted(corpus.articles.values(), key=lambda a: a.id)
        ]

    def get_source(self, article_id: str) -> SourceDetail | None:
        corpus = self.corpus()
        article = corpus.articles.get(article_id)
        if article is None:
            return None
        chunks = sum(1 for c in corpus.chunks.values() if c.article_id == article_id)
        return SourceDetail(
            id=article.id,
            title=article.title,
            chars=len(article.text),
            chunks=chunks,
            text=article.text,
        )


def _asked_of_articles(
    resolved: ResolvedQuestion, corpus: Corpus
) -> tuple[ResolvedQuestion, frozenset[str] | None]:
    """ "Who's the feds guy quoted in the Vitter piece?": asked of that article alone, and
    without the phrase naming it, which is no part of what is asked; unchanged (None) when a
    story it names is not one article (`Corpus.article_described`). Who wrote a story is read
    from the story's own words (`asks_author`)."""
    if asks_author(resolved.question):
        return resolved, None
    references = article_references(resolved.question)
    named = [corpus.article_described(r.description) for r in references]
    if not named or None in named:
        return resolved, None
    question, about = resolved.question, ""
    if len(references) == 1:  # "… in the Vitter story vs the Landry story" stays whole
        question = without_references(question, references) or question
        if question != resolved.question:  # still searched with (it is how the story was found)
            about = resolved.question[references[0].start : references[0].end].strip(" ,")
    return replace(resolved, question=question, about=about), frozenset(a for a in named if a)
