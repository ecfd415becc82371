"""An in-memory, read-only view of the committed store: texts, sentence vectors and BM25.

Built once from Chroma and swapped whole when the store's revision changes, so a reader never
sees half an ingest, and BM25 always indexes exactly the chunks Chroma holds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from functools import cache, cached_property

import numpy as np
from threadpoolctl import ThreadpoolController

from rag.acronyms import expand, learn_acronyms, learn_titled, spelled_out
from rag.answering.authorship import credits_writer
from rag.answering.question_types import learn_pronouns
from rag.bm25 import BM25Index
from rag.casing import learn_capitals, restore_capitals
from rag.embeddings import DIMENSIONS
from rag.sentences import Span
from rag.shorthand import spell_out
from rag.spelling import Vocabulary, correct_slips
from rag.store import ChunkStore, StoredArticle, StoredChunk
from rag.text import stem, terms


@dataclass(frozen=True)
class Sentence:
    article_id: str
    start: int
    end: int
    text: str


# What people call a thing the articles name otherwise: a policy is "the rule" in a question
# ("why did the sheriff make his rule?"). Stems; only the singular, since "rules" shares its stem
# with "ruling", which a court hands down.
_EVERYDAY_WORDS = {"policy": frozenset({"rule"})}

# How many sentences of an article, after its credits, are its lead: what a reader names a story
# by ("the Vitter piece", "the story on Landry's letter").
_LEAD_SENTENCES = 4
# Words of a story's description that tell nothing of which story: "the connecticut-headline
# piece", "the developing story".
_ABOUT_STORIES = frozenset({"headlin", "stori", "piec", "articl", "develop", "latest", "new"})

# "the police chief", "the Orleans Parish sheriff": a title after "the", with up to three words.
_THE_TITLED = re.compile(r"\bthe\s+((?:[\w'’.-]+\s+){0,3}[\w'’.-]+)")


class Corpus:
    def __init__(self, store: ChunkStore, chunk_vectors: bool = False) -> None:
        """`chunk_vectors` also loads every chunk's vector, for `nearest_chunks`."""
        self.revision = store.revision()
        articles = store.all_articles()
        self.articles: dict[str, StoredArticle] = {a.id: a for a in articles}
        committed = {a.id: a.content_hash for a in articles}
        self._chunk_matrix: np.ndarray | None = None
        if chunk_vectors:
            chunks, self._chunk_matrix = store.committed_chunks_with_vectors(committed)
        else:
            chunks = store.committed_chunks(committed)
        self._chunk_ids = [c.id for c in chunks]
        self.bm25 = BM25Index(self._chunk_ids, [c.text for c in chunks])
        self._zero = np.zeros(DIMENSIONS, dtype=np.float32)
        # Each article's sentences in order, the first chunk holding each, and its vector.
        self._chunk_of: dict[tuple[str, int, int], str] = {}
        vector_of: dict[tuple[str, int, int], np.ndarray] = {}
        spans: dict[str, set[Span]] = {}
        for c in sorted(chunks, key=lambda c: (c.article_id, c.start)):
            for i, span in enumerate(c.sentences):
                key = (c.article_id, span.start, span.end)
                if key not in self._chunk_of:
                    self._chunk_of[key] = c.id
                    spans.setdefault(c.article_id, set()).add(span)
                if c.sentence_vectors is not None and key not in vector_of:
                    vector_of[key] = c.sentence_vectors[i]
        self._ordered = {a: sorted(v, key=lambda s: s.start) for a, v in spans.items()}
        # One matrix row per sentence, each article's rows together and in text order.
        self._first_row: dict[str, int] = {}
        rows: list[np.ndarray] = []
        for a, ordered in self._ordered.items():
            self._first_row[a] = len(rows)
            rows += [vector_of.get((a, s.start, s.end), self._zero) for s in ordered]
        self._sentence_matrix = (
            np.stack(rows) if rows else np.zeros((0, DIMENSIONS), dtype=np.float32)
        )
        self._has_vector = self._sentence_matrix.any(axis=1)  # none stored: never "nearest"
        del vector_of
        # The matrix holds the sentence vectors now; chunks keep only their text and offsets.
        self.chunks: dict[str, StoredChunk] = {
            c.id: replace(c, sentence_vectors=None) for c in chunks
        }
        self.acronyms, self._initials = learn_acronyms(a.text for a in articles)
        titles, mentions = learn_titled(a.text for a in articles)
        self._titles = {name: frozenset(stem(t) for t in found) for name, found in titles.items()}
        # The words each titled mention puts before the title, acronyms spelled out ("NOPD").
        self._titled_terms = {
            name: [frozenset(terms(expand(m, self.acronyms))) for m in found]
            for name, found in mentions.items()
        }
        self._holders: dict[str, list[str]] = {}
        for name, titles in self._titles.items():
            for title in titles:
                self._holders.setdefault(title, []).append(name)
        self._capitals = learn_capitals(a.text for a in articles)
        self._pronouns = learn_pronouns(
            [self.articles[a].text[s.start : s.end] for s in ordered]
            for a, ordered in self._ordered.items()
        )
        self._terms: dict[tuple[str, int, int], frozenset[str]] = {}
        self._article_terms: dict[str, frozenset[str]] = {}
        self._position = {
            (a, s.start, s.end): i
            for a, ordered in self._ordered.items()
            for i, s in enumerate(ordered)
        }

    def acronyms_for(self, text: str) -> dict[str, str]:
        """phrase -> acronym: every acronym the articles use, and each acronym of the text that
        no article uses but whose letters the articles clearly give a phrase ("DHS")."""
        extra = spelled_out(text, self._initials, self.uses)
        return {**self.acronyms, **extra} if extra else self.acronyms

    def with_capitals(self, text: str) -> str:
        """The text with the capitals the articles give its lower-case names ("kenney")."""
        return restore_capitals(text, self._capitals, self.titles_of)

    def typed_out(self, text: str) -> str:
        """The text as if typed with care: its chat shorthand spelled out ("r" -> "are",
        `spell_out`), its spelling slips corrected ("sherrif" -> "sheriff", `correct_slips`)
        and its names capitalised (`with_capitals`)."""
        spelled = correct_slips(spell_out(text, self.uses), self.uses, lambda: self._vocabulary)
        return self.with_capitals(spelled)

    @cached_property
    def _vocabulary(self) -> Vocabulary:
        """The articles' words, for `correct_slips` (built on the first question that needs it)."""
        return Vocabulary(a.text for a in self.articles.values())

    def pronoun_of(self, surname: str) -> str | None:
        """ "he" or "she", as the articles refer to the person ("Landry" -> "he"); None when
        they do not say (`learn_pronouns`)."""
        return self._pronouns.get(surname)

    def uses(self, word: str) -> bool:
        """Whether any article uses the word (lowercase), as it is or stemmed."""
        return self.bm25.contains(word) or self.bm25.contains(stem(word))

    def __len__(self) -> int:
        return len(self.chunks)

    @property
    def has_chunk_vectors(self) -> bool:
        return self._chunk_matrix is not None

    def nearest_chunks(
        self, vector: np.ndarray, n: int, within: Collection[str] | None = None
    ) -> list[tuple[str, float]]:
        """The n chunks nearest the unit vector by cosine similarity, compared with every chunk
        (of the `within` articles, when given): exact where an approximate index can miss (3.5
        ms for 23,000 chunks)."""
        if self._chunk_matrix is None:
            raise RuntimeError("this snapshot was loaded without chunk vectors")
        rows = np.arange(len(self._chunk_ids))
        if within is not None:
            rows = np.fromiter((i for a in within for i in self._chunk_rows.get(a, ())), np.intp)
        n = min(n, len(rows))
        if n <= 0:
            return []
        # On one BLAS thread: OpenBLAS's second thread spins after the product and, on two
        # cores, doubled the next question embedding (onnxruntime's threads spin too).
        with _blas().limit(limits=1, user_api="blas"):
            matrix = self._chunk_matrix if within is None else self._chunk_matrix[rows]
            similarity = matrix @ np.asarray(vector, dtype=np.float32)
        top = np.argpartition(-similarity, n - 1)[:n]
        top = top[np.argsort(-similarity[top], kind="stable")]
        return [(self._chunk_ids[rows[i]], float(similarity[i])) for i in top]

    @cached_property
    def _chunk_rows(self) -> dict[str, list[int]]:
        """article id -> the rows of its chunks in the chunk matrix."""
        rows: dict[str, list[int]] = {}
        for i, cid in enumerate(self._chunk_ids):
            rows.setdefault(self.chunks[cid].article_id, []).append(i)
        return rows

    def sentences_of(self, chunk: StoredChunk) -> list[Sentence]:
        text = self.articles[chunk.article_id].text
        return [
            Sentence(chunk.article_id, s.start, s.end, text[s.start : s.end])
            for s in chunk.sentences
        ]

    def article_sentences(self, article_id: str) -> list[Sentence]:
        """The article's sentences in text order."""
        text = self.articles[article_id].text
        return [
            Sentence(article_id, s.start, s.end, text[s.start : s.end])
            for s in self._ordered.get(article_id, [])
        ]

    def place_of(self, sentence: Sentence) -> tuple[int, int]:
        """Where the sentence stands in its article: its index, and the article's sentence
        count."""
        i = self._position[(sentence.article_id, sentence.start, sentence.end)]
        return i, len(self._ordered[sentence.article_id])

    def __contains__(self, key: tuple[str, int, int]) -> bool:
        return key in self._chunk_of

    def sentence_at(self, article_id: str, start: int, end: int) -> Sentence:
        return Sentence(article_id, start, end, self.articles[article_id].text[start:end])

    @property
    def sentence_count(self) -> int:
        return len(self._chunk_of)

    def terms_of(self, sentence: Sentence) -> frozenset[str]:
        key = (sentence.article_id, sentence.start, sentence.end)
        found = self._terms.get(key)
        if found is None:
            found = self._terms[key] = self._with_titles(terms(sentence.text))
        return found

    def terms_of_article(self, article_id: str) -> frozenset[str]:
        """Every term the article uses, its people's titles included."""
        found = self._article_terms.get(article_id)
        if found is None:
            found = self._article_terms[article_id] = self._with_titles(
                terms(self.articles[article_id].text)
            )
        return found

    def titles_of(self, name: str) -> frozenset[str]:
        """The stemmed titles the articles give a person, by surname ("harrison" -> chief,
        superintendent)."""
        return self._titles.get(name.lower(), frozenset())

    def holder_of(self, title: str) -> str | None:
        """The surname of the one person the articles give this title ("sheriff" -> "gusman"),
        None when they give it no one or several."""
        holders = self._holders.get(stem(title.lower()), ())
        return holders[0] if len(holders) == 1 else None

    def named_by_title(self, text: str, titles: Iterable[str]) -> list[str]:
        """The person the text first calls by one of these titles, when the articles give it
        them alone, with the words the text puts before it, and the text does not name them:
        "Who is the police chief?" -> [Harrison], as the articles call him "NOPD Chief Michael
        Harrison"; not "the fire chief", nor the mayor in "the chief of staff to the mayor"."""
        lower = text.lower()
        asked = {stem(t) for t in titles}
        found: list[str] = []
        for m in _THE_TITLED.finditer(lower):
            words_before: list[str] = []
            said = m.group(1).split()
            for i, word in enumerate(said):
                holder = self.holder_of(word) if stem(word) in asked else None
                if holder:
                    another = i + 1 < len(said) and said[i + 1] == "of"  # "the chief of staff"
                    if (
                        not another
                        and holder not in lower
                        and self._titled_with(holder, words_before)
                    ):
                        found.append(holder.capitalize())
                    return found  # the first title asked about: "the chief of staff to the mayor"
                words_before.append(word)
        return found

    def _titled_with(self, surname: str, words_before: list[str]) -> bool:
        """Some article puts these words before the person's title ("police" of "NOPD Chief"
        once the acronym is spelled out)."""
        wanted = set(terms(" ".join(words_before)))
        return any(wanted <= said for said in self._titled_terms.get(surname, []))

    def _with_titles(self, found: list[str]) -> frozenset[str]:
        # A text naming Gusman is about "the sheriff" too: the articles call him that. A text on
        # a policy is on what people call "the rule".
        own = set(found)
        for name in own & self._titles.keys():
            own |= self._titles[name]
        for term in own & _EVERYDAY_WORDS.keys():
            own |= _EVERYDAY_WORDS[term]
        return frozenset(own)

    def article_described(self, description: str) -> str | None:
        """The one article whose lead holds most of what the description says ("Vitter",
        "connecticut-headline", "Landry's letter to Lynch"), and at least half of it, each word
        weighted by how few leads hold it; None when no article or more than one does."""
        weights = {}
        for term in terms(description.replace("-", " ").replace("/", " ")):
            held = self._lead_index.get(term, ())
            if term not in _ABOUT_STORIES and held:
                weights[term] = math.log(
                    1 + (len(self.articles) - len(held) + 0.5) / (len(held) + 0.5)
                )
        if not weights:
            return None
        score: dict[str, float] = {}
        for term, weight in weights.items():
            for article_id in self._lead_index[term]:
                score[article_id] = score.get(article_id, 0.0) + weight
        ranked = sorted(score.items(), key=lambda item: -item[1])
        best, best_score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if best_score <= runner_up or best_score < 0.5 * sum(weights.values()):
            return None
        return best

    @cached_property
    def _lead_index(self) -> dict[str, frozenset[str]]:
        """term -> the articles whose lead (title, then the first sentences after the
        credits) uses it (built on the first question that names a story)."""
        index: dict[str, set[str]] = {}
        for article_id in self.articles:
            sentences = self.article_sentences(article_id)
            lead = [
                s.text
                for i, s in enumerate(sentences)
                if not credits_writer(s.text, first=i < 2, last=False)
            ][:_LEAD_SENTENCES]
            for term in terms(" ".join(lead)):
                index.setdefault(term, set()).add(article_id)
        return {term: frozenset(ids) for term, ids in index.items()}

    def chunk_of(self, sentence: Sentence) -> str:
        return self._chunk_of[(sentence.article_id, sentence.start, sentence.end)]

    def sentence_before(self, sentence: Sentence) -> Sentence | None:
        return self._neighbour(sentence, -1)

    def sentence_after(self, sentence: Sentence) -> Sentence | None:
        return self._neighbour(sentence, +1)

    def _neighbour(self, sentence: Sentence, step: int) -> Sentence | None:
        i = self._position.get((sentence.article_id, sentence.start, sentence.end))
        ordered = self._ordered.get(sentence.article_id, [])
        if i is None or not 0 <= i + step < len(ordered):
            return None
        span = ordered[i + step]
        text = self.articles[sentence.article_id].text
        return Sentence(sentence.article_id, span.start, span.end, text[span.start : span.end])

    def sentence_vector(
        self, sentence: Sentence | Span, article_id: str | None = None
    ) -> np.ndarray:
        aid = article_id or sentence.article_id  # type: ignore[union-attr]
        i = self._position.get((aid, sentence.start, sentence.end))
        return self._zero if i is None else self._sentence_matrix[self._first_row[aid] + i]

    def nearest_sentences(
        self, vector: np.ndarray, n: int, article_ids: Iterable[str]
    ) -> list[tuple[Sentence, float]]:
        """The n sentences of these articles nearest the unit vector, compared with each."""
        found = [a for a in dict.fromkeys(article_ids) if a in self._first_row]
        if n <= 0 or not found:
            return []
        pool = [
            (a, i)
            for a in found
            for i in range(len(self._ordered[a]))
            if self._has_vector[self._first_row[a] + i]
        ]
        if not pool:
            return []
        rows = np.fromiter((self._first_row[a] + i for a, i in pool), np.intp, len(pool))
        with _blas().limit(limits=1, user_api="blas"):  # see nearest_chunks
            similarity = self._sentence_matrix[rows] @ np.asarray(vector, dtype=np.float32)
        n = min(n, len(pool))
        top = np.argpartition(-similarity, n - 1)[:n]
        top = top[np.argsort(-similarity[top], kind="stable")]
        out = []
        for j in top:
            article_id, i = pool[j]
            span = self._ordered[article_id][i]
            out.append((self.sentence_at(article_id, span.start, span.end), float(similarity[j])))
        return out


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()
