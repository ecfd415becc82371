"""A stand-in for Slack (its Web API over real HTTP), signed deliveries, and a running ragbot API.

Slack itself is unreachable here: the stand-in answers the Web API methods ragbot calls, keeps the
messages it was sent (so `conversations.replies` returns the real thread), and records every call.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlparse

import httpx
import uvicorn

from bot_api.main import create_app
from rag.config import Settings
from rag.engine import RagBot

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
TEAM = "T0NEWS"
BOT_USER = "URAGBOT"
BOT_ID = "BRAGBOT"
WAIT_S = 30.0  # a bound, not a sleep: polls return as soon as the call is seen


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None


@dataclass
class FakeSlack:
    """Slack's Web API, just enough of it, on a loopback port."""

    url: str = ""
    calls: list[Call] = field(default_factory=list)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by channel
    held: dict[str, threading.Event] = field(default_factory=dict)
    ws_url: str | None = None
    _changed: threading.Condition = field(default_factory=threading.Condition)
    _ts: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    # --- what tests use -------------------------------------------------------------------
    def new_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts):06d}"

    def add_message(self, channel: str, **message: Any) -> dict[str, Any]:
        message.setdefault("ts", self.new_ts())
        message.setdefault("type", "message")
        with self._changed:
            self.messages.setdefault(channel, []).append(message)
        return message

    def calls_to(self, method: str, **match: Any) -> list[Call]:
        with self._changed:
            return [
                c
                for c in self.calls
                if c.method == method and all(c.args.get(k) == v for k, v in match.items())
            ]

    def wait_for(
        self, method: str, count: int = 1, timeout: float = WAIT_S, **match: Any
    ) -> list[Call]:
        """The calls to `method` (matching `match`) once there are at least `count` of them."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(found := self.calls_to(method, **match)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(c.method, c.args) for c in self.calls]
                    raise AssertionError(f"no {count} x {method} {match} within {timeout}s: {seen}")
                self._changed.wait(left)
            return found

    def stays_at(self, method: str, count: int, quiet_s: float = 0.7, **match: Any) -> bool:
        """True if no more than `count` calls arrive within a short, bounded quiet period."""
        deadline = time.monotonic() + quiet_s
        with self._changed:
            while (left := deadline - time.monotonic()) > 0:
                if len(self.calls_to(method, **match)) > count:
                    return False
                self._changed.wait(left)
            return len(self.calls_to(method, **match)) <= count

    def hold(self, method: str) -> threading.Event:
        """Requests to `method` wait until the returned event is set."""
        gate = self.held[method] = threading.Event()
        return gate

    # --- the Web API ----------------------------------------------------------------------
    def handle(self, method: str, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        with self._changed:
            self.calls.append(Call(method, args, token))
            self._changed.notify_all()
        if gate := self.held.get(method):
            gate.wait(WAIT_S)
        if method == "auth.test":
            if token != BOT_TOKEN:
                return {"ok": False, "error": "invalid_auth"}
            return {
                "ok": True,
                "url": "https://newsroom.slack.com/",
                "team": "Newsroom",
                "user": "ragbot",
                "team_id": TEAM,
                "user_id": BOT_USER,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            message = self.add_message(
                args["channel"],
                user=BOT_USER,
                bot_id=BOT_ID,
                text=args.get("text", ""),
                blocks=args.get("blocks") or [],
                **({"thread_ts": args["thread_ts"]} if args.get("thread_ts") else {}),
            )
            return {"ok": True, "channel": args["channel"], "ts": message["ts"], "message": message}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self.new_ts()}
        if method == "conversations.replies":
            return self._replies(args)
        if method == "apps.connections.open":
            if token != APP_TOKEN or not self.ws_url:
                return {"ok": False, "error": "invalid_auth"}
            return {"ok": True, "url": self.ws_url}
        return {"ok": False, "error": "unknown_method"}

    def _replies(self, args: dict[str, Any]) -> dict[str, Any]:
        channel, thread_ts = args["channel"], args["ts"]
        with self._changed:
            thread = [
                m
                for m in self.messages.get(channel, [])
                if m["ts"] == thread_ts or m.get("thread_ts") == thread_ts
            ]
        thread.sort(key=lambda m: Decimal(m["ts"]))
        if not any(m["ts"] == thread_ts for m in thread):  # Slack needs the parent to exist
            return {"ok": False, "error": "thread_not_found"}
        # Real pagination, so ragbot's paging is exercised: `cursor` is an offset here.
        start, limit = int(args.get("cursor") or 0), int(args.get("limit") or 1000)
        page = thread[start : start + limit]
        more = start + limit < len(thread)
        return {
            "ok": True,
            "messages": page,
            "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }


class SlackApiHandler(BaseHTTPRequestHandler):
    slack: FakeSlack

    def _serve(self) -> None:
        url = urlparse(self.path)
        method = url.path.rsplit("/", 1)[-1]
        args: dict[str, Any] = dict(parse_qsl(url.query))
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        if raw:
            if self.headers.get("Content-Type", "").startswith("application/json"):
                args.update(json.loads(raw))
            else:
                args.update(parse_qsl(raw))
        for key in ("blocks",):  # form-encoded calls send JSON-encoded structures
            if isinstance(args.get(key), str):
                args[key] = json.loads(args[key])
        auth = self.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") or args.get("token")
        body = json.dumps(self.slack.handle(method, args, token)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _serve

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass


def slack_settings(data_dir: Path, slack: FakeSlack, **overrides: Any) -> Settings:
    # Like tests/conftest.py's make_settings: never read the developer's .env.
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "chroma_url": None,
        "slack_bot_token": BOT_TOKEN,
        "slack_app_token": APP_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": slack.url,
    }
    return Settings(_env_file=None, **(values | overrides))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class RunningApi:
    url: str
    settings: Settings
    app: Any

    def post(self, path: str, content: bytes, headers: dict[str, str]) -> httpx.Response:
        return httpx.post(self.url + path, content=content, headers=headers, timeout=WAIT_S)


@contextmanager
def serve(bot: RagBot, settings: Settings) -> Iterator[RunningApi]:
    """The real FastAPI app under uvicorn on a free loopback port, until the generator closes."""
    app = create_app(bot=bot, settings=settings)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT_S
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the API did not start"
        time.sleep(0.02)
    try:
        yield RunningApi(f"http://127.0.0.1:{port}", settings, app)
    finally:
        server.should_exit = True
        thread.join(WAIT_S)


def signed_headers(
    body: bytes,
    secret: str = SIGNING_SECRET,
    timestamp: int | None = None,
    content_type: str = "application/json",
) -> dict[str, str]:
    """Slack's v0 request signature: HMAC-SHA256 of `v0:{timestamp}:{body}`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + ts.encode() + b":" + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest}",
    }


def event_body(event: dict[str, Any], event_id: str | None = None) -> bytes:
    """An Events API delivery, as Slack sends it."""
    return json.dumps(
        {
            "token": "unused-legacy-token",
            "team_id": TEAM,
            "api_app_id": "A0RAGBOT",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
            "is_ext_shared_channel": False,
        }
    ).encode()


def action_body(payload: dict[str, Any]) -> bytes:
    """An interactivity delivery: the JSON payload form-encoded, as Slack sends it."""
    return urlencode({"payload": json.dumps(payload)}).encode()
