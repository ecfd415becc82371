"""Acronyms and titles learned from the articles themselves."""

from __future__ import annotations

from pathlib import Path

from rag.acronyms import expand, learn_acronyms, learn_titles

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def test_the_seed_acronyms_are_learned() -> None:
    acronyms = learn_acronyms(SEED_TEXTS)
    assert acronyms["new orleans police department"] == "nopd"
    assert acronyms["immigration and customs enforcement"] == "ice"
    assert acronyms["department of justice"] == "doj"


def test_a_capitalised_phrase_without_its_acronym_in_the_text_is_not_one() -> None:
    acronyms = learn_acronyms(["The Harbor Town Council met. The Water Board did not."])
    assert acronyms == {}


def test_a_question_gets_the_other_spelling() -> None:
    acronyms = learn_acronyms(SEED_TEXTS)
    assert "new orleans police department" in expand("What did the NOPD do?", acronyms).lower()
    assert expand("What did the New Orleans Police Department do?", acronyms).endswith("NOPD")
    both = "Did the NOPD (New Orleans Police Department) agree?"
    assert "NOPD NOPD" not in expand(both, acronyms)
    assert expand("What about gumbo?", acronyms) == "What about gumbo?"
    assert expand("What did the NOPD do?", {}) == "What did the NOPD do?"


def test_titles_tell_who_a_role_means() -> None:
    titles = learn_titles(SEED_TEXTS)
    assert "sheriff" in titles["gusman"]
    assert "senator" in titles["vitter"]
    assert "mayor" in titles["landrieu"]


def test_a_title_many_people_hold_says_nothing_about_a_person() -> None:
    texts = [f"Judge Ann {name} ruled." for name in ("Abbott", "Baker", "Chen")]
    assert learn_titles(texts) == {}
    assert learn_titles(["Judge Ann Abbott ruled."]) == {"abbott": {"judge"}}
