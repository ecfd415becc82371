"""Chunking: runs of whole sentences whose offsets point at the original article text."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from rag.articles import Article, read_article
from rag.chunking import Chunk, chunk_article
from rag.sentences import split_sentences

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_ARTICLES = [read_article(p) for p in sorted(SEEDS.glob("*.txt"))]
SETTINGS = [(700, 1), (100, 0), (100, 1), (300, 2), (2000, 1), (8000, 0)]


def _article(text: str, article_id: str = "a") -> Article:
    return Article(id=article_id, title=text.splitlines()[0], text=text, path=f"{article_id}.txt")


def _check(article: Article, chunks: list[Chunk], max_chars: int, overlap: int) -> None:
    spans = split_sentences(article.text)
    assert chunks, "an article with text has at least one chunk"
    assert [c.index for c in chunks] == list(range(len(chunks)))
    seen = set()
    for c in chunks:
        assert article.text[c.start : c.end] == c.text
        assert c.article_id == article.id
        # Whole sentences only: every chunk is a run of consecutive sentences, first to last.
        assert c.sentences, "a chunk without sentences"
        assert (c.start, c.end) == (c.sentences[0].start, c.sentences[-1].end)
        i = spans.index(c.sentences[0])
        assert list(c.sentences) == spans[i : i + len(c.sentences)]
        if len(c.sentences) > 1:
            assert c.end - c.start <= max_chars
        seen.update(c.sentences)
    assert seen == set(spans), "a sentence is in no chunk"
    for prev, nxt in zip(chunks, chunks[1:], strict=False):
        shared = [s for s in nxt.sentences if s in prev.sentences]
        assert len(shared) <= overlap
        assert nxt.sentences[: len(shared)] == tuple(shared), "overlap is a prefix of the next"
        assert prev.sentences[len(prev.sentences) - len(shared) :] == tuple(shared)
        new_first = nxt.sentences[len(shared)]
        # The previous chunk's last sentence is repeated whenever it fits with the new one.
        if overlap and new_first.end - prev.sentences[-1].start <= max_chars:
            assert shared, f"missing overlap between chunks {prev.index} and {nxt.index}"


@pytest.mark.parametrize(("max_chars", "overlap"), SETTINGS)
@pytest.mark.parametrize("article", SEED_ARTICLES, ids=lambda a: a.id)
def test_seed_chunks_are_whole_sentences_at_exact_offsets(
    article: Article, max_chars: int, overlap: int
) -> None:
    _check(article, chunk_article(article, max_chars, overlap), max_chars, overlap)


def test_default_chunks_repeat_one_sentence() -> None:
    article = SEED_ARTICLES[0]
    chunks = chunk_article(article)  # 700 chars, 1 sentence of overlap
    assert len(chunks) > 3
    assert all(c.end - c.start <= 700 or len(c.sentences) == 1 for c in chunks)
    assert any(
        prev.sentences[-1] == nxt.sentences[0]
        for prev, nxt in zip(chunks, chunks[1:], strict=False)
    )


def test_a_sentence_longer_than_the_limit_stands_alone_uncut() -> None:
    long_sentence = "The council " + "debated the budget and " * 60 + "then adjourned."
    text = f"Short title\n\nA first sentence. {long_sentence} A last sentence."
    article = _article(text)
    chunks = chunk_article(article, max_chars=200, overlap_sentences=1)
    _check(article, chunks, 200, 1)
    alone = [c for c in chunks if long_sentence in c.text]
    assert len(alone) == 1
    assert alone[0].text == long_sentence
    assert len(alone[0].text) > 200


def test_chunk_ids_derive_from_content() -> None:
    article = SEED_ARTICLES[1]
    first = chunk_article(article)
    assert [c.id for c in first] == [c.id for c in chunk_article(article)]
    assert len({c.id for c in first}) == len(first)
    assert all(c.id.startswith(f"{article.id}:") for c in first)
    changed = replace(article, text=article.text.replace("Bryn Stole", "A. N. Other"))
    assert not {c.id for c in chunk_article(changed)} & {c.id for c in first}
    moved = replace(article, path="/elsewhere/" + Path(article.path).name)
    assert [c.id for c in chunk_article(moved)] == [c.id for c in first]


def test_offsets_survive_a_byte_order_mark_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffTitle line\r\n\r\nFirst one. Second “quoted” one.\r\n".encode())
    article = read_article(path)
    assert isinstance(article, Article)
    chunks = chunk_article(article, max_chars=100)
    _check(article, chunks, 100, 1)
    assert [article.text[s.start : s.end] for c in chunks for s in c.sentences][:2] == [
        "Title line",
        "First one.",
    ]
