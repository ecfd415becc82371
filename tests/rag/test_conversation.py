"""Follow-up resolution: questions that lean on the conversation borrow its context."""

from __future__ import annotations

from rag.conversation import leans_on_first_part, resolve
from rag.models import Message

HISTORY = [
    Message(role="user", content="What policy did Sheriff Gusman adopt?"),
    Message(
        role="assistant",
        content="Gusman’s 2013 policy similarly bars his deputies from investigating inmates’ "
        "immigration status. [1] Orleans Parish Sheriff Marlin Gusman refuses detainers. [2]",
    ),
]


def test_without_history_the_question_stands_alone() -> None:
    resolved = resolve("  When did he   adopt it? ", [])
    assert resolved.question == "When did he adopt it?"
    assert resolved.context == ""
    assert resolved.search_text == "When did he adopt it?"


def test_a_pronoun_borrows_the_last_question_and_the_names_in_the_answer() -> None:
    resolved = resolve("When did he adopt it?", HISTORY)
    # "he" is the one the last question names as acting
    assert resolved.question == "When did Gusman adopt it?"
    assert "What policy did Sheriff Gusman adopt?" in resolved.context
    assert "Marlin Gusman" in resolved.context
    assert "[1]" not in resolved.context and "[2]" not in resolved.context
    assert resolved.search_text.startswith("When did Gusman adopt it? ")
    # What was just told, without its markers: the follow-up asks beyond it.
    assert resolved.told.startswith("Gusman’s 2013 policy similarly bars")
    assert "[1]" not in resolved.told and resolved.told.endswith("refuses detainers.")
    # ...and the question that answer answered, whose names the follow-up gives.
    assert resolved.asked_before == "What policy did Sheriff Gusman adopt?"


def test_short_continuations_lean_on_the_conversation() -> None:
    for question in ["And the mayor?", "Why?", "What about Landry?"]:
        assert resolve(question, HISTORY).context, question


def test_a_self_contained_question_ignores_the_history() -> None:
    question = "Which senator criticized Mayor Mitch Landrieu over the immigration rules?"
    resolved = resolve(question, HISTORY)
    assert resolved.context == ""
    assert resolved.told == ""
    assert resolved.search_text == question


def test_only_the_latest_turn_is_borrowed_and_the_context_is_bounded() -> None:
    history = [
        Message(role="user", content="Who is Jeff Landry?"),
        Message(role="assistant", content="Jeff Landry is the attorney general. [1]"),
        *HISTORY,
        Message(role="user", content="x " * 2000),
    ]
    resolved = resolve("What did he say?", history)
    assert "Landry" not in resolved.context
    assert len(resolved.context) <= 1000


def test_he_or_she_is_named_when_the_conversation_makes_clear_who() -> None:
    def asked(question: str, answer: str, follow_up: str) -> str:
        history = [
            Message(role="user", content=question),
            Message(role="assistant", content=answer),
        ]
        return resolve(follow_up, history).question

    # The person the answer to a who-question gives, by title first.
    assert (
        asked(
            "Who runs the police department?",
            "Landrieu wrote back, in a letter co-signed by Police Superintendent Michael "
            "Harrison. [1]",
            "What did he say about it?",
        )
        == "What did Harrison say about it?"
    )
    # "Who did Landry write to?": he is Landry, who wrote, not the one written to; she is.
    assert (
        asked("Who did Landry write to?", "Loretta Lynch. [1]", "What did he ask her?")
        == "What did Landry ask Lynch?"
    )
    # Nobody in particular: the pronoun stays, and the context resolves it.
    assert (
        asked("What does the policy bar?", "Questions about status. [1]", "When did he sign it?")
        == "When did he sign it?"
    )


def test_a_pronoun_the_articles_never_use_for_the_referent_means_the_one_answered() -> None:
    history = [
        Message(role="user", content="Who did Landry write to?"),
        Message(role="assistant", content="Loretta Lynch. [1]"),
    ]
    pronouns = {"Landry": "he", "Lynch": "she"}.get
    # "she" is not Landry, whom the articles call "he": she is the one the answer names.
    assert resolve("How did she respond?", history, pronouns).question == "How did Lynch respond?"
    assert resolve("What did he ask?", history, pronouns).question == "What did Landry ask?"
    # When the answer names no one who may be "she", it stays for the context to resolve.
    history[1] = Message(role="assistant", content="To the Justice Department. [1]")
    assert resolve("How did she respond?", history, pronouns).question == "How did she respond?"


def test_he_is_carried_through_turns_that_say_he_again() -> None:
    history = [
        Message(role="user", content="Who is the police superintendent?"),
        Message(role="assistant", content="Police Superintendent Michael Harrison. [1]"),
        Message(role="user", content="What has he said about immigration?"),
        Message(role="assistant", content="That it is a federal, not a local, issue. [1]"),
    ]
    assert resolve("Whom did he write to?", history).question == "Whom did Harrison write to?"


def test_him_or_her_is_named_from_the_conversation() -> None:
    history = [
        Message(role="user", content="Who did Landry write to about the consent decree?"),
        Message(role="assistant", content="U.S. Attorney General Loretta Lynch. [1]"),
        Message(role="user", content="What did he want to know?"),
        Message(role="assistant", content="Whether the city was forced to adopt the policy. [1]"),
    ]
    pronouns = {"Landry": "he"}.get
    # "he" is Landry, carried through; "her" is the last one named who is not he.
    resolved = resolve("How long did he give her to answer?", history, pronouns)
    assert resolved.question == "How long did Landry give Lynch to answer?"
    # With no "he" asked about, "him" is the one the conversation is about.
    history = [
        Message(role="user", content="What did Vitter send Landrieu and Gusman?"),
        Message(role="assistant", content="A letter criticizing their policies. [1]"),
    ]
    resolved = resolve("How did the mayor hit back at him?", history, pronouns)
    assert resolved.question == "How did the mayor hit back at Vitter?"
    # "her" owning a thing is no one asked about.
    resolved = resolve("Did the House pass her bill?", history, pronouns)
    assert resolved.question == "Did the House pass her bill?"


def test_she_is_the_other_one_named_when_the_one_spoken_of_is_he() -> None:
    # The conversation is about Landry, whom the articles call "he": "she" is Lynch, the one
    # other person it names, at every verb asking it, and "him" is Landry.
    history = [
        Message(role="user", content="What did Landry ask Loretta Lynch to do about the policy?"),
        Message(role="assistant", content="He asked her to respond within 15 business days. [1]"),
    ]
    pronouns = {"Landry": "he"}.get
    resolved = resolve("Did she answer in time, and what did she tell him?", history, pronouns)
    assert resolved.question == "Did Lynch answer in time, and what did Lynch tell Landry?"


def test_he_and_her_are_two_people_and_he_the_one_the_articles_call_he() -> None:
    # The answer names Lynch, whom the articles never call either; Landry, named in the
    # question before, is "he" in them, so "he … her" is Landry and Lynch.
    history = [
        Message(role="user", content="Landry's letter about the consent decree: who was it to?"),
        Message(role="assistant", content="U.S. Attorney General Loretta Lynch. [1]"),
    ]
    pronouns = {"Landry": "he"}.get
    resolved = resolve("how long did he give her to respond", history, pronouns)
    assert resolved.question == "how long did Landry give Lynch to respond"
    # With no "her", "he" is still the one the answer names.
    resolved = resolve("what did he say about it", history, pronouns)
    assert resolved.question == "what did Lynch say about it"


def test_a_later_part_leans_on_the_first_when_it_names_no_more_of_its_own() -> None:
    first = "When did Landrieu push back on the ICE director"
    assert leans_on_first_part("what did Landrieu say", first)  # Landrieu is the first's
    assert leans_on_first_part("and on what day?", "Who did Landry write to")
    # Asking how someone answered says nothing of what about: the first part's matter.
    assert leans_on_first_part(
        "how did Landrieu react?", "What did the acting ICE director claim cities were doing"
    )
    assert leans_on_first_part("when did he adopt it?", "Who is the sheriff")
    assert not leans_on_first_part(
        "by what date did New Orleans have to reply?", "Who sent the letter"
    )
