"""Running a dataset: follow-ups after the written history, or after the bot's own answers."""

from __future__ import annotations

from collections.abc import Sequence

from evals.runner import replay
from rag.models import Answer, Message


class RecordingTarget:
    """Answers "answer to <question>" and records what it was asked, with which history."""

    label = "recording"

    def __init__(self) -> None:
        self.asked: list[tuple[str, list[Message]]] = []

    def answer(self, question: str, history: Sequence[Message]) -> tuple[Answer, float]:
        self.asked.append((question, list(history)))
        return Answer(answer=f"answer to {question}", answerable=True, citations=[]), 1.0


def test_replay_puts_the_targets_own_answers_in_the_history() -> None:
    written = [
        Message(role="user", content="Who is the sheriff?"),
        Message(role="assistant", content="Marlin Gusman (written by the dataset's author)."),
        Message(role="user", content="What policy did he adopt?"),
        Message(role="assistant", content="A detainer policy (written)."),
    ]
    target = RecordingTarget()
    replayed = replay(written, target)
    assert [m.role for m in replayed] == ["user", "assistant", "user", "assistant"]
    assert replayed[1].content == "answer to Who is the sheriff?"
    assert replayed[3].content == "answer to What policy did he adopt?"
    # Each question was asked with the conversation as replayed so far, as a user would ask it.
    assert target.asked == [
        ("Who is the sheriff?", []),
        ("What policy did he adopt?", replayed[:2]),
    ]


def test_replay_leaves_a_history_without_questions_to_answer_as_it_is() -> None:
    target = RecordingTarget()
    assert replay([], target) == []
    lone = [Message(role="assistant", content="Hello.")]
    assert replay(lone, target) == lone
    assert target.asked == []
