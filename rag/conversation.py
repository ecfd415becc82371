"""Follow-up resolution: a question that leans on the conversation borrows its context."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.answering.question_types import (
    RESPONSE_TERMS,
    name_him_or_her,
    name_the_object,
    name_the_subject,
    named_in_answer,
    object_pronoun,
    people_in,
    people_named,
    referent,
    subject_pronoun,
)
from rag.models import Message
from rag.text import terms, words

ANAPHORS = frozenset(
    "he she it they him her his hers its their theirs them this that these those there then"  # noqa: SIM905
    " former latter".split()
)
_CONTINUATIONS = re.compile(r"^\s*(and|what about|how about|also|and what|why|when|where)\b", re.I)
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:[A-Z][a-z]+|[A-Z]\.))*")
_MARKER = re.compile(r"\s*\[\d+\]")


@dataclass(frozen=True)
class ResolvedQuestion:
    question: str  # as asked, with the person "he" or "she" stands for named (`referent`)
    context: str  # words borrowed from the conversation ('' when self-contained)
    told: str = ""  # the answer the question follows up, which it asks beyond ('' if none)
    asked_before: str = ""  # the question that answer answered ('' if none)
    about: str = ""  # the words naming the story it is asked of, taken out of `question`

    @property
    def search_text(self) -> str:
        return f"{self.question} {self.context}".strip()

    @property
    def query(self) -> str:
        """What was searched, as an answer reports it: with the story it was asked of."""
        return " ".join(f"{self.question} {self.about} {self.context}".split())


def resolve(
    question: str,
    history: Sequence[Message],
    pronoun_of: Callable[[str], str | None] = lambda _name: None,
) -> ResolvedQuestion:
    """`pronoun_of` says whether the articles call a person "he" or "she" (None: unknown), so
    "How did she respond?" after "Who did Landry write to?" is not taken for Landry's act."""
    question = " ".join(question.split())
    if not history or not _leans_on_context(question):
        return ResolvedQuestion(question, "")
    last_user = next((m.content for m in reversed(history) if m.role == "user"), "")
    last_answer = next((m.content for m in reversed(history) if m.role == "assistant"), "")
    told = _MARKER.sub("", last_answer).strip()
    names = [n for n in _NAME.findall(told) if len(n) > 3][:6]
    context = " ".join(dict.fromkeys([last_user.strip(), *names]))
    name = _referent_of(history)
    said = subject_pronoun(question)
    passed_over = None  # the one the conversation is about, whom "he" or "she" cannot be
    if name and said in ("he", "she"):
        if pronoun_of(name) not in (None, said):  # "Who did Landry write to?" "Did she answer?"
            passed_over = name
            other = named_in_answer(told, last_user)
            if other and other.lower() in people_named(told) and pronoun_of(other) in (None, said):
                name = other
            else:  # "What did Landry ask Loretta Lynch?" "He asked her …" "Did she answer?"
                others = [
                    p
                    for p in people_in(f"{last_user} {told}")
                    if p != name and pronoun_of(p) in (None, said)
                ]
                name = others[0] if len(others) == 1 else name
        elif pronoun_of(name) is None and object_pronoun(question) not in (None, said):
            # "How long did he give her to respond?" after "Landry's letter: who was it to?"
            # and "Loretta Lynch": two people, and he is the one the articles call "he".
            surnames = [n.split()[-1] for n in _NAME.findall(f"{last_user} {told}")]
            known = [w for w in surnames if w != name and pronoun_of(w) == said]
            if known:
                passed_over, name = name, known[0]
        question = name_him_or_her(question, name, pronoun_of(name))  # "What did Harrison say?"
    # "How did the mayor hit back at him?": with no "he" asked about, him is the one the
    # conversation is about (Vitter); else the one "he" is, is not him.
    he_or_she_asked = said in ("he", "she")
    first = [name] if name and not he_or_she_asked else []
    if passed_over and passed_over != name:  # "Did she answer him?": him is Landry
        first = [passed_over]
    question = _name_whom_it_asks_about(
        question, first, history, pronoun_of, name if he_or_she_asked else None
    )
    return ResolvedQuestion(question, context[:1000], told[:2000], last_user.strip()[:1000])


def _name_whom_it_asks_about(
    question: str,
    first: list[str],
    history: Sequence[Message],
    pronoun_of: Callable[[str], str | None],
    subject: str | None = None,
) -> str:
    """ "How long did he give her to answer?" after "Who did Landry write to?" and "Loretta
    Lynch": "her" is the one the conversation is about (`first`) or else the last person it
    names, other than the one "he" is (`subject`), whom the articles do not call otherwise;
    unchanged when no one is."""
    wanted = object_pronoun(question)
    if not wanted:
        return question
    named = (p for m in reversed(history) for p in people_in(_MARKER.sub("", m.content)))
    for person in (*first, *named):
        if person != subject and person not in question and pronoun_of(person) in (None, wanted):
            return name_the_object(question, person)
    return question


def _referent_of(history: Sequence[Message]) -> str | None:
    """Whom "he" or "she" means after this conversation (`referent`), carried through turns
    that say "he" again: after "Who is the NOPD superintendent?" and "What has he said?", still
    Harrison."""
    name = None
    asked = ""
    for message in history:
        if message.role == "user":
            asked = " ".join(message.content.split())
        elif asked:
            said = _MARKER.sub("", message.content).strip()
            named = name_the_subject(asked, name) if name else asked
            name = referent(named, said) or (name if named != asked else None)
            asked = ""
    return name


def leans_on_first_part(part: str, first: str) -> bool:
    """A later part of a two-part question that cannot stand alone: it says "he" or "it", or
    names no more than one thing the first part does not ("…, and on what day?", "… and what
    did he say", read "what did Landrieu say" after a first part about Landrieu; "…, and how did
    Landrieu react?", to what the first part asks about)."""
    if any(w in ANAPHORS for w in words(part)):
        return True
    return len(set(terms(part)) - set(terms(first)) - RESPONSE_TERMS) <= 1


def _leans_on_context(question: str) -> bool:
    ws = words(question)
    return (
        any(w in ANAPHORS for w in ws)
        or len(terms(question)) <= 2
        or bool(_CONTINUATIONS.match(question) and len(ws) <= 6)
    )
