"""Apps and real servers over the session's seeded bot (one model, one store for every test)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot_api.main import create_app
from rag.engine import RagBot
from tests.conftest import make_settings

QUESTION = "Who criticized Mayor Mitch Landrieu over the immigration policies?"
UNANSWERABLE = "What is the boiling point of liquid nitrogen on Mars?"


class WrappedBot:
    """The real seeded bot, with methods a test overrides (to inject a failure or a delay)."""

    def __init__(self, bot: RagBot) -> None:
        self._bot = bot

    def __getattr__(self, name: str):
        return getattr(self._bot, name)


def app_for(bot: RagBot, **overrides) -> FastAPI:
    """An app over `bot` with test settings; no rate limit unless a test asks for one."""
    values = {"rate_limit_per_minute": 0, **overrides}
    return create_app(bot, settings=make_settings(bot.settings.data_dir, **values))


@pytest.fixture
def make_client(seeded_bot: RagBot) -> Iterator[Callable[..., TestClient]]:
    """TestClient factory: `make_client(api_keys="k1", rate_limit_per_minute=5, bot=...)`."""
    opened: list[TestClient] = []

    def factory(bot: RagBot | None = None, **overrides) -> TestClient:
        client = TestClient(app_for(bot or seeded_bot, **overrides), raise_server_exceptions=False)
        client.__enter__()  # runs the lifespan: warm-up, as under uvicorn
        opened.append(client)
        return client

    yield factory
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


@dataclass
class LiveServer:
    url: str
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start_server(app: FastAPI) -> LiveServer:
    """uvicorn on a free loopback port, in a thread; real sockets, real HTTP."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    return LiveServer(f"http://127.0.0.1:{port}", server, thread)


@pytest.fixture(scope="session")
def live_server(seeded_bot: RagBot) -> Iterator[LiveServer]:
    """A real server over the seeded bot, without API keys or rate limit."""
    server = start_server(app_for(seeded_bot))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def keyed_server(seeded_bot: RagBot) -> Iterator[LiveServer]:
    """A real server that needs the API key `test-key`."""
    server = start_server(app_for(seeded_bot, api_keys="test-key"))
    yield server
    server.stop()
