"""Benchmark data stage: a seed and a count N in, N synthetic news articles out, in the seeds'
file format (first line ` date YYYY-MM-DD`, then prose) and of their size (about 2-4 KB).

The articles report on a fixed world drawn from the seed: people made from first and last name
lists, each holding an office (role x country), who write letters, meet, call, announce, visit,
and report groups of children returned, deported or reunited. People are drawn with a skewed
distribution, so a few recur across many articles (as in news) and many appear once: resolution
meets thousands of distinct entities, not the same five reports again.

Article i depends only on the seed and i, so the first N articles of a corpus of N+1 are the
corpus of N: adding one article to a built corpus is `generate(N + 1)` and copying the last file.

Run: .venv/bin/python bench/corpus.py 1000 --out /tmp/corpus-1000 [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import string
import sys
from dataclasses import dataclass
from pathlib import Path

FIRST_NAMES = {
    "f": ("Alina", "Birgit", "Carmen", "Dagny", "Elif", "Freya", "Greta", "Hanna", "Ilse", "Jolanta",
          "Katarzyna", "Leila", "Marta", "Nadia", "Oksana", "Paulina", "Renata", "Sabine", "Tamara",
          "Ulla", "Vesna", "Wiebke", "Yasmin", "Zofia", "Amelie", "Beatriz", "Clara", "Daria",
          "Emilia", "Fatima", "Irena", "Lucia"),
    "m": ("Anders", "Bogdan", "Cyril", "Dmitar", "Emre", "Florian", "Goran", "Henrik", "Ivo", "Jakub",
          "Kaspar", "Lukas", "Matteo", "Nikolai", "Olek", "Pavel", "Rasmus", "Stefan", "Tomasz",
          "Urs", "Viktor", "Wojciech", "Yusuf", "Zoltan", "Arvid", "Bruno", "Cosmin", "Dario",
          "Egon", "Farid", "Gunnar", "Hamid"),
}
LAST_NAMES = (
    "Albrecht", "Baranek", "Castellano", "Dragomir", "Eskildsen", "Falkenberg", "Gavrilov", "Halvorsen",
    "Ivanescu", "Jankowski", "Kovalenko", "Lindqvist", "Marchetti", "Novak", "Oyelaran", "Petrescu",
    "Quintero", "Rasmussen", "Szabo", "Tamminen", "Urbanek", "Vasquez", "Wieczorek", "Yilmaz",
    "Zielinski", "Aksoy", "Brandt", "Ceccarelli", "Dobrev", "Engstrom", "Ferreira", "Grabowski",
    "Horvath", "Ilic", "Jovanovic", "Kuusela", "Lazarev", "Moreau", "Nieminen", "Ostrowski",
    "Pellegrini", "Radu", "Sorensen", "Toivonen", "Ulrich", "Varga", "Wolanski", "Zeman",
    "Abramov", "Bergstrom", "Conti", "Dimitrov", "Eriksen", "Fischer", "Gallo", "Hakala",
)
# country: (demonym, cities); general knowledge, every country known to kg/places.py
COUNTRIES = {
    "Ukraine": ("Ukrainian", ("Kyiv", "Lviv", "Odesa", "Kharkiv", "Dnipro")),
    "Russia": ("Russian", ("Moscow", "Kazan", "Rostov")),
    "Poland": ("Polish", ("Warsaw", "Krakow", "Gdansk")),
    "Germany": ("German", ("Berlin", "Munich", "Hamburg")),
    "France": ("French", ("Paris", "Lyon", "Strasbourg")),
    "Italy": ("Italian", ("Rome", "Milan", "Naples")),
    "Turkey": ("Turkish", ("Ankara", "Istanbul")),
    "Qatar": ("Qatari", ("Doha",)),
    "Hungary": ("Hungarian", ("Budapest",)),
    "Finland": ("Finnish", ("Helsinki", "Turku")),
    "Sweden": ("Swedish", ("Stockholm", "Gothenburg")),
    "Norway": ("Norwegian", ("Oslo", "Bergen")),
    "Romania": ("Romanian", ("Bucharest", "Cluj")),
    "Austria": ("Austrian", ("Vienna", "Salzburg")),
    "Switzerland": ("Swiss", ("Geneva", "Bern", "Zurich")),
    "Canada": ("Canadian", ("Ottawa", "Toronto")),
    "Brazil": ("Brazilian", ("Brasilia", "Sao Paulo")),
    "South Africa": ("South African", ("Pretoria", "Cape Town")),
    "Japan": ("Japanese", ("Tokyo", "Osaka")),
    "India": ("Indian", ("New Delhi", "Mumbai")),
    "Egypt": ("Egyptian", ("Cairo",)),
    "Saudi Arabia": ("Saudi", ("Riyadh", "Jeddah")),
    "Moldova": ("Moldovan", ("Chisinau",)),
    "Lithuania": ("Lithuanian", ("Vilnius",)),
    "Estonia": ("Estonian", ("Tallinn",)),
}
# (title before a name, how a later sentence refers to the holder)
ROLES = (
    ("President", "the president"), ("Prime Minister", "the prime minister"),
    ("Foreign Minister", "the foreign minister"), ("Defence Minister", "the defence minister"),
    ("Justice Minister", "the justice minister"), ("Interior Minister", "the interior minister"),
    ("Children's Rights Commissioner", "the commissioner"),
    ("Human Rights Ombudsman", "the ombudsman"), ("Ambassador", "the ambassador"),
    ("Deputy Prime Minister", "the deputy prime minister"), ("Presidential Envoy", "the envoy"),
    ("Foreign Ministry Spokesperson", "the spokesperson"), ("First Lady", "the first lady"),
)
OUTLETS = ("Reuters", "AP", "AFP", "Baltic Wire", "Danube Post", "Nordic Ledger", "Meridian News",
           "Harbour Times", "Continental Daily", "Eastern Observer")
REPORTERS = ("Ines Hartmann", "Marek Sobczak", "Lotte Verhoeven", "Ruben Ilves", "Selin Demir",
             "Tobias Rainer", "Agnes Kallio", "Petra Lund")
TOPICS = ("the fate of children taken across the border", "a prisoner exchange", "humanitarian corridors",
          "the return of deported minors", "grain shipments", "the safety of a nuclear plant",
          "families separated by the war", "the release of detained journalists",
          "access for Red Cross inspectors", "orphans moved out of occupied towns")
STATUSES = (("returned to", "returned"), ("reunited with relatives in", "reunited"),
            ("brought back to", "returned"), ("repatriated to", "returned"))
GRIM = (("deported to", "deported"), ("taken to", "abducted"), ("moved to", "displaced"),
        ("transferred to", "deported"))
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
                9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 15: "fifteen", 20: "twenty"}
QUOTES = ("Every child deserves to go home", "We will not stop until the last family is whole again",
          "This is a first step, not the end of the road", "Quiet work gets results that speeches do not",
          "The door for dialogue remains open", "We expect our partners to keep their word",
          "There is no politics in bringing children home", "The numbers are still far too high")
# Context without named people: most of a news report is this, and it keeps the facts per
# kilobyte near the seeds' (about 25 statements per KB).
BACKGROUND = (
    "Aid groups in {city} said the process remained slow and opaque.",
    "Analysts cautioned that the contacts had yet to produce a broader agreement.",
    "The issue has strained relations between the two governments for more than a year.",
    "Officials in {city} declined to give further details, citing the safety of the families.",
    "Human rights monitors have documented cases in several regions, though access remains limited.",
    "The talks come amid renewed fighting along the front line.",
    "Relatives in {city} have waited months for news of their sons and daughters.",
    "A spokesperson for the International Committee of the Red Cross said it was ready to help.",
    "Diplomats described the atmosphere as businesslike but cautious.",
    "Critics said the gesture did little to address the scale of the problem.",
    "The announcement drew a muted response from opposition lawmakers in {city}.",
    "Several families travelled to {city} in the hope of meeting their children at the border.",
    "Lawyers for some of the families say the paperwork alone can take half a year.",
    "Volunteers keep lists by hand, matching photographs sent by parents with records from shelters.",
    "The figures could not be independently verified.",
    "Many of the children had been living in institutions before the fighting began.",
    "Some were sent to summer camps and never came back, according to their relatives.",
    "The process usually runs through intermediaries, and each case is negotiated on its own.",
    "Schools in the region have reopened, but many classrooms remain half empty.",
    "For the families, the waiting has been the hardest part.",
    "Officials have not said how the children were identified or where they had been staying.",
    "Independent researchers have built a database of cases from public sources and interviews.",
    "Negotiators say progress tends to come in small batches rather than in one large exchange.",
    "The matter is expected to come up again at the next round of talks.",
    "Parents describe long journeys across several borders to collect their children.",
    "Psychologists who work with the returned children say recovery will take years.",
    "Local media in {city} carried the news on their front pages.",
    "The ministry published a hotline number for relatives seeking information.",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
POOL_SIZE = 6000


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    gender: str
    role: str
    mention: str  # "the foreign minister"
    country: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def titled(self) -> str:
        """'Polish Foreign Minister Anna Novak', varied with 'X, the president of Y'."""
        return f"{COUNTRIES[self.country][0]} {self.role} {self.name}"

    @property
    def apposed(self) -> str:
        return f"{self.name}, {self.role.lower() if self.role != 'First Lady' else 'first lady'} of {self.country},"

    @property
    def he(self) -> str:
        return "she" if self.gender == "f" else "he"

    @property
    def his(self) -> str:
        return "her" if self.gender == "f" else "his"


def make_world(seed: int) -> list[Person]:
    """POOL_SIZE distinct people, each with an office; the order is the draw's popularity rank."""
    rng = random.Random(f"world:{seed}")
    combos = [(f, l, g) for g, firsts in sorted(FIRST_NAMES.items()) for f in firsts for l in LAST_NAMES]
    rng.shuffle(combos)
    countries = sorted(COUNTRIES)
    people = []
    for first, last, gender in combos[:POOL_SIZE]:
        roles = [r for r in ROLES if r[0] != "First Lady" or gender == "f"]
        role, mention = rng.choice(roles)
        people.append(Person(first, last, gender, role, mention, rng.choice(countries)))
    return people


class Writer:
    """One article's sentences: picks people from the world and phrases stories about them."""

    def __init__(self, world: list[Person], rng: random.Random, date: dt.date):
        self.world, self.rng, self.date = world, rng, date
        self.introduced: set[str] = set()

    def person(self, *, avoid=()) -> Person:
        while True:
            # skewed: index ~ N * u^3, so a few hundred people carry most of the news
            p = self.world[int(len(self.world) * self.rng.random() ** 3)]
            if p not in avoid:
                return p

    def ref(self, p: Person) -> str:
        """First mention with title, later ones by surname or by office."""
        if p.name not in self.introduced:
            self.introduced.add(p.name)
            return self.rng.choice((p.titled, p.titled, p.apposed))
        return self.rng.choice((p.last, p.last, p.name, p.mention))

    def say(self, template: str, people: dict[str, Person], **values) -> str:
        """`template` with {a}, {b} ... as references to people in the order they appear,
        {a_he}/{a_his} as their pronouns and other fields from `values`; sentence-initial capital."""
        out = []
        for literal, name, _, _ in string.Formatter().parse(template):
            out.append(literal)
            if name in people:
                out.append(self.ref(people[name]))
            elif name and name[:2] in {f"{k}_" for k in people}:
                out.append(getattr(people[name[0]], name[2:]))
            elif name:
                out.append(str(values[name]))
        text = "".join(out)
        return text[:1].upper() + text[1:]

    def when(self) -> str:
        r = self.rng.random()
        day = self.date - dt.timedelta(days=self.rng.randint(1, 6))
        if r < 0.3:
            return f"on {WEEKDAYS[day.weekday()]}"
        if r < 0.55:
            earlier = self.date - dt.timedelta(days=self.rng.randint(7, 200))
            return f"on {MONTHS[earlier.month - 1]} {earlier.day}"
        if r < 0.8:
            earlier = self.date - dt.timedelta(days=self.rng.randint(20, 300))
            return f"in {MONTHS[earlier.month - 1]}"
        return self.rng.choice(("last week", "earlier this month", "last year"))

    def city(self, country: str | None = None) -> str:
        country = country or self.rng.choice(sorted(COUNTRIES))
        return self.rng.choice(COUNTRIES[country][1])

    def count(self) -> str:
        n = self.rng.choice((self.rng.randint(2, 20), self.rng.randint(21, 400), self.rng.randint(2, 12)))
        return NUMBER_WORDS[n] if n in NUMBER_WORDS and self.rng.random() < 0.7 else str(n)


def letter_story(w: Writer) -> list[str]:
    a = w.person()
    b = w.person(avoid=(a,))
    people = {"a": a, "b": b}
    lines = [w.say(w.rng.choice((
        "{a} wrote a letter to {b} {when} about {topic}.",
        "{a} sent {b} a personal letter {when}, asking for progress on {topic}.",
        "In a letter sent to {b} {when}, {a} urged {b_his} government to act on {topic}.",
        "{a} said {a_he} had written to {b} {when} regarding {topic}.",
        "{a} penned a letter to {b} {when} concerning {topic}.",
    )), people, when=w.when(), topic=w.rng.choice(TOPICS))]
    if w.rng.random() < 0.5:
        people["c"] = w.person(avoid=(a, b))
        lines.append(w.say(w.rng.choice((
            "The letter was hand-delivered to {b} by {c} during a visit to {city}.",
            "{c} carried the letter to {b} in {city}.",
            "{c} passed the letter on to {b} at a meeting in {city}.",
        )), people, city=w.city(b.country)))
    if w.rng.random() < 0.6:
        lines.append(w.say(w.rng.choice((
            "{b} replied in writing {when}, according to {a_his} office.",
            "{b} responded to {a} with a letter of {b_his} own {when}.",
            "{b} has not answered the letter, officials said.",
        )), people, when=w.when()))
    return lines


def meeting_story(w: Writer) -> list[str]:
    a = w.person()
    b = w.person(avoid=(a,))
    people = {"a": a, "b": b}
    city = w.city(w.rng.choice((a.country, b.country)))
    lines = [w.say(w.rng.choice((
        "{a} met {b} in {city} {when}.",
        "Talks between {a} and {b} took place in {city} {when}.",
        "{a} held a phone call with {b} {when}.",
        "{a} and {b} spoke by telephone {when} for nearly an hour.",
        "{a} hosted {b} for a summit in {city} {when}.",
        "{a} had a meeting with {b} on the sidelines of a conference in {city} {when}.",
        "{a} sat down with {b} in {city} {when}, the first such encounter this year.",
    )), people, city=city, when=w.when())]
    lines.append(w.say(w.rng.choice((
        "The two discussed {topic}, a statement from {a_his} office said.",
        "Neither side released a readout of the conversation.",
        "{b} described the talks as constructive.",
        "The two leaders agreed to speak again soon.",
    )), people, topic=w.rng.choice(TOPICS)))
    return lines


def event_story(w: Writer) -> list[str]:
    a = w.person()
    return [w.say(w.rng.choice((
        "{a} announced {when} that {a_his} government would open a new office for missing children.",
        "{a} gave a speech in {city} {when}, calling for an independent inquiry.",
        "{a} visited {city} {when} and met families waiting for news.",
        "{a} made a rare announcement from {city} {when}.",
        "{a} signed a decree {when} creating a registry of displaced minors.",
        "At a press conference in {city} {when}, {a} presented new figures.",
        "{a} launched a hotline for families in {city} {when}.",
    )), {"a": a}, when=w.when(), city=w.city(a.country))]


def children_story(w: Writer) -> list[str]:
    a = w.person()
    here, there = w.rng.sample(sorted(COUNTRIES), 2)
    phrase, _ = w.rng.choice(STATUSES)
    grim, _ = w.rng.choice(GRIM)
    values = {"n": w.count(), "here": here, "there": there, "demonym": COUNTRIES[here][0],
              "phrase": phrase, "grim": grim, "big": f"{w.rng.randint(2, 40) * 1000:,}", "when": w.when()}
    lines = [w.say(w.rng.choice((
        "{n} children were {phrase} {here} from {there} {when}, {a} said.",
        "{a} reported that {n} more children have now been {phrase} {here} {when}.",
        "According to {a}, {n} {demonym} children have been {phrase} {here}.",
    )), {"a": a}, **values)]
    if w.rng.random() < 0.6:
        lines.append(w.say(w.rng.choice((
            "Officials in {here} estimate that nearly {big} children were {grim} {there} since the war began.",
            "{here} says about {big} minors have been {grim} {there}.",
            "Rights groups put the number of children {grim} {there} at more than {big}.",
        )), {}, **values))
    return lines


def quote_story(w: Writer) -> list[str]:
    return [w.say(w.rng.choice((
        "“{quote},” {a} told reporters {when}.",
        "“{quote},” {a} said in a statement.",
        "{a} wrote on social media: “{quote}.”",
    )), {"a": w.person()}, quote=w.rng.choice(QUOTES), when=w.when())]


STORIES = (letter_story, meeting_story, event_story, children_story, quote_story)


def headline(w: Writer) -> str:
    p = w.person()
    return w.rng.choice((
        f"{p.last} pushes for return of children in talks with {w.person(avoid=(p,)).last}",
        f"{COUNTRIES[p.country][0]} officials report progress on family reunions",
        f"Letters and quiet calls: how {p.last} kept a channel open",
        f"{p.name} says more children will come home soon",
    ))


def article_text(world: list[Person], seed: int, index: int) -> str:
    """The full text of article `index` (header line included)."""
    rng = random.Random(f"article:{seed}:{index}")
    date = dt.date(2022, 3, 1) + dt.timedelta(days=rng.randint(0, 1400))
    w = Writer(world, rng, date)
    target = rng.randint(2000, 3900)
    header = f" date {date.isoformat()}"
    if rng.random() < 0.4:
        header += f" By {rng.choice(REPORTERS)}, {rng.choice(OUTLETS)}"
    parts = [header, "", headline(w), ""]
    opening = ""
    if rng.random() < 0.4:
        opening = f"{w.city().upper()} ({rng.choice(OUTLETS)}) — "
    size = sum(len(p) + 1 for p in parts)
    paragraphs = []
    while size < target:
        if paragraphs and rng.random() < 0.62:
            sentences = [s.format(city=w.city()) for s in rng.sample(BACKGROUND, rng.randint(2, 5))]
        else:
            sentences = rng.choice(STORIES)(w)
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    paragraphs[0] = opening + paragraphs[0]
    return "\n".join(parts) + "\n" + "\n\n".join(paragraphs) + "\n"


def article_name(seed: int, index: int, text: str) -> str:
    digest = hashlib.sha256(f"{seed}:{index}:{text}".encode("utf-8")).hexdigest()[:16]
    return f"{index:05d}_{digest}.txt"


def generate(n: int, out: Path, *, seed: int = 7, start: int = 0) -> list[Path]:
    """Write articles start .. n-1 into `out` (created) and return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    world = make_world(seed)
    paths = []
    for index in range(start, n):
        text = article_text(world, seed, index)
        path = out / article_name(seed, index, text)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Write N synthetic news articles in the seeds' format.")
    parser.add_argument("n", type=int, help="number of articles, e.g. 1000")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into, e.g. /tmp/corpus")
    parser.add_argument("--seed", type=int, default=7, help="world and article seed (default 7)")
    parser.add_argument("--start", type=int, default=0, help="first article index (default 0)")
    args = parser.parse_args(argv)
    paths = generate(args.n, args.out, seed=args.seed, start=args.start)
    print(f"wrote {len(paths)} articles into {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
