from __future__ import annotations

from rag.casing import learn_capitals, restore_capitals

ARTICLES = [
    "Sessions Says Connecticut Is In Compliance\n\n"
    "The letter went to New Orleans Mayor Mitch Landrieu on Wednesday. Landrieu said the NOPD "
    "complies, and the city of New Orleans agreed. Kenney has backed Philadelphia, and Kenney "
    "spoke on Wednesday. Orleans Parish Sheriff Marlin Gusman agreed. You may ask the NOPD. "
    "In May, the mayor said it again. The New Orleans City Council met.",
]


def titles_of(name: str) -> frozenset[str]:
    return frozenset({"sheriff"}) if name == "Gusman" else frozenset()


def test_names_typed_in_lower_case_get_the_articles_capitals() -> None:
    capitals = learn_capitals(ARTICLES)
    restored = restore_capitals("what did kenney say about the nopd on wednesday?", capitals)
    assert restored == "what did Kenney say about the NOPD on Wednesday?"
    assert restore_capitals("is landrieu's letter out?", capitals) == "is Landrieu's letter out?"
    # …and the possessive typed without its apostrophe, the words after it kept in place.
    assert restore_capitals("is landrieus letter out?", capitals) == "is Landrieu's letter out?"
    assert restore_capitals("did kenneys city agree", capitals) == "did Kenney's city agree"


def test_a_name_opening_a_sentence_is_known_by_the_verb_after_it() -> None:
    capitals = learn_capitals(["Title\n\nThe mayor spoke. Rainey said it was false."])
    assert restore_capitals("what did rainey say?", capitals) == "what did Rainey say?"
    assert restore_capitals("what did the mayor say?", capitals) == "what did the mayor say?"


def test_a_name_runs_on_with_the_words_the_articles_write_beside_it() -> None:
    capitals = learn_capitals(ARTICLES)
    assert restore_capitals("who runs new orleans?", capitals) == "who runs New Orleans?"
    assert (
        restore_capitals("what did mayor mitch landrieu say?", capitals)
        == "what did Mayor Mitch Landrieu say?"
    )


def test_a_title_is_capitalised_before_a_name_holding_it() -> None:
    capitals = learn_capitals(ARTICLES)
    restored = restore_capitals("how did sheriff gusman respond?", capitals, titles_of)
    assert restored == "how did Sheriff Gusman respond?"
    # Landrieu is no director: "the director Landrieu rebutted" keeps its role in lower case.
    restored = restore_capitals("who is the director landrieu rebutted?", capitals, titles_of)
    assert restored == "who is the director Landrieu rebutted?"


def test_ordinary_words_and_what_the_user_capitalised_are_left_alone() -> None:
    capitals = learn_capitals(ARTICLES)
    # "may" is a month once and a verb once; "city" is written in lower case.
    assert restore_capitals("may the city ask?", capitals) == "may the city ask?"
    # Capitals the user typed are kept, and they extend to no word the user wrote in lower case.
    assert restore_capitals("Did New Orleans city leaders agree?", capitals) == (
        "Did New Orleans city leaders agree?"
    )
    # Every word of a title has a capital: "Says" and "Compliance" are no names.
    assert restore_capitals("what says compliance?", capitals) == "what says compliance?"
    assert restore_capitals("anything", learn_capitals([])) == "anything"


def test_words_after_a_titles_abbreviation_the_articles_never_write_are_a_name() -> None:
    capitals = learn_capitals(ARTICLES)
    # An unknown name is read as one, so a question about someone no article names is refused.
    assert (
        restore_capitals("what did gov. john bel edwards say?", capitals)
        == "what did gov. John Bel Edwards say?"
    )
    # A word the articles write in lower case ends the name; a known name keeps its own capitals.
    assert restore_capitals("did sen. kenney say it", capitals) == "did sen. Kenney say it"
    assert restore_capitals("did sen. smith ask the mayor", capitals) == (
        "did sen. Smith ask the mayor"
    )
    # A full title may be followed by any verb: "concede" is no name.
    assert restore_capitals("did the mayor concede it", capitals) == "did the mayor concede it"
