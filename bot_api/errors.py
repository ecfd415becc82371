"""Every error the API returns says what is wrong in words, as `{"detail": "..."}`.

Under `/v1/` (the OpenAI-compatible routes) errors take OpenAI's shape,
`{"error": {"message": ...}}`, so OpenAI clients show the message.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from rag.answering.llm import LLMUnavailableError

_MAX_SHOWN_INPUT = 60

_STATUS_MESSAGES = {
    404: "not found",
    405: "method not allowed",
}


def error_response(
    request: Request,
    status_code: int,
    message: str,
    headers: dict[str, str] | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> JSONResponse:
    if request.url.path.startswith("/v1/"):
        kind = "server_error" if status_code >= 500 else "invalid_request_error"
        body: dict[str, Any] = {
            "error": {"message": message, "type": kind, "param": None, "code": None}
        }
    else:
        body = {"detail": message}
        if errors:
            body["errors"] = errors
    return JSONResponse(body, status_code=status_code, headers=headers)


def _location(loc: tuple[Any, ...]) -> str:
    parts = [p for p in loc if p != "body"]
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "body"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_SHOWN_INPUT else text[: _MAX_SHOWN_INPUT - 1] + "…"


def describe(error: dict[str, Any]) -> str:
    """One validation error as a sentence a client developer can act on."""
    kind = error.get("type", "")
    loc = tuple(error.get("loc", ()))
    if kind == "json_invalid":
        reason = (error.get("ctx") or {}).get("error", "invalid JSON")
        where = f" at character {loc[-1]}" if loc and isinstance(loc[-1], int) else ""
        return f"malformed JSON in the request body{where}: {reason}"
    where = _location(loc)
    if kind == "missing":
        return f"{where}: required field is missing"
    if kind == "literal_error" and loc and loc[-1] == "role":
        expected = (error.get("ctx") or {}).get("expected", "")
        return f"{where}: unknown role {_shown(error.get('input'))}; expected {expected}"
    if kind == "model_attributes_type" and where == "body":
        return "the request body must be a JSON object (Content-Type: application/json)"
    shown = f" (got {_shown(error['input'])})" if "input" in error and kind != "missing" else ""
    return f"{where}: {error.get('msg', 'invalid value')}{shown}"


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = list(exc.errors())
    message = "; ".join(describe(e) for e in errors[:5])
    if len(errors) > 5:
        message += f"; and {len(errors) - 5} more"
    # Inputs can be huge (a whole over-long history); the message already quotes them briefly.
    slim = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in errors
    ]
    return error_response(request, 422, message, errors=slim)


async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 400 and detail == "There was an error parsing the body":
        detail = "malformed JSON in the request body: it could not be decoded (send UTF-8 JSON)"
    elif exc.status_code in _STATUS_MESSAGES and detail in ("Not Found", "Method Not Allowed"):
        # Starlette's defaults, said a little more helpfully.
        detail = f"{_STATUS_MESSAGES[exc.status_code]}: {request.method} {request.url.path}"
    return error_response(request, exc.status_code, detail, headers=getattr(exc, "headers", None))


async def _llm_unavailable(request: Request, exc: LLMUnavailableError) -> JSONResponse:
    # RAGBOT_LLM_FALLBACK=error: the configured model endpoint failed; say how, not "500".
    return error_response(request, 503, f"the answer model is unavailable: {exc}")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(LLMUnavailableError, _llm_unavailable)  # type: ignore[arg-type]
