"""Typo rules at the vocabulary level."""

from __future__ import annotations

import numpy as np
import pytest

from sahel_tui.search.fuzzy import EXACT, ONE_TYPO, PREFIX, TWO_TYPOS, Vocabulary, typo_budget

WORDS = sorted(
    {
        "mali", "male", "gao", "kidal", "wagner", "wagners", "bamako", "menaka", "tchangari", "withdrawal",
        "withdrew", "ecowas", "jamaa", "ouagadougou", "tillaberi", "liptakogourma", "barkhane", "burkina",
        "tinzaouatene", "mopti", "mopte", "niger", "nigeria", "nigerien", "corps", "coups",
    }
)  # fmt: skip


@pytest.fixture
def vocabulary() -> Vocabulary:
    return Vocabulary(WORDS, np.array([10 + len(w) for w in WORDS]))


def found(vocabulary: Vocabulary, term: str, prefix: bool = False) -> dict[str, int]:
    return {e.word: e.typos for e in vocabulary.expand(term, prefix)}


def test_budget_by_length() -> None:
    assert [typo_budget("x" * n) for n in (1, 4, 5, 8, 9, 14)] == [0, 0, 1, 1, 2, 2]


def test_no_typo_under_five_characters_but_a_last_resort_at_four(vocabulary) -> None:
    assert found(vocabulary, "gao") == {"gao": 0}
    assert found(vocabulary, "gai") == {}
    assert found(vocabulary, "male") == {"male": 0}  # a word as typed: never widened to mali
    assert found(vocabulary, "mopi") == {"mopti": 1}  # no word as typed: one typo, as a whole word
    assert found(vocabulary, "kidl", prefix=True) == {"kidal": 1}
    assert found(vocabulary, "mail") == {"mali": 1}
    assert found(vocabulary, "cor", prefix=True) == {"corps": 0}
    assert found(vocabulary, "corp", prefix=True) == {"corps": 0}  # a prefix of a word: no typo wanted
    assert found(vocabulary, "xali") == {}  # the first letter is never the typo


def test_one_typo_for_five_to_eight(vocabulary) -> None:
    assert found(vocabulary, "wagnre") == {"wagner": 1}  # transposition counts as one
    assert found(vocabulary, "bamkao") == {"bamako": 1}
    assert found(vocabulary, "bmakao") == {}  # two edits: over the budget
    assert found(vocabulary, "menaka") == {"menaka": 0}


def test_two_typos_from_nine(vocabulary) -> None:
    assert found(vocabulary, "tchangary")["tchangari"] == 1
    assert found(vocabulary, "withdrawl") == {"withdrawal": 1, "withdrew": 2}
    assert found(vocabulary, "tilaberie").get("tillaberi") == 2  # a letter missing, one extra


def test_first_letter_typo_costs_two(vocabulary) -> None:
    assert found(vocabulary, "vagner") == {}  # 6 letters: budget 1, a first-letter typo needs 2
    assert found(vocabulary, "xithdrawal") == {"withdrawal": 2}
    assert found(vocabulary, "ithdrawal") == {"withdrawal": 2}  # first letter dropped
    assert found(vocabulary, "iwthdrawal") == {"withdrawal": 2}  # first two swapped
    assert "withdrawal" not in found(vocabulary, "xithdrawl")  # first-letter typo + another: three


def test_last_term_is_a_prefix_with_typos(vocabulary) -> None:
    assert found(vocabulary, "wag", prefix=True) == {"wagner": 0, "wagners": 0}
    assert found(vocabulary, "tchang", prefix=True) == {"tchangari": 0}
    assert found(vocabulary, "tchanj", prefix=True) == {"tchangari": 1}
    assert found(vocabulary, "ouagadu", prefix=True) == {"ouagadougou": 1}
    assert found(vocabulary, "tch", prefix=True) == {"tchangari": 0}
    assert found(vocabulary, "tcx", prefix=True) == {}  # short prefixes get no typo


def test_match_quality_order(vocabulary) -> None:
    by_word = {e.word: e.quality for e in vocabulary.expand("niger", prefix=True)}
    assert by_word["niger"] == EXACT
    assert by_word["nigeria"] == PREFIX
    assert ONE_TYPO > TWO_TYPOS


def test_short_prefix_expansion_is_capped() -> None:
    words = sorted(f"a{i:05d}" for i in range(20_000))
    vocabulary = Vocabulary(words, np.arange(20_000))
    assert len(vocabulary.expand("a", prefix=True)) == 8
    assert len(vocabulary.expand("a1", prefix=True)) == 20
    expansions = vocabulary.expand("a19", prefix=True)
    assert len(expansions) == 40
    assert expansions[0].word == "a19999"  # the most frequent completions are kept
