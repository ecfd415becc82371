"""Chat shorthand is spelled out before a question is read."""

from __future__ import annotations

from rag.shorthand import spell_out


def _never_used(_word: str) -> bool:
    return False


def test_shorthand_and_contractions_without_apostrophes_are_spelled_out() -> None:
    question = "when r cops allowed to ask if theyre here legally, and whats the rule w/o a warrant"
    assert spell_out(question, _never_used) == (
        "when are cops allowed to ask if they're here legally, and what's the rule without a "
        "warrant"
    )
    assert spell_out("did u see what the nopd dept said", _never_used) == (
        "did you see what the nopd department said"
    )
    assert spell_out("the acting asst attorney general", _never_used) == (
        "the acting assistant attorney general"
    )
    assert spell_out("who's the city atty", _never_used) == "who's the city attorney"
    assert spell_out("why does the trump admin say it matters", _never_used) == (
        "why does the trump administration say it matters"
    )


def test_names_abbreviations_and_words_the_articles_use_are_kept() -> None:
    # A capital says the user meant it; "u.s." is an abbreviation, not "you".
    assert spell_out("R U sure the U.S. govt and the u.s. attorney", _never_used) == (
        "R U sure the U.S. government and the u.s. attorney"
    )
    # A corpus that writes "cant" (a word of its own) keeps it; a lone letter is still shorthand.
    uses = {"cant", "r"}.__contains__
    assert spell_out("is the cant gone, r they sure", uses) == "is the cant gone, are they sure"


def test_a_citys_nickname_is_read_as_its_name() -> None:
    assert spell_out("what other places got letters besides nola", _never_used) == (
        "what other places got letters besides New Orleans"
    )
    assert spell_out("who backs Philly's policy, and NYC's?", _never_used) == (
        "who backs Philadelphia's policy, and New York City's?"
    )
    # …unless the articles use the nickname themselves.
    assert spell_out("what is nola doing", {"nola"}.__contains__) == "what is nola doing"


def test_an_ag_is_an_attorney_general_in_any_case() -> None:
    assert spell_out("whats the name of the acting assistant ag", _never_used) == (
        "what's the name of the acting assistant attorney general"
    )
    assert spell_out("did the AG's letter work", _never_used) == (
        "did the attorney general's letter work"
    )
