"""Normalisation shared by indexing and querying."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sahel_tui.search.tokens import index_terms, normalize, query_term, query_words, word_spans


def test_casefold_and_accents() -> None:
    assert normalize("Ménaka") == normalize("MENAKA") == "menaka"
    assert query_term("Tinzaouatène") == "tinzaouatene"
    assert query_term("Goïta") == "goita"


def test_apostrophe_variants_are_one() -> None:
    for spelling in ("Jama'a", "Jama’a", "Jama‘a", "Jamaʼa", "Jama`a"):
        assert query_term(spelling) == "jamaa"
    assert "jamaa" in index_terms("Jama’a Nusrat ul-Islam")


def test_hyphenated_names_are_found_whole_and_by_parts() -> None:
    terms = index_terms("an al-Qaeda affiliate in the Liptako‑Gourma")
    assert {"al", "qaeda", "alqaeda", "liptako", "gourma", "liptakogourma"} <= set(terms)
    assert query_words("al-Qaeda") == ["alqaeda"]
    assert query_words("al qaeda") == ["al", "qaeda"]


def test_possessive_is_indexed_with_and_without_s() -> None:
    terms = index_terms("Wagner’s exit")
    assert "wagner" in terms and "wagners" in terms and "s" not in terms


def test_word_spans_point_into_the_original_text() -> None:
    text = "Straße near Ménaka, al-Qaeda’s"
    found = {text[start:end]: terms for start, end, terms in word_spans(text)}
    assert found["Straße"] == {"strasse"}
    assert found["Ménaka"] == {"menaka"}
    assert "alqaedas" in found["Qaeda"] and "qaeda" in found["Qaeda"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii"), max_size=40) | st.text(max_size=40))
def test_the_quick_path_for_plain_ascii_text_folds_exactly_as_the_full_one(text: str) -> None:
    """English text is mostly ASCII and takes a quicker path through folding and unifying; whatever the text,
    the result is the full path's: casefolded, decomposed, marks removed, every apostrophe and hyphen variant one."""
    import re
    import unicodedata

    from sahel_tui import textclean
    from sahel_tui.search import tokens

    full_fold = textclean._COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))
    assert textclean.fold(text) == full_fold
    full_unify = re.sub(f"[{textclean.APOSTROPHES}]", "'", text)
    assert textclean.unify_apostrophes(text) == full_unify
    assert tokens._unify(text) == re.sub(f"[{tokens.HYPHENS}]", "-", full_unify)
