"""Acronyms and titles learned from the articles themselves."""

from __future__ import annotations

from pathlib import Path

from rag.acronyms import expand, learn_acronyms, learn_titles, spelled_out

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def test_the_seed_acronyms_are_learned() -> None:
    acronyms, _ = learn_acronyms(SEED_TEXTS)
    assert acronyms["new orleans police department"] == "nopd"
    assert acronyms["immigration and customs enforcement"] == "ice"
    assert acronyms["department of justice"] == "doj"


def test_a_capitalised_phrase_without_its_acronym_in_the_text_is_not_one() -> None:
    acronyms, _ = learn_acronyms(["The Harbor Town Council met. The Water Board did not."])
    assert acronyms == {}


def test_a_question_gets_the_other_spelling() -> None:
    acronyms, _ = learn_acronyms(SEED_TEXTS)
    assert "new orleans police department" in expand("What did the NOPD do?", acronyms).lower()
    assert expand("What did the New Orleans Police Department do?", acronyms).endswith("NOPD")
    both = "Did the NOPD (New Orleans Police Department) agree?"
    assert "NOPD NOPD" not in expand(both, acronyms)
    assert expand("What about gumbo?", acronyms) == "What about gumbo?"
    assert expand("What did the NOPD do?", {}) == "What did the NOPD do?"


def test_an_acronym_the_articles_never_use_is_read_as_the_phrase_its_letters_begin() -> None:
    _, initials = learn_acronyms(SEED_TEXTS)
    assert initials["dhs"] == "department of homeland security"  # small words skipped
    assert initials["nyc"] == "new york city"
    assert initials["ag"] == "attorney general"  # the phrase the articles use most

    def used(word: str) -> bool:
        return word in {"nopd", "doj"}

    question = "Did the DHS or the NOPD answer the FBI?"
    assert spelled_out(question, initials, used) == {"department of homeland security": "dhs"}
    assert spelled_out("what did dhs say?", initials, used) == {}  # typed in capitals only


def test_the_phrase_the_articles_use_most_wins_an_acronym() -> None:
    texts = ["Hot Tea was served.", "The Harbor Town pier. Harbor Town again. Harbor Town."]
    _, initials = learn_acronyms(texts)
    assert initials["ht"] == "harbor town"


def test_titles_tell_who_a_role_means() -> None:
    titles = learn_titles(SEED_TEXTS)
    assert "sheriff" in titles["gusman"]
    assert "senator" in titles["vitter"]
    assert "mayor" in titles["landrieu"]


def test_a_title_many_people_hold_says_nothing_about_a_person() -> None:
    texts = [f"Judge Ann {name} ruled." for name in ("Abbott", "Baker", "Chen")]
    assert learn_titles(texts) == {}
    assert learn_titles(["Judge Ann Abbott ruled."]) == {"abbott": {"judge"}}
