"""POST /slack/events end to end: signed deliveries over real HTTP to the running API, replies seen
by the Slack stand-in exactly as a user would see them in Slack."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from slack_standin import (
    BOT_ID,
    BOT_USER,
    SIGNING_SECRET,
    TEAM,
    FakeSlack,
    RunningApi,
    action_body,
    event_body,
    serve,
    signed_headers,
)

from bot_api.slack import ui
from rag.engine import RagBot
from rag.feedback import FeedbackStore
from rag.models import Answer, Message

Deliver = Callable[..., httpx.Response]

QUESTION = "Which senator went after New Orleans' mayor and sheriff over their immigration rules?"
FIRST = "Who criticized Landrieu over the city's immigration rules?"
FOLLOW_UP = "What office had he unsuccessfully run for?"
OFF_TOPIC = "What is the capital of Mongolia?"


def mention(slack: FakeSlack, channel: str, text: str, **extra: Any) -> dict[str, Any]:
    """An app_mention event; the message is also in the stand-in's channel, as in Slack."""
    message = slack.add_message(channel, user="UALICE", text=f"<@{BOT_USER}> {text}", **extra)
    return {**message, "type": "app_mention", "channel": channel, "event_ts": message["ts"]}


def reply_to(slack: FakeSlack, channel: str, thread_ts: str) -> dict[str, Any]:
    return slack.wait_for("chat.postMessage", channel=channel, thread_ts=thread_ts)[0].args


def feedback_button(reply: dict[str, Any], action_id: str) -> dict[str, Any]:
    actions = next(b for b in reply["blocks"] if b["type"] == "actions")
    return next(e for e in actions["elements"] if e["action_id"] == action_id)


def assert_shows(reply: dict[str, Any], expected: Answer) -> None:
    """The reply is the answer with its [n] markers, each cited passage, and feedback buttons."""
    assert expected.answerable and expected.citations
    assert reply["text"] == ui.escape(expected.answer)
    sections = [b["text"]["text"] for b in reply["blocks"] if b["type"] == "section"]
    assert sections[0] == ui.escape(expected.answer)
    for c in expected.citations:
        assert f"[{c.n}]" in sections[0]
        shown = next(s for s in sections[1:] if s.startswith(f"*[{c.n}] "))
        assert c.source in shown
        assert ui.escape(" ".join(c.quote.split())) in shown
    buttons = [feedback_button(reply, a) for a in ui.VERDICT_OF_ACTION]
    assert len({b["value"] for b in buttons}) == 1


def test_a_mention_is_answered_in_its_thread_with_cited_passages(
    api: RunningApi, deliver: Deliver, fake_slack: FakeSlack, seeded_bot: RagBot
) -> None:
    event = mention(fake_slack, "CNEWS1", QUESTION)
    response = deliver(event)
    assert response.status_code == 200
    reply = reply_to(fake_slack, "CNEWS1", event["ts"])
    assert_shows(reply, seeded_bot.answer(QUESTION))
    assert reply["unfurl_links"] is False


def test_a_mention_inside_a_thread_is_answered_in_that_thread(
    api: RunningApi, deliver: Deliver, fake_slack: FakeSlack
) -> None:
    parent = fake_slack.add_message("CNEWS2", user="UBOB", text="Reading the NOPD story")
    event = mention(fake_slack, "CNEWS2", QUESTION, thread_ts=parent["ts"])
    deliver(event)
    reply = reply_to(fake_slack, "CNEWS2", parent["ts"])
    assert reply["text"]
    assert not fake_slack.calls_to("chat.postMessage", channel="CNEWS2", thread_ts=event["ts"])


def test_a_direct_message_is_answered(
    api: RunningApi, deliver: Deliver, fake_slack: FakeSlack, seeded_bot: RagBot
) -> None:
    message = fake_slack.add_message("DALICE", user="UALICE", text=QUESTION)
    deliver({**message, "channel": "DALICE", "channel_type": "im"})
    assert_shows(reply_to(fake_slack, "DALICE", message["ts"]), seeded_bot.answer(QUESTION))


def test_a_follow_up_in_a_thread_uses_the_thread_as_history(
    api: RunningApi, deliver: Deliver, fake_slack: FakeSlack, seeded_bot: RagBot
) -> None:
    first = mention(fake_slack, "CNEWS3", FIRST)
    deliver(first)
    first_reply = reply_to(fake_slack, "CNEWS3", first["ts"])
    follow_up = mention(fake_slack, "CNEWS3", FOLLOW_UP, thread_ts=first["ts"])
    deliver(follow_up)
    reply = fake_slack.wait_for("chat.postMessage", 2, channel="CNEWS3", thread_ts=first["ts"])[1]

    history = [
        Message(role="user", content=FIRST),
        Message(role="assistant", content=seeded_bot.answer(FIRST).answer),
    ]
    with_thread = seeded_bot.answer(FOLLOW_UP, history)
    alone = seeded_bot.answer(FOLLOW_UP)
    assert with_thread.answer != alone.answer  # else this test could not tell them apart
    assert reply.args["text"] == ui.escape(with_thread.answer)
    assert first_reply["text"] == ui.escape(history[1].content)
    assert fake_slack.calls_to("conversations.replies", channel="CNEWS3", ts=first["ts"])


def test_a_thread_that_cannot_be_read_is_answered_without_its_history(
    api: RunningApi, deliver: Deliver, fake_slack: FakeSlack, seeded_bot: RagBot
) -> None:
    # The parent is unknown to Slack's API, as when a *:history scope is missing.
    event = mention(fake_slack, "CNEWS10", QUESTION, thread_ts="1600000000.000001")
    deliver(event)
    reply = reply_to(fake_slack, "CNEWS10", "1600000000.000001")
    assert fake_slack.calls_to("conversations.replies", channel="CNEWS10")
    assert_shows(reply, seeded_bot.answer(QUESTION))


def test_the_event_is_acknowledged_before_the_answer_is_built(
    api: RunningApi, deliver: Deliver, fake_slack: FakeSlack
) -> None:
    parent = fake_slack.add_message("CNEWS4", user="UBOB", text="Who runs the NOPD?")
    gate = fake_slack.hold("conversations.replies")  # the answer cannot start until released
    try:
        event = mention(fake_slack, "CNEWS4", QUESTION, thread_ts=parent["ts"])
        started = time.monotonic()
        response = deliver(event)
        assert response.status_code == 200
        assert time.monotonic() - started < 3  # Slack's deadline
        fake_slack.wait_for("conversations.replies", channel="CNEWS4")  # the lazy listener runs
        assert not fake_slack.calls_to("chat.postMessage", channel="CNEWS4")
    finally:
        gate.set()
        fake_slack.held.pop("conversations.replies")
    reply_to(fake_slack, "CNEWS4", parent["ts"])


def test_slack_retries_and_duplicate_deliveries_get_exactly_one_answer(
    api: RunningApi, deliver: Deliver, fake_slack: FakeSlack
) -> None:
    event = mention(fake_slack, "CNEWS5", QUESTION)
    event_id = "Ev0RETRY0001"
    assert deliver(event, event_id).status_code == 200
    assert deliver(event, event_id, retry=1).status_code == 200  # while the first is answered
    reply_to(fake_slack, "CNEWS5", event["ts"])
    assert deliver(event, event_id, retry=2).status_code == 200  # after it was answered
    # The same message delivered under another event id (a mention in a DM arrives twice).
    assert deliver({**event, "type": "message", "channel_type": "im"}).status_code == 200
    assert fake_slack.stays_at("chat.postMessage", 1, channel="CNEWS5")


def test_a_refusal_is_a_short_plain_message(
    api: RunningApi, deliver: Deliver, fake_slack: FakeSlack, seeded_bot: RagBot
) -> None:
    expected = seeded_bot.answer(OFF_TOPIC)
    assert not expected.answerable
    event = mention(fake_slack, "CNEWS6", OFF_TOPIC)
    deliver(event)
    reply = reply_to(fake_slack, "CNEWS6", event["ts"])
    assert reply["text"] == ui.escape(expected.answer)
    assert len(reply["text"]) < 300
    assert not reply.get("blocks")


def test_an_empty_mention_gets_a_hint(
    api: RunningApi, deliver: Deliver, fake_slack: FakeSlack
) -> None:
    event = mention(fake_slack, "CNEWS7", "")
    deliver(event)
    assert reply_to(fake_slack, "CNEWS7", event["ts"])["text"] == ui.EMPTY_QUESTION


def _ignored_events(ts: str) -> dict[str, dict[str, Any]]:
    base = {"type": "message", "channel_type": "im", "ts": ts, "user": "UALICE", "text": QUESTION}
    return {
        "own message": {**base, "user": BOT_USER, "bot_id": BOT_ID},
        "another bot": {**base, "subtype": "bot_message", "bot_id": "BOTHER", "user": None},
        "another bot's mention": {**base, "type": "app_mention", "bot_id": "BOTHER"},
        "edit": {
            **base,
            "subtype": "message_changed",
            "hidden": True,
            "message": {"type": "message", "user": "UALICE", "text": QUESTION, "ts": ts},
        },
        "deletion": {**base, "subtype": "message_deleted", "hidden": True, "deleted_ts": ts},
        "join": {**base, "subtype": "channel_join"},
        "channel message without a mention": {**base, "channel_type": "channel"},
    }


@pytest.mark.parametrize("kind", list(_ignored_events("0")))
def test_ignored_events_are_acknowledged_and_not_answered(
    api: RunningApi, deliver: Deliver, fake_slack: FakeSlack, kind: str
) -> None:
    channel = f"DIGNORE{abs(hash(kind)) % 10**6}"
    event = {**_ignored_events(fake_slack.new_ts())[kind], "channel": channel}
    assert deliver(event).status_code == 200
    assert fake_slack.stays_at("chat.postMessage", 0, channel=channel)


def _badly_signed(body: bytes) -> dict[str, dict[str, str]]:
    return {
        "unsigned": {"Content-Type": "application/json"},
        "wrong secret": signed_headers(body, secret="not-the-secret"),
        "stale": signed_headers(body, timestamp=int(time.time()) - 6 * 60),  # limit: 5 minutes
        "body changed after signing": signed_headers(body.replace(b"Which", b"Whose")),
    }


@pytest.mark.parametrize("case", list(_badly_signed(b"")))
def test_requests_not_signed_by_slack_get_401_and_no_answer(
    api: RunningApi, fake_slack: FakeSlack, case: str
) -> None:
    channel = f"CBAD{abs(hash(case)) % 10**6}"
    body = event_body(mention(fake_slack, channel, QUESTION))
    headers = _badly_signed(body)[case]
    response = api.post("/slack/events", body, headers)
    assert response.status_code == 401
    assert fake_slack.stays_at("chat.postMessage", 0, channel=channel)


def test_url_verification_challenge(api: RunningApi) -> None:
    challenge = {"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV", "type": "url_verification"}
    body = json.dumps(challenge)
    response = api.post("/slack/events", body.encode(), signed_headers(body.encode()))
    assert response.status_code == 200
    assert response.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV"}
    unsigned = api.post("/slack/events", body.encode(), {"Content-Type": "application/json"})
    assert unsigned.status_code == 401


def click(api: RunningApi, reply_ts: str, reply: dict[str, Any], action_id: str, user: str) -> None:
    """A user clicks a feedback button under `reply`: Slack's block_actions delivery."""
    button = feedback_button(reply, action_id)
    payload = {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "team_id": TEAM},
        "api_app_id": "A0RAGBOT",
        "token": "unused-legacy-token",
        "container": {
            "type": "message",
            "message_ts": reply_ts,
            "channel_id": reply["channel"],
            "is_ephemeral": False,
            "thread_ts": reply["thread_ts"],
        },
        "trigger_id": "1.2.3",
        "team": {"id": TEAM, "domain": "newsroom"},
        "channel": {"id": reply["channel"], "name": "news"},
        "message": {**reply, "ts": reply_ts, "user": BOT_USER, "bot_id": BOT_ID},
        "response_url": "https://hooks.slack.com/actions/T0NEWS/1/unused",
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": ui.FEEDBACK_BLOCK_ID,
                "value": button["value"],
                "action_ts": str(time.time()),
            }
        ],
    }
    body = action_body(payload)
    headers = signed_headers(body, content_type="application/x-www-form-urlencoded")
    assert api.post("/slack/events", body, headers).status_code == 200


def test_feedback_clicks_are_acknowledged_recorded_and_exported(
    api: RunningApi, deliver: Deliver, fake_slack: FakeSlack, seeded_bot: RagBot, tmp_path: Path
) -> None:
    event = mention(fake_slack, "CNEWS8", QUESTION)
    deliver(event)
    posted = fake_slack.wait_for("chat.postMessage", channel="CNEWS8")[0]
    reply_ts = next(m["ts"] for m in fake_slack.messages["CNEWS8"] if m.get("bot_id"))
    before = time.time()
    click(api, reply_ts, posted.args, ui.HELPFUL_ACTION, "UCAROL")
    thanks = fake_slack.wait_for("chat.postEphemeral", channel="CNEWS8", user="UCAROL")[0]
    assert thanks.args["text"] == ui.feedback_thanks("helpful")
    assert thanks.args["thread_ts"] == event["ts"]

    expected = seeded_bot.answer(QUESTION)
    store = FeedbackStore.from_settings(api.settings)
    [record] = [r for r in store.records() if r.origin.get("channel") == "CNEWS8"]
    assert (record.question, record.verdict, record.user) == (QUESTION, "helpful", "UCAROL")
    assert record.answer.answer == expected.answer
    assert record.answer.citations == expected.citations
    assert before - 1 <= record.time.timestamp() <= time.time() + 1
    assert record.origin["user"] == "UALICE"

    out = tmp_path / "candidates.jsonl"
    env = {**os.environ, "RAGBOT_DATA_DIR": str(api.settings.data_dir)}
    ragbot = Path(sys.executable).with_name("ragbot")
    done = subprocess.run(
        [str(ragbot), "feedback", "export", "--verdict", "helpful", "--out", str(out)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    [row] = [r for r in rows if r["feedback"]["origin"]["channel"] == "CNEWS8"]
    assert row["question"] == QUESTION
    assert row["reference_answer"] == expected.answer
    assert row["sources"] == list(dict.fromkeys(c.source for c in expected.citations))
    assert row["answerable"] is True and row["key_facts"]
    assert row["feedback"]["users"] == ["UCAROL"]


def test_feedback_on_an_answer_no_longer_on_file_says_so(
    api: RunningApi, fake_slack: FakeSlack
) -> None:
    reply = {
        "channel": "CNEWS9",
        "thread_ts": "1700000000.000001",
        "text": "An old answer",
        "blocks": [ui.feedback_actions("0" * 32)],
    }
    click(api, "1700000000.000002", reply, ui.NOT_HELPFUL_ACTION, "UDAN")
    thanks = fake_slack.wait_for("chat.postEphemeral", channel="CNEWS9", user="UDAN")[0]
    assert thanks.args["text"] == ui.FEEDBACK_LOST


def test_without_slack_settings_the_api_starts_and_the_route_says_503(
    seeded_bot: RagBot, tmp_path: Path
) -> None:
    settings = seeded_bot.settings.model_copy(
        update={"data_dir": tmp_path, "slack_signing_secret": None, "slack_bot_token": None}
    )
    with serve(seeded_bot, settings) as running:
        assert httpx.get(running.url + "/healthz", timeout=30).status_code == 200
        body = event_body({"type": "app_mention", "channel": "C1", "ts": "1.1", "text": "hi"})
        response = running.post("/slack/events", body, signed_headers(body, SIGNING_SECRET))
        assert response.status_code == 503
        assert response.json() == {
            "detail": "Slack is not configured: "
            "set RAGBOT_SLACK_SIGNING_SECRET and RAGBOT_SLACK_BOT_TOKEN"
        }
