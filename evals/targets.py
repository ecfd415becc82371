"""What an eval runs against: a RagBot in this process, or a running ragbot server over HTTP.

Both go through the public API a user has (`RagBot.answer/retrieve/get_source`, or `POST /chat`,
`POST /retrieve`, `GET /sources/{id}`), so the eval measures what users get.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote

import httpx
from pydantic import ValidationError

from rag.models import Answer, Message

if TYPE_CHECKING:
    from rag.config import Settings
    from rag.embeddings import MiniLMEmbeddings
    from rag.engine import RagBot


RATE_LIMIT_RETRIES = 5
MAX_RETRY_WAIT_S = 60.0


class TargetError(RuntimeError):
    """The target could not be used at all (unreachable, refused our key, no articles)."""


class Target(Protocol):
    label: str  # where the answers come from, for reports

    def answer(self, question: str, history: Sequence[Message]) -> tuple[Answer, float]:
        """The answer and how long the answering call took, in milliseconds."""
        ...

    def retrieved_sources(self, query: str, k: int | None) -> list[str]:
        """Article ids of the top-k passages for `query`, best first."""
        ...

    def source_text(self, article_id: str) -> str | None: ...

    def source_ids(self) -> set[str]: ...

    def close(self) -> None: ...


class InProcessTarget:
    def __init__(self, bot: RagBot) -> None:
        self.bot = bot
        self.label = "in-process"
        self._texts: dict[str, str | None] = {}

    def answer(self, question: str, history: Sequence[Message]) -> tuple[Answer, float]:
        started = time.perf_counter()
        answer = self.bot.answer(question, history)
        return answer, (time.perf_counter() - started) * 1000

    def retrieved_sources(self, query: str, k: int | None) -> list[str]:
        return [p.source for p in self.bot.retrieve(query, k=k)]

    def source_text(self, article_id: str) -> str | None:
        if article_id not in self._texts:
            detail = self.bot.get_source(article_id)
            self._texts[article_id] = None if detail is None else detail.text
        return self._texts[article_id]

    def source_ids(self) -> set[str]:
        return {s.id for s in self.bot.list_sources()}

    def close(self) -> None:
        pass


def load_embedder(settings: Settings) -> MiniLMEmbeddings:
    """The embedding model, loaded once per eval run and shared by every configuration."""
    from rag.embeddings import make_embedder

    return make_embedder(settings)  # honours RAGBOT_EMBEDDING_BACKEND like the other shells


def in_process_target(settings: Settings, embedder: MiniLMEmbeddings) -> InProcessTarget:
    from rag.engine import RagBot

    bot = RagBot(settings, embedder=embedder)
    bot.warm_up()  # so the first question's latency is not the model's load time
    return InProcessTarget(bot)


class HttpTarget:
    """A running ragbot server (`ragbot serve`), reached at `url`."""

    def __init__(
        self,
        url: str,
        api_key: str | None = None,
        timeout_s: float = 60.0,
    ) -> None:
        self.label = url.rstrip("/")
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(base_url=self.label, headers=headers, timeout=timeout_s)
        self._texts: dict[str, str | None] = {}
        self._last_ms = 0.0  # duration of the last successful request (waits for 429 excluded)

    def answer(self, question: str, history: Sequence[Message]) -> tuple[Answer, float]:
        body = {"question": question, "history": [m.model_dump() for m in history]}
        data = self._call("POST", "/chat", json=body)
        try:
            return Answer.model_validate(data), self._last_ms
        except ValidationError as exc:
            raise RuntimeError(f"POST /chat returned a body that is not an answer: {exc}") from exc

    def retrieved_sources(self, query: str, k: int | None) -> list[str]:
        body: dict[str, Any] = {"question": query}
        if k is not None:
            body["k"] = k
        data = self._call("POST", "/retrieve", json=body)
        passages = data.get("passages", []) if isinstance(data, dict) else data
        try:
            return [str(p["source"]) for p in passages]
        except (TypeError, KeyError) as exc:
            raise RuntimeError("POST /retrieve returned passages without a 'source'") from exc

    def source_text(self, article_id: str) -> str | None:
        if article_id not in self._texts:
            try:
                data = self._call("GET", f"/sources/{quote(article_id, safe='')}")
            except _NotFound:
                data = None
            self._texts[article_id] = None if data is None else str(data.get("text", ""))
        return self._texts[article_id]

    def source_ids(self) -> set[str]:
        """Also checks, before any question is asked, that the server is there and takes our key."""
        try:
            data = self._call("GET", "/sources")
        except httpx.TransportError as exc:
            raise TargetError(f"cannot reach {self.label}: {exc}") from exc
        except TargetError:
            raise
        except RuntimeError as exc:
            raise TargetError(f"{exc} (is {self.label} a ragbot server?)") from exc
        items = data.get("sources", []) if isinstance(data, dict) else data
        try:
            return {str(item["id"]) for item in items}
        except (TypeError, KeyError) as exc:
            raise TargetError(
                f"GET /sources: not a ragbot article list (is {self.label} ragbot?)"
            ) from exc

    def close(self) -> None:
        self._client.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        for attempt in range(RATE_LIMIT_RETRIES + 1):
            started = time.perf_counter()
            response = self._client.request(method, path, **kwargs)
            self._last_ms = (time.perf_counter() - started) * 1000
            if response.status_code != 429 or attempt == RATE_LIMIT_RETRIES:
                break
            # The server's rate limit (RAGBOT_RATE_LIMIT_PER_MINUTE) says when to come back.
            time.sleep(min(_retry_after(response), MAX_RETRY_WAIT_S))
        if response.status_code == 404 and method == "GET":
            raise _NotFound(f"{method} {path} answered 404")
        if response.status_code in (401, 403):
            raise TargetError(
                f"{method} {path}: the server refused the API key ({response.status_code}); "
                "pass --api-key or set RAGBOT_API_KEYS"
            )
        if response.status_code >= 400:
            raise RuntimeError(
                f"{method} {path} answered {response.status_code}: {response.text[:300]}"
            )
        try:
            return response.json()
        except ValueError as exc:
            raise RuntimeError(f"{method} {path} answered with a body that is not JSON") from exc


class _NotFound(RuntimeError):
    pass


def _retry_after(response: httpx.Response) -> float:
    try:
        return max(float(response.headers.get("Retry-After", "1")), 0.1)
    except ValueError:
        return 1.0
