"""The extractive answerer over the seeds: cited answers holding the key fact, refusals for what
the articles do not say (off-topic and near-topic), and the composed answer's shape."""

from __future__ import annotations

import json
import re

import pytest

import rag.answering.extractive as extractive
from rag.answering.base import REFUSAL
from rag.answering.extractive import ExtractiveAnswerer
from rag.answering.question_types import speaks_in
from rag.citations import check_citations
from rag.corpus import Sentence
from rag.engine import RagBot
from rag.models import Answer, Message
from rag.sentences import split_sentences
from tests.conftest import ROOT, SEEDS
from tests.rag.sample_articles import write_articles

SEED_TEXTS = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def assert_cited(answer: Answer) -> None:
    check_citations(answer, SEED_TEXTS)


@pytest.mark.parametrize(
    ("question", "fact", "source"),
    [
        ("Which senator criticized Mayor Landrieu and Sheriff Gusman?", "Vitter", "000"),
        ("What deadline did the Justice Department set for the city to respond?", "Oct. 27", "001"),
        ("Who sponsored House Bill 1148?", "Hodges", "002"),
        ("How many sanctuary cities are there in the country?", "300", "000"),
        ("How much money does Trump's budget propose for deportations?", "$1.5 billion", "003"),
        ("What did Landrieu compare Vitter to?", "Trump", "000"),
        ("Which cities besides New Orleans got last chance warnings?", "Philadelphia", "001"),
        ("When was the consent decree signed?", "2012", "002"),
        ("How many days did Landry give Lynch to respond?", "15 business days", "002"),
        # "When did Chicago sue ...?": the articles say "sued" and "filed a lawsuit".
        ("When did Chicago sue over the grant threat?", "August", "001"),
        # A party said of the senator himself ("the Republican senator").
        ("What party is Senator Vitter in?", "Republican", "000"),
        # The byline of the story the question means, not a name in its text.
        ("Who wrote The Advocate's story about the 'last chance' letter?", "Bryn Stole", "001"),
        ("Who wrote the story about Landry's letter to Lynch?", "Jim Mustian", "002"),
        ("About how many cities in the U.S. carry the sanctuary label?", "300", "000"),
        # A program's name, not "a federal program"; a role in other words ("City Attorney").
        ("Which program did Los Angeles sign on to?", "Priority Enforcement Program", "000"),
        ("Which city lawyer concluded that the NOPD policy is legal?", "Dietz", "001"),
        # The number that names the bill is the number asked for.
        ("What number is the Hodges bill?", "1148", "002"),
        ("Tell me the number of the bill Valarie Hodges filed.", "1148", "002"),
        # Acronyms the articles never use, read as the phrases they spell out.
        ("Who is the DHS deputy secretary quoted on the Orleans jail?", "Mayorkas", "000"),
        ("which dhs official is quoted on the orleans jail policy", "Mayorkas", "000"),
        ("According to de Blasio, what made NYC the safest big city?", "trust", "004"),
        # A month, not the year of another policy.
        (
            "In which month did the Police Department roll out its policy on helping ICE?",
            "February",
            "002",
        ),
        # Asked for Landry's reason: where Landry speaks, not where critics "including … Landry"
        # rail against sanctuary cities.
        ("Why does Landry say illegal immigration is dangerous?", "ISIS", "002"),
        ("What reason did Landry give for why illegal immigration is dangerous?", "ISIS", "002"),
        # The later part's "he" is Landrieu, and "Landrieu asked …" has him do the asking; not
        # Landry's letter to Lynch, nor another sentence on Landrieu's letter.
        (
            "When did Landrieu send his letter to Lynch and Johnson, and what did he ask of them?",
            "speak up",
            "002",
        ),
        # A saying asked in the perfect is a saying all the same: Landrieu's words answer it,
        # typed with care or not.
        (
            "What has Landrieu said he won't let NOPD officers become part of?",
            "deportation force",
            "001",
        ),
        ("what has landrieu said he wont let nopd officers become part of", "deportation", "00"),
        # "propose" is told as "a proposal": no unknown act.
        ("what did the trump administration propose in its budget?", "proposal", "003"),
        # A sentence telling what Landry said in a press release, then his own words.
        (
            "What did Landry accuse Landrieu of in his Thursday press release?",
            "playing politics",
            "001",
        ),
        # Asked when it is allowed: the sentence saying "unless", not one on what it bars.
        (
            "Under the new NOPD rules, when can a cop still ask somebody about immigration status?",
            "life-threatening",
            "000",
        ),
    ],
)
def test_an_answer_holds_the_fact_and_cites_where_it_is(
    seeded_bot: RagBot, question: str, fact: str, source: str
) -> None:
    answer = seeded_bot.answer(question)
    assert answer.answerable, answer.answer
    assert fact in answer.answer, answer.answer
    assert_cited(answer)
    holding = [c for c in answer.citations if fact in c.quote]
    assert holding and holding[0].source.startswith(source)


@pytest.mark.parametrize(
    "question", ["Who is the New Orleans City Attorney?", "Who is the New Orleans city attorney?"]
)
def test_a_titled_person_is_found(seeded_bot: RagBot, question: str) -> None:
    # The very title asked about, beside a name; not the State Attorney General's.
    answer = seeded_bot.answer(question)
    assert "Rebecca Dietz" in answer.answer, answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # Retrieval by meaning finds sentences about police chiefs in general; the holder of
        # the role is named beside it in an article retrieval found ("NOPD Chief Michael
        # Harrison"), and "in these stories" speaks of the articles, not of him.
        "Who is the police chief in New Orleans?",
        "Who's the police chief in New Orleans in these stories?",
    ],
)
def test_the_holder_of_a_role_is_found_where_the_articles_name_them(
    seeded_bot: RagBot, question: str
) -> None:
    answer = seeded_bot.answer(question)
    assert "Harrison" in answer.answer, answer.answer


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # Told in other words: "Landrieu fired back", "suggested in a letter back to Sessions".
        ("How did Landrieu answer the Justice Department's letter?", "Landrieu"),
        ("How did Mayor Landrieu react to Vitter's letter?", "Landrieu"),
        # "criticism" is in no article, but its family is ("criticized", "critics").
        ("How did Landrieu react to Vitter's criticism?", "Landrieu"),
        # "the mayor" is Landrieu: the articles give that title to him alone.
        ("How did the mayor respond to Vitter?", "Landrieu"),
    ],
)
def test_how_someone_responded_is_answered_with_what_they_said(
    seeded_bot: RagBot, question: str, said: str
) -> None:
    answer = seeded_bot.answer(question)
    assert answer.answerable, answer.answer
    assert_cited(answer)
    assert any(speaks_in(said, c.quote) for c in answer.citations), answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # Lynch is asked to respond; she never does. Sessions speaks, but not to that letter.
        "How did Loretta Lynch respond to Landry's letter?",
        "How did Jeff Sessions react to Landrieu's letter?",
        "How did Sheriff Gusman respond to Vitter's criticism?",
        "How did the sheriff react to the Justice Department letter?",
        # Typed in lower case, the names are read as names all the same.
        "how did loretta lynch answer landry's letter?",
        "how did sheriff gusman respond to vitter's letter?",
        "Did Lynch ever get back to Landry?",
        "what did philly mayor kenney say back after the doj said philadelphia broke the law",
    ],
)
def test_a_response_the_articles_never_tell_of_is_refused(
    seeded_bot: RagBot, question: str
) -> None:
    answer = seeded_bot.answer(question)
    assert not answer.answerable, answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "What is a good recipe for gumbo?",
        "Who won the 2020 presidential election?",
        "What did the Supreme Court rule about the NOPD policy?",
        "What is Harrison's salary?",
        # A budget is mentioned (Trump's), but no sentence says anything of the NOPD's.
        "What is the NOPD's budget?",
        "How many immigrants were deported from New Orleans in 2016?",
        "What did the mayor of Houston say about sanctuary cities?",
        # A count of something else ("1,000 new ICE officers", "several occasions") is no answer.
        "How many police officers does the NOPD employ?",
        "How many deputies work at the Orleans Parish jail?",
        # A party is named in the passage, but of the senator the mayor answered, not the mayor.
        "Which political party does Mayor Mitch Landrieu belong to?",
        # A judge, a program and a vote the articles mention but never name or count.
        "Which federal judge oversees the consent decree that governs the NOPD?",
        "What is the name of the grant program the Justice Department threatened to take away?",
        "What was the vote count when a House committee passed the Hodges bill?",
        # "Hodges, R-Denham Springs, would require Landry …" gives Hodges's party, not Landry's.
        "Which political party does Louisiana Attorney General Jeff Landry belong to?",
        # The lawsuit is told of, but not who filed it.
        "Which legal organization filed the lawsuit that led to the sheriff's jail policy?",
        # An event no article tells of, by someone named or not: no article says "resign" or
        # "fine" in any form.
        "Why did Sheriff Gusman resign?",
        "When did the sheriff resign?",
        # What was done, by whom the articles name, that no article tells in any form.
        "What did the Justice Department decide after the Oct. 27 deadline?",
        "Why did the federal judge fine New Orleans for violating 8 U.S.C. 1373?",
        # Only the NOPD's chief is named; nothing says "fire" or "deputy" beside him.
        "Who is the fire chief?",
        "Who is the deputy police chief?",
        # Yes or no about what no article tells: a later event, a body never mentioned, an
        # answer from someone who never speaks.
        "Did New Orleans lose its federal grants?",
        "Did the city council approve the NOPD policy?",
        "Did Lynch respond to Landry?",
        # Money for a purpose the articles give no amount for: the budget's amounts are for
        # deportations and detention centers.
        "How much money does the budget propose for new ICE officers?",
        # A count the articles never give ("$1.5 billion for deportations" is no count).
        "What is the number of deportations from New Orleans?",
        # Acronyms whose letters begin no phrase of the articles.
        "What did the FBI say about the NOPD policy?",
        "Did the ACLU sue the sheriff?",
        # The article the question means credits no writer.
        "Who wrote the story in which Landrieu says New Orleans is fully compliant?",
        # The director is told of, never named: Landrieu, named beside him, is no answer.
        "Who is the acting ICE director Landrieu said was wrong about cities releasing criminals?",
        "what did the justice department decide after the oct. 27 deadline?",
        # "1,000 new ICE officers" counts officers, not people deported.
        "How many people has ICE deported from New Orleans since the policy took effect?",
        # How it turned out, in a verb no article uses in any form ("decide", "beat").
        "What did the federal appeals court end up deciding?",
        "Who ended up beating Vitter?",
        # "his lawsuit": no sentence tells of Landry and a lawsuit together.
        "When did Jeff Landry file his lawsuit against the city?",
        # A deadline no article states ("Vitter" and "respond" are in the articles), or one set
        # by someone the deadline's sentence, and the one before it, never name.
        "By what date must the sheriff respond to Vitter?",
        "What deadline did the judge give the Justice Department?",
        "What deadline did the state legislature set for the bill?",
        # Said in reply by someone who never speaks in the articles.
        "What did Jeh Johnson say in reply to the letter Landrieu sent him in March?",
        # An amount of money ("$") the articles never give.
        "how much grant $ could nola lose from the doj threat",
        # "House Bill 1148" names the bill; no sentence says it was signed.
        "did house bill 1148 get signed into law?",
        # An official told of, never named: not Mayor Landrieu, named beside the title.
        "name of the acting asst attorney general who sent nola the last chance letter?",
        # What no article tells of in any form ("beat", "defeat").
        "Who beat Vitter in the governor's race?",
        "Who defeated David Vitter in the race for governor?",
    ],
)
def test_what_the_articles_do_not_say_is_refused(seeded_bot: RagBot, question: str) -> None:
    answer = seeded_bot.answer(question)
    assert answer.answerable is False, answer.answer
    assert answer.citations == []
    assert answer.answer == REFUSAL
    assert not re.search(r"\[\d+\]", answer.answer)


def test_the_relevance_threshold_gates_answers(seeded_bot: RagBot) -> None:
    evidence = seeded_bot.gather_evidence("Which senator criticized Mayor Landrieu?")
    assert ExtractiveAnswerer(min_relevance=0.38).answer(evidence).answerable
    refused = ExtractiveAnswerer(min_relevance=1.0).answer(evidence)
    assert not refused.answerable and refused.citations == []


def test_the_answer_is_whole_cited_sentences_numbered_in_order(seeded_bot: RagBot) -> None:
    answer = seeded_bot.answer("What deadline did the Justice Department set for the city?")
    assert_cited(answer)
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    assert re.findall(r"\[(\d+)\]", answer.answer) == [str(c.n) for c in answer.citations]
    assert len(answer.citations) <= seeded_bot.settings.max_answer_sentences
    for c in answer.citations:
        text = SEED_TEXTS[c.source]
        spans = {(s.start, s.end) for s in split_sentences(text)}
        assert (c.start, c.end) in spans, f"[{c.n}] is not a whole sentence: {c.quote!r}"
        assert c.chunk_id in seeded_bot.corpus().chunks
        chunk = seeded_bot.corpus().chunks[c.chunk_id]
        assert chunk.article_id == c.source and chunk.start <= c.start and c.end <= chunk.end
        assert c.score >= 0
    first = answer.answer.split(" [1]")[0]
    assert first[:1].isupper()


def test_a_cited_sentence_leaning_on_the_one_before_is_cited_with_it(seeded_bot: RagBot) -> None:
    """ "He suggested …" or "It set an Oct. 27 deadline …" cannot be read alone, whether it is
    the best evidence or a runner-up: over the team's questions, the sentence it leans on is
    always cited too."""
    corpus = seeded_bot.corpus()
    leaning = 0
    for row in map(json.loads, (ROOT / "evals" / "datasets" / "seeds.jsonl").open()):
        history = [Message(**m) for m in row["history"]]
        answer = seeded_bot.answer(row["question"], history)
        cited = {(c.source, c.start) for c in answer.citations}
        for c in answer.citations:
            if extractive._STARTS_WITH_REFERENCE.match(c.quote):
                before = corpus.sentence_before(corpus.sentence_at(c.source, c.start, c.end))
                assert before is None or (c.source, before.start) in cited, (row["id"], c.quote)
                leaning += 1
    assert leaning  # the property was exercised


def test_the_answer_comes_first_then_what_else_supports_it(seeded_bot: RagBot) -> None:
    """The best evidence (with the sentence it leans on) opens the answer, even when a runner-up
    stands earlier in the article."""
    answer = seeded_bot.answer("What deadline did the Justice Department set for New Orleans?")
    holding = [c.n for c in answer.citations if "Oct. 27" in c.quote]
    assert holding and holding[0] <= 2, answer.answer  # [1] is the sentence "It set ..." leans on
    assert answer.citations[0].quote.startswith("Wednesday's letter demanded"), answer.answer


def test_streaming_sends_the_answer_word_by_word(seeded_bot: RagBot) -> None:
    evidence = seeded_bot.gather_evidence("Who sponsored House Bill 1148?")
    answerer = ExtractiveAnswerer(seeded_bot.settings.min_relevance)
    items = list(answerer.stream(evidence))
    final = items[-1]
    assert isinstance(final, Answer) and final == answerer.answer(evidence)
    assert len(items) > 3 and "".join(items[:-1]).strip() == final.answer
    assert all(re.fullmatch(r"\S+\s*", p) for p in items[:-1])  # markers never split


# Two articles on the same story in different cities; only one names the city the question asks
# about, and its evidence sentence (like the other's) does not repeat the city's name.
_SAME_STORY_TWO_CITIES = {
    "port_alder_jail": (
        "Port Alder sheriff limits jail holds for immigration agents\n\n"
        "The Alder Parish sheriff will no longer hold inmates for immigration agents past their "
        "release dates. The sheriff's detainer policy was prompted by a lawsuit filed by two "
        "inmates who were held for weeks. Deputies began following the rules on Monday.\n"
    ),
    "new_orleans_jail": (
        "New Orleans sheriff limits jail holds for immigration agents\n\n"
        "Orleans Parish Sheriff Marlin Gusman will no longer hold inmates in the New Orleans jail "
        "for immigration agents past their release dates. The rules grew out of a suit brought "
        "on behalf of two men kept for months after they should have gone free. Deputies began "
        "following the rules in 2013.\n"
    ),
}


@pytest.mark.parametrize(("article_weights", "source"), [("off", "port"), ("default", "new")])
def test_the_article_a_question_names_is_preferred_to_one_on_the_same_topic(
    make_bot, tmp_path, monkeypatch, article_weights: str, source: str
) -> None:
    """Without the article's share of the question's names, the other city's sentence wins on
    meaning; with it (the default weights), the answer comes from the article about New Orleans."""
    if article_weights == "off":
        monkeypatch.setattr(extractive, "W_ARTICLE_NAMES", 0.0)
        monkeypatch.setattr(extractive, "W_ARTICLE_TERMS", 0.0)
    bot = make_bot()
    bot.ingest(write_articles(tmp_path / "articles", _SAME_STORY_TWO_CITIES))
    answer = bot.answer("What prompted the New Orleans sheriff's detainer policy?")
    assert answer.answerable, answer.answer
    assert answer.citations[0].source.startswith(source), answer.answer


@pytest.mark.parametrize("weight", [0.0, extractive.W_TOLD])
def test_a_follow_up_is_answered_beyond_the_answer_it_follows(
    seeded_bot: RagBot, monkeypatch, weight: float
) -> None:
    """With the bot's own answer in the history, the sentence it just gave matches the follow-up
    best on words; the follow-up asks for something else (here, the cause). Taking a sentence
    that states a cause first is turned off, and so is citing the sentence that goes on from the
    best ("It stemmed from a lawsuit …" after the policy), to see the told answer's weight alone."""
    monkeypatch.setattr(extractive, "_STATED_RATIO", float("inf"))
    monkeypatch.setattr(extractive, "_GOING_ON_RATIO", float("inf"))
    question = "What is Sheriff Gusman's policy on immigration detainers?"
    given = seeded_bot.answer(question)
    history = [
        Message(role="user", content=question),
        Message(role="assistant", content=given.answer),
    ]
    monkeypatch.setattr(extractive, "W_TOLD", weight)
    answer = seeded_bot.answer("Why did he adopt it?", history)
    assert answer.answerable, answer.answer
    assert_cited(answer)
    assert ("lawsuit" in answer.answer) is (weight > 0), answer.answer


def test_a_follow_up_may_ask_for_a_name_the_answer_it_follows_gave(seeded_bot: RagBot) -> None:
    """ "Who co-signed it with him?" after an answer naming the co-signer: his name is the answer
    to the follow-up, not something the follow-up already gives."""
    question = "How did Landrieu answer the Justice Department's latest letter?"
    given = seeded_bot.answer(question)
    assert "Harrison" in given.answer, given.answer
    history = [
        Message(role="user", content=question),
        Message(role="assistant", content=given.answer),
    ]
    answer = seeded_bot.answer("Who co-signed it with him?", history)
    assert "Harrison" in answer.answer, answer.answer
    assert answer.citations[0].source.startswith("001"), answer.answer


def test_a_choice_between_alternatives_is_answered_not_refused(seeded_bot: RagBot) -> None:
    # Not a yes/no question, and "Democrat" is offered, not claimed to be in the articles.
    history = [
        Message(
            role="user", content="Who is behind the anti-sanctuary bill in the Louisiana House?"
        ),
        Message(role="assistant", content="State Rep. Valarie Hodges of Denham Springs."),
    ]
    answer = seeded_bot.answer("Is she a Republican or a Democrat?", history)
    assert answer.answerable, answer.answer
    assert "R-Denham Springs" in answer.answer
    assert_cited(answer)


# A dated letter, and a deadline stated in a sentence that says little alone.
_A_LETTER_AND_ITS_DEADLINE = {
    "grant_letter": (
        "Agency warns Port Alder over grant money\n\n"
        "In a March 3 letter to the mayor of Port Alder, the federal housing agency threatened "
        "to withhold grant money from the city over its shelter rules. The mayor said the city "
        "would keep its rules. The agency's letter demanded that the city show its shelters "
        "admit every family. It set an April 9 deadline to respond. Shelter advocates praised "
        "the mayor's answer.\n"
    ),
}


@pytest.mark.parametrize("bonus", [0.0, extractive._DEADLINE_BONUS])
def test_a_question_for_a_deadline_is_answered_with_the_deadline(
    make_bot, tmp_path, monkeypatch, bonus: float
) -> None:
    """ "By what date ...?" asks for a deadline: the letter's own date is not the answer. With
    no bonus for stating one, the dated letter comes first, and the deadline is still the answer:
    no other sentence is one."""
    monkeypatch.setattr(extractive, "_DEADLINE_BONUS", bonus)
    bot = make_bot()
    bot.ingest(write_articles(tmp_path / "articles", _A_LETTER_AND_ITS_DEADLINE))
    answer = bot.answer("By what date did the housing agency want Port Alder to answer its letter?")
    assert answer.answerable, answer.answer
    assert "April 9" in answer.answer, answer.answer
    assert "March 3" not in answer.answer


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("Is the Justice Department appealing the Chicago ruling?", "appealing"),
        ("Has Landrieu said whether the NOPD will be a deportation force?", "deportation force"),
        # The act asked about, by the one named: "co-signed by … Michael Harrison".
        ("Did Harrison also sign Landrieu's letter back to Sessions?", "co-signed"),
        # …told first, before a sentence nearer in meaning that does not tell of it, and with
        # the subject in either spelling ("doj"), the possessive typed without its apostrophe.
        ("Did the Justice Department comment when asked about Landry's letter?", "for comment"),
        ("did doj comment on landrys letter", "for comment"),
    ],
)
def test_a_yes_no_question_the_articles_answer_is_answered(
    seeded_bot: RagBot, question: str, fact: str
) -> None:
    """Its words need not all be the articles' ("accepting that ruling"): evidence this close in
    meaning answers it."""
    answer = seeded_bot.answer(question)
    assert answer.answerable and fact in answer.answer, answer.answer


def test_a_later_part_the_first_parts_evidence_answers_adds_nothing(seeded_bot: RagBot) -> None:
    """ "… and who co-signed it?": the sentence answering the first part names the co-signer, far
    ahead of any other evidence, so no weaker sentence from another article is cited for it."""
    answer = seeded_bot.answer(
        "How did Landrieu describe the Justice Department's position in his letter back to "
        "Sessions, and who co-signed it?"
    )
    assert "fear-mongering" in answer.answer and "Harrison" in answer.answer, answer.answer
    assert {c.source[:3] for c in answer.citations} == {"001"}, answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "What led to the sheriff's policy on immigration detainers?",
        "Why was the sheriff's detainer policy adopted in the first place?",
    ],
)
def test_a_question_for_a_cause_is_answered_with_the_cause(
    seeded_bot: RagBot, question: str
) -> None:
    """ "It stemmed from a lawsuit …" says little alone, so the policy's own sentences outrank it;
    a question for a cause takes the sentence stating one when it is nearly as good."""
    answer = seeded_bot.answer(question)
    assert "lawsuit" in answer.answer, answer.answer


def test_a_cause_comes_first_only_from_an_article_about_the_question() -> None:
    """The best sentence stating a cause goes first when nearly as good as the best; one from an
    article covering less of the question neither goes first nor supports it."""

    def scored(article: str, text: str, score: float, stated: bool, shortfall: float):
        sentence = Sentence(article, 0, len(text), text)
        candidate = extractive.Candidate(sentence, f"{article}:0", 0, None, None)
        return extractive.ScoredSentence(candidate, score, 0.5, 0.5, 0.5, False, stated, shortfall)

    policy = scored("new_orleans", "The sheriff limits jail holds.", 0.60, False, 0.0)
    elsewhere = scored("port_alder", "It was prompted by a lawsuit.", 0.58, True, 0.2)
    here = scored("new_orleans", "It grew out of a suit.", 0.45, True, 0.0)
    assert extractive._stated_first([policy, elsewhere, here], None) == [here]
    # Far behind the best, the cause does not displace it.
    weak = scored("new_orleans", "It grew out of a suit.", 0.30, True, 0.0)
    assert extractive._stated_first([policy, weak], None) == [policy, weak]


def test_a_deadline_is_not_supported_with_another_letters_date(seeded_bot: RagBot) -> None:
    answer = seeded_bot.answer(
        "By what date does New Orleans have to answer the Justice Department's latest letter?"
    )
    assert "Oct. 27" in answer.answer, answer.answer
    assert not any("October 11" in c.quote for c in answer.citations), answer.answer


def test_a_name_spelled_two_ways_counts_once() -> None:
    """A question using "NOPD" is expanded with "New Orleans Police Department": a sentence
    holding both spellings must not outscore one holding either, and "Police" alone is part of
    the name, not all of it."""
    weights = {"nopd": 3.0, "new": 1.0, "orlean": 1.0, "polic": 1.0, "department": 1.0, "bar": 2.0}
    groups = [("nopd", frozenset({"new", "orlean", "polic", "department"}))]
    total = extractive._credit(weights, groups, None)
    assert total == 4.0 + 2.0  # the name weighs as its heavier spelling, once
    acronym_only = extractive._credit(weights, groups, frozenset({"nopd", "bar"}))
    spelled_out = extractive._credit(
        weights, groups, frozenset({"new", "orlean", "polic", "department", "bar"})
    )
    both = extractive._credit(
        weights, groups, frozenset({"nopd", "new", "orlean", "polic", "department", "bar"})
    )
    assert acronym_only == spelled_out == both == total
    assert extractive._credit(weights, groups, frozenset({"polic"})) == 0.5 * 4.0 * 1.0 / 4.0


def test_a_sentence_inside_a_quotation_tells_of_its_speaker(seeded_bot: RagBot) -> None:
    # '"…," Landrieu said. "Unfortunately, … State and local police are the tip of the spear …':
    # the middle sentence names no one, but its paragraph's quotation is Landrieu's.
    corpus = seeded_bot.corpus()
    article = next(a for a in corpus.articles if a.startswith("003"))
    sentence = next(
        s for s in corpus.article_sentences(article) if s.text.startswith("State and local police")
    )
    candidate = extractive._candidate(corpus, sentence, corpus.chunk_of(sentence), 0)
    assert extractive._tells_of("Mitch Landrieu", candidate, corpus)
    assert not extractive._tells_of("Jeff Landry", candidate, corpus)
    # Outside any quotation, a sentence tells only of whom it (or the one before) names.
    outside = next(s for s in corpus.article_sentences(article) if s.text.startswith("Meanwhile"))
    candidate = extractive._candidate(corpus, outside, corpus.chunk_of(outside), 0)
    assert not extractive._tells_of("Mitch Landrieu", candidate, corpus)


def test_a_quotation_going_on_after_its_speaker_is_read_with_it(seeded_bot: RagBot) -> None:
    # '"… citizens," Landry said. "Mitch Landrieu is playing politics at the expense of New
    # Orleans."': the second quotation names no speaker; it is Landry's, on the same line.
    answer = seeded_bot.answer("What did Landry say about the mayor in his Thursday press release?")
    assert "playing politics" in answer.answer, answer.answer
    said = '"We will appeal," Smith said.'
    assert extractive._quotes_on(said, '"The ruling is wrong."')
    assert not extractive._quotes_on(said, "The city did not respond.")  # no quotation
    assert not extractive._quotes_on('"We will appeal."', '"The ruling is wrong."')  # no speaker


def test_a_quotation_on_the_next_line_is_not_read_with_the_one_before(make_bot, tmp_path) -> None:
    # A new paragraph may quote someone else.
    text = 'Court ruling\n\n"We will appeal," Smith said.\n"The ruling is wrong."\n'
    (tmp_path / "ruling.txt").write_text(text)
    bot = make_bot()
    bot.ingest([tmp_path / "ruling.txt"])
    corpus = bot.corpus()
    said = next(s for s in corpus.article_sentences("ruling") if "Smith" in s.text)
    candidate = extractive._candidate(corpus, said, corpus.chunk_of(said), 0)
    assert candidate.next is not None and not candidate.next_in_paragraph
    assert extractive._answer_unit(candidate) == [said]


# A deadline told as the letter's ("It set …"), among sentences naming who wrote the letter.
_A_NAMED_SENDERS_DEADLINE = {
    "housing_letter": (
        "Housing Department presses Port Alder\n\n"
        "The Housing Department is taking aim at Port Alder's shelter rules. In a March 3 letter "
        "to the mayor, the Housing Department threatened to withhold grant money from the city. "
        "Wednesday's letter demanded that the city show its shelters admit every family. It set "
        "an April 9 deadline to respond. The Housing Department has warned the city before, and "
        "the mayor said the Housing Department should read the city's earlier answers.\n"
    ),
}


def test_a_deadline_is_answered_when_the_question_names_who_set_it(make_bot, tmp_path) -> None:
    # "It set an April 9 deadline" names no one; sentences naming the Housing Department must
    # not push it aside for a question naming the department as the one who set it.
    bot = make_bot()
    bot.ingest(write_articles(tmp_path / "articles", _A_NAMED_SENDERS_DEADLINE))
    answer = bot.answer("What deadline did the Housing Department set for Port Alder?")
    assert "April 9" in answer.answer, answer.answer


def test_a_thing_the_subject_owns_is_answered_where_the_articles_tell_of_both(
    seeded_bot: RagBot,
) -> None:
    answer = seeded_bot.answer("When did Gusman adopt his policy?")
    assert answer.answerable and "2013" in answer.answer


def test_a_reflexive_question_is_answered_where_someone_did_it_to_himself(
    seeded_bot: RagBot,
) -> None:
    answer = seeded_bot.answer("How does Landry describe himself?")
    assert answer.answerable
    assert answer.citations[0].quote.startswith(
        "Landry, in a press release Thursday, declared himself"
    )


def test_what_someone_credited_is_what_they_said(seeded_bot: RagBot) -> None:
    answer = seeded_bot.answer(
        "What approach did de Blasio credit for making New York the safest big city?"
    )
    assert answer.answerable
    assert "welcome immigrant communities to build trust" in answer.citations[0].quote


def test_chat_shorthand_is_read_as_typed_out(seeded_bot: RagBot) -> None:
    answer = seeded_bot.answer(
        "under the new nopd rules when r cops still allowed to ask someone if theyre here legally"
    )
    assert answer.answerable
    assert "unless there’s a life-threatening situation" in answer.citations[0].quote


def test_a_later_part_after_a_preposition_is_answered(seeded_bot: RagBot) -> None:
    answer = seeded_bot.answer(
        "When was the DOJ letter threatening New Orleans' grant dated, and by what date did the "
        "city have to answer?"
    )
    assert answer.answerable
    assert "October 11" in answer.answer and "Oct. 27" in answer.answer


def test_a_deadline_asked_with_the_by_at_the_end_is_answered(seeded_bot: RagBot) -> None:
    answer = seeded_bot.answer("what date did the city have to answer by")
    assert answer.answerable and "Oct. 27" in answer.answer, answer.answer


def test_which_came_first_is_answered_with_when_each_was(seeded_bot: RagBot) -> None:
    answer = seeded_bot.answer(
        "Which came first, the NOPD consent decree or Sheriff Gusman's jail immigration policy?"
    )
    assert "2012" in answer.answer and "2013" in answer.answer, answer.answer
    assert_cited(answer)


def test_a_later_part_is_asked_of_the_article_answering_the_first(seeded_bot: RagBot) -> None:
    # "what did he say" is what Landrieu said then, in the article telling of that event, not
    # what he said elsewhere of Trump's deportation force.
    answer = seeded_bot.answer(
        "when did landrieu push back on the ice director re cities releasing criminals and what "
        "did he say"
    )
    assert "August" in answer.answer and "not aware" in answer.answer, answer.answer


def test_a_sentence_going_on_from_the_best_is_cited_with_it(seeded_bot: RagBot) -> None:
    # "… was apprised of the new policy …" goes on "In fact, it was drafted in partnership with
    # the Department of Justice’s Civil Rights Division."
    answer = seeded_bot.answer(
        "Who did Landrieu say the police department worked with when it wrote its immigration "
        "policy?"
    )
    assert "drafted in partnership" in answer.answer, answer.answer
    assert_cited(answer)


def test_a_quoted_phrase_names_what_the_question_is_about(seeded_bot: RagBot) -> None:
    answer = seeded_bot.answer('what places besides nola got "last chance" warnings')
    assert "Philadelphia" in answer.answer, answer.answer


def test_the_men_a_follow_up_asks_to_name_are_never_named(seeded_bot: RagBot) -> None:
    history = [
        Message(role="user", content="why did gusman change his jail immigration policy"),
        Message(
            role="assistant",
            content="It stemmed from a lawsuit filed on behalf of two men who were held in jail "
            "on immigration detainers long after their legal release dates.",
        ),
    ]
    answer = seeded_bot.answer("whats the names of those 2 guys", history)
    assert not answer.answerable, answer.answer


def test_a_title_asked_after_the_place_finds_its_holder(seeded_bot: RagBot) -> None:
    # Not Attorney General Jeff Sessions, named in a sentence on New Orleans.
    answer = seeded_bot.answer("who is the city attorney in new orleans")
    assert answer.citations[0].quote.startswith("New Orleans City Attorney Rebecca Dietz")


def test_a_deadline_for_something_else_is_no_answer(seeded_bot: RagBot) -> None:
    # The articles' one deadline is for answering a letter, not for finishing the consent decree.
    finish = seeded_bot.answer("What's the deadline for New Orleans to finish the consent decree?")
    assert not finish.answerable, finish.answer
    reply = seeded_bot.answer("What deadline did the city get to reply to the DOJ letter?")
    assert "Oct. 27" in reply.answer, reply.answer


def test_a_date_of_an_act_is_one_told_of_whoever_acted(seeded_bot: RagBot) -> None:
    for question in [
        "When did Harrison take over as superintendent?",
        "When did Landrieu become mayor?",
    ]:
        answer = seeded_bot.answer(question)  # a sentence dated Wednesday names neither
        assert not answer.answerable, answer.answer
    adopted = seeded_bot.answer("When did Gusman adopt his policy?")
    assert "2013" in adopted.answer, adopted.answer


def test_a_later_part_about_the_first_parts_answer_is_answered(seeded_bot: RagBot) -> None:
    """ "his" is the sheriff the first part asks for, not the mayor it also names; a date in the
    sentence before ("… Wednesday") dates that sentence's event, not the policy's start; and
    the second part's answer is not crowded out by what the first part leans on."""
    answer = seeded_bot.answer(
        "Which sheriff did Vitter attack besides the mayor, and when did his jail policy begin?"
    )
    assert "Gusman" in answer.answer and "2013" in answer.answer, answer.answer
    both = seeded_bot.answer("when did the sheriffs jail policy start and what prompted it")
    assert "2013" in both.answer and "lawsuit" in both.answer, both.answer


def test_a_job_is_answered_by_a_title_given_the_person(seeded_bot: RagBot) -> None:
    job = seeded_bot.answer("What is Rainey's job?")
    assert "spokesman" in job.answer, job.answer
    unknown = seeded_bot.answer("What's Kenney's job?")
    assert not unknown.answerable, unknown.answer


def test_a_quotation_said_by_he_is_said_by_the_one_named_before(seeded_bot: RagBot) -> None:
    """'"Be clear: … not raiding churches and markets …," he wrote.' is Landrieu's, as the
    sentence before says; the spokesman said nearly the same words."""
    answer = seeded_bot.answer(
        "Who said the police should go after violent criminals, not raid churches?"
    )
    assert "Be clear" in answer.answer and "Landrieu said" in answer.answer, answer.answer


def test_a_part_of_a_body_is_answered_with_the_units_name(seeded_bot: RagBot) -> None:
    """ "It was drafted in partnership with the Department of Justice’s Civil Rights Division."
    says too little alone to be found by meaning; a question for a part of the department finds
    it among the sentences giving a unit's name."""
    answer = seeded_bot.answer(
        "Which part of the Justice Department did the city draft its police policy with?"
    )
    assert "Civil Rights Division" in answer.answer, answer.answer


def test_whoever_did_the_act_answers_a_who_question_not_a_role_it_mentions(
    seeded_bot: RagBot,
) -> None:
    answer = seeded_bot.answer("Who sued over the executive order that the judge blocked in April?")
    assert "California" in answer.answer, answer.answer  # "agencies … in California had sued"


def test_a_job_asked_in_other_words_is_still_a_job(seeded_bot: RagBot) -> None:
    title = seeded_bot.answer("What is Rainey's official title?")
    assert "spokesman" in title.answer, title.answer
    for question in ["whats kenneys actual job", "what is Kenney's job in Philadelphia"]:
        unknown = seeded_bot.answer(question)
        assert not unknown.answerable, unknown.answer


def test_a_party_never_given_is_refused(seeded_bot: RagBot) -> None:
    """ "R-Denham Springs" beside Landry's name is the party of Hodges, named before it."""
    answer = seeded_bot.answer("what's jeff landry's political party")
    assert not answer.answerable, answer.answer


def test_an_acronym_typed_in_lower_case_is_read_for_its_phrase(seeded_bot: RagBot) -> None:
    answer = seeded_bot.answer("which inmates does opso hold for ice")
    assert "egregious" in answer.answer, answer.answer


def test_he_is_the_one_the_answer_before_opens_on(seeded_bot: RagBot) -> None:
    history = [
        Message(role="user", content="how did the state attorney general react to the letter"),
        Message(
            role="assistant",
            content="Jeff Landry issued a press release calling himself the state's most "
            "aggressive critic of sanctuary cities. [1]",
        ),
    ]
    answer = seeded_bot.answer("what did he accuse the mayor of", history)
    assert "playing politics" in answer.answer, answer.answer


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        # "… have to answer the doj": the deadline sentence shares no word with the question.
        ("when does new orleans have to answer the doj", "Oct. 27"),
        # Its article writes "the Justice Department"; another writes "DOJ".
        ("when does doj want an answer back from the city by", "Oct. 27"),
    ],
)
def test_a_deadline_is_answered_however_few_words_its_sentence_shares(
    seeded_bot: RagBot, question: str, fact: str
) -> None:
    answer = seeded_bot.answer(question)
    assert answer.answerable and fact in answer.answer, answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "did vitter ever go after gusman before this round",
        "is this the first time hes gone after Gusman",
    ],
)
def test_whether_it_happened_before_is_answered_by_a_sentence_saying_so(
    seeded_bot: RagBot, question: str
) -> None:
    answer = seeded_bot.answer(question)
    assert answer.answerable and "second time" in answer.answer, answer.answer


def test_whether_there_are_exceptions_is_answered_with_what_is_excepted(
    seeded_bot: RagBot,
) -> None:
    history = [
        Message(role="user", content="Does the New Orleans jail hold inmates for ICE?"),
        Message(
            role="assistant",
            content="Generally no. Sheriff Marlin Gusman refuses to honor detainer requests.",
        ),
    ]
    answer = seeded_bot.answer("Are there any inmates he still makes an exception for?", history)
    assert answer.answerable and "murder" in answer.answer, answer.answer


def test_the_presidents_thing_is_the_one_president_the_articles_name(seeded_bot: RagBot) -> None:
    """ "the president's budget" is "Trump's … budget": the articles title Trump "President"."""
    answer = seeded_bot.answer("What was Landrieu's objection to the president's budget?")
    assert answer.answerable and "conscript" in answer.answer, answer.answer


def test_when_and_why_asked_together_are_both_answered(seeded_bot: RagBot) -> None:
    reply = seeded_bot.answer("gusman's policy - when + why?")
    assert reply.answerable
    assert "2013" in reply.answer and "lawsuit" in reply.answer


def test_what_was_said_back_is_the_words_of_whoever_was_asked_to_have_answered(
    seeded_bot: RagBot,
) -> None:
    # No article says Lynch answered Landry: his own letter to her says nothing of hers.
    untold = seeded_bot.answer("Did Lynch ever answer Landry's letter, and what did she say?")
    assert not untold.answerable, untold.answer
    untold = seeded_bot.answer("Did Gusman ever respond to Vitter? What was his response?")
    assert not untold.answerable, untold.answer
    # Landrieu did answer Vitter, in words the article gives him.
    told = seeded_bot.answer("Did Landrieu respond to Vitter, and what did he say?")
    assert told.answerable and "Like Donald Trump" in told.answer, told.answer


def test_what_someone_said_is_not_a_letter_written_to_them(seeded_bot: RagBot) -> None:
    # Four sentences name Lynch only as the one Landry or Landrieu wrote to or asked; none
    # tells what she wrote.
    reply = seeded_bot.answer("What did Lynch write?")
    assert not reply.answerable, reply.answer


def test_a_copyright_notice_is_no_evidence(seeded_bot: RagBot) -> None:
    # "(c)2017 The Advocate, Baton Rouge, La." shares every word asked, and tells nothing.
    reply = seeded_bot.answer("what is The Advocate in Baton Rouge?")
    assert not any(c.quote.startswith("(c)") for c in reply.citations), reply.answer


def test_a_name_the_articles_never_give_is_refused(seeded_bot: RagBot) -> None:
    # A federal judge sided with Chicago, and the acting assistant attorney general wrote the
    # letter: no article names either.
    history = [
        Message(role="user", content="what happened with chicagos lawsuit over the grants"),
        Message(role="assistant", content="A federal judge sided with Chicago. [1]"),
    ]
    unnamed = seeded_bot.answer("whats the judges name", history)
    assert not unnamed.answerable, unnamed.answer
    unnamed = seeded_bot.answer(
        "who was the acting assistant AG that signed the last chance letter, whats his name"
    )
    assert not unnamed.answerable, unnamed.answer
    # One the first part names is asked after, whatever the first part's answer.
    named = seeded_bot.answer(
        "did the city attorney weigh in on the nopd policy and whats her name"
    )
    assert "Dietz" in named.answer, named.answer


def test_what_follows_if_not_is_answered_with_what_it_follows(seeded_bot: RagBot) -> None:
    # "Otherwise, Landry wrote, …" says what he will presume if Lynch does not do what the
    # sentence before asks: it answers "what if she doesn't?", and is shown after that sentence.
    reply = seeded_bot.answer(
        "How long did Landry give Lynch to reply, and what happens if she doesn't?"
    )
    assert "15 business days" in reply.answer and "presume" in reply.answer, reply.answer
    assert "Otherwise, Landry wrote" in reply.answer
    quotes = [c.quote for c in reply.citations]
    otherwise = next(i for i, q in enumerate(quotes) if q.startswith("Otherwise"))
    assert otherwise > 0 and "15 business days" in quotes[otherwise - 1]
    # Asked only whom he wrote to, the letter itself answers, not the sentence on what follows.
    reply = seeded_bot.answer("Who did Landry write to about the consent decree?")
    assert reply.citations[0].quote.startswith("Landry sent a letter"), reply.answer


def test_a_sentence_both_parts_want_answers_the_one_with_no_near_second(
    seeded_bot: RagBot,
) -> None:
    # "… would require Landry to weigh in …" is the best evidence for both parts; the first part
    # has a near second in the same story ("… remove their ability to borrow money …"), the
    # second none, so the first takes its second and each part is answered.
    history = [
        Message(role="user", content="Which bill in the Legislature targets sanctuary policies?"),
        Message(role="assistant", content="House Bill 1148, sponsored by Rep. Valarie Hodges. [1]"),
    ]
    reply = seeded_bot.answer(
        "What would it take away from local governments that keep such policies, "
        "and what role would it give Landry?",
        history,
    )
    assert "borrow money" in reply.answer and "weigh in" in reply.answer, reply.answer


def test_a_response_window_is_a_deadline(seeded_bot: RagBot) -> None:
    reply = seeded_bot.answer("What response window did Landry give Lynch?")
    assert "15 business days" in reply.answer, reply.answer


def test_a_yes_no_question_held_but_for_its_verb_is_answered(seeded_bot: RagBot) -> None:
    history = [
        Message(role="user", content="What happened with Chicago's lawsuit over the grants?"),
        Message(role="assistant", content="A federal judge sided with the city. [1]"),
    ]
    reply = seeded_bot.answer("is the justice dept fighting that ruling", history)
    assert "appealing the ruling" in reply.answer, reply.answer
    # One word short of a short question is too little: "did they make it" is not told.
    history = [
        Message(role="user", content="What deadline did the city get?"),
        Message(role="assistant", content="Oct. 27. [1]"),
    ]
    assert not seeded_bot.answer("did they make it", history).answerable


def test_a_deadline_given_is_no_words_of_the_one_given_it(seeded_bot: RagBot) -> None:
    # "he" is read as Lynch here (the answer before names only her); "He asked Lynch to respond
    # … within 15 business days" names her as the one asked, which rules it out as her words,
    # not as the deadline she was given.
    history = [
        Message(role="user", content="who did the AG send the consent decree letter to"),
        Message(role="assistant", content="U.S. Attorney General Loretta Lynch."),
    ]
    reply = seeded_bot.answer("how long did he give her to answer", history)
    assert "15 business days" in reply.answer, reply.answer


def test_office_shorthand_and_joined_spellings_are_read_as_the_articles_words(
    seeded_bot: RagBot,
) -> None:
    cosigner = seeded_bot.answer("who cosigned the mayor's reply to sessions")
    assert "Harrison" in cosigner.answer, cosigner.answer
    attorney = seeded_bot.answer("who's the city atty and what did her legal opinion find")
    assert "Dietz" in attorney.answer and "not violate" in attorney.answer, attorney.answer
