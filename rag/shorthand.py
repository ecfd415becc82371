"""Chat shorthand: "when r cops allowed to ask if theyre here legally" is read as "when are cops
allowed to ask if they're here legally", so the parts of the answerer that read a question by its
words ("when are … allowed") read it as if it were typed out. A city's nickname ("nola",
"philly") is read as its name, and "AG" as "attorney general".

A word is only spelled out when no article uses it as it is: a corpus that says "cant" keeps it.
A lone lower-case "r" or "u" is shorthand whatever the articles say ("R-Denham Springs").
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Shorthand for a word, and contractions typed without their apostrophe.
_SPELLED_OUT = {
    "r": "are",
    "u": "you",
    "ur": "your",
    "b4": "before",
    "bc": "because",
    "cuz": "because",
    "abt": "about",
    "w/": "with",
    "w/o": "without",
    "thru": "through",
    "govt": "government",
    "gov't": "government",
    "dept": "department",
    "admin": "administration",
    "asst": "assistant",
    "atty": "attorney",
    "whats": "what's",
    "whos": "who's",
    "wheres": "where's",
    "hows": "how's",
    "thats": "that's",
    "theyre": "they're",
    "theyve": "they've",
    "youre": "you're",
    "isnt": "isn't",
    "arent": "aren't",
    "wasnt": "wasn't",
    "werent": "weren't",
    "dont": "don't",
    "doesnt": "doesn't",
    "didnt": "didn't",
    "cant": "can't",
    "couldnt": "couldn't",
    "wont": "won't",
    "wouldnt": "wouldn't",
    "shouldnt": "shouldn't",
    "hasnt": "hasn't",
    "havent": "haven't",
    "hadnt": "hadn't",
}
# Places by the names people call them, and titles by their initials, in any case ("NOLA",
# "Philly", "the AG"), with their "'s".
_ANY_CASE = {
    "nola": "New Orleans",
    "philly": "Philadelphia",
    "nyc": "New York City",
    "ag": "attorney general",
}
_POSSESSIVE = re.compile(r"['’]s$")
# A whole word: not a piece of "U.S." or "u.s.", nor of "it's".
_TOKEN = re.compile(r"(?<![\w'’/.])(?:w/o|w/|[A-Za-z0-9']+)(?![\w'’]|\.\w)")


def spell_out(text: str, uses: Callable[[str], bool]) -> str:
    """The text with its chat shorthand written out, each word the articles never use (`uses`,
    lowercase) that stands for another ("r" -> "are", "theyre" -> "they're"); a capitalised or
    upper-case word is kept ("U", "R" may be a name or a letter)."""

    def written(m: re.Match[str]) -> str:
        word = m.group(0)
        bare = _POSSESSIVE.sub("", word)
        named = _ANY_CASE.get(bare.lower())
        if named and not uses(bare.lower()):
            return named + word[len(bare) :]
        full = _SPELLED_OUT.get(word)
        # A letter standing alone is shorthand however the articles use it ("R-Denham Springs").
        if full is None or (len(word) > 2 and uses(word)):
            return word
        return full

    return _TOKEN.sub(written, text)
