"""Phrases naming an article by what it is about, and the question without them."""

from __future__ import annotations

import pytest

from rag.article_references import article_references, without_references


@pytest.mark.parametrize(
    ("question", "description", "aside"),
    [
        ("who's the feds guy quoted in the vitter piece", "vitter", True),
        ("date on the doj letter in the connecticut-headline story?", "connecticut-headline", True),
        ("How many cities are there, per the story on Vitter's letter?", "Vitter's letter", True),
        (
            "Who is quoted in the story about Landry's letter to Lynch?",
            "Landry's letter to Lynch",
            True,
        ),
        ("connecticut piece: why does the admin say it matters?", "connecticut", True),
        ("what does the sessions-memo piece call him?", "sessions-memo", False),
    ],
)
def test_a_story_named_by_what_it_is_about_is_found(
    question: str, description: str, aside: bool
) -> None:
    [found] = article_references(question)
    assert found.description == description
    assert found.aside is aside


def test_the_description_never_reaches_back_across_a_preposition() -> None:
    [found] = article_references("Under the new NOPD rule in the Vitter story, when can they ask?")
    assert found.description == "Vitter"


@pytest.mark.parametrize(
    "question",
    [
        "Who wrote the story?",
        "What does the article say about detainers?",
        "how many undocumented immigrants live in new orleans per these pieces?",
        "What's the story with the consent decree?",
        "Which senator criticized the mayor?",
    ],
)
def test_a_story_not_described_is_no_reference(question: str) -> None:
    assert article_references(question) == []


def test_a_reference_aside_is_taken_out_and_one_asked_about_kept() -> None:
    question = "who's the feds guy quoted in the vitter piece?"
    assert (
        without_references(question, article_references(question)) == "who's the feds guy quoted?"
    )
    question = "connecticut piece: why does the admin say it matters?"
    assert without_references(question, article_references(question)) == (
        "why does the admin say it matters?"
    )
    question = "How many cities are there, per the story on Vitter's letter?"
    assert without_references(question, article_references(question)) == (
        "How many cities are there?"
    )
    question = "what does the sessions-memo piece call him?"
    assert without_references(question, article_references(question)) == question


def test_two_stories_are_two_references() -> None:
    found = article_references("who's it attributed to in the vitter story vs the landry story?")
    assert [r.description for r in found] == ["vitter", "landry"]
