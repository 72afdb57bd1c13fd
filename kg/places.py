"""Place names: country names, demonyms and seats of government -> one canonical name.

General world knowledge (not taken from any article): it lets "Russian", "the Russian Federation"
and "the Kremlin" all point at Russia when they qualify an office or a route.
"""

from __future__ import annotations

import re
from functools import lru_cache

# canonical name: (aliases, demonyms)
COUNTRIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "United States": (("us", "u.s.", "usa", "u.s.a.", "united states", "united states of america",
                       "america", "the united states", "the us", "the u.s."), ("american", "u.s.", "us")),
    "Russia": (("russia", "the russian federation", "russian federation"), ("russian",)),
    "Ukraine": (("ukraine",), ("ukrainian",)),
    "Belarus": (("belarus",), ("belarusian",)),
    "Poland": (("poland",), ("polish",)),
    "Germany": (("germany",), ("german",)),
    "France": (("france",), ("french",)),
    "United Kingdom": (("united kingdom", "uk", "u.k.", "britain", "great britain", "the uk"),
                       ("british",)),
    "Italy": (("italy",), ("italian",)),
    "Spain": (("spain",), ("spanish",)),
    "China": (("china", "people's republic of china"), ("chinese",)),
    "Japan": (("japan",), ("japanese",)),
    "India": (("india",), ("indian",)),
    "North Korea": (("north korea", "dprk", "democratic people's republic of korea"),
                    ("north korean",)),
    "South Korea": (("south korea", "republic of korea"), ("south korean",)),
    "Iran": (("iran",), ("iranian",)),
    "Israel": (("israel",), ("israeli",)),
    "Turkey": (("turkey", "turkiye", "türkiye"), ("turkish",)),
    "Qatar": (("qatar", "state of qatar", "the state of qatar"), ("qatari",)),
    "Saudi Arabia": (("saudi arabia",), ("saudi",)),
    "United Arab Emirates": (("united arab emirates", "uae", "u.a.e."), ("emirati",)),
    "Vatican": (("vatican", "the vatican", "holy see", "the holy see"), ("vatican",)),
    "Canada": (("canada",), ("canadian",)),
    "Mexico": (("mexico",), ("mexican",)),
    "Brazil": (("brazil",), ("brazilian",)),
    "South Africa": (("south africa",), ("south african",)),
    "Slovenia": (("slovenia",), ("slovenian", "slovene")),
    "Georgia": (("georgia",), ("georgian",)),
    "Moldova": (("moldova",), ("moldovan",)),
    "Kazakhstan": (("kazakhstan",), ("kazakh",)),
    "Syria": (("syria",), ("syrian",)),
    "Egypt": (("egypt",), ("egyptian",)),
    "Hungary": (("hungary",), ("hungarian",)),
    "Lithuania": (("lithuania",), ("lithuanian",)),
    "Latvia": (("latvia",), ("latvian",)),
    "Estonia": (("estonia",), ("estonian",)),
    "Finland": (("finland",), ("finnish",)),
    "Sweden": (("sweden",), ("swedish",)),
    "Norway": (("norway",), ("norwegian",)),
    "Romania": (("romania",), ("romanian",)),
    "Austria": (("austria",), ("austrian",)),
    "Switzerland": (("switzerland",), ("swiss",)),
    "Netherlands": (("netherlands", "the netherlands", "holland"), ("dutch",)),
    "Belgium": (("belgium",), ("belgian",)),
    "European Union": (("european union", "eu", "the eu"), ("european",)),
}

# Seats of government and capitals used as metonyms for the country ("the Kremlin said").
SEATS = {
    "kremlin": "Russia", "the kremlin": "Russia", "moscow": "Russia",
    "white house": "United States", "the white house": "United States", "washington": "United States",
    "kyiv": "Ukraine", "kiev": "Ukraine", "beijing": "China", "pyongyang": "North Korea",
    "downing street": "United Kingdom", "london": "United Kingdom", "elysee": "France",
    "élysée": "France", "paris": "France", "berlin": "Germany", "doha": "Qatar",
    "tehran": "Iran", "ankara": "Turkey", "minsk": "Belarus", "warsaw": "Poland",
}

ALIASES: dict[str, str] = {}
DEMONYMS: dict[str, str] = {}
for _name, (_aliases, _demonyms) in COUNTRIES.items():
    for _alias in _aliases:
        ALIASES[_alias] = _name
    for _demonym in _demonyms:
        DEMONYMS[_demonym] = _name
        DEMONYMS[_demonym + "s"] = _name

DISPLAY = {"United States": "the United States", "United Kingdom": "the United Kingdom",
           "Netherlands": "the Netherlands", "European Union": "the European Union",
           "United Arab Emirates": "the United Arab Emirates"}

_SPACE = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"[’']s?$")


def clean(text: str) -> str:
    """Lower case, single spaces, no possessive ending, curly quotes made straight."""
    text = _SPACE.sub(" ", text.replace("’", "'").replace("ʼ", "'")).strip().lower()
    return _POSSESSIVE.sub("", text).strip()


@lru_cache(maxsize=4096)
def country_of(text: str, *, seats: bool = True) -> str | None:
    """The country a name, demonym or (optionally) seat of government refers to, else None.

    Remembered per text: extraction asks about the same few words over and over."""
    key = clean(text)
    if key.startswith("the ") and key not in ALIASES and key not in SEATS:
        key = key[4:]
    found = ALIASES.get(key) or DEMONYMS.get(key)
    if found is None and seats:
        found = SEATS.get(key)
    return found


def canonical_place(text: str) -> str:
    """The canonical name for a place mention: the country for country aliases, else the text tidied."""
    country = country_of(text, seats=False)
    if country:
        return country
    words = _SPACE.sub(" ", text.replace("’", "'")).strip()
    words = _POSSESSIVE.sub("", words).strip()
    if words.lower().startswith("the "):
        words = words[4:]
    return words


def display_country(name: str) -> str:
    """How a country reads after 'of': 'the United States', 'Russia'."""
    return DISPLAY.get(name, name)
