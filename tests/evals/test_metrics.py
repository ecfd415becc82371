"""Metrics on hand-made answers: fact matching, source hits, citation checks, totals."""

from __future__ import annotations

import pytest

from evals.dataset import EvalRow
from evals.metrics import (
    citation_problem,
    failed_question,
    held_groups,
    normalize,
    percentile,
    score_question,
    source_hit_at_1,
    source_hit_at_k,
    summarize,
)
from rag.models import Answer, Citation

ARTICLE = "Sen. David Vitter criticized Mayor Mitch Landrieu. The mayor’s reply came on Oct. 27."
TEXTS = {"a1": ARTICLE, "a2": "Another article about Harrison."}


def cite(n: int, source: str = "a1", start: int = 0, end: int = 17) -> Citation:
    text = TEXTS[source]
    return Citation(
        n=n,
        source=source,
        title="t",
        chunk_id="c",
        quote=text[start:end],
        start=start,
        end=end,
        score=1.0,
    )


def answerable_row(**overrides) -> EvalRow:
    values = {
        "id": "q1",
        "question": "Who criticized the mayor, and when did he reply?",
        "sources": ["a1"],
        "key_facts": [["Vitter"], ["Oct. 27", "October 27"]],
        "answerable": True,
        **overrides,
    }
    return EvalRow(**values)


UNANSWERABLE = EvalRow(id="q9", question="What is Harrison's salary?", answerable=False)


# --- key facts ------------------------------------------------------------------------------


def test_normalize_unifies_quotes_whitespace_case_and_drops_markers() -> None:
    assert normalize("The Mayor’s\u00a0“Reply”  [12] came\n") == 'the mayor\'s "reply" came'


def test_groups_match_any_alternative_case_insensitively() -> None:
    assert held_groups(
        "VITTER answered on october 27.", [["Vitter"], ["Oct. 27", "October 27"]]
    ) == [
        True,
        True,
    ]
    assert held_groups("Vitter answered.", [["Vitter"], ["Oct. 27", "October 27"]]) == [True, False]


def test_curly_apostrophes_match_straight_ones_both_ways() -> None:
    assert held_groups("He said it doesn’t violate the law", [["doesn't violate"]]) == [True]
    assert held_groups("He said it doesn't violate the law", [["doesn’t violate"]]) == [True]


def test_markers_inside_words_and_between_words_are_ignored() -> None:
    assert held_groups("Sheriff Gus[2]man, since 2013 [1].", [["Gusman"], ["2013."]]) == [
        True,
        True,
    ]
    assert held_groups("a race-[1]baiting style", [["race-baiting"]]) == [True]


def test_whitespace_inside_an_alternative_matches_any_run_of_whitespace() -> None:
    assert held_groups("tip of the\n  spear", [["tip of the spear"]]) == [True]


def test_no_partial_credit_for_a_near_miss() -> None:
    assert held_groups("about 30 cities", [["300"]]) == [False]


# --- sources --------------------------------------------------------------------------------


def test_source_hit_at_1_uses_the_lowest_marker_not_list_order() -> None:
    citations = [cite(2, "a2", 0, 7), cite(1, "a1")]
    assert source_hit_at_1(citations, ["a1"]) is True
    assert source_hit_at_1(citations, ["a2"]) is False


def test_source_hit_at_1_without_citations_is_a_miss() -> None:
    assert source_hit_at_1([], ["a1"]) is False


def test_source_hit_at_k_is_any_retrieved_source() -> None:
    assert source_hit_at_k(["a2", "a2", "a1"], ["a1", "a3"]) is True
    assert source_hit_at_k(["a2"], ["a1"]) is False
    assert source_hit_at_k([], ["a1"]) is False


# --- citation validity ----------------------------------------------------------------------


def test_valid_citations_pass() -> None:
    answer = Answer(
        answer="Vitter did [1], on Oct. 27 [2].",
        answerable=True,
        citations=[cite(1), cite(2, start=51, end=84)],
    )
    assert citation_problem(answer, TEXTS) is None


def test_a_quote_that_differs_from_the_article_at_its_offsets_is_invalid() -> None:
    bad = cite(1).model_copy(update={"start": 1, "end": 18})
    answer = Answer(answer="Vitter [1].", answerable=True, citations=[bad])
    assert "quote differs" in (citation_problem(answer, TEXTS) or "")


def test_unresolved_marker_and_unreferenced_citation_are_invalid() -> None:
    unresolved = Answer(answer="Vitter [1] [3].", answerable=True, citations=[cite(1)])
    assert "markers without citations" in (citation_problem(unresolved, TEXTS) or "")
    unreferenced = Answer(
        answer="Vitter [1].", answerable=True, citations=[cite(1), cite(2, "a2", 0, 7)]
    )
    assert "never referred to" in (citation_problem(unreferenced, TEXTS) or "")


def test_unknown_article_is_invalid() -> None:
    answer = Answer(answer="Vitter [1].", answerable=True, citations=[cite(1)])
    assert "unknown article" in (citation_problem(answer, {}) or "")


def test_answer_with_empty_citations_is_invalid_but_a_refusal_is_fine() -> None:
    assert (
        citation_problem(Answer(answer="Vitter did.", answerable=True), TEXTS)
        == "an answer without citations"
    )
    assert citation_problem(Answer(answer="I can't tell.", answerable=False), TEXTS) is None


def test_refusal_carrying_citations_is_invalid() -> None:
    answer = Answer(answer="I can't tell [1].", answerable=False, citations=[cite(1)])
    assert citation_problem(answer, TEXTS) == "a refusal carries citations"


# --- latency --------------------------------------------------------------------------------


def test_percentile_interpolates_between_ranks() -> None:
    assert percentile([10.0, 20.0, 30.0, 40.0], 50) == 25.0
    assert percentile([40.0, 10.0, 30.0, 20.0], 95) == pytest.approx(38.5)
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) is None


# --- one question, and totals ---------------------------------------------------------------


def test_score_question_on_a_good_answer() -> None:
    answer = Answer(
        answer="Vitter [1] replied Oct. 27 [2].",
        answerable=True,
        citations=[cite(1), cite(2, start=51, end=84)],
    )
    score = score_question(answerable_row(), answer, ["a1", "a2"], TEXTS, 120.0)
    assert score.facts_held == [True, True] and score.fact_recall is True
    assert score.source_hit_at_1 and score.source_hit_at_k
    assert score.cited_in_sources == 2 and score.citation_valid and not score.missed


def test_refused_answerable_row_misses_facts_and_counts_as_false_refusal() -> None:
    refusal = Answer(answer="I can't answer that.", answerable=False)
    score = score_question(answerable_row(), refusal, ["a1"], TEXTS, 50.0)
    assert score.fact_recall is False and score.refused is True and score.missed
    assert summarize([score])["false_refusal_rate"] == 1.0


def test_unanswerable_rows_only_count_for_refusals_and_validity() -> None:
    answered = Answer(answer="Vitter [1].", answerable=True, citations=[cite(1)])
    score = score_question(UNANSWERABLE, answered, ["a1"], TEXTS, 10.0)
    assert score.fact_recall is None and score.source_hit_at_1 is None
    assert score.refusal_correct is False and score.missed
    totals = summarize([score])
    assert totals["refusal_accuracy"] == 0.0
    assert totals["fact_recall"] is None and totals["citation_precision"] is None
    assert totals["citation_validity"] == 1.0


def test_summarize_hand_made_run() -> None:
    good = score_question(
        answerable_row(),
        Answer(
            answer="Vitter [1] on Oct. 27 [2].",
            answerable=True,
            citations=[cite(1), cite(2, "a2", 0, 7)],
        ),
        ["a2", "a1"],
        TEXTS,
        100.0,
    )
    partial = score_question(
        answerable_row(id="q2"),
        Answer(answer="Harrison [1].", answerable=True, citations=[cite(1, "a2", 0, 7)]),
        ["a2"],
        TEXTS,
        300.0,
    )
    refused = score_question(UNANSWERABLE, Answer(answer="No.", answerable=False), [], TEXTS, 200.0)
    broken = failed_question(answerable_row(id="q3"), "ConnectError: refused")
    totals = summarize([good, partial, refused, broken])
    assert totals["fact_recall"] == pytest.approx(1 / 3, abs=1e-4)
    assert totals["source_hit_at_1"] == pytest.approx(1 / 3, abs=1e-4)
    assert totals["source_hit_at_k"] == pytest.approx(1 / 3, abs=1e-4)
    assert totals["citation_precision"] == pytest.approx(
        1 / 3, abs=1e-4
    )  # 1 of 3 citations in the sources
    assert totals["citation_validity"] == pytest.approx(
        3 / 4, abs=1e-4
    )  # the error counts as invalid
    assert totals["refusal_accuracy"] == 1.0
    assert totals["false_refusal_rate"] == 0.0
    assert totals["latency_p50_ms"] == 200.0  # errors have no latency
    assert broken.missed and broken.facts_held == [False, False]
