"""Spelling slips are read as the articles' words they are near; English words never are."""

from __future__ import annotations

import pytest

from rag.spelling import Vocabulary, correct_slips, edit_distance, is_english

_ARTICLES = [
    "Sheriff Marlin Gusman refused the detainers. The federal government sued the sheriff.",
    "Mayor Mitch Landrieu said the city is completely in compliance with immigration law.",
    "The Justice Department will find out. The sheriff and the sheriff's deputies agreed.",
]


def _corrected(text: str, articles: list[str] = _ARTICLES) -> str:
    vocabulary = Vocabulary(articles)
    built: list[Vocabulary] = []

    def lazily() -> Vocabulary:
        built.append(vocabulary)
        return vocabulary

    return correct_slips(text, vocabulary.counts.__contains__, lazily)


def test_edit_distance_counts_a_swap_of_neighbours_as_one_edit() -> None:
    assert edit_distance("completley", "completely") == 1
    assert edit_distance("goverment", "government") == 1
    assert edit_distance("sherrif", "sheriff") == 2
    assert edit_distance("sheriff", "sheriff") == 0


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("why did the sherrif refuse?", "why did the sheriff refuse?"),
        ("who sued the goverment", "who sued the government"),
        ("is the city completley in compliance", "is the city completely in compliance"),
        ("what did Landreiu say", "what did Landrieu say"),  # a name keeps its capital
        ("the sherrif's deputies", "the sheriff's deputies"),  # and a word its possessive
        ("how many detainers did immigation send", "how many detainers did immigration send"),
    ],
)
def test_a_slip_is_read_as_the_article_word_it_is_near(typed: str, read: str) -> None:
    assert _corrected(typed) == read


def test_english_words_short_words_and_acronyms_are_kept() -> None:
    # "fined" is English: the question asks of an act no article tells of, and is refused.
    assert is_english("fined")
    assert _corrected("Why was the city fined?") == "Why was the city fined?"
    assert _corrected("did the shriff sue") == "did the sheriff sue"  # one edit
    assert _corrected("did the sherf sue") == "did the sherf sue"  # two: too far for five letters
    assert _corrected("was the mayr there") == "was the mayr there"  # four: too short to guess
    assert _corrected("did the NOPDD agree") == "did the NOPDD agree"  # an acronym
    assert _corrected("U.S. Atty. Gen.") == "U.S. Atty. Gen."


def test_among_equally_near_words_the_articles_most_frequent_is_taken() -> None:
    articles = ["The police spoke.", "The police and the police chief.", "A new policy."]
    assert _corrected("the polic said", articles) == "the police said"  # not "policy"


def test_the_vocabulary_is_only_built_when_a_word_may_be_a_slip() -> None:
    built: list[int] = []

    def vocabulary() -> Vocabulary:
        built.append(1)
        return Vocabulary(_ARTICLES)

    assert correct_slips("what did the sheriff say?", {"sheriff"}.__contains__, vocabulary)
    assert built == []  # every word English or short: nothing to look up


def test_a_word_the_articles_write_with_a_hyphen_is_read_so() -> None:
    articles = ["A letter co-signed by the chief.", "The anti-sanctuary bill passed."]
    # English words both, and no slip: the articles' spelling is all that differs.
    assert _corrected("who cosigned the letter", articles) == "who co-signed the letter"
    assert _corrected("the Antisanctuary bill", articles) == "the Anti-sanctuary bill"
    assert _corrected("who signed the letter", articles) == "who signed the letter"
