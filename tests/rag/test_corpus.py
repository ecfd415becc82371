"""The corpus snapshot: exact nearest-sentence search within chosen articles."""

from __future__ import annotations

import numpy as np
import pytest

from rag.engine import RagBot


def test_nearest_sentences_ranks_every_sentence_of_the_chosen_articles(seeded_bot: RagBot) -> None:
    corpus = seeded_bot.corpus()
    vector = seeded_bot.embedder.embed_query_vector("When did the sheriff adopt his policy?")
    chosen = sorted(corpus.articles)[:2]
    every = [
        corpus.sentence_at(a, span.start, span.end)
        for a in chosen
        for span in corpus._ordered[a]  # noqa: SLF001 - the article's sentences, in order
    ]
    expected = sorted(every, key=lambda s: -float(corpus.sentence_vector(s) @ vector))[:7]

    got = corpus.nearest_sentences(vector, 7, chosen + chosen[:1])  # repeats are harmless
    assert [s for s, _ in got] == expected
    assert all(s.article_id in chosen for s, _ in got)
    for sentence, similarity in got:
        assert np.isclose(similarity, float(corpus.sentence_vector(sentence) @ vector), atol=1e-6)
        article = corpus.articles[sentence.article_id]
        assert article.text[sentence.start : sentence.end] == sentence.text


def test_nearest_sentences_of_no_known_article_is_empty(seeded_bot: RagBot) -> None:
    corpus = seeded_bot.corpus()
    vector = seeded_bot.embedder.embed_query_vector("anything")
    assert corpus.nearest_sentences(vector, 5, ["no-such-article"]) == []
    assert corpus.nearest_sentences(vector, 0, list(corpus.articles)) == []
    everything = corpus.nearest_sentences(vector, 10_000, list(corpus.articles))
    assert len(everything) == corpus.sentence_count


def test_a_title_one_person_holds_names_them_with_the_words_put_before_it(
    seeded_bot: RagBot,
) -> None:
    corpus = seeded_bot.corpus()
    # "NOPD Chief Michael Harrison": "police" is in the NOPD's name.
    assert corpus.named_by_title("Who is the police chief?", {"chief"}) == ["Harrison"]
    assert corpus.named_by_title("Who is the Orleans Parish sheriff?", {"sheriff"}) == ["Gusman"]
    # No article puts "fire" or "deputy" before his title; "chief of staff" is another title.
    assert corpus.named_by_title("Who is the fire chief?", {"chief"}) == []
    assert corpus.named_by_title("Who is the deputy police chief?", {"chief"}) == []
    assert (
        corpus.named_by_title("Who is the chief of staff to the mayor?", {"chief", "mayor"}) == []
    )
    # Named already, or a title not asked about.
    assert corpus.named_by_title("Is Harrison the police chief?", {"chief"}) == []
    assert corpus.named_by_title("Who did the mayor write to?", {"chief"}) == []


def test_lower_case_names_get_the_articles_capitals(seeded_bot: RagBot) -> None:
    corpus = seeded_bot.corpus()
    assert corpus.with_capitals("what did sheriff gusman tell new orleans?") == (
        "what did Sheriff Gusman tell New Orleans?"
    )


def test_spelling_slips_are_read_as_the_articles_words(seeded_bot: RagBot) -> None:
    corpus = seeded_bot.corpus()
    assert corpus.typed_out("why did the sherrif stop honoring detainers?") == (
        "why did the sheriff stop honoring detainers?"
    )
    assert corpus.typed_out("what did landreiu tell the goverment") == (
        "what did Landrieu tell the government"
    )
    # An English word no article uses is not a slip: the question still asks about it.
    assert corpus.typed_out("was the city fined?") == "was the city fined?"


def test_a_question_with_slips_is_answered_as_if_spelled_right(seeded_bot: RagBot) -> None:
    typed = seeded_bot.answer("why did the sherrif make his policy?")
    meant = seeded_bot.answer("why did the sheriff make his policy?")
    assert typed.answerable and typed.answer == meant.answer
    assert "lawsuit" in typed.answer


def test_a_sentence_on_a_policy_holds_what_people_call_the_rule(seeded_bot: RagBot) -> None:
    corpus = seeded_bot.corpus()
    policy = next(
        s
        for article_id in corpus.articles
        for s in corpus.article_sentences(article_id)
        if "explicitly restricts officers" in s.text
    )
    assert "rule" not in policy.text.lower()
    assert {"policy", "rule"} <= corpus.terms_of(policy)


def test_a_question_calling_the_policy_a_rule_is_answered(seeded_bot: RagBot) -> None:
    reply = seeded_bot.answer("which part of the Justice Department helped write the NOPD rule?")
    assert reply.answerable
    assert "Civil Rights Division" in reply.answer


@pytest.mark.parametrize(
    ("description", "opening"),
    [
        ("Vitter", "Policies that bar New Orleans"),
        ("connecticut-headline", "Sessions Says Connecticut"),
        ("Landry's letter to Lynch", "State Attorney General Jeff Landry"),
        ("sessions memo", "Landrieu: New Orleans is"),
        ("doj not convinced", "Sessions Says Connecticut"),
    ],
)
def test_a_story_is_found_by_the_words_it_leads_with(
    seeded_bot: RagBot, description: str, opening: str
) -> None:
    corpus = seeded_bot.corpus()
    found = corpus.article_described(description)
    assert found is not None
    assert corpus.articles[found].text.lstrip().startswith(opening)


@pytest.mark.parametrize("description", ["Mitch Landrieu", "federal", "gumbo recipe", "headline"])
def test_a_description_several_leads_or_none_hold_names_no_story(
    seeded_bot: RagBot, description: str
) -> None:
    assert seeded_bot.corpus().article_described(description) is None
