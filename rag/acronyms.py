"""Acronyms the articles themselves use ("New Orleans Police Department" <-> "NOPD").

Learned from the corpus: a capitalised phrase whose initials appear as an all-caps word in the
articles. Questions are expanded with the other form so either spelling finds the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_PHRASE = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:of|and|for|the|on)?\s*[A-Z][a-z]+)+")
_ALL_CAPS = re.compile(r"\b[A-Z]{2,6}\b")
_SMALL_WORDS = {"of", "and", "for", "the", "on"}


def _initials(phrase: str, keep_small: bool) -> str:
    words = phrase.split()
    return "".join(w[0].upper() for w in words if keep_small or w.lower() not in _SMALL_WORDS)


def learn_acronyms(texts: Iterable[str]) -> dict[str, str]:
    """phrase (lowercase) -> acronym (lowercase)."""
    texts = list(texts)
    caps = {m.group(0) for t in texts for m in _ALL_CAPS.finditer(t)}
    found: dict[str, str] = {}
    for text in texts:
        for m in _PHRASE.finditer(text):
            words = m.group(0).split()
            # Every contiguous sub-phrase may be the one abbreviated ("U.S. Immigration and ...").
            for i in range(len(words)):
                for j in range(i + 2, len(words) + 1):
                    sub = " ".join(words[i:j])
                    if (
                        sub.split()[0].lower() in _SMALL_WORDS
                        or sub.split()[-1].lower() in _SMALL_WORDS
                    ):
                        continue
                    for keep in (False, True):
                        acronym = _initials(sub, keep)
                        if len(acronym) >= 2 and acronym in caps:
                            found[sub.lower()] = acronym.lower()
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
