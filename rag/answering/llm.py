"""The LLM answerer: fluent answers from any OpenAI-compatible endpoint, with verified citations.

The flow, for every question:
1. The extractive answerer decides first. If it refuses (retrieval found nothing relevant
   enough), that refusal is the answer and the model is never called.
2. The retrieved chunks go to the model as numbered passages between `<passages>` delimiters,
   with the rules from `rag/prompts/answer.md`. Passages are data: delimiter look-alikes inside
   articles are neutralised so an article cannot close its passage and speak as the prompt.
3. The model's text is verified as it arrives: each `[n]` must name a passage that was given and
   that passage must hold a sentence (or run of adjacent sentences) supporting the claim written
   before the marker. Supported markers are renumbered 1..m in order of first appearance and
   point at that exact span; the rest are removed.
4. An answer left without any supported citation, a model that says the passages do not hold
   the answer, and a failing endpoint all fall back to the extractive answer (or, with
   `llm_fallback="error"`, a failing endpoint raises `LLMUnavailableError`).

Streaming holds the text back until its first citation is verified, then yields verified pieces
as the model writes them. So an answer that is never grounded (the usual reason to fall back)
streams nothing of its own, and the fallback streams cleanly in its place. The final `Answer` is
authoritative: only when the endpoint fails mid-answer, after pieces were sent, does its text
(the extractive fallback) differ from them, and then it replaces them.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import numpy as np

from rag.answering.base import Answerer, Evidence, stream_text
from rag.citations import (
    CITED,
    CitationError,
    check_citations,
    claim_of,
    marker_numbers,
    may_become_marker,
    supporting_span,
)
from rag.config import Settings
from rag.models import Answer, Citation

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

log = logging.getLogger(__name__)

# What the prompt tells the model to reply when the passages do not hold the answer.
NOT_IN_PASSAGES = "NOT_IN_PASSAGES"
# Local servers ignore the key, but the OpenAI client refuses to start without one.
_PLACEHOLDER_KEY = "not-needed"
_MAX_ANSWER_TOKENS = 700
# Delimiter look-alikes inside article text: `<passage`, `</passages`, `< /PASSAGE` ...
_DELIMITER = re.compile(r"<(\s*/?\s*passages?\b)", re.IGNORECASE)
# Bracketed numbers in articles would read like citation markers to the model.
_BRACKETED_NUMBER = re.compile(r"\[(\d{1,3})\]")
_THINK_OPEN, _THINK_CLOSE = "<think>", "</think>"


class LLMUnavailableError(RuntimeError):
    """The LLM endpoint could not give an answer (refused, timed out, failed or said nothing).

    The message says what happened and is safe to show to a client (a 502/503 in HTTP shells).
    """


def load_prompt(name: str) -> str:
    return resources.files("rag").joinpath("prompts", name).read_text(encoding="utf-8")


def make_chat_model(settings: Settings) -> BaseChatModel:
    """LangChain's OpenAI-compatible chat model for the configured endpoint."""
    if not settings.llm_base_url and not settings.llm_api_key:
        raise ValueError(
            "RAGBOT_ANSWERER=llm needs RAGBOT_LLM_BASE_URL (e.g. http://127.0.0.1:11434/v1 for "
            "Ollama) or RAGBOT_LLM_API_KEY for api.openai.com"
        )
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key or _PLACEHOLDER_KEY,
        model=settings.llm_model,
        timeout=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
        # 0 by default: the answer should be the passages' facts, not a creative variation.
        temperature=None if settings.llm_temperature == "omit" else settings.llm_temperature,
        # OpenAI wants `max_completion_tokens` (what LangChain sends for max_tokens); Ollama and
        # llama.cpp only honour the older `max_tokens`, so other endpoints get that field.
        **(
            {"max_tokens": _MAX_ANSWER_TOKENS}
            if _is_openai(settings.llm_base_url)
            else {"extra_body": {"max_tokens": _MAX_ANSWER_TOKENS}}
        ),
        # `streaming` stays unset: `invoke()` then gets one JSON reply and `stream()` streams
        # (an explicit streaming=False would turn `stream()` into one final chunk).
    )


def _is_openai(base_url: str | None) -> bool:
    return not base_url or urlparse(base_url).hostname == "api.openai.com"


class LLMAnswerer:
    def __init__(
        self,
        settings: Settings,
        fallback: Answerer,
        chat_model: BaseChatModel | None = None,
    ) -> None:
        self.fallback = fallback
        self.on_failure = settings.llm_fallback
        self.timeout_s = settings.llm_timeout_s
        self.endpoint = settings.llm_base_url or "api.openai.com"
        self.system_prompt = load_prompt("answer.md")
        self.question_template = load_prompt("question.md")
        self.model = chat_model or make_chat_model(settings)

    def answer(self, evidence: Evidence) -> Answer:
        final = None
        for event in self._respond(evidence, streaming=False):
            final = event
        assert isinstance(final, Answer)
        return final

    def stream(self, evidence: Evidence) -> Iterator[str | Answer]:
        """Verified text pieces as the model writes them (from its first verified citation on),
        then the final Answer. The final Answer's text is authoritative: when the endpoint fails
        after pieces were sent, it is the extractive fallback and replaces them."""
        yield from self._respond(evidence, streaming=True)

    def messages(self, evidence: Evidence) -> list[BaseMessage]:
        from langchain_core.messages import HumanMessage, SystemMessage

        context = evidence.question.context
        follow_up = f"(A follow-up; the conversation so far was about: {context})\n"
        question = self.question_template.format(
            passages=render_passages(evidence),
            context=follow_up if context else "",
            question=evidence.question.question,
        )
        return [SystemMessage(self.system_prompt), HumanMessage(question)]

    def _respond(self, evidence: Evidence, streaming: bool) -> Iterator[str | Answer]:
        decision = self.fallback.answer(evidence)
        if not decision.answerable:  # retrieval found nothing relevant: no model call
            yield from stream_text(decision) if streaming else [decision]
            return
        verifier = CitedTextVerifier(evidence)
        sent = False
        try:
            for piece in self._generate(self.messages(evidence), streaming):
                text = verifier.feed(piece)
                if text and streaming:
                    sent = True
                    yield text
            text = verifier.finish()
            if text and streaming:
                sent = True
                yield text
        except LLMUnavailableError as exc:
            if self.on_failure == "error":
                raise
            log.warning("LLM answerer fell back to the extractive answer: %s", exc)
            yield from _fallback(decision, streaming, sent)
            return
        answer = verifier.answer()
        if answer is None:
            log.info("LLM answer not grounded (%s); using the extractive answer", verifier.verdict)
            yield from _fallback(decision, streaming, sent)
            return
        yield answer

    def _generate(self, messages: list[BaseMessage], streaming: bool) -> Iterator[str]:
        """The model's text pieces, within `timeout_s` of wall-clock time in all (retries
        included), or LLMUnavailableError.

        The HTTP call runs in a worker thread so the deadline holds even when the server trickles
        bytes that never complete a chunk (httpx only bounds each read). A cancelled worker stops
        at its next chunk, or when the client's own read timeout fires.
        """
        deadline = time.monotonic() + self.timeout_s
        events: queue.Queue[tuple[str, Any]] = queue.Queue()
        cancelled = threading.Event()
        worker = threading.Thread(
            target=self._call, args=(messages, streaming, events, cancelled), daemon=True
        )
        worker.start()
        received = False
        try:
            while True:
                try:
                    kind, value = events.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    raise LLMUnavailableError(
                        f"the LLM at {self.endpoint} did not answer within {self.timeout_s:g} s"
                    ) from None
                if kind == "error":
                    raise LLMUnavailableError(
                        f"the LLM at {self.endpoint} failed: {_describe(value)}"
                    ) from value
                if kind == "done":
                    break
                received = received or bool(value.strip())
                yield value
        finally:
            cancelled.set()
        if not received:
            raise LLMUnavailableError(f"the LLM at {self.endpoint} returned an empty answer")

    def _call(
        self,
        messages: list[BaseMessage],
        streaming: bool,
        events: queue.Queue[tuple[str, Any]],
        cancelled: threading.Event,
    ) -> None:
        try:
            if not streaming:
                events.put(("text", self.model.invoke(messages).text))
                events.put(("done", None))
                return
            finished = False
            chunks = self.model.stream(messages)
            try:
                for chunk in chunks:
                    if cancelled.is_set():
                        return
                    if chunk.text:
                        events.put(("text", chunk.text))
                    finished = finished or bool(chunk.response_metadata.get("finish_reason"))
            finally:
                chunks.close()  # closes the HTTP response when we stop early
            if not finished:
                raise ConnectionError("the stream ended before the model finished")
            events.put(("done", None))
        except Exception as exc:  # everything the endpoint can do wrong, reported to the reader
            events.put(("error", exc))


def _fallback(decision: Answer, streaming: bool, sent: bool) -> Iterator[str | Answer]:
    if streaming and not sent:
        yield from stream_text(decision)
    else:
        yield decision


def _describe(exc: BaseException) -> str:
    """One line for the reader: the HTTP status, or the error and its root cause (the OpenAI
    client's "Connection error." alone does not say that the connection was refused)."""
    status = getattr(exc, "status_code", None)
    message = " ".join(str(exc).split())[:300] or type(exc).__name__
    if status:
        return f"HTTP {status}: {message}"
    root = exc
    while root.__cause__ is not None or root.__context__ is not None:
        root = root.__cause__ or root.__context__  # type: ignore[assignment]
    cause = " ".join(str(root).split())[:200]
    if root is not exc and cause and cause not in message:
        message = f"{message} ({cause})"
    return f"{type(exc).__name__}: {message}"


def render_passages(evidence: Evidence) -> str:
    """The retrieved chunks as numbered passages, each inside its own delimiters."""
    blocks = []
    for n, scored in enumerate(evidence.chunks, start=1):
        chunk = scored.chunk
        title = _neutralise(evidence.corpus.articles[chunk.article_id].title).replace('"', "'")
        blocks.append(f'<passage n="{n}" title="{title}">\n{_neutralise(chunk.text)}\n</passage>')
    return "\n".join(blocks)


def _neutralise(text: str) -> str:
    """Article text that cannot pass for the prompt's delimiters or citation markers."""
    text = _DELIMITER.sub(r"‹\1", text)
    return _BRACKETED_NUMBER.sub(r"(\1)", text)


@dataclass
class _Output:
    """Verified answer text, with trailing whitespace held back so a removed marker can take the
    space before it ('claim [9].' -> 'claim.')."""

    text: str = ""
    held_space: str = ""
    gap: str = ""  # the space a removed marker took, restored before a following word

    def add_text(self, piece: str) -> None:
        body = piece.rstrip()
        if not body:
            self.held_space += piece
            return
        if self.gap and not self.held_space and body[0].isalnum():
            self.held_space = self.gap
        lead = "" if not self.text else self.held_space
        self.text += lead + (body if self.text else body.lstrip())
        self.held_space = piece[len(body) :]
        self.gap = ""

    def add_marker(self, marker: str) -> None:
        self.text += (self.held_space or self.gap) + marker
        self.held_space = self.gap = ""

    def drop_marker(self) -> None:
        self.gap = self.gap or self.held_space
        self.held_space = ""


class CitedTextVerifier:
    """Checks a model's answer as it streams: keeps supported `[n]` markers (renumbered, each
    resolved to the exact supporting span of its passage) and removes the rest."""

    def __init__(self, evidence: Evidence) -> None:
        self.evidence = evidence
        self.citations: list[Citation] = []
        self.removed = 0
        self.verdict = ""
        self._by_span: dict[tuple[str, int, int], Citation] = {}
        self._relevance: dict[int, list[float]] = {}
        self._raw = ""  # everything received, to recognise the opening before any output
        self._started = False
        self._pending = ""
        self._claim = ""  # text since the last marker
        self._last_claim = ""
        self._out = _Output()
        self._sent = 0  # characters of output already handed out

    def feed(self, piece: str) -> str:
        """Take the next raw piece; return the verified text that is now safe to show."""
        if not self._started:
            self._raw += piece
            piece = self._opening(final=False)
            if not self._started:
                return ""
        self._pending += piece
        self._process(final=False)
        return self._take()

    def finish(self) -> str:
        """The model is done: flush what was held back and return it."""
        if not self._started:
            self._pending = self._opening(final=True)
        self._process(final=True)
        return self._take()

    def answer(self) -> Answer | None:
        """The verified answer, or None when it is not grounded (see `verdict`)."""
        text = self._out.text.strip()
        if self._raw.lstrip().startswith(NOT_IN_PASSAGES):
            self.verdict = "the model says the passages do not hold the answer"
            return None
        if not self.citations:
            self.verdict = f"no supported citation ({self.removed} marker(s) removed)"
            return None
        answer = Answer(
            answer=text,
            answerable=True,
            citations=self.citations,
            query=self.evidence.question.query,
        )
        try:  # holds by construction; checked because a wrong citation must never get out
            check_citations(answer, {a: x.text for a, x in self.evidence.corpus.articles.items()})
        except CitationError as exc:
            self.verdict = f"citation check failed: {exc}"
            log.error("LLM answer failed the citation check: %s", exc)
            return None
        return answer

    # --- internals ---------------------------------------------------------------------------
    def _opening(self, final: bool) -> str:
        """Hold output until the start of the reply is known not to be the NOT_IN_PASSAGES reply
        or a reasoning model's `<think>` block (dropped); return the text to verify."""
        raw = self._raw.lstrip()
        if raw.startswith(_THINK_OPEN):
            end = raw.find(_THINK_CLOSE)
            if end < 0:
                return ""  # still thinking (or never stopped: nothing to show)
            self._raw = raw = raw[end + len(_THINK_CLOSE) :].lstrip()
        undecided = NOT_IN_PASSAGES.startswith(raw) or _THINK_OPEN.startswith(raw)
        if raw.startswith(NOT_IN_PASSAGES) or (undecided and not final):
            return ""
        self._started = True
        return raw

    def _process(self, final: bool) -> None:
        while self._pending:
            i = self._pending.find("[")
            if i < 0:
                self._add_text(self._pending)
                self._pending = ""
                break
            if i:
                self._add_text(self._pending[:i])
                self._pending = self._pending[i:]
            match = CITED.match(self._pending)
            if match:
                self._add_markers(marker_numbers(match.group(1)))
                self._pending = self._pending[match.end() :]
            elif may_become_marker(self._pending) and not final:
                break  # wait for the rest of a possible marker
            else:
                self._add_text("[")
                self._pending = self._pending[1:]

    def _add_text(self, text: str) -> None:
        text = text.replace(NOT_IN_PASSAGES, "")
        self._claim += text
        self._out.add_text(text)

    def _add_markers(self, numbers: list[int]) -> None:
        claim = claim_of(self._claim) or self._last_claim
        kept: list[int] = []
        for n in numbers:
            citation = self._cite(n, claim) if claim else None
            if citation is None:
                self.removed += 1
            elif citation.n not in kept:
                kept.append(citation.n)
        if kept:
            self._out.add_marker("".join(f"[{n}]" for n in kept))
        else:
            self._out.drop_marker()
        if claim:
            self._last_claim = claim
        self._claim = ""

    def _cite(self, n: int, claim: str) -> Citation | None:
        """The citation for passage n supporting `claim`, or None (no such passage, or it does
        not support the claim). The same span cited twice keeps one number."""
        if not 1 <= n <= len(self.evidence.chunks):
            return None
        corpus = self.evidence.corpus
        chunk = self.evidence.chunks[n - 1].chunk
        article = corpus.articles[chunk.article_id]
        sentences = corpus.sentences_of(chunk)
        support = supporting_span(
            claim, sentences, article.text, corpus.bm25.idf, self._relevance_of(n, sentences)
        )
        if support is None:
            return None
        key = (article.id, support.start, support.end)
        if key not in self._by_span:
            citation = Citation(
                n=len(self.citations) + 1,
                source=article.id,
                title=article.title,
                chunk_id=chunk.id,
                quote=support.quote,
                start=support.start,
                end=support.end,
                score=support.score,
            )
            self.citations.append(citation)
            self._by_span[key] = citation
        return self._by_span[key]

    def _relevance_of(self, n: int, sentences: list) -> list[float]:
        """Each sentence's best similarity to the question's parts (stored vectors, no model)."""
        if n not in self._relevance:
            corpus = self.evidence.corpus
            vectors = np.asarray(self.evidence.vectors)
            self._relevance[n] = [
                float(np.max(vectors @ corpus.sentence_vector(s))) if len(vectors) else 0.0
                for s in sentences
            ]
        return self._relevance[n]

    def _take(self) -> str:
        if not self.citations:  # nothing is shown before the answer is known to be grounded
            return ""
        text = self._out.text[self._sent :]
        self._sent = len(self._out.text)
        return text
