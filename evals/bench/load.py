"""HTTP load with wrk: POST /chat with the seed questions in turn, latency percentiles, errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}

# wrk's Lua: one request body per question, taken in turn by each connection.
_SCRIPT = """
local bodies = {
%s
}
local i = 0
request = function()
  i = i + 1
  local body = bodies[(i %% #bodies) + 1]
  return wrk.format("POST", "/chat", {["Content-Type"] = "application/json"}, body)
end
"""


def wrk_path() -> str | None:
    return shutil.which("wrk")


def write_script(questions: Sequence[str], path: Path) -> Path:
    bodies = ",\n".join(f"[==[{json.dumps({'question': q})}]==]" for q in questions)
    path.write_text(_SCRIPT % bodies)
    return path


def run_wrk(
    url: str, script: Path, connections: int, seconds: int, threads: int = 2
) -> dict[str, Any]:
    wrk = wrk_path()
    if wrk is None:
        raise FileNotFoundError("wrk is not installed (apt-get install wrk)")
    command = [
        wrk,
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "60s",
        "--latency",
        "-s",
        str(script),
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result = parse_wrk(done.stdout)
    result["output"] = done.stdout  # wrk's own report, kept with the numbers
    result["connections"] = connections
    result["command"] = " ".join(["wrk", *command[1:-3], "-s", "chat.lua", url])
    return result


def _ms(value: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if not found:
        raise ValueError(f"unreadable wrk duration {value!r}")
    return round(float(found.group(1)) * _UNITS[found.group(2)], 2)


def parse_wrk(output: str) -> dict[str, Any]:
    """Requests, throughput, latency percentiles and errors from wrk's --latency report."""
    percentiles = {
        f"p{int(float(p))}": _ms(v)
        for p, v in re.findall(r"^\s+(50|75|90|99)(?:\.0+)?%\s+(\S+)[ \t]*$", output, re.MULTILINE)
    }
    requests = re.search(r"(\d+) requests in ([\d.]+\w+)", output)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    socket_errors = sum(int(n) for n in sockets.groups()) if sockets else 0
    return {
        "requests": int(requests.group(1)) if requests else 0,
        "duration_ms": _ms(requests.group(2)) if requests else None,
        "requests_per_s": float(rate.group(1)) if rate else None,
        "latency_ms": percentiles,
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": socket_errors,
        "errors": (int(non2xx.group(1)) if non2xx else 0) + socket_errors,
    }
