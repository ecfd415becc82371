"""The synthetic corpus: deterministic, article-shaped, and ingestible like a real article."""

from __future__ import annotations

import re
from pathlib import Path

from evals.synthetic import generate_article, generate_corpus, write_corpus
from rag.articles import Article, read_article
from rag.chunking import chunk_article
from rag.sentences import split_sentences

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_same_seed_gives_same_bytes_and_prefixes_agree() -> None:
    small = [a.text for a in generate_corpus(20, seed=3)]
    again = [a.text for a in generate_corpus(20, seed=3)]
    larger = [a.text for a in generate_corpus(40, seed=3)]
    assert small == again
    assert larger[:20] == small  # article i is the same whatever the corpus size


def test_different_seeds_and_indexes_give_different_articles() -> None:
    texts = {a.text for a in generate_corpus(200, seed=0)}
    assert len(texts) == 200
    assert generate_article(1, 0).text != generate_article(0, 0).text


def test_article_shape_title_byline_paragraphs() -> None:
    for article in generate_corpus(50, seed=0):
        paragraphs = article.text.strip().split("\n\n")
        assert paragraphs[0] == article.title
        assert 20 < len(article.title) < 140 and not article.title.endswith(".")
        assert re.fullmatch(r"By [A-Z][a-z]+ [A-Z][\w-]+", paragraphs[1])
        assert re.fullmatch(r"[A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, (19|20)\d\d", paragraphs[2])
        assert len(paragraphs) >= 7  # title, byline, date, at least four paragraphs of prose
        for p in paragraphs[3:]:
            assert p[0].isupper() or p[0] == "\u201c"
            assert p.rstrip().endswith((".", "\u201d"))
        assert re.search(r"\d", "".join(paragraphs[3:]))  # figures, dates, counts, like news
        assert 300 < len(article.text) < 5000


def test_not_copied_from_the_seeds() -> None:
    seed_sentences = {
        text[s.start : s.end]
        for path in SEEDS.glob("*.txt")
        for text in [path.read_text(encoding="utf-8")]
        for s in split_sentences(text)
    }
    for article in generate_corpus(100, seed=0):
        for s in split_sentences(article.text):
            assert article.text[s.start : s.end] not in seed_sentences


def test_sentences_and_chunks_have_exact_offsets(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "syn", 10, seed=0)
    assert [p.stem for p in paths] == [a.id for a in generate_corpus(10, seed=0)]
    for path in paths:
        article = read_article(path)
        assert isinstance(article, Article)
        body_start = article.text.index("\n\n", article.text.index("\n\nBy ") + 2) + 2
        body_start = article.text.index("\n\n", body_start) + 2  # past the dateline
        spans = [s for s in split_sentences(article.text) if s.start >= body_start]
        assert len(spans) >= 6
        for s in spans:  # whole sentences of prose: each ends with its punctuation
            sentence = article.text[s.start : s.end]
            assert sentence == sentence.strip()
            assert sentence[-1] in ".\u201d"
        chunks = chunk_article(article, max_chars=700, overlap_sentences=1)
        assert chunks
        for c in chunks:
            assert article.text[c.start : c.end] == c.text
            assert len(c.text) <= 700 or len(c.sentences) == 1


def test_write_corpus_is_idempotent(tmp_path: Path) -> None:
    first = write_corpus(tmp_path, 5, seed=1)
    stamps = [p.stat().st_mtime_ns for p in first]
    second = write_corpus(tmp_path, 5, seed=1)
    assert first == second
    assert [p.stat().st_mtime_ns for p in second] == stamps  # unchanged files are not rewritten
