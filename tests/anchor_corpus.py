"""A generated corpus of article edits with known outcomes, for measuring re-anchoring.

Each case: an article of distinct sentences, one annotated sentence, one edit, and where that sentence truly is
afterwards (or None when it is gone). Run as a script to print the rates quoted in the issue notes.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from sahel_tui.notes.anchor import ORPHANED, make_selector, reanchor

WORDS = [
    "the",
    "convoy",
    "army",
    "town",
    "market",
    "attack",
    "jihadist",
    "militants",
    "junta",
    "Wagner",
    "Bamako",
    "Gao",
    "Kidal",
    "Niger",
    "Mali",
    "Burkina",
    "soldiers",
    "killed",
    "said",
    "officials",
    "Tuesday",
    "village",
    "road",
    "north",
    "east",
    "border",
    "fighters",
    "drone",
    "strike",
    "aid",
    "UN",
    "mission",
    "Ménaka",
    "Goïta",
    "Jama’a",
    "ECOWAS",
    "Sahel",
    "Russia",
    "French",
    "withdrawal",
    "election",
    "transition",
    "curfew",
    "fuel",
    "blockade",
    "refugees",
    "camp",
    "water",
    "prices",
    "harvest",
    "rains",
    "flooding",
    "school",
    "teachers",
    "clinic",
    "nurses",
    "governor",
    "mayor",
    "chief",
    "imam",
    "herders",
]


@dataclass
class Case:
    kind: str
    before: str
    after: str
    start: int
    end: int
    truth: tuple[int, int] | None


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.sample(WORDS, rng.randint(7, 16))).capitalize() + "."


def make_case(rng: random.Random, kind: str) -> Case:
    sentences = list(dict.fromkeys(_sentence(rng) for _ in range(rng.randint(6, 16))))
    target = rng.randrange(len(sentences))
    quote = sentences[target]
    edited = list(sentences)
    truth_quote: str | None = quote
    if kind == "insert":
        edited.insert(rng.randrange(len(edited) + 1), _sentence(rng))
    elif kind == "delete-other" and len(edited) > 1:
        edited.pop(rng.choice([i for i in range(len(edited)) if i != target]))
    elif kind == "light-edit":
        words = quote.split()
        position = rng.randrange(len(words))
        words[position] = rng.choice([words[position][:-1] or "a", words[position] + "s", rng.choice(WORDS)])
        truth_quote = " ".join(words)
        edited[target] = truth_quote
    elif kind == "delete-passage":
        edited.pop(target)
        truth_quote = None
    elif kind == "duplicate":
        edited.insert(rng.randrange(target + 1), quote)
    elif kind == "move":
        edited.pop(target)
        edited.insert(rng.randrange(len(edited) + 1), quote)
    elif kind == "rewrite":
        edited[target] = _sentence(rng)
        truth_quote = None
    before, after = " ".join(sentences), " ".join(edited)
    start = before.index(quote) if kind != "duplicate" else _nth_start(sentences, target)
    truth = None
    if truth_quote is not None:
        if kind == "duplicate":  # the copy went in at or before the original, which moved one sentence on
            truth_start = _nth_start(edited, target + 1)
            truth = (truth_start, truth_start + len(quote))
        else:
            truth_start = after.index(truth_quote)
            truth = (truth_start, truth_start + len(truth_quote))
    return Case(kind, before, after, start, start + len(quote), truth)


def _nth_start(sentences: list[str], index: int) -> int:
    return sum(len(s) + 1 for s in sentences[:index])


KINDS = ["insert", "delete-other", "light-edit", "delete-passage", "duplicate", "move", "rewrite"]


def measure(cases: int = 700, seed: int = 7) -> dict[str, Counter]:
    """Outcome counts per edit kind: exact / fuzzy / orphan / wrong (found where the passage is not)."""
    rng = random.Random(seed)
    outcomes: dict[str, Counter] = {kind: Counter() for kind in KINDS}
    for number in range(cases):
        case = make_case(rng, KINDS[number % len(KINDS)])
        found = reanchor(make_selector(case.before, case.start, case.end), case.after)
        if found.status == ORPHANED:
            outcomes[case.kind]["orphan"] += 1
        elif case.truth is None or found.end <= case.truth[0] or found.start >= case.truth[1]:
            outcomes[case.kind]["wrong"] += 1
        elif (found.start, found.end) == case.truth:
            outcomes[case.kind]["exact"] += 1
        else:
            outcomes[case.kind]["fuzzy"] += 1
    return outcomes


if __name__ == "__main__":
    totals: Counter = Counter()
    for kind, counts in measure().items():
        totals.update(counts)
        print(f"{kind:<15} " + "  ".join(f"{k} {counts[k]:>3}" for k in ("exact", "fuzzy", "orphan", "wrong")))
    count = sum(totals.values())
    print("all             " + "  ".join(f"{k} {totals[k] / count:.1%}" for k in ("exact", "fuzzy", "orphan", "wrong")))
