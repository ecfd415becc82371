"""The Chroma store: commit points, revisions, vector spaces, and a real `chroma run` server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from evals.bench.servers import ServerError, free_port, running
from evals.bench.servers import chroma_server as chroma_command
from rag.articles import read_article
from rag.chunking import chunk_article
from rag.citations import check_citations
from rag.embeddings import MODEL_NAME, MiniLMEmbeddings
from rag.engine import RagBot
from rag.ingest import ingest
from rag.store import ChunkStore, StoreError, VectorSpaceMismatch
from tests.conftest import SEEDS, make_settings
from tests.rag.sample_articles import ARTICLES, write_articles


def test_chunks_count_only_once_their_article_is_committed(
    make_bot: Callable[..., RagBot], embedder: MiniLMEmbeddings, tmp_path: Path
) -> None:
    store = make_bot().store
    article = read_article(write_articles(tmp_path / "a", {"library": ARTICLES["library"]})[0])
    chunks = chunk_article(article)
    store.put_chunks(article, chunks, embedder.embed_many([c.text for c in chunks]))
    assert store.article_hashes() == {}
    assert store.committed_chunks({}) == []
    assert store.uncommitted_article_ids({}) == {"library"}

    store.commit_article(article, len(chunks))
    committed = {k: v[0] for k, v in store.article_hashes().items()}
    assert committed == {"library": article.content_hash}
    got = store.committed_chunks(committed)
    assert sorted(c.id for c in got) == sorted(c.id for c in chunks)
    for c in got:
        assert article.text[c.start : c.end] == c.text
        assert all(c.start <= s.start < s.end <= c.end for s in c.sentences)
    assert store.uncommitted_article_ids(committed) == set()
    with_vectors, vectors = store.committed_chunks_with_vectors(committed)
    assert with_vectors == got and vectors.shape == (len(got), 384)
    expected = embedder.embed_many([c.text for c in with_vectors])
    assert np.allclose(vectors, expected, atol=1e-5)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Another version's hash makes the same chunks invisible again.
    assert store.committed_chunks({"library": "0" * 16}) == []


def test_every_write_bumps_the_revision(make_bot: Callable[..., RagBot], tmp_path: Path) -> None:
    bot = make_bot()
    assert bot.store.revision() == ""
    folder = tmp_path / "a"
    write_articles(folder, {"library": ARTICLES["library"]})
    bot.ingest([folder])
    first = bot.store.revision()
    assert first
    bot.ingest([folder])  # nothing changed: readers need not reload
    assert bot.store.revision() == first
    (folder / "library.txt").write_text(ARTICLES["fishing"], encoding="utf-8")
    bot.ingest([folder])
    assert bot.store.revision() not in ("", first)


def test_vectors_of_another_space_are_refused(
    make_bot: Callable[..., RagBot], tmp_path: Path
) -> None:
    bot = make_bot()
    assert bot.store.vector_space() is None
    write_articles(tmp_path / "a", {"library": ARTICLES["library"]})
    bot.ingest([tmp_path / "a"])
    assert bot.store.vector_space() == MODEL_NAME
    with pytest.raises(VectorSpaceMismatch, match="RAGBOT_EMBEDDING_BACKEND"):
        bot.store.claim_vector_space(f"{MODEL_NAME}-int8")
    bot.store.claim_vector_space(MODEL_NAME)  # the same space is fine


def test_an_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match="127.0.0.1"):
        ChunkStore(make_settings(tmp_path, chroma_url=url))


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A real `chroma run` on a free loopback port, stopped after the module."""
    path = tmp_path_factory.mktemp("chroma-server")
    try:
        command, port = chroma_command(path / "db")
    except ServerError as exc:
        pytest.skip(f"the chroma CLI is missing: {exc}")
    with running("chroma", command, "/api/v2/heartbeat", port, path / "server.log", {}, 90) as s:
        yield s.url, path / "db"


def test_server_mode_ingests_and_answers(
    chroma_server: tuple[str, Path], embedder: MiniLMEmbeddings, tmp_path: Path
) -> None:
    url, server_db = chroma_server
    settings = make_settings(tmp_path / "data", chroma_url=url, collection_prefix="server_test")
    bot = RagBot(settings, embedder=embedder)
    report = bot.ingest([SEEDS])
    assert len(report.added) == 5 and report.chunks_embedded > 0
    assert not (tmp_path / "data" / "chroma").exists(), "an embedded store was used"
    assert (server_db / "chroma.sqlite3").exists()

    def no_model() -> MiniLMEmbeddings:
        raise AssertionError("re-ingest asked for the model")

    again = ingest([SEEDS], bot.store, settings, no_model)
    assert len(again.unchanged) == 5 and again.chunks_embedded == 0

    answer = bot.answer("Which senator criticized Mayor Landrieu and Sheriff Gusman?")
    assert answer.answerable and "Vitter" in answer.answer, answer.answer
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    check_citations(answer, texts)
    # A second client (as another server process would be) sees the same committed store.
    other = RagBot(settings, embedder=embedder)
    assert [s.id for s in other.list_sources()] == sorted(texts)
