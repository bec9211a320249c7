"""How words typed in the search box are read as entity names: ids, names, aliases, acronyms, misspelled.

Why apart from the search service: which words stand for an entity is a question of the gazetteer's names alone
(a one-word name, an acronym, a word only one entity's names hold; never a person's title, given name or surname);
whether the library agrees with a word of a longer name is the service's (:class:`sahel_tui.services.Searcher`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from sahel_tui.entities.gazetteer import COMMON_WORDS, Entity, Gazetteer, name_key
from sahel_tui.search.tokens import query_words

MIN_ALIAS_WORD = 4
"""Shorter words are too ambiguous to stand for an entity on their own."""
MAX_NAME_WORDS = 8
"""The longest run of typed words read together as one name."""
MIN_PREFIX = 3
"""A name's last word being typed counts once this many of its letters are."""


class EntityResolver:
    """Reads entity names as users type them: ids, names, aliases, acronyms, misspelled."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._labels: dict[str, str] = {}
        words: dict[str, set[str]] = {}
        whole: dict[str, set[str]] = {}
        for entity in gazetteer.entities.values():
            labels = (entity.id, *entity.names(), *entity.acronyms, *entity.gated_acronyms, *entity.metonyms,
                      *entity.adjectivals)  # fmt: skip
            for label in labels:
                self._labels.setdefault(name_key(label), entity.id)
            for name in entity.names():
                key = name_key(name)
                if " " not in key and len(key) >= MIN_ALIAS_WORD:
                    whole.setdefault(key, set()).add(entity.id)
                    words.setdefault(key, set()).add(entity.id)
                if entity.type == "person":
                    continue  # a given name, a title or a surname inside a full name is anyone's (Moussa, Colonel)
                for word in _proper_words(name):
                    if len(word) >= MIN_ALIAS_WORD:
                        words.setdefault(word, set()).add(entity.id)
            for acronym in entity.acronyms:
                key = name_key(acronym).replace(" ", "")
                whole.setdefault(key, set()).add(entity.id)
                words.setdefault(key, set()).add(entity.id)
        adjectivals = {name_key(form) for entity in gazetteer.entities.values() for form in entity.adjectivals}
        self._distinctive = {word: next(iter(ids)) for word, ids in words.items()
                             if len(ids) == 1 and word not in adjectivals}  # fmt: skip
        """Words found in one entity's names only (nusrat, gsim): typed alone, they may mean that entity. Only the
        capitalised words of a name count, and no everyday word: "soutien" in "Groupe de soutien à l'islam …",
        "malien" in "Gourma malien", "food" in "World Food Programme", "Burkinabe" (an adjective of a country) in a
        name of the army mean what they say; of a person, only the names the gazetteer gives as one word (Goïta)."""
        self._whole_names = {word for word, ids in whole.items() if len(ids) == 1}
        """One-word names and acronyms of one entity each: they name it whatever the library says."""
        self._typo_targets = {word: next(iter(whole[word])) for word in self._whole_names}
        """What a misspelled word may be read as: the distinctive words, and the one-word names that are one entity's
        whole name though longer names hold them too (``mail`` is Mali, whose name is in "Mali's military
        government" as well)."""
        self._typo_targets.update(self._distinctive)
        long_names: dict[tuple[str, ...], set[str]] = {}
        for entity in gazetteer.entities.values():
            for name in (*entity.names(), *entity.metonyms):
                for words in _as_typed(name):
                    if 2 <= len(words) <= MAX_NAME_WORDS:
                        long_names.setdefault(words, set()).add(entity.id)
        self._long_names: dict[tuple[int, str], list[tuple[tuple[str, ...], str]]] = {}
        """Names of several words (one entity's each), by their number of words and first letter."""
        for words, ids in long_names.items():
            if len(ids) == 1:
                self._long_names.setdefault((len(words), words[0][0]), []).append((words, next(iter(ids))))
        self._typo_targets_by_letter: dict[str, list[str]] = {}
        for word in sorted(self._typo_targets):
            self._typo_targets_by_letter.setdefault(word[0], []).append(word)

    def resolve(self, text: str) -> Entity | None:
        """The entity an ``entity:`` filter value means, or None."""
        found = self.gazetteer.find(text)
        if found is not None:
            return found
        key = name_key(text)
        if key in self._labels:
            return self.gazetteer[self._labels[key]]
        best = process.extractOne(key, list(self._labels), scorer=fuzz.WRatio, score_cutoff=88)
        return self.gazetteer[self._labels[best[0]]] if best else None

    def entity_for_word(self, word: str) -> str | None:
        """The entity a single typed word stands for, if it names exactly one."""
        return self._distinctive.get(word)

    def entity_for_typo(self, word: str, typos: int) -> str | None:
        """The entity a misspelled word stands for (see :meth:`typo_target`)."""
        target = self.typo_target(word, typos)
        return self._typo_targets[target] if target else None

    def typo_target(self, word: str, typos: int) -> str | None:
        """The word of an entity's names a misspelled word is read as: of the distinctive words and one-word names,
        the closest within ``typos`` (the first letter kept, as for the index's words: ``tilabery`` -> tillaberi,
        ``mail`` -> mali); None when two entities' words are as close."""
        if typos <= 0 or not word:
            return None
        close = process.extract(word, self._typo_targets_by_letter.get(word[0], []), scorer=OSA.distance,
                                score_cutoff=typos, limit=None)  # fmt: skip
        if not close:
            return None
        fewest = min(distance for _, distance, _ in close)
        nearest = [found for found, distance, _ in close if distance == fewest]
        return nearest[0] if len({self._typo_targets[found] for found in nearest}) == 1 else None

    def entity_for_run(self, typed: Sequence[str], last_typed_on: bool) -> tuple[str, int] | None:
        """The entity one of whose names of several words ``typed`` spells, word for word, each word within its own
        typo budget (the index's: none under 5 letters, the first letter kept) and, when ``last_typed_on``, the last
        word the beginning of the name's (:data:`MIN_PREFIX` letters at least): ``afrika corps`` is Africa Corps,
        where ``afrika`` alone would be the continent. (entity id, typos); None when two entities are as close."""
        from sahel_tui.search.fuzzy import typo_budget

        if len(typed) < 2 or not typed[0]:
            return None
        closest: dict[str, int] = {}
        for words, entity_id in self._long_names.get((len(typed), typed[0][0]), []):
            typos = 0
            for position, (word, name_word) in enumerate(zip(typed, words, strict=True)):
                if position == len(typed) - 1 and last_typed_on and len(word) >= MIN_PREFIX:
                    name_word = name_word[: len(word)]
                if word != name_word:
                    distance = OSA.distance(word, name_word, score_cutoff=typo_budget(word))
                    if word[0] != name_word[0] or distance > typo_budget(word):
                        break
                    typos += distance
            else:
                closest[entity_id] = min(typos, closest.get(entity_id, typos))
        if not closest:
            return None
        fewest = min(closest.values())
        nearest = [entity_id for entity_id, typos in closest.items() if typos == fewest]
        return (nearest[0], fewest) if len(nearest) == 1 else None

    def entity_of_name_word(self, word: str) -> str | None:
        """The entity a word found by :meth:`typo_target` belongs to."""
        return self._typo_targets.get(word)

    def names_alone(self, word: str) -> bool:
        """Whether ``word`` is one entity's whole name or acronym (``mali``, ``gsim``): it names that entity
        whatever the library says, where a word of a longer name (``training``, ``nusrat``) may be an everyday
        word."""
        return word in self._whole_names


def _as_typed(name: str) -> set[tuple[str, ...]]:
    """A name's words as the search box reads them when it is typed (elided articles split off, ``l'islam`` is
    ``islam``), its hyphens joining words (``al-islam``) or typed as spaces (``al islam``)."""
    return {tuple(query_words(name)), tuple(query_words(name.replace("-", " ")))}


def _proper_words(name: str) -> list[str]:
    """The capitalised words of a name as comparison keys, with an elided article (``l'Azawad``) and the everyday
    words (``Group``, ``World``) left out."""
    words = []
    for written in name.split():
        written = _ELIDED.sub("", written)
        if written[:1].isupper() or written[:1].isdigit():
            words += [word for word in name_key(written).split() if word not in COMMON_WORDS]
    return words


_ELIDED = re.compile(r"^(?:l|d|qu)['’]", re.IGNORECASE)
