"""ASGI middleware: request-size limit, one structured access-log line per request, and a JSON
500 for any error nothing else handled. Pure ASGI (not BaseHTTPMiddleware): streams pass untouched.
"""

from __future__ import annotations

import logging
import time

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot_api.errors import error_response

access_log = logging.getLogger("bot_api.access")
error_log = logging.getLogger("bot_api.errors")

INTERNAL_ERROR = "internal server error; the server log has the details"


def _route(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    if path is not None:
        return path or "/"
    # Unmatched requests: show the raw path, but bounded and printable (it is client-controlled).
    return ascii(scope.get("path", ""))[1:-1][:120] + " (unmatched)"


class BodyLimitMiddleware:
    """413 with a JSON message for request bodies over `max_bytes`, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = f"request body too large: the limit is {self.max_bytes} bytes"
        declared = dict(scope.get("headers", ())).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await error_response(Request(scope), 413, message)(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            event = await receive()
            if event["type"] == "http.request":
                received += len(event.get("body", b""))
                if received > self.max_bytes:  # a chunked body without Content-Length
                    raise HTTPException(413, message)
            return event

        await self.app(scope, limited_receive, send)


class AccessLogMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status: int | None = None

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        except Exception:
            if status is not None:
                raise  # the response has started: only the server can end it (and logs why)
            error_log.exception("unhandled error in %s %s", scope.get("method"), _route(scope))
            status = 500
            response = error_response(Request(scope), 500, INTERNAL_ERROR)
            await response(scope, receive, send)
        finally:
            state = scope.get("state") or {}
            client = (
                state.get("client") or f"ip:{scope['client'][0] if scope.get('client') else '-'}"
            )
            ms = (time.perf_counter() - started) * 1000
            access_log.info(
                "method=%s route=%s status=%s ms=%.1f client=%s",
                scope.get("method"),
                _route(scope),
                status if status is not None else "-",
                ms,
                client,
                extra={
                    "http_method": scope.get("method"),
                    "route": _route(scope),
                    "status": status,
                    "latency_ms": round(ms, 1),
                    "client": client,
                },
            )
