"""wrk's report is read correctly, and a real wrk run against a local server is counted."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from evals.bench.load import parse_wrk, run_wrk, write_script, wrk_path

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   105.32ms   20.11ms 250.00ms   70.00%
    Req/Sec    38.12      5.01    50.00     80.00%
  Latency Distribution
     50%  101.50ms
     75%  115.00ms
     90%  130.25ms
     99%    1.20s 
  760 requests in 10.02s, 1.23MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:     75.85
Transfer/sec:    125.70KB
"""


def test_parse_wrk_reads_percentiles_throughput_and_errors() -> None:
    got = parse_wrk(WRK_OUTPUT)
    assert got["latency_ms"] == {"p50": 101.5, "p75": 115.0, "p90": 130.25, "p99": 1200.0}
    assert got["requests"] == 760 and got["duration_ms"] == 10020.0
    assert got["requests_per_s"] == 75.85
    assert (got["non_2xx"], got["socket_errors"], got["errors"]) == (4, 3, 7)


def test_parse_wrk_without_errors() -> None:
    clean = WRK_OUTPUT.replace("  Socket errors: connect 0, read 1, write 0, timeout 2\n", "")
    clean = clean.replace("  Non-2xx or 3xx responses: 4\n", "")
    assert parse_wrk(clean)["errors"] == 0


class _Chat(BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Chat.seen.append(body["question"])
        status = 500 if "fail" in body["question"] else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def chat_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Chat)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.mark.skipif(wrk_path() is None, reason="wrk is not installed (apt-get install wrk)")
def test_run_wrk_posts_every_question_and_counts_errors(chat_server: str, tmp_path: Path) -> None:
    _Chat.seen.clear()
    script = write_script(["Who is the sheriff?", 'Quote "this" and fail'], tmp_path / "c.lua")
    got = run_wrk(chat_server, script, connections=2, seconds=1)
    assert got["requests"] > 0
    assert {"Who is the sheriff?", 'Quote "this" and fail'} <= set(_Chat.seen)
    assert 0 < got["non_2xx"] < got["requests"]  # the failing question's answers, and only those
    assert got["latency_ms"]["p50"] > 0
