"""Shared fixtures: one real embedding model per test session, real Chroma stores in temp dirs."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

from rag.config import Settings  # noqa: E402
from rag.embeddings import MiniLMEmbeddings, model_path  # noqa: E402
from rag.engine import RagBot  # noqa: E402
from rag.onnx_embeddings import onnx_model_file  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def make_settings(data_dir: Path, **overrides) -> Settings:
    """Settings for tests: never read the developer's .env or RAGBOT_* environment."""
    values = {"data_dir": data_dir, "chroma_url": None, **overrides}
    return Settings.model_construct(**Settings(_env_file=None, **values).model_dump())


@pytest.fixture(scope="session")
def onnx_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ONNX graphs exported (and quantized) once per session into a temp cache."""
    cache = tmp_path_factory.mktemp("models")
    onnx_model_file(Path(model_path()), cache, quantized=True)
    return cache


@pytest.fixture(scope="session")
def embedder(onnx_cache: Path) -> MiniLMEmbeddings:
    """The default backend, as users get it (onnx for questions, torch for batches)."""
    return MiniLMEmbeddings(
        backend=Settings.model_fields["embedding_backend"].default, cache_dir=onnx_cache
    )


@pytest.fixture(scope="session")
def seeded_bot(tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMEmbeddings) -> RagBot:
    """A bot over the five seed articles, ingested once per session. Treat it as read-only."""
    bot = RagBot(make_settings(tmp_path_factory.mktemp("seeded")), embedder=embedder)
    bot.ingest([SEEDS])
    bot.warm_up()
    return bot


@pytest.fixture
def make_bot(tmp_path: Path, embedder: MiniLMEmbeddings) -> Callable[..., RagBot]:
    """A fresh bot over an empty store in this test's temp dir (settings overridable)."""

    def factory(**overrides) -> RagBot:
        return RagBot(make_settings(tmp_path / "data", **overrides), embedder=embedder)

    return factory
