"""Words and content terms: what a question is about, not how it asks."""

from __future__ import annotations

from rag.text import stem, terms, words


def test_words_are_lowercase_without_possessives() -> None:
    assert words("Landrieu’s letter to the NOPD.") == ["landrieu", "letter", "to", "the", "nopd"]


def test_terms_leave_out_what_only_asks() -> None:
    # An indefinite pronoun asks about something; no article needs to use it.
    assert terms("Is anyone doing anything about sanctuary policies?") == [
        "sanctuary",
        "policy",
    ]
    assert terms("Has somebody said something to everyone?") == []
    # Contractions, typed with or without the apostrophe, are no subject either.
    assert terms("whats the deadline? who's he? it doesn't matter") == ["deadlin", "matter"]
    assert terms("Photo ID") == ["photo", "id"]  # "id" is a word too


def test_stems_join_forms_of_a_word() -> None:
    assert stem("policies") == stem("policy")
    assert stem("accused") == stem("accuse")
    assert stem("wrote") == stem("writes") == stem("written")
    # A consonant doubled before "-ing" or "-ed" is one in the word ("getting", "planned").
    assert stem("getting") == stem("get")
    assert stem("winning") == stem("wins") == stem("win")
    assert stem("planned") == stem("plans")
    assert stem("adding") == stem("added") == stem("add")  # "add" doubles its own "d"
    assert stem("calling") == stem("call")
