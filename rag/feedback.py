"""Feedback on answers: which answers users found helpful, kept to grow the eval set.

Shells (Slack today) save each answer they show with feedback buttons, then record clicks on it.
The store is one SQLite file under `Settings.data_dir`; it knows nothing of Slack.
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Literal

from pydantic import BaseModel, Field

from rag.config import Settings
from rag.models import Answer, Message
from rag.text import STOPWORDS

Verdict = Literal["helpful", "not_helpful"]
VERDICTS: tuple[Verdict, ...] = ("helpful", "not_helpful")
FILE_NAME = "feedback.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    history TEXT NOT NULL,
    answer TEXT NOT NULL,
    origin TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    answer_id TEXT NOT NULL REFERENCES answers(id),
    user TEXT NOT NULL,
    verdict TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (answer_id, user)
);
"""


class UnknownAnswerError(LookupError):
    """Feedback for an answer the store never saw (e.g. the data dir was wiped)."""


class FeedbackRecord(BaseModel):
    """One user's verdict on one answer, with everything needed to judge it later."""

    answer_id: str
    question: str
    history: list[Message] = Field(default_factory=list)
    answer: Answer
    verdict: Verdict
    user: str
    time: datetime
    origin: dict[str, Any] = Field(default_factory=dict, description="Where it was asked.")


class FeedbackStore:
    """Thread-safe: each call opens its own connection (SQLite serialises the writers)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(_SCHEMA)

    @classmethod
    def from_settings(cls, settings: Settings) -> FeedbackStore:
        return cls(Path(settings.data_dir) / FILE_NAME)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:  # commits, or rolls back on error
                yield db
        finally:
            db.close()

    def save_answer(
        self,
        question: str,
        answer: Answer,
        history: Sequence[Message] = (),
        origin: dict[str, Any] | None = None,
    ) -> str:
        """Keep an answer users may give feedback on; returns its id."""
        answer_id = uuid.uuid4().hex
        with self._connect() as db:
            db.execute(
                "INSERT INTO answers (id, created_at, question, history, answer, origin)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    answer_id,
                    _now(),
                    question,
                    json.dumps([m.model_dump() for m in history], ensure_ascii=False),
                    answer.model_dump_json(),
                    json.dumps(origin or {}, ensure_ascii=False),
                ),
            )
        return answer_id

    def record(self, answer_id: str, verdict: Verdict, user: str) -> FeedbackRecord:
        """Record a user's verdict; a later click by the same user replaces the earlier one."""
        if verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
        with self._connect() as db:
            if db.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone() is None:
                raise UnknownAnswerError(f"no saved answer with id {answer_id!r}")
            db.execute(
                "INSERT INTO feedback (answer_id, user, verdict, created_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (answer_id, user)"
                " DO UPDATE SET verdict = excluded.verdict, created_at = excluded.created_at",
                (answer_id, user, verdict, _now()),
            )
        return self._select("f.answer_id = ? AND f.user = ?", (answer_id, user))[0]

    def records(self, verdict: Verdict | None = None) -> list[FeedbackRecord]:
        """Every recorded verdict (or only those given), oldest first."""
        if verdict is None:
            return self._select("1", ())
        return self._select("f.verdict = ?", (verdict,))

    def _select(self, where: str, params: tuple[str, ...]) -> list[FeedbackRecord]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT a.id, a.question, a.history, a.answer, a.origin, f.verdict, f.user,"
                f" f.created_at FROM feedback f JOIN answers a ON a.id = f.answer_id WHERE {where}"
                " ORDER BY f.created_at, a.id, f.user",
                params,
            ).fetchall()
        return [
            FeedbackRecord(
                answer_id=answer_id,
                question=question,
                history=json.loads(history),
                answer=Answer.model_validate_json(answer),
                origin=json.loads(origin),
                verdict=verdict_,
                user=user,
                time=datetime.fromisoformat(created_at),
            )
            for answer_id, question, history, answer, origin, verdict_, user, created_at in rows
        ]

    def eval_candidates(self, verdict: Verdict | None = None) -> list[dict[str, Any]]:
        """Rows in the eval-dataset format (see CONTRACT.md), one per distinct question.

        An answer's verdict is its users' majority (a tie counts as not helpful: a disputed
        answer needs review). A helpful answer becomes the reference answer, its cited articles
        the sources, and the names and numbers it shares with its passages draft `key_facts`.
        A not-helpful row leaves them empty and says `answerable: true`, so the dataset loader
        rejects it until a curator fills them in (or sets `answerable: false`). `needs_review`
        marks such rows; the bot's answer and the votes ride along under `feedback`.
        """
        by_answer: dict[str, list[FeedbackRecord]] = {}
        for r in self.records():
            by_answer.setdefault(r.answer_id, []).append(r)
        rows: dict[str, dict[str, Any]] = {}  # keyed by the question in context: latest wins
        for votes in sorted(by_answer.values(), key=lambda vs: max(v.time for v in vs)):
            first = votes[0]
            helpful = sum(v.verdict == "helpful" for v in votes)
            verdict_: Verdict = "helpful" if helpful > len(votes) - helpful else "not_helpful"
            if verdict is not None and verdict_ != verdict:
                continue
            answer = first.answer
            good = verdict_ == "helpful"
            key_facts = draft_key_facts(answer) if good and answer.answerable else []
            history = [m.model_dump() for m in first.history]
            key = json.dumps([" ".join(first.question.casefold().split()), history])
            rows.pop(key, None)  # re-insert so the file stays in time order
            rows[key] = {
                "id": f"fb-{first.answer_id[:12]}",
                "question": first.question,
                "history": history,
                "reference_answer": answer.answer if good else "",
                "sources": list(dict.fromkeys(c.source for c in answer.citations)) if good else [],
                "key_facts": key_facts,
                "answerable": answer.answerable if good else True,
                "needs_review": not good or (answer.answerable and not key_facts),
                "feedback": {
                    "verdict": verdict_,
                    "helpful": helpful,
                    "not_helpful": len(votes) - helpful,
                    "users": [v.user for v in votes],
                    "time": max(v.time for v in votes).isoformat(),
                    "answer": answer.answer,
                    "citations": [c.model_dump() for c in answer.citations],
                    "origin": first.origin,
                },
            }
        return list(rows.values())

    def export_jsonl(self, out: IO[str], verdict: Verdict | None = None) -> int:
        """Write eval-dataset candidates as JSON Lines; returns how many rows were written."""
        rows = self.eval_candidates(verdict)
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return len(rows)


_MARKER = re.compile(r"\s*\[\d+\]")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
_NUMBER = re.compile(r"\b\d[\d,.]*\d\b")


def draft_key_facts(answer: Answer, limit: int = 3) -> list[list[str]]:
    """Names and numbers the answer states that its cited passages also hold, as key-fact groups.

    A starting point for a curator: `[["Mitch Landrieu", "Landrieu"], ["2013"]]`.
    """
    text = _MARKER.sub("", answer.answer)
    quotes = " ".join(c.quote for c in answer.citations).casefold()
    groups: list[list[str]] = []
    seen: set[str] = set()
    candidates = [m.group().split() for m in _NAME.finditer(text)]
    candidates += [[m.group()] for m in _NUMBER.finditer(text)]
    for words in candidates:
        while words and words[0].casefold() in STOPWORDS:  # "The", "He" opening a sentence
            words = words[1:]
        phrase = " ".join(words)
        if not phrase or phrase.casefold() in seen:
            continue
        alternatives = list(dict.fromkeys([phrase, words[-1]] if len(words) > 1 else [phrase]))
        alternatives = [a for a in alternatives if len(a) > 3 and a.casefold() in quotes]
        if alternatives:
            seen.add(phrase.casefold())
            groups.append(alternatives)
        if len(groups) == limit:
            break
    return groups


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")
