"""Article -> entity mentions with character offsets, whatever spelling the source used.

Rules, in the order conflicts are settled (the longest mention wins an overlap):
- Names and aliases match on word sequences ignoring case, accents, apostrophes and hyphen/space differences;
  possessives count (Wagner’s). One-word names must be capitalised in the text (proper nouns), so "amnesty" the
  word is not Amnesty International. "Africa Corps" beats Africa, "Niger State" beats Niger, "Alliance of Sahel
  States" beats the Sahel, "US Bureau of African Affairs" beats the US, because the longer sequence wins.
- Acronyms are case-sensitive. Those that collide with words or other things (US, AES, EU, FLA …) count only in
  text that is not all capitals and with a Sahel context word within a few hundred characters.
- Long names written in a spelling the gazetteer does not list (Jama’a Nusrat ul-Islam wa al-Muslimin) are found
  with rapidfuzz, anchored on a distinctive word and accepted only at a high score.
- People the gazetteer does not know are proposed, flagged unlisted, only where the text says they are people:
  after a title or role ("Senior Bureau Official Nick Checker"), beside a verb that attributes a quote ("»,
  explique Seydou Kanté", "Hawa Maïga said") unless a word of it names a body ("Crisis Group said"), and in
  bylines. Sentence-initial capitals and headline words are never taken for names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz

from sahel_tui.entities.gazetteer import COMMON_WORDS, Gazetteer, load_gazetteer, name_key
from sahel_tui.entities.people import (
    another_given_name,
    covered,
    someone_elses_name,
    title_before,
    unlisted_people,
)
from sahel_tui.entities.trie import trie_pattern
from sahel_tui.model import Article, Mention
from sahel_tui.textclean import fold, unify_apostrophes

FUZZY_NAME_SCORE = 88.0
"""Lowest rapidfuzz ratio at which an unlisted spelling of a long name is taken to be that name."""
FUZZY_MIN_WORDS = 4
CONTEXT_CHARS = 300
"""How far around a gated acronym a Sahel context word must be."""

_TOKEN = re.compile(r"[^\W_]+(?:['’‘ʼ][^\W_]+)*")
_ELISION = re.compile(r"(?:l|d|qu|jusqu|lorsqu|puisqu)['’‘ʼ](?=[^\W_])", re.IGNORECASE)
"""A French article or conjunction elided onto the next word: l'Africa Corps, d'Ansongo, qu'Assimi Goïta."""
MIN_TITLE_CASE_ACRONYM = 4
"""Acronyms this long are also found written as a word (Jnim, Fama, Minusma, as French newsrooms write them);
shorter ones would be ordinary words (Fan, Msa)."""
_POSSESSIVE = re.compile(r"['’‘ʼ]s$", re.IGNORECASE)
SEGMENT_BEFORE = 120
"""Characters read before a trigger word: a fuzzy-matched long name may begin several words earlier."""
SEGMENT_AFTER = 160
_JOINER = re.compile(r"(?:['’‘ʼ][sS])?[ \t\u00a0\-‐‑–]+(?i:(?:l|d|qu)['’‘ʼ])?")
"""What may stand between the words of one name: spaces and hyphens, after a possessive (Mali's army), before a
French elided article that the next word's token leaves out (Côte d'Ivoire, Mouvement de l'Azawad), never commas
or line breaks."""

SAHEL_CONTEXT = {
    "mali", "malian", "sahel", "sahelian", "niger", "nigerien", "burkina", "burkinabe", "bamako", "niamey",
    "ouagadougou", "junta", "jihadist", "jihadists", "azawad", "tuareg", "ecowas", "wagner", "gao", "kidal",
    "timbuktu", "menaka", "chad", "mauritania", "aes", "jnim", "sahara",
}  # fmt: skip


@dataclass(frozen=True)
class _Phrase:
    entity_id: str
    kind: str
    lower_case: bool = False
    """Listed in lower case (French adjectivals: malienne, algérienne): matched in lower case too."""
    gated: bool = False
    """A spelling others share: it counts only after a title or with a Sahel context word nearby."""
    capitalised: bool = False
    """Ordinary words as a name (Centre-Nord): it counts only as written with its capital."""


class _Token(NamedTuple):
    key: str
    start: int
    end: int
    text: str


class Extractor:
    """Compiled matching tables for one gazetteer; :meth:`mentions` is the per-article work."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._own_words: dict[str, frozenset[str]] = {}
        self.phrases: dict[tuple[str, ...], _Phrase] = {}
        self.prefixes: set[tuple[str, ...]] = set()
        self.anchors: dict[str, list[tuple[str, tuple[str, ...], int]]] = {}
        acronyms: dict[str, tuple[str, bool]] = {}
        for entity in gazetteer.entities.values():
            for kind, surfaces, gated in (("name", entity.names(), False), ("name", entity.gated_aliases, True),
                                          ("adjectival", entity.adjectivals, False),
                                          ("metonym", entity.metonyms, False)):  # fmt: skip
                for surface in surfaces:
                    keys = tuple(token.key for token in _tokens(surface))
                    if keys:
                        listed = _Phrase(entity.id, kind, surface[:1].islower(), gated, entity.capitalised_only)
                        phrase = self.phrases.setdefault(keys, listed)
                        if phrase.entity_id == entity.id and surface[:1].islower() and not phrase.lower_case:
                            # "Burkinabè" listed before "burkinabè": the lower-case listing still counts
                            self.phrases[keys] = replace(phrase, lower_case=True)
                        self.prefixes.update(keys[:n] for n in range(1, len(keys)))
                        if kind == "name" and len(keys) >= FUZZY_MIN_WORDS:
                            anchor = keys.index(_distinctive(keys))
                            self.anchors.setdefault(keys[anchor], []).append((entity.id, keys, anchor))
            for acronym in entity.acronyms:
                acronyms[acronym] = (entity.id, False)
                written_as_word = acronym[:1] + acronym[1:].lower()
                if len(acronym) >= MIN_TITLE_CASE_ACRONYM and written_as_word != acronym:
                    acronyms.setdefault(written_as_word, (entity.id, False))
            for acronym in entity.gated_acronyms:
                acronyms[acronym] = (entity.id, True)
        self.acronyms = acronyms
        self.openers = {keys[0] for keys in self.phrases}
        triggers = {_distinctive(keys) for keys in self.phrases}  # each name's least common-looking word
        for entity in gazetteer.entities.values():  # the same words as folded text shows them (apostrophes kept)
            for surface in entity.names() + entity.gated_aliases + entity.adjectivals + entity.metonyms:
                words = [fold(word) for word in _TOKEN.findall(unify_apostrophes(surface))]
                if words:
                    triggers.add(_distinctive(words))
        self._trigger = re.compile(r"(?<![^\W_])(?:" + trie_pattern(triggers) + r")(?![^\W_])")
        """Every word a name can start with (or be anchored on), as one trie-shaped regex run over folded text."""
        self._acronym_pattern = re.compile(r"(?<![\w.])(" + trie_pattern(set(acronyms)) + r")(?![\w])")

    def mentions(self, article: Article) -> list[Mention]:
        """Every mention in the article's title, byline, standfirst, paragraphs and related headlines.

        Once a person has been named in full, their surname alone later in the article is that person
        (Traoré, Goïta), as long as no other person named so far shares it."""
        found: list[Mention] = []
        surnames: dict[str, str | None] = {}
        for field, text, paragraph in _fields(article):
            mentions = self.field_mentions(field, text, paragraph)
            if surnames and field in ("standfirst", "paragraph"):
                mentions = sorted(mentions + self._surnames(text, field, paragraph, mentions, surnames),
                                  key=lambda m: m.start)  # fmt: skip
            found += mentions
            for mention in mentions:
                self._learn_surname(mention, surnames)
        return found

    def _learn_surname(self, mention: Mention, surnames: dict[str, str | None]) -> None:
        if mention.type != "person" or not mention.listed or mention.kind != "name":
            return
        words = [token.key for token in _tokens(mention.text)]
        if len(words) < 2:
            return
        surname = words[-1]
        owner = surnames.get(surname, mention.entity_id)
        surnames[surname] = mention.entity_id if owner == mention.entity_id else None  # shared: nobody's

    def _surnames(self, text: str, field: str, paragraph: int | None, known: list[Mention],
                  surnames: dict[str, str | None]) -> list[Mention]:  # fmt: skip
        folded = fold(text)
        if not any(surname in folded for surname, owner in surnames.items() if owner):
            return []  # no known surname in this text: not worth reading it word by word
        taken = covered(len(text), ((mention.start, mention.end) for mention in known))
        extra = []
        for token in _tokens(text):
            entity_id = surnames.get(token.key)
            if entity_id is None or not _capitalised(token.text):
                continue
            if taken.find(1, token.start, token.end) != -1:
                continue
            if another_given_name(text, token.start):
                continue  # "Moussa Traoré": someone else with the same surname
            entity = self.gazetteer[entity_id]
            extra.append(Mention(entity_id, entity.name, entity.type, field, token.start, token.end, token.text,
                                 "name", paragraph, True))  # fmt: skip
        return extra

    def field_mentions(self, field: str, text: str, paragraph: int | None = None) -> list[Mention]:
        candidates: list[tuple[int, int, str, str, bool]] = []
        for segment in self._segments(text):
            tokens = _tokens(text, *segment)
            candidates += self._phrase_matches(tokens, text, headline=field in ("title", "teaser"))
            candidates += self._fuzzy_matches(tokens, text)
        candidates += self._acronym_matches(text)
        candidates += unlisted_people(field, text, candidates)
        # longest first; a candidate overlapping one already chosen loses (a byte per character says which are
        # taken: linear in the text, where comparing with every chosen span was quadratic in the mentions)
        chosen: list[tuple[int, int, str, str, bool]] = []
        taken = bytearray(len(text) + 1)
        for candidate in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
            start, end = candidate[0], candidate[1]
            if taken.find(1, start, end) != -1:
                continue
            taken[start:end] = b"\x01" * (end - start)
            chosen.append(candidate)
        mentions = []
        for start, end, entity_id, kind, listed in sorted(chosen):
            if listed:
                entity = self.gazetteer[entity_id]
                name, entity_type = entity.name, entity.type
            else:
                name, entity_type = text[start:end], "person"
            mentions.append(
                Mention(entity_id, name, entity_type, field, start, end, text[start:end], kind, paragraph, listed)
            )
        return mentions

    def _someone_else(self, entity_id: str, text: str, start: int, end: int) -> bool:
        """A known person's one-word name standing in another person's name (see :func:`someone_elses_name`)."""
        entity = self.gazetteer[entity_id]
        if entity.type != "person":
            return False
        own = self._own_words.get(entity_id)
        if own is None:
            own = frozenset(token.key for name in entity.names() for token in _tokens(name))
            self._own_words[entity_id] = own
        return someone_elses_name(text, start, end, own)

    def _segments(self, text: str) -> list[tuple[int, int]]:
        """The stretches of ``text`` where a name may be: around each word a name can start with or be anchored
        on. Everywhere else is skipped without a Python-level look at each word."""
        folded = fold(unify_apostrophes(text))
        if len(folded) != len(text):
            return [(0, len(text))]  # folding changed lengths (ß, ligatures): read every word
        spans: list[tuple[int, int]] = []
        for match in self._trigger.finditer(folded):
            start = text.rfind(" ", 0, max(0, match.start() - SEGMENT_BEFORE)) + 1
            end = text.find(" ", match.end() + SEGMENT_AFTER)
            end = len(text) if end == -1 else end
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((start, end))
        return spans

    def _phrase_matches(
        self, tokens: list[_Token], text: str, headline: bool = False
    ) -> Iterator[tuple[int, int, str, str, bool]]:
        openers = self.openers
        for first in range(len(tokens)):
            if tokens[first].key not in openers:
                continue  # most words begin no name: no sequence is built for them
            best: tuple[int, _Phrase] | None = None
            keys: tuple[str, ...] = ()
            for last in range(first, min(len(tokens), first + 12)):
                if last > first and not _JOINER.fullmatch(text[tokens[last - 1].end : tokens[last].start]):
                    break
                keys += (tokens[last].key,)
                phrase = self.phrases.get(keys)
                if phrase is not None:
                    best = (last, phrase)
                if keys not in self.prefixes:
                    break
            if best is None:
                continue
            last, phrase = best
            if (last == first or phrase.capitalised) and not _capitalised(tokens[first].text) and not phrase.lower_case:
                continue  # one-word names are proper nouns: "amnesty" the word is not Amnesty International
            start, end = tokens[first].start, tokens[last].end
            if last == first and not headline and self._someone_else(phrase.entity_id, text, start, end):
                continue  # "Issoufou Garba" is not Mahamadou Issoufou
            if phrase.gated and not (title_before(text, start) or _in_sahel_context(text, start, end)):
                continue
            yield tokens[first].start, tokens[last].end, phrase.entity_id, phrase.kind, True

    def _acronym_matches(self, text: str) -> Iterator[tuple[int, int, str, str, bool]]:
        for match in self._acronym_pattern.finditer(text):
            entity_id, gated = self.acronyms[match.group(1)]
            if gated and not _in_sahel_context(text, match.start(), match.end()):
                continue
            yield match.start(), match.end(), entity_id, "acronym", True

    def _fuzzy_matches(self, tokens: list[_Token], text: str) -> Iterator[tuple[int, int, str, str, bool]]:
        for position, token in enumerate(tokens):
            for entity_id, keys, anchor in self.anchors.get(token.key, ()):
                best: tuple[float, int, int] | None = None
                for shift in (-1, 0, 1):
                    for extra in (-1, 0, 1):
                        first = position - anchor + shift
                        last = first + len(keys) - 1 + extra
                        if first < 0 or last >= len(tokens) or last <= first:
                            continue
                        if any(
                            not _JOINER.fullmatch(text[tokens[i].end : tokens[i + 1].start]) for i in range(first, last)
                        ):
                            continue
                        window = " ".join(t.key for t in tokens[first : last + 1])
                        score = fuzz.ratio(window, " ".join(keys))
                        if score >= FUZZY_NAME_SCORE and (best is None or score > best[0]):
                            best = (score, first, last)
                if best is not None:
                    yield tokens[best[1]].start, tokens[best[2]].end, entity_id, "name", True


def _fields(article: Article) -> Iterator[tuple[str, str, int | None]]:
    yield "title", article.title, None
    if article.byline:
        yield "byline", article.byline, None
    if article.standfirst:
        yield "standfirst", article.standfirst, None
    for index, paragraph in enumerate(article.paragraphs):
        yield "paragraph", paragraph, index
    for index, teaser in enumerate(article.teasers):
        yield "teaser", teaser.title, index


def _tokens(text: str, start: int = 0, end: int | None = None) -> list[_Token]:
    """The words of ``text[start:end]`` with their comparison keys and spans (the hottest loop of extraction:
    a list, not a generator, and tuples made without the named tuple's own constructor)."""
    found: list[_Token] = []
    append, make = found.append, tuple.__new__
    for match in _TOKEN.finditer(text, start, len(text) if end is None else end):
        parts = _word_parts(match.group())
        if parts is not None:
            key, skipped, kept = parts
            first = match.start() + skipped
            append(make(_Token, (key, first, first + len(kept), kept)))
    return found


@lru_cache(maxsize=262_144)
def _word_parts(word: str) -> tuple[str, int, str] | None:
    """(comparison key, characters skipped at the start, the text kept) for a word, or None when nothing is left:
    a French elided article is skipped (l'Africa -> Africa), a possessive 's dropped (Wagner’s -> wagner). Words
    recur, so each is worked out once."""
    skipped = 0
    elided = _ELISION.match(word) if ("'" in word or "’" in word or "‘" in word or "ʼ" in word) else None
    if elided and len(word) > elided.end():
        skipped = elided.end()
        word = word[skipped:]
    cut, key = _token_key(word)
    return (key, skipped, word[:cut]) if key else None


def _token_key(word: str) -> tuple[int, str]:
    """(length kept, comparison key) for a word: a possessive 's is dropped (Wagner’s -> wagner)."""
    possessive = _POSSESSIVE.search(word)
    cut = possessive.start() if possessive and len(word) > 2 else len(word)
    return cut, name_key(word[:cut])


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _in_sahel_context(text: str, start: int, end: int) -> bool:
    around = text[max(0, start - CONTEXT_CHARS) : start] + " " + text[end : end + CONTEXT_CHARS]
    if not any(ch.islower() for ch in text[max(0, start - 40) : end + 40]):
        return False  # all-capitals text: "US" there is as likely the pronoun
    words = set(re.findall(r"[^\W\d_]+", fold(around)))
    return bool(words & SAHEL_CONTEXT)


def _distinctive(words) -> str:
    """The word a name is looked for by: its longest word that is not an everyday word (else its longest)."""
    plain = [word for word in words if len(word) >= 4 and word.replace("'", "") not in COMMON_WORDS]
    return max(plain or list(words), key=lambda word: len(word.replace("'", "")))


@cache
def default_extractor() -> Extractor:
    return Extractor(load_gazetteer())


def extract(article: Article) -> list[Mention]:
    return default_extractor().mentions(article)
