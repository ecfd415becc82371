"""The Chroma store: commit points, revisions, vector spaces, and a real `chroma run` server."""

from __future__ import annotations

import base64
import json
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
    spans = sorted({s for c in chunks for s in c.sentences}, key=lambda s: s.start)
    sentence_vectors = embedder.embed_many([article.text[s.start : s.end] for s in spans])
    by_span = dict(zip(spans, sentence_vectors, strict=True))
    store.put_chunks(article, chunks, embedder.embed_many([c.text for c in chunks]), by_span)
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
        # Each chunk carries its sentences' vectors, exactly as embedded.
        assert c.sentence_vectors is not None
        assert np.array_equal(c.sentence_vectors, np.stack([by_span[s] for s in c.sentences]))
    assert store.uncommitted_article_ids(committed) == set()
    with_vectors, vectors = store.committed_chunks_with_vectors(committed)
    assert with_vectors == got and vectors.shape == (len(got), 384)
    expected = embedder.embed_many([c.text for c in with_vectors])
    assert np.allclose(vectors, expected, atol=1e-5)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Another version's hash makes the same chunks invisible again.
    assert store.committed_chunks({"library": "0" * 16}) == []


def _to_legacy_format(store: ChunkStore, prefix: str) -> dict[tuple[str, int, int], np.ndarray]:
    """Rewrite the store as ragbot wrote it before sentence vectors moved into chunk metadata:
    chunks without them, and a `<prefix>_sentences` collection of one record per sentence."""
    got = store.chunks.get(include=["metadatas", "documents", "embeddings"])
    vectors: dict[tuple[str, int, int], np.ndarray] = {}
    records: dict[str, dict] = {}
    for meta in got["metadatas"]:
        blob = base64.b64decode(meta.pop("sentence_vectors"))
        rows = np.frombuffer(blob, "<f4").reshape(-1, 384)
        for (start, end), vector in zip(json.loads(meta["sentences"]), rows, strict=True):
            vectors[(meta["article_id"], start, end)] = vector
            records[f"{meta['article_id']}:{start}-{end}"] = {
                "article_id": meta["article_id"],
                "content_hash": meta["content_hash"],
                "start": start,
                "end": end,
            }
    legacy = store.client.create_collection(
        f"{prefix}_sentences", embedding_function=None, metadata={"hnsw:space": "cosine"}
    )
    legacy.add(
        ids=list(records),
        embeddings=[vectors[(m["article_id"], m["start"], m["end"])] for m in records.values()],
        metadatas=list(records.values()),
    )
    # Chroma merges metadata on update; delete and add to drop the key.
    store.chunks.delete(ids=got["ids"])
    store.chunks.add(
        ids=got["ids"],
        embeddings=got["embeddings"],
        documents=got["documents"],
        metadatas=got["metadatas"],
    )
    return vectors


def test_a_store_from_before_sentence_vectors_moved_is_read_then_migrated(
    make_bot: Callable[..., RagBot], tmp_path: Path
) -> None:
    bot = make_bot()
    folder = tmp_path / "a"
    write_articles(folder, ARTICLES)
    bot.ingest([folder])
    question = "How much more will anglers pay for an annual fishing license?"
    before = bot.answer(question)
    vectors = _to_legacy_format(bot.store, bot.settings.collection_prefix)
    assert bot.store.legacy_sentences() is not None

    # A reader of the old format finds every sentence vector in the old collection.
    reader = RagBot(bot.settings, embedder=bot.embedder)
    corpus = reader.corpus()
    for (article_id, start, end), vector in vectors.items():
        sentence = corpus.sentence_at(article_id, start, end)
        assert np.allclose(corpus.sentence_vector(sentence), vector, atol=1e-6)
    assert reader.answer(question) == before

    # The next ingest moves them into the chunks without embedding anything, drops the old
    # collection, and tells readers to reload.
    revision = bot.store.revision()
    report = ingest([folder], bot.store, bot.settings, lambda: pytest.fail("embedded"))
    assert (report.chunks_embedded, report.sentences_embedded) == (0, 0)
    assert bot.store.legacy_sentences() is None
    assert bot.store.revision() != revision
    committed = {k: v[0] for k, v in bot.store.article_hashes().items()}
    for chunk in bot.store.committed_chunks(committed):
        assert chunk.sentence_vectors is not None
        for span, vector in zip(chunk.sentences, chunk.sentence_vectors, strict=True):
            assert np.allclose(vector, vectors[(chunk.article_id, span.start, span.end)], atol=1e-6)
    assert RagBot(bot.settings, embedder=bot.embedder).answer(question) == before


def test_an_unreachable_old_collection_is_an_error_not_a_missing_one(
    make_bot: Callable[..., RagBot], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = make_bot()
    write_articles(tmp_path / "a", {"library": ARTICLES["library"]})
    bot.ingest([tmp_path / "a"])
    _to_legacy_format(bot.store, bot.settings.collection_prefix)

    def unreachable(*args, **kwargs):
        raise ConnectionError("the Chroma server went away")

    monkeypatch.setattr(bot.store.client, "get_collection", unreachable)
    committed = {k: v[0] for k, v in bot.store.article_hashes().items()}
    with pytest.raises(ConnectionError):
        bot.store.migrate_legacy_sentences(committed)
    monkeypatch.undo()
    assert bot.store.legacy_sentences() is not None  # nothing was dropped


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
