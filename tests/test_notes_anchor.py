"""Re-anchoring passages after the article text changed: found at the right place, or orphaned, never misplaced."""

from __future__ import annotations

import random

from anchor_corpus import WORDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sahel_tui.notes.anchor import ANCHORED, FUZZY, MOVED, ORPHANED, make_selector, reanchor

sentences = st.lists(st.sampled_from(WORDS), min_size=6, max_size=14, unique=True).map(
    lambda ws: " ".join(ws).capitalize() + "."
)
texts = st.lists(sentences, min_size=4, max_size=14, unique=True).map(" ".join)
"""Articles of distinct sentences, as the parser leaves them (repeated paragraphs are removed at ingestion)."""


def passage(text: str, rng: random.Random) -> tuple[int, int]:
    """A whole sentence of ``text``, as the reader's cursor would select it."""
    bounds, start = [], 0
    for index, char in enumerate(text):
        if char == "." and (index + 1 == len(text) or text[index + 1] == " "):
            bounds.append((start, index + 1))
            start = index + 2
    return rng.choice(bounds)


ARTICLE = (
    "Armed men attacked a convoy near Ménaka on Tuesday. Officials said the army repelled them. "
    "The junta in Bamako promised an inquiry. Aid agencies asked for access to the area."
)
JUNTA = "The junta in Bamako promised an inquiry."
JUNTA_SELECTOR = make_selector(ARTICLE, ARTICLE.index(JUNTA), ARTICLE.index(JUNTA) + len(JUNTA))


def test_unchanged_text_keeps_offsets() -> None:
    selector = make_selector(ARTICLE, 53, 91)
    assert reanchor(selector, ARTICLE).status == ANCHORED
    assert (reanchor(selector, ARTICLE).start, reanchor(selector, ARTICLE).end) == (53, 91)


def test_text_inserted_before_moves_the_passage() -> None:
    edited = "UPDATE: this report was corrected. " + ARTICLE
    found = reanchor(JUNTA_SELECTOR, edited)
    assert found.status == MOVED
    assert edited[found.start : found.end] == JUNTA


def test_light_edit_inside_is_refound_fuzzily() -> None:
    edited = ARTICLE.replace("promised an inquiry", "promised a full inquiry")
    found = reanchor(JUNTA_SELECTOR, edited)
    assert found.status == FUZZY
    assert edited[found.start : found.end] == "The junta in Bamako promised a full inquiry."


def test_deleted_passage_is_orphaned() -> None:
    assert reanchor(JUNTA_SELECTOR, ARTICLE.replace(JUNTA + " ", "")).status == ORPHANED


def test_duplicated_quote_picks_the_occurrence_with_the_same_context() -> None:
    text = "Gao was calm. The army said nothing. Kidal was tense. The army said nothing. Mopti waited."
    second = text.rindex("The army said nothing.")
    selector = make_selector(text, second, second + len("The army said nothing."))
    edited = "Preface added here. " + text.replace("Gao was calm.", "Gao was calm and quiet.")
    found = reanchor(selector, edited)
    assert found.found
    assert edited[found.start - len("Kidal was tense. ") : found.start] == "Kidal was tense. "


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.randoms(use_true_random=False), st.data())
def test_random_edits_outside_the_passage_keep_it(text, rng, data) -> None:
    start, end = passage(text, rng)
    selector = make_selector(text, start, end)
    before, quote, after = text[:start], text[start:end], text[end:]
    inserted = data.draw(sentences)
    if data.draw(st.booleans()):
        before = inserted + " " + before
    else:
        after = after + " " + inserted
    if len(before) > 40 and data.draw(st.booleans()):
        cut = data.draw(st.integers(0, len(before) - 35))
        before = before[:cut] + before[cut + 3 :]
    edited = before + quote + after
    found = reanchor(selector, edited)
    assert found.found
    assert edited[found.start : found.end] == quote


@settings(max_examples=150, deadline=None)
@given(texts, st.randoms(use_true_random=False))
def test_quote_deleted_is_orphaned_or_an_identical_sentence(text, rng) -> None:
    start, end = passage(text, rng)
    selector = make_selector(text, start, end)
    edited = (text[:start] + text[end:]).strip()
    found = reanchor(selector, edited)
    if found.found:  # only acceptable if the very same sentence also stood elsewhere
        assert edited[found.start : found.end] == text[start:end] or found.status == FUZZY
        assert text.count(text[start:end]) > 1 or found.status == FUZZY
        assert edited[found.start : found.end] in text


@settings(max_examples=150, deadline=None)
@given(texts, st.randoms(use_true_random=False))
def test_duplicated_quote_returns_to_the_right_occurrence(text, rng) -> None:
    start, end = passage(text, rng)
    selector = make_selector(text, start, end)
    quote = text[start:end]
    edited = quote + " Something else entirely was reported. " + text  # a copy lands before the original
    found = reanchor(selector, edited)
    shift = len(quote) + len(" Something else entirely was reported. ")
    if start == 0:
        # the copy now holds the original's place at the start, the original keeps its suffix: the evidence
        # conflicts, so the note is orphaned (kept and listed) rather than guessed
        assert found.status in (ORPHANED, MOVED)
        if found.found:
            assert (found.start, found.end) == (start + shift, end + shift)
    else:
        assert (found.start, found.end) == (start + shift, end + shift)


@settings(max_examples=150, deadline=None)
@given(texts, st.randoms(use_true_random=False), st.data())
def test_light_edits_inside_the_passage_are_refound(text, rng, data) -> None:
    start, end = passage(text, rng)
    quote = text[start:end]
    if len(quote) < 30:
        return
    selector = make_selector(text, start, end)
    position = data.draw(st.integers(1, len(quote) - 2))
    edited_quote = quote[:position] + quote[position + 1 :]  # one character dropped
    edited = text[:start] + edited_quote + text[end:]
    found = reanchor(selector, edited)
    assert found.found
    assert abs(found.start - start) <= 2 and abs(found.end - (start + len(edited_quote))) <= 2


def test_generated_edit_corpus_never_misplaces_a_note() -> None:
    from anchor_corpus import measure

    outcomes = measure()
    assert sum(counts["wrong"] for counts in outcomes.values()) == 0
    for kind in ("insert", "delete-other", "move"):
        assert outcomes[kind]["exact"] == sum(outcomes[kind].values()), kind  # untouched passages: always exact
    # a copy pasted right beside the passage leaves conflicting evidence: orphaned (kept), never guessed
    assert outcomes["duplicate"]["exact"] >= 0.6 * sum(outcomes["duplicate"].values())
    assert outcomes["light-edit"]["orphan"] <= 0.1 * sum(outcomes["light-edit"].values())
    assert outcomes["delete-passage"]["orphan"] == sum(outcomes["delete-passage"].values())
