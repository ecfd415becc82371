"""The feedback store: answers kept, verdicts recorded, eval-dataset candidates exported."""

from __future__ import annotations

import io
import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rag.config import Settings
from rag.feedback import FILE_NAME, FeedbackStore, UnknownAnswerError, draft_key_facts
from rag.models import Answer, Citation, Message

QUOTE = (
    "U.S. Sen. David Vitter criticized Mayor Mitch Landrieu and Orleans Parish Sheriff "
    "Marlin Gusman over the rules in 2015."
)
ANSWER = Answer(
    answer="Sen. David Vitter criticized Mayor Mitch Landrieu over the rules in 2015 [1].",
    answerable=True,
    citations=[
        Citation(
            n=1,
            source="000_2477b5660bd2b30f",
            title="Vitter, Landrieu spar",
            chunk_id="000_2477b5660bd2b30f:0",
            quote=QUOTE,
            start=10,
            end=10 + len(QUOTE),
            score=0.83,
        )
    ],
)
HISTORY = [
    Message(role="user", content="Who is the mayor?"),
    Message(role="assistant", content="Landrieu."),
]


@pytest.fixture
def store(tmp_path: Path) -> FeedbackStore:
    return FeedbackStore(tmp_path / "data" / FILE_NAME)


def test_a_verdict_is_recorded_with_question_answer_citations_user_and_time(
    store: FeedbackStore,
) -> None:
    answer_id = store.save_answer("Who criticized him?", ANSWER, HISTORY, {"channel": "C1"})
    before = datetime.now(UTC)
    record = store.record(answer_id, "helpful", "UALICE")
    assert record.question == "Who criticized him?"
    assert record.history == HISTORY
    assert record.answer == ANSWER  # citations, offsets and scores included
    assert (record.verdict, record.user, record.origin) == ("helpful", "UALICE", {"channel": "C1"})
    assert before - timedelta(seconds=1) <= record.time <= datetime.now(UTC)
    assert store.records() == [record]


def test_the_store_lives_in_the_data_dir_and_survives_reopening(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path / "d", chroma_url=None)
    store = FeedbackStore.from_settings(settings)
    answer_id = store.save_answer("q?", ANSWER)
    store.record(answer_id, "not_helpful", "UBOB")
    assert (tmp_path / "d" / "feedback.sqlite3").is_file()
    assert FeedbackStore.from_settings(settings).records()[0].verdict == "not_helpful"


def test_a_user_changing_their_mind_replaces_their_verdict(store: FeedbackStore) -> None:
    answer_id = store.save_answer("q?", ANSWER)
    store.record(answer_id, "helpful", "UALICE")
    store.record(answer_id, "not_helpful", "UALICE")
    store.record(answer_id, "helpful", "UBOB")
    assert [(r.user, r.verdict) for r in store.records()] == [
        ("UALICE", "not_helpful"),
        ("UBOB", "helpful"),
    ]
    assert [r.user for r in store.records("helpful")] == ["UBOB"]


def test_unknown_answers_and_verdicts_are_refused(store: FeedbackStore) -> None:
    with pytest.raises(UnknownAnswerError):
        store.record("nope", "helpful", "UALICE")
    answer_id = store.save_answer("q?", ANSWER)
    with pytest.raises(ValueError, match="verdict must be one of"):
        store.record(answer_id, "meh", "UALICE")  # type: ignore[arg-type]
    assert store.records() == []


def test_concurrent_writers_lose_nothing(store: FeedbackStore) -> None:
    ids = [store.save_answer(f"q{i}?", ANSWER) for i in range(20)]
    threads = [
        threading.Thread(target=store.record, args=(answer_id, "helpful", f"U{i}"))
        for i, answer_id in enumerate(ids)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.records()) == 20


def export(store: FeedbackStore, verdict: str | None = None) -> list[dict]:
    out = io.StringIO()
    count = store.export_jsonl(out, verdict)  # type: ignore[arg-type]
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert count == len(rows)
    return rows


def test_a_helpful_answer_exports_as_a_ready_eval_row(store: FeedbackStore) -> None:
    answer_id = store.save_answer("Who criticized him?", ANSWER, HISTORY, {"channel": "C1"})
    store.record(answer_id, "helpful", "UALICE")
    [row] = export(store)
    assert row["id"] == f"fb-{answer_id[:12]}"
    assert row["question"] == "Who criticized him?"
    assert row["history"] == [m.model_dump() for m in HISTORY]
    assert row["reference_answer"] == ANSWER.answer
    assert row["sources"] == ["000_2477b5660bd2b30f"]
    assert row["key_facts"] == [
        ["David Vitter", "Vitter"],
        ["Mayor Mitch Landrieu", "Landrieu"],
        ["2015"],
    ]
    assert row["answerable"] is True and row["needs_review"] is False
    assert row["feedback"]["verdict"] == "helpful"
    assert row["feedback"]["citations"][0]["quote"] == QUOTE
    assert row["feedback"]["origin"] == {"channel": "C1"}


def test_a_not_helpful_answer_exports_as_a_row_to_review(store: FeedbackStore) -> None:
    answer_id = store.save_answer("Who criticized him?", ANSWER)
    store.record(answer_id, "not_helpful", "UALICE")
    [row] = export(store, "not_helpful")
    assert (row["reference_answer"], row["sources"], row["key_facts"]) == ("", [], [])
    assert row["answerable"] is True and row["needs_review"] is True
    assert row["feedback"]["answer"] == ANSWER.answer
    assert export(store, "helpful") == []


def test_the_majority_decides_and_a_tie_needs_review(store: FeedbackStore) -> None:
    majority = store.save_answer("First?", ANSWER)
    for user, verdict in [("U1", "helpful"), ("U2", "helpful"), ("U3", "not_helpful")]:
        store.record(majority, verdict, user)  # type: ignore[arg-type]
    tie = store.save_answer("Second?", ANSWER)
    store.record(tie, "helpful", "U1")
    store.record(tie, "not_helpful", "U2")
    rows = {r["question"]: r["feedback"] for r in export(store)}
    assert rows["First?"]["verdict"] == "helpful"
    assert (rows["First?"]["helpful"], rows["First?"]["not_helpful"]) == (2, 1)
    assert rows["Second?"]["verdict"] == "not_helpful"


def test_the_same_question_exports_once_with_its_latest_answer(store: FeedbackStore) -> None:
    old = store.save_answer("Who  criticized him?", ANSWER)
    store.record(old, "not_helpful", "U1")
    new = store.save_answer("who criticized him?", ANSWER)
    store.record(new, "helpful", "U2")
    other_context = store.save_answer("Who criticized him?", ANSWER, HISTORY)
    store.record(other_context, "helpful", "U3")
    rows = export(store)
    assert [r["id"] for r in rows] == [f"fb-{new[:12]}", f"fb-{other_context[:12]}"]


def test_exported_rows_load_as_an_eval_dataset(store: FeedbackStore, tmp_path: Path) -> None:
    dataset = pytest.importorskip("evals.dataset")
    answer_id = store.save_answer("Who criticized him?", ANSWER, HISTORY)
    store.record(answer_id, "helpful", "UALICE")
    path = tmp_path / "candidates.jsonl"
    with path.open("w", encoding="utf-8") as f:
        store.export_jsonl(f, "helpful")
    [row] = dataset.load_dataset(path)
    assert row.sources == ["000_2477b5660bd2b30f"] and row.answerable


def test_key_facts_are_drafted_only_from_what_the_passages_say() -> None:
    unsupported = ANSWER.model_copy(update={"answer": "The Governor met Bobby Jindal in 1999 [1]."})
    assert draft_key_facts(unsupported) == []
    assert draft_key_facts(ANSWER, limit=1) == [["David Vitter", "Vitter"]]
