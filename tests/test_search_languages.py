"""Search in English and French: elided articles split off, other forms of a word found through its stem,
exact forms still first, typos still forgiven, incremental updates keeping stems."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_search_index import FILLER, Corpus

from sahel_tui.model import Article
from sahel_tui.search.index import SearchIndex
from sahel_tui.search.postings import PostingsBuilder

FILLER_FR = "Les autorités se sont réunies mardi pour évoquer la situation dans la région et la suite des événements."


def article(article_id: str, title: str, body: str, lang: str | None) -> Article:
    return Article(id=article_id, title=title, source=f"{article_id}.txt", paragraphs=(body,), lang=lang)


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return Corpus(
        tmp_path / "index.sqlite3",
        [
            article("fr-attaque", "Nuit agitée à Boni", f"{FILLER_FR} L'attaque a visé le poste.", "fr"),
            article("fr-attaques", "Série noire à Boni", f"{FILLER_FR} Les attaques se multiplient.", "fr"),
            article("fr-mort", "Un bilan à Gao", f"{FILLER_FR} Un civil est mort dans l'explosion.", "fr"),
            article("fr-armee", "Communiqué de l'état-major", f"{FILLER_FR} L'armée malienne dément.", "fr"),
            article("en-soldier", "A patrol near Menaka", f"{FILLER} One soldier was wounded.", "en"),
            article("en-chad", "Talks in N'Djamena", f"{FILLER} Envoys met in the capital.", "en"),
            article("unknown", "Kidal: notes", f"{FILLER} Les morts ont été enterrés.", None),
            article("en-killed", "Ambush on the road", f"{FILLER} Gunmen killed three armies' scouts.", "en"),
            article("fr-civiles", "Victimes civiles", f"{FILLER_FR} Une armée étrangère est citée.", "fr"),
        ],
    )


def test_a_plural_finds_the_singular_and_the_exact_form_ranks_first(corpus: Corpus) -> None:
    assert corpus.ids("attaques") == ["fr-attaques", "fr-attaque"]
    assert corpus.ids("attaque") == ["fr-attaque", "fr-attaques"]


def test_forms_beyond_the_typo_budget_are_found_through_their_stem(corpus: Corpus) -> None:
    assert corpus.ids("kills") == ["en-killed"]  # two edits from "killed": no typo rule reaches it
    assert corpus.ids("army scouts") == ["en-killed"]  # "army" and "armies": four letters, no typo allowed
    assert corpus.ids("civil victimes") == ["fr-civiles"]
    assert corpus.ids("mort gao") == ["fr-mort"]  # a short word that is not the last one typed: no prefix


def test_stems_in_both_languages(corpus: Corpus) -> None:
    assert corpus.ids("soldiers") == ["en-soldier"]
    assert set(corpus.ids("morts")) == {"fr-mort", "unknown"}
    assert corpus.ids("morts")[0] == "unknown"  # "morts" is written there
    assert corpus.ids("mort")[0] == "fr-mort"


def test_the_matched_form_is_reported_for_highlighting(corpus: Corpus) -> None:
    hit = corpus.index.search("soldiers").hits[0]
    assert hit.matched == {"soldiers": ("soldier",)}
    body = [span for span in hit.spans if span.field == "paragraph"]
    text = corpus.articles["en-soldier"].paragraphs[0]
    assert [text[span.start : span.end] for span in body] == ["soldier"]


def test_typos_still_forgiven_beside_stems(corpus: Corpus) -> None:
    assert "fr-attaques" in corpus.ids("attaqes")
    assert corpus.ids("soldeir") == ["en-soldier"]


def test_french_elision_is_split_off_in_articles_and_queries(corpus: Corpus) -> None:
    assert corpus.ids("armée")[:2] == ["fr-armee", "fr-civiles"]  # then "armies", a prefix with one typo
    assert corpus.ids("l'armée malienne") == ["fr-armee"]
    assert corpus.ids("l'armée étrangère") == ["fr-civiles"]  # written there without the article
    assert corpus.ids("l’armee") == corpus.ids("armée")  # curly apostrophe, no accent
    assert corpus.ids("etat-major") == ["fr-armee"]
    assert corpus.ids("ndjamena") == ["en-chad"]  # the joined form of a name with an apostrophe still works
    assert corpus.ids("djamena") == ["en-chad"]


def test_the_elided_letter_is_not_a_word(corpus: Corpus) -> None:
    assert "l" not in corpus.index.vocabulary
    assert "d" not in corpus.index.vocabulary


def test_stems_follow_each_article_language() -> None:
    builder = PostingsBuilder()
    builder.add(article("en", "Patrols", "Patrols resumed.", "en"))
    builder.add(article("fr", "Patrouilles", "Patrouilles reprises.", "fr"))
    rows = set(builder.stem_rows())
    assert ("en", "patrol", "patrols") in rows
    assert not any(lang == "fr" and word == "patrols" for lang, _, word in rows)
    assert ("fr", "patrouill", "patrouilles") in rows
    assert not any(lang == "en" and word == "patrouilles" for lang, _, word in rows)


def test_stems_of_articles_added_later_are_found(corpus: Corpus) -> None:
    corpus.articles["fr-later"] = article("fr-later", "Tessit", f"{FILLER_FR} Des soldats blessés.", "fr")
    report = corpus.sync()
    assert not report.rebuilt  # the delta path, not a rebuild
    assert corpus.ids("soldat") == ["fr-later"]
    reopened = SearchIndex.open(corpus.index.path, corpus.read)
    assert [hit.article_id for hit in reopened.search("blesse").hits] == ["fr-later"]
