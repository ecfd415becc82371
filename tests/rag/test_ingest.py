"""Ingestion against a real Chroma store in a temp dir: idempotence, changed and removed files,
bad input, interrupted writes, and a `kill -9` in the middle of `ragbot ingest`."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from rag.articles import Article, MissingPathError, read_article
from rag.chunking import chunk_article
from rag.citations import check_citations
from rag.embeddings import MiniLMEmbeddings
from rag.engine import RagBot
from rag.ingest import ingest
from rag.store import ChunkStore
from tests.rag.sample_articles import ARTICLES, generated_article, write_articles

ROOT = Path(__file__).resolve().parents[2]
RAGBOT = ROOT / ".venv" / "bin" / "ragbot"


def no_model() -> MiniLMEmbeddings:
    raise AssertionError("the embedding model was asked for, but nothing needed embedding")


def stored_chunks(store: ChunkStore, article_id: str | None = None) -> list[tuple[str, dict, str]]:
    where = {"article_id": article_id} if article_id else None
    got = store.chunks.get(where=where, include=["metadatas", "documents"])
    return list(zip(got["ids"], got["metadatas"], got["documents"], strict=True))


def stored_sentence_vectors(
    store: ChunkStore, article: Article
) -> dict[tuple[int, int], np.ndarray]:
    """(start, end) -> vector of every sentence the article's stored chunks carry."""
    committed = {article.id: article.content_hash}
    out = {}
    for chunk in store.committed_chunks(committed):
        assert chunk.sentence_vectors is not None, chunk.id
        for span, vector in zip(chunk.sentences, chunk.sentence_vectors, strict=True):
            out[(span.start, span.end)] = vector
    return out


def put_chunks(
    store: ChunkStore, article: Article, chunks: list, embedder: MiniLMEmbeddings
) -> None:
    """Store the chunks with their vectors and sentence vectors, as an ingest does before it
    commits the article."""
    spans = sorted({s for c in chunks for s in c.sentences}, key=lambda s: s.start)
    vectors = embedder.embed_many([c.text for c in chunks])
    sentence_vectors = embedder.embed_many([article.text[s.start : s.end] for s in spans])
    store.put_chunks(article, chunks, vectors, dict(zip(spans, sentence_vectors, strict=True)))


def counts(store: ChunkStore) -> tuple[int, int]:
    return store.articles.count(), store.chunks.count()


def assert_store_matches(store: ChunkStore, article: Article, bot: RagBot) -> None:
    """The store holds exactly this version of the article: its chunks, its sentences, no other."""
    s = bot.settings
    expected = chunk_article(article, s.chunk_max_chars, s.chunk_overlap_sentences)
    records = stored_chunks(store, article.id)
    assert {cid for cid, _, _ in records} == {c.id for c in expected}
    for _cid, meta, text in records:
        assert meta["content_hash"] == article.content_hash
        assert article.text[meta["start"] : meta["end"]] == text
    spans = {(sp.start, sp.end) for c in expected for sp in c.sentences}
    vectors = stored_sentence_vectors(store, article)
    assert set(vectors) == spans
    assert np.allclose(np.linalg.norm(np.stack(list(vectors.values())), axis=1), 1.0, atol=1e-5)
    assert store.article_hashes()[article.id] == (article.content_hash, article.path)


@pytest.fixture
def articles_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    write_articles(folder, ARTICLES)
    return folder


def test_re_ingest_of_unchanged_files_embeds_nothing(
    make_bot: Callable[..., RagBot], articles_dir: Path
) -> None:
    bot = make_bot()
    first = bot.ingest([articles_dir])
    assert sorted(first.added) == sorted(ARTICLES)
    assert first.chunks_embedded > 0 and first.sentences_embedded > 0
    before = counts(bot.store)
    chunk_ids = sorted(cid for cid, _, _ in stored_chunks(bot.store))

    # Straight through rag.ingest with a model factory that fails if called: no embedding at all.
    second = ingest([articles_dir], bot.store, bot.settings, no_model)
    assert sorted(second.unchanged) == sorted(ARTICLES)
    assert (second.added, second.updated, second.removed, second.skipped) == ([], [], [], [])
    assert (second.chunks_embedded, second.sentences_embedded) == (0, 0)
    assert not second.changed
    assert counts(bot.store) == before
    assert sorted(cid for cid, _, _ in stored_chunks(bot.store)) == chunk_ids
    for path in sorted(articles_dir.iterdir()):
        assert_store_matches(bot.store, read_article(path), bot)


def test_a_changed_file_replaces_its_old_chunks_completely(
    make_bot: Callable[..., RagBot], articles_dir: Path
) -> None:
    bot = make_bot()
    bot.ingest([articles_dir])
    path = articles_dir / "fishing.txt"
    old_text = path.read_text(encoding="utf-8")
    new_text = old_text.replace("$5 more", "$9 more").replace("bass and catfish", "trout")
    new_text += "Officials said the fee had not changed since 1998.\n"
    path.write_text(new_text, encoding="utf-8")

    report = bot.ingest([articles_dir])
    assert report.updated == ["fishing"]
    assert sorted(report.unchanged) == sorted(set(ARTICLES) - {"fishing"})
    article = read_article(path)
    assert_store_matches(bot.store, article, bot)
    documents = " ".join(text for _, _, text in stored_chunks(bot.store, "fishing"))
    assert "$5 more" not in documents and "catfish" not in documents
    stored = bot.store.get_article("fishing")
    assert stored is not None and stored.text == new_text

    answer = bot.answer("How much more will anglers pay for an annual fishing license?")
    assert answer.answerable, answer.answer
    assert "$9" in answer.answer and "$5" not in answer.answer
    source = bot.get_source("fishing")
    assert source is not None and source.text == new_text
    for c in answer.citations:
        assert c.source == "fishing"
        assert new_text[c.start : c.end] == c.quote


def test_a_moved_file_updates_its_path_without_embedding(
    make_bot: Callable[..., RagBot], articles_dir: Path, tmp_path: Path
) -> None:
    bot = make_bot()
    bot.ingest([articles_dir])
    moved = tmp_path / "moved"
    moved.mkdir()
    (articles_dir / "library.txt").rename(moved / "library.txt")
    report = ingest([articles_dir, moved], bot.store, bot.settings, no_model)
    assert "library" in report.unchanged and report.chunks_embedded == 0
    assert bot.store.article_hashes()["library"][1] == str((moved / "library.txt").resolve())


def test_prune_removes_only_articles_whose_file_is_gone(
    make_bot: Callable[..., RagBot], articles_dir: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    write_articles(other, {"elsewhere": generated_article(1)})
    bot = make_bot()
    bot.ingest([articles_dir, other])
    (articles_dir / "library.txt").unlink()

    kept = ingest([articles_dir], bot.store, bot.settings, no_model)
    assert kept.removed == []
    assert "library" in bot.store.article_hashes()

    pruned = ingest([articles_dir], bot.store, bot.settings, no_model, prune=True)
    assert pruned.removed == ["library"]
    # `elsewhere` was not in this run's paths, but its file still exists: it stays.
    assert set(bot.store.article_hashes()) == (set(ARTICLES) - {"library"}) | {"elsewhere"}
    assert stored_chunks(bot.store, "library") == []
    assert "library" not in {s.id for s in bot.list_sources()}
    assert bot.get_source("library") is None


def test_bad_files_are_reported_by_name_and_the_rest_is_ingested(
    make_bot: Callable[..., RagBot], tmp_path: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    write_articles(first, {"fireworks": ARTICLES["fireworks"], "library": ARTICLES["library"]})
    write_articles(second, {"fireworks": ARTICLES["fishing"]})  # same id as first/fireworks
    (first / "empty.txt").write_bytes(b"")
    (first / "blank.md").write_bytes(b"  \n\n ")
    (first / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00 zip data")
    (first / "latin1.txt").write_bytes("R\u00e9sum\u00e9 of the meeting\n".encode("latin-1"))
    wrong_suffix = tmp_path / "minutes.pdf"
    wrong_suffix.write_bytes(b"%PDF-1.4")

    report = make_bot().ingest([first, second, wrong_suffix])
    reasons = {
        Path(s.path).name + ("@second" if "second" in s.path else ""): s.reason
        for s in report.skipped
    }
    assert set(reasons) == {
        "empty.txt",
        "blank.md",
        "binary.txt",
        "latin1.txt",
        "minutes.pdf",
        "fireworks.txt@second",
    }
    assert "empty" in reasons["empty.txt"] and "empty" in reasons["blank.md"]
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert ".txt or .md" in reasons["minutes.pdf"]
    assert "duplicate article id 'fireworks'" in reasons["fireworks.txt@second"]
    assert str(first / "fireworks.txt") in reasons["fireworks.txt@second"]
    assert sorted(report.added) == ["fireworks", "library"]
    stored = make_bot().store.get_article("fireworks")
    assert stored is not None and stored.text == ARTICLES["fireworks"]


def test_a_broken_link_in_a_folder_is_reported(
    make_bot: Callable[..., RagBot], tmp_path: Path
) -> None:
    folder = tmp_path / "articles"
    write_articles(folder, {})
    (folder / "gone.txt").symlink_to(tmp_path / "deleted-target.txt")
    report = make_bot().ingest([folder])
    assert [Path(s.path).name for s in report.skipped] == ["gone.txt"]


def test_a_symlinked_article_keeps_its_own_name(
    make_bot: Callable[..., RagBot], tmp_path: Path
) -> None:
    target = write_articles(tmp_path / "store-room", {"real-name": ARTICLES["library"]})[0]
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "library.txt").symlink_to(target)
    (folder / "ioerror.txt").symlink_to("/proc/self/mem")
    report = make_bot().ingest([folder])
    assert report.added == ["library"]
    assert [Path(s.path).name for s in report.skipped] == ["ioerror.txt"]


def test_a_missing_path_is_an_error_and_changes_nothing(
    make_bot: Callable[..., RagBot], articles_dir: Path, tmp_path: Path
) -> None:
    bot = make_bot()
    with pytest.raises(MissingPathError, match="no-such-folder"):
        bot.ingest([articles_dir, tmp_path / "no-such-folder"])
    assert counts(bot.store) == (0, 0)


def test_progress_reports_every_text_embedded(
    make_bot: Callable[..., RagBot], articles_dir: Path
) -> None:
    calls: list[tuple[int, int]] = []
    report = make_bot(embedding_batch_size=4).ingest(
        [articles_dir], on_progress=lambda done, total: calls.append((done, total))
    )
    total = report.chunks_embedded + report.sentences_embedded
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert len(calls) > 2  # several groups, so a progress bar moves


def test_chunks_without_their_article_record_are_invisible_then_cleaned(
    make_bot: Callable[..., RagBot], articles_dir: Path, embedder: MiniLMEmbeddings, tmp_path: Path
) -> None:
    bot = make_bot()
    bot.ingest([articles_dir])
    # What a crash between writing chunks and committing the article leaves behind.
    orphan = read_article(write_articles(tmp_path / "orphan", {"orphan": generated_article(3)})[0])
    chunks = chunk_article(orphan)
    put_chunks(bot.store, orphan, chunks, embedder)
    bot.store.bump_revision()
    assert stored_chunks(bot.store, "orphan")

    corpus = RagBot(bot.settings, embedder=embedder).corpus()
    assert "orphan" not in corpus.articles
    assert not [c for c in corpus.chunks.values() if c.article_id == "orphan"]
    assert corpus.bm25.search("project 1003", 5) == []
    assert all(p.source != "orphan" for p in bot.retrieve("project 1003 rebuild", k=10))

    report = ingest([articles_dir], bot.store, bot.settings, no_model)
    assert report.chunks_embedded == 0
    assert stored_chunks(bot.store, "orphan") == []


def _written_and_chunked(bot: RagBot, folder: Path, seed: int) -> tuple[Article, list]:
    """Article "late" written to `folder`, and its chunks under the bot's settings."""
    article = read_article(write_articles(folder, {"late": generated_article(seed)})[0])
    s = bot.settings
    return article, chunk_article(article, s.chunk_max_chars, s.chunk_overlap_sentences)


def test_an_interrupted_article_reuses_its_stored_vectors(
    make_bot: Callable[..., RagBot], embedder: MiniLMEmbeddings, tmp_path: Path
) -> None:
    bot = make_bot()
    folder = tmp_path / "late"
    article, chunks = _written_and_chunked(bot, folder, 5)
    put_chunks(bot.store, article, chunks, embedder)
    assert "late" not in bot.corpus().articles

    report = ingest([folder], bot.store, bot.settings, no_model)  # all vectors are there already
    assert report.added == ["late"]
    assert (report.chunks_embedded, report.sentences_embedded) == (0, 0)
    assert_store_matches(bot.store, article, bot)
    bot._checked_at = 0.0  # noqa: SLF001 - skip the 1 s revision-check interval
    assert "late" in bot.corpus().articles


def test_chunks_an_older_ragbot_left_without_sentence_vectors_are_written_again(
    make_bot: Callable[..., RagBot], embedder: MiniLMEmbeddings, tmp_path: Path
) -> None:
    """An interrupted write from before sentence vectors moved into chunk metadata: its chunks
    are stored without them, and are embedded and written again rather than reused."""
    bot = make_bot()
    folder = tmp_path / "late"
    article, chunks = _written_and_chunked(bot, folder, 5)
    bot.store.chunks.add(
        ids=[c.id for c in chunks],
        embeddings=embedder.embed_many([c.text for c in chunks]),
        documents=[c.text for c in chunks],
        metadatas=[
            {
                "article_id": article.id,
                "content_hash": article.content_hash,
                "start": c.start,
                "end": c.end,
                "sentences": json.dumps([[s.start, s.end] for s in c.sentences]),
            }
            for c in chunks
        ],
    )
    report = ingest([folder], bot.store, bot.settings, embedder)
    assert report.added == ["late"] and report.sentences_embedded > 0
    assert_store_matches(bot.store, article, bot)  # every chunk now carries its vectors


def test_an_interrupted_article_that_changed_leaves_no_old_vectors(
    make_bot: Callable[..., RagBot], embedder: MiniLMEmbeddings, tmp_path: Path
) -> None:
    bot = make_bot()
    folder = tmp_path / "late"
    old, chunks = _written_and_chunked(bot, folder, 5)
    put_chunks(bot.store, old, chunks, embedder)
    # The run was killed before the commit; then the file changed.
    new = read_article(write_articles(folder, {"late": generated_article(6)})[0])

    report = ingest([folder], bot.store, bot.settings, embedder)
    assert report.added == ["late"]
    assert_store_matches(bot.store, new, bot)  # the old text's chunks are gone


def _committed_articles(data_dir: Path) -> int:
    """Committed article records, read from Chroma's SQLite file without opening a client
    (a second Chroma client on a store another process is writing is not supported)."""
    db = data_dir / "chroma" / "chroma.sqlite3"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2) as conn:
            row = conn.execute(
                "SELECT count(*) FROM embeddings e JOIN segments s ON e.segment_id = s.id "
                "JOIN collections c ON s.collection = c.id WHERE c.name = 'ragbot_articles'"
            ).fetchone()
        return int(row[0])
    except sqlite3.Error:  # not created yet, or locked by the writer for a moment
        return 0


def test_kill_9_midway_loses_nothing_and_the_next_run_completes(
    make_bot: Callable[..., RagBot], tmp_path: Path
) -> None:
    folder = tmp_path / "generated"
    write_articles(folder, {f"gen{i:02d}": generated_article(i) for i in range(30)})
    data_dir = tmp_path / "data"  # where make_bot's store lives
    env = {
        **os.environ,
        "RAGBOT_DATA_DIR": str(data_dir),
        "RAGBOT_EMBEDDING_BATCH_SIZE": "1",  # one article per write group: many commit points
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    log = (tmp_path / "ingest.log").open("w+")
    proc = subprocess.Popen(
        [str(RAGBOT), "ingest", str(folder)], cwd=tmp_path, env=env, stdout=log, stderr=log
    )
    try:
        deadline = time.monotonic() + 180
        while _committed_articles(data_dir) < 3:
            assert proc.poll() is None, "ingest ended before it could be killed"
            assert time.monotonic() < deadline, "no article was committed in time"
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    log.seek(0)
    assert proc.returncode == -signal.SIGKILL, log.read()

    bot = make_bot()
    committed = bot.store.article_hashes()
    assert 3 <= len(committed) < 30, "the kill did not land midway"
    kept_chunks = {
        cid for cid, meta, _ in stored_chunks(bot.store) if meta["article_id"] in committed
    }
    assert set(bot.corpus().articles) == set(committed)  # half-written articles stay invisible

    report = bot.ingest([folder])
    assert sorted(report.unchanged) == sorted(committed)
    assert sorted(report.added) == sorted(set(f"gen{i:02d}" for i in range(30)) - set(committed))
    assert report.skipped == []
    assert kept_chunks <= {cid for cid, _, _ in stored_chunks(bot.store)}
    articles = [read_article(p) for p in sorted(folder.iterdir())]
    for article in articles:
        assert_store_matches(bot.store, article, bot)
    expected_chunks = sum(
        len(chunk_article(a, bot.settings.chunk_max_chars, bot.settings.chunk_overlap_sentences))
        for a in articles
    )
    assert bot.store.chunks.count() == expected_chunks  # no duplicates, no leftovers
    texts = [text for _, _, text in stored_chunks(bot.store)]
    assert len(texts) == len(set(texts))

    bot._checked_at = 0.0  # noqa: SLF001 - skip the 1 s revision-check interval
    answer = bot.answer("How much will project 1007 cost?")
    assert answer.answerable and "$10 million" in answer.answer, answer.answer
    check_citations(answer, {a.id: a.text for a in articles})
    assert answer.citations[0].source == "gen07"
