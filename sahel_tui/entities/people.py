"""Where a text says someone is a person the gazetteer does not know: after a title or role, beside a verb that
attributes a quote, in a byline. Kept apart from the gazetteer matching in :mod:`extract` because its rules are
about how news writes people, in English and French, not about any list of names."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from sahel_tui.entities.gazetteer import name_key
from sahel_tui.entities.trie import trie_pattern

ROLE_TITLES = (
    "President", "Vice-President", "Vice President", "Prime Minister", "Foreign Minister", "Defence Minister",
    "Defense Minister", "Minister", "Official", "Officer", "General", "Gen.", "Colonel", "Col.", "Captain",
    "Capt.", "Commander", "Lieutenant", "Lt.", "Major", "Sergeant", "Spokesman", "Spokeswoman", "Spokesperson",
    "Senator", "Secretary", "Ambassador", "Envoy", "Mayor", "Governor", "Imam", "Sheikh", "Chief", "Director",
    "Researcher", "Analyst", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "journalist", "activist",
    "leader", "Président", "Ministre", "Général", "Colonel", "Capitaine", "Commandant", "Porte-parole", "Maire",
    "Gouverneur", "Préfet", "Chercheur", "Chercheuse", "Analyste", "Journaliste", "M.", "Mme",
    "Col", "Gen", "Capt", "Lt", "Sgt", "Sgt.", "Cdt", "Cdt.", "Me", "Maître", "lawyer", "Avocat", "Avocate",
    "head", "Chef", "Cheffe", "Directeur", "Directrice", "Présidente", "Secrétaire", "Responsable", "Dirigeant",
    "Dirigeante", "Coordinateur", "Coordinatrice", "Coordinator", "Représentant", "Représentante", "Representative",
)  # fmt: skip
"""Titles and roles before a person's name, in English and French (each also matched in lower case)."""
_NAME_WORD = r"[A-ZÀ-Þ][a-zà-ÿ’']+(?:-[A-ZÀ-Þ][a-zà-ÿ’']+)*"
"""A capitalised name word, hyphenated given names included (Jean-Marie, Abdoul-Karim)."""
_BYLINE_WORD = r"[A-Z][A-Za-zÀ-ÿ’'\-]+"
"""Bylines are often in capitals (JANE DOE): there, any capitalised word counts."""
_BYLINE_LABEL = r"(?:(?:By|BY|Par|PAR)\s+)"
"""The label a byline the page did not let us clean starts with (``Par Awa Traoré``): not part of the name."""
_ANY_WORD_BEFORE = re.compile(r"\b([^\W\d_][\w’'-]*\.?)\s+$")
_WORD_BEFORE = re.compile(r"\b([A-ZÀ-Þ][a-zà-ÿ’'-]+\.?)\s+$")
_WORD_AFTER = re.compile(r"[ \u00a0]([A-ZÀ-Þ][a-zà-ÿ’'-]+)\b(?!['’]s\b)")
OPENERS = {
    "but", "then", "yesterday", "today", "later", "meanwhile", "and", "when", "while", "as", "after", "mais",
    "ensuite", "hier", "puis", "alors", "et", "quand", "lorsque", "selon", "pour", "depuis", "aujourd'hui",
}  # fmt: skip
"""Words that open a sentence before a surname without being a given name."""
_PARTICLE = r"(?:ag|Ag|AG|al|el|El|EL|de|da|dos|ould|Ould|bin|ibn|ben|van|von)"
SPEECH_VERBS = (
    "said", "says", "told", "added", "explained", "recalled", "recounted", "warned", "insisted",
    "explique", "expliquait", "raconte", "racontait", "confie", "témoigne", "déplore", "affirme", "assure",
    "souligne", "précise", "ajoute", "estime", "poursuit", "rappelle", "insiste", "indique", "dit", "lance",
    "a déclaré", "a dit", "a affirmé", "a expliqué", "a ajouté", "a précisé", "a indiqué", "a souligné",
    "a confié", "a raconté", "a assuré", "a estimé", "a déploré", "a témoigné", "a rappelé",
)  # fmt: skip
"""Verbs that attribute a quote, in English and French: the two or three capitalised words right after one ("»,
explique Boubacar Traoré", "said Aminata Diallo") or right before one ("Moussa Ag Assarid told…", "Awa Sow a
déclaré…") are a person's name."""
_DAYS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "lundi", "mardi", "mercredi",
    "jeudi", "vendredi", "samedi", "dimanche",
}  # fmt: skip
_BODY_WORDS = {
    "watch", "international", "radio", "agence", "agency", "press", "news", "group", "groupe", "institute",
    "institut", "university", "université", "nations", "union", "forces", "front", "movement", "mouvement",
    "party", "parti", "committee", "comité", "commission", "bank", "banque", "company", "compagnie", "société",
    "foundation", "fondation", "times", "post", "journal", "monde", "corps", "service", "services", "programme",
    "program", "fund", "fonds", "network", "réseau", "centre", "center", "association", "coalition", "alliance",
    "assembly", "assemblée", "court", "cour", "police", "gendarmerie", "ministère", "présidence", "presidency",
    "embassy", "ambassade", "house", "cross", "croix", "presse", "tribune", "herald", "télé", "télévision",
    "television", "tv", "média", "médias", "media", "info", "infos", "afrique", "africa", "le", "la", "les",
} | _DAYS  # fmt: skip
"""Words that make a capitalised run beside a speech verb a body, a newspaper or a broadcaster, not a person
("Crisis Group said", "Le Figaro a indiqué", "Radio Mali a affirmé"), or a day ("said Tuesday")."""
SPEAKER_CHARS = 80
"""How far before a speech verb its speaker's name is looked for (three long name words and a comma)."""
_ROLE_COMPLEMENT = r"(?:\s+(?:de\ la|de\ l['’]|du|des|de|d['’]|of\ the|of|for)\s?[\w’'-]+(?:\s+[\w’'-]+){0,3})?"
"""What may follow a title before the name it announces after a comma: "le ministre de la Défense, X,", "the head
of the junta, X,"."""
_ROLE_ONLY: re.Pattern[str]
_ROLE_NAME: re.Pattern[str]
"""Compiled at the end of the module, as a trie of the titles (an alternation of 60 words tried at every
position cost more than the rest of the person rule)."""
_SPEECH_VERB: re.Pattern[str]
_NAME_AFTER: re.Pattern[str]
_NAME_BEFORE: re.Pattern[str]
_SOURCE_NAME: re.Pattern[str]
_NOT_NAMES = {
    "the", "of", "and", "for", "in", "on", "at", "to", "a", "an", "said", "says", "this", "that", "bureau",
    "affairs", "ministry", "state", "states", "government", "office", "department", "council", "army",
}  # fmt: skip


def unlisted_people(field: str, text: str, known: list) -> Iterator[tuple[int, int, str, str, bool]]:
    """Spans of ``text`` (one ``field`` of an article) that name a person the gazetteer does not know, as
    extraction candidates: (start, end, id, kind, listed=False). ``known``: the spans already found, which no name
    may overlap."""
    if field == "byline":
        for match in re.finditer(rf"{_BYLINE_LABEL}?({_BYLINE_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_BYLINE_WORD})+)", text):
            yield match.start(1), match.end(1), unlisted_id(match.group(1)), "name", False
        return
    if field in ("title", "teaser"):
        return  # headlines capitalise every word: no name can be told from them
    taken: bytearray | None = None
    for start, end in _named_people(text):
        if taken is None:
            taken = covered(len(text), ((known_start, known_end) for known_start, known_end, *_ in known))
        name = text[start:end]
        words = name.split()
        if len(words) < 2 or (len(words) == 2 and re.fullmatch(_PARTICLE, words[0], re.IGNORECASE)):
            continue  # a surname alone ("Then Diallo said"), or after a particle only ("Al Jazeera said")
        if any(word.casefold() in _NOT_NAMES or word.casefold() in _BODY_WORDS for word in words):
            continue
        if taken.find(1, start, end) != -1:
            continue  # part of it is a known entity ("Visits Mali"): not a person's name
        yield start, end, unlisted_id(name), "name", False


def covered(length: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    """A byte per character of a text of ``length``, 1 where one of ``spans`` lies: whether a span overlaps them is
    then one ``find`` (``covered(...).find(1, start, end) != -1``), where scanning them per question was quadratic
    on a long text."""
    mask = bytearray(length + 1)
    for start, end in spans:
        mask[start:end] = b"\x01" * (end - start)
    return mask


def title_before(text: str, start: int) -> bool:
    """Whether a title or role (any case) stands right before ``start``: "le général Tchiani"."""
    before = _ANY_WORD_BEFORE.search(text, max(0, start - 40), start)
    return before is not None and bool(_ROLE_ONLY.fullmatch(before.group(1)))


def another_given_name(text: str, start: int, own: frozenset[str] = frozenset()) -> bool:
    """Whether a capitalised word that is neither a title, a sentence opener, a possessive ("Niger's") nor one of
    the person's ``own`` name words (compared folded) stands right before ``start``."""
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if before is None:
        return False
    word = before.group(1)
    if word[-2:] in ("'s", "’s") or name_key(word) in own:
        return False
    return not (_ROLE_ONLY.fullmatch(word) or word.casefold() in OPENERS)


def someone_elses_name(text: str, start: int, end: int, own: frozenset[str]) -> bool:
    """Whether the one word ``text[start:end]``, a known person's surname, is here part of another person's name:
    another given name right before it ("Moussa Issoufou"), or a capitalised name word right after it that is not
    one of the person's ``own`` ("Issoufou Garba", a given name; but "Issoufou Mahamadou" is the same man)."""
    if another_given_name(text, start, own):
        return True
    after = _WORD_AFTER.match(text, end)
    return after is not None and name_key(after.group(1)) not in own and after.group(1).casefold() not in _BODY_WORDS


def unlisted_id(name: str) -> str:
    return "unlisted:" + "-".join(name_key(name).split())


def _compile_roles() -> tuple[re.Pattern[str], re.Pattern[str]]:
    titles = {form for title in ROLE_TITLES for form in (title, title[:1].lower() + title[1:])}
    roles = trie_pattern(titles)
    full_name = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{1,2}}"
    role_name = re.compile(
        rf"\b(?:{roles})(?:\s+(?:{roles}))*"  # "spokesman Colonel X": every title, then the name
        rf"(?:\s+(?P<name>{full_name})(?![\w])|{_ROLE_COMPLEMENT},\s+(?P<apposed>{full_name}),)"  # "le ministre …, X,"
    )
    return re.compile(rf"(?:{roles})"), role_name


def _compile_speech() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    full_name = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{1,2}}"
    return (
        re.compile(rf"\b(?:{trie_pattern(set(SPEECH_VERBS))})\b"),
        re.compile(rf"\s+({full_name})(?![\w])"),
        re.compile(rf"(?<![\w’'-])({full_name}),?\s+$"),
        re.compile(rf"\b(?i:selon|d['’]après|according\ to)\s+({full_name}),"),  # "selon X, chercheuse …"
    )


def _named_people(text: str) -> Iterator[tuple[int, int]]:
    """The spans of names after a title ("le général X") or beside a speech verb ("said X", "X a déclaré")."""
    for match in _ROLE_NAME.finditer(text):
        yield match.span(match.lastgroup or "name")
    if "elon" in text or "près" in text or "ccording" in text:  # the words a source is named after, found cheaply
        for match in _SOURCE_NAME.finditer(text):
            yield match.span(1)
    for verb in _SPEECH_VERB.finditer(text):
        after = _NAME_AFTER.match(text, verb.end())
        if after:
            yield after.span(1)
        before = _NAME_BEFORE.search(text, max(0, verb.start() - SPEAKER_CHARS), verb.start())
        if before:
            yield _without_title_or_opener(text, *before.span(1))


def _without_title_or_opener(text: str, start: int, end: int) -> tuple[int, int]:
    """The name in a run like "Yesterday Awa Sow", "Tuesday Awa Sow" or "Minister Moussa Mara" (before "said"): the
    words after the first, when the first is a title, a sentence opener or a day."""
    first = text[start:end].split(maxsplit=1)
    if _ROLE_ONLY.fullmatch(first[0]) or first[0].casefold() in OPENERS or first[0].casefold() in _DAYS:
        start = text.index(first[1], start)
    return start, end


_ROLE_ONLY, _ROLE_NAME = _compile_roles()
_SPEECH_VERB, _NAME_AFTER, _NAME_BEFORE, _SOURCE_NAME = _compile_speech()
