"""Loading and validating the curated gazetteer (``gazetteer.toml``): the Sahel's actors under all their names."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from sahel_tui.textclean import fold, unify_apostrophes

GAZETTEER_FILE = Path(__file__).with_name("gazetteer.toml")

TYPES = {
    "armed_group": "Armed groups",
    "attribution": "Uncertain attributions",
    "state_force": "State forces",
    "foreign_force": "Foreign forces",
    "militia": "Militias",
    "junta": "Juntas",
    "organisation": "Organisations",
    "person": "People",
    "country": "Countries",
    "region": "Regions",
    "place": "Places",
}
"""Entity types, in the order the sidebar groups them, with their group headings."""

_LIST_FIELDS = (
    "aliases",
    "gated_aliases",
    "acronyms",
    "gated_acronyms",
    "adjectivals",
    "metonyms",
    "country",
    "river_names",
)

RIVER_PHRASES = (
    "fleuve {}", "rivière {}", "river {}", "{} river", "{} valley", "{} basin", "banks of the {}", "waters of the {}",
    "bridge over the {}", "pont sur le {}", "pont sur la {}",
    *(f"{noun} {of} {{}}" for noun in ("eaux", "rives", "berges", "crue", "cours", "lit", "bassin", "vallée", "niveau")
      for of in ("du", "de la")),
)  # fmt: skip
"""How both languages say that a name is the river's (``les eaux de la Sirba``, ``the Nakambé River``): a river
that shares its name with a region or a province (Burkina Faso named its 2025 regions after rivers) is found in
these phrases, and its bare name is left to the region."""


ARMY_AFTER = (
    "army",
    "armed forces",
    "military",
    "soldiers",
    "soldier",
    "troops",
    "forces",
    "security forces",
    "defence forces",
    "defense forces",
)
"""How English names a country's army: the country's adjective, then one of these (``Burkinabe troops``)."""
ARMY_BEFORE = (
    "armée",
    "forces armées",
    "soldats",
    "soldat",
    "militaires",
    "troupes",
    "forces",
    "forces de défense et de sécurité",
)
"""How French does: one of these, then the adjective (``soldats burkinabè``, ``forces armées nigériennes``)."""


class GazetteerError(ValueError):
    """The gazetteer file is inconsistent; ``str()`` lists every problem found."""


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    name: str
    description: str
    aliases: tuple[str, ...] = ()
    gated_aliases: tuple[str, ...] = ()
    """Spellings that other people share (Tchiani, Prigojine): they count only after a title or with a Sahel
    context word nearby."""
    acronyms: tuple[str, ...] = ()
    gated_acronyms: tuple[str, ...] = ()
    """Acronyms that are also words or other things (US, AES, EU): counted only with Sahel context nearby."""
    adjectivals: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    member_of: str | None = None
    successor_of: str | None = None
    river_names: tuple[str, ...] = ()
    """A river's names shared with a region or province (Nakambé, Sirba): matched only in :data:`RIVER_PHRASES`."""
    capitalised_only: bool = False
    """Names made of ordinary words (Centre-Nord, Plateau-Central): they count only as written with their capital —
    the centre-nord of a country is not Burkina Faso's region."""
    lat: float | None = None
    lon: float | None = None
    """Coordinates of a place (WGS 84, from public gazetteers such as GeoNames): facts for the map to come."""

    def names(self) -> tuple[str, ...]:
        """Canonical name and aliases (matched ignoring case, accents, apostrophes and hyphens)."""
        return (self.name, *self.aliases)


def name_key(text: str) -> str:
    """How two spellings of a name are compared: casefolded, no accents, apostrophes dropped, hyphens as spaces."""
    folded = unify_apostrophes(fold(text)).replace("'", "")
    return " ".join(re.findall(r"[^\W_]+", folded))


@dataclass(frozen=True)
class Gazetteer:
    entities: dict[str, Entity]

    def __getitem__(self, entity_id: str) -> Entity:
        return self.entities[entity_id]

    def __contains__(self, entity_id: str) -> bool:
        return entity_id in self.entities

    def __len__(self) -> int:
        return len(self.entities)

    def find(self, text: str) -> Entity | None:
        """An entity by id, name, alias or acronym (as typed in ``entity:`` filters), or None."""
        text = text.strip()
        if text in self.entities:
            return self.entities[text]
        key = name_key(text)
        for entity in self.entities.values():
            if key == name_key(entity.id) or key in {name_key(n) for n in entity.names()}:
                return entity
            if text.upper() in {a.upper() for a in entity.acronyms + entity.gated_acronyms}:
                return entity
        return None


def parse_gazetteer(data: dict) -> Gazetteer:
    """Build and validate a gazetteer from parsed TOML; raises :class:`GazetteerError` listing every problem."""
    problems: list[str] = []
    entities: dict[str, Entity] = {}
    parsed: list[Entity] = []
    national: set[str] = set()
    for position, raw in enumerate(data.get("entity", []), start=1):
        label = raw.get("id", f"entry {position}")
        missing = [key for key in ("id", "type", "name", "description") if not raw.get(key)]
        if missing:
            problems.append(f"{label}: missing {', '.join(missing)}")
            continue
        if raw["type"] not in TYPES:
            problems.append(f"{label}: unknown type {raw['type']!r} (known: {', '.join(TYPES)})")
        unknown = set(raw) - {"id", "type", "name", "description", "member_of", "successor_of", "lat", "lon",
                              "national_army", "capitalised_only", *_LIST_FIELDS}  # fmt: skip
        if unknown:
            problems.append(f"{label}: unknown fields {sorted(unknown)}")
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", raw["id"]):
            problems.append(f"{label}: id must be a lower-case slug")
        if raw["id"] in entities:
            problems.append(f"{label}: duplicate id")
        problems += _coordinate_problems(label, raw)
        entity = Entity(
            id=raw["id"],
            type=raw["type"],
            name=raw["name"],
            description=raw["description"],
            member_of=raw.get("member_of"),
            successor_of=raw.get("successor_of"),
            capitalised_only=raw.get("capitalised_only") is True,
            lat=raw.get("lat"),
            lon=raw.get("lon"),
            **{key: tuple(dict.fromkeys(raw.get(key, []))) for key in _LIST_FIELDS},
        )
        parsed.append(entity)
        entities.setdefault(entity.id, entity)
        if raw.get("national_army"):
            national.add(entity.id)
            if len(entity.country) != 1:
                problems.append(f"{label}: a national army names one country")
    parsed = [_named_as_an_army(entity, parsed) if entity.id in national else entity for entity in parsed]
    parsed = [_named_as_a_river(entity) if entity.river_names else entity for entity in parsed]
    entities = {entity.id: entity for entity in reversed(parsed)}
    owners: dict[str, int] = {}
    acronym_owners: dict[str, int] = {}
    for position, entity in enumerate(parsed):
        for relation in (entity.member_of, entity.successor_of):
            if relation and relation not in entities:
                problems.append(f"{entity.id}: relation to unknown entity {relation!r}")
        surfaces = entity.names() + entity.gated_aliases + entity.adjectivals + entity.metonyms
        for surface in {name_key(s) for s in surfaces}:
            if surface in owners and owners[surface] != position:
                problems.append(f"{entity.id}: name {surface!r} is already {parsed[owners[surface]].id}'s")
            owners[surface] = position
        for acronym in entity.acronyms + entity.gated_acronyms:
            if acronym in acronym_owners and acronym_owners[acronym] != position:
                problems.append(f"{entity.id}: acronym {acronym!r} is already {parsed[acronym_owners[acronym]].id}'s")
            acronym_owners[acronym] = position
    if problems:
        raise GazetteerError("gazetteer problems:\n  " + "\n  ".join(problems))
    return Gazetteer(entities)


def _named_as_an_army(force: Entity, parsed: list[Entity]) -> Entity:
    """A national army (``national_army = true``) is also named by its country's adjectives and a soldierly word, in
    both languages, as reports name it (``soldats burkinabè``, ``Nigerien troops``, ``armée malienne``)."""
    countries = [entity for entity in parsed if entity.type == "country" and entity.country == force.country]
    adjectives = [form for country in countries for form in country.adjectivals]
    made = [f"{adjective} {noun}" for adjective in adjectives for noun in ARMY_AFTER]
    made += [f"{noun} {adjective}" for adjective in adjectives for noun in ARMY_BEFORE]
    return replace(force, aliases=tuple(dict.fromkeys([*force.aliases, *made])))


def _named_as_a_river(river: Entity) -> Entity:
    """A river whose name is also a region's is named by the phrases that make it a river (:data:`RIVER_PHRASES`)."""
    made = [phrase.format(name) for name in river.river_names for phrase in RIVER_PHRASES]
    return replace(river, aliases=tuple(dict.fromkeys([*river.aliases, *made])))


def _coordinate_problems(label: str, raw: dict) -> list[str]:
    """Every place has coordinates, and only plausible ones (the map must never put Gao in the sea)."""
    lat, lon = raw.get("lat"), raw.get("lon")
    if raw.get("type") == "place" and (lat is None or lon is None):
        return [f"{label}: a place needs lat and lon"]
    if lat is None and lon is None:
        return []
    if not all(isinstance(value, int | float) for value in (lat, lon)):
        return [f"{label}: lat and lon must both be numbers"]
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return [f"{label}: coordinates out of range ({lat}, {lon})"]
    return []


@cache
def load_gazetteer(path: Path = GAZETTEER_FILE) -> Gazetteer:
    with path.open("rb") as handle:
        return parse_gazetteer(tomllib.load(handle))


COMMON_WORDS = frozenset(
    (
        "affairs",
        "africa",
        "african",
        "agency",
        "armed",
        "army",
        "bank",
        "borders",
        "central",
        "children",
        "commission",
        "commissioner",
        "committee",
        "coordination",
        "council",
        "court",
        "criminal",
        "cross",
        "defence",
        "defense",
        "democratic",
        "doctors",
        "east",
        "eastern",
        "economic",
        "endeavour",
        "food",
        "force",
        "forces",
        "france",
        "french",
        "front",
        "fund",
        "general",
        "gold",
        "government",
        "group",
        "high",
        "humanitarian",
        "international",
        "islam",
        "islamic",
        "liberation",
        "migration",
        "military",
        "mining",
        "minister",
        "ministry",
        "monetary",
        "movement",
        "national",
        "nations",
        "north",
        "northern",
        "office",
        "organisation",
        "organization",
        "people",
        "peoples",
        "president",
        "programme",
        "province",
        "radio",
        "red",
        "refugee",
        "refugees",
        "region",
        "republic",
        "resolute",
        "security",
        "south",
        "southern",
        "state",
        "states",
        "support",
        "television",
        "union",
        "united",
        "west",
        "western",
        "without",
        "world",
    )
)
"""Words of entity names that are everyday words too: a name is looked for around its other words when it has
any, so "World Bank" or "Resolute Mining" do not open every paragraph that says "world" or "resolute"."""
