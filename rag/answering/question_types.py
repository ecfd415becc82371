"""What kind of fact a question asks for, and whether a passage holds a new fact of that kind."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from itertools import pairwise

from rag.text import STOPWORDS, stem, terms, words


class Wants(Enum):
    ANY = "any"
    DATE = "date"
    EXACT_DATE = "exact date"
    MONTH = "month"
    NUMBER = "number"
    MONEY = "money"
    PERSON = "person"
    PARTY = "party"


_PERSON_ROLES = (
    r"person|official|senator|mayor|judge|attorney|lawyer|governor|sheriff|chief|superintendent|"
    r"spokesman|spokeswoman|spokesperson|secretary|director|lawmaker|legislator|reporter|writer|"
    r"author|representative|leader|critic|prosecutor|president|officer|men|women|man|woman|people|"
    r"guys|guy"
)
_ASKS_DATE = re.compile(
    r"^\s*(?:and\s+)?(?:when|what (?:year|date|day|month|time))\b"
    r"|\b(?:what|which) (?:year|date|day|month)\b",
    re.I,
)
_ROLE_WORD = re.compile(rf"(?:{_PERSON_ROLES}|general|assistant|deputy|acting|office|department)")
_ASKS_EXACT_DATE = re.compile(
    r"\b(?:what|which) (?:date|day|year)\b|\bwhat(?:\s+(?:is|was)|['’]s)\s+the\s+date\b", re.I
)
_ASKS_PARTY = re.compile(
    r"\b(?:what|which)\s+(?:political\s+)?party\b"
    r"|\b(?:what(?:['’]s|\s+is|\s+was)|whats)\s+[\w.'’ -]+?['’]?s\s+(?:political\s+)?party\b"
    r"|\bparty\s+affiliation\b",
    re.I,
)
_ASKS_MONTH = re.compile(r"\b(?:what|which) months?\b", re.I)
_ASKS_NUMBER = re.compile(
    r"\bhow (?:many|much|long|old|large|big)\b|\bwhat (?:number|percentage|amount|share|sum)\b"
    r"|\bthe number of\b|\b(?:vote|head) counts?\b|\btally\b|\bby what margin\b"
    # "What was the vote …?": the tally
    r"|\bwhat(?:\s+(?:is|was|were)|['’]s)\s+the\s+(?:final\s+)?votes?\b",
    re.I,
)
_ASKS_PERSON = re.compile(
    rf"^\s*(?:and\s+)?(?:who|whom)\b|\bnames? of\b"
    # "what is the name …", "what's his name", "whats the judges name": a name, a person's
    rf"|\bwhat(?:\s+(?:is|was|were|are)|['’]?s)\s+(?:(?:his|her|their)\s+names?\b|(?:the|that|this)\s+"
    rf"(?:names?\b|(?:[\w-]+\s+)?(?:{_PERSON_ROLES})(?:['’]s|s['’]?)?\s+names?\b))"
    rf"|\bwhich (?:[\w-]+\s+){{0,2}}?(?:{_PERSON_ROLES})\b|\bwho\s+(?:did|does|is|was|were|are)\b",
    re.I,
)

# The end of a question, after which may come the other spellings of its acronyms in
# parentheses (`rag.acronyms.expand`).
END = r"(?:\s*\([^()]*\))?\s*$"
_MONTHS = (
    r"jan(?:uary|\.)?|feb(?:ruary|\.)?|march|april|may|june|july|aug(?:ust|\.)?|"
    r"sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?"
)
_DATE = re.compile(
    rf"\b(?:{_MONTHS})(?:\s+\d{{1,2}})?\b|\b(?:19|20)\d\d\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|"
    r"\b(?:last|this|next) (?:year|week|month)\b|\byesterday\b|\btoday\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|"
    r"\bdays? (?:after|before|ago)\b|\bweeks? ago\b",
    re.I,
)
_NUMBER = re.compile(
    r"\$?\d[\d,.]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen|several)\b",
    re.I,
)
_NAME_WORD = r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?|[A-Z]\.)"
_PERSON = re.compile(rf"\b{_NAME_WORD}(?:\s+{_NAME_WORD})+")
# Capitalised words that start names of things, not people.
# Capitalised words that are not names (sentence openers, titles). Organisations count: "Who
# set the deadline?" may be answered by "the Justice Department".
_NOT_PERSON = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "By",
        "For",
        "If",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "But",
        "And",
        "As",
        "This",
        "That",
        "U.S",
        "Attorney",
        "General",
        "Secretary",
        "Mayor",
        "Sen",
        "Rep",
        "Gov",
        "President",
    ]
)
# ...but the name next to a role ("the acting ICE director") must be a person's.
_ORGANISATION_WORDS = frozenset(
    [
        "New",
        "Police",
        "Department",
        "Justice",
        "Homeland",
        "Security",
        "House",
        "Bill",
        "Parish",
        "City",
        "State",
        "Federal",
        "Congress",
        "Court",
        "Office",
        "Orleans",
        "Immigration",
        "Customs",
        "Enforcement",
    ]
)


_TITLED_NAME = re.compile(
    r"\b(?:Sen\.|Rep\.|Gov\.|Mayor|Sheriff|Superintendent|Chief|Secretary|Director|Judge|President|"
    r"Attorney General|Attorney|Spokesman|Commissioner|Councilman|Councilwoman|Officer|Detective)"
    r"(?:\s+of(?:\s+[A-Z][a-z]+)+?)?"  # "Secretary of Homeland Security Alejandro Mayorkas"
    rf"\s+{_NAME_WORD}\s+{_NAME_WORD}"
    r"|\b[A-Z][a-z]+ [A-Z][a-z]+, (?:a|the) [a-z ]*(?:spokesman|spokeswoman|official|director|chief|attorney)\b"
)


_MONTH = re.compile(rf"\b(?:{_MONTHS})(?!\w)", re.I)
_EXACT_DATE = re.compile(
    rf"\b(?:{_MONTHS})\s+\d{{1,2}}\b|\b(?:19|20)\d\d\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b",
    re.I,
)


_ASKS_DEADLINE = re.compile(
    r"\bby (?:what|which) (?:date|day|time)\b|\bby when\b|\bdeadlines?\b|\buntil when\b"
    r"|\b(?:response|reply|time) (?:window|period|limit|frame)\b"  # "what response window …"
    # The "by" left at the end: "what date did the city have to answer by"
    rf"|\b(?:when|(?:what|which) (?:date|day))\b.*\bby\W*{END}"
    # "when does new orleans have to answer the doj", "when must the city respond"
    r"|\bwhen\b(?:\s+[\w.'’-]+){1,6}?\s+(?:have|has|had|need|needs|needed)\s+to\b|\bwhen\s+must\b"
    r"|\bhow (?:long|much time|many (?:days|weeks|months|hours))\b.*\b(?:give|gave|given|allow|allowed|have|had)\b",
    re.I,
)
_DEADLINE = re.compile(
    rf"\bdeadlines?\b|\bdue (?:by|on|in|within)\b|\bno later than\b|\bexpires?\b"
    rf"|\bwithin (?:\w+ ){{1,2}}(?:business |working |calendar )?(?:days|weeks|months|hours)\b"
    rf"|\b(?:by|until) (?:{_MONTHS})\s*\d",
    re.I,
)


_ASKS_CAUSE = re.compile(
    r"^\s*(?:and\s+)?why\b|\bin the first place\b|\bhow did .{3,60} come about\b"
    r"|\bwhat (?:\w+ )?(?:prompted|caused|triggered|sparked|spurred|set off|led to|brought about|"
    r"gave rise to|started|was behind|is behind|(?:kicked|touched|set)(?: it| this| that)? off)\b",
    re.I,
)
_CAUSE = re.compile(
    r"\b(?:stem(?:s|med|ming)? from|gr[eo]w(?:s|ing)? out of|(?:was|were|been|being) (?:prompted|"
    r"triggered|sparked|spurred|caused) by|because|result(?:s|ed)? from|"
    r"as a result of|due to|in the wake of|was born of|came out of)\b",
    re.I,
)


# "What happens if she doesn't?", "what did he say he'd presume if she let it pass?", "and if
# she missed it?": what follows when something is not done.
_ASKS_CONSEQUENCE = re.compile(
    r"\bif\s+(?:[\w'’]+\s+){0,4}?(?:not|never|doesn['’]?t|didn['’]?t|don['’]?t|won['’]?t|"
    r"fails?|failed|miss(?:es|ed)?|ignores?|ignored|refuses?|refused|"
    r"lets?\s+it\s+(?:pass|lapse|slide))\b",
    re.I,
)
# "Otherwise, Landry wrote, …", "If Lynch does not respond, …", "… or else …".
_CONSEQUENCE = re.compile(
    r"^\W*otherwise\b|\bif\s+(?:[\w'’]+\s+){0,4}?(?:not|never|fails?|failed|refuses?|refused)\b"
    r"|\bor else\b|\bfailing that\b",
    re.I,
)


def asks_consequence(question: str) -> bool:
    """ "What happens if she doesn't answer?": the question asks what follows a failure."""
    return bool(_ASKS_CONSEQUENCE.search(question))


def states_consequence(text: str) -> bool:
    """The text says what follows a failure: "Otherwise, Landry wrote, “I will presume …”"."""
    return bool(_CONSEQUENCE.search(text))


def asks_cause(question: str) -> bool:
    """ "Why …?", "What prompted …?", "What event set off …?": the question asks for a cause."""
    return bool(_ASKS_CAUSE.search(question))


def states_cause(text: str) -> bool:
    """The text says what something came from: "It stemmed from a lawsuit …"."""
    return bool(_CAUSE.search(text))


# "Was that the first time he had gone after the sheriff?", "had he gone after him before
# this", "did Vitter ever go after Gusman before this round": whether it had happened before.
_ASKS_PRECEDENT = re.compile(
    r"\bthe first time\b|\bbefore (?:this|that|now|then)\b|\bever before\b|\bpreviously\b", re.I
)
# "It was his second time criticizing Gusman", "… had again …".
_REPETITION = re.compile(
    r"\b(?:second|third|fourth|fifth|another) time\b|\bagain\b|\bpreviously\b"
    r"|\bnot (?:the|his|her|their) first\b|\bonce before\b",
    re.I,
)


def asks_precedent(question: str) -> bool:
    """ "Was that the first time …?": the question asks whether it had happened before."""
    return bool(_ASKS_PRECEDENT.search(question))


def states_repetition(text: str) -> bool:
    """The text says it had happened before: "It was his second time criticizing Gusman"."""
    return bool(_REPETITION.search(text))


# "When can a cop still ask …?", "Under what circumstances may officers …?": what allows it, or
# what is excepted.
_ASKS_CONDITION = re.compile(
    r"\bwhen\s+(?:can|could|may|might|must|should)\b"
    r"|\bwhen\s+(?:are|is|were|was)\s+(?:[\w'’]+\s+){1,3}?(?:allowed|permitted|able)\b"
    r"|\b(?:under what (?:circumstances|conditions)|in what (?:cases|circumstances|situations))\b"
    # "Are there any inmates he still makes an exception for?", "who is exempt"
    r"|\bexceptions?\b|\bexempt(?:s|ed|ions?)?\b",
    re.I,
)
_CONDITION = re.compile(
    r"\b(?:unless|except|only (?:if|when|in)|as long as|provided that|so long as)\b", re.I
)


def asks_condition(question: str) -> bool:
    """ "When can officers ask about immigration status?": the question asks what allows it."""
    return bool(_ASKS_CONDITION.search(question))


def states_condition(text: str) -> bool:
    """The text says what allows it: "… unless there's a life-threatening situation"."""
    return bool(_CONDITION.search(text))


def asks_deadline(question: str) -> bool:
    """Does the question ask for a deadline ("By what date must the city respond?", "How long
    did he give her to reply?"), not for when something happened?"""
    return bool(_ASKS_DEADLINE.search(question))


# Who set the deadline asked about: "What deadline did the judge give …?", "How long did Landry
# give Lynch …?", "whats the deadline DOJ gave new orleans …".
_SETTER = r"(?P<who>(?:the\s+)?[\w.'’-]+(?:\s+[\w.'’-]+){0,3}?)"
_DEADLINE_SETTER = re.compile(
    r"\b(?:deadline|date|day|when|long|time|days|weeks|months)\s+"
    rf"(?:did|does|do|has|had|have|will|would)\s+{_SETTER}\s+"
    r"(?:give|set|impose|allow|grant|want|tell|ask|demand|order|require|offer)\b"
    rf"|\bdeadlines?\s+(?:that\s+)?{_SETTER.replace('who', 'who2')}\s+"
    r"(?:gave|set|imposed|allowed|granted|wanted|offered|demanded|ordered|required)\b",
    re.I,
)
_PRONOUNS = frozenset(["he", "she", "they", "it", "we", "you", "i"])


def deadline_setter(question: str) -> str | None:
    """Who the question says set the deadline it asks for ("the judge" in "What deadline did the
    judge give the Justice Department?"), or None when it says no one, or only "he" or "she"."""
    m = _DEADLINE_SETTER.search(question)
    if not m:
        return None
    who = (m.group("who") or m.group("who2")).strip()
    return None if who.lower() in _PRONOUNS or not terms(who) else who


# What the deadline asked about is for: "deadline for the NOPD to finish the consent decree",
# "how long did he give her to reply".
_DEADLINE_PURPOSE = re.compile(
    r"\b(?:deadlines?|date|day|when|long|time)\b.*?\bto\s+(?P<to>[a-z]+)\b", re.I
)


def deadline_purpose(question: str) -> str | None:
    """The stem of what the question says the deadline is for ("finish" in "When is the deadline
    for the NOPD to finish the consent decree?", "reply" in "How long did he give her to
    reply?"), or None when it says nothing of it."""
    m = _DEADLINE_PURPOSE.search(question)
    if not m:
        return None
    word, before = m.group("to").lower(), question[: m.start("to")].split()
    if word in STOPWORDS or (len(before) > 1 and set(terms(before[-2])) & RESPONSE_TERMS):
        return None  # "… respond to Vitter": whom to, not what for
    if word in _SAID_BACK and _BACK.match(question, m.end()):
        return "respond"  # "how long did he give her to write back?"
    return stem(word)


def states_deadline(text: str) -> bool:
    """A deadline stated: "It set an Oct. 27 deadline", "within 15 business days"."""
    return bool(_DEADLINE.search(text))


def states_exact_date(text: str) -> bool:
    """A calendar date or year, not only "this week"."""
    return bool(_EXACT_DATE.search(text))


def introduces_person(text: str) -> bool:
    """A name with its title ("Police Superintendent Michael Harrison", "Hayne Rainey, a ...")."""
    return bool(_TITLED_NAME.search(text))


_ABOUT_MONEY = re.compile(
    r"\b(?:money|dollars?|cost|costs|funding|budget|salary|paid|spend|spent)\b"
    r"|\$(?!\s?\d)",  # "how much grant $": the sign for the word
    re.I,
)
_MONEY = re.compile(
    r"\$\s?\d[\d,.]*(?:\s*(?:million|billion|thousand))?|\b\d[\d,.]*\s*(?:million|billion)?\s*dollars\b",
    re.I,
)
_DATE_NUMBER = re.compile(rf"\b(?:{_MONTHS})\s+\d{{1,2}}\b|\b(?:19|20)\d\d\b", re.I)
# "the number of the bill", "the number of that ordinance": the number naming one thing.
_NAMING_NUMBER_OF = (
    r"(?:the|this|that)\s+(?:[\w'’.-]+\s+){0,3}?"
    r"(?:bill|law|ordinance|act|case|order|statute|amendment|resolution|measure|district)\b"
)
# A number naming something, after a capitalised word mid-sentence: "House Bill 1148", "HB 56".
_NAMED_NUMBER = re.compile(r"(?<=[\w,] )[A-Z][a-zA-Z]*\.?\s+\d[\d,]*\b")
# "What number is the bill?", "the bill's number", "the number of the bill": the number that
# names it is the answer ("the number of deportations" is a count).
_ASKS_NUMBER_OF_NAME = re.compile(
    rf"\bnumber\b(?!\s+of\b)|\bnumber\s+of\s+{_NAMING_NUMBER_OF}", re.I
)


_COUNTED = re.compile(r"\bhow (many|long)\b((?:\s+[\w.'’-]+){0,4})", re.I)
# "What is the number of deportations?" (not "the number of the bill": `_ASKS_NUMBER_OF_NAME`).
_NUMBER_OF = re.compile(
    rf"\b(number) of\b(?!\s+{_NAMING_NUMBER_OF})((?:\s+[\w.'’-]+){{1,3}})", re.I
)
_DURATION_UNITS = frozenset(
    ["second", "minute", "hour", "day", "week", "month", "year", "decade", "business"]
)
_COUNTED_NOUN_ENDS = re.compile(
    r"\b(?:has|have|had|did|does|do|is|are|was|were|will|would|can|could)\b", re.I
)
_COUNT_MODIFIERS = frozenset(["new", "more", "other", "such", "different", "additional", "extra"])
_NUMBER_WORD = re.compile(_NUMBER.pattern + r"$", re.I)
# Words that end the noun phrase after a number: "several lawsuits from targeted cities".
_NOUN_PHRASE_ENDS = frozenset(
    "of from in for to by with at on as that which who and or but than after before".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Count:
    """What a "how many" or "how long" question counts."""

    things: frozenset[str]  # stems: "how many U.S. cities fall" -> us, city, fall
    required: bool  # "how many cities" wants a count of cities; "how long" may be a date too
    # The noun counted, where a verb ends the phrase: "request" in "how many ICE detainer
    # requests has the jail turned down", which "1,000 new ICE officers" does not count.
    head: str | None = None

    def stated_in(self, text: str) -> bool:
        """A number stands just before a counted thing: "more than 300 such cities", "within 15
        business days" — the count asked for, not any number in the passage."""
        wanted = {self.head} if self.head else self.things
        tokens = words(_DATE_NUMBER.sub(" ", text))
        for i, token in enumerate(tokens):
            if not _NUMBER_WORD.match(token):
                continue
            for t in tokens[i + 1 : i + 5]:  # up to the noun: "500 new border patrol agents"
                if t in _NOUN_PHRASE_ENDS:
                    break  # "several lawsuits from targeted cities" counts lawsuits
                if stem(t) in wanted:
                    return True
        return False


def counted(question: str) -> Count | None:
    """The count a question asks for; None when it asks for none."""
    m = _COUNTED.search(question)
    if m and m.group(1).lower() == "long":
        return Count(_DURATION_UNITS, required=False)
    if not m and not re.search(r"\bhow much\b", question, re.I):
        m = _NUMBER_OF.search(question)  # not "By how much did the number of … grow?"
    if not m:
        return None
    # The counted noun ends at the verb: "how many people has ICE deported" counts people.
    phrase = _COUNTED_NOUN_ENDS.split(m.group(2), maxsplit=1)
    said = [t for t in terms(phrase[0]) if t not in _COUNT_MODIFIERS]
    if not said:
        return None
    head = said[-1] if len(phrase) > 1 else None
    return Count(frozenset(said), required=True, head=head)


def wants(question: str) -> Wants:
    if _ASKS_NUMBER.search(question):
        asks_amount = re.search(
            r"\bhow (?:much|many dollars)\b|\bwhat (?:amount|sum)\b", question, re.I
        )
        return Wants.MONEY if asks_amount and _ABOUT_MONEY.search(question) else Wants.NUMBER
    if _ASKS_PARTY.search(question):
        return Wants.PARTY  # "What party is Senator Vitter in?": a party, said of him
    if _ASKS_MONTH.search(question):
        return Wants.MONTH  # "In which month ...?": a year alone does not say
    if _ASKS_EXACT_DATE.search(question):
        return Wants.EXACT_DATE
    if _ASKS_DATE.search(question):
        return Wants.DATE
    if _ASKS_PERSON.search(question):
        return Wants.PERSON
    return Wants.ANY


_POSSESSIVE = re.compile(r"['’]s$")
# A lone capitalised word is a name mid-sentence ("supporter of Philadelphia's") or before a verb
# of saying or being ("Kenney has been ..."); never a day or a month.
_LONE_NAME = re.compile(
    r"(?<=[a-z,;] )[A-Z][a-z]{2,}\b"
    r"|(?:^|(?<=[.?!\"”] ))[A-Z][a-z]{2,}(?=\s+(?:has|had|have|is|was|said|says|told|wrote)\b)"
    r"|(?:^|(?<=[.?!\"”] ))(?![A-Z][a-z]+ly\b)[A-Z][a-z]{2,}(?=,)"  # "Landry, in a press release, …"
)
# Words that open a sentence before a comma without naming anyone ("However, …").
_SENTENCE_OPENERS = frozenset(
    "However Meanwhile Still Instead Indeed Yet Also Now Then Thus Therefore Moreover Furthermore"  # noqa: SIM905
    " Nevertheless Nonetheless Otherwise Likewise Similarly Today Yesterday Tomorrow Last First"
    " Second Third Again Earlier Later Previously Afterward Afterwards Overall Besides Hence"
    " Consequently Meantime Regardless Yes No Well Ultimately Initially Eventually Recently"
    " Currently Additionally Specifically Notably Separately Elsewhere Here There Once Since"
    " Although Though While When Where After Before Because Unless Until".split()
)
_CALENDAR = re.compile(rf"(?i:{_MONTHS}|(?:mon|tues|wednes|thurs|fri|satur|sun)day)")


# Cached: every candidate sentence of an answer is checked against the same question, and the same
# sentences recur across questions.
@lru_cache(maxsize=1 << 15)
def _found(kind: Wants, text: str, people_only: bool = False) -> frozenset[str]:
    """Facts of the kind in the text, lowercased."""
    if kind is Wants.DATE:
        return frozenset(m.group(0).lower() for m in _DATE.finditer(text) if not _verb_not_month(m))
    if kind is Wants.EXACT_DATE:
        return frozenset(
            m.group(0).lower() for m in _EXACT_DATE.finditer(text) if not _verb_not_month(m)
        )
    if kind is Wants.MONTH:  # capitalised: "may" and "march" are verbs too
        return frozenset(
            m.group(0).lower() for m in _MONTH.finditer(text) if m.group(0)[0].isupper()
        )
    if kind is Wants.NUMBER:
        return _numbers(text)
    if kind is Wants.MONEY:
        return frozenset(m.group(0).lower() for m in _MONEY.finditer(text))
    if kind is Wants.PERSON:
        names = set()
        for m in _PERSON.finditer(text):
            parts = [_POSSESSIVE.sub("", p) for p in m.group(0).split()]  # Sheriff’s -> Sheriff
            parts = [p for p in parts if p.rstrip(".") not in _NOT_PERSON]
            if people_only:
                parts = [p for p in parts if p.rstrip(".") not in _ORGANISATION_WORDS]
            names.update(
                p.lower()
                for p in parts
                if len(p) > 2 and not _ROLE_WORD.fullmatch(p.lower().rstrip("."))
            )
        if not people_only:
            names.update(
                m.group(0).lower()
                for m in _LONE_NAME.finditer(text)
                if m.group(0) not in _NOT_PERSON
                and m.group(0) not in _SENTENCE_OPENERS
                and not _CALENDAR.fullmatch(m.group(0))
            )
        return frozenset(names)
    return frozenset({"*"})


def people_named(text: str) -> frozenset[str]:
    """The words of the people's names the text gives, lowercased ("loretta", "lynch"); not
    institutions ("Justice Department")."""
    return _found(Wants.PERSON, text, people_only=True)


def _verb_not_month(m: re.Match[str]) -> bool:
    """'may' and 'march' in lower case are verbs: "NOPD policies 'may' violate the statute"
    gives no date."""
    return m.group(0).split()[0] in ("may", "march")


@lru_cache(maxsize=1 << 15)
def _numbers(text: str, names_too: bool = False) -> frozenset[str]:
    """Numbers that are not part of a date, nor of a name ("House Bill 1148") unless wanted."""
    text = _DATE_NUMBER.sub(" ", text)
    if not names_too:
        text = _NAMED_NUMBER.sub(" ", text)
    return frozenset(m.group(0).lower().strip("$,.") for m in _NUMBER.finditer(text))


def holds(kind: Wants, passage: str, question: str = "", purpose: str | None = None) -> bool:
    """Does the passage state a fact of the wanted kind that the question does not already give?
    Money asked for a `purpose` (`money_purpose`) must be money for it."""
    if kind is Wants.ANY:
        return True
    if kind is Wants.PARTY:
        return states_party_of(question, passage)
    if kind is Wants.NUMBER and _ASKS_NUMBER_OF_NAME.search(question):
        return bool(_numbers(passage, names_too=True) - _numbers(question, names_too=True))
    if kind is Wants.MONEY and purpose:
        return _spent_on(purpose, passage, _found(kind, question))
    return bool(_found(kind, passage) - _found(kind, question))


# "… set aside for deportations and detainers?", "… boost funding to expand detention centers?":
# the words after the last such preposition, to the end of the question.
_MONEY_PURPOSE = re.compile(
    r"\b(for|to|toward|towards|on)\s+(?:an?\s+|the\s+)?((?:[\w'’.-]+\s+){0,4}[\w'’.-]+)" + END, re.I
)
_PURPOSE_WINDOW = 6  # words beside an amount, within its clause, that can say what it is for
_CLAUSE_BREAK = re.compile(r"[,;:()]")


@lru_cache(maxsize=1024)
def money_purpose(question: str) -> str | None:
    """The stem of the last word of what a question asks money to be for ("… for a border wall?"
    -> wall), or None when it says none: "to spend" names no purpose, and "for New Orleans" or
    "to Landry" names who gets the money, not what it is for."""
    asked = re.split(r"[?!]", question, maxsplit=1)[0].rstrip(" .")
    m = _MONEY_PURPOSE.search(asked)
    if not m or all(w[0].isupper() for w in m.group(2).split()):
        return None
    said = terms(m.group(2))
    if not said or (m.group(1).lower() == "to" and len(said) < 2):
        return None
    return said[-1]


def _spent_on(purpose: str, passage: str, given: frozenset[str]) -> bool:
    """An amount the question does not give, said to be for the purpose: "$1.5 billion for
    deportations and detainers" is money for detainers, not for a border wall; so is "The wall
    would cost $21 billion" money for the wall. Only the amount's own clause counts."""
    amounts = list(_MONEY.finditer(passage))
    for i, m in enumerate(amounts):
        if m.group(0).lower() in given:
            continue
        start = amounts[i - 1].end() if i else 0
        end = amounts[i + 1].start() if i + 1 < len(amounts) else len(passage)
        before = _CLAUSE_BREAK.split(passage[start : m.start()])[-1]
        after = _CLAUSE_BREAK.split(passage[m.end() : end])[0]
        near = words(before)[-_PURPOSE_WINDOW:] + words(after)[:_PURPOSE_WINDOW]
        if purpose in {stem(w) for w in near}:
            return True
    return False


_QUESTION_OPENERS = frozenset(
    "what which who whom whose when where why how is was are were did does do in the a an".split()  # noqa: SIM905
)

# Party names, and the "R-Denham Springs" of a lawmaker's party and home town.
_PARTY = re.compile(
    r"\b(?:Republican|Democrat(?:ic)?|GOP|Libertarian)\b|(?<![\w-])[RD]-[A-Z][a-z]+"
)
_SUBJECT_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
_NEAR_WORDS = 4
_TITLE_ABBREVIATIONS = {"senator": "sen", "governor": "gov", "representative": "rep"}


def states_party_of(question: str, passage: str) -> bool:
    """The passage gives the party of someone the question names, right beside them: "the
    Republican senator", "Sen. David Vitter, a Republican", "Valarie Hodges, R-Denham Springs".
    A party mentioned near someone else ("the mayor compared the Republican senator ...") is not
    the mayor's party."""
    subjects = {
        w.lower()
        for w in _SUBJECT_WORD.findall(question)
        if w.lower() not in _QUESTION_OPENERS and not _PARTY.fullmatch(w)
    } | {m.group(0).lower() for m in _ROLE.finditer(question)}
    subjects |= {_TITLE_ABBREVIATIONS[s] for s in subjects if s in _TITLE_ABBREVIATIONS}
    if not subjects:
        return False
    for m in _PARTY.finditer(passage):
        # Up to a comma: "Hodges, R-Denham Springs, would require Landry" gives Hodges's party.
        after = words(passage[m.end() :].split(",")[0])[:_NEAR_WORDS]
        before = passage[: m.start()].rstrip()
        if any(w in subjects for w in after):
            return True  # "Republican Sen. David Vitter", "the Republican senator"
        # "Vitter, a Republican", "Hodges, R-Denham Springs"
        beside = before.endswith((",", "(", " a", " the"))
        if beside and any(w in subjects for w in words(before)[-_NEAR_WORDS:]):
            return True
    return False


_ASKS = r"(?:who|whom|whose|what|when|where|why|how|which|did|does|do|is|was|were|are)\b"
_SPLIT = re.compile(
    rf"(?:,?\s+and\s+(?=(?:(?:by|in|on|at|for|from|to|with|until|after|before|since|during|under|about|of|against)\s+)?{_ASKS})"
    rf"|(?:\?\s+|;\s+|,\s+)(?={_ASKS}))",  # "…, and by what date did …?"
    re.I,
)


_QUESTION_WORD = re.compile(
    r"\b(?:who|whom|whose|what|when|where|why|how|which)\b"
    r"|^\s*(?:did|does|do|is|was|were|are|has|have|had|can|could|will|would)\b",
    re.I,
)


def split_parts(question: str) -> list[str]:
    """'Who X and when Y?' -> ['Who X', 'when Y?']; 'Which came first, X or Y?' -> ['When was
    X?', 'When was Y?']; a single question stays whole."""
    return list(_split_parts(question))


# "Which came first, the NOPD consent decree or Sheriff Gusman's jail policy?" is answered by
# when each was: two parts, "When was the NOPD consent decree?" and "When was … policy?".
_WHICH_FIRST = re.compile(
    r"^\s*(?:which|what)(?:\s+one)?\s+(?:came|happened|was|occurred|started|began)\s+"
    r"(?:first|earlier|sooner|last|later)\s*[,:-]?\s+(.{3,}?)\s+or\s+(.{3,}?)\s*[?.!]*" + END,
    re.I,
)


# Two question words asked of one thing: "gusman's policy - when + why?" and "when and why did
# Gusman adopt it?" are "When …?" and "Why …?" of it.
_ASKED_WORD = r"who|when|where|why|how"
_PAIRED = rf"(?P<first>{_ASKED_WORD})\s*(?:and|\+|&)\s*(?P<second>{_ASKED_WORD})"
_PAIRED_AFTER = re.compile(rf"^\s*(?P<thing>.{{3,}}?)\s*[-–—:,]?\s+{_PAIRED}\s*[?.!]*" + END, re.I)
_PAIRED_BEFORE = re.compile(rf"^\s*{_PAIRED}\s+(?P<thing>.{{3,}}?)\s*[?.!]*" + END, re.I)


@lru_cache(maxsize=1024)
def _split_parts(question: str) -> tuple[str, ...]:
    first_of = _WHICH_FIRST.match(question)
    if first_of:
        return tuple(f"When was {thing}?" for thing in first_of.groups())
    paired = _PAIRED_AFTER.match(question)
    if paired and _QUESTION_WORD.search(paired["thing"]):
        paired = None  # "who wrote it, when and why": a question before them, not a thing
    paired = paired or _PAIRED_BEFORE.match(question)
    if paired:
        return tuple(f"{paired[w].capitalize()} {paired['thing']}?" for w in ("first", "second"))
    parts = [p.strip(" ,;") for p in _SPLIT.split(question) if p and p.strip(" ,;?")]
    parts = [p for p in parts if len(p.split()) >= 2]
    if parts and not _QUESTION_WORD.search(parts[0]):
        return (question,)  # "After the memo, what did he say?": a lead-in, not a question
    if len(parts) < 2:
        return (question,)
    first = action_of_named(parts[0])
    if first:  # "When did Landrieu write …, and what did he ask them?": he is Landrieu
        parts[1:] = [name_the_subject(p, first.subject) for p in parts[1:]]
    return tuple(parts)


# A later part's subject pronoun, after the auxiliary that asks about the act ("what did he ask").
_PRONOUN_SUBJECT = re.compile(
    r"\b((?i:did|does|do|will|would|has|have|had|is|was))\s+(he|she|they)\b"
)


_YES_NO = re.compile(
    r"^\s*(?:and\s+)?(?:did|does|do|is|was|were|are|has|have|had|will|would|can|could)\b", re.I
)
# "the sheriff's jail", and "the sheriff rule" typed without the "'s": a role owning a thing.
_IS_POSSESSED = re.compile(r"['’]s\b|\s+(?:rules?|polic(?:y|ies)|jail|office)\b", re.I)
_ROLE = re.compile(rf"\b(?:{_PERSON_ROLES}|attorney general|assistant attorney general)\b", re.I)
_ASKED_ROLE = re.compile(
    rf"\b(?:which|what)\s+(?:[\w.-]+\s+){{0,2}}?({_PERSON_ROLES}|attorney general)\b"
    # "Who's the sheriff Vitter went after along with the mayor …?": the sheriff
    rf"|^\s*(?:and\s+)?who(?:['’]s|\s+is|\s+was)\s+the\s+(?:[\w.-]+\s+){{0,2}}?"
    rf"(assistant attorney general|attorney general|{_PERSON_ROLES})\b"
    rf"(?=\s+(?!(?:{_PERSON_ROLES})\b)\w)",  # not "chief" in "the chief judge"
    re.I,
)
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]+")
# Roles any named person fills: they narrow nothing.
# "the feds guy": a person; "those 2 guys" are two men, whom a name must be beside.
_GENERIC_ROLES = frozenset(["person", "people", "official", "officer", "leader", "guy"])


# "Is she a Republican or a Democrat?" asks to choose, not to confirm: "or" before the last word,
# but not "or not".
_CHOICE = re.compile(r"\bor\s+(?!not\b)[\w'’-]+(?:\s+[\w'’-]+){0,3}\s*\??" + END, re.I)


# "Was it the sheriff or the mayor who likened Vitter to Trump?" asks who, of two.
_CHOICE_OF_WHO = re.compile(
    r"^\s*(?:was|is|were)\s+it\s+(.{2,60}?\s+or\s+.{2,60}?)\s+(?:who|that|which)\b", re.I
)


def is_yes_no(question: str) -> bool:
    """A question answered by yes or no; a choice between alternatives is not one."""
    return (
        bool(_YES_NO.match(question))
        and not _CHOICE.search(question)
        and not _CHOICE_OF_WHO.match(question)
    )


def offered_choices(question: str) -> str:
    """The alternatives a choice question offers ("a Republican or a Democrat"): the question
    proposes them, it does not claim the articles mention them."""
    of_two = _CHOICE_OF_WHO.match(question)  # "Was it Kenney or Landrieu who …?"
    if of_two:
        return of_two.group(1)
    m = _CHOICE.search(question)
    if not m or not _YES_NO.match(question):
        return ""
    before = question[: m.start()].split()[-2:]
    return " ".join([*before, question[m.start() :]])


# "What is Harrison's salary?": the thing owned ends the question, but for its question mark or
# the other spellings of its acronyms.
_OWNED = re.compile(r"([\w.-]+)['’]s\s+([a-z]+)\s*(?:\?|" + END + ")", re.I)
# "whats Kenney's actual job", "what is kenney's job in philadelphia": a word may come between
# the owner and their job, and where it is may follow.
_JOB_NOUNS = ("job", "title", "position", "role", "occupation", "profession", "post")
_OWNED_JOB = re.compile(
    rf"([\w.-]+)['’]s\s+(?:[a-z]+\s+)?({'|'.join(_JOB_NOUNS)})"
    r"(?:\s+(?:in|at|with|for)(?:\s+[\w.'’-]+){1,3})?\s*(?:\?|" + END + ")",
    re.I,
)


def owned_thing(question: str) -> tuple[str, str] | None:
    """The owner and the thing in a question ending "X's Y?" or "X's … Y?": "What is Harrison's
    salary?" -> ("harrison", "salary"), "whats Kenney's actual job" -> ("kenney", "job"). If no
    article says the one of the other, they cannot hold the answer, however much they say about
    X. The owner is someone named or titled: "the city's reply" is told as the mayor's letter."""
    m = _OWNED.search(question) or _OWNED_JOB.search(question)
    if not m or not (m.group(1)[0].isupper() or _ROLE.fullmatch(m.group(1))):
        return None
    return stem(m.group(1).lower()), stem(m.group(2).lower())


# What someone is asked to do for a living: "What is Mayorkas's job?" is answered by his title.
_JOB_WORDS = frozenset(stem(w) for w in _JOB_NOUNS)


def is_job(thing: str) -> bool:
    """The thing (stemmed) owned in "X's Y?" is what X does for a living: a job, title, post."""
    return thing in _JOB_WORDS


# Titles, as a job is told: `_PERSON_ROLES` but its words for anyone ("people", "critic"), with
# the titles' abbreviations and a few that are asked for by no role.
_NO_JOB = frozenset(
    "person official author leader critic men women man woman people guys guy".split()  # noqa: SIM905
)
_TITLES = "|".join(
    [role for role in _PERSON_ROLES.split("|") if role not in _NO_JOB]
    + [rf"{short}\." for short in _TITLE_ABBREVIATIONS.values()]
    + ["commissioner", r"council(?:man|woman|member)"]
)


def titles(owner: str, text: str) -> bool:
    """The text gives the owner (a stemmed surname) a title, before the name or after it and a
    comma: "U.S. Deputy Secretary of Homeland Security Alejandro Mayorkas", "Hayne Rainey, a City
    Hall spokesman"; not "Kenney has been an ardent supporter …"."""
    name = rf"{re.escape(owner)}\w*"
    return bool(
        re.search(rf"\b(?:{_TITLES})(?:\s+[\w.'’-]+){{0,5}}?\s+{name}\b", text, re.I)
        or re.search(
            rf"\b{name},\s+(?:a|an|the)\s+(?:[\w.'’-]+\s+){{0,4}}(?:{_TITLES})", text, re.I
        )
    )


# "When did Jeff Landry file his lawsuit against the city?": the noun "his" owns, up to a
# preposition or the end ("his 2013 policy", "his new lawsuit").
_HIS_THING = re.compile(
    r"\b(?:his|her|their)\s+(?:[\w-]+\s+){0,2}?([a-z]{3,})"
    r"(?=\s+(?:against|to|with|for|about|on|in|over|from|at|by|of|after|before)\b|\s*[?.!]|"
    + END
    + ")",
    re.I,
)


def thing_of_his(question: str) -> str | None:
    """The thing a question gives its subject with "his", "her" or "their", stemmed: "When did
    Landry file his lawsuit against the city?" -> "lawsuit"; None when it has none."""
    m = _HIS_THING.search(question)
    return stem(m.group(1).lower()) if m else None


_DERIVED = re.compile(r"(?:ization|isation|ism|ist|ize|ise|ment|ness|ity|ion|ance|ence)$")


def word_root(term: str) -> str:
    """The root a word's family shares: "criticism" -> "critic" (criticized, critics),
    "enforcement" -> "enforce"; a word with no derivational ending is its own root."""
    root = _DERIVED.sub("", term)
    return root if len(root) >= 5 else term


# Other words for a role: "Which city lawyer …?" is answered by "City Attorney Rebecca Dietz".
_ROLE_WORDS = {
    "guys": r"guys?|men|man",  # "the names of those 2 guys": the two men
    "guy": r"guys?|men|man",
    "spokesperson": r"spokes(?:person|man|woman)",
    "spokesman": r"spokes(?:person|man|woman)",
    "spokeswoman": r"spokes(?:person|man|woman)",
    "lawyer": r"lawyer|attorney",
    "lawmaker": r"lawmaker|legislator|representative|rep\.|senator|sen\.",
    "legislator": r"lawmaker|legislator|representative|rep\.|senator|sen\.",
    **{role: rf"{role}|{short}\." for role, short in _TITLE_ABBREVIATIONS.items()},
}


# "the judge's name", "the judges name": the name of the one holding the role.
_ROLE_NAME = re.compile(rf"\b({_PERSON_ROLES})(?:['’]s|s['’]?)\s+names?\b", re.I)


@lru_cache(maxsize=1024)
def _asked_roles(question: str) -> frozenset[str]:
    """The roles a who-question asks a name for: "judge" in "Which judge …?", "chief" in "the
    police chief", "judge" (not "chief") in "the chief judge"."""
    named = _ROLE_NAME.search(question)
    if named:  # "what's the judge's name?": the judge's
        return frozenset({named.group(1).lower()}) - _GENERIC_ROLES
    # "the sheriff's jail" names no role that is asked for: only roles that are not possessive.
    asked = _ASKED_ROLE.search(question)
    if not asked and _WHO_DID.search(question):
        return frozenset()  # "Who sued over the order a federal judge blocked?": whoever sued
    if asked:  # "Which federal official did the state attorney general write to?": an official
        return frozenset({(asked.group(1) or asked.group(2)).lower()}) - _GENERIC_ROLES
    # A title before a name ("Attorney General Sessions") is no role asked for either; "the
    # acting ICE director Landrieu rebutted" asks for the director.
    found = [
        m
        for m in _ROLE.finditer(question)
        if not _IS_POSSESSED.match(question, m.end())
        and not (m.group(0)[0].isupper() and _NAME_AFTER.match(question, m.end()))
    ]
    return (
        frozenset(
            m.group(0).lower()
            for i, m in enumerate(found)
            # "chief" in "chief judge" says which judge
            if not (i + 1 < len(found) and question[m.end() : found[i + 1].start()].isspace())
        )
        - _GENERIC_ROLES
    )


def asks_role_holder(question: str) -> bool:
    """ "Who is the police chief?", "Which judge …?": a name for a role."""
    return wants(question) is Wants.PERSON and bool(_asked_roles(question))


def asked_roles(question: str) -> frozenset[str]:
    """The roles a who-question asks a name for ("chief" in "Who is the police chief?")."""
    return _asked_roles(question) if wants(question) is Wants.PERSON else frozenset()


def _role_qualifiers(question: str, role: str) -> list[str]:
    """The words a question puts with a role: "police" in "the police chief", "deputy" and
    "police" in "the deputy police chief", "staff" in "chief of staff"."""
    m = re.search(rf"\b{re.escape(role)}\b", question, re.I)
    if not m:
        return []
    found = []
    for word in reversed(re.findall(r"[\w'’-]+", question[: m.start()])[-2:]):
        if word.lower() in STOPWORDS or word.lower() in _QUESTION_OPENERS:
            break
        found.append(word.lower())
    after = re.match(r"\s+of\s+(?:the\s+)?([\w'’-]+)", question[m.end() :], re.I)
    if after and after.group(1).lower() not in STOPWORDS:
        found.append(after.group(1).lower())
    return found


def _qualified(question: str, role: str, text: str, expand: Callable[[str], str]) -> bool:
    """The text says what the question puts with the role ("police" for "the police chief"),
    an acronym it uses counting as its words ("NOPD Chief")."""
    said = set(terms(expand(text)))
    return all(t in said for q in _role_qualifiers(question, role) for t in terms(q))


def names_the_role(
    question: str,
    evidence: str,
    beside: str = "",
    expand: Callable[[str], str] | None = None,
    titles_of: Callable[[str], frozenset[str]] | None = None,
) -> bool:
    """When a who-question names a role ("Which judge", "the acting ICE director"), the evidence
    must name a person next to that role, not merely mention someone. The role may be given in
    the sentences `beside` it ("New York Mayor Bill de Blasio …" before "De Blasio has said").
    With `expand` (which spells out acronyms) the words the question puts with the role must be
    beside it too: "NOPD Chief Michael Harrison" for "the police chief", not "the fire chief".
    With `titles_of` (the titles the articles give a name), someone the articles title otherwise
    holds no other role: not Mayor Landrieu in "In a letter to Landrieu, the acting assistant
    attorney general threatened …" for "Who is the acting assistant attorney general?"."""
    roles = _asked_roles(question)
    if not roles:
        return True
    new_names = _found(Wants.PERSON, evidence, people_only=True) - _found(Wants.PERSON, question)
    if not new_names:
        return False
    text = f"{beside} {evidence}".lower()
    for role in roles:
        role_words = _ROLE_WORDS.get(role, re.escape(role))
        holders = new_names
        if titles_of is not None:  # "Mitch" goes with "Landrieu", titled the mayor
            titled_otherwise = set()
            for run in _NAME_RUN.finditer(evidence):
                names = [w.lower() for w in re.findall(r"[\w'’-]+", run.group(0))]
                if not _may_hold(role_words, titles_of(_POSSESSIVE.sub("", names[-1]))):
                    titled_otherwise |= set(names)
            holders = new_names - titled_otherwise
        # "attorney" asked is not "Attorney General Jeff Sessions": another title.
        asks_general = re.search(rf"\b{re.escape(role)}\s+general\b", question, re.I)
        other_title = "" if asks_general else r"(?!\s+general\b)"
        for m in re.finditer(rf"\b(?:{role_words}){other_title}", text):
            window = text[max(0, m.start() - 40) : m.end() + 40]
            if any(re.search(rf"\b{re.escape(n)}\b", window) for n in holders) and (
                expand is None or _qualified(question, role, window, expand)
            ):
                return True
    return False


def _may_hold(role_words: str, titles: frozenset[str]) -> bool:
    """Someone the articles give these titles (stems) may hold the role: no title known, or one
    among the role's words ("chief" for "police chief", "senator" for "lawmaker")."""
    if not titles:
        return True
    words_ = re.findall(r"[a-z]+", role_words.lower())
    return any(w in titles or stem(w) in titles for w in words_)


def titled_elsewhere(
    question: str,
    evidence: str,
    titles_of: Callable[[str], frozenset[str]],
    expand: Callable[[str], str],
) -> bool:
    """The evidence names someone the articles give the role asked for elsewhere, with the
    words the question puts with it: "NOPD Superintendent Michael Harrison" for "the police
    chief", as another article calls him "NOPD Chief Michael Harrison"."""
    new_names = _found(Wants.PERSON, evidence, people_only=True) - _found(Wants.PERSON, question)
    return any(
        {stem(w) for w in role.split()} <= titles_of(name)
        and _qualified(question, role, evidence, expand)
        for role in _asked_roles(question)
        for name in new_names
    )


# Kinds of thing whose names carry the kind: "Priority Enforcement Program", "House Bill 1148",
# "U.S. District Court".
_NAMED_KINDS = (
    r"program|programme|bill|act|committee|commission|division|bureau|initiative|"
    r"ordinance|amendment|task force|court"
)
_NOT_MODIFIER = r"(?!(?:the|a|an|to|of|in|on|for|did|does|do|is|was|were|are|has|have|had)\b)"
# "the name of the federal grant …", "which legal …", "what …": what comes before the kind asked.
_ASKED_BY_NAME = (
    rf"\b(?:names? of (?:the |a |an )?(?:[\w-]+\s+){{0,3}}?|(?:which|what)\s+"
    rf"(?:{_NOT_MODIFIER}[\w-]+\s+){{0,2}}?)"
)
_ASKED_THING = re.compile(rf"{_ASKED_BY_NAME}({_NAMED_KINDS})s?\b", re.I)
_NAME_OPENERS = r"(?!(?:The|A|An|This|That|These|Those|Its|Their|His|Her|Our|Under|In|On)\b)"


# Kinds of body asked for by name whose names need not carry the kind ("the Chicago Tribune" for
# "Which newspaper …?", "the ACLU" for "Which legal organization …?"): any name will do.
_NAMED_BODIES = re.compile(
    rf"{_ASKED_BY_NAME}(?:organi[sz]ations?|groups?|firms?|newspapers?|outlets?|nonprofits?|"
    rf"charit(?:y|ies)|compan(?:y|ies))\b",
    re.I,
)
_BODY_NAME = re.compile(r"(?<![.!?] )(?<!^)\b(?:[A-Z][\w&'’-]*\s+)*[A-Z][\w&'’-]*")


# "Which part of the Justice Department …?": a unit of it, by a name ending in a kind of unit the
# question does not give ("the Civil Rights Division", not "the U.S. Department of Justice").
_ASKED_UNIT = re.compile(
    r"\b(?i:which|what)\s+((?i:part|arm|branch|unit|office|division|section|component))\s+of\s+"
    r"(?:the\s+)?(?=[A-Z])"
)
_UNIT_NAME = re.compile(
    r"\b(?:[A-Z][\w&'’-]*\s+)+(Division|Office|Bureau|Section|Unit|Branch|Service|Agency|"
    r"Administration|Department|Program|Commission|Committee|Center|Council)\b"
)


def asks_unit(question: str) -> bool:
    """The question asks which part of a body: "Which division of the Justice Department …?"."""
    return bool(_ASKED_UNIT.search(question))


def names_the_thing(question: str, evidence: str) -> bool:
    """When a question asks which program, bill or committee ("What is the name of the grant
    program …?", "Which program did it join?"), the evidence must name one the question does not
    already name ("the Priority Enforcement Program", "House Bill 1148"), not merely mention
    "a grant" or "a House committee"; for which organization or newspaper, any body's name of
    several words or an acronym ("the Chicago Tribune", "the ACLU"), not a surname; for which
    part of a body, a unit's name ("the Civil Rights Division")."""
    given = set(words(question))
    unit = _ASKED_UNIT.search(question)
    if unit:  # "Which division of …?": a division's name, not one the question gives
        given.discard(unit.group(1).lower())
        return any(m.group(1).lower() not in given for m in _UNIT_NAME.finditer(evidence))
    if _NAMED_BODIES.search(question):
        return any(  # a body's name: "Southern Poverty Law Center", "ACLU"; not "Landrieu"
            (" " in m.group(0) or m.group(0).isupper()) and not set(words(m.group(0))) <= given
            for m in _BODY_NAME.finditer(evidence)
        )
    asked = _ASKED_THING.search(question)
    if not asked:
        return True
    kind = asked.group(1)
    named = re.compile(
        rf"((?:\b{_NAME_OPENERS}[A-Z][\w.&'’-]*\s+)+)(?i:{re.escape(kind)})s?\b(\s+\d+)?"
    )
    for m in named.finditer(evidence):
        if not set(words(f"{m.group(1)} {m.group(2) or ''}")) <= given:
            return True
    return False


_LEADS = re.compile(
    r"\b(?i:who)(?:['’]s\s+(?i:the\s+head\s+of|in\s+charge\s+of)|\s+(?i:heads|headed|leads|led|runs|"
    r"ran|directs|directed|chairs|chaired|commands|oversees|oversaw|(?:is|was)\s+in\s+charge\s+of|"
    r"(?:is|was)\s+the\s+head\s+of))"
    r"\s+(?:the\s+)?((?:[A-Z][\w.'’-]*[?.,!]?(?:\s+|$))+)"
)
_LEADER_TITLES = (
    r"chief|superintendent|director|head|commissioner|president|secretary|chairman|chairwoman|"
    r"chair|commander|administrator"
)
_TITLE_PHRASE = re.compile(
    rf"((?:[A-Z][\w.'’-]*\s+)*(?:[a-z][\w'’-]*\s+)?)((?i:{_PERSON_ROLES}|attorney general))\b"
)


def _title_phrases(question: str) -> list[tuple[list[str], str]]:
    """(words that may stand just before the title, the title) for a who-question about a
    title: "the New Orleans City Attorney" -> (["City"], "Attorney"); "Who heads the New Orleans
    Police Department?" -> (its words and "NOPD", a leader's title)."""
    m = _LEADS.search(question)
    if m:
        org = []
        for w in m.group(1).split():
            org.append(w.strip(".,?!"))
            if w.endswith("?"):
                break  # the question ends; what follows is added to it (an acronym's spelling)
        initials = "".join(w[0] for w in org)
        return [([*(w for w in org if len(w) > 2), initials], _LEADER_TITLES)]
    out = []
    for m in _TITLE_PHRASE.finditer(question):
        before = [
            w
            for w in m.group(1).split()
            if w not in _NOT_PERSON and w.lower() not in _QUESTION_OPENERS
        ]
        if before and not _IS_POSSESSED.match(question, m.end()):
            out.append(([before[-1]], re.escape(m.group(2))))
    return out


def names_the_titled(question: str, evidence: str) -> bool:
    """The evidence names someone by the very title the question asks about, beside the name:
    "New Orleans City Attorney Rebecca Dietz" for "Who is the New Orleans City Attorney?", "NOPD
    Superintendent Michael Harrison" for "Who heads the New Orleans Police Department?"."""
    name = rf"{_NAME_WORD}(?:\s+{_NAME_WORD})+"
    for before, title in _title_phrases(question):
        words_before = "|".join(re.escape(w) for w in before if w)
        if words_before and re.search(rf"\b(?i:{words_before})\s+(?i:{title})\s+{name}", evidence):
            return True
    return False


# "… did" after a question word, with a word or two between ("What reason did …"), not a date
# word ("What year did …"): what comes next is who is asked about.
_THEN_DID = (
    r"(?:(?!(?:date|day|time|year|month)\b)[a-z]+\s+){0,2}?"
    r"(?i:did|does|do|will|would|has|have|had)"
)
_ACTION_OF_NAMED = re.compile(
    rf"(?:\b((?i:how|what|why|when|where))\s+{_THEN_DID}"
    r"|^\s*((?i:did|has|have)))\s+(?:the\s+)?"
    rf"(?:(?:[A-Za-z]+\s+)?(?:{_PERSON_ROLES})\s+)?"  # "what did Philadelphia mayor Kenney say"
    # Not an owner: "What did Louisiana's attorney general ask …?" names no one acting.
    r"((?:[A-Z][\w.'’-]*\s+)+)(?<!['’]s\s)(?:(?!reply\b)[a-z]{2,}ly\s+)?"
    r"(?:(?:ever|also|still|even|already|then|again|first|later|eventually)\s+){0,2}([a-z]+)\b"
)
# "get back to", "write back", "fire back": answering, told in any words like "respond".
_SAID_BACK = frozenset("say get write hit fire shoot call talk speak".split())  # noqa: SIM905
# "what did Kenney say back", "What did Jeh Johnson say in reply to the letter …?"
_BACK = re.compile(r"\s+(?:back\b|in\s+(?:reply|response|answer)\s+to\b)", re.I)
_UP = re.compile(r"\s+up\b", re.I)
_BACK_TO = re.compile(r"\s+back\s+to\b", re.I)  # "get back to him", not "get back from D.C."
_PERFECT = re.compile(r"\b(?i:has|have|had)\s+$")
# "Why did the federal judge fine New Orleans …?": an event told of someone unnamed, whose
# first words after "the" hold the subject and, within three words, the act.
_EVENT_OF_UNNAMED = re.compile(
    rf"\b(?:why|when|where)\s+{_THEN_DID}\s+(?:the|a|an|his|her|their|its)\s+"
    r"((?:[\w'’-]+\s+){0,2}[\w'’-]+)",
    re.I,
)


def event_words(question: str) -> list[str]:
    """The words that tell who did what in a question taking an unnamed subject's act for a
    fact: "Why did the federal judge fine …?" -> federal, judge, fine. An act the articles never
    tell of in any form is an event they do not report."""
    m = _EVENT_OF_UNNAMED.search(question)
    return m.group(1).lower().split() if m else []


# "Who beat Vitter in the governor's race?": the act the one asked for did, which the articles
# must tell of in some form; not a verb of holding a role ("Who heads the NOPD?"), told as a
# title, nor one of saying, taking a side or answering, told in any words.
_WHO_DID = re.compile(
    r"^\s*(?:and\s+)?who\s+(?!(?:is|was|are|were|has|have|had|did|does|do|will|would|can|could"
    r"|should|else|exactly|there|in|of|from|at)\b)([a-z]{2,}(?:-[a-z]+)?)\b",
    re.I,
)
_ROLE_VERBS = frozenset(
    "head lead run oversee chair direct manage command represent serve".split()  # noqa: SIM905
)


def act_of_whom_asked(question: str) -> str | None:
    """The verb of "Who beat Vitter …?" in its base form ("beat"), or None when the question is
    not "Who <verb> …?" or its verb is told in other words (holding a role, saying something,
    taking a side, answering, coming away with something)."""
    m = _WHO_DID.search(question)
    if not m:
        return None
    verb = base_form(m.group(1).lower())
    if verb.endswith("s") and not verb.endswith("ss"):
        verb = verb[:-1]  # "heads" -> head
    return None if verb in _TOLD_IN_OTHER_WORDS else verb


# "What did the appeals court end up deciding?", "Who ended up beating Vitter?": how things
# turned out, an act the articles must tell of in some form.
_ENDED_UP = re.compile(
    r"\b(?:end|ends|ended|ending|wind|winds|wound)\s+up\s+([a-z]{3,})ing\b", re.I
)


def ended_up_verbs(question: str) -> list[str]:
    """The base forms the verb after "end up" may have: "deciding" -> decid, decide; "beating"
    -> beat, beate; "cutting" -> cutt, cut; [] when the question has no "end up …ing"."""
    m = _ENDED_UP.search(question)
    if not m:
        return []
    stem_ = m.group(1).lower()
    forms = [stem_, f"{stem_}e"]
    if len(stem_) > 3 and stem_[-1] == stem_[-2]:
        forms.append(stem_[:-1])  # "cutting" -> cut
    return forms


# Verbs asking how someone answered something: the articles tell of it in many words ("fired
# back", "wrote in a letter back", "said"), so the check is that the person spoke, not the verb.
_RESPONSE_VERBS = frozenset(["answer", "respond", "react", "reply"])
# Their words, as the question's terms: asking how someone answered says nothing of what about.
RESPONSE_TERMS = frozenset(t for v in _RESPONSE_VERBS for t in terms(v))
_SPOKE = (
    r"(?:said|says|wrote|writes|responded|responds|replied|replies|answered|answers|reacted|"
    r"reacts|argued|argues|countered|counters|insisted|insists|suggested|suggests|vowed|vows|"
    r"told|tells|declared|declares|fired back|shot back|wrote back|hit back|pushed back)"
)


# Verbs asking what someone said: "What reason did Landry give …?" is answered where Landry
# speaks ("… ," Landry said in a telephone interview), in whatever verb.
_SAYING_VERBS = frozenset(
    "say tell give argue claim write warn accuse call describe insist suggest explain contend"  # noqa: SIM905
    " state add note predict promise pledge vow cite blame charge characterize portray label"
    " credit attribute mention raise".split()
)
# Taking a side is said in any words too: "What did Landrieu object to …?" is answered by his
# "Unfortunately, … includes a proposal …", though no article says "object".
_STANCE_VERBS = frozenset(
    "object complain criticize praise cheer applaud defend deny dispute reject oppose condemn"  # noqa: SIM905
    " denounce".split()
)
# So is what someone came away with: "What did Chicago win in court?" of "a federal judge sided
# with the city, issuing a preliminary injunction".
_OUTCOME_VERBS = frozenset("win lose get receive gain obtain earn secure".split())  # noqa: SIM905
# Acts a who-question may ask of in any words (`act_of_whom_asked`).
_TOLD_IN_OTHER_WORDS = (
    _ROLE_VERBS | _SAYING_VERBS | _STANCE_VERBS | _RESPONSE_VERBS | _OUTCOME_VERBS
)


@dataclass(frozen=True)
class NamedAction:
    subject: str  # "Loretta Lynch"
    verb: str  # "answer"
    asked: str = "what"  # "how", "what", "why", "when", "where", or "did"/"has" (yes or no)

    @property
    def is_response(self) -> bool:
        verb = self.verb  # "Has Lynch answered …?": the participle too
        base = f"{verb[:-3]}y" if verb.endswith("ied") else verb.removesuffix("ed")
        return verb in _RESPONSE_VERBS or base in _RESPONSE_VERBS

    @property
    def is_saying(self) -> bool:
        return self.verb in _SAYING_VERBS

    @property
    def is_event(self) -> bool:
        """Asked why, when or where it happened, or what was done ("What did the Justice
        Department decide?"): the question takes the act for a fact. What someone said may be
        told in any words, and so may an answer."""
        if self.is_response:
            return False
        return self.asked in ("why", "when", "where") or (
            self.asked == "what"
            and not self.is_saying
            and self.verb not in _STANCE_VERBS | _OUTCOME_VERBS
        )


def verb_forms(verb: str) -> list[str]:
    """The forms a verb may take in the articles: "sue" -> sue, sues, sued, suing; "say" ->
    said. The stemmer leaves short forms apart ("sued" stays "sued"), so each form is looked up."""
    base = verb[:-1] if verb.endswith("e") else verb
    return [verb, f"{verb}s", f"{base}ed", f"{base}ing", f"{verb}d", *_IRREGULAR.get(verb, ())]


# Past forms of common verbs that do not end in -ed.
_IRREGULAR = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "give": ("gave", "given"),
    "send": ("sent",),
    "make": ("made",),
    "take": ("took", "taken"),
    "get": ("got", "gotten"),
    "bring": ("brought",),
    "hold": ("held",),
    "lead": ("led",),
    "speak": ("spoke", "spoken"),
    "meet": ("met",),
    "pay": ("paid",),
    "seek": ("sought",),
    "find": ("found",),
    "keep": ("kept",),
    "leave": ("left",),
    "begin": ("began", "begun"),
    "win": ("won",),
    "lose": ("lost",),
    "think": ("thought",),
}

_BASE_OF_IRREGULAR = {form: verb for verb, forms in _IRREGULAR.items() for form in forms}

_NAME_RUN = re.compile(r"(?:\b[A-Z][\w.'’-]*\s+)*\b[A-Z][\w'’-]*")


def first_named(text: str) -> str | None:
    """The surname of the first name the text gives, its subject as a rule: "Landry" in "State
    Attorney General Jeff Landry asked …" and in "However, Landry said …"."""
    for m in _NAME_RUN.finditer(text):
        last = _POSSESSIVE.sub("", m.group(0).split()[-1])
        if last not in _NOT_PERSON and last not in _SENTENCE_OPENERS and len(last) > 2:
            return last
    return None


def named_in_answer(answer: str, question: str) -> str | None:
    """The surname of the person an answer to a who-question gives: its first name with a title
    ("Deputy Secretary of Homeland Security Alejandro Mayorkas", "Hayne Rainey, a spokesman"),
    the title the question asks for first ("Sheriff Marlin Gusman" for "Who is the sheriff?"),
    else its first name, that the question does not give itself."""
    given = set(words(question))
    titled = []
    for m in _TITLED_NAME.finditer(answer):
        name = m.group(0).split(",")[0]
        if "," not in m.group(0):  # "… Security Alejandro" goes on to "Mayorkas"
            name += _MORE_NAME.match(answer, m.end()).group(0)
        surname = _POSSESSIVE.sub("", name.split()[-1])
        if surname.lower() not in given:
            titled.append((m.group(0), surname))
    # "Who is the sheriff?": the one the answer titles so, not "U.S. Sen. David Vitter" before.
    roles = "|".join(_ROLE_WORDS.get(r, re.escape(r)) for r in _asked_roles(question))
    for title, surname in titled:
        if roles and re.search(rf"\b(?:{roles})", title, re.I):
            return surname
    if titled:
        return titled[0][1]
    name = first_named(answer)
    return name if name and name.lower() not in given else None


_MORE_NAME = re.compile(rf"(?:\s+{_NAME_WORD})*")
_OBJECT_WHO = re.compile(r"^\s*(?i:who|whom)\s+(?i:did|does|do|will|would|has|have)\s+(?=[A-Z])")


# "who's jeff landry", "Who is Alejandro Mayorkas?": asking who a named person is.
_WHO_IS_NAMED = re.compile(
    r"^\s*who(?:['’]s|\s+is|\s+was)\s+(?!(?:the|a|an|this|that|your|our)\b)"
    r"((?:[\w.'’-]+\s+){0,2}[\w.'’-]+)\s*\??" + END,
    re.I,
)


# A name opening an answer, as the subject of its verb: "Jeff Landry issued …", "Landry, in a
# press release, …". One word alone may be any word opening a sentence ("Policies that bar …"):
# it is a name before a comma or a verb of saying only.
_ANSWER_SUBJECT = re.compile(
    rf"^\s*(?:{_NAME_WORD}(?:\s+{_NAME_WORD})+(?=,|\s+[a-z])|{_NAME_WORD}(?=,|\s+{_SPOKE}\b))"
)


def referent(question: str, answer: str) -> str | None:
    """Whom "he" or "she" means in a follow-up to this question and answer: the one the question
    asks about for "who's jeff landry", the one the answer names for "Who runs the NOPD?", the one
    the question names as acting for "How long did Jeff Landry give Lynch …?" and "Who did Landry
    write to?"; None when neither is clear."""
    asked_about = _WHO_IS_NAMED.match(question)
    if asked_about and not _ROLE.search(asked_about.group(1)):
        return asked_about.group(1).split()[-1].capitalize()  # not "Louisiana" of the answer
    action = action_of_named(_OBJECT_WHO.sub("What did ", question))
    if _OBJECT_WHO.match(question) and action:
        return action.subject.split()[-1]
    if wants(question) is Wants.PERSON:
        return named_in_answer(answer, question)
    if action:
        return action.subject.split()[-1]
    # "how did the state attorney general react …" answered "Jeff Landry issued …": the one the
    # answer opens with, as its subject.
    opening = _ANSWER_SUBJECT.match(answer)
    name = first_named(opening.group(0)) if opening else None
    return name if name and name not in _ORGANISATION_WORDS else None  # not "Department"


def subject_pronoun(question: str) -> str | None:
    """The pronoun the question's verb asks about: "he" in "What did he say …?"."""
    m = _PRONOUN_SUBJECT.search(question)
    return m.group(2) if m else None


_HIS = re.compile(r"\bhis\b", re.I)


def asks_of_him_or_her(question: str) -> bool:
    """ "what did he say", "when was his policy adopted": a person the question does not name."""
    return subject_pronoun(question) in ("he", "she") or bool(_HIS.search(question))


def name_him_or_her(question: str, name: str, pronoun: str | None) -> str:
    """ "what did he say" -> "what did Landry say", "when was his policy adopted" -> "when was
    Gusman's policy adopted"; unchanged when the articles call the person otherwise (`pronoun`:
    "he", "she" or None for unknown)."""
    said = subject_pronoun(question)
    if said in ("he", "she"):
        return name_the_subject(question, name) if pronoun in (None, said) else question
    if pronoun in (None, "he"):
        return _HIS.sub(f"{name}'s", question, count=1)
    return question


def name_the_subject(question: str, name: str) -> str:
    """ "What did he say …?" -> "What did Harrison say …?": the pronoun the question's verb
    asks about, named, wherever a verb asks it again ("Did she answer, and what did she say?")."""
    said = subject_pronoun(question)
    return _PRONOUN_SUBJECT.sub(
        lambda m: f"{m.group(1)} {name}" if m.group(2) == said else m.group(0), question
    )


# "him", or "her" as the object of the verb ("give her to answer", "write to her"), not "her bill".
_OBJECT_PRONOUN = re.compile(
    r"\b(him|her)\b(?=\s*(?:[?.!,;]|$|(?:to|about|for|back|with|on|in|into|over|at|from|a|an|the"
    r"|that|whether|if|any|anything|what|why|how|when|where)\b))",
    re.I,
)


def object_pronoun(question: str) -> str | None:
    """ "he" for a question asking about "him", "she" for "her" as an object: "How long did he
    give her to answer?" -> "she"; None when it has neither ("her bill" is no object)."""
    m = _OBJECT_PRONOUN.search(question)
    if not m:
        return None
    return "he" if m.group(1).lower() == "him" else "she"


def name_the_object(question: str, name: str) -> str:
    """ "How long did Landry give her to answer?" -> "… give Lynch to answer?"."""
    return _OBJECT_PRONOUN.sub(name, question, count=1)


def people_in(text: str) -> list[str]:
    """The surnames of the people the text names, in order: the last word of each name run of
    at least two words that `people_named` takes for a person's ("U.S. Attorney General Loretta
    Lynch" -> Lynch)."""
    people = people_named(text)
    out = []
    for m in _NAME_RUN.finditer(text):
        run = m.group(0).split()
        last = _POSSESSIVE.sub("", run[-1])
        if len(run) > 1 and last.lower() in people and last not in out:
            out.append(last)
    return out


_OPENS_WITH_HE_OR_SHE = re.compile(
    r"^[\"“‘']?(?:(?:but|and|however|still|yet|also|then),?\s+)?(he|she)\b", re.I
)


def opens_with_he_or_she(sentence: str) -> str | None:
    """ "he" or "she" when the sentence opens on it ("He asked Lynch …", "But she said …")."""
    m = _OPENS_WITH_HE_OR_SHE.match(sentence)
    return m.group(1).lower() if m else None


_SAID_HE_OR_SHE = re.compile(
    rf"\b({_NAME_WORD}),?\s+(?:said|says|wrote|writes|added|argued|insisted|noted)\s+"
    r"(?:that\s+)?(he|she)\b"
)


def learn_pronouns(articles: Iterable[Sequence[str]]) -> dict[str, str]:
    """surname -> "he" or "she", as the articles (each a list of its sentences) refer to the
    person: "He asked Lynch …" after a sentence opening on Landry, "Landrieu said he …". A name
    referred to both ways, with neither twice as often, is left out."""
    votes: dict[str, Counter[str]] = {}
    for sentences in articles:
        for before, sentence in pairwise(sentences):
            pronoun = opens_with_he_or_she(sentence)
            name = pronoun and first_named(before)
            if name:
                votes.setdefault(name, Counter())[pronoun] += 1
        for sentence in sentences:
            for m in _SAID_HE_OR_SHE.finditer(sentence):
                votes.setdefault(m.group(1), Counter())[m.group(2)] += 1
    out = {}
    for name, counted_ in votes.items():
        (best, n), *rest = counted_.most_common()
        if not rest or n >= 2 * rest[0][1]:
            out[name] = best
    return out


def does(subject: str, verb: str, sentence: str) -> bool:
    """The sentence has the subject do the act, as its subject: "Landrieu asked the Justice
    Department …" for "What did Landrieu ask …?", "Landrieu, however, wrote"; not "Landry sent
    a letter … asking" nor "He asked Lynch …"."""
    name = re.escape(subject.split()[-1])
    finite = [f for f in dict.fromkeys(verb_forms(verb)) if not f.endswith("ing")]
    forms = "|".join(re.escape(f) for f in finite)  # "to Landrieu asking him": not his act
    return bool(
        re.search(
            rf"\b{name}\b(?:\s*,[^,]{{1,80}},)?\s+(?:(?:has|have|had|also|then|later)\s+)*"
            rf"(?:[a-z]+ly\s+)?(?:{forms})\b",
            sentence,
        )
    )


# "When was Harrison named superintendent?": the one named had it done to them, and its date
# is asked of them as "When did Harrison become superintendent?" is.
_WHEN_DONE_TO_NAMED = re.compile(
    r"\b(?i:when)\s+(?i:was|were)\s+(?:the\s+)?((?:[A-Z][\w.'’-]*\s+)+)([a-z]{2,}(?:ed|en))\b"
)


def action_of_named(question: str) -> NamedAction | None:
    """What the named subject is asked to have done: "How did Loretta Lynch ultimately answer
    …" -> (Loretta Lynch, answer); "When was Harrison named …?" -> (Harrison, name, when)."""
    m = _ACTION_OF_NAMED.search(question)
    if not m:
        done_to = _WHEN_DONE_TO_NAMED.search(question)
        if done_to:
            subject, participle = " ".join(done_to.group(1).split()), done_to.group(2)
            return NamedAction(subject, base_form(participle), "when")
        return None
    asked = (m.group(1) or m.group(2)).lower()  # "did" and "has" ask yes or no
    verb = m.group(4)
    if _PERFECT.search(question, m.start(), m.start(3)):  # "What has Landrieu said …?"
        verb = base_form(verb)
    if verb in _SAID_BACK and (_BACK_TO if verb == "get" else _BACK).match(question, m.end()):
        verb = "respond"  # "did she ever get back to him?", "what did Kenney say in reply"
    elif verb == "bring" and _UP.match(question, m.end()):
        verb = "mention"  # "What threat did Landry bring up …?"
    return NamedAction(" ".join(m.group(3).split()), verb, asked)


def base_form(participle: str) -> str:
    """The verb a past participle is of: "said" -> say, "vowed" -> vow, "argued" -> argue,
    "replied" -> reply; unchanged when it is none ("done" stays "done")."""
    if participle in _BASE_OF_IRREGULAR:
        return _BASE_OF_IRREGULAR[participle]
    if participle.endswith("ied"):
        return f"{participle[:-3]}y"
    if participle.endswith("ed"):
        known = _SAYING_VERBS | _STANCE_VERBS | _OUTCOME_VERBS | _RESPONSE_VERBS
        return participle[:-1] if participle[:-1] in known else participle[:-2]
    return participle


_ACTION_OF_TITLED = re.compile(
    rf"\b(how|what|why|when|where)\s+{_THEN_DID}\s+the\s+((?:[\w'’-]+\s+){{1,4}}[\w'’-]+)",
    re.I,
)


def action_of_titled(question: str, holder_of: Callable[[str], str | None]) -> NamedAction | None:
    """What a person the question names by title is asked to have done: "How did the sheriff
    respond …?" -> (Gusman, respond), when `holder_of` (the articles) gives that title to one
    person only."""
    m = _ACTION_OF_TITLED.search(question)
    if not m:
        return None
    after = m.group(2).split()
    for i, word in enumerate(after[:-1]):
        holder = holder_of(word)
        if holder:
            verbs = [w for w in after[i + 1 :] if not (w.endswith("ly") and len(w) > 4)]
            if verbs and verbs[0].isalpha() and verbs[0].islower():
                return NamedAction(holder.capitalize(), verbs[0], m.group(1).lower())
            return None
    return None


def speaks_in(subject: str, sentence: str) -> bool:
    """The sentence has the subject say or answer something: "Mitch Landrieu fired back",
    "Landrieu, however, suggested in a letter", "Landrieu has said", "said Landrieu"; not
    "He asked Lynch to respond" or "his letter to Lynch, saying …"."""
    name = re.escape(subject.split()[-1])
    return bool(
        re.search(
            rf"\b{name}\b(?:\s*,[^,]{{1,80}},)?\s+(?:(?:has|have|had)\s+)?(?:[a-z]+ly\s+)?"
            rf"{_SPOKE}\b",
            sentence,
        )
        or re.search(rf"\b(?:said|says)\s+(?:[A-Z][\w.'’-]*\s+)*{name}\b", sentence)
    )


def only_addressed(subject: str, sentence: str) -> bool:
    """The sentence names the subject only as the one written or spoken to: "Landry sent a
    letter to U.S. Attorney General Loretta Lynch asking her …", "He asked Lynch to respond";
    what it tells is not what they said."""
    name = re.escape(subject.split()[-1])
    named = len(re.findall(rf"\b{name}\b", sentence))
    addressed = len(
        re.findall(
            rf"\b(?:to|asked|asking|urged|urging|told|telling|warned|warning)\s+"
            rf"(?:[A-Z][\w.’'-]*\s+){{0,5}}{name}\b",
            sentence,
        )
    )
    return named > 0 and addressed == named
