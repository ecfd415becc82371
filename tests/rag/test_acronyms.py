"""Acronyms and titles learned from the articles themselves."""

from __future__ import annotations

from pathlib import Path

from evals.synthetic import generate_corpus
from rag.acronyms import expand, learn_acronyms, learn_titled, spelled_out

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def test_the_seed_acronyms_are_learned() -> None:
    acronyms = learn_acronyms(SEED_TEXTS).used
    assert acronyms["new orleans police department"] == "nopd"
    assert acronyms["immigration and customs enforcement"] == "ice"
    assert acronyms["department of justice"] == "doj"


def test_a_capitalised_phrase_without_its_acronym_in_the_text_is_not_one() -> None:
    acronyms = learn_acronyms(["The Harbor Town Council met. The Water Board did not."]).used
    assert acronyms == {}


def test_a_question_gets_the_other_spelling() -> None:
    acronyms = learn_acronyms(SEED_TEXTS).used
    assert "new orleans police department" in expand("What did the NOPD do?", acronyms).lower()
    assert expand("What did the New Orleans Police Department do?", acronyms).endswith("(NOPD)")
    both = "Did the NOPD (New Orleans Police Department) agree?"
    assert "NOPD NOPD" not in expand(both, acronyms)
    assert expand("What about gumbo?", acronyms) == "What about gumbo?"
    assert expand("What did the NOPD do?", {}) == "What did the NOPD do?"


def test_an_acronym_the_articles_never_use_is_read_as_the_phrase_its_letters_begin() -> None:
    initials = learn_acronyms(SEED_TEXTS).initials
    assert initials["dhs"] == "department of homeland security"  # small words skipped
    assert initials["nyc"] == "new york city"
    assert initials["ag"] == "attorney general"  # the phrase the articles use most
    assert "doj" not in initials  # the articles use it: it is in `used`

    def used(word: str) -> bool:
        return word in {"nopd", "doj"}

    question = "Did the DHS or the NOPD answer the FBI?"
    assert spelled_out(question, initials, used) == {"department of homeland security": "dhs"}
    # Typed casually: a word without a vowel is read, a word with one is not ("ag", "car").
    assert spelled_out("what did dhs say?", initials, used) == {
        "department of homeland security": "dhs"
    }
    assert spelled_out("who's the ag?", initials, used) == {}
    assert spelled_out("who's the AG?", initials, used) == {"attorney general": "ag"}
    assert spelled_out("IS it legal?", {"is": "islamic state"}, used) == {}  # a word in capitals
    # A possessive inside a name keeps it whole: "Orleans Parish Sheriff’s Office" is OPSO, read
    # in lower case too, as a word of four letters or more.
    assert initials["opso"] == "orleans parish sheriff’s office"
    assert spelled_out("which inmates does opso hold?", initials, used) == {
        "orleans parish sheriff’s office": "opso"
    }


def test_only_a_clear_name_of_an_institution_is_read_for_an_acronym() -> None:
    texts = [
        "Omar Keller spoke. Harbor Town Council met. Harbor Town Council voted.",
        "The Harbor Tax Council met once. But New Orleans said Monday Ferry Board did.",
        "The Office of Harbor Control met. Lake Office and Harbor Control met.",
    ]
    initials = learn_acronyms(texts).initials
    assert "ok" not in initials  # a person's name
    assert initials["htc"] == "harbor town council"  # twice as common as "Harbor Tax Council"
    assert "bno" not in initials  # "But" opens no name
    assert "mfb" not in initials  # nor does a weekday
    # Standing alone, "Office of Harbor Control" counts double against the piece of "Lake
    # Office and Harbor Control" with the same initials.
    assert initials["ohc"] == "office of harbor control"


def test_two_equally_common_phrases_leave_their_initials_unread() -> None:
    initials = learn_acronyms(["Harbor Town Council met.", "Hill Tax Council met."]).initials
    assert "htc" not in initials


def test_acronyms_of_a_thousand_generated_articles_read_no_names_as_institutions() -> None:
    texts = [a.text for a in generate_corpus(1000)] + SEED_TEXTS
    initials = learn_acronyms(texts).initials
    for junk in ("fbi", "ok", "tv", "it", "us", "ny"):
        assert junk not in initials, (junk, initials.get(junk))
    assert initials["dhs"] == "department of homeland security"


def test_titles_tell_who_a_role_means() -> None:
    titles, _ = learn_titled(SEED_TEXTS)
    assert "sheriff" in titles["gusman"]
    assert "senator" in titles["vitter"]
    assert "mayor" in titles["landrieu"]


def test_a_title_many_people_hold_says_nothing_about_a_person() -> None:
    texts = [f"Judge Ann {name} ruled." for name in ("Abbott", "Baker", "Chen")]
    assert learn_titled(texts) == ({}, {})
    assert learn_titled(["Judge Ann Abbott ruled."])[0] == {"abbott": {"judge"}}


def test_the_words_before_a_title_are_kept_with_it() -> None:
    titles, mentions = learn_titled(["It was signed by NOPD Chief Michael Harrison on Monday."])
    assert titles == {"harrison": {"chief"}}
    assert mentions == {"harrison": ["it was signed by nopd chief michael harrison"]}
