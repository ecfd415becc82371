"""Which events are questions, and the hook that acknowledges the rest without running anything."""

from __future__ import annotations

import pytest
from slack_bolt import BoltResponse

from bot_api.slack.listeners import is_question, skip_unwanted_events

MENTION = {
    "type": "app_mention",
    "user": "UALICE",
    "text": "<@U1> hi",
    "ts": "1.1",
    "channel": "C1",
}
DM = {"type": "message", "channel_type": "im", "user": "UALICE", "text": "hi", "ts": "1.1"}


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (MENTION, True),
        (DM, True),
        ({**DM, "thread_ts": "1.0"}, True),
        ({**DM, "channel_type": "channel"}, False),  # channel chatter without a mention
        ({**DM, "channel_type": "mpim"}, False),
        ({**DM, "bot_id": "B1"}, False),
        ({**MENTION, "bot_id": "B1"}, False),
        ({**DM, "subtype": "bot_message"}, False),
        ({**DM, "subtype": "message_changed", "hidden": True}, False),
        ({**DM, "subtype": "message_deleted", "hidden": True}, False),
        ({**DM, "subtype": "file_share"}, False),
        ({"type": "reaction_added", "user": "UALICE"}, False),
    ],
)
def test_is_question(event: dict, expected: bool) -> None:
    assert is_question(event) is expected


def test_unwanted_events_are_acknowledged_without_going_further() -> None:
    calls: list[str] = []
    body = {"type": "event_callback", "event": {**DM, "subtype": "message_changed"}}
    response = skip_unwanted_events(body, lambda: calls.append("next"))
    assert isinstance(response, BoltResponse) and response.status == 200
    assert calls == []


@pytest.mark.parametrize(
    "body",
    [
        {"type": "event_callback", "event": MENTION},
        {"type": "block_actions", "actions": [{"action_id": "x"}]},
        {"type": "url_verification", "challenge": "c"},
    ],
)
def test_questions_and_other_requests_go_on(body: dict) -> None:
    calls: list[str] = []
    assert skip_unwanted_events(body, lambda: calls.append("next")) is None
    assert calls == ["next"]
