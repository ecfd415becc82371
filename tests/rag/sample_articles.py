"""Small synthetic articles written for tests: cheap to embed, with facts no seed article holds."""

from __future__ import annotations

from pathlib import Path

# Four of the five talk about House bills; only one names House Bill 1148, and it is about fishing.
# Dense similarity prefers the bill-heavy articles for "House Bill 1148"; the exact term is BM25's.
ARTICLES: dict[str, str] = {
    "fireworks": (
        "Harbor Town Council bans fireworks\n\n"
        "The Harbor Town Council voted 5-2 on Tuesday to outlaw consumer fireworks inside city "
        "limits after a summer of complaints. Council member Dana Ruiz said the noise frightened "
        "pets and veterans. The ban takes effect on July 1.\n"
    ),
    "library": (
        "County library trims weekend hours\n\n"
        "The county library board reduced weekend hours at four branches to close a budget gap. "
        "Director Omar Little said the cuts would save about $200,000 a year. Patrons can still "
        "borrow e-books online.\n"
    ),
    "busbill": (
        "House bill on school bus seat belts clears committee\n\n"
        "A House bill requiring seat belts on every new school bus cleared the House "
        "transportation committee on Wednesday. The House bill now heads to the full House, "
        "where its sponsor expects a close vote. Supporters of the House bill say it will save "
        "children's lives.\n"
    ),
    "dronebill": (
        "Lawmakers weigh House bill limiting police drones\n\n"
        "A House bill would limit how long police may keep drone footage. House members debated "
        "the bill for three hours. The House bill, House Bill 2290, also requires a warrant for "
        "most flights.\n"
    ),
    "fishing": (
        "Anglers face higher license fees\n\n"
        "State wildlife officials will raise fishing license fees next year under House Bill "
        "1148, which passed quietly in May. Anglers will pay $5 more for an annual license. The "
        "extra money pays for restocking lakes with bass and catfish.\n"
    ),
}

_TOWNS = ["Ashford", "Brookvale", "Cedar Point", "Dunmore", "Elm Ridge", "Fairhaven", "Glenwood"]
_THINGS = ["bridge", "library", "water plant", "fire station", "park", "school", "clinic", "pier"]
_NAMES = ["Abbott", "Baker", "Chen", "Diaz", "Evans", "Foster", "Garcia", "Hughes", "Ibarra"]


def generated_article(i: int) -> str:
    """Article number i: a title and eight sentences about project 1000+i, each self-contained."""
    town, thing = _TOWNS[i % len(_TOWNS)], _THINGS[i % len(_THINGS)]
    mayor, engineer = _NAMES[i % len(_NAMES)], _NAMES[(i + 4) % len(_NAMES)]
    n = 1000 + i
    sentences = [
        f"The {town} council approved project {n} to rebuild the {thing} on Monday.",
        f"Mayor Robin {mayor} said the {thing} had been closed since {1990 + i % 30}.",
        f"Project {n} will cost ${i + 3} million and take {i % 5 + 2} years.",
        f"Residents asked for the {thing} to reopen at a packed meeting in {town}.",
        f"Engineer Casey {engineer} said the old {thing} could not be repaired safely.",
        f"Construction crews will start project {n} in the spring of {2030 + i % 7}.",
        f"The council vote on project {n} was unanimous.",
        f"A ribbon cutting is planned for the new {town} {thing} when it opens.",
    ]
    return f"{town} rebuilds its {thing} (project {n})\n\n" + " ".join(sentences) + "\n"


def write_articles(folder: Path, articles: dict[str, str], suffix: str = ".txt") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in articles.items():
        path = folder / f"{name}{suffix}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
