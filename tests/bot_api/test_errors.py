"""Client mistakes get a 4xx that says what is wrong; never a 500, never a hang."""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.bot_api.conftest import QUESTION, LiveServer

JSON = {"content-type": "application/json"}
LONG = "x" * 2001
TURN = {"role": "user", "content": "hi"}

CASES = [
    # (name, path, raw body, headers, status, words the message must contain)
    ("empty question", "/chat", '{"question": ""}', JSON, 422, "question is empty"),
    ("blank question", "/chat", '{"question": " \\n\\t "}', JSON, 422, "question is empty"),
    ("question too long", "/chat", json.dumps({"question": LONG}), JSON, 422, "limit is 2000"),
    ("no question", "/chat", '{"history": []}', JSON, 422, "question: required field is missing"),
    ("question not a string", "/chat", '{"question": 42}', JSON, 422, "question: Input should be"),
    ("question null", "/chat", '{"question": null}', JSON, 422, "question: Input should be"),
    ("malformed JSON", "/chat", '{"question": "hi"', JSON, 422, "malformed JSON"),
    ("trailing garbage", "/chat", '{"question": "hi"} x', JSON, 422, "malformed JSON"),
    ("not UTF-8", "/chat", b'{"question": "\xff\xfe"}', JSON, 400, "malformed JSON"),
    ("empty body", "/chat", "", JSON, 422, "required"),
    ("JSON array", "/chat", "[1, 2]", JSON, 422, "must be a JSON object"),
    ("JSON string", "/chat", '"hi"', JSON, 422, "must be a JSON object"),
    ("form body", "/chat", "question=hi", {"content-type": "text/plain"}, 422, "JSON object"),
    ("history not a list", "/chat", '{"question": "hi", "history": "x"}', JSON, 422, "history"),
    (
        "unknown role",
        "/chat",
        json.dumps({"question": "hi", "history": [{"role": "system", "content": "x"}]}),
        JSON,
        422,
        "history[0].role: unknown role 'system'",
    ),
    (
        "message without content",
        "/chat",
        json.dumps({"question": "hi", "history": [{"role": "user"}]}),
        JSON,
        422,
        "history[0].content: required field is missing",
    ),
    (
        "history too long",
        "/chat",
        json.dumps({"question": "hi", "history": [TURN] * 21}),
        JSON,
        422,
        "history has 21 messages; the limit is 20",
    ),
    (
        "history message too long",
        "/chat",
        json.dumps({"question": "hi", "history": [{"role": "user", "content": "y" * 8001}]}),
        JSON,
        422,
        "history[0].content is 8001 characters long; the limit is 8000",
    ),
    (
        "stream: unknown role",
        "/chat/stream",
        json.dumps({"question": "hi", "history": [{"role": "bot", "content": "x"}]}),
        JSON,
        422,
        "unknown role 'bot'",
    ),
    ("stream: malformed JSON", "/chat/stream", "{", JSON, 422, "malformed JSON"),
    ("retrieve: empty question", "/retrieve", '{"question": ""}', JSON, 422, "question is empty"),
    (
        "retrieve: question too long",
        "/retrieve",
        json.dumps({"question": LONG}),
        JSON,
        422,
        "limit",
    ),
    ("openai: malformed JSON", "/v1/chat/completions", "{", JSON, 422, "malformed JSON"),
]


@pytest.mark.parametrize(
    ("path", "body", "headers", "status", "words"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_client_mistakes_are_4xx_with_a_message(
    client: TestClient, path: str, body: str | bytes, headers: dict, status: int, words: str
) -> None:
    response = client.post(path, content=body, headers=headers)
    assert response.status_code == status, response.text
    payload = response.json()
    message = payload["error"]["message"] if path.startswith("/v1/") else payload["detail"]
    assert words in message


def test_wrong_method_and_unknown_route(client: TestClient) -> None:
    assert client.get("/chat").status_code == 405
    assert client.get("/chat").json()["detail"] == "method not allowed: GET /chat"
    assert client.post("/nowhere", json={}).status_code == 404


def test_the_server_keeps_serving_after_every_mistake(client: TestClient) -> None:
    for _, path, body, headers, *_ in CASES:
        client.post(path, content=body, headers=headers)
    response = client.post("/chat", json={"question": QUESTION})
    assert response.status_code == 200
    assert response.json()["answerable"] is True


def test_limits_follow_the_settings(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_question_chars=20, max_history_messages=1, max_message_chars=10)
    too_long = client.post("/chat", json={"question": "q" * 21})
    assert too_long.json()["detail"].startswith("question is 21 characters long; the limit is 20")
    two_turns = {"question": "hi", "history": [TURN, TURN]}
    assert "the limit is 1" in client.post("/chat", json=two_turns).json()["detail"]
    long_turn = {"question": "hi", "history": [{"role": "user", "content": "z" * 11}]}
    assert "the limit is 10" in client.post("/chat", json=long_turn).json()["detail"]


def raw_post(server: LiveServer, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    url = urlsplit(server.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        connection.request("POST", "/chat", body=body, headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_oversized_bodies_are_413_declared_or_chunked(live_server: LiveServer) -> None:
    big = json.dumps({"question": "hi", "history": [{"role": "user", "content": "z" * 3_000_000}]})
    status, body = raw_post(live_server, big.encode(), {"Content-Type": "application/json"})
    assert status == 413
    assert "request body too large: the limit is" in body["detail"]

    def chunks():
        yield b'{"question": "hi", "pad": "'
        for _ in range(40):
            yield b"p" * 65536
        yield b'"}'

    # An iterable body without Content-Length: http.client sends it chunked.
    status, body = raw_post(live_server, chunks(), {"Content-Type": "application/json"})
    assert status == 413
    assert "request body too large" in body["detail"]
    status, _ = raw_post(
        live_server,
        json.dumps({"question": QUESTION}).encode(),
        {"Content-Type": "application/json"},
    )
    assert status == 200


def test_a_truncated_request_does_not_hang_the_server(live_server: LiveServer) -> None:
    import socket

    url = urlsplit(live_server.url)
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(
            b"POST /chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 1000\r\n\r\n{"question": '
        )  # and the client goes away mid-body
    status, body = raw_post(
        live_server,
        json.dumps({"question": QUESTION}).encode(),
        {"Content-Type": "application/json"},
    )
    assert status == 200 and body["answerable"] is True
