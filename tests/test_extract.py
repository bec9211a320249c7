"""Web pages, dates and languages: the readers of what other programs wrote, on fixtures of our own in both
languages (no page was copied from a site)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sahel_tui.cli import main
from sahel_tui.corpus.parsing import load_article
from sahel_tui.corpus.reader import IngestError
from sahel_tui.extract.dates import dateline, parse_date
from sahel_tui.extract.language import detect_language
from sahel_tui.paths import locations

PAGES = Path(__file__).parent / "fixtures" / "pages"


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Updated 07 June 2025", "2025-06-07"),
        ("Published on June 7, 2025 at 7:35 pm GMT", "2025-06-07"),
        ("Posted: Sept. 3, 2024", "2024-09-03"),
        ("Publié le 7 juin 2025 à 07h35 · Mis à jour le 8 juin 2025 à 10h00", "2025-06-07"),
        ("Créé le 7 juin 2025 07:35", "2025-06-07"),
        ("mis à jour le 08/06/2025", "2025-06-08"),
        ("Mardi 1er avril 2025", "2025-04-01"),
        ("Publication : 14 févr. 2023", "2023-02-14"),
        ("Tue, 07 Jun 2025 07:35:00 GMT", "2025-06-07"),
        ("2025-06-07T07:35:00+00:00", "2025-06-07"),
        ("Last updated 12/25/2024", "2024-12-25"),  # month first: the second number cannot be a month
        ("October 2, 2025 · Updated 3 hours ago", "2025-10-02"),
        ("2 octobre 2025 · Mis à jour il y a 3 heures", "2025-10-02"),
        ("Publié le 2 octobre 2025 · 4 min de lecture", "2025-10-02"),
        ("June 7, 2025 | 5 min read", "2025-06-07"),
        ("7 juin 2025 · Lecture : 4 min", "2025-06-07"),
        ("Publié le 12-03-2025 à 10:32", "2025-03-12"),
        ("2025/03/12 10:32", "2025-03-12"),
    ],
)
def test_datelines_in_both_languages(line: str, iso: str) -> None:
    found = dateline(line)
    assert found is not None and found.date == iso


@pytest.mark.parametrize(
    "line",
    [
        "Le 3 mars 2024, les soldats ont quitté la base de Tessalit.",
        "On 7 June 2025 gunmen attacked the market in Boni.",
        "Updated figures will be published in June",
        "31/02/2024",
        "Mali",
    ],
)
def test_a_sentence_with_a_date_is_not_a_dateline(line: str) -> None:
    assert dateline(line) is None


def test_parse_date_reads_the_first_date_and_refuses_impossible_ones() -> None:
    assert parse_date("Le 3 mars 2024, puis le 5 mars") == "2024-03-03"
    assert parse_date("le 31 février 2024") is None
    assert parse_date("no date here") is None


ENGLISH = (
    "Defence ministers met on Tuesday to discuss joint patrols along their borders, where armed groups have "
    "stepped up attacks on villages and army posts over the past year."
)
FRENCH = (
    "Les ministres de la Défense se sont réunis mardi pour discuter de patrouilles conjointes le long de leurs "
    "frontières, où les groupes armés ont multiplié les attaques contre les villages."
)


def test_language_of_paragraphs_in_both_languages() -> None:
    assert detect_language(ENGLISH) == "en"
    assert detect_language(FRENCH) == "fr"


def test_the_model_is_mapped_from_a_copy_in_the_cache_with_the_same_answers(monkeypatch) -> None:
    """Each process that parses articles loads the model; the cache's copy is mapped, not read. A damaged copy —
    not ours, or cut short — is never trusted: it is removed, the package's model is read, and the copy is made
    again."""
    from sahel_tui.extract import language

    texts = [ENGLISH, FRENCH, "Burkina Faso", "Le convoi est arrivé. The convoy arrived."]
    copy = language._cached_copy()
    copy.unlink(missing_ok=True)  # a home that never parsed an article
    monkeypatch.setattr(language, "_identifier", None)
    from_package = [language._model().classify(text) for text in texts]
    assert copy.is_file() and str(copy).startswith(str(locations().cache_dir)), "kept in this home's cache"
    monkeypatch.setattr(language, "_identifier", None)
    assert language._from_cache() is not None
    assert [language._model().classify(text) for text in texts] == from_package
    copy.write_bytes(b"PK\x03\x04 not a model")
    monkeypatch.setattr(language, "_identifier", None)
    assert [language._model().classify(text) for text in texts] == from_package
    assert language._from_cache() is not None, "the damaged copy was replaced by a good one"
    whole = copy.read_bytes()
    copy.write_bytes(whole[: len(whole) // 2])
    assert language._from_cache() is None and not copy.exists(), "a copy cut short is removed, never mapped"
    monkeypatch.setattr(language, "_identifier", None)
    assert [language._model().classify(text) for text in texts] == from_package
    assert copy.read_bytes() == whole


@pytest.mark.skipif(sys.platform == "win32", reason="the wait is an flock")
def test_a_process_needing_the_model_while_another_makes_the_copy_waits_for_it(monkeypatch) -> None:
    """An import's workers start while their parent makes the cache's copy: they wait and map it, never make
    their own. Here the test holds the lock as the making process would, and writes the copy before letting go."""
    import fcntl
    import os
    import threading

    from sahel_tui.extract import language

    copy = language._cached_copy()
    monkeypatch.setattr(language, "_identifier", None)
    expected = language._model().classify(FRENCH)  # makes the copy, the usual way
    whole = copy.read_bytes()
    copy.unlink()
    monkeypatch.setattr(language, "_identifier", None)

    def made_again():
        raise AssertionError("the model was read from the package again while another process made the copy")

    looked = threading.Event()
    real_from_cache = language._from_cache

    def from_cache():
        found = real_from_cache()
        if found is None:
            looked.set()  # the waiter found no copy: from here on it must wait, not make one
        return found

    monkeypatch.setattr(language, "_from_package", made_again)
    monkeypatch.setattr(language, "_from_cache", from_cache)
    holder = os.open(copy.parent / "making.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)
    answers: list = []
    waiter = threading.Thread(target=lambda: answers.append(language._model().classify(FRENCH)))
    waiter.start()
    assert looked.wait(30)
    partial = copy.with_name(copy.name + ".partial")
    partial.write_bytes(whole)
    partial.replace(copy)
    os.close(holder)  # lets go, as the making process does once the copy is in place
    waiter.join(30)
    assert answers == [expected]


def test_too_little_text_has_no_language() -> None:
    assert detect_language("Djibo") is None
    assert detect_language("12 345 — 678") is None


def test_french_web_page_becomes_a_clean_article() -> None:
    article = load_article(PAGES / "fr-reprise-localite.html", "page")
    assert article.title == "Mali : l'armée annonce la reprise d'une localité du Gourma"  # no " - site name"
    assert article.byline == "Mariam Cissé"
    assert article.date == "2025-02-18"
    assert article.lang == "fr"
    text = "\n".join([article.title, article.standfirst or "", *article.paragraphs])
    assert "Les écoles restent fermées." in text
    assert "Selon un communiqué de l'état-major" in text
    for furniture in ("must never appear", "Accueil", "Votre courriel", "Tous droits réservés", "Par Mariam"):
        assert furniture not in text


def test_english_web_page_date_from_its_visible_line_and_site_name_off_the_title() -> None:
    article = load_article(PAGES / "en-talks-niamey.html", "page")
    assert article.title == "Regional ministers meet in Niamey over border security"
    assert article.date == "2024-09-03"
    assert article.lang == "en"
    text = "\n".join([article.standfirst or "", *article.paragraphs])
    assert "subject to funding and equipment" in text
    assert "Share this article" not in text and "Most read" not in text and "Fuel prices" not in text


@pytest.mark.parametrize(
    ("stated", "byline"),
    [("Par Ibrahim Moussa", "Ibrahim Moussa"), ("Rédigé par Awa Traoré", "Awa Traoré"),
     ("Propos recueillis par Moussa Diallo", "Moussa Diallo"), ("Aminata Keïta", "Aminata Keïta"),
     ("Par Ibrahim Souley, à Niamey", "Ibrahim Souley"), ("Oumar Sow, envoyé spécial à Bobo-Dioulasso", "Oumar Sow"),
     ("Par Fanta Koné avec AFP", "Fanta Koné"), ("Awa Dicko; Salif Touré", "Awa Dicko; Salif Touré"),
     ("Awa Dicko et Salif Touré, envoyés spéciaux à Gao", "Awa Dicko et Salif Touré"),
     ("John Smith, our correspondent in Bamako, with AFP", "John Smith")],
)  # fmt: skip
def test_a_pages_stated_author_loses_its_french_label(tmp_path: Path, stated: str, byline: str) -> None:
    """The page reader drops an English "By" from a page's author but keeps "Par …": the byline shown was
    "Par Ibrahim Moussa". The same label rules as for bylines in the text, in both languages."""
    page = tmp_path / "recolte.html"
    page.write_text(
        f'<html><head><meta name="author" content="{stated}"><title>La récolte de mil à Tillabéri</title></head>'
        "<body><article><h1>La récolte de mil à Tillabéri</h1><p>Les récoltes de mil sont meilleures que prévu dans "
        "le nord de la région, selon la direction régionale de l'agriculture.</p><p>Dans les départements de Ouallam "
        "et de Banibangou, de nombreux paysans ont pu regagner leurs champs pendant l'hivernage.</p></article></body>"
        "</html>",
        encoding="utf-8",
    )
    assert load_article(page, "recolte").byline == byline


def test_a_page_with_no_article_text_is_refused_with_its_name(tmp_path: Path) -> None:
    links = tmp_path / "index.html"
    links.write_text("<html><body><ul><li><a href='/a'>One</a></li><li><a href='/b'>Two</a></li></ul></body></html>")
    with pytest.raises(IngestError) as refused:
        load_article(links, "index")
    assert "index.html" in str(refused.value) and "no article text" in str(refused.value)
    plain = tmp_path / "notes.html"
    plain.write_bytes(b"just words, no markup at all")
    with pytest.raises(IngestError, match="not an HTML page"):
        load_article(plain, "notes")


def test_import_html_then_list_json_has_date_and_lang(tmp_path: Path) -> None:
    runner = CliRunner()
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    result = runner.invoke(main, ["import", str(PAGES / "fr-reprise-localite.html"), str(empty)])
    assert result.exit_code == 1  # one file refused ...
    assert "empty.html" in result.output
    listed = json.loads(runner.invoke(main, ["list", "--json"]).output)
    imported = [a for a in listed if a["source"].endswith(".html")]  # ... the other imported
    assert len(imported) == 1
    assert imported[0]["date"] == "2025-02-18" and imported[0]["lang"] == "fr"
    assert {a["lang"] for a in listed if not a["source"].endswith(".html")} == {"en"}


def test_the_widened_table_gives_exactly_the_shipped_models_answers() -> None:
    """The per-feature table is widened from float16 to float32 once per process (numpy widened the selected rows
    on every call before): every answer and every confidence must stay the same numbers."""
    import numpy as np

    from sahel_tui.extract import language

    texts = [ENGLISH, FRENCH, "Burkina Faso", "Le convoi est arrivé. The convoy arrived.", ENGLISH.upper()]
    texts += [" ".join([ENGLISH, FRENCH] * n)[: 150 * n] for n in range(1, 5)]
    shipped = language._from_package()[0]
    assert shipped.nb_ptc.dtype == np.float16, "the package still ships the narrow table this is about"
    widened = language._with_wide_table(language._from_package()[0])
    assert widened.nb_ptc.dtype == np.float32
    assert [widened.classify(text) for text in texts] == [shipped.classify(text) for text in texts]


KANA = "これはありがとう。いいえ、あります。ここにいます。"


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=700) | st.binary(max_size=300))
@example(KANA)  # pairs of kana are the scanner's deepest states (six bytes)
def test_the_scan_over_every_position_finds_what_the_byte_loop_finds(text) -> None:
    """The scanner run over all positions at once finds the same features, counted the same, in the same order, as
    py3langid's loop over the bytes — whatever the text: any script, controls, invalid UTF-8, empty."""
    import numpy as np
    from py3langid.langid import visit_counts

    from sahel_tui.extract import language

    quick = language._model()
    data = quick._encode(text)
    found = quick.walk.features(data)
    counted = visit_counts(quick.tk_nextmove, quick._rowbase, quick.tk_output, data)
    features, counts = found if found is not None else ((), ())
    assert list(zip(np.asarray(features).tolist(), np.asarray(counts).tolist(), strict=True)) == list(
        (counted or {}).items()
    ), "the same features, counted the same, in the same order: the scores are summed in it"


def test_the_quick_scan_gives_exactly_the_shipped_models_answers() -> None:
    from sahel_tui.extract import language

    texts = [ENGLISH, FRENCH, "Burkina Faso", "Le convoi est arrivé. The convoy arrived.", ENGLISH.upper(), "", "x"]
    texts += [KANA, "Атака на конвой у границы.", "هاجم مسلحون قافلة قرب الحدود"]
    texts += [" ".join([FRENCH, ENGLISH] * n)[: 170 * n] for n in range(1, 5)]
    texts += [(PAGES / name).read_text(encoding="utf-8")[:2000] for name in sorted(p.name for p in PAGES.iterdir())]
    shipped = language._with_wide_table(language._from_package()[0])
    quick = language._model()
    assert type(quick).__name__ == "QuickIdentifier", "the app uses the quick scan"
    assert [quick.classify(text) for text in texts] == [shipped.classify(text) for text in texts]


@settings(max_examples=400, deadline=None)
@given(st.from_regex(r"\A(?:\d{4}-\d{2}-\d{2})?[0-9T: +Zz/.marsvil-]{0,30}\Z"))
@example("2026-01-01T00:00:00+00:00")
@example("2025-13-45 then 2025-03-12")
@example("2025-03-12T10:00Z, 12 mars 2024")
@example("12 mars 2024, puis 2025-03-12")
def test_a_date_at_the_start_is_read_as_the_full_scan_reads_it(text: str) -> None:
    """Feeds' dates start with the ISO date, read without trying every other form: never another answer."""
    from sahel_tui.extract import dates

    found = dates._dates(dates.fold(text))
    assert dates.parse_date(text) == (found[0][1] if found else None)
