"""A scripted OpenAI-compatible chat server on loopback, for testing clients over real HTTP.

Speaks just enough of `POST /v1/chat/completions` (plain JSON and Server-Sent Events) for the
official `openai` client and LangChain's `ChatOpenAI`. Each request takes the next scripted
`Reply` (or asks a responder function); every request body is recorded for assertions.
Streams use chunked transfer encoding, so a "broken" stream is a connection cut mid-body,
exactly what a crashed upstream looks like to the client.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted response.

    text: the assistant's message (streamed as `pieces` when given, else word by word).
    status: HTTP status; non-200 sends an OpenAI-style error body.
    delay_s: wait before sending anything (a slow or stuck model).
    piece_delay_s: wait between streamed pieces.
    break_after: in a stream, cut the connection after this many pieces (no final chunk).
    raw_body: send these bytes as the whole 200 body instead (malformed output).
    """

    text: str = ""
    pieces: list[str] | None = None
    status: int = 200
    delay_s: float = 0.0
    piece_delay_s: float = 0.0
    break_after: int | None = None
    raw_body: bytes | None = None

    @property
    def full_text(self) -> str:
        return "".join(self.pieces) if self.pieces is not None else self.text

    def stream_pieces(self) -> list[str]:
        if self.pieces is not None:
            return self.pieces
        words = self.text.split(" ")
        return [w if i == len(words) - 1 else w + " " for i, w in enumerate(words)]


Responder = Callable[[dict[str, Any]], Reply]


@dataclass
class FakeLLM:
    """The running server: `base_url` for clients, `requests` as received, `script` to fill."""

    server: ThreadingHTTPServer
    script: deque[Reply] = field(default_factory=deque)
    responder: Responder | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # responder failures, for the test to report

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def reply(self, *replies: Reply) -> None:
        self.script.extend(replies)

    def next_reply(self, body: dict[str, Any]) -> Reply:
        self.requests.append(body)
        if self.script:
            return self.script.popleft()
        if self.responder is not None:
            try:
                return self.responder(body)
            except Exception as exc:  # reported to the test instead of killing the handler
                self.errors.append(f"{type(exc).__name__}: {exc}")
                return Reply(status=500, text=f"the test's responder failed: {exc}")
        return Reply(status=500, text="the test scripted no reply for this request")


def _chunk(model: str, delta: dict[str, Any], finish: str | None = None) -> bytes:
    event = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(event)}\n\n".encode()


def _completion(model: str, text: str) -> bytes:
    body = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }
    return json.dumps(body).encode()


def _handler(fake: FakeLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._send_json(404, {"error": {"message": f"no route {self.path}"}})
                return
            body = json.loads(raw or b"{}")
            reply = fake.next_reply(body)
            if reply.delay_s:
                time.sleep(reply.delay_s)
            if reply.status != 200:
                err = {"message": reply.text or "upstream failure", "type": "server_error"}
                self._send_json(reply.status, {"error": err})
            elif reply.raw_body is not None:
                self._send(200, "application/json", reply.raw_body)
            elif body.get("stream"):
                self._stream(body.get("model", ""), reply)
            else:
                completion = _completion(body.get("model", ""), reply.full_text)
                self._send(200, "application/json", completion)

        def _send_json(self, status: int, body: dict[str, Any]) -> None:
            self._send(status, "application/json", json.dumps(body).encode())

        def _send(self, status: int, content_type: str, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)
            self.close_connection = True

        def _stream(self, model: str, reply: Reply) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            try:
                self._frame(_chunk(model, {"role": "assistant", "content": ""}))
                for i, piece in enumerate(reply.stream_pieces()):
                    if reply.break_after is not None and i >= reply.break_after:
                        # Cut the TCP connection mid-body, as a crashed upstream would.
                        self.connection.shutdown(socket.SHUT_RDWR)
                        return
                    if reply.piece_delay_s:
                        time.sleep(reply.piece_delay_s)
                    self._frame(_chunk(model, {"content": piece}))
                self._frame(_chunk(model, {}, finish="stop"))
                self._frame(b"data: [DONE]\n\n")
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (e.g. its deadline passed): nothing left to do

        def _frame(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

    return Handler


@contextmanager
def fake_llm(responder: Responder | None = None) -> Iterator[FakeLLM]:
    """Run a FakeLLM on 127.0.0.1 (a free port) for the duration of the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.daemon_threads = True
    fake = FakeLLM(server=server, responder=responder)
    server.RequestHandlerClass = _handler(fake)
    thread = threading.Thread(target=server.serve_forever, name="fake-llm", daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    """A loopback port nobody listens on (for refused-connection tests)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_PASSAGE = re.compile(r'<passage n="(\d+)" title="[^"]*">\n(.*?)\n</passage>', re.S)


def quoting_model(body: dict[str, Any]) -> Reply:
    """A stand-in model for demos and eval plumbing: answers with the sentence of the given
    passages sharing the most words with the question, cited. No intelligence, real protocol."""
    prompt = next((m["content"] for m in body["messages"] if m["role"] == "user"), "")
    question = prompt.rsplit("Question:", 1)[-1].split("\n", 1)[0]
    asked = set(re.findall(r"[a-z0-9]{4,}", question.lower()))
    best, best_n, best_overlap = "", 0, 0
    for n, text in _PASSAGE.findall(prompt):
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            overlap = len(asked & set(re.findall(r"[a-z0-9]{4,}", sentence.lower())))
            if overlap > best_overlap:
                best, best_n, best_overlap = sentence.strip(), int(n), overlap
    return Reply(text=f"{best} [{best_n}]" if best else "NOT_IN_PASSAGES")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Serve the quoting stand-in model on loopback.")
    parser.add_argument("--port", type=int, default=8101)
    port = parser.parse_args().port
    server = ThreadingHTTPServer(("127.0.0.1", port), BaseHTTPRequestHandler)
    server.RequestHandlerClass = _handler(FakeLLM(server=server, responder=quoting_model))
    print(f"stand-in model at http://127.0.0.1:{port}/v1", flush=True)
    server.serve_forever()
