"""Reading Slack: message markup to plain text, and a thread to conversation history."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_standin import BOT_ID, BOT_TOKEN, BOT_USER, FakeSlack

from bot_api.slack import ops
from rag.models import Message


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (f"<@{BOT_USER}> Who is the sheriff?", "Who is the sheriff?"),
        (f"<@{BOT_USER}|ragbot>   who   is\nthe sheriff?", "who is the sheriff?"),
        (f"Hey <@{BOT_USER}>, what did <@UALICE> ask?", "Hey , what did @UALICE ask?"),
        ("Is <https://nola.com/story|this story> right?", "Is this story right?"),
        ("See <https://nola.com/story>", "See https://nola.com/story"),
        ("<!here> in <#C123|news>: Q&amp;A &lt;now&gt;", "in news: Q&A <now>"),
        (f"<@{BOT_USER}>", ""),
    ],
)
def test_plain_text_is_what_the_user_typed(text: str, question: str) -> None:
    assert ops.plain_text(text, BOT_USER) == question


@pytest.mark.parametrize(
    ("message", "role"),
    [
        ({"user": "UALICE", "text": "hi"}, "user"),
        ({"user": "UALICE", "text": "hi", "subtype": "thread_broadcast"}, "user"),
        ({"user": BOT_USER, "bot_id": BOT_ID, "text": "an answer"}, "assistant"),
        ({"bot_id": BOT_ID, "subtype": "bot_message", "text": "an answer"}, "assistant"),
        ({"bot_id": "BOTHER", "subtype": "bot_message", "text": "a digest"}, None),
        ({"user": "UBOTHER", "bot_id": "BOTHER", "text": "another app"}, None),
        ({"user": "UALICE", "subtype": "channel_join", "text": "has joined"}, None),
    ],
)
def test_message_roles(message: dict, role: str | None) -> None:
    assert ops.message_role(message, BOT_USER, BOT_ID) == role


def test_thread_history_is_the_thread_before_the_question(fake_slack: FakeSlack) -> None:
    client = WebClient(token=BOT_TOKEN, base_url=fake_slack.url)
    parent = fake_slack.add_message("CHIST", user="UALICE", text=f"<@{BOT_USER}> Who is mayor?")
    thread = {"thread_ts": parent["ts"]}
    fake_slack.add_message(
        "CHIST", user=BOT_USER, bot_id=BOT_ID, text="Mitch Landrieu [1].", **thread
    )
    fake_slack.add_message("CHIST", bot_id="BOTHER", subtype="bot_message", text="spam", **thread)
    fake_slack.add_message("CHIST", user="UBOB", text="And Q&amp;A " + "x" * 50, **thread)
    question = fake_slack.add_message("CHIST", user="UALICE", text="his party?", **thread)
    fake_slack.add_message("CHIST", user="UBOB", text="a later message", **thread)

    history = ops.thread_history(
        client,
        "CHIST",
        parent["ts"],
        question["ts"],
        bot_user_id=BOT_USER,
        bot_id=BOT_ID,
        max_messages=20,
        max_chars=10,
    )
    assert history == [
        Message(role="user", content="Who is may"),
        Message(role="assistant", content="Mitch Land"),
        Message(role="user", content="And Q&A xx"),
    ]


def test_thread_history_pages_through_long_threads_and_keeps_the_latest(
    fake_slack: FakeSlack,
) -> None:
    client = WebClient(token=BOT_TOKEN, base_url=fake_slack.url)
    parent = fake_slack.add_message("CLONG", user="UALICE", text="message 0")
    for i in range(1, 450):
        fake_slack.add_message("CLONG", user="UALICE", text=f"message {i}", thread_ts=parent["ts"])
    question = fake_slack.add_message("CLONG", user="UALICE", text="now?", thread_ts=parent["ts"])

    def history(max_messages: int) -> list[Message]:
        return ops.thread_history(
            client,
            "CLONG",
            parent["ts"],
            question["ts"],
            bot_user_id=BOT_USER,
            bot_id=BOT_ID,
            max_messages=max_messages,
            max_chars=100,
        )

    assert [m.content for m in history(3)] == ["message 447", "message 448", "message 449"]
    assert history(0) == []
    pages = fake_slack.calls_to("conversations.replies", channel="CLONG")
    assert len(pages) == 3  # 450 messages, 200 a page
