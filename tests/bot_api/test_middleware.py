"""Access logs: one structured line per request; question text only when the operator asks."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.bot_api.conftest import QUESTION


def access_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bot_api.access"]


def test_one_line_per_request_with_route_template(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO", logger="bot_api"):
        client.get("/sources/000_2477b5660bd2b30f")
        client.post("/chat", json={"question": QUESTION})
        client.post("/chat", json={"question": ""})
    lines = access_lines(caplog)
    assert len(lines) == 3
    assert lines[0].startswith("method=GET route=/sources/{article_id} status=200 ms=")
    assert lines[1].startswith("method=POST route=/chat status=200 ms=")
    assert lines[2].startswith("method=POST route=/chat status=422 ms=")
    assert all(line.endswith("client=ip:testclient") for line in lines)
    record = next(r for r in caplog.records if r.name == "bot_api.access")
    assert record.route == "/sources/{article_id}" and record.status == 200
    assert record.latency_ms >= 0


def test_streamed_requests_are_logged_once_when_done(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO", logger="bot_api"):
        client.post("/chat/stream", json={"question": QUESTION})
    assert [line.split(" ms=")[0] for line in access_lines(caplog)] == [
        "method=POST route=/chat/stream status=200"
    ]


def test_no_question_text_at_info_by_default(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO"):
        client.post("/chat", json={"question": QUESTION})
        client.post("/chat/stream", json={"question": QUESTION})
        client.post(
            "/v1/chat/completions", json={"messages": [{"role": "user", "content": QUESTION}]}
        )
    assert "Landrieu" not in caplog.text


def test_questions_logged_when_enabled(
    make_client: Callable[..., TestClient], caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(log_questions=True)
    with caplog.at_level("INFO", logger="bot_api"):
        client.post("/chat", json={"question": QUESTION})
    assert QUESTION in caplog.text


def test_unmatched_paths_are_logged_bounded_and_printable(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO", logger="bot_api"):
        client.get("/" + "%0a" * 3 + "x" * 500)
    (line,) = access_lines(caplog)
    assert "\n" not in line and "(unmatched) status=404" in line
    assert len(line) < 300
