"""Building the Bolt app, and Socket Mode (`ragbot slack`) against a local WebSocket stand-in."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_bolt.error import BoltError
from slack_standin import BOT_USER, WAIT_S, FakeSlack, event_body, slack_settings
from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve

from bot_api.slack import ui
from bot_api.slack.app import (
    SlackNotConfiguredError,
    build_slack_app,
    connect_socket_mode,
    web_client,
)
from rag.engine import RagBot

QUESTION = "Who is the NOPD superintendent?"


def test_without_tokens_the_app_is_not_built_and_says_what_to_set(
    seeded_bot: RagBot, tmp_path: Path
) -> None:
    settings = seeded_bot.settings.model_copy(update={"data_dir": tmp_path})
    with pytest.raises(SlackNotConfiguredError) as error:
        build_slack_app(seeded_bot, settings)
    assert str(error.value) == (
        "Slack is not configured: set RAGBOT_SLACK_SIGNING_SECRET and RAGBOT_SLACK_BOT_TOKEN"
    )
    half = settings.model_copy(update={"slack_bot_token": "xoxb-1"})
    with pytest.raises(SlackNotConfiguredError, match="missing: RAGBOT_SLACK_APP_TOKEN"):
        build_slack_app(seeded_bot, half, socket_mode=True)


def test_the_web_client_talks_to_the_configured_api_url(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    client = web_client(slack_settings(tmp_path, fake_slack))
    assert client.base_url == fake_slack.url
    assert client.auth_test()["user_id"] == BOT_USER


def test_socket_mode_refuses_a_wrong_bot_token(
    seeded_bot: RagBot, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    settings = slack_settings(tmp_path, fake_slack, slack_bot_token="xoxb-revoked")
    with pytest.raises(BoltError, match="invalid_auth"):
        connect_socket_mode(seeded_bot, settings)


@pytest.fixture
def socket_mode_server(fake_slack: FakeSlack) -> Iterator[queue.Queue[dict | str]]:
    """Slack's Socket Mode end: says hello, delivers one mention, collects what the app sends."""
    received: queue.Queue[dict | str] = queue.Queue()
    event = {
        "type": "app_mention",
        "user": "UALICE",
        "text": f"<@{BOT_USER}> {QUESTION}",
        "ts": fake_slack.new_ts(),
        "channel": "CSOCKET",
    }

    def session(ws: ServerConnection) -> None:
        ws.send(json.dumps({"type": "hello", "num_connections": 1}))
        envelope = {
            "envelope_id": "env-1",
            "type": "events_api",
            "payload": json.loads(event_body(event)),
            "accepts_response_payload": False,
            "retry_attempt": 0,
            "retry_reason": "",
        }
        ws.send(json.dumps(envelope))
        received.put("delivered")
        try:
            for message in ws:
                received.put(json.loads(message))
        except ConnectionClosed:
            pass

    with serve(session, "127.0.0.1", 0) as server:
        port = server.socket.getsockname()[1]
        fake_slack.ws_url = f"ws://127.0.0.1:{port}/link/?ticket=t1"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield received
        server.shutdown()
    fake_slack.ws_url = None


def test_socket_mode_acks_the_envelope_then_answers_in_the_thread(
    seeded_bot: RagBot,
    fake_slack: FakeSlack,
    socket_mode_server: queue.Queue[dict | str],
    tmp_path: Path,
) -> None:
    handler = connect_socket_mode(seeded_bot, slack_settings(tmp_path, fake_slack))
    try:
        assert socket_mode_server.get(timeout=WAIT_S) == "delivered"
        ack = socket_mode_server.get(timeout=WAIT_S)
        assert isinstance(ack, dict) and ack["envelope_id"] == "env-1"
        reply = fake_slack.wait_for("chat.postMessage", channel="CSOCKET")[0].args
    finally:
        handler.close()
    expected = seeded_bot.answer(QUESTION)
    assert reply["text"] == ui.escape(expected.answer)
    assert reply["thread_ts"]
    assert fake_slack.calls_to("apps.connections.open")


def test_ragbot_slack_without_tokens_says_what_to_set(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAGBOT_SLACK_")}
    ragbot = Path(sys.executable).with_name("ragbot")
    done = subprocess.run(
        [str(ragbot), "slack"],
        env=env,
        cwd=tmp_path,  # no .env here
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "set RAGBOT_SLACK_APP_TOKEN and RAGBOT_SLACK_BOT_TOKEN" in " ".join(done.stderr.split())
