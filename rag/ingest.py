"""Ingestion: files -> articles -> chunks and sentences -> vectors -> the store.

Idempotent and crash-safe: ids derive from content, unchanged articles cost no embedding, an
article becomes visible only when its record is written (after its chunks), and each run first
clears what an interrupted run left behind.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rag.articles import Article, SkippedFile, find_article_files, read_article
from rag.chunking import Chunk, chunk_article
from rag.config import Settings
from rag.embeddings import DIMENSIONS, MiniLMEmbeddings
from rag.sentences import Span
from rag.store import ChunkStore

ProgressCallback = Callable[[int, int], None]  # (texts embedded so far, total texts)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    chunks_embedded: int = 0
    sentences_embedded: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


@dataclass
class _Pending:
    article: Article
    chunks: list[Chunk]
    new_chunks: list[Chunk]
    new_sentences: list[Span]


def ingest(
    paths: Sequence[Path],
    store: ChunkStore,
    settings: Settings,
    embedder: MiniLMEmbeddings | Callable[[], MiniLMEmbeddings],
    prune: bool = False,
    on_progress: ProgressCallback | None = None,
) -> IngestReport:
    """Bring the store in line with the article files under `paths`.

    `embedder` may be a factory, so a run with nothing new never loads the model.
    Raises MissingPathError when a path does not exist.
    """
    started = time.perf_counter()
    report = IngestReport()
    articles = _read_all(find_article_files(list(paths)), report)
    committed = store.article_hashes()
    leftover = _clear_interrupted_writes(store, committed, {a.id for a in articles})
    migrated = store.migrate_legacy_sentences({k: v[0] for k, v in committed.items()})
    # Only these articles can have vectors in the store; the rest need no lookups or clean-up.
    stored = set(committed) | leftover

    pending: list[_Pending] = []
    for article in articles:
        known = committed.get(article.id)
        if known and known[0] == article.content_hash:
            if known[1] != article.path:
                store.commit_article(article, len(chunk_article(article, settings.chunk_max_chars)))
            report.unchanged.append(article.id)
            continue
        (report.updated if known else report.added).append(article.id)
        pending.append(_plan(article, store, settings, article.id in stored))

    total = sum(len(p.new_chunks) + len(p.new_sentences) for p in pending)
    if total:
        model = embedder if isinstance(embedder, MiniLMEmbeddings) else embedder()
        store.claim_vector_space(model.vector_space)  # never mix vectors of two backends
        done = 0

        def batch_done(n: int) -> None:  # progress moves with every embedding batch
            nonlocal done
            done += n
            if on_progress:
                on_progress(done, total)

        if on_progress:
            on_progress(0, total)
        # Texts are sorted by length within a group, so a larger group wastes less on padding:
        # 1,024 texts embed ~1.4x faster than 256 (measured) and still commit in steps.
        batch = settings.embedding_batch_size
        for group in _groups(pending, batch * 16):
            _embed_and_write(group, store, model, report, batch, batch_done, stored)
    # Articles whose vectors an interrupted run had stored already.
    _commit([p for p in pending if not (p.new_chunks or p.new_sentences)], store, stored)

    if prune:
        present = {a.id for a in articles}
        for article_id, (_, path) in committed.items():
            if article_id not in present and (not path or not Path(path).exists()):
                store.delete_article(article_id)
                report.removed.append(article_id)
    if report.changed or migrated:  # readers reload (a migrated store reads the same)
        store.bump_revision()
    report.seconds = time.perf_counter() - started
    return report


def _read_all(files: list[Path], report: IngestReport) -> list[Article]:
    articles: dict[str, Article] = {}
    for path in files:
        result = read_article(path)
        if isinstance(result, SkippedFile):
            report.skipped.append(result)
        elif result.id in articles:
            report.skipped.append(
                SkippedFile(
                    str(path),
                    f"duplicate article id {result.id!r} (also {articles[result.id].path})",
                )
            )
        else:
            articles[result.id] = result
    return list(articles.values())


def _clear_interrupted_writes(
    store: ChunkStore, committed: dict[str, tuple[str, str]], incoming: set[str]
) -> set[str]:
    """Remove what interrupted writes left behind; returns the new articles whose vectors an
    interrupted run stored (they are reused)."""
    hashes = {k: v[0] for k, v in committed.items()}
    reusable = set()
    for article_id in store.uncommitted_article_ids(hashes):
        if article_id in committed:
            store.delete_stale(article_id, committed[article_id][0])
        elif article_id not in incoming:
            store.delete_article(article_id)
        else:  # a new article whose write was interrupted; its stored vectors are reused.
            reusable.add(article_id)
    return reusable


def _plan(article: Article, store: ChunkStore, settings: Settings, in_store: bool) -> _Pending:
    chunks = chunk_article(article, settings.chunk_max_chars, settings.chunk_overlap_sentences)
    have: set[str] = set()
    if in_store:  # chunks of this text may be stored already (an interrupted run, a revert);
        # one written by an older ragbot without its sentence vectors is written again.
        have = store.chunk_ids_with_sentence_vectors([c.id for c in chunks])
    new_chunks = [c for c in chunks if c.id not in have]
    return _Pending(
        article=article,
        chunks=chunks,
        new_chunks=new_chunks,
        new_sentences=sorted({s for c in new_chunks for s in c.sentences}, key=lambda s: s.start),
    )


def _groups(pending: list[_Pending], texts_per_group: int) -> list[list[_Pending]]:
    groups: list[list[_Pending]] = [[]]
    size = 0
    for p in pending:
        n = len(p.new_chunks) + len(p.new_sentences)
        if not n:
            continue
        if groups[-1] and size + n > texts_per_group:
            groups.append([])
            size = 0
        groups[-1].append(p)
        size += n
    return [g for g in groups if g]


def _embed_and_write(
    group: list[_Pending],
    store: ChunkStore,
    model: MiniLMEmbeddings,
    report: IngestReport,
    batch_size: int,
    progress: Callable[[int], None],
    stored: set[str],
) -> int:
    texts: list[str] = []
    for p in group:
        texts += [c.text for c in p.new_chunks]
        texts += [p.article.text[s.start : s.end] for s in p.new_sentences]
    vectors = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # least padding per batch
    for lo in range(0, len(order), batch_size):
        idx = order[lo : lo + batch_size]
        vectors[idx] = model.embed_many([texts[i] for i in idx])
        progress(len(idx))
    at = 0
    chunks: list[tuple[Article, list[Chunk], np.ndarray, dict[Span, np.ndarray]]] = []
    for p in group:
        n_c, n_s = len(p.new_chunks), len(p.new_sentences)
        sentence_vectors = vectors[at + n_c : at + n_c + n_s]
        by_span = dict(zip(p.new_sentences, sentence_vectors, strict=True))
        chunks.append((p.article, p.new_chunks, vectors[at : at + n_c], by_span))
        at += n_c + n_s
        report.chunks_embedded += n_c
        report.sentences_embedded += n_s
    # One write for the whole group (each Chroma upsert is a transaction); the articles'
    # records still come last, after every vector they commit.
    store.put_chunks_of_many(chunks)
    _commit(group, store, stored)
    return len(texts)


def _commit(group: list[_Pending], store: ChunkStore, stored: set[str]) -> None:
    """Write the group's article records, then drop vectors of their other versions (only an
    article that had vectors stored can have any: a Chroma delete is a transaction each)."""
    store.commit_articles([(p.article, len(p.chunks)) for p in group])
    for p in group:
        if p.article.id in stored:
            store.delete_stale(p.article.id, p.article.content_hash)
