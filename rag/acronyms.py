"""Acronyms the articles themselves use ("New Orleans Police Department" <-> "NOPD"), and those a
reader may type for a phrase the articles spell out ("DHS", "NYC").

Learned from the corpus: a capitalised phrase whose initials appear as an all-caps word in the
articles. Questions are expanded with the other form so either spelling finds the evidence; an
all-caps word no article uses is read as the capitalised phrase the articles most often give its
letters.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

_PHRASE = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:of|and|for|the|on)?\s*[A-Z][a-z]+)+")
_MOST_LETTERS = 6
_ALL_CAPS = re.compile(rf"\b[A-Z]{{2,{_MOST_LETTERS}}}\b")
_SMALL_WORDS = {"of", "and", "for", "the", "on"}
_LONGEST = 8  # words in a phrase an acronym abbreviates, small words included


def _initials(words: list[str], keep_small: bool) -> str:
    return "".join(w[0].upper() for w in words if keep_small or w.lower() not in _SMALL_WORDS)


def learn_acronyms(texts: Iterable[str]) -> tuple[dict[str, str], dict[str, str]]:
    """(phrase -> acronym, for the acronyms the articles use; initials -> the phrase the articles
    most often give those initials, for acronyms a reader may type that the articles never use:
    "DHS" for "Department of Homeland Security"), all lowercase."""
    texts = list(texts)
    caps = {m.group(0) for t in texts for m in _ALL_CAPS.finditer(t)}
    phrases: dict[str, Counter[str]] = {}
    for text in texts:
        for m in _PHRASE.finditer(text):
            words = m.group(0).split()
            # Every contiguous sub-phrase may be the one abbreviated ("U.S. Immigration and ...").
            for i in range(len(words)):
                for j in range(i + 2, min(len(words), i + _LONGEST) + 1):
                    sub = words[i:j]
                    if sub[0].lower() in _SMALL_WORDS or sub[-1].lower() in _SMALL_WORDS:
                        continue
                    phrase = " ".join(sub).lower()
                    for keep in (False, True):
                        acronym = _initials(sub, keep)
                        if len(acronym) <= _MOST_LETTERS:
                            phrases.setdefault(acronym, Counter())[phrase] += 1
    used = {
        phrase: acronym.lower()
        for acronym, counts in phrases.items()
        if acronym in caps
        for phrase in counts
    }
    initials = {acronym.lower(): counts.most_common(1)[0][0] for acronym, counts in phrases.items()}
    return used, initials


def spelled_out(
    text: str, initials: dict[str, str], known: Callable[[str], bool]
) -> dict[str, str]:
    """phrase -> acronym for each acronym in the text that the articles never use but whose
    letters begin the words of a phrase they do ("DHS", "NYC", "AG")."""
    found = {}
    for m in _ALL_CAPS.finditer(text):
        acronym = m.group(0).lower()
        if not known(acronym) and acronym in initials:
            found[initials[acronym]] = acronym
    return found


def expand(text: str, acronyms: dict[str, str]) -> str:
    """Append the other spelling of every phrase or acronym the text uses."""
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
    return f"{text} {' '.join(dict.fromkeys(extra))}" if extra else text


_TITLED = re.compile(
    r"\b(Sheriff|Mayor|Sen\.|Senator|Superintendent|Chief|Governor|Gov\.|Rep\.|Secretary|Director|"
    r"Spokesman|Judge|Attorney General)\s+(?:[A-Z][a-z]+\s+)?(?:[A-Z]\.\s+)?([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b"
)
_TITLE_TERMS = {"sen.": "senator", "gov.": "governor", "rep.": "representative"}


def learn_titles(texts: Iterable[str]) -> dict[str, set[str]]:
    """surname (lowercase) -> the titles the articles give that person ("gusman" -> {"sheriff"}).

    A title held by more than two people in the articles ("attorney general") is left out:
    it would not say whom a question means."""
    holders: dict[str, set[str]] = {}
    for text in texts:
        for m in _TITLED.finditer(text):
            title = m.group(1).lower()
            title = _TITLE_TERMS.get(title, title)
            holders.setdefault(title, set()).add(m.group(2).lower())
    by_name: dict[str, set[str]] = {}
    for title, names in holders.items():
        if len(names) <= 2:
            for name in names:
                by_name.setdefault(name, set()).update(title.split())
    return by_name
