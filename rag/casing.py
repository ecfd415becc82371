"""Casual typing: a question typed in lower case gets the capitals the articles write its names
with ("what did kenney say" -> "what did Kenney say", "new orleans" -> "New Orleans", "nopd" ->
"NOPD"), so the parts of the answerer that read names by their capitals read it as if it were
typed with care."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import pairwise

from rag.text import STOPWORDS, stem

# A capitalised word or acronym inside a sentence (after a lower-case word, a digit or a comma),
# where a capital says "name", not "first word".
_MID_SENTENCE_CAPITAL = re.compile(
    r"(?<=[a-z0-9,;:)]\s)(?:[A-Z][a-z]+(?:[-'’][A-Za-z]+)*|[A-Z]{2,})\b"
)
# A name opening a sentence, known by the verb after it: "Kenney has been …", "Landry said …".
_NAME_OPENING_SENTENCE = re.compile(
    r"(?:^|(?<=[.?!\"”] ))([A-Z][a-z]{2,})(?=\s+(?:has|had|have|is|was|said|says|told|wrote)\b)",
    re.M,
)
_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")
_WORD = re.compile(r"\b[A-Za-z]+(?:[-'’][A-Za-z]+)*\b")
_LOWER_WORD = re.compile(r"\b[a-z]+(?:[-'’][a-z]+)*\b")
_POSSESSIVE = re.compile(r"['’]s$")
# Words that are names in some sentences and ordinary words in questions: "may", "will", and the
# titles, which a question may use of anyone ("the president").
_NEVER_CAPITALISED = frozenset(
    "may will can march sun bill mark rose grant chase president secretary"  # noqa: SIM905
    " superintendent mayor sheriff senator governor chief judge director attorney general".split()
)


# Abbreviated titles, which a name follows: "gov. john bel edwards", "sen vitter". (A full
# title may be followed by a verb the articles never use: "did the mayor concede …".)
_TITLE_BEFORE_NAME = frozenset("gov sen rep gen lt sgt dr mr mrs ms atty".split())  # noqa: SIM905
_LONGEST_NAME = 3  # words


@dataclass(frozen=True)
class Capitals:
    words: dict[str, str]  # "kenney" -> "Kenney", "nopd" -> "NOPD"
    pairs: frozenset[tuple[str, str]]  # ("New", "Orleans"): names of two capitalised words
    lower: frozenset[str]  # the stems of the words the articles write in lower case


def learn_capitals(texts: Iterable[str]) -> Capitals:
    """The capitals of the articles' names: every word their text (not their titles, where every
    word has one) capitalises inside sentences, or opening one before "has", "said" and the like,
    and writes in lower case at most a tenth as often; and every pair of capitalised words that
    follow each other in a name."""
    capitals: Counter[str] = Counter()
    pairs: set[tuple[str, str]] = set()
    texts = [text.partition("\n")[2] for text in texts]  # not the title: "Says Connecticut Is"
    for text in texts:
        capitals.update(_MID_SENTENCE_CAPITAL.findall(text))
        capitals.update(_NAME_OPENING_SENTENCE.findall(text))
        for run in _CAPITALISED_RUN.finditer(text):
            names = run.group(0).split()
            if _opens_sentence(text, run.start()):
                names = names[1:]  # "Police Superintendent …" opening a sentence: maybe no name
            pairs.update(pairwise(names))
    candidates = {w.lower() for w in capitals} - STOPWORDS - _NEVER_CAPITALISED
    lower: Counter[str] = Counter()
    for text in texts:
        lower.update(_LOWER_WORD.findall(text))
    forms: dict[str, str] = {}
    for word, n in capitals.most_common():
        key = word.lower()
        if key in candidates and key not in forms and 10 * lower[key] <= n:
            forms[key] = word
    named_pairs = frozenset(pair for pair in pairs if pair[0].lower() not in STOPWORDS)
    return Capitals(forms, named_pairs, frozenset(stem(w) for w in lower))


def restore_capitals(
    text: str,
    capitals: Capitals,
    titles_of: Callable[[str], frozenset[str]] = lambda _: frozenset(),
) -> str:
    """The text with each word written all in lower case given the articles' capitals: its
    names ("kenney's" -> "Kenney's", "landrys" -> "Landry's"), the words such a name runs on
    with ("new orleans" -> "New Orleans"), and a title the articles give the person named next
    ("sheriff gusman" -> "Sheriff Gusman", by `titles_of`, the stemmed titles of a surname).
    What the user wrote with capitals is left as it is ("the Trump administration" stays)."""
    if not capitals.words:
        return text
    # start, word, restored, end (in the text as typed: a word may grow, "landrys" -> "Landry's")
    tokens = [[m.start(), m.group(0), False, m.end()] for m in _WORD.finditer(text)]
    for token in tokens:
        if token[1].islower():
            cased = _capitalised(token[1], capitals.words)
            token[1:3] = [cased, cased != token[1]]
    for _ in range(3):  # "new orleans police department": a word further each time
        changed = False
        for before, after in zip(tokens, tokens[1:], strict=False):
            if text[before[3] : after[0]] != " ":
                continue
            (_, a, a_restored, _), (_, b, b_restored, _) = before, after
            if b_restored and a.islower() and (a.capitalize(), b) in capitals.pairs:
                before[1:3] = [a.capitalize(), True]
                changed = True
            elif a_restored and b.islower() and (a, b.capitalize()) in capitals.pairs:
                after[1:3] = [b.capitalize(), True]
                changed = True
        if not changed:
            break
    for before, after in zip(tokens, tokens[1:], strict=False):
        title, name = before[1], after[1]
        if title.islower() and name[0].isupper() and stem(title) in titles_of(name):
            before[1] = title.capitalize()  # "sheriff Gusman", not "director Landrieu"
    _capitalise_names_after_titles(text, tokens, capitals)
    out, at = [], 0
    for start, word, _, end in tokens:
        out += [text[at:start], word]
        at = end
    return "".join(out) + text[at:]


def _capitalise_names_after_titles(text: str, tokens: list[list], capitals: Capitals) -> None:
    """ "gov. john bel edwards" -> "gov. John Bel Edwards": after a title's abbreviation, the
    words the articles never write in lower case are a name, one they may not know, and read as
    one (a name no article uses is asked about none of them)."""
    for i, title in enumerate(tokens[:-1]):
        if title[1].lower() not in _TITLE_BEFORE_NAME:
            continue
        for before, name in pairwise(tokens[i : i + 1 + _LONGEST_NAME]):
            word, gap = name[1], text[before[3] : name[0]]
            if gap.strip(". ") or not word.islower() or word in STOPWORDS:
                break  # "gov., who …", "rep. for …"
            if stem(word) in capitals.lower:
                break
            name[1] = word.capitalize()


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip(" \"“‘'")
    return not before or before[-1] in ".!?\n"


def _capitalised(word: str, forms: dict[str, str]) -> str:
    if word in forms:
        return forms[word]
    owner = _POSSESSIVE.sub("", word)  # "landry's": Landry's
    if owner != word and owner in forms:
        return f"{forms[owner]}{word[len(owner) :]}"
    if word.endswith("s") and word[:-1] in forms:  # "landrys letter": typed without the "'"
        return f"{forms[word[:-1]]}'s"
    return word
