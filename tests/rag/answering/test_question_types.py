"""What kind of fact a question asks for, and whether a passage holds a new fact of that kind."""

from __future__ import annotations

import time
from functools import partial

import pytest

from rag.acronyms import expand
from rag.answering.question_types import (
    NamedAction,
    Wants,
    act_of_whom_asked,
    action_of_named,
    action_of_titled,
    asked_roles,
    asks_cause,
    asks_condition,
    asks_consequence,
    asks_deadline,
    asks_precedent,
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
    learn_pronouns,
    money_purpose,
    name_the_object,
    named_in_answer,
    names_the_role,
    names_the_thing,
    names_the_titled,
    object_pronoun,
    offered_choices,
    only_addressed,
    opens_with_he_or_she,
    owned_thing,
    people_in,
    referent,
    speaks_in,
    split_parts,
    states_cause,
    states_condition,
    states_consequence,
    states_deadline,
    states_exact_date,
    states_party_of,
    states_repetition,
    thing_of_his,
    titled_elsewhere,
    titles,
    verb_forms,
    wants,
    word_root,
)
from rag.text import stem


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("When did he adopt it?", Wants.DATE),
        ("What year was the policy adopted?", Wants.EXACT_DATE),
        ("By what date must the city respond?", Wants.EXACT_DATE),
        ("How many new ICE officers would Trump hire?", Wants.NUMBER),
        ("How much money does the budget add for detention centers?", Wants.MONEY),
        ("What is Harrison's salary? How much is he paid?", Wants.MONEY),
        ("How many dollars in grants could the city lose?", Wants.MONEY),
        ("In which month did the NOPD roll out its policy?", Wants.MONTH),
        ("What party is Senator Vitter in?", Wants.PARTY),
        ("Which political party does the mayor belong to?", Wants.PARTY),
        ("Who criticized Mayor Landrieu?", Wants.PERSON),
        ("Which senator criticized the mayor?", Wants.PERSON),
        ("Which federal judge blocked the order?", Wants.PERSON),
        ("Which Louisiana state lawmaker sponsored the bill?", Wants.PERSON),
        ("Which part of the Justice Department helped write it?", Wants.ANY),
        ("What was the vote count when the committee passed it?", Wants.NUMBER),
        ("What was the vote when the House committee passed HB 1148?", Wants.NUMBER),
        ("What was the date of the Justice Department's letter?", Wants.EXACT_DATE),
        ("By what margin did the bill pass?", Wants.NUMBER),
        ("What is the name of the city attorney?", Wants.PERSON),
        ("What policy did Sheriff Gusman adopt?", Wants.ANY),
        ("Why did Vitter object?", Wants.ANY),
    ],
)
def test_the_kind_of_fact_asked(question: str, kind: Wants) -> None:
    assert wants(question) is kind


def test_a_count_in_a_budget_is_still_a_count() -> None:
    assert wants("How many new ICE officers does Trump's budget call for?") is Wants.NUMBER


def test_a_passage_must_hold_a_fact_the_question_does_not_give() -> None:
    assert holds(Wants.DATE, "Gusman’s 2013 policy bars deputies.", "When was it adopted?")
    assert not holds(Wants.DATE, "Gusman’s 2013 policy bars deputies.", "What did he do in 2013?")
    assert not holds(Wants.DATE, "Gusman bars deputies from asking.", "When was it adopted?")
    assert holds(Wants.NUMBER, "It adds 1,000 new ICE officers.", "How many officers?")
    assert not holds(Wants.NUMBER, "It set an Oct. 27 deadline.", "How many officers?")
    assert holds(Wants.MONEY, "It adds $1.5 billion for deportations.", "How much money?")
    assert not holds(Wants.MONEY, "It adds 500 agents.", "How much money?")
    assert holds(Wants.PERSON, "Sen. David Vitter wrote.", "Who wrote the letter?")
    # An organisation answers "who" ("Who set the deadline?" -> the Justice Department)...
    assert holds(Wants.PERSON, "The New Orleans Police Department wrote.", "Who wrote?")
    # ...but a role asked for by name needs a person beside it.
    assert not names_the_role(
        "What is the name of the acting ICE director?",
        "Landrieu hit back at the federal acting Immigration and Customs Enforcement director.",
    )
    assert holds(Wants.ANY, "anything", "anything?")


def test_a_month_question_needs_a_month_not_a_year() -> None:
    asked = "In which month did the NOPD roll out the policy?"
    assert holds(Wants.MONTH, "The Police Department rolled out a policy in February.", asked)
    assert holds(Wants.MONTH, "It set an Oct. 27 deadline.", asked)
    assert not holds(Wants.MONTH, "The 2012 consent decree barred officers from it.", asked)
    assert not holds(Wants.MONTH, "Officers may ask, and they march on.", asked)  # verbs
    assert not holds(Wants.MONTH, "It began in February.", "What began in February?")


def test_a_count_must_be_of_the_things_asked_about() -> None:
    cities = counted("Roughly how many U.S. cities fall under the label?")
    assert cities is not None and cities.required
    assert cities.stated_in("There are more than 300 such cities around the country.")
    assert not cities.stated_in("It adds 1,000 new ICE officers.")
    assert not cities.stated_in("The cities were warned on Oct. 27.")  # a date counts nothing
    assert not cities.stated_in("It triggered several lawsuits from targeted cities.")
    agents = counted("How many new border patrol agents are in the budget?")
    assert agents is not None and "new" not in agents.things
    assert agents.stated_in("It calls for 500 new border patrol agents.")
    days = counted("How long did he give her to reply?")
    assert days is not None and not days.required
    assert days.stated_in("He asked Lynch to respond within 15 business days.")
    assert counted("Who wrote the letter?") is None
    deportations = counted("What is the number of deportations?")
    assert deportations is not None and deportations.required
    assert not deportations.stated_in("It adds $1.5 billion for deportations and detainers.")
    assert counted("What is the number of the Hodges bill?") is None  # its name, not a count
    officers = counted("What was the number of its officers?")
    assert officers is not None and officers.required
    assert counted("By how much did the number of deportations grow?") is None
    # The counted thing ends at the verb: people, not "people has ICE".
    people = counted("how many people has ICE deported out of New Orleans?")
    assert people is not None and people.things == {"person"}
    assert not people.stated_in("It adds 1,000 new ICE officers.")
    # Where a verb ends it, the noun counted is the phrase's last: requests, not ICE officers.
    requests = counted("how many ice detainer requests has the jail turned down")
    assert requests is not None and requests.head == "request"
    assert not requests.stated_in("It calls for 1,000 new ICE officers.")
    assert requests.stated_in("The jail turned down 40 ICE detainer requests.")


def test_money_asked_for_a_purpose_must_be_for_that_purpose() -> None:
    budget = (
        "It includes 1,000 new ICE officers, $1.5 billion for deportations and detainers, and "
        "more than $80 million to expand federal detention centers."
    )

    def answers(question: str, passage: str = budget) -> bool:
        return holds(Wants.MONEY, passage, question, money_purpose(question))

    assert answers("How much does it set aside for deportations?")
    assert answers("How much would go toward detention centers?")
    assert answers("How much money is in the budget?")  # no purpose asked
    assert not answers("How much money does it set aside for a border wall?")
    assert not answers("How much money is there for ICE officers?")  # counted, not paid for
    assert answers("How much will the wall cost?", "The wall would cost $21 billion.")
    assert answers("How much for the wall.", "The wall would cost $21 billion.")
    # An amount the question gives is no answer.
    assert not answers("Beyond $80 million, how much goes to detention centers?")


def test_a_recipient_or_a_bare_verb_is_no_purpose() -> None:
    assert money_purpose("How much does Trump propose to spend?") is None
    assert money_purpose("How much money was paid to Landry?") is None
    assert money_purpose("How much is at stake for New Orleans?") is None
    assert money_purpose("How much for the U.S. border wall?") == "wall"
    assert money_purpose("How much money is in the budget for ICE officers? (ICE)") == "officer"
    assert money_purpose("how much did DOJ set aside for deportations (department of justice)") == (
        "deportation"
    )
    assert money_purpose("How much goes to expand detention centers?") == "center"


def test_a_long_question_is_read_in_linear_time() -> None:
    started = time.perf_counter()
    money_purpose("How much money for " + "a" * 5000 + "!")
    money_purpose("How much money for " + "a-b." * 1500 + " c!")
    assert time.perf_counter() - started < 0.5


def test_the_number_of_a_named_thing_is_the_number_in_its_name() -> None:
    passage = "House Bill 1148, sponsored by state Rep. Valarie Hodges, would bar such policies."
    for question in ("What number is the bill?", "What's the number of the House bill?"):
        assert holds(Wants.NUMBER, passage, question)
    assert not holds(Wants.NUMBER, passage, "What is the number of bills filed?")
    assert not holds(Wants.NUMBER, passage, "What is the number of the people deported?")


def test_a_lone_surname_is_a_name_but_a_day_or_month_is_not() -> None:
    backer = "Who has been a strong backer of the sanctuary policies?"
    assert holds(Wants.PERSON, "Kenney has been an ardent supporter of the policies.", backer)
    assert holds(Wants.PERSON, "The policies were backed by Kenney.", backer)
    assert not holds(Wants.PERSON, "The policies were backed in August, on Tuesday.", backer)
    assert not holds(Wants.PERSON, "Since then the policies have stood.", backer)
    # A surname opening a sentence before a comma; a word opening a sentence that names no one.
    critic = "Which official called himself the most aggressive critic?"
    assert holds(Wants.PERSON, "Landry, in a press release, called himself the critic.", critic)
    assert not holds(Wants.PERSON, "However, the most aggressive critic stayed silent.", critic)
    assert not holds(Wants.PERSON, "Finally, the critic spoke.", critic)
    # Names the question already gives are not an answer to it.
    assert not holds(
        Wants.PERSON, "Landrieu said Vitter was wrong.", "Who did Landrieu liken Vitter to?"
    )


def test_dates_and_titled_names() -> None:
    assert states_exact_date("It set an Oct. 27 deadline.")
    assert states_exact_date("The 2013 policy.")
    assert not states_exact_date("It happened this week.")
    assert introduces_person("Police Superintendent Michael Harrison said so.")
    assert introduces_person("Hayne Rainey, a spokesman for the city, said Wednesday.")
    assert not introduces_person("The police said so.")
    assert introduces_person("Deputy Secretary of Homeland Security Alejandro Mayorkas spoke.")
    assert not introduces_person("The Secretary of State spoke.")


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "Who is the Orleans Parish sheriff and what year was his policy adopted?",
            ["Who is the Orleans Parish sheriff", "what year was his policy adopted?"],
        ),
        (
            "Who sponsored House Bill 1148? When did it pass committee?",
            ["Who sponsored House Bill 1148", "When did it pass committee?"],
        ),
        ("What did Vitter and Landrieu say?", ["What did Vitter and Landrieu say?"]),
        ("Who is the sheriff?", ["Who is the sheriff?"]),
        (  # a lead-in is context for the question, not a question of its own
            "After the Sessions memo, what did Landrieu say?",
            ["After the Sessions memo, what did Landrieu say?"],
        ),
        (  # the later part's "he" is the one the first part names as acting
            "When did Landrieu write to Lynch, and what did he ask her?",
            ["When did Landrieu write to Lynch", "what did Landrieu ask her?"],
        ),
        (  # no one acts in the first part: the pronoun stays for the context to resolve
            "Who is the sheriff, and when did he adopt it?",
            ["Who is the sheriff", "when did he adopt it?"],
        ),
        (
            "Which attorney general did Landry write to, and whose Justice Department sent it?",
            ["Which attorney general did Landry write to", "whose Justice Department sent it?"],
        ),
        (  # a preposition may open the later part; it stays with it
            "When was the letter dated, and by what date did the city have to answer?",
            ["When was the letter dated", "by what date did the city have to answer?"],
        ),
        ("Who did Landry write to, and on what day?", ["Who did Landry write to", "on what day?"]),
        (  # …but only after "and": a comma before "in which" opens a relative clause
            "What did the letter say, in which Landry asked Lynch?",
            ["What did the letter say, in which Landry asked Lynch?"],
        ),
        (  # which came first is answered by when each was
            "Which came first, the NOPD consent decree or Sheriff Gusman's jail policy?",
            ["When was the NOPD consent decree?", "When was Sheriff Gusman's jail policy?"],
        ),
        (
            "what happened earlier the memo or the letter",
            ["When was the memo?", "When was the letter?"],
        ),
        (  # the second part opens on a preposition before its question word
            "Did Landrieu accuse Vitter of race-baiting, and during which campaign did he use it?",
            [
                "Did Landrieu accuse Vitter of race-baiting",
                "during which campaign did Landrieu use it?",
            ],
        ),
        (  # two question words asked of one thing, after it or before it
            "gusman's policy - when + why?",
            ["When gusman's policy?", "Why gusman's policy?"],
        ),
        (
            "when and why did Gusman adopt his policy?",
            ["When did Gusman adopt his policy?", "Why did Gusman adopt his policy?"],
        ),
    ],
)
def test_two_part_questions_are_split(question: str, parts: list[str]) -> None:
    assert split_parts(question) == parts


def test_yes_no_questions_and_possessed_focus() -> None:
    assert is_yes_no("Did the Supreme Court rule on it?")
    assert is_yes_no("And was it legal?")
    assert not is_yes_no("Who ruled on it?")
    assert owned_thing("What is Harrison's salary?") == ("harrison", "salary")
    assert owned_thing("What is Harrison’s salary") == ("harrison", "salary")
    assert owned_thing("Who is Harrison?") is None


def test_a_role_question_needs_a_name_next_to_that_role() -> None:
    question = "Which judge blocked the executive order?"
    assert not names_the_role(question, "A federal judge in April blocked an executive order.")
    assert names_the_role(question, "Judge Ann Abbott blocked the executive order.")
    assert names_the_role("Who wrote it?", "Landry wrote it.")  # no role named: any name will do
    # A title written before a name is no role asked for; in lower case it is one.
    assert names_the_role("Who did Attorney General Sessions answer?", "Landry wrote it.")
    disputed = "Landrieu hit back at claims from the acting ICE director."
    assert not names_the_role("Who is the ICE director Landrieu rebutted?", disputed)
    # "the feds guy" is any person; "those 2 guys" are two men.
    assert names_the_role("who is the feds guy quoted", "Mayorkas expressed reservations.")
    assert not names_the_role("what are the names of those 2 guys", "Mayorkas expressed doubt.")
    # "the sheriff rule" is the sheriff's rule, typed without the "'s": no sheriff is asked for.
    concerned = "The sheriff’s policy concerns U.S. Deputy Secretary Alejandro Mayorkas."
    assert names_the_role("who is the official worried about the sheriff rule", concerned)
    assert not names_the_role("who is the sheriff", concerned)


def test_the_words_put_with_a_role_must_be_beside_it_when_asked() -> None:
    spell_out = partial(expand, acronyms={"new orleans police department": "nopd"})
    sentence = "Landrieu and NOPD Chief Michael Harrison have repeatedly insisted."
    assert names_the_role("Who is the police chief?", sentence, expand=spell_out)
    assert not names_the_role("Who is the fire chief?", sentence, expand=spell_out)
    assert not names_the_role("Who is the deputy police chief?", sentence, expand=spell_out)
    assert not names_the_role("Who is the chief of staff?", sentence, expand=spell_out)
    # "chief" in "the chief judge" says which judge: a judge must be named.
    assert not names_the_role("Who is the chief judge?", sentence)


def test_a_role_the_articles_give_someone_elsewhere_counts_for_them() -> None:
    spell_out = partial(expand, acronyms={"new orleans police department": "nopd"})
    titles = {"harrison": frozenset({"chief", "superintend"})}.get
    sentence = "The letter was co-signed by NOPD Superintendent Michael Harrison."

    def titles_of(name: str) -> frozenset[str]:
        return titles(name, frozenset())

    assert titled_elsewhere("Who is the police chief?", sentence, titles_of, spell_out)
    assert not titled_elsewhere("Who is the fire chief?", sentence, titles_of, spell_out)
    assert not titled_elsewhere("Who is the sheriff?", sentence, titles_of, spell_out)


def test_a_subject_named_by_a_title_one_person_holds_is_that_person() -> None:
    holders = {"sheriff": "gusman", "mayor": "landrieu"}.get
    assert action_of_titled("How did the sheriff respond to it?", holders) == NamedAction(
        "Gusman", "respond", "how"
    )
    assert action_of_titled("What did the mayor vow?", holders) == NamedAction(
        "Landrieu", "vow", "what"
    )
    # "Orleans Parish" says which sheriff; an adverb is no act.
    action = action_of_titled("Why did the Orleans Parish sheriff quietly resign?", holders)
    assert action == NamedAction("Gusman", "resign", "why")
    # A title the articles give several people, or none, names no one.
    assert action_of_titled("What did the attorney general say?", holders) is None
    assert action_of_titled("What did Landrieu say?", holders) is None


def test_the_words_of_an_unnamed_subjects_act_are_found() -> None:
    question = "Why did the federal judge fine New Orleans for violating it?"
    assert event_words(question) == ["federal", "judge", "fine"]
    assert event_words("When did the sheriff resign?") == ["sheriff", "resign"]
    assert event_words("Why did Landrieu sign it?") == []  # a named subject: action_of_named
    assert event_words("What did the mayor say?") == []


def test_a_role_may_go_by_another_word_or_be_given_beside_the_name() -> None:
    assert names_the_role("Which city lawyer reviewed it?", "City Attorney Rebecca Dietz did.")
    assert names_the_role("Which state lawmaker filed it?", "It was filed by Rep. Valarie Hodges.")
    assert names_the_role(
        "Which spokesperson spoke?", "Hayne Rainey, a City Hall spokesman, spoke."
    )
    # "De Blasio has said" is read with the sentence before it, which gives his title.
    quote = "“Welcome immigrants,” De Blasio has said."
    assert names_the_role("Which mayor said it?", quote, "New York Mayor Bill de Blasio spoke.")
    assert not names_the_role("Which mayor said it?", quote, "The city was praised.")


def test_someone_titled_otherwise_holds_no_other_role() -> None:
    question = "Who is the acting assistant attorney general who sent the letter?"
    evidence = "Mayor Mitch Landrieu fired back."
    beside = "In a letter to Landrieu, the acting assistant attorney general threatened the grant."
    assert names_the_role(question, evidence, beside)  # the name is beside the role…
    titles = {"landrieu": frozenset({"mayor"})}
    titles_of = partial(lambda t, name: t.get(name.lower(), frozenset()), titles)
    # …but the articles call him the mayor.
    assert not names_the_role(question, evidence, beside, titles_of=titles_of)
    assert names_the_role("Which mayor spoke?", evidence, beside, titles_of=titles_of)


def test_an_attorney_asked_for_is_not_an_attorney_general() -> None:
    sessions = "a memo from U.S. Attorney General Jeff Sessions"
    assert not names_the_role("Who is the city attorney in New Orleans?", sessions)
    assert names_the_role("Which attorney general wrote the memo?", sessions)
    assert names_the_role("Who is the city attorney?", "City Attorney Rebecca Dietz concluded")


def test_those_guys_are_the_men_asked_about() -> None:
    question = "whats the names of those 2 guys"
    assert not names_the_role(question, "a lawsuit filed on behalf of two men who were held")
    assert names_the_role(question, "the two men, John Doe and Richard Roe, were held")


def test_only_the_role_asked_for_must_be_named() -> None:
    # "Attorney General Sessions" is a title of someone the question names, not a role asked for.
    question = "Who co-signed the mayor's reply letter to Attorney General Sessions?"
    assert names_the_role(question, "It was co-signed by NOPD Superintendent Michael Harrison.")
    # "Which judge ...": the judge's name, whatever other roles the question mentions.
    question = "Which judge did the sheriff go before?"
    assert not names_the_role(question, "Sheriff Marlin Gusman lost the case.")
    assert names_the_role(question, "Judge Ann Abbott heard the case.")


@pytest.mark.parametrize(
    ("question", "setter"),
    [
        ("What deadline did the judge give the Justice Department?", "the judge"),
        ("How long did Landry give Lynch to reply?", "Landry"),
        (
            "By what date did the Justice Department want New Orleans to answer?",
            "the Justice Department",
        ),
        ("whats the deadline DOJ gave New Orleans", "DOJ"),
        ("How long did he give her to reply?", None),  # for the conversation to name
        ("By what date must the city answer?", None),  # no one is said to have set it
    ],
)
def test_who_set_a_deadline_asked_about(question: str, setter: str | None) -> None:
    assert deadline_setter(question) == setter


@pytest.mark.parametrize(
    ("question", "purpose"),
    [
        ("When is the deadline for the NOPD to finish the consent decree?", "finish"),
        ("How long did he give her to reply?", "reply"),
        ("how long did he give her to write back?", "respond"),  # any words for answering
        ("whats the deadline DOJ gave new orleans to answer the last chance letter", "answer"),
        ("what date did the city have to answer by", "answer"),
        ("What deadline did the judge give the Justice Department?", None),
        # whom to respond to, not what the deadline is for
        ("By what date must the sheriff respond to Vitter?", None),
    ],
)
def test_what_a_deadline_asked_about_is_for(question: str, purpose: str | None) -> None:
    assert deadline_purpose(question) == (purpose and stem(purpose))


@pytest.mark.parametrize(
    ("question", "evidence", "named"),
    [
        ("What program did it sign onto?", "It joined the Priority Enforcement Program.", True),
        ("What program did it sign onto?", "It joined a federal program.", False),
        (
            "What is the name of the grant program the city could lose?",
            "The letter threatened a grant award.",
            False,
        ),
        ("Which bill would ban sanctuary policies?", "House Bill 1148 would ban them.", True),
        # The question already names the Hodges bill: naming it again tells nothing new.
        ("Which bill did Hodges file?", "Landry cited the Hodges bill.", False),
        ("Which House committee passed it?", "It passed a House committee.", False),
        # A body's name need not carry its kind, but it is a name, not a person's surname.
        ("Which legal organization sued?", "It was filed by the ACLU.", True),
        ("Which newspaper reported it?", "It was reported by the Chicago Tribune.", True),
        ("Which legal organization sued?", "Landrieu and Gusman were sued.", False),
        ("Which legal organization sued?", "A lawsuit was filed on behalf of two men.", False),
        ("what court was it in", "A federal judge in April blocked the order.", False),
        ("Which court blocked it?", "The U.S. District Court blocked it.", True),
        # Not a question for a name: anything will do.
        ("What did the bill do?", "It barred sanctuary policies.", True),
        ("What happened to the bill?", "It passed.", True),
    ],
)
def test_a_question_for_a_programs_name_needs_one(
    question: str, evidence: str, named: bool
) -> None:
    assert names_the_thing(question, evidence) is named


def test_a_possessive_names_no_role_that_is_asked_for() -> None:
    question = "What were the names of the two men who sued over the sheriff's jail policy?"
    office = "The Orleans Parish Sheriff’s Office has a policy of refusing detainer requests."
    assert not names_the_role(question, office)  # "sheriff's jail" asks for no sheriff
    assert names_the_role(question, "The two men, Ana Diaz and Luis Vega, sued the sheriff.")


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("what's his name", None),
        ("whats the judges name", "judge"),
        ("what's the federal judge's name?", "judge"),
        (
            "What is the name of the acting assistant attorney general?",
            "assistant attorney general",
        ),
    ],
)
def test_a_name_asked_for_is_a_persons_and_its_holder_the_role(
    question: str, role: str | None
) -> None:
    assert wants(question) is Wants.PERSON
    assert asked_roles(question) == (frozenset({role}) if role else frozenset())


@pytest.mark.parametrize("question", ["what's the program's name", "what's the bill's name?"])
def test_a_things_name_is_no_persons(question: str) -> None:
    assert wants(question) is not Wants.PERSON


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("what happens if she doesnt", True),
        ("what did he say he'd presume if she let it pass?", True),
        ("and if she missed it?", True),
        ("What would he assume if she did not answer in time?", True),
        ("What happens if the city complies?", False),
        ("Did she answer in time?", False),
    ],
)
def test_a_question_asking_what_follows_a_failure(question: str, asks: bool) -> None:
    assert asks_consequence(question) is asks


@pytest.mark.parametrize(
    ("sentence", "states"),
    [
        ("Otherwise, Landry wrote, “I will presume that you agree.”", True),
        ("If the city does not comply, it will lose the grant.", True),
        ("He asked Lynch to respond to his inquiries within 15 business days.", False),
    ],
)
def test_a_sentence_saying_what_follows_a_failure(sentence: str, states: bool) -> None:
    assert states_consequence(sentence) is states


def test_a_choice_between_alternatives_is_not_a_yes_no_question() -> None:
    assert not is_yes_no("Is she a Republican or a Democrat?")
    assert offered_choices("Is she a Republican or a Democrat?").endswith(
        "Republican or a Democrat?"
    )
    assert not is_yes_no("Was the policy signed in 2012 or 2013?")
    # "Was it A or B who …?" asks who, of the two.
    assert not is_yes_no("Was it the sheriff or the mayor who likened Vitter to Trump?")
    assert is_yes_no("Was it the mayor who likened Vitter to Trump?")
    assert offered_choices("Was it Kenney or Landrieu who said it?") == "Kenney or Landrieu"
    assert is_yes_no("Did the mayor agree or not?")  # "or not" still asks yes or no
    assert offered_choices("Did the mayor agree or not?") == ""
    assert offered_choices("Who is the mayor or the sheriff?") == ""


@pytest.mark.parametrize(
    ("question", "passage", "stated"),
    [
        (
            "What party is Senator Vitter in?",
            "the mayor compared the Republican senator to Trump",
            True,
        ),
        ("What party is Vitter in?", "U.S. Sen. David Vitter, a Republican, wrote", True),
        (
            "What party is Hodges in?",
            "sponsored by state Rep. Valarie Hodges, R-Denham Springs,",
            True,
        ),
        ("What party is the governor in?", "Democratic Gov. John Bel Edwards said", True),
        # The party of someone else beside the one asked about.
        (
            "Which party does Mayor Mitch Landrieu belong to?",
            "and the mayor returned fire by comparing the Republican senator to Donald Trump",
            False,
        ),
        ("What party is the mayor in?", "The mayor spoke to reporters.", False),
        # "R-Denham Springs" is the party of the name before it, not of one after it.
        (
            "Which party does Jeff Landry belong to?",
            "sponsored by Rep. Valarie Hodges, R-Denham Springs, would require Landry to act",
            False,
        ),
    ],
)
def test_a_party_is_stated_of_the_one_asked_about(
    question: str, passage: str, stated: bool
) -> None:
    assert states_party_of(question, passage) is stated
    assert holds(Wants.PARTY, passage, question) is stated


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Under the new rules, when can a cop still ask about immigration status?", True),
        ("Under what circumstances will the sheriff honor detainers?", True),
        ("In what cases does the jail hold inmates for ICE?", True),
        ("When are cops still allowed to ask if someone is here legally?", True),
        # What is excepted: "… except for inmates accused of murder".
        ("Are there any inmates he still makes an exception for?", True),
        ("Who is exempt from the rule?", True),
        ("When did the sheriff adopt the policy?", False),
        ("When was the policy announced?", False),
    ],
)
def test_a_condition_is_asked_for(question: str, asks: bool) -> None:
    assert asks_condition(question) is asks


@pytest.mark.parametrize(
    ("sentence", "states"),
    [
        ("It bars such questions unless there's a life-threatening situation.", True),
        ("It refuses detainers except for inmates accused of murder.", True),
        ("The policy bars officers from asking about status.", False),
    ],
)
def test_a_condition_is_stated(sentence: str, states: bool) -> None:
    assert states_condition(sentence) is states


def test_a_cause_is_asked_for_and_stated() -> None:
    for question in [
        "Why did the sheriff adopt the policy?",
        "What prompted the sheriff's policy?",
        "What event set off Gusman's policy?",
        "How did the jail policy come about?",
        "What was the policy's origin in the first place?",
        "what year did the rule start and what kicked it off",
    ]:
        assert asks_cause(question), question
    assert not asks_cause("What does the sheriff's policy do?")
    assert states_cause("It stemmed from a lawsuit filed on behalf of two men.")
    assert states_cause("The rules grew out of a suit.")
    assert states_cause("The policy was prompted by a lawsuit.")
    # Said in answer to something is not what caused it.
    assert not states_cause("Landrieu said in a statement in response to the April letter.")


def test_whether_it_had_happened_before_is_asked_and_stated() -> None:
    for question in [
        "Was that the first time he had gone after the sheriff?",
        "had he gone after the sheriff before this",
        "did Vitter ever go after Gusman before this round",
    ]:
        assert asks_precedent(question), question
    assert not asks_precedent("When did Vitter first criticize Gusman?")
    assert not asks_precedent("Did Vitter criticize Gusman?")
    assert states_repetition("It was his second time criticizing Gusman.")
    assert states_repetition("The senator again attacked the policy.")
    assert not states_repetition("Vitter criticized Gusman over the policy.")


def test_a_deadline_is_asked_for_and_stated() -> None:
    assert asks_deadline("By what date did the Justice Department want New Orleans to answer?")
    assert asks_deadline("How long did Landry give Lynch to reply?")
    assert asks_deadline("What deadline did the city get?")
    assert asks_deadline("What response window did he give her?")
    assert asks_deadline("what date did the city have to answer by")  # the "by" at the end
    assert asks_deadline("When did they have to respond by?")
    assert not asks_deadline("When was the policy adopted by the city?")
    assert not asks_deadline("How long has Gusman been sheriff?")
    assert not asks_deadline("When did the Justice Department write to the city?")
    assert asks_deadline("when does new orleans have to answer the doj")  # "have to"
    assert asks_deadline("When must the city respond?")
    assert not asks_deadline("When did Landrieu have a meeting with Sessions?")
    # The "by" at the end, before the acronym's other spelling the question was expanded with.
    assert asks_deadline("when does DOJ want an answer back by (department of justice)")
    assert states_deadline("It set an Oct. 27 deadline to respond.")
    assert states_deadline("He asked Lynch to respond within 15 business days.")
    assert states_deadline("The city must answer by Oct. 27.")
    assert not states_deadline("In an October 11 letter to Landrieu, the department wrote ...")
    assert not states_deadline("sweeping changes within the Police Department")


@pytest.mark.parametrize(
    ("question", "evidence", "named"),
    [
        (
            "Who is the New Orleans City Attorney?",
            "New Orleans City Attorney Rebecca Dietz concluded in a legal opinion",
            True,
        ),
        ("Who is the New Orleans City Attorney?", "State Attorney General Jeff Landry said", False),
        (
            "Who heads the New Orleans Police Department? NOPD",
            "co-signed by NOPD Superintendent Michael Harrison -- that",
            True,
        ),
        (
            "Who heads the New Orleans Police Department?",
            "“It is a federal issue,” Police Superintendent Michael Harrison said.",
            True,
        ),
        ("Who heads the New Orleans Police Department?", "despite Mayor Mitch Landrieu", False),
        ("who's the head of NOPD", "co-signed by NOPD Superintendent Michael Harrison", True),
        ("Which judge blocked the order?", "Judge Ann Abbott blocked it.", False),  # no title
        # The title asked in lower case, as people type it.
        ("Who is the New Orleans city attorney?", "City Attorney Rebecca Dietz said", True),
        ("Who is the state attorney general?", "State Attorney General Jeff Landry asked", True),
        ("Who is the state attorney general?", "Attorney General Jeff Sessions said", False),
    ],
)
def test_a_person_named_by_the_title_asked_about(question: str, evidence: str, named: bool) -> None:
    assert names_the_titled(question, evidence) is named


def test_the_forms_of_an_asked_action() -> None:
    assert set(verb_forms("sue")) >= {"sue", "sues", "sued", "suing"}
    assert {"said", "wrote", "gave"} <= {
        *verb_forms("say"),
        *verb_forms("write"),
        *verb_forms("give"),
    }
    assert set(verb_forms("answer")) >= {"answers", "answered", "answering"}


@pytest.mark.parametrize(
    ("question", "subject", "verb", "response"),
    [
        (
            "How did Loretta Lynch ultimately respond to the letter?",
            "Loretta Lynch",
            "respond",
            True,
        ),
        ("How did Landrieu react to the memo?", "Landrieu", "react", True),
        ("When did Chicago sue over the grants?", "Chicago", "sue", False),
        # A word or two may stand between the question word and "did".
        ("What reason did Landry give for his worry?", "Landry", "give", False),
        ("How long did Landry give Lynch to answer?", "Landry", "give", False),
    ],
)
def test_the_action_asked_of_a_named_subject(
    question: str, subject: str, verb: str, response: bool
) -> None:
    action = action_of_named(question)
    assert action is not None
    assert (action.subject, action.verb) == (subject, verb)
    assert action.is_response is response
    assert action_of_named("How did the city respond?") is None  # no name to check
    # An owner is not the one acting: "Louisiana's attorney general" is.
    assert action_of_named("What did Louisiana's attorney general ask Loretta Lynch?") is None


def test_an_event_asked_about_is_told_apart_from_what_someone_said() -> None:
    assert action_of_named("Why did Sheriff Gusman resign?") == NamedAction(
        "Sheriff Gusman", "resign", "why"
    )
    assert action_of_named("When did Chicago sue over the grants?").is_event
    # What someone said may be asked in any words ("pledge" of "vowed"): no event to look up.
    assert not action_of_named("What did Landrieu pledge the NOPD would not become?").is_event
    assert not action_of_named("How did Landrieu describe the letter?").is_event
    assert not action_of_named("Why did Landrieu respond so sharply?").is_event
    # "reply" is the verb, not an adverb ending in -ly.
    assert action_of_named("How did Landrieu reply to the letter?").verb == "reply"
    # Asked yes or no: an answer still needs the person to speak.
    assert action_of_named("Did Lynch respond to Landry?").is_response
    answered = action_of_named("Has Loretta Lynch ever answered the letter?")
    assert answered.subject == "Loretta Lynch" and answered.is_response
    assert not action_of_named("Did Gusman resign?").is_event  # may be asked in any words
    # What was done is an event too ("decide"), but taking a side ("object to") is said in any
    # words, and what someone came away with ("win") is told in any words.
    decided = action_of_named("What did the Justice Department decide after that?")
    assert decided == NamedAction("Justice Department", "decide", "what") and decided.is_event
    assert not action_of_named("What did Landrieu object to in the budget?").is_event
    assert not action_of_named("What did Chicago win in court?").is_event


def test_an_adverb_before_the_verb_is_not_the_act() -> None:
    assert action_of_named("Did Harrison also sign the letter?") == NamedAction(
        "Harrison", "sign", "did"
    )
    assert action_of_named("What did Landry then ask?").verb == "ask"
    # "bring up" is mentioning something: what someone said, in any words.
    brought_up = action_of_named("What threat did Landry bring up when arguing?")
    assert brought_up.verb == "mention" and brought_up.is_saying
    assert action_of_named("What did Gusman bring to the table?").verb == "bring"
    assert action_of_named("Has Lynch ever answered?").verb == "answer"  # the perfect: its verb


def test_an_act_asked_in_the_perfect_is_the_verb_it_is_of() -> None:
    said = action_of_named("What has Landrieu said he won't let NOPD officers become?")
    assert said == NamedAction("Landrieu", "say", "what") and said.is_saying
    assert action_of_named("Why has Gusman resigned?") == NamedAction("Gusman", "resign", "why")
    assert action_of_named("How has Lynch replied?").verb == "reply"
    assert action_of_named("What had Landry accused Landrieu of?").verb == "accuse"
    assert action_of_named("What did Landrieu need?").verb == "need"  # not a participle
    assert event_words("Why has the federal judge fined New Orleans?") == [
        "federal",
        "judge",
        "fined",
    ]


@pytest.mark.parametrize(
    ("question", "response"),
    [
        ("Did Lynch ever get back to Landry?", True),
        ("What did Kenney say back to the Justice Department?", True),
        ("what did philly mayor Kenney say back after that", True),  # a title in lower case
        ("How did Landrieu hit back at Vitter?", True),
        ("When did Vitter get back from Washington?", False),  # came back, answered no one
        ("What did Vitter say about the policy?", False),
        ("What did Jeh Johnson say in reply to the letter?", True),
        ("What did Landrieu write in response to Sessions?", True),
    ],
)
def test_saying_something_back_is_answering(question: str, response: bool) -> None:
    assert action_of_named(question).is_response is response


@pytest.mark.parametrize(
    ("sentence", "speaks"),
    [
        ("But New Orleans Mayor Mitch Landrieu fired back, arguing that the city complies.", True),
        ("Landrieu, however, suggested in a letter back to Sessions that it was wrong.", True),
        ("Landrieu has repeatedly said the city complies.", True),
        ("“We comply,” said Mayor Mitch Landrieu.", True),
        ("He asked Lynch to respond to his inquiries within 15 business days.", False),
        ("Landry referred to the bill in his letter to Lynch, saying it passed.", False),
    ],
)
def test_whether_a_person_speaks_in_a_sentence(sentence: str, speaks: bool) -> None:
    name = "Mitch Landrieu" if "Landrieu" in sentence else "Loretta Lynch"
    assert speaks_in(name, sentence) is speaks


@pytest.mark.parametrize(
    ("sentence", "addressed"),
    [
        (
            "Landry sent a letter to U.S. Attorney General Loretta Lynch asking her to explain.",
            True,
        ),
        ("He asked Lynch to respond to his inquiries within 15 business days.", True),
        ("Landry referred to the bill in his letter to Lynch, saying it passed.", True),
        ("Lynch said the department would review the letter sent to Lynch.", False),
        ("Lynch responded to Landry within a week.", False),
        ("Landry wrote the letter himself.", False),  # Lynch is not named at all
    ],
)
def test_a_person_named_only_as_the_one_written_to(sentence: str, addressed: bool) -> None:
    assert only_addressed("Loretta Lynch", sentence) is addressed


@pytest.mark.parametrize(
    ("word", "root"),
    [
        ("criticism", "critic"),  # criticized, critics
        ("enforcement", "enforce"),
        ("salary", "salary"),  # no derivational ending
        ("nation", "nation"),  # too short a root to stand for a family
    ],
)
def test_the_root_a_word_family_shares(word: str, root: str) -> None:
    assert word_root(word) == root


def test_the_owner_and_the_thing_a_question_asks_about() -> None:
    assert owned_thing("What is Harrison's salary?") == ("harrison", "salary")
    # The acronym's other spelling may follow, with or without the question mark.
    assert owned_thing("What is the NOPD's budget? (new orleans police department)") == (
        "nopd",
        "budget",
    )
    assert owned_thing("what is the NOPD's budget (new orleans police department)") == (
        "nopd",
        "budget",
    )
    assert owned_thing("What did the NOPD's policy say about warrants?") is None  # not asked
    # A job may be asked with a word before it and where it is held after it.
    assert owned_thing("whats Kenney's actual job") == ("kenney", "job")
    assert owned_thing("what is Kenney's job in Philadelphia") == ("kenney", "job")
    assert owned_thing("what about Kenney's immigration status") is None  # no job
    # The owner is someone named or titled: "the city's reply" is the mayor's letter.
    assert owned_thing("What is the sheriff's salary?") == ("sheriff", "salary")
    assert owned_thing("who co-signed the city's reply") is None


@pytest.mark.parametrize(
    ("sentence", "acts"),
    [
        ("Landrieu asked the Justice Department to speak up.", True),
        ("Mayor Mitch Landrieu, in a letter to Lynch, asked her to respond.", True),
        ("Landrieu has repeatedly asked for help.", True),
        ("Landrieu said he would not.", False),  # another act
        ("He asked Lynch to respond within 15 days.", False),  # no name
        ("Landry sent a letter to Landrieu asking him to explain.", False),  # Landrieu is asked
    ],
)
def test_does_finds_the_named_subject_doing_the_act(sentence: str, acts: bool) -> None:
    assert does("Mitch Landrieu", "ask", sentence) is acts


def test_lower_case_may_and_march_are_verbs_not_dates() -> None:
    assert not holds(Wants.DATE, 'NOPD policies "may" violate the statute.')
    assert not holds(Wants.DATE, "Protesters march on City Hall.")
    assert holds(Wants.DATE, "The policy took effect in May.")
    assert holds(Wants.EXACT_DATE, "He wrote on March 3.")
    assert not holds(Wants.EXACT_DATE, "They may 3 times refuse.")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Landry sent a letter to U.S. Attorney General Loretta Lynch.", "Landry"),
        ("State Attorney General Jeff Landry asked the Justice Department.", "Landry"),
        ("However, Landrieu's letter said otherwise.", "Landrieu"),
        ("the policy was announced in a memo.", None),
    ],
)
def test_first_named_is_the_surname_a_sentence_opens_on(text: str, name: str | None) -> None:
    assert first_named(text) == name


def test_verbs_of_saying_ask_what_someone_said() -> None:
    assert action_of_named("What reason did Landry give for it?").is_saying
    assert action_of_named("What did Vitter claim about it?").is_saying
    assert not action_of_named("When did Chicago sue over the grants?").is_saying


def test_the_person_an_answer_gives_is_its_titled_name() -> None:
    answer = "The policy concerns U.S. Deputy Secretary of Homeland Security Alejandro Mayorkas."
    assert named_in_answer(answer, "Which official criticized it?") == "Mayorkas"
    assert named_in_answer("Hayne Rainey, a City Hall spokesman, said so.", "Who?") == "Rainey"
    # A name the question gives is no answer to it.
    assert named_in_answer(
        "Mayor Mitch Landrieu and Sen. David Vitter", "Who did Landrieu fight?"
    ) == ("Vitter")
    # The name given the role asked for, not the first titled one.
    sentence = "U.S. Sen. David Vitter criticized Orleans Parish Sheriff Marlin Gusman."
    assert named_in_answer(sentence, "Who is the sheriff?") == "Gusman"
    assert named_in_answer(sentence, "Who criticized the policy?") == "Vitter"
    assert referent("When did Jeff Landry write?", "In March.") == "Landry"
    assert referent("What does the policy do?", "It bars questions.") is None
    # Asked who someone is, the answer describes them: "he" is the one asked about.
    assert referent("who's jeff landry", "Louisiana's attorney general.") == "Landry"
    assert referent("Who is Alejandro Mayorkas?", "A Homeland Security official.") == "Mayorkas"
    assert referent("Who is the sheriff?", "Sheriff Marlin Gusman.") == "Gusman"
    # "Who's the sheriff …" asks for the sheriff, whatever other role the question names.
    asked = "Who's the sheriff Vitter went after along with the mayor"
    answer = "Sen. David Vitter criticized Mayor Mitch Landrieu and Sheriff Marlin Gusman."
    assert named_in_answer(answer, asked) == "Gusman"


@pytest.mark.parametrize(
    ("text", "titled"),
    [
        ("the policy concerns U.S. Deputy Secretary of Homeland Security Alejandro Mayorkas", True),
        ("Hayne Rainey, a City Hall spokesman, said Wednesday", True),
        ("Kenney has been an ardent supporter of Philadelphia's policies.", False),
        ("Mayorkas added that he was optimistic.", False),
    ],
)
def test_a_title_given_someone_tells_their_job(text: str, titled: bool) -> None:
    owner = stem(next(w for w in ("mayorkas", "rainey", "kenney") if w in text.lower()))
    assert titles(owner, text) is titled
    assert is_job(stem("job")) and is_job(stem("title")) and not is_job(stem("salary"))


def test_the_articles_say_whether_a_person_is_he_or_she() -> None:
    article = [
        "State Attorney General Jeff Landry wrote to Loretta Lynch.",
        "He asked her to respond within 15 days.",
        "Valarie Hodges filed a bill.",
        "She said it would pass.",
        "Mayor Mitch Landrieu said he would not comply.",
        "The policy took effect.",
    ]
    assert learn_pronouns([article]) == {"Landry": "he", "Hodges": "she", "Landrieu": "he"}
    # Called both ways, neither twice as often: no answer.
    assert learn_pronouns([["Alex Smith spoke.", "He left.", "Alex Smith said she would."]]) == {}


def test_a_sentence_opening_on_he_or_she() -> None:
    assert opens_with_he_or_she("He asked Lynch to respond.") == "he"
    assert opens_with_he_or_she("“But she said it would pass.") == "she"
    assert opens_with_he_or_she("Then he wrote back.") == "he"
    assert opens_with_he_or_she("Hence the letter.") is None


def test_how_things_ended_up_is_an_act_in_the_verb_after_end_up() -> None:
    assert ended_up_verbs("What did the appeals court end up deciding?") == ["decid", "decide"]
    assert ended_up_verbs("Who ended up beating Vitter?") == ["beat", "beate"]
    assert "cut" in ended_up_verbs("Did the DOJ end up cutting off the grants?")
    assert ended_up_verbs("What did the court decide?") == []


def test_the_act_of_the_one_a_who_question_asks_for() -> None:
    assert act_of_whom_asked("Who beat Vitter in the governor's race?") == "beat"
    assert act_of_whom_asked("who defeated david vitter") == "defeat"
    assert act_of_whom_asked("Who signed the reply?") == "sign"
    # Told in other words: a role held, something said, a side taken, an outcome.
    assert act_of_whom_asked("Who heads the New Orleans Police Department?") is None
    assert act_of_whom_asked("Who said the NOPD's priority is violent crime?") is None
    assert act_of_whom_asked("Who cheered that policy?") is None
    assert act_of_whom_asked("Who won the Super Bowl?") is None
    assert act_of_whom_asked("Who is the sheriff?") is None


def test_the_thing_a_question_gives_its_subject_with_his_or_her() -> None:
    assert thing_of_his("When did Jeff Landry file his lawsuit against the city?") == "lawsuit"
    assert thing_of_his("When did Gusman adopt his 2013 policy?") == "policy"
    assert thing_of_his("When did Hodges file her bill") == "bill"
    assert thing_of_his("When did Landry write to Lynch?") is None


def test_him_or_her_as_an_object_is_named() -> None:
    assert object_pronoun("How long did he give her to answer?") == "she"
    assert object_pronoun("How did the mayor hit back at him") == "he"
    assert object_pronoun("Did the House pass her bill?") is None  # "her" owns the bill
    assert object_pronoun("What did he say?") is None
    question = "How long did Landry give her to answer?"
    assert name_the_object(question, "Lynch") == "How long did Landry give Lynch to answer?"


def test_the_people_a_text_names_are_found_by_their_surnames() -> None:
    assert people_in("U.S. Attorney General Loretta Lynch.") == ["Lynch"]
    assert people_in("A letter from the Justice Department.") == []


def test_a_part_of_a_body_is_asked_for_by_its_name() -> None:
    question = "Which part of the Justice Department helped write the NOPD policy?"
    assert asks_unit(question)
    unit = "It was drafted in partnership with the Department of Justice’s Civil Rights Division."
    assert names_the_thing(question, unit)
    # The body itself, in another spelling, is not a part of it.
    assert not names_the_thing(question, "It worked with the U.S. Department of Justice.")
    # The kind of unit asked for may be in its name.
    assert names_the_thing("Which division of the Justice Department drafted it?", unit)
    assert not asks_unit("What part of the plan did he oppose?")


def test_a_role_after_a_who_questions_own_verb_is_not_asked_for() -> None:
    assert asked_roles("Who sued over the order that a federal judge blocked?") == frozenset()
    assert asked_roles("Who co-signed the letter with the mayor?") == frozenset()
    assert act_of_whom_asked("Who co-signed the letter with the mayor?") == "co-sign"
    assert asked_roles("Who is the police chief?") == {"chief"}


def test_a_date_asked_of_what_was_done_to_someone_named() -> None:
    action = action_of_named("When was Harrison named superintendent?")
    assert action is not None and (action.subject, action.asked) == ("Harrison", "when")
    assert "named" in verb_forms(action.verb)  # the act looked up in the articles
    assert action_of_named("When was the policy adopted?") is None  # no one named


def test_a_party_asked_with_a_possessive() -> None:
    assert wants("what's jeff landry's political party") is Wants.PARTY
    assert wants("What was Landry's party affiliation?") is Wants.PARTY
    assert wants("what is the party line") is Wants.ANY


def test_whom_he_means_after_an_answer_opening_on_a_name() -> None:
    asked = "how did the state attorney general react to the letter"
    assert referent(asked, "Jeff Landry issued a press release. [1]") == "Landry"
    assert referent(asked, "Landry, in a press release, said it. [1]") == "Landry"
    # A word opening a sentence is no name, nor is a body.
    assert referent(asked, "Policies that bar inquiries sparked a fight. [1]") is None
    assert referent(asked, "The Justice Department is appealing. [1]") is None
