"""Hybrid retrieval: a LangChain retriever fusing dense (Chroma) and BM25 over the same chunks."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from rag.embeddings import MiniLMEmbeddings
from rag.engine import RagBot
from rag.models import Message
from rag.retrieval import HybridRetriever, reciprocal_rank_fusion
from tests.conftest import make_settings
from tests.rag.sample_articles import ARTICLES, write_articles

RARE_TERM = "House Bill 1148"  # only in `fishing`; three other articles talk about House bills
PARAPHRASE = "Which municipal legislature prohibited pyrotechnics?"  # `fireworks`, no shared word


@pytest.fixture(scope="module")
def bots(tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMEmbeddings) -> dict[str, RagBot]:
    """One store of the synthetic articles, read by a bot per retrieval mode."""
    root = tmp_path_factory.mktemp("retrieval")
    write_articles(root / "articles", ARTICLES)
    RagBot(make_settings(root / "data"), embedder=embedder).ingest([root / "articles"])
    return {
        mode: RagBot(make_settings(root / "data", retrieval_mode=mode), embedder=embedder)
        for mode in ("dense", "bm25", "hybrid")
    }


def sources(bot: RagBot, query: str, k: int = 5) -> list[str]:
    return [p.source for p in bot.retrieve(query, k=k)]


def test_the_retriever_is_a_langchain_retriever(bots: dict[str, RagBot]) -> None:
    bot = bots["hybrid"]
    retriever = bot.retriever
    assert isinstance(retriever, BaseRetriever) and isinstance(retriever, HybridRetriever)
    docs = retriever.invoke("Who is the library director?")
    assert docs and len(docs) <= bot.settings.retrieval_k
    assert all(isinstance(d, Document) for d in docs)
    assert docs[0].metadata["source"] == "library"
    scores = [d.metadata["score"] for d in docs]
    assert scores == sorted(scores, reverse=True)
    for d in docs:
        meta = d.metadata
        assert {"source", "title", "chunk_id", "start", "end", "score"} <= meta.keys()
        assert d.id == meta["chunk_id"]
        article = bot.get_source(meta["source"])
        assert article is not None and meta["title"] == article.title
        assert article.text[meta["start"] : meta["end"]] == d.page_content


def test_bm25_finds_a_rare_exact_term_that_dense_ranks_lower(bots: dict[str, RagBot]) -> None:
    assert sources(bots["bm25"], RARE_TERM)[0] == "fishing"
    # The premise: by meaning alone, the bill-heavy articles look closer.
    assert sources(bots["dense"], RARE_TERM)[0] != "fishing"


def test_hybrid_ranks_the_rare_exact_term_first(bots: dict[str, RagBot]) -> None:
    assert sources(bots["hybrid"], RARE_TERM)[0] == "fishing"


def test_the_rare_term_is_found_first_in_the_seeds(seeded_bot: RagBot) -> None:
    top = seeded_bot.retrieve(RARE_TERM, k=3)[0]
    assert top.source == "002_143f605ffdc4a06d" and "1148" in top.quote


def test_dense_finds_a_paraphrase_bm25_cannot(bots: dict[str, RagBot]) -> None:
    assert sources(bots["bm25"], PARAPHRASE) == []
    assert sources(bots["dense"], PARAPHRASE)[0] == "fireworks"
    assert sources(bots["hybrid"], PARAPHRASE)[0] == "fireworks"


def test_each_mode_reports_its_own_scores(bots: dict[str, RagBot]) -> None:
    query = "fishing license fees"
    dense, bm25, hybrid = (bots[m].retrieve(query, k=4) for m in ("dense", "bm25", "hybrid"))
    assert dense and all(p.bm25_score is None and p.dense_score is not None for p in dense)
    assert bm25 and all(p.dense_score is None and p.bm25_score is not None for p in bm25)
    assert hybrid[0].dense_score is not None and hybrid[0].bm25_score is not None
    for passages in (dense, bm25, hybrid):
        assert passages[0].source == "fishing"
        assert [p.rank for p in passages] == list(range(1, len(passages) + 1))
        assert len(passages) <= 4
        assert len({p.chunk_id for p in passages}) == len(passages)


def test_exact_dense_search_matches_the_index_and_asks_chroma_nothing(
    bots: dict[str, RagBot], embedder: MiniLMEmbeddings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a small store Chroma's HNSW index is exact, so both searches must agree; the default
    (exact) compares in memory and never queries Chroma's chunk index."""
    dense = bots["dense"]
    assert dense.settings.dense_search == "exact" and dense.corpus().has_chunk_vectors
    data_dir = dense.settings.data_dir
    index = RagBot(
        make_settings(data_dir, retrieval_mode="dense", dense_search="index"), embedder=embedder
    )
    assert not index.corpus().has_chunk_vectors
    for query in ("fishing license fees", PARAPHRASE, "Who is the library director?"):
        by_index = [(p.chunk_id, p.dense_score) for p in index.retrieve(query, k=8)]

        def no_chroma_query(*_args, **_kwargs):
            raise AssertionError("exact dense search queried Chroma")

        with monkeypatch.context() as patch:
            patch.setattr(dense.store, "query_chunks", no_chroma_query)
            exact = [(p.chunk_id, p.dense_score) for p in dense.retrieve(query, k=8)]
        assert [c for c, _ in exact] == [c for c, _ in by_index]
        assert [s for _, s in exact] == pytest.approx([s for _, s in by_index], abs=1e-4)


def test_nearest_chunks_ranks_every_chunk_by_cosine(bots: dict[str, RagBot]) -> None:
    corpus = bots["dense"].corpus()
    vector = bots["dense"].embedder.embed_query_vector("fireworks ban")
    everything = corpus.nearest_chunks(vector, 10_000)
    assert sorted(c for c, _ in everything) == sorted(corpus.chunks)
    similarities = [s for _, s in everything]
    assert similarities == sorted(similarities, reverse=True) and similarities[-1] >= -1
    assert corpus.nearest_chunks(vector, 3) == everything[:3]
    assert corpus.nearest_chunks(vector, 0) == []


def test_k_bounds_the_passages(bots: dict[str, RagBot]) -> None:
    assert len(bots["hybrid"].retrieve("council", k=1)) == 1
    assert len(bots["hybrid"].retrieve("council", k=50)) == len(bots["hybrid"].corpus())


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "a"]], k=60)
    assert fused["a"] == fused["b"] == pytest.approx(1 / 61 + 1 / 62)
    assert fused["c"] == pytest.approx(1 / 63)
    assert reciprocal_rank_fusion([]) == {}


def test_an_empty_store_retrieves_nothing_and_refuses(make_bot: Callable[..., RagBot]) -> None:
    bot = make_bot()
    assert bot.retrieve("anything at all") == []
    assert bot.retriever.invoke("anything at all") == []
    answer = bot.answer("What did the council decide?")
    assert not answer.answerable and answer.citations == []
    assert bot.list_sources() == []


def test_seed_passages_quote_their_article_exactly(seeded_bot: RagBot) -> None:
    for query in ["sanctuary city", "consent decree 2012", "Mayorkas fugitive operations"]:
        for p in seeded_bot.retrieve(query, k=6):
            article = seeded_bot.get_source(p.source)
            assert article is not None and article.text[p.start : p.end] == p.quote
            assert p.title == article.title


def test_a_name_typed_in_a_follow_up_finds_its_passage_whatever_the_history_says(
    seeded_bot: RagBot,
) -> None:
    """The words borrowed from a long answer outnumber the follow-up's own; the one passage
    holding the name the user typed must still be retrieved."""
    told = (
        "Landry sent a letter to U.S. Attorney General Loretta Lynch asking her to explain whether "
        "the Justice Department signed off on a recently announced city policy. [1] New Orleans "
        "Mayor Mitch Landrieu fired back. [2]"
    )
    history = [
        Message(role="user", content="Which state official questioned the NOPD policy?"),
        Message(role="assistant", content=told),
    ]
    evidence = seeded_bot.gather_evidence("did he bring up ISIS?", history)
    assert any("ISIS" in c.chunk.text for c in evidence.chunks)


def test_the_chunk_of_a_name_typed_in_a_follow_up_is_kept_last(seeded_bot: RagBot) -> None:
    retriever, corpus = seeded_bot.retriever, seeded_bot.corpus()
    query = (
        "did he bring up ISIS? Which state official questioned the NOPD policy? Landry Attorney "
        "General Loretta Lynch Justice Department New Orleans Mayor Mitch Landrieu"
    )

    def isis_rank(focus: str | None) -> int | None:
        scored = retriever.retrieve_scored(query, corpus=corpus, focus=focus)
        return next((i for i, c in enumerate(scored) if "ISIS" in c.chunk.text), None)

    assert isis_rank(None) is None  # the borrowed words rank it out of the passages
    assert isis_rank("did he bring up ISIS?") == retriever.k - 1
    assert isis_rank("did he bring that up?") is None  # no name typed


def test_the_chunk_holding_most_of_the_words_typed_is_kept(seeded_bot: RagBot) -> None:
    """By meaning, the policy's other passages outrank the one quoting Landry on it; the words
    typed ("public officials") find it first, so it stays among the passages."""
    retriever, corpus = seeded_bot.retriever, seeded_bot.corpus()
    query = "what does the NOPD policy force public officials to do? new orleans police department"
    lexical_top = corpus.bm25.search(query, 1)[0][0]
    assert "oath of office" in corpus.chunks[lexical_top].text
    scored = retriever.retrieve_scored(query, corpus=corpus)
    assert lexical_top in [c.chunk.id for c in scored]


def test_a_search_within_articles_finds_only_their_chunks_in_both_dense_searches(
    bots: dict[str, RagBot], embedder: MiniLMEmbeddings
) -> None:
    hybrid = bots["hybrid"]
    index = RagBot(make_settings(hybrid.settings.data_dir, dense_search="index"), embedder=embedder)
    within = frozenset({"busbill", "dronebill"})
    query = "fishing license fees"  # the best chunks by far are another article's
    assert sources(hybrid, query, k=1) == ["fishing"]
    vector = embedder.embed_query_vector(query)
    for bot in (hybrid, index):
        corpus = bot.corpus()
        hits = bot.retriever.dense_candidates(vector, corpus, within)
        theirs = [c for c in corpus.chunks if corpus.chunks[c].article_id in within]
        assert sorted(c for c, _ in hits) == sorted(theirs)
        found = bot.retriever.retrieve_scored(query, corpus=corpus, within=within)
        assert found and {s.chunk.article_id for s in found} <= within
    exact = hybrid.retriever.dense_candidates(vector, hybrid.corpus(), within)
    by_index = index.retriever.dense_candidates(vector, index.corpus(), within)
    assert [c for c, _ in exact] == [c for c, _ in by_index]
