"""A deterministic synthetic news corpus and query set for the search benchmark.

Words come from ``wordfreq`` (installed with the ``bench`` extra, never fetched at run time), sampled by their
real frequencies, so the vocabulary is Zipf-distributed like news text; Sahel names with accents and apostrophes
are mixed in. Every title carries one rare word, so a query built from a title has one right answer by
construction, and misspelled versions of it (keyboard neighbour, transposition, deletion, insertion, first
letter) have the same answer.
"""

from __future__ import annotations

import json
import random
import string
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

SAHEL_NAMES = [
    "Ménaka", "Tinzaouatène", "Goïta", "Jama’a", "Nusrat", "Tillabéri", "Ségou", "Ouagadougou", "Niamey", "Bamako",
    "Kidal", "Gao", "Tombouctou", "Djibo", "Barsalogho", "N’Gourma", "Liptako-Gourma", "Tchangari", "Tiani",
    "Traoré", "Bazoum", "Koufa", "al-Sahrawi", "Wagner", "ECOWAS", "JNIM", "MINUSMA", "Barkhane", "Ambassagou",
    "Koglwéogo", "Andéramboukane", "Aguelhok", "Tessalit", "Douentza", "Bandiagara", "Mopti", "Sikasso", "Dori",
    "Arbinda", "Solenzo", "Diffa", "Tahoua", "Agadez", "Zinder", "Maradi", "Dosso", "Léré", "Nampala", "Ansongo",
]  # fmt: skip
FIRST_NAMES = ["Aminata", "Moussa", "Fatoumata", "Ibrahim", "Aïcha", "Oumar", "Mariam", "Seydou", "Hawa", "Boubacar"]
LAST_NAMES = ["Traoré", "Diallo", "Keïta", "Coulibaly", "Ouédraogo", "Sawadogo", "Maïga", "Cissé", "Touré", "Sidibé"]
KEYBOARD = {
    row[i]: row[max(0, i - 1) : i] + row[i + 1 : i + 2]
    for row in ("qwertyuiop", "asdfghjkl", "zxcvbnm")
    for i in range(len(row))
}


@dataclass
class SyntheticArticle:
    id: str
    title: str
    byline: str
    standfirst: str
    paragraphs: list[str]


@dataclass
class QuerySet:
    keystrokes: list[str] = field(default_factory=list)
    short: list[str] = field(default_factory=list)
    judged: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Category -> (query, id of the right article)."""
    nonsense: list[str] = field(default_factory=list)


def _vocabulary() -> tuple[list[str], np.ndarray]:
    import wordfreq

    words = [w for w in wordfreq.top_n_list("en", 40_000) if w.isalpha() and w.isascii()]
    freqs = np.array([wordfreq.word_frequency(w, "en") for w in words])
    return words, freqs / freqs.sum()


def generate(count: int, seed: int = 1729) -> tuple[list[SyntheticArticle], QuerySet]:
    rng = np.random.default_rng(seed)
    pick = random.Random(seed)
    words, probabilities = _vocabulary()
    vocab = np.array(words)
    cdf = np.cumsum(probabilities)
    content = np.array([w for w in words if len(w) >= 4])
    rare = np.array([w for w in words[15_000:] if len(w) >= 6])

    def sample(size: int) -> list[str]:
        return list(vocab[np.minimum(np.searchsorted(cdf, rng.random(size)), len(vocab) - 1)])

    def sentence_block(size: int) -> str:
        chunk = sample(size)
        for _ in range(max(1, size // 40)):
            if rng.random() < 0.35:
                chunk.insert(int(rng.integers(0, len(chunk))), pick.choice(SAHEL_NAMES))
        text = " ".join(chunk)
        return text[:1].upper() + text[1:] + "."

    articles: list[SyntheticArticle] = []
    for number in range(count):
        title_words = [str(w) for w in rng.choice(content, int(rng.integers(4, 9)))]
        title_words.insert(int(rng.integers(0, len(title_words) + 1)), str(rng.choice(rare)))
        if rng.random() < 0.5:
            title_words.insert(int(rng.integers(0, len(title_words) + 1)), pick.choice(SAHEL_NAMES))
        paragraphs = [sentence_block(int(rng.integers(40, 90))) for _ in range(int(rng.integers(5, 12)))]
        articles.append(
            SyntheticArticle(
                id=f"a{number:06d}",
                title=" ".join(w[:1].upper() + w[1:] for w in title_words),
                byline=f"{pick.choice(FIRST_NAMES)} {pick.choice(LAST_NAMES)}",
                standfirst=sentence_block(int(rng.integers(18, 34))),
                paragraphs=paragraphs,
            )
        )
    return articles, _queries(articles, pick, rare_words=set(rare.tolist()))


def _queries(articles: list[SyntheticArticle], pick: random.Random, rare_words: set[str]) -> QuerySet:
    queries = QuerySet()
    judged: dict[str, list[tuple[str, str]]] = {k: [] for k in ("clean", "1 typo", "2 typos", "first letter")}
    targets = pick.sample(articles, min(len(articles), 400))
    for target in targets:
        title_words = target.title.split()
        key = next((w for w in title_words if w.lower() in rare_words), None)
        others = [w for w in title_words if w != key and len(w) >= 4]
        if key is None or not others:
            continue
        other = pick.choice(others).lower()
        word = key.lower()
        judged["clean"].append((f"{word} {other}", target.id))
        judged["1 typo"].append((f"{other} {_edit(word, pick, 1)}", target.id))
        if len(word) >= 9:
            judged["2 typos"].append((f"{_edit(word, pick, 2)} {other}", target.id))
            judged["first letter"].append((f"{other} {_first_letter(word, pick)}", target.id))
    queries.judged = {k: v[:100] for k, v in judged.items()}
    for text, _ in queries.judged["clean"][:30]:
        queries.keystrokes += [text[:end] for end in range(1, len(text) + 1)]
    queries.short = ["a", "t", "th", "the", "of", "in", "and", "ma", "mali", "s", "wa", "gao"]
    letters = "qxzjvkw"
    queries.nonsense = ["".join(pick.choice(letters) for _ in range(pick.randint(6, 10))) for _ in range(20)]
    return queries


def _edit(word: str, pick: random.Random, edits: int) -> str:
    """``edits`` typing mistakes, none on the first letter, at different places."""
    positions = sorted(pick.sample(range(1, len(word) - 1), edits), reverse=True)
    for position in positions:
        kind = pick.choice(["neighbour", "transpose", "delete", "insert"])
        letter = word[position]
        if kind == "neighbour" and letter in KEYBOARD:
            word = word[:position] + pick.choice(KEYBOARD[letter]) + word[position + 1 :]
        elif kind == "transpose" and position + 1 < len(word) and word[position] != word[position + 1]:
            word = word[:position] + word[position + 1] + word[position] + word[position + 2 :]
        elif kind == "insert":
            word = word[:position] + pick.choice(string.ascii_lowercase) + word[position:]
        else:
            word = word[:position] + word[position + 1 :]
    return word


def _first_letter(word: str, pick: random.Random) -> str:
    neighbours = KEYBOARD.get(word[0]) or "e"
    return pick.choice(neighbours) + word[1:]


def write(directory: Path, count: int, seed: int = 1729) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    corpus_path = directory / f"corpus-{count}.jsonl"
    queries_path = directory / f"queries-{count}.json"
    if corpus_path.exists() and queries_path.exists():
        return corpus_path, queries_path
    articles, queries = generate(count, seed)
    with corpus_path.open("w", encoding="utf-8") as handle:
        for article in articles:
            handle.write(json.dumps(asdict(article), ensure_ascii=False) + "\n")
    queries_path.write_text(json.dumps(asdict(queries), ensure_ascii=False), encoding="utf-8")
    return corpus_path, queries_path
