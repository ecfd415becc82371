"""Fixtures: the Slack stand-in, and ragbot's API running with Slack pointed at it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from slack_standin import (
    FakeSlack,
    RunningApi,
    SlackApiHandler,
    event_body,
    serve,
    signed_headers,
    slack_settings,
)

from rag.engine import RagBot


@pytest.fixture(scope="module")
def fake_slack() -> Iterator[FakeSlack]:
    slack = FakeSlack()
    handler = type("Handler", (SlackApiHandler,), {"slack": slack})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    slack.url = f"http://127.0.0.1:{server.server_address[1]}/api/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield slack
    for gate in slack.held.values():
        gate.set()
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def api(
    seeded_bot: RagBot, fake_slack: FakeSlack, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningApi]:
    """ragbot's API with Slack configured (pointing at the stand-in), over the seeded bot."""
    settings = slack_settings(tmp_path_factory.mktemp("slack-data"), fake_slack)
    with serve(seeded_bot, settings) as running:
        yield running


@pytest.fixture
def deliver(api: RunningApi) -> Callable[..., httpx.Response]:
    """POST a correctly signed event to /slack/events; `retry` adds Slack's retry headers."""

    def send(event: dict[str, Any], event_id: str | None = None, retry: int = 0) -> httpx.Response:
        body = event_body(event, event_id)
        headers = signed_headers(body)
        if retry:
            headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        return api.post("/slack/events", body, headers)

    return send
