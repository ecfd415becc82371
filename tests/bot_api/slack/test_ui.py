"""Block Kit builders: what a reply looks like, and that it stays within Slack's limits."""

from __future__ import annotations

from bot_api.slack import ui
from rag.models import Answer, Citation


def citation(
    n: int, quote: str = "The mayor said the policy complies.", title: str = "NOPD"
) -> Citation:
    return Citation(
        n=n,
        source=f"00{n % 10}_abc",
        title=title,
        chunk_id=f"c{n}",
        quote=quote,
        start=0,
        end=len(quote),
        score=0.8,
    )


def sections(blocks: list[dict]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section"]


def assert_within_limits(blocks: list[dict]) -> None:
    assert len(blocks) <= ui.MAX_BLOCKS
    assert all(len(text) <= ui.SECTION_TEXT_LIMIT for text in sections(blocks))


def test_escape_keeps_slack_control_characters_as_text() -> None:
    assert ui.escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"


def test_fit_cuts_at_a_word_with_an_ellipsis_and_never_splits_an_entity() -> None:
    assert ui.fit("short & sweet", 100) == "short &amp; sweet"
    cut = ui.fit("alpha beta gamma delta", 14)
    assert cut == "alpha beta…" and len(cut) <= 14
    for limit in range(5, 40):
        text = ui.fit("a&b<c>d " * 10, limit)
        assert len(text) <= limit
        assert text.endswith(ui.ELLIPSIS)
        body = text.removesuffix(ui.ELLIPSIS)
        assert body.count("&") == body.count(";")  # every entity complete


def test_fit_cuts_a_single_overlong_word() -> None:
    assert ui.fit("x" * 50, 10) == "x" * 9 + ui.ELLIPSIS


def test_an_answer_shows_markers_sources_and_feedback_buttons() -> None:
    answer = Answer(
        answer="Landrieu wrote back [1] & Harrison co-signed [2].",
        answerable=True,
        citations=[
            citation(1, "Landrieu wrote back to Sessions.", "Landrieu <answers>"),
            citation(2, "co-signed by NOPD\nSuperintendent   Michael Harrison"),
        ],
    )
    blocks = ui.answer_blocks(answer, "a1")
    texts = sections(blocks)
    assert texts[0] == "Landrieu wrote back [1] &amp; Harrison co-signed [2]."
    assert (
        texts[1] == "*[1] Landrieu &lt;answers&gt;*  `001_abc`\n> Landrieu wrote back to Sessions."
    )
    # The passage stays one quoted line, whatever its line breaks.
    assert texts[2].endswith("\n> co-signed by NOPD Superintendent Michael Harrison")
    actions = blocks[-1]
    assert actions["type"] == "actions" and actions["block_id"] == ui.FEEDBACK_BLOCK_ID
    assert [e["action_id"] for e in actions["elements"]] == list(ui.VERDICT_OF_ACTION)
    assert {e["value"] for e in actions["elements"]} == {"a1"}
    assert ui.answer_text(answer) == texts[0]


def test_without_an_answer_id_there_are_no_buttons() -> None:
    answer = Answer(answer="Yes [1].", answerable=True, citations=[citation(1)])
    assert all(b["type"] != "actions" for b in ui.answer_blocks(answer))


def test_a_long_answer_spreads_over_sections_then_is_cut() -> None:
    words = " ".join(f"word{i}" for i in range(4000))  # ~40,000 characters
    answer = Answer(answer=words, answerable=True, citations=[citation(1)])
    blocks = ui.answer_blocks(answer, "a1")
    assert_within_limits(blocks)
    parts = sections(blocks)[: ui.MAX_ANSWER_SECTIONS]
    assert len(parts) == ui.MAX_ANSWER_SECTIONS
    assert parts[-1].endswith(ui.ELLIPSIS)
    assert " ".join(p.removesuffix(ui.ELLIPSIS) for p in parts) in words  # nothing reordered
    assert len(ui.answer_text(answer)) <= ui.MESSAGE_TEXT_LIMIT


def test_many_long_citations_stay_within_the_block_limit() -> None:
    cites = [citation(n, "quote " * 1000, "title " * 100) for n in range(1, 80)]
    answer = Answer(
        answer="See " + " ".join(f"[{n}]" for n in range(1, 80)), answerable=True, citations=cites
    )
    blocks = ui.answer_blocks(answer, "a1")
    assert_within_limits(blocks)
    assert blocks[-1]["type"] == "actions"
    shown = [t for t in sections(blocks) if t.startswith("*[")]
    note = blocks[-2]["elements"][0]["text"]
    assert note == f"{ui.ELLIPSIS}and {79 - len(shown)} more sources."


def test_a_refusal_is_plain_text() -> None:
    refusal = Answer(answer="The articles do not cover <that>.", answerable=False)
    assert ui.refusal_text(refusal) == "The articles do not cover &lt;that&gt;."
