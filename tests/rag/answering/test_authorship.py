"""Questions about who wrote a story, and the bylines and sign-offs that answer them."""

from __future__ import annotations

import pytest

from rag.answering.authorship import about_the_article, asks_author, credits_writer, story_of


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Who wrote The Advocate's story about the 'last chance' letter?", True),
        ("Who is the author of the article on Vitter's letter?", True),
        ("Which reporter covered the story about the sheriff?", True),
        ("Whose byline is on the Landry story?", True),
        # A letter, a report by an agency: not the story's writer.
        ("Who wrote the letter to Lynch?", False),
        ("Who reported that the Justice Department sent a letter?", False),
    ],
)
def test_a_question_about_who_wrote_a_story(question: str, asks: bool) -> None:
    assert asks_author(question) is asks


def test_the_story_is_what_remains_without_the_asking() -> None:
    assert (
        story_of("Who wrote the story about Landry's letter?") == "the story about Landry's letter?"
    )


@pytest.mark.parametrize(
    ("sentence", "first", "last", "credits"),
    [
        ("By Bryn Stole", True, False, True),
        ("By Ann Lee and Bo Diaz, Staff Writers", True, False, True),
        ("Follow Jessica Williams on Twitter, @jwilliamsNOLA.", False, True, True),
        ("Jim Mustian contributed reporting.", False, True, True),
        ("Vanessa Coleman", False, True, True),  # a sign-off: the name alone, last
        ("Vanessa Coleman", False, False, False),  # ... but not mid-article
        ("By Wednesday the city had answered.", True, False, False),
        ("By the end of the week, Landry had written to Lynch.", False, True, False),
        ("Landry wrote to Lynch on Wednesday.", False, True, False),
    ],
)
def test_the_lines_that_credit_a_writer(
    sentence: str, first: bool, last: bool, credits: bool
) -> None:
    assert credits_writer(sentence, first=first, last=last) is credits


@pytest.mark.parametrize(
    ("sentence", "first", "last", "about"),
    [
        ("(c)2017 The Advocate, Baton Rouge, La.", False, True, True),
        ("© 2017 The Times-Picayune", False, False, True),
        ("Copyright 2016 NOLA Media Group", False, True, True),
        ("By Bryn Stole", True, False, True),
        ("Jim Mustian contributed reporting.", False, True, True),
        ("The Louisiana Legislature is considering a bill in Baton Rouge.", False, True, False),
        ("In 2017 the Advocate reported the letter.", False, False, False),
    ],
)
def test_lines_about_the_article_not_its_news(
    sentence: str, first: bool, last: bool, about: bool
) -> None:
    assert about_the_article(sentence, first, last) is about
