"""Acronyms the articles themselves use ("New Orleans Police Department" <-> "NOPD"), and those a
reader may type for a phrase the articles spell out ("DHS", "NYC").

Learned from the corpus: a capitalised phrase whose initials appear as an all-caps word in the
articles. Questions are expanded with the other form so either spelling finds the evidence; an
acronym no article uses (in capitals, or in lower case without a vowel) is read as the name of an
institution the articles clearly give its letters.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import NamedTuple

from rag.text import STOPWORDS

# One line's capitalised phrase, possessives within it: "Orleans Parish Sheriff’s Office" (OPSO).
_PHRASE = re.compile(
    r"\b[A-Z][a-z]+(?:['’]s)?(?:[ \t]+(?:of|and|for|the|on)?[ \t]*[A-Z][a-z]+(?:['’]s)?)+"
)
_POSSESSIVE_END = re.compile(r"['’]s$")
_MOST_LETTERS = 6
_LOWER_CASE_LETTERS = 4  # "opso" in lower case is read as an acronym; "car" is a word
_ALL_CAPS = re.compile(rf"\b[A-Z]{{2,{_MOST_LETTERS}}}\b")
_SHORT_WORD = re.compile(rf"\b[A-Za-z]{{2,{_MOST_LETTERS}}}\b")
_VOWEL = re.compile(r"[aeiouAEIOU]")
_SMALL_WORDS = {"of", "and", "for", "the", "on"}
_LONGEST = 8  # words in a phrase an acronym abbreviates, small words included
# Words that open or close no name: "But New Orleans", "Ibarra Thursday".
_NOT_AT_THE_EDGE = STOPWORDS | {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
}  # fmt: skip
# A reader's own acronym abbreviates a body, an office or a place, not a person's name: the
# phrase it is read as must hold one of these words ("Department of Homeland Security", "Attorney
# General", "New York City", "House Bill"), so "OK" is never read as "Omar Keller".
_INSTITUTIONS = (
    "department office bureau agency administration authority service services commission "
    "committee council board court courts division police security enforcement patrol guard "
    "general attorney city county state states nation nations union association university "
    "college school house senate congress assembly legislature party bill act program center "
    "institute foundation federation organization corporation company bank network news times "
    "press post tribune journal"
)
_INSTITUTION_WORDS = frozenset(_INSTITUTIONS.split())


class Acronyms(NamedTuple):
    """What the articles abbreviate, and what a reader's acronym may stand for, all lowercase."""

    used: dict[str, str]  # phrase -> acronym, for the acronyms the articles use
    initials: dict[str, str]  # initials -> the one phrase the articles clearly give them


def _initials(words: list[str], keep_small: bool) -> str:
    return "".join(w[0].upper() for w in words if keep_small or w.lower() not in _SMALL_WORDS)


def learn_acronyms(texts: Iterable[str]) -> Acronyms:
    """The acronyms the articles use, with their phrases, and for initials the articles never
    use as a word the capitalised phrase they most often give them: "DHS" for "Department of
    Homeland Security". A phrase must name an institution, and be at least twice as common as
    any other with the same initials (a phrase standing alone counting twice); otherwise the
    initials stand for nothing."""
    texts = list(texts)
    caps = {m.group(0) for t in texts for m in _ALL_CAPS.finditer(t)}
    used: dict[str, str] = {}
    phrases: dict[str, Counter[str]] = {}
    for text in texts:
        for m in _PHRASE.finditer(text):
            words = m.group(0).split()
            while words and words[0].lower() in _NOT_AT_THE_EDGE:
                words.pop(0)  # "The Office of …", "But New Orleans …"
            while words and words[-1].lower() in _NOT_AT_THE_EDGE:
                words.pop()
            # Every contiguous sub-phrase may be the one abbreviated ("U.S. Immigration and ...").
            for i in range(len(words)):
                for j in range(i + 2, min(len(words), i + _LONGEST) + 1):
                    sub = words[i:j]
                    if sub[0].lower() in _SMALL_WORDS or sub[-1].lower() in _SMALL_WORDS:
                        continue
                    phrase = _POSSESSIVE_END.sub("", " ".join(sub).lower())
                    for acronym in dict.fromkeys((_initials(sub, False), _initials(sub, True))):
                        if acronym in caps:  # the variant keeping small words wins ("DOJ")
                            used[phrase] = acronym.lower()
                        elif (
                            len(acronym) <= _MOST_LETTERS
                            and sub[0].lower() not in _NOT_AT_THE_EDGE
                            and sub[-1].lower() not in _NOT_AT_THE_EDGE
                            and not _INSTITUTION_WORDS.isdisjoint(phrase.split())
                        ):
                            # A name standing alone counts double: the words around one
                            # piece of a longer run ("Justice Department and Homeland
                            # Security") belong to other names.
                            whole = i == 0 and j == len(words)
                            phrases.setdefault(acronym.lower(), Counter())[phrase] += 1 + whole
    initials = {}
    for acronym, counts in phrases.items():
        (best, n), *rest = counts.most_common(2)
        if not rest or n >= 2 * rest[0][1]:
            initials[acronym] = best
    return Acronyms(used, initials)


def spelled_out(
    text: str, initials: dict[str, str], known: Callable[[str], bool]
) -> dict[str, str]:
    """phrase -> acronym for each acronym in the text that the articles never use but whose
    letters begin the words of a phrase they do ("DHS", "NYC", "AG"). In lower case only a word
    without a vowel ("dhs", "nyc") or of four letters or more ("opso") is read: "car" or "tag" is
    a word, not an acronym. A stopword is none either way ("IS", "IT")."""
    found = {}
    for m in _SHORT_WORD.finditer(text):
        typed = m.group(0)
        if not typed.isupper() and _VOWEL.search(typed) and len(typed) < _LOWER_CASE_LETTERS:
            continue
        acronym = m.group(0).lower()
        if acronym not in STOPWORDS and not known(acronym) and acronym in initials:
            found[initials[acronym]] = acronym
    return found


def expand(text: str, acronyms: dict[str, str]) -> str:
    """Append, in parentheses, the other spelling of every phrase or acronym the text uses:
    "When does DOJ want an answer by (department of justice)". Patterns that read a question
    to its end allow for that tail (`question_types.END`)."""
    if not acronyms:
        return text
    lower = text.lower()
    extra = []
    for phrase, acronym in acronyms.items():
        has_phrase = phrase in lower
        has_acronym = re.search(rf"\b{acronym}\b", lower) is not None
        if has_phrase and not has_acronym:
            extra.append(acronym.upper())
        elif has_acronym and not has_phrase:
            extra.append(phrase)
    return f"{text} ({'; '.join(dict.fromkeys(extra))})" if extra else text


_TITLED = re.compile(
    r"\b(Sheriff|Mayor|Sen\.|Senator|Superintendent|Chief|Governor|Gov\.|Rep\.|Secretary|Director|"
    r"Spokesman|Judge|Attorney General|President)\s+(?:[A-Z][a-z]+\s+)?(?:[A-Z]\.\s+)?([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b"
)
_TITLE_TERMS = {"sen.": "senator", "gov.": "governor", "rep.": "representative"}


def learn_titled(texts: Iterable[str]) -> tuple[dict[str, set[str]], dict[str, list[str]]]:
    """surname (lowercase) -> the titles the articles give that person ("gusman" -> {"sheriff"}),
    and for each titled surname the words the articles put before the title and name, lowercased
    ("gusman" -> ["… by orleans parish sheriff marlin gusman"]).

    A title held by more than two people in the articles ("attorney general") is left out:
    it would not say whom a question means."""
    holders: dict[str, set[str]] = {}
    mentions: dict[str, list[str]] = {}
    for text in texts:
        for m in _TITLED.finditer(text):
            title = m.group(1).lower()
            title = _TITLE_TERMS.get(title, title)
            name = m.group(2).lower()
            holders.setdefault(title, set()).add(name)
            mentions.setdefault(name, []).append(text[max(0, m.start() - 40) : m.end()].lower())
    by_name: dict[str, set[str]] = {}
    for title, names in holders.items():
        if len(names) <= 2:
            for name in names:
                by_name.setdefault(name, set()).update(title.split())
    return by_name, {name: mentions[name] for name in by_name}
