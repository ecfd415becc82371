"""Start and stop the real servers the benchmark measures: `chroma run` and `ragbot serve`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from evals.bench.machine import peak_rss_mb


class ServerError(RuntimeError):
    """A server did not come up; the message holds the end of its log."""


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    started_s: float  # time from launch to ready

    def peak_rss_mb(self) -> float | None:
        return peak_rss_mb(self.process.pid)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def venv_script(name: str) -> str:
    """A console script installed beside this interpreter (the project's .venv)."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        raise ServerError(f"{name} is not installed beside {sys.executable}")
    return str(path)


@contextmanager
def running(
    name: str,
    command: list[str],
    ready_path: str,
    port: int,
    log: Path,
    env: dict[str, str],
    timeout_s: float = 300.0,
) -> Iterator[Server]:
    """Run `command` until the block ends; ready when GET ready_path answers 200."""
    url = f"http://127.0.0.1:{port}"
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **env}
        )
    try:
        _wait_ready(name, process, url + ready_path, log, timeout_s)
        yield Server(name, url, process, log, time.perf_counter() - started)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(
    name: str, process: subprocess.Popen[bytes], url: str, log: Path, timeout_s: float
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"{name} exited with {process.returncode}:\n{_tail(log)}")
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise ServerError(f"{name} not ready at {url} after {timeout_s:.0f}s:\n{_tail(log)}")


def _tail(log: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def chroma_server(path: Path) -> tuple[list[str], int]:
    """The command that serves the Chroma store at `path`, and its port."""
    port = free_port()
    command = [venv_script("chroma"), "run", "--path", str(path), "--host", "127.0.0.1"]
    return [*command, "--port", str(port)], port


def ragbot_server() -> tuple[list[str], int]:
    port = free_port()
    command = [venv_script("ragbot"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    return command, port
