"""Normalisation shared by indexing and querying."""

from __future__ import annotations

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
