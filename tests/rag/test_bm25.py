"""BM25 over the stored chunks: exact terms, stems, idf, and an index that matches the store."""

from __future__ import annotations

from rag.bm25 import BM25Index
from rag.engine import RagBot

DOCS = {
    "a": "House Bill 1148 raises fishing license fees.",
    "b": "The House bill on school buses requires seat belts.",
    "c": "The library board cut weekend hours at four branches.",
    "d": "",
}


def index() -> BM25Index:
    return BM25Index(list(DOCS), list(DOCS.values()))


def test_a_rare_exact_term_ranks_its_chunk_first() -> None:
    hits = index().search("What does House Bill 1148 do?", 4)
    assert hits[0][0] == "a"
    assert [h for h, _ in hits] == ["a", "b"]  # chunks without any query term are not returned
    assert hits[0][1] > hits[1][1] > 0


def test_plurals_and_verb_forms_match() -> None:
    assert index().search("library branch hour cuts", 2)[0][0] == "c"
    assert index().search("requiring a seat belt", 2)[0][0] == "b"


def test_stopwords_and_unknown_words_find_nothing() -> None:
    idx = index()
    assert idx.search("what is the", 3) == []
    assert idx.search("gumbo recipe", 3) == []
    assert idx.search("", 3) == []


def test_idf_weighs_rare_terms_above_common_ones() -> None:
    idx = index()
    assert idx.contains("1148") and not idx.contains("gumbo")
    assert idx.idf("1148") > idx.idf("hous")  # "House" is in two chunks, stemmed
    assert idx.idf("gumbo") > idx.idf("1148")  # unseen terms weigh most


def test_an_empty_index_searches_to_nothing() -> None:
    assert BM25Index([], []).search("anything", 5) == []


def test_the_index_is_built_from_the_stores_own_chunks(seeded_bot: RagBot) -> None:
    corpus = seeded_bot.corpus()
    stored = seeded_bot.store.chunks.get(include=["documents"])
    assert sorted(corpus.bm25.ids) == sorted(stored["ids"])
    by_id = dict(zip(stored["ids"], stored["documents"], strict=True))
    for chunk_id in corpus.bm25.ids:
        assert corpus.chunks[chunk_id].text == by_id[chunk_id]
    hits = corpus.bm25.search("House Bill 1148", 3)
    assert "1148" in corpus.chunks[hits[0][0]].text
