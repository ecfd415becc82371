"""The measurements themselves. Each phase runs in its own process (see worker.py) and returns
a JSON-able dict; the smoke test runs them in-process with the session's model.

Ingestion embeds two kinds of text: every chunk (for dense retrieval) and every distinct
sentence (to pick evidence inside a chunk). Throughput is reported for what is embedded (texts
= chunks + sentences) and compared with the model alone on exactly those texts, so the ratio
measures what ingestion adds beyond embedding (reading, chunking, Chroma writes).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from evals.bench.machine import dir_size_mb, load_average, peak_rss_mb, rss_mb
from evals.bench.timing import sample_ms, summary_ms
from evals.dataset import EvalRow
from rag.articles import Article, find_article_files, read_article
from rag.chunking import chunk_article
from rag.config import Settings
from rag.embeddings import DIMENSIONS, SMALL_BATCH, MiniLMEmbeddings
from rag.engine import RagBot


def embedded_texts(paths: Sequence[Path], settings: Settings) -> tuple[list[str], list[str]]:
    """The chunk texts and distinct sentence texts that ingesting `paths` embeds."""
    chunks: list[str] = []
    sentences: list[str] = []
    for path in find_article_files(list(paths)):
        article = read_article(path)
        if not isinstance(article, Article):
            continue
        parts = chunk_article(article, settings.chunk_max_chars, settings.chunk_overlap_sentences)
        chunks += [c.text for c in parts]
        spans = sorted({s for c in parts for s in c.sentences}, key=lambda s: s.start)
        sentences += [article.text[s.start : s.end] for s in spans]
    return chunks, sentences


def _throughput(embedder: MiniLMEmbeddings, texts: list[str], repeats: int) -> dict[str, float]:
    """Texts per second over `repeats` passes: the best pass (least disturbed by other load on a
    shared machine), the median, and texts per CPU-second of this process (all its threads),
    which other load disturbs far less than wall time."""
    rates, cpu_rates = [], []
    for _ in range(repeats):
        started, cpu = time.perf_counter(), time.process_time()
        embedder.embed_many(texts)
        rates.append(len(texts) / (time.perf_counter() - started))
        cpu_rates.append(len(texts) / max(time.process_time() - cpu, 1e-9))
    return {
        "best": round(max(rates), 1),
        "median": round(float(np.median(rates)), 1),
        "per_cpu_s": round(max(cpu_rates), 1),
    }


def floors(
    embedder: MiniLMEmbeddings,
    settings: Settings,
    seeds: Path,
    questions: Sequence[str],
    repeats: int,
    query_samples: int,
    vectors_out: Path | None,
    load_s: float | None = None,
) -> dict[str, Any]:
    """The model alone: throughput on the seeds' chunk texts and on the ingest mix, one query's
    embedding time. Saves the chunk and sentence vectors for the agreement check."""
    chunks, sentences = embedded_texts([seeds], settings)
    embedder.embed_many(chunks[:8])  # first call allocates; not part of any measurement
    chunk_rate = _throughput(embedder, chunks, repeats)
    mix_rate = _throughput(embedder, chunks + sentences, repeats)
    cycle = [questions[i % len(questions)] for i in range(query_samples)]
    it = iter(cycle)
    cpu = time.process_time()
    query = sample_ms(lambda: embedder.embed_query_vector(next(it)), len(cycle))
    query_cpu_ms = (time.process_time() - cpu) * 1000 / max(len(cycle), 1)
    if vectors_out is not None:
        np.save(vectors_out, embedder.embed_many(chunks + sentences))
    return {
        "backend": embedder.backend,
        "batch_size": embedder.batch_size,
        "load_s": None if load_s is None else round(load_s, 2),
        "chunks": len(chunks),
        "sentences": len(sentences),
        "chunk_texts_per_s": chunk_rate,
        "mix_texts_per_s": mix_rate,
        "query_embed_ms": summary_ms(query),
        "query_embed_cpu_ms": round(query_cpu_ms, 2),
        "peak_rss_mb": peak_rss_mb(),
        "load_avg": load_average(),
    }


def _progress_printer(started: float) -> Callable[[int, int], None]:
    """Print ingest progress about every 2% (a long run's log shows how far it is)."""
    last = [-1]

    def report(done: int, total: int) -> None:
        step = done * 50 // max(total, 1)
        if step != last[0]:
            last[0] = step
            rate = done / max(time.perf_counter() - started, 1e-9)
            print(f"embedded {done}/{total} texts, {rate:.1f}/s, load {load_average()}", flush=True)

    return report


def ingest_run(
    embedder: MiniLMEmbeddings,
    settings: Settings,
    paths: Sequence[Path],
    floor_sample: int | None,
) -> dict[str, Any]:
    """Ingest `paths` into an empty store, then again unchanged; compare with the model alone."""
    bot = RagBot(settings, embedder=embedder)
    # Load the model(s) before the clock starts: with `auto`, batches run on torch, which loads
    # on the first batch larger than SMALL_BATCH (its load time is in the floors table instead).
    embedder.embed_many(["warm up the model before the clock starts"] * (SMALL_BATCH + 1))
    load_before = load_average()
    # Time inside the model during the ingest itself: the model's own throughput on exactly
    # these texts and batches, measured while the host runs at the ingest's speed. (The
    # separate sample below runs minutes later; this shared host's speed drifts by 10-15%
    # between the two, which swamps the few percent ingestion adds.)
    model_s = 0.0
    embed_many = embedder.embed_many

    def timed_embed_many(texts, progress=None):
        nonlocal model_s
        t = time.perf_counter()
        try:
            return embed_many(texts, progress)
        finally:
            model_s += time.perf_counter() - t

    embedder.embed_many = timed_embed_many  # this instance, for this ingest only
    started = time.perf_counter()
    try:
        report = bot.ingest(list(paths), on_progress=_progress_printer(started))
    finally:
        del embedder.embed_many
    ingest_s = time.perf_counter() - started
    texts = report.chunks_embedded + report.sentences_embedded

    chunk_texts, sentence_texts = embedded_texts(paths, settings)
    pool = chunk_texts + sentence_texts
    if floor_sample and len(pool) > floor_sample:  # evenly spread, so lengths stay representative
        step = len(pool) / floor_sample
        pool = [pool[int(i * step)] for i in range(floor_sample)]
    started = time.perf_counter()
    embedder.embed_many(pool)
    floor_rate = len(pool) / (time.perf_counter() - started)

    started = time.perf_counter()
    again = bot.ingest(list(paths))
    reingest_s = time.perf_counter() - started
    rate = texts / ingest_s if ingest_s else 0.0
    chroma_dir = settings.data_dir / "chroma"
    return {
        "backend": embedder.backend,
        "articles": len(report.added) + len(report.updated),
        "chunks": report.chunks_embedded,
        "sentences": report.sentences_embedded,
        "texts": texts,
        "ingest_s": round(ingest_s, 2),
        "articles_per_s": round((len(report.added) + len(report.updated)) / ingest_s, 2),
        "chunks_per_s": round(report.chunks_embedded / ingest_s, 1),
        "texts_per_s": round(rate, 1),
        "floor_texts_per_s": round(floor_rate, 1),
        "floor_sample": len(pool),
        "ratio_to_floor": round(rate / floor_rate, 3) if floor_rate else None,
        "model_in_ingest_s": round(model_s, 2),
        "model_in_ingest_texts_per_s": round(texts / model_s, 1) if model_s else None,
        "ratio_to_model_in_ingest": round(model_s / ingest_s, 3) if ingest_s and model_s else None,
        "reingest_s": round(reingest_s, 2),
        "reingest_embedded": again.chunks_embedded + again.sentences_embedded,
        "reingest_unchanged": len(again.unchanged),
        "store_mb": dir_size_mb(chroma_dir) if chroma_dir.exists() else None,
        "peak_rss_mb": peak_rss_mb(),
        "load_avg_before": load_before,
        "load_avg_after": load_average(),
    }


def query_run(
    embedder: MiniLMEmbeddings,
    settings: Settings,
    rows: Sequence[EvalRow],
    passes: int,
) -> dict[str, Any]:
    """What a serving process sees: corpus load, memory, latency floors, retrieve() and answer()
    latency, and answer quality on the seed questions."""
    from evals.metrics import summarize
    from evals.runner import run_dataset
    from evals.targets import InProcessTarget

    bot = RagBot(settings, embedder=embedder)
    rss_before = rss_mb()
    started = time.perf_counter()
    corpus = bot.corpus()
    corpus_s = time.perf_counter() - started
    rss_corpus = rss_mb()
    bot.warm_up()
    load_before = load_average()

    questions = [r.question for r in rows]
    cycle = questions * passes
    it = iter(cycle)
    embed = sample_ms(lambda: embedder.embed_query_vector(next(it)), len(cycle))
    vectors = embedder.embed_queries(questions)
    vit = iter(list(vectors) * passes)
    n = settings.retrieval_candidates
    chroma = sample_ms(lambda: bot.store.query_chunks(next(vit), n), len(cycle))
    it = iter(cycle)
    retrieve = sample_ms(lambda: bot.retrieve(next(it)), len(cycle))
    turns = [(r.question, r.history) for r in rows] * passes
    tit = iter(turns)
    answer = sample_ms(lambda: bot.answer(*next(tit)), len(turns))

    scores = run_dataset(rows, InProcessTarget(bot), k=settings.retrieval_k)
    metrics = summarize(scores)
    answerable = [s for s in scores if s.answerable]
    top1 = [bool(s.retrieved) and s.retrieved[0] in s.sources for s in answerable]

    embed_s, chroma_s = summary_ms(embed), summary_ms(chroma)
    answer_s = summary_ms(answer)
    floor_p50 = (embed_s["p50"] or 0) + (chroma_s["p50"] or 0)
    return {
        "backend": embedder.backend,
        "store": "chroma server" if settings.chroma_url else "embedded",
        "articles": len(corpus.articles),
        "chunks": len(corpus),
        "corpus_load_s": round(corpus_s, 2),
        "rss_before_corpus_mb": rss_before,
        "rss_after_corpus_mb": rss_corpus,
        "query_embed_ms": embed_s,
        "chroma_query_ms": chroma_s,
        "query_floor_p50_ms": round(floor_p50, 2),
        "retrieve_ms": summary_ms(retrieve),
        "answer_ms": answer_s,
        "answer_p50_ratio_to_floor": round((answer_s["p50"] or 0) / floor_p50, 2)
        if floor_p50
        else None,
        "quality": {
            "questions": len(scores),
            "answerable": len(answerable),
            "retrieval_hit_at_1": round(sum(top1) / len(top1), 4) if top1 else None,
            **{k: (None if v is None else round(v, 4)) for k, v in metrics.items()},
        },
        "peak_rss_mb": peak_rss_mb(),
        "load_avg_before": load_before,
        "load_avg_after": load_average(),
    }


class RandomVectors(MiniLMEmbeddings):
    """Random unit vectors in place of the model (same batch size and space label), to measure
    what a large store costs (writes, disk, memory, query latency) without hours of embedding.
    Their retrieval quality means nothing, and the report says so."""

    def __init__(self, like: MiniLMEmbeddings, seed: int = 0) -> None:  # no model to load
        self.batch_size, self.backend, self.vector_space = (
            like.batch_size,
            like.backend,
            like.vector_space,
        )
        self._rng = np.random.default_rng(seed)

    def embed_many(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        vectors = self._rng.standard_normal((len(texts), DIMENSIONS)).astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def structure_ingest_run(
    embedder: MiniLMEmbeddings, settings: Settings, seeds: Path, synthetic: Path
) -> dict[str, Any]:
    """The seeds embedded by the model, the synthetic articles written with random vectors."""
    RagBot(settings, embedder=embedder).ingest([seeds])
    bot = RagBot(settings, embedder=RandomVectors(embedder))
    load_before = load_average()
    started = time.perf_counter()
    report = bot.ingest([seeds, synthetic], on_progress=_progress_printer(started))
    write_s = time.perf_counter() - started
    started = time.perf_counter()
    again = bot.ingest([seeds, synthetic])
    reingest_s = time.perf_counter() - started
    chroma_dir = settings.data_dir / "chroma"
    return {
        "backend": embedder.backend,
        "vectors": "random",
        "articles": len(report.added) + len(report.unchanged),
        "chunks": report.chunks_embedded,
        "sentences": report.sentences_embedded,
        "texts": report.chunks_embedded + report.sentences_embedded,
        "write_s": round(write_s, 2),
        "reingest_s": round(reingest_s, 2),
        "reingest_embedded": again.chunks_embedded + again.sentences_embedded,
        "reingest_unchanged": len(again.unchanged),
        "store_mb": dir_size_mb(chroma_dir) if chroma_dir.exists() else None,
        "peak_rss_mb": peak_rss_mb(),
        "load_avg_before": load_before,
        "load_avg_after": load_average(),
    }
