"""Targets over real HTTP: the ragbot API under uvicorn, and a tiny app that misbehaves."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, HTTPException, Response
from typer.testing import CliRunner

from bot_api.main import create_app
from evals.dataset import load_dataset
from evals.runner import run_dataset
from evals.targets import HttpTarget, InProcessTarget, TargetError
from rag.cli import app
from rag.engine import RagBot

runner = CliRunner()
KEY = "k-eval-123"


def test_eval_over_http_gets_the_same_answers_as_in_process(
    eval_env: Path, small_dataset: Path, seeded_bot: RagBot, serve: Callable[[Any], Any]
) -> None:
    settings = seeded_bot.settings.model_copy(update={"api_keys": KEY})
    with serve(create_app(bot=seeded_bot, settings=settings)) as url:
        out = eval_env / "http"
        result = runner.invoke(
            app,
            ["eval", "--url", url, "--dataset", str(small_dataset), "--out", str(out)],
            env={"RAGBOT_API_KEYS": f"{KEY},other-key"},  # the first key is used
        )
        assert result.exit_code == 0, result.output

        wrong = runner.invoke(
            app, ["eval", "--url", url, "--api-key", "nope", "--dataset", str(small_dataset)]
        )
        assert wrong.exit_code == 2
        assert "refused the API key (401)" in wrong.stderr and "ragbot server?" not in wrong.stderr

    summary = json.loads((out / "summary.json").read_text())
    assert summary["target"] == url and summary["configs"][0]["name"] == "server"
    assert summary["configs"][0]["errored"] == []
    over_http = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    local = InProcessTarget(seeded_bot)
    for row, remote in zip(load_dataset(small_dataset), over_http, strict=True):
        answer, _ms = local.answer(row.question, row.history)
        assert remote["answer"] == answer.answer
        assert [c["quote"] for c in remote["citations"]] == [c.quote for c in answer.citations]
        assert remote["citation_problem"] is None  # quotes checked against GET /sources/{id}


def test_unreachable_server_is_a_setup_error(eval_env: Path, small_dataset: Path) -> None:
    with socket.socket() as s:  # a port that was free a moment ago: nobody listens on it
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = runner.invoke(
        app, ["eval", "--url", f"http://127.0.0.1:{port}", "--dataset", str(small_dataset)]
    )
    assert result.exit_code == 2
    assert "cannot reach http://127.0.0.1:" in result.stderr


ARTICLE_TEXT = "Sen. David Vitter criticized Mayor Mitch Landrieu."


def flaky_app() -> tuple[FastAPI, dict[str, int]]:
    """A stand-in server: rate-limits the first /chat, fails on one question, answers the rest."""
    calls = {"chat": 0}
    api = FastAPI()

    @api.get("/sources")
    def sources() -> dict:
        return {"sources": [{"id": "a1", "title": "t", "chars": len(ARTICLE_TEXT), "chunks": 1}]}

    @api.get("/sources/{article_id}")
    def source(article_id: str) -> dict:
        if article_id != "a1":
            raise HTTPException(404, "no such article")
        return {
            "id": "a1",
            "title": "t",
            "chars": len(ARTICLE_TEXT),
            "chunks": 1,
            "text": ARTICLE_TEXT,
        }

    @api.post("/chat")
    def chat(body: dict, response: Response) -> dict:
        calls["chat"] += 1
        if calls["chat"] == 1:
            raise HTTPException(429, "slow down", headers={"Retry-After": "0"})
        if "explode" in body["question"]:
            raise HTTPException(500, "boom")
        quote = ARTICLE_TEXT[:17]
        citation = {
            "n": 1,
            "source": "a1",
            "title": "t",
            "chunk_id": "c",
            "quote": quote,
            "start": 0,
            "end": 17,
            "score": 1.0,
        }
        return {"answer": "Vitter [1].", "answerable": True, "citations": [citation]}

    @api.post("/retrieve")
    def retrieve(body: dict) -> dict:
        assert body.get("k") == 3
        return {"passages": [{"source": "a1"}, {"source": "b2"}]}

    return api, calls


def test_http_target_waits_out_rate_limits_and_scores_a_failing_question_as_an_error(
    tmp_path: Path, serve: Callable[[Any], Any]
) -> None:
    dataset = tmp_path / "d.jsonl"
    rows = [
        {
            "id": "q1",
            "question": "Who criticized the mayor?",
            "sources": ["a1"],
            "key_facts": [["Vitter"]],
            "answerable": True,
        },
        {
            "id": "q2",
            "question": "explode please",
            "sources": ["a1"],
            "key_facts": [["Vitter"]],
            "answerable": True,
        },
    ]
    dataset.write_text("\n".join(json.dumps(r) for r in rows))
    api, calls = flaky_app()
    with serve(api) as url:
        target = HttpTarget(url, api_key="anything")
        assert target.source_ids() == {"a1"}
        scores = run_dataset(load_dataset(dataset), target, k=3)
        assert target.source_text("zz") is None
        target.close()
    ok, broken = scores
    assert calls["chat"] == 3  # one 429, retried; then the failing question
    assert (
        ok.fact_recall and ok.citation_valid and ok.source_hit_at_k and ok.retrieved == ["a1", "b2"]
    )
    assert ok.latency_ms is not None and ok.latency_ms < 5000
    assert broken.error is not None and "answered 500" in broken.error and broken.missed


def test_http_target_refuses_a_server_that_is_not_ragbot(serve: Callable[[Any], Any]) -> None:
    api = FastAPI()
    with serve(api) as url:
        target = HttpTarget(url)
        with pytest.raises(TargetError, match="GET /sources answered 404"):
            target.source_ids()
        target.close()
