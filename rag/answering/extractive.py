"""The default answerer: picks the best evidence sentences and composes a cited answer.

Each sub-question gets its own evidence. Sentences from the retrieved chunks are scored by
meaning (sentence vector against question vector), by the rare question words they and their
neighbours contain, by how highly retrieval ranked their chunk, and by how much of the question
their article covers (its names above all), so that among many articles on one topic the answer
comes from the one the question is about. A sentence qualifies only if
it (with its neighbours) holds the kind of fact asked: a date for "when", a count of the things
asked about for "how many" ("300 such cities", not "1,000 new ICE officers"), a name for "who" —
one the question does not already give, next to the role asked about ("Which federal judge …?")
— a program's or bill's name for "Which program …?", and the person speaking for "How did X
respond?". A sentence about the person the question names as acting ("What did Landrieu
pledge …?") gains over one on the same words about someone else, and for "By what date …?" or
"What prompted …?" a sentence stating a deadline or a cause comes before the dated letter or the
policy itself; only a deadline stated, and set by whoever the question says set it, answers "By
what date …?". A yes-or-no question about an act ("Did the Justice Department comment …?") takes
first a sentence telling of that act by them. A follow-up asks beyond the answer it follows, so a
sentence repeating that answer is marked down; a later part leaning on the first ("…, and what
did he say") is asked of the article that answered the first; and the sentence going on from the
best ("In fact, it was drafted …") is cited with it. When nothing qualifies, or the question is
about names the articles never mention, "X's Y" where no sentence names both, or an event ("Why
did Gusman resign?", "Who beat Vitter …?") no article tells of, the answer is a refusal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

import numpy as np

from rag.acronyms import expand
from rag.answering.authorship import about_the_article, asks_author, credits_writer, story_of
from rag.answering.base import Evidence, refusal, stream_text
from rag.answering.question_types import (
    RESPONSE_TERMS,
    NamedAction,
    Wants,
    act_of_whom_asked,
    action_of_named,
    action_of_titled,
    asks_cause,
    asks_condition,
    asks_consequence,
    asks_deadline,
    asks_of_him_or_her,
    asks_precedent,
    asks_role_holder,
    asks_unit,
    counted,
    deadline_purpose,
    deadline_setter,
    does,
    ended_up_verbs,
    event_words,
    first_named,
    holds,
    introduces_person,
    is_job,
    is_yes_no,
    money_purpose,
    names_the_role,
    names_the_thing,
    names_the_titled,
    offered_choices,
    only_addressed,
    opens_with_he_or_she,
    owned_thing,
    speaks_in,
    states_cause,
    states_condition,
    states_consequence,
    states_deadline,
    states_exact_date,
    states_repetition,
    thing_of_his,
    titled_elsewhere,
    titles,
    verb_forms,
    wants,
    word_root,
)
from rag.bm25 import BM25Index
from rag.conversation import leans_on_first_part
from rag.corpus import Corpus, Sentence
from rag.models import Answer, Citation
from rag.text import STOPWORDS, normalize, stem, terms, words

# Question words that say what is asked rather than what it is about.
_QUESTION_TERMS = frozenset(
    terms(
        "name names happen happened kind type describe explain mean meaning month year date day time"
        " number amount many much long"
        # The articles themselves: "in these stories", "according to the article".
        " story stories article articles"
    )
)
# Words that only stress the question: "did he ever …", "does he still …".
_STRESS_TERMS = frozenset(terms("ever still actually really"))
_UNKNOWN_WEIGHT = 0.5
_LEADING_CONNECTIVE = re.compile(
    r"^(?:but|however|and|meanwhile|still|yet|so|in fact|beyond that)\s*,?\s+", re.I
)
_STARTS_WITH_REFERENCE = re.compile(
    r"^[\"“‘']?(?:(?:in fact|but|and|however|still|yet|also|indeed|instead|so),?\s+)?"
    r"(?:it|he|she|they|this|that|these|those|his|her|their)\b",
    re.I,
)
# "Otherwise, Landry wrote, …": what follows if not what the sentence before says.
_OTHERWISE = re.compile(r"^[\"“‘']?otherwise\b", re.I)
_CAPITALISED = re.compile(r"(?<!^)\b[A-Z][a-zA-Z]+")
_WROTE_BACK = re.compile(
    r"\b(?:write|wrote|written|call|called|hit|fire|fired|shoot|shot)\b(?:\s+\w+)?\s+back\b", re.I
)
_QUOTED = re.compile(r"[\"“]([^\"“”]{2,60})[\"”]")
_CONTEXT_WEIGHT = 0.35
W_DENSE, W_LEX, W_WINDOW = 0.5, 0.3, 0.2
W_CHUNK = 0.0
# A sentence is read in its article: one from an article that mentions fewer of the names
# (and, less so, the other words) the question uses loses this much per share missing, against
# the best-covering candidate article. It keeps an answer in the article the question is about
# when many articles on the same topic compete (measured at 1,000 articles).
W_ARTICLE_NAMES, W_ARTICLE_TERMS = 0.2, 0.1
_SECOND_SENTENCE_RATIO = 0.6
# The sentence after the best that goes on from it ("In fact, it was drafted …") is cited with
# it when it scores this share of the best.
_GOING_ON_RATIO = 0.6
# A sentence this far from the question in meaning answers nothing, whatever words it (or the
# sentence it leans on) shares with it.
_MIN_MEANING = 0.25
# A later part ("… and who co-signed it?") whose best evidence is the first part's, far ahead of
# any other (the next scores under this share of it), is answered by that evidence already.
_ANSWERED_RATIO = 0.7
_OTHER_ARTICLE_RATIO = 0.95
_NEIGHBOUR_RATIO = 0.7
_COUNT_BONUS = 0.05
_DEADLINE_BONUS = 0.1
_REPETITION_BONUS = 0.1
_CONSEQUENCE_BONUS = 0.1
_STATED_RATIO = 0.7
_DATE_KINDS = frozenset([Wants.DATE, Wants.EXACT_DATE, Wants.MONTH])
# A deadline or cause is taken from another sentence than the best only if its article covers
# the question nearly as well (a quarter of W_ARTICLE_NAMES): not "Port Alder's policy was
# prompted by a lawsuit" for "What prompted the New Orleans sheriff's policy?".
_SHORTFALL_TOLERANCE = 0.05
# A yes-or-no question is answered when its best evidence covers nearly all its words (and it
# uses none the articles lack), or is this close to it in meaning: "Is the Justice Department
# accepting that ruling?" by "The Justice Department is appealing the ruling" (0.80); evidence
# for questions about later events ("Did House Bill 1148 get signed into law?") scored 0.38-0.64.
_YES_NO_MEANING = 0.7
_YES_NO_COVERAGE = 0.8
# A yes-or-no question whose words the sentence holds all but one of (three or more asked) is
# answered by it when it means this much as close.
_YES_NO_ONE_WORD_MEANING = 0.6
# …or one telling of the very act asked about, by name, covers this much: "Did Harrison also
# sign Landrieu's response to Sessions?" by "Landrieu … suggested in a letter back to Sessions
# -- co-signed by NOPD Superintendent Michael Harrison -- …" (0.68). "Did House Bill 1148 get
# signed into law?" finds no sentence saying the bill was signed.
_YES_NO_ACT_COVERAGE = 0.6
_TITLED_BONUS = 0.1
_COUNTED_SUPPORT = 0.25
# A follow-up asks beyond the answer just given: a sentence that says it again (most of its
# words are that answer's, and it is nearer to it in meaning than _TOLD_SIMILARITY) loses W_TOLD
# per unit of similarity above that ("What did he say the priority is?" after "Rainey said the
# policy does not make New Orleans a sanctuary city"). A sentence on the same subject with news
# of its own ("its passage by a House committee" after the bill's sponsor) keeps its score.
_TOLD_SIMILARITY, _TOLD_WORDS, W_TOLD = 0.6, 0.5, 0.5
# "What did Landrieu pledge …?" is about Landrieu: a sentence naming him (or read after one
# that does, as a quotation's second sentence is) gains this over one on the same words about
# someone else ("Landry asked … whether … New Orleans … become …").
W_SUBJECT = 0.1
# …and more when it has them do the very act asked about, as its subject.
W_ACTS = 0.15
# "How does Landry describe himself …?" is answered where someone does something to himself
# ("declared himself 'the state's most aggressive critic …'"): a sentence with the question's
# reflexive pronoun gains this.
W_REFLEXIVE = 0.1
_REFLEXIVE = re.compile(r"\b(?:himself|herself|themselves|itself)\b", re.I)


@dataclass
class Candidate:
    sentence: Sentence
    chunk_id: str
    chunk_rank: int
    prev: Sentence | None
    next: Sentence | None
    next_in_paragraph: bool = False  # no line break between the sentence and the next

    @property
    def key(self) -> tuple[str, int, int]:
        s = self.sentence
        return (s.article_id, s.start, s.end)


@dataclass
class ScoredSentence:
    candidate: Candidate
    score: float
    dense: float
    lexical: float
    coverage: float = 0.0  # like lexical, but words no article uses count against it
    count_stated: bool = False  # states the very count a "how many/long" question asks for
    form_stated: bool = False  # states a deadline or a cause, for a question asking for one
    shortfall: float = 0.0  # what its article lost for covering less of the question than another

    @property
    def key(self) -> tuple[str, int, int]:
        return self.candidate.key


class ExtractiveAnswerer:
    def __init__(self, min_relevance: float = 0.40, max_sentences: int = 3) -> None:
        self.min_relevance = min_relevance
        self.max_sentences = max_sentences

    def stream(self, evidence: Evidence) -> Iterator[str | Answer]:
        yield from stream_text(self.answer(evidence))

    def answer(self, evidence: Evidence) -> Answer:
        query = evidence.question.query
        if not evidence.chunks or _names_unknown_things(evidence):
            return refusal(query)
        candidates = _candidates(evidence)
        chosen: list[tuple[ScoredSentence, str]] = []
        answers: set[tuple[str, int, int]] = set()  # each part's best evidence
        budget = self.max_sentences if len(evidence.parts) == 1 else max(2, self.max_sentences)
        first_found: str | None = None  # the article the first part is answered from
        no_one_named = False  # the first part asks who, and no sentence names anyone so
        for i, (part, vector) in enumerate(zip(evidence.parts, evidence.vectors, strict=True)):
            context = evidence.question.context
            home = None
            speaker = None
            if i and leans_on_first_part(part, evidence.parts[0]):
                context = f"{evidence.parts[0]} {context}"
                home = first_found  # "…, and what did he say": there, at that time
                # "Did she ever answer him, and what did she say?": her words, or none.
                speaker = _whose_answer_asked(evidence.parts[0], evidence.corpus)
                if no_one_named and asks_of_him_or_her(part):
                    continue  # "Who signed the letter, and what's his name?": he is untold
            if asks_author(part):  # "Who wrote the story about ...?": its byline
                chosen += [
                    (s, part) for s in self._writers(part, context, vector, evidence, candidates)
                ]
                continue
            pool = _pool(part, evidence, candidates)
            ranked = self._rank(part, context, vector, evidence, pool, home, speaker)
            if i == 0 and len(evidence.parts) == 2:
                ranked = self._shared_best_to_second(ranked, evidence, candidates)
            if i and ranked:  # a later part needs evidence of its own, not the first part's again
                taken = {s.key for s, _ in chosen}
                untaken = [s for s in ranked if s.key not in taken]
                if (
                    ranked[0].key in taken
                    and wants(part) is not Wants.ANY
                    and (not untaken or untaken[0].score < _ANSWERED_RATIO * ranked[0].score)
                ):
                    continue  # …unless the first part's evidence answers it well ("who co-signed")
                ranked = untaken or ranked
            if not ranked:
                no_one_named = i == 0 and wants(part) is Wants.PERSON
                continue
            if (owned := owned_thing(part)) and is_job(owned[1]):
                ranked = _titled_first(owned[0], ranked)  # "Hayne Rainey, a City Hall spokesman"
            # "Did the Justice Department comment …?": the sentence telling of that act comes
            # first; for a deadline, the sentence stating it. It answers when the best or it is
            # evidence enough.
            act_first = ranked
            if is_yes_no(part) and _asks_form(part):
                act_first = _stated_first(ranked)  # "It was his second time criticizing Gusman"
            elif is_yes_no(part):
                act_first = _act_told_first(part, ranked, evidence)
            elif asks_deadline(part):
                act_first = _deadline_first(part, ranked, evidence)
            if not self._sufficient(part, ranked[0], evidence) and (
                act_first[0] is ranked[0] or not self._sufficient(part, act_first[0], evidence)
            ):
                continue
            ranked = act_first
            if asks_deadline(part):
                # The deadline asked for is the answer, and nothing else is: without one, none
                # is stated ("By what date must the sheriff respond?").
                if not _deadline_asked_for(part, ranked[0], evidence):
                    continue
            elif asks_condition(part) or asks_consequence(part):
                # "… unless …" for "When can a cop ask …?", "Otherwise, …" for "What if she
                # doesn't?"
                ranked = _stated_first(ranked)
            elif asks_cause(part):
                action = _action(part, evidence.corpus)  # a cause told of the one acting
                told_of = (
                    partial(_tells_of, action.subject, corpus=evidence.corpus) if action else None
                )
                ranked = _stated_first(ranked, told_of)
            support = self._support(part, ranked, evidence, len(evidence.parts))
            chosen += [(s, part) for s in support]
            if support:
                answers.add(ranked[0].key)
            if i == 0 and support:
                first_found = ranked[0].key[0]
        unique: dict[str, ScoredSentence] = {}
        for s, _ in chosen:
            unique.setdefault(" ".join(words(s.candidate.sentence.text)), s)
        if not unique:
            return refusal(query)
        return _compose(_within(list(unique.values()), answers, budget), evidence, query)

    def _shared_best_to_second(
        self, ranked: list[ScoredSentence], evidence: Evidence, candidates: list[Candidate]
    ) -> list[ScoredSentence]:
        """ "What would it take away from towns, and what role would it give Landry?": when the
        first part's best sentence is the second's best too, and the two together score more with
        the second part taking it and the first its runner-up (from the same story, and nearly
        as good), the runner-up answers the first."""
        part, vector = evidence.parts[1], evidence.vectors[1]
        if len(ranked) < 2 or asks_author(part):
            return ranked
        context, home, speaker = evidence.question.context, None, None
        if leans_on_first_part(part, evidence.parts[0]):  # as `answer` will ask it
            context = f"{evidence.parts[0]} {context}"
            home = ranked[0].key[0]  # the first part's story, whichever of the two answers it
            speaker = _whose_answer_asked(evidence.parts[0], evidence.corpus)
        pool = _pool(part, evidence, candidates)
        later = self._rank(part, context, vector, evidence, pool, home, speaker)
        if len(later) < 2 or later[0].key != ranked[0].key:
            return ranked
        runner_up_near = (
            ranked[1].key[0] == ranked[0].key[0]  # the same story's
            and ranked[1].score >= _STATED_RATIO * ranked[0].score
        )
        if runner_up_near and ranked[1].score + later[0].score > ranked[0].score + later[1].score:
            return [ranked[1], ranked[0], *ranked[2:]]
        return ranked

    def _rank(
        self,
        part: str,
        context: str,
        vector: np.ndarray,
        evidence: Evidence,
        candidates: list[Candidate],
        home: str | None = None,
        speaker: str | None = None,
    ) -> list[ScoredSentence]:
        """The candidates that hold the kind of fact asked, best first. A later part leaning on
        the first is asked of the article that answered it (`home`): it loses nothing there for
        covering less of the question than another article; and when the first asks whether
        someone answered, it needs that `speaker` to say something."""
        corpus = evidence.corpus
        weights = _term_weights(part, context, corpus.bm25)
        # "describe himself": a word of the question like any other (no term is a stopword, so
        # none is "himself" already).
        found = _REFLEXIVE.search(part)
        reflexive = found.group(0).lower() if found else None
        if reflexive and weights:
            weights[reflexive] = sum(weights.values()) / len(weights)
        groups = _named_twice(weights, corpus)
        total = (_credit(weights, groups, None) if groups else sum(weights.values())) or 1.0
        # An acronym read as a phrase ("DHS") is not unknown: the phrase joined the part.
        spelled = {stem(a) for a in evidence.acronyms.values()}
        unknown = _UNKNOWN_WEIGHT * sum(
            corpus.bm25.idf(t)
            for t in set(terms(part)) - _QUESTION_TERMS - _STRESS_TERMS - RESPONSE_TERMS - spelled
            if not corpus.bm25.contains(t)
        )
        kind = wants(part)
        spell_out = partial(expand, acronyms=corpus.acronyms)
        count = counted(part) if kind is Wants.NUMBER else None
        purpose = money_purpose(part) if kind is Wants.MONEY else None
        deadline = asks_deadline(part)
        cause = asks_cause(part) and not deadline
        condition = asks_condition(part) and kind is Wants.ANY
        consequence = asks_consequence(part)
        precedent = is_yes_no(part) and asks_precedent(part)
        action = _action(part, corpus)
        responding = action.subject if action and action.is_response else speaker
        n_chunks = len(evidence.chunks)
        chunk_dense = {c.chunk.id: c.dense or 0.0 for c in evidence.chunks}
        off_topic = _article_shortfall(part, context, weights, corpus, candidates)
        if home in off_topic:
            off_topic[home] = 0.0
        told_terms = frozenset(terms(evidence.question.told))
        # What the question gives, which is no answer to it: its own words and the question it
        # follows up, not the names of the answer it follows ("Who co-signed it with him?" after
        # an answer naming the co-signer).
        given = f"{part} {context}"
        if evidence.question.told:
            given = f"{part} {evidence.question.asked_before}"
        scored = []
        seen_text: set[str] = set()
        for c in candidates:
            text = c.sentence.text
            norm = " ".join(words(text))
            if norm in seen_text:  # the same sentence in two articles: keep the better-ranked
                continue
            seen_text.add(norm)
            unit_sentences = _answer_unit(c, if_not=consequence)
            unit = " ".join(s.text for s in unit_sentences)
            # A date read in the sentence before is that sentence's event's: "… Wednesday" before
            # "It was his second time …; Vitter also lambasted him shortly after the jail policy
            # was announced" dates nothing of the policy.
            facts = unit
            if kind in _DATE_KINDS:
                facts = " ".join(s.text for s in unit_sentences if s.start >= c.sentence.start)
            if kind is not Wants.ANY and not holds(kind, facts, given, purpose):
                continue
            beside = " ".join(x.text for x in (c.prev, c.next) if x and x not in unit_sentences)
            if (
                kind is Wants.PERSON
                and not names_the_role(part, unit, beside, titles_of=corpus.titles_of)
                and not titled_elsewhere(part, unit, corpus.titles_of, spell_out)
            ):
                continue  # "Which judge ...?" needs a judge's name, not any name
            if not names_the_thing(part, unit):
                continue  # "Which program …?" needs a program's name, not "a grant"
            if responding and not speaks_in(responding, unit):
                continue  # "How did Lynch respond …?" needs Lynch to say something
            # (Not "How long did he give her …?": a deadline, however "give" may say a reason.)
            saying = action and (action.is_saying or action.is_response) and not deadline
            if saying and only_addressed(action.subject, unit):
                continue  # "What did Lynch tell him?" is not "… a letter to … Lynch"
            count_stated = count is not None and count.stated_in(unit)
            if count and count.required and not count_stated:
                continue  # "How many officers does the NOPD employ?" needs "N officers"
            own = corpus.terms_of(c.sentence)
            for extra in unit_sentences:
                if extra is not c.sentence:
                    own = own | corpus.terms_of(extra)
            around = own.union(*(corpus.terms_of(x) for x in (c.prev, c.next) if x))
            if deadline and states_deadline(unit):
                # "It set an Oct. 27 deadline to respond." is read, as `_deadline_asked_for`
                # reads it, with the sentence before what it leans on: "The Justice Department …"
                told = _with_sentence_before(unit_sentences, corpus)
                around = around.union(*(corpus.terms_of(x) for x in told))
            does_to_itself = bool(reflexive and re.search(rf"\b{reflexive}\b", unit, re.I))
            if does_to_itself:
                own, around = own | {reflexive}, around | {reflexive}
            if groups:
                lexical = _credit(weights, groups, own) / total
                lexical_window = _credit(weights, groups, around) / total
            else:
                lexical = sum(w for t, w in weights.items() if t in own) / total
                lexical_window = sum(w for t, w in weights.items() if t in around) / total
            dense = float(corpus.sentence_vector(c.sentence) @ vector)
            score = (
                W_DENSE * dense
                + W_LEX * lexical
                + W_WINDOW * lexical_window
                + 0.04 * max(0.0, 1 - c.chunk_rank / n_chunks)
                + W_CHUNK * chunk_dense.get(c.chunk_id, 0.0)
                - off_topic[c.sentence.article_id]
            )
            if kind is not Wants.ANY and holds(kind, text, given, purpose):
                score += 0.05  # the fact is in the sentence itself, not only beside it
            if count_stated:
                score += _COUNT_BONUS  # "300 such cities" for "how many cities"
            if kind is Wants.DATE and states_exact_date(unit):
                score += 0.03
            # Its own: "He asked Lynch to respond … within 15 business days." before "Otherwise,
            # Landry wrote, …" states no deadline of the latter's.
            deadline_stated = deadline and states_deadline(
                " ".join(s.text for s in unit_sentences if s.start >= c.sentence.start)
            )
            if deadline_stated:
                score += _DEADLINE_BONUS  # "By what date ...?": a deadline, not the letter's date
            repeated = precedent and states_repetition(text)
            if repeated:
                score += _REPETITION_BONUS  # "Was that the first time …?": "his second time"
            if consequence and states_consequence(text):
                score += _CONSEQUENCE_BONUS  # "What if she doesn't?": "Otherwise, …"
            form_stated = (
                deadline_stated
                or (cause and states_cause(text))
                or (condition and states_condition(text))
                or (consequence and states_consequence(text))
                or repeated
            )
            if evidence.told_vector is not None:
                score -= _told_again(c.sentence, told_terms, evidence)
            if len(text.split()) < 6:
                score -= 0.15
            if action and _tells_of(action.subject, c, corpus):
                score += W_SUBJECT  # the question is about the one it names as acting
                if does(action.subject, action.verb, _by_name(unit, corpus)) or (
                    action.is_saying and speaks_in(action.subject, unit)
                ):
                    score += W_ACTS  # "Landrieu asked …" for "What did Landrieu ask …?"
            if does_to_itself:
                score += W_REFLEXIVE
            if kind is Wants.PERSON and introduces_person(unit):
                score += 0.05  # "Police Superintendent Michael Harrison": a titled name
            if kind is Wants.PERSON and names_the_titled(f"{part} {context}", unit):
                score += _TITLED_BONUS  # "New Orleans City Attorney Rebecca Dietz"
            # Words the neighbours hold count half: "There are more than 300 such cities" is
            # about sanctuary cities because the sentence before it says so.
            beside = lexical_window - lexical
            coverage = (lexical + 0.5 * max(beside, 0.0)) * total / (total + unknown)
            scored.append(
                ScoredSentence(
                    c,
                    score,
                    dense,
                    lexical,
                    coverage,
                    count_stated,
                    form_stated,
                    off_topic[c.sentence.article_id],
                )
            )
        scored.sort(key=lambda s: -s.score)
        return scored

    def _writers(
        self,
        part: str,
        context: str,
        vector: np.ndarray,
        evidence: Evidence,
        candidates: list[Candidate],
    ) -> list[ScoredSentence]:
        """The lines crediting the writers of the article the question means, then the sentence
        that shows it is the story asked about; none when that article credits no one."""
        story = story_of(part) or part
        ranked = self._rank(story, context, vector, evidence, candidates)
        if not ranked or not self._sufficient(story, ranked[0], evidence):
            return []
        best = ranked[0]
        sentences = evidence.corpus.article_sentences(best.key[0])
        credits = [
            _as_scored(s, evidence, best.score)
            for i, s in enumerate(sentences)
            if credits_writer(s.text, first=i < 2, last=i >= len(sentences) - 3)
        ]
        return [*credits, best] if credits else []

    def _sufficient(self, part: str, best: ScoredSentence, evidence: Evidence) -> bool:
        """Is the best evidence good enough to answer this part, or must we refuse?"""
        bm25 = evidence.corpus.bm25
        support = 0.5 * best.dense + 0.5 * best.coverage
        # The very count or deadline asked for ("It set an Oct. 27 deadline to respond.") is
        # evidence of its kind however few of the question's words it repeats.
        stated = best.count_stated or (
            best.form_stated and (asks_deadline(part) or asks_consequence(part))
        )
        needed = min(self.min_relevance, _COUNTED_SUPPORT) if stated else self.min_relevance
        if support < needed or best.dense < _MIN_MEANING:
            return False
        owned = owned_thing(part)
        if owned and not _said_of(*owned, evidence):
            return False  # "What is Harrison's salary?": no sentence tells of Harrison's salary
        action = _action(part, evidence.corpus)
        thing = action and action.is_event and thing_of_his(part)
        if thing and not _said_of(stem(action.subject.split()[-1].lower()), thing, evidence):
            return False  # "When did Landry file his lawsuit …?": no sentence has both
        # A verb of answering is told in many words ("fired back"): `_rank` keeps only evidence
        # where the person speaks. An event asked about ("Why did Gusman resign?") needs one of
        # its verb's forms in the articles; what someone said is asked in any words ("What did
        # Landrieu pledge …?" of "vowed"), so a verb asking for it is not looked up.
        if action and action.is_event and _never_told(action.verb, bm25):
            return False  # "When did Lynch sue …?": the articles never tell of that act
        if (
            action
            and action.asked == "when"
            and not asks_deadline(part)  # whose deadline it is, `_deadline_asked_for` reads
            and not _names_the_subject(action, best, evidence)
        ):
            return False  # "When did Harrison become superintendent?": no date of his
        if any(_never_told(word, bm25) for word in event_words(part)):
            return False  # "Why did the federal judge fine New Orleans?": no article says "fine"
        doing = act_of_whom_asked(part)
        if doing and _never_told(doing, bm25):
            return False  # "Who beat Vitter in the governor's race?": no article says "beat"
        outcome = ended_up_verbs(part)
        if outcome and all(_never_told(form, bm25) for form in outcome):
            return False  # "What did the appeals court end up deciding?": none says "decide"
        if is_yes_no(part):
            unknown = [t for t in terms(part) if not bm25.contains(t) and t not in _STRESS_TERMS]
            if best.dense >= _YES_NO_MEANING:
                return True
            if best.form_stated and _asks_form(part):
                return True  # "It was his second time …" for "Was that the first time …?"
            if not unknown and best.dense >= _YES_NO_ONE_WORD_MEANING:
                # "Is the Justice Department fighting that ruling?": "The Justice Department is
                # appealing the ruling" holds all it asks but one word, and means it closely.
                held = evidence.corpus.terms_of(best.candidate.sentence)
                asked = set(terms(part)) - _QUESTION_TERMS - _STRESS_TERMS
                if len(asked) >= 3 and len(asked - held) == 1:
                    return True
            return not unknown and (
                best.coverage >= _YES_NO_COVERAGE
                or (
                    best.coverage >= _YES_NO_ACT_COVERAGE
                    and action is not None
                    and _tells_the_act(part, action, best, evidence)
                )
            )
        return True

    def _support(
        self, part: str, ranked: list[ScoredSentence], evidence: Evidence, n_parts: int
    ) -> list[ScoredSentence]:
        """The best sentence with the neighbour it leans on, then the speaker's own words when
        it only reports what they said, or a close runner-up with the neighbour it leans on,
        when they fit in the answer; each read in the article's order."""
        best = ranked[0]
        by_key = {s.key: s for s in ranked}
        picks = _in_text_order(_with_unit(best, by_key, evidence))
        action = _action(part, evidence.corpus)
        if n_parts == 1 and action and action.is_saying:
            quoted = _quoted_next(best, by_key, evidence, action.subject)
            if quoted and len(picks) + len(quoted) <= self.max_sentences:
                return picks + quoted  # "Landry, in a press release, said …" then his words
        if n_parts == 1:
            # "The Justice Department was apprised of the new policy …" goes on "In fact, it was
            # drafted in partnership with the Department of Justice’s Civil Rights Division."
            after = evidence.corpus.sentence_after(best.candidate.sentence)
            going_on = after and by_key.get((after.article_id, after.start, after.end))
            if (
                going_on
                and _STARTS_WITH_REFERENCE.match(after.text)
                and going_on.score >= _GOING_ON_RATIO * best.score
                and going_on.dense >= _MIN_MEANING
                and going_on.key not in {p.key for p in picks}
                and len(picks) < self.max_sentences
            ):
                picks.append(going_on)
        if n_parts == 1 and len(ranked) > 1:
            runner = ranked[1]
            # A runner-up from another article must be nearly as good to be worth citing.
            ratio = _SECOND_SENTENCE_RATIO if runner.key[0] == best.key[0] else _OTHER_ARTICLE_RATIO
            taken = {p.key for p in picks}
            if (
                runner.key not in taken
                and runner.score >= ratio * best.score
                and runner.dense >= _MIN_MEANING  # not "This is a developing story." on its words
            ):
                # "He suggested that city leaders …" is cited with the sentence naming him.
                more = [s for s in _with_unit(runner, by_key, evidence) if s.key not in taken]
                if len(picks) + len(more) <= self.max_sentences:
                    picks += _in_text_order(more)
        return picks  # the answer first, then what else supports it


def _whose_answer_asked(part: str, corpus: Corpus) -> str | None:
    """Who, the part asks, answered: "Did Gusman ever answer Vitter's letter?", "did Lynch
    ever write him back?" (a part leaning on it, "what did she say?", asks for their words)."""
    action = _action(part, corpus)
    if not is_yes_no(part) or action is None:
        return None
    return action.subject if action.is_response or _WROTE_BACK.search(part) else None


def _asks_form(part: str) -> bool:
    """A yes-or-no question a sentence of some form answers: "Was that the first time …?" by
    one saying it happened before, "Are there any inmates he makes an exception for?" by one
    saying what is excepted."""
    return asks_precedent(part) or asks_condition(part)


def _action(part: str, corpus: Corpus) -> NamedAction | None:
    """What the one the question names, or titles as the articles title one person only ("the
    sheriff"), is asked to have done."""
    return action_of_named(part) or action_of_titled(part, corpus.holder_of)


def _never_told(word: str, bm25: BM25Index) -> bool:
    """No article uses the word in any form: "fine", "fines", "fined", "fining", nor as the
    noun it makes: "propose" is told as "a proposal", "adopt" as "the adoption"."""
    found = terms(word)
    base = word.removesuffix("e")
    nouns = [f"{base}al", f"{word}ment", f"{base}ion", f"{base}ation"]
    return bool(found) and not any(
        bm25.contains(t) for form in [*verb_forms(word), *nouns] for t in [*terms(form), *found]
    )


def _tells_the_act(
    part: str, action: NamedAction, scored: ScoredSentence, evidence: Evidence
) -> bool:
    """The sentence tells of the act a yes-or-no question asks about: it has the one the question
    names as acting (`_tells_of`) do it, the verb in some form and in lower case ("co-signed by …
    Harrison" for "Did Harrison also sign …?"; "Bill" in "House Bill 1148" is a name, not the
    act), and its article names everyone else the question names."""
    corpus = evidence.corpus
    unit = _answer_unit(scored.candidate)
    text = " ".join(s.text for s in unit)
    if not any(_as_verb(form, text) for form in verb_forms(action.verb)):
        return False
    if not _names_the_subject(action, scored, evidence):  # "DOJ": "The Justice Department"
        return False
    return _article_names_all(part, scored, corpus)


def _article_names_all(part: str, scored: ScoredSentence, corpus: Corpus) -> bool:
    """The sentence's article names everyone the question names, in either spelling."""
    article = _in_both_spellings(corpus.terms_of_article(scored.key[0]), corpus)
    return {t for word in _CAPITALISED.findall(part) for t in terms(word)} <= article


def _names_the_subject(action: NamedAction, scored: ScoredSentence, evidence: Evidence) -> bool:
    """The sentence (with what it is read with) tells of the one the question names as acting,
    by name or in either spelling ("DOJ" / "the Justice Department")."""
    corpus = evidence.corpus
    if _tells_of(action.subject, scored.candidate, corpus):
        return True
    unit_terms = frozenset().union(*(corpus.terms_of(s) for s in _answer_unit(scored.candidate)))
    return frozenset(terms(action.subject)) <= _in_both_spellings(unit_terms, corpus)


_DETERMINER = re.compile(r"\b(?:the|a|an|his|her|its|their|this|that|these|those)$", re.I)


def _as_verb(form: str, text: str) -> bool:
    """The text uses the word in lower case, and not as a noun after "the" (or "the Hodges"):
    "co-signed by", not "the Hodges bill"."""
    for m in re.finditer(rf"\b{re.escape(form)}\b", text):
        before = text[: m.start()].split()[-2:]
        if not any(_DETERMINER.search(w) for w in before):
            return True
    return False


def _deadline_asked_for(part: str, best: ScoredSentence, evidence: Evidence) -> bool:
    """The best evidence for "By what date …?" states a deadline, and one set by whoever the
    question says set it, for what it says the deadline is for: the sentence, what it is read
    with, or the sentence before those name them ("The Justice Department … Wednesday's letter
    demanded … It set an Oct. 27 deadline to respond"; a sentence further back is about
    something else: "The Louisiana Legislature is considering a bill …" two sentences before "He
    asked Lynch to respond … within 15 business days"). Not that deadline for "What deadline did
    the judge give the Justice Department?", nor for "When is the deadline for the NOPD to
    finish the consent decree?"; any of answering, replying and responding is that deadline's."""
    if not best.form_stated:
        return False
    setter, purpose = deadline_setter(part), deadline_purpose(part)
    if setter is None and purpose is None:
        return True
    corpus = evidence.corpus
    told = _with_sentence_before(_answer_unit(best.candidate), corpus)
    said = frozenset(terms(expand(" ".join(s.text for s in told), corpus.acronyms)))
    if (
        purpose
        and purpose not in said
        and not (purpose in RESPONSE_TERMS and RESPONSE_TERMS & said)
    ):
        return False
    if setter is None:
        return True
    named = terms(setter)  # by its last word: "the housing agency" is told as "the agency"
    spelled = frozenset(terms(expand(setter, corpus.acronyms))) - set(named)
    return named[-1] in said or bool(spelled and spelled <= said)


def _with_sentence_before(unit: list[Sentence], corpus: Corpus) -> list[Sentence]:
    """An answer unit with the sentence before it, which names what it leans on."""
    before = corpus.sentence_before(unit[0])
    return [before, *unit] if before is not None else unit


def _deadline_first(
    part: str, ranked: list[ScoredSentence], evidence: Evidence
) -> list[ScoredSentence]:
    """For "When does New Orleans have to answer the DOJ?", the best sentence stating the
    deadline asked for (`_deadline_asked_for`), however far below the best sentence it ranks: "It
    set an Oct. 27 deadline to respond" shares no word with the question and says little alone,
    while the dated letter and the city's replies share every word and state no deadline. It
    comes from an article as much about the question as the best sentence's, or naming everyone
    the question names ("when does DOJ want an answer by": the article writes "the Justice
    Department", and another article "DOJ")."""
    best = ranked[0]
    for s in ranked:
        if (
            s.form_stated
            and (
                s.shortfall <= best.shortfall + _SHORTFALL_TOLERANCE
                or _article_names_all(part, s, evidence.corpus)
            )
            and _deadline_asked_for(part, s, evidence)
        ):
            # The others state no deadline, or not this one: they support nothing.
            return [s, *(x for x in ranked if x is not s and x.form_stated)]
    return ranked


def _act_told_first(
    part: str, ranked: list[ScoredSentence], evidence: Evidence
) -> list[ScoredSentence]:
    """For "Did the Justice Department comment …?", the best sentence telling of that act by
    them ("The Justice Department did not respond to a request for comment"), when it is nearly
    as good as the best ("Landry sent a letter … whether the Justice Department signed off …")."""
    action = _action(part, evidence.corpus)
    if action is None:
        return ranked
    best = ranked[0]
    telling = next((s for s in ranked if _tells_the_act(part, action, s, evidence)), None)
    if telling is None or telling is best or telling.score < _STATED_RATIO * best.score:
        return ranked
    return [telling, *(s for s in ranked if s is not telling)]


def _stated_first(
    ranked: list[ScoredSentence],
    told_of: Callable[[Candidate], bool] | None = None,
    ratio: float | None = None,
) -> list[ScoredSentence]:
    """For "By what date …?", "What prompted …?" or "When can …?", the best sentence stating a
    deadline, a cause or a condition, when it is nearly as good as the best (`ratio` of its
    score, `_STATED_RATIO` unless given): "It set an Oct. 27 deadline to respond" and "It
    stemmed from a lawsuit …" say little alone (the sentence before names what "it" is), so the
    dated letter or the policy itself can outrank them. The best sentence has shown that the
    articles hold the matter asked about; sentences not stating the form are no support for it.
    It must come from an article as much about the question as the best one's, and a question
    about someone's act ("Why does Mayorkas want …?") takes a cause told of them (`told_of`)."""
    best = ranked[0]
    stating = [
        s
        for s in ranked
        if s.form_stated
        and s.shortfall <= best.shortfall + _SHORTFALL_TOLERANCE  # as much about the question
        and (told_of is None or told_of(s.candidate))
    ]
    ratio = _STATED_RATIO if ratio is None else ratio
    if not stating or stating[0] is best or stating[0].score < ratio * best.score:
        return ranked
    return stating  # the others, and causes told of other places or people, support nothing


def _within(
    chosen: list[ScoredSentence], answers: set[tuple[str, int, int]], budget: int
) -> list[ScoredSentence]:
    """At most `budget` of the chosen sentences (or one per answered part), in their order: each
    part's best evidence first, then what goes with it, so the sentences one part leans on never
    crowd out the answer to a later part ("… and what prompted it?": "It stemmed from a
    lawsuit …")."""
    limit = max(budget, len(answers))
    if len(chosen) <= limit:
        return chosen
    best = [s for s in chosen if s.key in answers]  # at most one per part: within the limit
    rest = [s for s in chosen if s.key not in answers]
    kept = {s.key for s in best + rest[: limit - len(best)]}
    return [s for s in chosen if s.key in kept]


def _titled_first(owner: str, ranked: list[ScoredSentence]) -> list[ScoredSentence]:
    """For "What is Gusman's job?", the best sentence giving him a title ("Orleans Parish
    Sheriff Marlin Gusman"), whatever else says more about him."""
    titled = next(
        (s for s in ranked if titles(owner, " ".join(x.text for x in _answer_unit(s.candidate)))),
        None,
    )
    return ranked if titled is None else [titled, *(s for s in ranked if s is not titled)]


def _in_text_order(sentences: list[ScoredSentence]) -> list[ScoredSentence]:
    return sorted(sentences, key=lambda s: s.key)


def _with_unit(
    scored: ScoredSentence, by_key: dict[tuple[str, int, int], ScoredSentence], evidence: Evidence
) -> list[ScoredSentence]:
    """A chosen sentence and the neighbours it cannot be read without (`_answer_unit`)."""
    out = [scored]
    for neighbour in _answer_unit(scored.candidate, if_not=True):
        if neighbour is scored.candidate.sentence:
            continue
        key = (neighbour.article_id, neighbour.start, neighbour.end)
        out.append(
            by_key.get(key) or _as_scored(neighbour, evidence, scored.score * _NEIGHBOUR_RATIO)
        )
    return out


def _tells_of(subject: str, c: Candidate, corpus: Corpus) -> bool:
    """The sentence, with what it is read with and the sentence before (a quotation's second
    sentence is said by whoever the first names), names the subject: "Mayor Mitch Landrieu" is
    named by "Landrieu". A sentence in the middle of a quotation is said by whoever its paragraph
    names ("…," Landrieu said. "Unfortunately, … State and local police are the tip of the
    spear … ")."""
    name = subject.split()[-1]
    if _opening_title_holder(c.sentence.text, corpus) == name.lower():
        return True  # "The mayor called those comments …": Landrieu, the articles' only mayor
    if c.prev and opens_with_he_or_she(c.sentence.text):
        return first_named(c.prev.text) == name  # "He suggested …" is said by the one before
    text = " ".join(s.text for s in [*([c.prev] if c.prev else []), *_answer_unit(c)])
    named = re.compile(rf"\b{re.escape(name)}\b")
    if named.search(text):
        return True
    paragraph = _quoting_paragraph(c.sentence, corpus)
    return paragraph is not None and bool(named.search(paragraph))


_OPENING_TITLE = re.compile(r"^[\"“]?The\s+([a-z]+)\b")


def _opening_title_holder(text: str, corpus: Corpus) -> str | None:
    """The surname of whom a sentence opening "The mayor …" means, when the articles give that
    title to one person only."""
    m = _OPENING_TITLE.match(text)
    return corpus.holder_of(m.group(1)) if m else None


def _by_name(text: str, corpus: Corpus) -> str:
    """The text with an opening "The mayor" written as the one person it means ("Landrieu")."""
    holder = _opening_title_holder(text, corpus)
    return _OPENING_TITLE.sub(holder.capitalize(), text, count=1) if holder else text


def _quoting_paragraph(sentence: Sentence, corpus: Corpus) -> str | None:
    """The paragraph (line) of a sentence said inside a quotation that opened before it on that
    line, else None. A line break ends a sentence, so no quotation runs across one."""
    text = corpus.articles[sentence.article_id].text
    start = text.rfind("\n", 0, sentence.start) + 1
    end = text.find("\n", sentence.end)
    before = text[start : sentence.start]
    inside = before.count('"') % 2 == 1 or before.count("“") > before.count("”")
    return text[start : end if end >= 0 else len(text)] if inside else None


def _said_of(owner: str, thing: str, evidence: Evidence) -> bool:
    """Some sentence of the articles retrieval found names both the owner and the thing asked
    about, or the thing's word family ("Chicago filed a lawsuit" for "Chicago's lawsuit", "Vitter
    criticized" for "Vitter's criticism"; a person's titles count for them, and the one person
    the articles give a title is its owner: "Trump's … budget" for "the president's budget")."""
    corpus = evidence.corpus
    root = word_root(thing)
    job = is_job(thing)
    owners = {owner, corpus.holder_of(owner) or owner}
    for article_id in dict.fromkeys(c.chunk.article_id for c in evidence.chunks):
        for sentence in corpus.article_sentences(article_id):
            if job and titles(owner, sentence.text):
                return True  # "Mayorkas's job": "U.S. Deputy Secretary … Alejandro Mayorkas"
            said = corpus.terms_of(sentence)
            if owners & said and (
                thing in said or (root != thing and any(t.startswith(root) for t in said))
            ):
                return True
    return False


def _told_again(sentence: Sentence, told_terms: frozenset[str], evidence: Evidence) -> float:
    """What a sentence loses for saying again what the answer a follow-up follows said."""
    said = evidence.corpus.terms_of(sentence)
    if not said or len(said & told_terms) < _TOLD_WORDS * len(said):
        return 0.0
    similarity = float(evidence.corpus.sentence_vector(sentence) @ evidence.told_vector)
    return W_TOLD * max(0.0, similarity - _TOLD_SIMILARITY)


def _named_twice(weights: dict[str, float], corpus: Corpus) -> list[tuple[str, frozenset[str]]]:
    """Names the question holds in both spellings ("NOPD" and "New Orleans Police Department":
    the question is expanded with the other form): each is one name, to be counted once."""
    out = []
    for phrase, acronym in corpus.acronyms.items():
        short, spelled = stem(acronym), frozenset(terms(phrase))
        if short in weights and spelled and spelled <= weights.keys():
            out.append((short, spelled))
    return out


def _credit(
    weights: dict[str, float], groups: list[tuple[str, frozenset[str]]], held: frozenset[str] | None
) -> float:
    """The weight of the question's words the text holds (all of them when `held` is None),
    a name spelled two ways counting once: in full for either spelling, in part for some of its
    words ("Police" alone)."""
    grouped = {t for a, ws in groups for t in (a, *ws)}
    got = sum(w for t, w in weights.items() if t not in grouped and (held is None or t in held))
    for a, ws in groups:
        phrase_weight = sum(weights[t] for t in ws)
        weight = max(weights[a], phrase_weight)
        if held is None or a in held or ws <= held:
            got += weight
        else:
            got += 0.5 * weight * sum(weights[t] for t in ws if t in held) / phrase_weight
    return got


def _article_shortfall(
    part: str,
    context: str,
    weights: dict[str, float],
    corpus: Corpus,
    candidates: list[Candidate],
) -> dict[str, float]:
    """Per candidate article, the score it loses for covering less of the question than the
    best-covering candidate article: the names the question uses ("Landry", "NOPD") and the words
    it quotes, then all its weighted words. Zero for the best article, and for every article when
    they tie."""
    asked = f"{part} {context}"
    # A name, or words the question quotes: 'the "last chance" letter'.
    named = {t for word in _CAPITALISED.findall(asked) for t in terms(word)}
    named |= {t for quoted in _QUOTED.findall(asked) for t in terms(quoted)}
    name_weights = {t: w for t, w in weights.items() if t in named}

    def share(article_terms: frozenset[str], of: dict[str, float]) -> float:
        total = sum(of.values())
        return sum(w for t, w in of.items() if t in article_terms) / total if total else 0.0

    covers = {}
    for article_id in {c.sentence.article_id for c in candidates}:
        article_terms = corpus.terms_of_article(article_id)
        covers[article_id] = (share(article_terms, name_weights), share(article_terms, weights))
    best_names = max((n for n, _ in covers.values()), default=0.0)
    best_terms = max((t for _, t in covers.values()), default=0.0)
    return {
        a: W_ARTICLE_NAMES * (best_names - n) + W_ARTICLE_TERMS * (best_terms - t)
        for a, (n, t) in covers.items()
    }


def _in_both_spellings(held: frozenset[str], corpus: Corpus) -> frozenset[str]:
    """The words a text holds, with the other spelling of each name it gives in one: an article
    that says "Immigration and Customs Enforcement director" names ICE."""
    more: set[str] = set()
    for phrase, acronym in corpus.acronyms.items():
        short, spelled = stem(acronym), frozenset(terms(phrase))
        if not spelled:
            continue
        if short in held:
            more |= spelled
        elif spelled <= held:
            more.add(short)
    return held | more if more else held


def _quoted_next(
    best: ScoredSentence,
    by_key: dict[tuple[str, int, int], ScoredSentence],
    evidence: Evidence,
    subject: str,
) -> list[ScoredSentence]:
    """The quotation of the subject that follows a sentence telling in its own words what the
    subject said ('Landry, in a press release Thursday, … said he'd repeatedly warned Landrieu'
    then '"Unfortunately, the mayor has ignored my many warnings …," Landry said.'), with the
    rest of that quotation; none when the sentence quotes them itself."""
    text, after = best.candidate.sentence.text, best.candidate.next
    if after is None or not speaks_in(subject, text) or _opens_quotation(text):
        return []
    following = by_key.get((after.article_id, after.start, after.end))
    if following is None or not _opens_quotation(after.text) or not speaks_in(subject, after.text):
        return []
    return _in_text_order(_with_unit(following, by_key, evidence))


def _opens_quotation(text: str) -> bool:
    return text.lstrip().startswith(('"', "“"))


def _answer_unit(c: Candidate, if_not: bool = False) -> list[Sentence]:
    """The sentence plus what it cannot be read without: the sentence before when it opens
    with a reference ("It set an Oct. 27 deadline") or ends quoting "he" or "she", the one after
    when it ends in a colon, and the rest of a quotation that runs over several sentences; with
    `if_not`, the sentence before one saying what follows if not what it says ("Otherwise, …"),
    which an answer shows, and a question asking what happens if not is read with."""
    unit = [c.sentence]
    if c.prev and (
        _STARTS_WITH_REFERENCE.match(c.sentence.text)
        or _SAID_BY_HIM_OR_HER.search(c.sentence.text.strip())
        or (if_not and _OTHERWISE.match(c.sentence.text))
    ):
        unit.insert(0, c.prev)
    elif c.next and c.sentence.text.rstrip().endswith(":"):
        unit.append(c.next)
    balance = _quote_balance(c.sentence.text)
    if balance > 0 and c.next and c.next not in unit:
        unit.append(c.next)  # the quotation goes on
    elif balance < 0 and c.prev and c.prev not in unit:
        unit.insert(0, c.prev)  # the quotation began before
    elif c.next_in_paragraph and c.next not in unit and _quotes_on(c.sentence.text, c.next.text):
        unit.append(c.next)
    return unit


# A quotation said by "he" or "she", who the sentence before names: '"Be clear: …," he wrote.'
_SAID_BY_HIM_OR_HER = re.compile(
    r"[,!?][\"”]\s+(?:he|she)\s+(?:said|says|added|adds|wrote|writes)\b[^\"“”]*$", re.I
)
_ATTRIBUTED = re.compile(r"[,!?][\"”]\s+[A-Z][\w.'’ -]*\s+(?:said|says|added|wrote)\.$")
_BARE_QUOTE = re.compile(r"^[\"“][^\"“”]+[\"”]$")


def _quotes_on(sentence: str, after: str) -> bool:
    """`after` goes on quoting whom `sentence` quotes: '"… citizens," Landry said.' then '"Mitch
    Landrieu is playing politics at the expense of New Orleans."', a quotation of its own with
    no one named as saying it."""
    return bool(_ATTRIBUTED.search(sentence.strip()) and _BARE_QUOTE.match(after.strip()))


def _quote_balance(text: str) -> int:
    """Opened minus closed quotation marks: >0 when a quote runs on, <0 when it began earlier."""
    curly = text.count("“") - text.count("”")
    if curly:
        return curly
    straight = text.count('"')
    if straight % 2:
        return 1 if text.lstrip().startswith('"') or ' "' in text else -1
    return 0


def _as_scored(sentence: Sentence, evidence: Evidence, score: float) -> ScoredSentence:
    chunk_id = evidence.corpus.chunk_of(sentence)
    return ScoredSentence(
        Candidate(sentence, chunk_id, len(evidence.chunks), None, None), score, 0.0, 0.0
    )


def _names_unknown_things(evidence: Evidence) -> bool:
    """A capitalised name in the question that no article uses ("Supreme Court", "Houston"), nor
    spells out (an acronym: "DHS")."""
    question, corpus = evidence.question.question, evidence.corpus
    offered = set(words(offered_choices(question))) | set(evidence.acronyms.values())
    for word in _CAPITALISED.findall(question):
        w = normalize(word)
        if w in offered:
            continue
        if w in STOPWORDS or len(w) < 3:  # "The" in "The Advocate's story" names nothing
            continue
        if not corpus.uses(w):
            return True
    return False


def _term_weights(part: str, context: str, bm25: BM25Index) -> dict[str, float]:
    weights: dict[str, float] = {}
    # Words no article uses cannot be matched; they would only dilute the coverage.
    for t in terms(context):
        if bm25.contains(t):
            weights[t] = max(weights.get(t, 0.0), _CONTEXT_WEIGHT * bm25.idf(t))
    for t in terms(part):
        if t not in _QUESTION_TERMS and t not in _STRESS_TERMS and bm25.contains(t):
            weights[t] = bm25.idf(t)
    return weights


def _candidates(evidence: Evidence) -> list[Candidate]:
    """Sentences of the retrieved chunks, then the sentences nearest in meaning in the articles
    retrieval found."""
    corpus = evidence.corpus
    rank_of = {c.chunk.id: rank for rank, c in enumerate(evidence.chunks)}
    ordered: list[tuple[Sentence, str, int]] = []
    for rank, scored in enumerate(evidence.chunks):
        ordered += [(s, scored.chunk.id, rank) for s in corpus.sentences_of(scored.chunk)]
    for hits in evidence.sentences:
        for sentence, _similarity in hits:
            chunk_id = corpus.chunk_of(sentence)
            ordered.append((sentence, chunk_id, rank_of.get(chunk_id, len(evidence.chunks))))
    out: list[Candidate] = []
    seen: set[tuple[str, int, int]] = set()
    for sentence, chunk_id, rank in ordered:  # grows as sentences leaning on others join
        key = (sentence.article_id, sentence.start, sentence.end)
        if key in seen:
            continue
        seen.add(key)
        i, n = corpus.place_of(sentence)
        if about_the_article(sentence.text, first=i < 2, last=i >= n - 3):
            continue  # "By Bryn Stole", "(c)2017 The Advocate, Baton Rouge, La.": no news
        candidate = _candidate(corpus, sentence, chunk_id, rank)
        out.append(candidate)
        # "It set an Oct. 27 deadline to respond." is read with this sentence, so it is a
        # candidate wherever this one is, however little it says alone.
        nxt = candidate.next
        if nxt and _STARTS_WITH_REFERENCE.match(nxt.text):
            ordered.append((nxt, corpus.chunk_of(nxt), rank))
    return out


def _pool(part: str, evidence: Evidence, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates, with the sentences of the kind the part asks that say too little alone
    to be among them (a deadline, a role's holder, a body's unit)."""
    if asks_deadline(part):
        return candidates + _deadline_candidates(evidence, candidates)
    if asks_role_holder(part):
        return candidates + _role_candidates(part, evidence, candidates)
    if asks_unit(part):
        return candidates + _unit_candidates(part, evidence, candidates)
    return candidates


def _deadline_candidates(evidence: Evidence, candidates: list[Candidate]) -> list[Candidate]:
    """Sentences stating a deadline, in the articles that retrieval and the near sentences
    found, for a question asking for one: "It set an Oct. 27 deadline to respond." says too
    little alone for its meaning or its words to bring it among the candidates."""
    return _article_candidates(evidence, candidates, states_deadline)


def _role_candidates(part: str, evidence: Evidence, candidates: list[Candidate]) -> list[Candidate]:
    """Sentences naming someone beside the role a who-question asks for, in the articles that
    retrieval and the near sentences found: "Landrieu and NOPD Chief Michael Harrison have …"
    for "Who is the police chief?", which the meaning of "police chief" alone does not find."""
    spell_out = partial(expand, acronyms=evidence.corpus.acronyms)
    return _article_candidates(
        evidence, candidates, lambda text: names_the_role(part, text, expand=spell_out)
    )


def _unit_candidates(part: str, evidence: Evidence, candidates: list[Candidate]) -> list[Candidate]:
    """Sentences giving the name of a unit of a body, in the articles that retrieval and the near
    sentences found: "In fact, it was drafted in partnership with the Department of Justice’s
    Civil Rights Division." for "Which part of the Justice Department helped write it?"."""
    return _article_candidates(evidence, candidates, partial(names_the_thing, part))


def _article_candidates(
    evidence: Evidence, candidates: list[Candidate], keep: Callable[[str], bool]
) -> list[Candidate]:
    """The sentences of the articles that retrieval and the near sentences found, not yet
    candidates, whose text `keep` keeps."""
    corpus = evidence.corpus
    seen = {c.key for c in candidates}
    rank_of = {c.chunk.id: rank for rank, c in enumerate(evidence.chunks)}
    articles = [c.chunk.article_id for c in evidence.chunks]
    articles += [s.article_id for hits in evidence.sentences for s, _ in hits]
    out = []
    for article_id in dict.fromkeys(articles):
        for sentence in corpus.article_sentences(article_id):
            if (article_id, sentence.start, sentence.end) in seen or not keep(sentence.text):
                continue
            chunk_id = corpus.chunk_of(sentence)
            rank = rank_of.get(chunk_id, len(evidence.chunks))
            out.append(_candidate(corpus, sentence, chunk_id, rank))
    return out


def _candidate(corpus: Corpus, sentence: Sentence, chunk_id: str, rank: int) -> Candidate:
    """A sentence with the neighbours it is read with."""
    after = corpus.sentence_after(sentence)
    text = corpus.articles[sentence.article_id].text
    in_paragraph = after is not None and "\n" not in text[sentence.end : after.start]
    return Candidate(
        sentence, chunk_id, rank, corpus.sentence_before(sentence), after, in_paragraph
    )


def _readable(text: str) -> str:
    text = _LEADING_CONNECTIVE.sub("", text, count=1)
    return text[:1].upper() + text[1:]


def _compose(chosen: list[ScoredSentence], evidence: Evidence, query: str) -> Answer:
    citations = []
    pieces = []
    for n, s in enumerate(chosen, start=1):
        sentence = s.candidate.sentence
        article = evidence.corpus.articles[sentence.article_id]
        citations.append(
            Citation(
                n=n,
                source=article.id,
                title=article.title,
                chunk_id=s.candidate.chunk_id,
                quote=sentence.text,
                start=sentence.start,
                end=sentence.end,
                score=round(s.score, 4),
            )
        )
        pieces.append(f"{_readable(sentence.text)} [{n}]")
    return Answer(answer=" ".join(pieces), answerable=True, citations=citations, query=query)
