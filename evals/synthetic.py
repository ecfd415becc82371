"""A deterministic generator of article-like civic news text, for benchmarks at scale.

The text comes from a small sentence model over a built-in vocabulary of city-hall and local
news topics, people, places, dates and numbers: each article picks a topic, a city and a cast,
then walks a Markov chain over sentence kinds (lead, detail, quote, figure, background,
reaction, next step) and fills each kind's templates. Nothing is copied from the seed articles;
the topics overlap theirs (policing, immigration, courts) on purpose, so the synthetic articles
are real distractors for retrieval rather than noise that is trivially told apart.

Same seed and index -> same bytes, whatever the corpus size: article i of a 1,000-article corpus
is article i of a 10,000-article one.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words("""
Ada Alan Alma Amir Ana Andre Ava Beatriz Ben Carla Carlos Chen Claire Dana Darius Diego Dolores
Elena Eli Emeka Erin Fatima Felix Grace Hannah Hector Ines Ivan Jada Jamal Janet Jorge Julia Kai
Karen Keisha Lamar Lena Leo Luis Maya Marcus Mei Miguel Nadia Nina Omar Owen Priya Rafael Rosa
Ruth Samir Sara Sean Sofia Tariq Teresa Tomas Vera Victor Wes Yara Yusuf Zoe
""")

LAST_NAMES = _words("""
Abbott Alvarez Baptiste Barnes Becker Bishop Boudreaux Castillo Chang Chavez Coleman Delacroix
Dubois Ellison Fontenot Foster Garza Gibson Guidry Hale Hebert Holloway Ibarra Jensen Kaplan
Keller Landry-Moss Larkin Mbeki Mendoza Mercer Morrow Nakamura Navarro Nguyen Okafor Ortega
Patel Pierce Quinn Ramos Reyes Robichaux Rowe Salazar Santos Schultz Singh Soto Sullivan Thibodeaux
Trahan Underwood Vance Vasquez Walsh Whitfield Yamamoto Zeller
""")

# (city, county or parish)
CITIES = (
    ("Port Alder", "Alder Parish"),
    ("Millbrook", "Cane County"),
    ("Bayou Verde", "Verde Parish"),
    ("Cedar Falls", "Linn County"),
    ("Riverton", "Fremont County"),
    ("Lake Charlotte", "Calloway Parish"),
    ("Greenhaven", "Sutter County"),
    ("Fairmont", "Marion County"),
    ("Belle Rive", "St. Ames Parish"),
    ("Harbor City", "Bay County"),
    ("Oak Hollow", "Pike County"),
    ("Stillwater", "Payne County"),
    ("New Carthage", "Tensas Parish"),
    ("Westfield", "Hampden County"),
    ("Marston", "Iberville Parish"),
    ("Eastport", "Washington County"),
    ("Silver Springs", "Lyon County"),
    ("Ashford", "Windham County"),
)

STATES = _words("Louisiana Texas Mississippi Connecticut Ohio Oregon Georgia Iowa")
MONTHS = _words(
    "January February March April May June July August September October November December"
)
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


@dataclass(frozen=True)
class Topic:
    name: str
    body: str  # the deciding body
    officials: tuple[str, ...]  # roles of the people quoted
    subjects: tuple[str, ...]  # what the story is about
    actions: tuple[str, ...]  # what the body did to it
    stakeholders: tuple[str, ...]  # who reacts
    measures: tuple[str, ...]  # things counted in the figures sentence


TOPICS = (
    Topic(
        "policing",
        "the city council",
        ("police chief", "council member", "public safety director", "district attorney"),
        (
            "a body-camera policy",
            "a new use-of-force policy",
            "the police oversight board",
            "a plan to hire more patrol officers",
            "overtime rules for officers",
        ),
        ("approved", "delayed a vote on", "sent back to committee", "rejected", "amended"),
        (
            "civil rights advocates",
            "the police union",
            "neighborhood associations",
            "defense lawyers",
        ),
        ("officers on patrol", "complaints filed against officers", "calls for service"),
    ),
    Topic(
        "immigration",
        "the county commission",
        ("sheriff", "county commissioner", "immigration lawyer", "federal prosecutor"),
        (
            "a policy on honoring federal detainer requests",
            "a limit on questions about residents' immigration status",
            "an agreement with federal immigration agents",
            "a legal aid fund for immigrants facing deportation",
        ),
        ("approved", "suspended", "asked a judge to review", "voted to keep", "narrowed"),
        ("immigrant advocates", "state lawmakers", "the sheriff's deputies", "church leaders"),
        ("detainer requests", "people held in the county jail", "cases referred to federal agents"),
    ),
    Topic(
        "budget",
        "the city council",
        ("mayor", "finance director", "council president", "budget analyst"),
        (
            "next year's operating budget",
            "a property tax increase",
            "a hiring freeze",
            "a bond issue for road repairs",
            "cuts to library hours",
        ),
        ("approved", "postponed", "trimmed", "rejected", "passed on a narrow vote"),
        ("taxpayer groups", "city employees", "business owners", "the library board"),
        ("vacant city jobs", "miles of road to be repaved", "budget amendments"),
    ),
    Topic(
        "schools",
        "the school board",
        ("superintendent", "school board member", "teachers' union president", "principal"),
        (
            "a plan to close two elementary schools",
            "a new school start time",
            "teacher pay raises",
            "a contract for school buses",
            "a cellphone ban in classrooms",
        ),
        ("approved", "tabled", "reversed", "endorsed", "voted down"),
        ("parents", "teachers", "students", "the state education department"),
        ("students enrolled", "teachers hired", "school bus routes"),
    ),
    Topic(
        "housing",
        "the planning commission",
        ("housing director", "planning commissioner", "developer", "tenant organizer"),
        (
            "a 300-unit apartment complex",
            "new rules for short-term rentals",
            "a rent assistance program",
            "a zoning change near the riverfront",
            "an affordable housing trust fund",
        ),
        ("approved", "denied", "deferred", "conditionally approved", "sent back for revisions"),
        ("neighbors", "tenant advocates", "real estate agents", "homeowners"),
        ("housing units", "families on the waiting list", "short-term rental permits"),
    ),
    Topic(
        "transit",
        "the regional transit authority",
        ("transit director", "board chair", "bus drivers' union leader", "traffic engineer"),
        (
            "a new express bus line",
            "a fare increase",
            "a streetcar extension",
            "weekend service cuts",
            "a bike lane network downtown",
        ),
        ("approved", "paused", "scaled back", "endorsed", "ordered a study of"),
        ("riders", "disability advocates", "downtown merchants", "cyclists"),
        ("daily riders", "buses in the fleet", "minutes of average delay"),
    ),
    Topic(
        "courts",
        "the state court of appeal",
        ("judge", "public defender", "state attorney general", "court administrator"),
        (
            "a challenge to the city's bail rules",
            "a lawsuit over jail conditions",
            "a consent decree governing the jail",
            "a ruling on public records requests",
        ),
        ("upheld", "overturned", "sent back to a lower court", "refused to hear", "put on hold"),
        (
            "defense attorneys",
            "the city attorney's office",
            "inmates' families",
            "civil liberties groups",
        ),
        ("people awaiting trial", "pending cases", "days of average jail stay"),
    ),
    Topic(
        "environment",
        "the state environmental agency",
        ("environmental regulator", "plant manager", "public health director", "state senator"),
        (
            "an air permit for a chemical plant",
            "a plan to restore coastal wetlands",
            "new limits on drinking water contaminants",
            "a levee improvement project",
        ),
        ("approved", "delayed", "fined the company over", "reopened public comment on", "expanded"),
        ("environmental groups", "fishermen", "residents near the plant", "industry groups"),
        ("acres of wetland", "tons of emissions", "homes in the flood zone"),
    ),
    Topic(
        "elections",
        "the parish election board",
        (
            "registrar of voters",
            "state representative",
            "campaign manager",
            "election commissioner",
        ),
        (
            "a plan to consolidate polling places",
            "early voting hours",
            "a recount in the council race",
            "new voting machines",
            "a change to district boundaries",
        ),
        ("approved", "certified", "challenged", "delayed", "rejected"),
        ("voting rights groups", "both political parties", "poll workers", "candidates"),
        ("registered voters", "polling places", "ballots cast"),
    ),
)

QUOTE_OPENINGS = (
    "This is about whether people can trust their government",
    "We have waited long enough for a decision",
    "The numbers simply do not add up",
    "Nobody on this board takes the decision lightly",
    "Our residents deserve a clear answer",
    "We are going to keep pushing until this gets done",
    "It is a step in the right direction, but only a step",
    "The public was never given a real chance to weigh in",
    "We followed the law and we will keep following it",
    "I have heard from hundreds of people about this",
)

TRANSITIONS: dict[str, tuple[tuple[str, int], ...]] = {
    "lead": (("detail", 4), ("quote", 3), ("figure", 2)),
    "detail": (("quote", 3), ("figure", 2), ("background", 3), ("reaction", 2), ("detail", 1)),
    "quote": (("detail", 3), ("reaction", 3), ("background", 2), ("figure", 1)),
    "figure": (("detail", 2), ("quote", 3), ("background", 2)),
    "background": (("detail", 2), ("quote", 2), ("reaction", 2), ("figure", 1)),
    "reaction": (("quote", 3), ("detail", 2), ("next", 2)),
    "next": (("detail", 1), ("reaction", 1), ("background", 1)),
}


@dataclass(frozen=True)
class SyntheticArticle:
    id: str
    title: str
    text: str


class _Writer:
    """One article's choices: topic, place, cast and date, reused across its sentences."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.topic = rng.choice(TOPICS)
        self.city, self.county = rng.choice(CITIES)
        self.state = rng.choice(STATES)
        self.subject = rng.choice(self.topic.subjects)
        self.action = rng.choice(self.topic.actions)
        self.year = rng.randint(2012, 2025)
        self.month = rng.choice(MONTHS)
        self.day = rng.randint(1, 28)
        self.weekday = rng.choice(WEEKDAYS)
        self.cast = [self._person() for _ in range(rng.randint(3, 5))]

    def _person(self) -> tuple[str, str]:
        name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
        return name, self.rng.choice(self.topic.officials)

    def who(self) -> tuple[str, str]:
        return self.rng.choice(self.cast)

    def money(self) -> str:
        if self.rng.random() < 0.6:
            return f"${self.rng.randint(2, 950)}.{self.rng.randint(1, 9)} million"
        return f"${self.rng.randint(15, 990) * 1000:,}"

    def count(self) -> str:
        return f"{self.rng.randint(12, 98_000):,}"

    def date(self) -> str:
        return f"{self.month} {self.day}, {self.year}"

    def title(self) -> str:
        body = self.topic.body.removeprefix("the ").capitalize()
        options = (
            f"{self.city} {self.topic.body.removeprefix('the ')} {self.action} {self.subject}",
            f"{body} {self.action} {self.subject} after long debate",
            f"What to know about {self.subject} in {self.city}",
            f"{self.county} officials split over {self.subject}",
        )
        text = self.rng.choice(options)
        return text[0].upper() + text[1:]

    def sentence(self, kind: str) -> str:
        rng, t = self.rng, self.topic
        name, role = self.who()
        other, other_role = self.who()
        group = rng.choice(t.stakeholders)
        measure = rng.choice(t.measures)
        if kind == "lead":
            return rng.choice(
                (
                    f"{self.city}'s {t.body.removeprefix('the ')} on {self.weekday} {self.action} "
                    f"{self.subject}, ending months of debate over how the city "
                    f"should handle {t.name}.",
                    f"In a {rng.randint(4, 9)}-{rng.randint(1, 4)} vote on {self.weekday}, "
                    f"{t.body} in {self.city} {self.action} {self.subject}.",
                    f"Officials in {self.county} {self.action} {self.subject} this "
                    f"week, a decision "
                    f"{role} {name} called overdue.",
                )
            )
        if kind == "detail":
            return rng.choice(
                (
                    f"The measure would take effect on {self.date()} if it survives "
                    f"a final reading.",
                    f"Under the proposal, {group} would have {rng.randint(10, 90)} days to respond "
                    f"before any change takes effect.",
                    f"{name}, the {role}, said the plan had been revised {rng.randint(2, 6)} times "
                    f"since it was first introduced in {self.year - 1}.",
                    f"The {role} told reporters that the city had consulted {group} "
                    f"before the vote.",
                    f"A staff report presented to {t.body} estimated the cost at {self.money()}.",
                    f"The vote came after a public hearing that stretched past midnight, with more "
                    f"than {rng.randint(20, 200)} people signed up to speak.",
                )
            )
        if kind == "quote":
            return rng.choice(
                (
                    f"\u201c{rng.choice(QUOTE_OPENINGS)},\u201d said {name}, the {role}.",
                    f"\u201c{rng.choice(QUOTE_OPENINGS)},\u201d {role} {name} said in a statement.",
                    f"{name} put it bluntly: \u201c{rng.choice(QUOTE_OPENINGS)}.\u201d",
                )
            )
        if kind == "figure":
            return rng.choice(
                (
                    f"The city counted {self.count()} {measure} last year, up from "
                    f"{rng.randint(10, 900):,} in {self.year - 3}.",
                    f"Records show {self.count()} {measure} in {self.county} as of {self.month}.",
                    f"According to the {role}'s office, {measure} fell by "
                    f"{rng.randint(2, 40)} percent "
                    f"over the past {rng.randint(2, 6)} years.",
                )
            )
        if kind == "background":
            return rng.choice(
                (
                    f"The debate over {self.subject} began in "
                    f"{self.year - rng.randint(1, 5)}, when "
                    f"{group} first raised concerns with {t.body}.",
                    f"{self.state} lawmakers considered a similar measure in "
                    f"{self.year - 2} but did "
                    f"not bring it to a vote.",
                    f"{other}, a former {other_role}, had pushed for the change for years.",
                    f"Similar rules are already in place in several other {self.state} cities.",
                )
            )
        if kind == "reaction":
            return rng.choice(
                (
                    f"{group[0].upper() + group[1:]} said they would watch closely "
                    f"how the decision "
                    f"is carried out.",
                    f"Some {group} criticized the decision, saying it was rushed.",
                    f"{other}, the {other_role}, said {group} had not been heard.",
                    f"Several {group} welcomed the vote but said more work remained.",
                )
            )
        # "next"
        return rng.choice(
            (
                f"{t.body[0].upper() + t.body[1:]} is expected to take up the issue again on "
                f"{rng.choice(MONTHS)} {rng.randint(1, 28)}.",
                f"{name} said a final report would be released by the end of {self.year}.",
                f"The {role} said more public meetings would be scheduled in {self.city}.",
            )
        )

    def next_kind(self, kind: str) -> str:
        options, weights = zip(*TRANSITIONS[kind], strict=True)
        return self.rng.choices(options, weights=weights)[0]


def generate_article(seed: int, index: int) -> SyntheticArticle:
    """Article `index` of the corpus for `seed` (independent of every other article)."""
    # String seeds hash the same way on every run and platform (unlike hash() of a tuple).
    rng = random.Random(f"ragbot-synthetic:{seed}:{index}")
    w = _Writer(rng)
    title = w.title()
    paragraphs: list[str] = []
    kind = "lead"
    for p in range(rng.randint(4, 8)):
        sentences = []
        for _ in range(1 if p == 0 else rng.randint(1, 3)):
            sentences.append(w.sentence(kind))
            kind = w.next_kind(kind)
        paragraphs.append(" ".join(sentences))
    byline = f"By {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    dateline = f"{w.weekday}, {w.date()}"
    text = "\n\n".join([title, byline, dateline, *paragraphs]) + "\n"
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return SyntheticArticle(id=f"syn{seed}_{index:05d}_{digest}", title=title, text=text)


def generate_corpus(n: int, seed: int = 0) -> Iterator[SyntheticArticle]:
    for i in range(n):
        yield generate_article(seed, i)


def write_corpus(directory: Path, n: int, seed: int = 0) -> list[Path]:
    """Write n articles as `<id>.txt` under directory (created); returns the paths in order."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for article in generate_corpus(n, seed):
        path = directory / f"{article.id}.txt"
        if not path.exists():
            path.write_text(article.text, encoding="utf-8")
        paths.append(path)
    return paths
