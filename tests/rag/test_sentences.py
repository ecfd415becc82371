"""Sentence splitting: news-style abbreviations, quotes with attribution, headlines and bylines,
and spans that always point at the original text."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from rag.sentences import Span, split_sentences

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "U.S. Sen. David Vitter criticized the mayor. He did so on Oct. 27 in Washington.",
            ["U.S. Sen. David Vitter criticized the mayor.", "He did so on Oct. 27 in Washington."],
        ),
        (
            "Gov. John Bel Edwards signed it on Jan. 5. Sen. Smith objected.",
            ["Gov. John Bel Edwards signed it on Jan. 5.", "Sen. Smith objected."],
        ),
        ("John F. Kennedy spoke. Then he left.", ["John F. Kennedy spoke.", "Then he left."]),
        ("The D.C. office closed. Staff moved.", ["The D.C. office closed.", "Staff moved."]),
        ("It cost $1.5 million. That was in 2013.", ["It cost $1.5 million.", "That was in 2013."]),
        ("No. 5 was chosen. It won.", ["No. 5 was chosen.", "It won."]),
        (
            "It violates 8 U.S.C. 1373, the memo says. Mr. Rainey disagreed.",
            ["It violates 8 U.S.C. 1373, the memo says.", "Mr. Rainey disagreed."],
        ),
        ("Wait... What happened? Nobody knows!", ["Wait...", "What happened?", "Nobody knows!"]),
        ("   leading spaces. And trailing.   ", ["leading spaces.", "And trailing."]),
    ],
)
def test_abbreviations_initials_and_numbers_do_not_end_sentences(
    text: str, expected: list[str]
) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“Why not turn them over?” Mayorkas said. The next day was quiet.",
            ["“Why not turn them over?” Mayorkas said.", "The next day was quiet."],
        ),
        (
            '"We will comply," Landrieu said. "But not now."',
            ['"We will comply," Landrieu said.', '"But not now."'],
        ),
        (
            "“Is this legal?” Jeff Landry asked. Nobody answered.",
            ["“Is this legal?” Jeff Landry asked.", "Nobody answered."],
        ),
        ("He said: “No.” She left.", ["He said: “No.”", "She left."]),
    ],
)
def test_a_quote_keeps_its_attribution(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_a_quote_keeps_a_long_titled_attribution() -> None:
    text = "“Why not turn them over?” Homeland Security Secretary Alejandro Mayorkas said. Next."
    assert sentences(text) == [
        "“Why not turn them over?” Homeland Security Secretary Alejandro Mayorkas said.",
        "Next.",
    ]


def test_the_seed_quote_with_attribution_is_one_sentence() -> None:
    text = (SEEDS / "000_2477b5660bd2b30f.txt").read_text(encoding="utf-8")
    found = [s for s in sentences(text) if "Why not turn them over?" in s]
    assert found == ["Why not turn them over?” Mayorkas said."]


def test_headlines_and_bylines_stand_on_their_own_lines() -> None:
    text = "Headline Without Period\nBy Bryn Stole\n\nFirst sentence here. Second one."
    assert sentences(text) == [
        "Headline Without Period",
        "By Bryn Stole",
        "First sentence here.",
        "Second one.",
    ]
    byline = (SEEDS / "001_42c245510e9dd9b9.txt").read_text(encoding="utf-8")
    assert sentences(byline)[0] == "By Bryn Stole"
    headline = (SEEDS / "003_d1ff9afbd47cb285.txt").read_text(encoding="utf-8")
    assert sentences(headline)[0] == headline.splitlines()[0].strip()


def test_a_sub_range_is_split_with_absolute_offsets() -> None:
    text = "Ignore me. Take this one. And this one. Ignore me too."
    start = text.index("Take")
    end = text.index(" Ignore me too")
    spans = split_sentences(text, start, end)
    assert [text[s.start : s.end] for s in spans] == ["Take this one.", "And this one."]
    assert all(start <= s.start < s.end <= end for s in spans)


def _check_spans(text: str, spans: list[Span]) -> None:
    """Spans are exact, trimmed, ordered, disjoint, on one line, and cover every visible char."""
    covered = set()
    previous_end = 0
    for span in spans:
        piece = text[span.start : span.end]
        assert piece, f"empty span {span}"
        assert piece == piece.strip(), f"untrimmed span {piece!r}"
        assert "\n" not in piece, f"a sentence crosses a line break: {piece!r}"
        assert span.start >= previous_end, "spans overlap or go backwards"
        previous_end = span.end
        covered.update(range(span.start, span.end))
    lost = [i for i, ch in enumerate(text) if not ch.isspace() and i not in covered]
    assert not lost, f"text outside every sentence: {text[lost[0] : lost[0] + 40]!r}"


TRICKY = [
    "",
    "   \n\n  ",
    "One",
    "No final period",
    "A.B.C.",
    "...",
    "?!",
    "“”",
    "Dr. Who? Yes. U.S.A. Inc. Co. etc. And so on.",
    "“Why not?” Mayorkas said. “Because,” he said.\n\nNew para. “Done!” she wrote.",
    "Line one.\r\nLine two.\rLine three.",
    "Tabs\tinside. And\u00a0non-breaking spaces.\u2028Weird separator.",
    "Emoji 🎉 end. Next 😀 one!",
    "Ends with quote.” Starts lower. ok then. 5 people came. (Parenthetical.) [Bracket.]",
]


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_seed_spans_are_exact_and_complete(name: str) -> None:
    text = (SEEDS / name).read_text(encoding="utf-8")
    _check_spans(text, split_sentences(text))


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_strings_give_exact_and_complete_spans(text: str) -> None:
    _check_spans(text, split_sentences(text))


def test_random_text_gives_exact_and_complete_spans() -> None:
    """Property check over random text built from the characters that steer the splitter."""
    rng = random.Random(1148)
    pieces = [
        "U.S.", "Sen.", "Oct.", "27", "F.", "Mr.", "said", "Mayorkas", "the", "a", "policy", ".",
        "?", "!", "”", "“", '"', "'", "’", "(", ")", "[", "]", "\n", "\n\n", " ", "  ", "\t",
        "Landrieu", "NOPD", "e.g.", "p.m.", "$1.5", "...", "—", "é", "A", "i",
    ]  # fmt: skip
    for _ in range(400):
        text = "".join(
            rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(0, 40))
        )
        _check_spans(text, split_sentences(text))
