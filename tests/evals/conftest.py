"""Eval harness fixtures: a small dataset over the seeds, a clean environment, a live server."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn

import evals.command
from rag.embeddings import MiniLMEmbeddings
from rag.engine import RagBot

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SEEDS_DATASET = ROOT / "evals" / "datasets" / "seeds.jsonl"
START_TIMEOUT_S = 20.0

# Never answerable: its key fact is in no article, so fact_recall < 1 whatever the bot's quality.
IMPOSSIBLE_ROW = {
    "id": "x01",
    "question": "Who criticized Mayor Landrieu over the immigration rules?",
    "history": [],
    "reference_answer": "",
    "sources": ["000_2477b5660bd2b30f"],
    "key_facts": [["zz-no-article-says-this"]],
    "answerable": True,
}


@pytest.fixture
def small_dataset(tmp_path: Path) -> Path:
    """Four rows: three of the team's (a follow-up, an unanswerable one) and an impossible one."""
    rows = {json.loads(line)["id"]: line for line in SEEDS_DATASET.read_text().splitlines() if line}
    path = tmp_path / "small.jsonl"
    path.write_text(
        "\n".join([rows["q01"], rows["q22"], json.dumps(IMPOSSIBLE_ROW), rows["q84"]]) + "\n"
    )
    return path


@pytest.fixture
def eval_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, seeded_bot: RagBot, embedder: MiniLMEmbeddings
) -> Path:
    """`ragbot eval` as a user runs it, over the session's seeded store, in a clean temp folder.

    The eval loads its embedding model through `load_embedder`; here it gets the session's model
    instead of loading a second copy (the same real model, only shared).
    """
    for name in list(os.environ):
        if name.startswith("RAGBOT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no developer .env; relative defaults land in the temp folder
    monkeypatch.setenv("RAGBOT_DATA_DIR", str(seeded_bot.settings.data_dir))
    monkeypatch.setattr(evals.command, "load_embedder", lambda _settings: embedder)
    (tmp_path / "seeds").symlink_to(SEEDS)  # the default corpus for configs that re-chunk
    return tmp_path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve_app(app: Any) -> Iterator[str]:
    """Any ASGI app under uvicorn on a free loopback port; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(START_TIMEOUT_S)


@pytest.fixture
def serve() -> Callable[[Any], Any]:
    return serve_app
