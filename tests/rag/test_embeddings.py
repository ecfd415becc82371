"""Embedding backends: ONNX graphs exported from the shipped weights agree with torch, are cached,
share one model call between concurrent questions, and never mix vector spaces in a store."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from rag.embeddings import MiniLMEmbeddings, model_path
from rag.engine import RagBot
from rag.onnx_embeddings import onnx_model_file
from rag.store import VectorSpaceMismatch

TEXTS = [
    "Sen. David Vitter criticized Mayor Mitch Landrieu over the immigration policy.",
    "Who is the sheriff of Orleans Parish?",
    "The consent decree monitors approved the plan.",
    "short",
]


@pytest.fixture(scope="session")
def torch_embedder() -> MiniLMEmbeddings:
    return MiniLMEmbeddings(backend="torch")


@pytest.fixture(scope="session")
def onnx_embedder(onnx_cache: Path) -> MiniLMEmbeddings:
    return MiniLMEmbeddings(backend="onnx", cache_dir=onnx_cache)


@pytest.fixture(scope="session")
def int8_embedder(onnx_cache: Path) -> MiniLMEmbeddings:
    return MiniLMEmbeddings(backend="onnx-int8", cache_dir=onnx_cache)


def test_onnx_backends_agree_with_torch(
    torch_embedder: MiniLMEmbeddings,
    onnx_embedder: MiniLMEmbeddings,
    int8_embedder: MiniLMEmbeddings,
) -> None:
    reference = torch_embedder.embed_many(TEXTS)
    fp32 = onnx_embedder.embed_many(TEXTS)
    int8 = int8_embedder.embed_many(TEXTS)
    assert fp32.shape == int8.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-4)
    assert (fp32 * reference).sum(axis=1).min() > 0.9999  # the same model, the same vectors
    assert (int8 * reference).sum(axis=1).min() > 0.97  # quantized: close, not equal
    assert onnx_embedder.vector_space == torch_embedder.vector_space != int8_embedder.vector_space
    # LangChain's interface works the same on every backend.
    assert np.allclose(onnx_embedder.embed_query(TEXTS[1]), reference[1], atol=1e-3)


def test_auto_embeds_questions_on_onnx_and_batches_on_torch(
    onnx_cache: Path, torch_embedder: MiniLMEmbeddings
) -> None:
    from rag.embeddings import SMALL_BATCH, _TorchEncoder
    from rag.onnx_embeddings import OnnxEncoder

    model = MiniLMEmbeddings(backend="auto", cache_dir=onnx_cache)
    assert model.vector_space == torch_embedder.vector_space  # one store serves both
    question = model.embed_query_vector(TEXTS[1])
    assert isinstance(model._small, OnnxEncoder)
    assert model._large is None  # a server that only answers never loads torch
    documents = TEXTS * 3
    assert len(documents) > SMALL_BATCH
    batch = model.embed_many(documents)
    assert isinstance(model._large, _TorchEncoder)
    reference = torch_embedder.embed_many(documents)
    assert (batch * reference).sum(axis=1).min() > 0.9999
    assert float(question @ reference[1]) > 0.9999


def test_export_is_cached_by_weights(onnx_cache: Path) -> None:
    files = sorted(onnx_cache.glob("minilm-*.onnx"), key=lambda f: len(f.name))
    assert [f.name.endswith("-int8.onnx") for f in files] == [False, True]  # fp32, then int8
    stamps = [f.stat().st_mtime_ns for f in files]
    again = onnx_model_file(Path(model_path()), onnx_cache, quantized=True)
    assert again == files[1]
    assert [f.stat().st_mtime_ns for f in files] == stamps  # reused, not exported again
    assert not list(onnx_cache.glob("*.tmp"))


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="onnx-int8"):
        MiniLMEmbeddings(backend="tensorflow")  # type: ignore[arg-type]


def test_concurrent_questions_share_model_calls(onnx_cache: Path) -> None:
    model = MiniLMEmbeddings(backend="onnx", cache_dir=onnx_cache)
    alone = [model.embed_query_vector(t) for t in TEXTS * 2]
    calls: list[int] = []
    encode = model._small.encode
    gate = threading.Event()

    def counting(texts: list[str]) -> np.ndarray:
        calls.append(len(texts))
        gate.wait(5)  # hold the first call so the other questions queue up behind it
        return encode(texts)

    model._small.encode = counting  # type: ignore[method-assign]
    results: dict[int, np.ndarray] = {}

    def ask(i: int) -> None:
        results[i] = model.embed_query_vector((TEXTS * 2)[i])

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    while len(model._queue) < 7:  # everyone but the one in the model is waiting
        threading.Event().wait(0.01)
    gate.set()
    for t in threads:
        t.join(10)
    assert len(calls) == 2 and sorted(calls) == [1, 7]
    for i, vector in results.items():
        assert np.allclose(vector, alone[i], atol=1e-5)  # each caller got its own vector


def _tiny_article(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "note.txt"
    path.write_text("City note\n\nThe council met on Tuesday. It approved the budget.\n")
    return path


def test_store_refuses_vectors_from_another_space(
    make_bot: Callable[..., RagBot],
    tmp_path: Path,
    onnx_embedder: MiniLMEmbeddings,
    int8_embedder: MiniLMEmbeddings,
    onnx_cache: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    bot = make_bot()
    bot.ingest([_tiny_article(tmp_path / "a")])
    assert bot.store.vector_space() == "all-MiniLM-L6-v2"

    memo = tmp_path / "memo.txt"
    memo.write_text("Memo\n\nThe mayor signed the order on Friday.\n")
    other = RagBot(bot.settings, embedder=int8_embedder)
    with pytest.raises(VectorSpaceMismatch, match="RAGBOT_EMBEDDING_BACKEND"):
        other.ingest([memo])
    assert "memo" not in other.store.article_hashes()  # nothing of it was written
    same_space = RagBot(bot.settings, embedder=onnx_embedder)  # torch and onnx: one space
    assert same_space.ingest([memo]).added == ["memo"]

    settings = bot.settings.model_copy(
        update={"embedding_backend": "onnx-int8", "model_cache_dir": onnx_cache}
    )
    with caplog.at_level(logging.WARNING, logger="rag.engine"):
        RagBot(settings).embedder  # noqa: B018 (building it is the point)
    assert "all-MiniLM-L6-v2-int8" in caplog.text and "new RAGBOT_DATA_DIR" in caplog.text


def test_onnx_falls_back_to_torch_when_it_cannot_export(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    with caplog.at_level(logging.WARNING, logger="rag.embeddings"):
        model = MiniLMEmbeddings(backend="onnx", cache_dir=blocked)
    assert model.backend == "torch" and "using torch instead" in caplog.text
    assert model.vector_space == "all-MiniLM-L6-v2"  # the same vectors, so the store is fine
    with pytest.raises(OSError):  # int8 has no stand-in: its vectors are another space
        MiniLMEmbeddings(backend="onnx-int8", cache_dir=blocked)
