"""Entity-aware search and the user's-marks filters, through the service the CLI and the app share."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from sahel_tui.cli import main
from sahel_tui.corpus.library import Library
from sahel_tui.entities.corpus_stats import synced_stats
from sahel_tui.entities.gazetteer import load_gazetteer
from sahel_tui.search.library_index import open_synced_index
from sahel_tui.services import Searcher
from sahel_tui.typed_names import EntityResolver

WAGNER = "wagner-withdrawal-from-mali-russia-presence"
ANNOUNCES = "wagner-announces-withdrawal-from-mali"
ENVOY = "us-envoy-visits-mali-diplomatic-reset"


@pytest.fixture
def searcher(library: Library) -> Searcher:
    index, _ = open_synced_index(library)
    marks = ({ENVOY}, {WAGNER})
    return Searcher(index, synced_stats(library), lambda: marks)


def ids(searcher: Searcher, text: str) -> list[str]:
    return [hit.article_id for hit in searcher.search(text).result.hits]


@pytest.mark.parametrize(
    ("value", "entity_id"),
    [("jnim", "jnim"), ("JNIM", "jnim"), ("GSIM", "jnim"), ("Nusrat al-Islam", "jnim"), ("wagnr group", "wagner"),
     ("the Kremlin", "russia"), ("kremlin", "russia"), ("Ménaka", "menaka"), ("menaka", "menaka"),
     ("africa-corps", "africa-corps")],
)  # fmt: skip
def test_entity_names_as_typed_resolve(value: str, entity_id: str) -> None:
    assert EntityResolver(load_gazetteer()).resolve(value).id == entity_id


def test_entity_filter_finds_articles_mentioning_it_under_any_name(searcher: Searcher) -> None:
    assert ids(searcher, "entity:jnim") == [WAGNER]  # the article spells it "Jama’a Nusrat ul-Islam …" and JNIM
    assert ids(searcher, "entity:gsim") == [WAGNER]
    assert sorted(ids(searcher, "entity:africa-corps")) == sorted([WAGNER, ANNOUNCES])
    assert ids(searcher, "entity:ecowas") == [ENVOY]
    assert ids(searcher, "wagner entity:russian-mod") == [WAGNER]


def test_unknown_entity_finds_nothing_and_says_so(searcher: Searcher) -> None:
    outcome = searcher.search("entity:qqqq")
    assert outcome.result.hits == [] and outcome.notices == ["No entity called 'qqqq'"]


def test_alias_words_find_the_entitys_articles(searcher: Searcher) -> None:
    assert ids(searcher, "gsim") == [WAGNER]  # not in the text at all: found through the entity
    assert ids(searcher, "nusrat")[0] == WAGNER


@pytest.mark.parametrize("word", ["soutien", "musulmans", "malien", "interieur", "burkinabe", "food"])
def test_an_everyday_word_of_a_long_name_stands_for_no_entity(searcher: Searcher, word: str) -> None:
    """ "soutien" is a word of JNIM's French name and "intérieur" of the Inner Niger Delta's, but typed alone they
    mean support and interior."""
    assert searcher.resolver.entity_for_word(word) is None


def test_no_article_is_listed_for_a_word_it_does_not_hold_because_it_mentions_an_entity(searcher: Searcher) -> None:
    assert ids(searcher, "soutien") == []  # the JNIM article (English) has no "soutien"
    assert ids(searcher, "musulmans") == []


def test_a_misspelled_name_finds_the_articles_that_mention_its_entity(searcher: Searcher) -> None:
    assert ids(searcher, "gism") == [WAGNER]  # GSIM mistyped: JNIM's articles, though neither word is in them
    assert searcher.search("gism").notices == ["“gism” read as Jama'at Nusrat al-Islam wal-Muslimin"]
    assert searcher.search("gsim").notices == [], "a name as written needs no word about how it was read"
    assert ids(searcher, "nusrt")[0] == WAGNER
    assert searcher.resolver.entity_for_typo("tilabery", 2) == "tillaberi"
    assert searcher.resolver.entity_for_typo("xsim", 1) is None, "the first letter is never the typo"


def test_a_misspelled_country_is_read_as_the_country_before_the_everyday_words_it_is_one_typo_from(
    library: Library, tmp_path
) -> None:
    """ "mail" is one typo from Mali, and from "mais", "mil" and "main" too: in a French article that says "mais" at
    every turn, those words earned more than Mali's articles did. Mali's name is also in longer names ("Mali's
    military government"), so it was no entity's distinctive word; a one-word whole name counts for a typo."""
    (tmp_path / "cereales.txt").write_text(
        "Le marché aux céréales de Dori\n\nLe mil se vend mal, mais les commerçants restent. Mais la route est "
        "longue, mais sûre, mais chère.\n\nLes camions arrivent, mais rarement, et le mil manque.\n",
        encoding="utf-8",
    )
    library.import_paths([tmp_path])
    searcher = Searcher(open_synced_index(library)[0], synced_stats(library))
    assert "mail" not in searcher.index.vocabulary and "mais" in searcher.index.vocabulary
    outcome = searcher.search("mail")
    listed = [hit.article_id for hit in outcome.result.hits]
    assert set(listed[:3]) == {WAGNER, ANNOUNCES, ENVOY} and "cereales" in listed[3:]
    assert outcome.notices == ["“mail” read as Mali"]
    assert searcher.resolver.entity_for_typo("nigr", 1) == "niger"


def test_a_word_of_the_library_or_the_beginning_of_one_is_not_taken_for_a_misspelled_name(searcher: Searcher) -> None:
    vocabulary = searcher.index.vocabulary
    assert "gism" not in vocabulary and not vocabulary.completions("gism", 1)
    assert searcher._misspelled_name("gism", prefix=True) == "gsim"
    assert "wagners" in vocabulary and searcher.resolver.entity_for_typo("wagners", 1) == "wagner"
    assert searcher._misspelled_name("wagners", prefix=False) is None  # a word as written: it means itself
    assert searcher._misspelled_name("wagn", prefix=True) is None  # the beginning of "wagner", typed on


def test_words_spelling_a_name_of_several_words_are_read_together(searcher: Searcher) -> None:
    """ "afrika" alone is one typo from the continent; followed by "corps" it is the Russian force."""
    outcome = searcher.search("afrika corps")
    assert outcome.notices == ["“afrika corps” read as Africa Corps"]
    assert outcome.term_entities == {"afrika": "africa-corps", "corps": "africa-corps"}
    assert sorted(hit.article_id for hit in outcome.result.hits[:2]) == sorted([WAGNER, ANNOUNCES])
    assert searcher.search("afrika").notices == ["“afrika” read as Africa"]
    typing = searcher.search("africa cor")  # the last word still being typed: nothing was misread
    assert typing.notices == [] and typing.term_entities == {"africa": "africa-corps", "cor": "africa-corps"}
    assert searcher.search("wagnr groupe").notices == ["“wagnr groupe” read as Wagner Group"]
    french = searcher.search("groupe de soutien à l'islam et aux musulmans")  # JNIM's French name, as typed
    assert french.term_entities["soutien"] == "jnim" and french.result.hits[0].article_id == WAGNER
    assert searcher.search("jamaat nusrat al islam wal muslimn").term_entities["al"] == "jnim"  # hyphens as spaces
    resolver = searcher.resolver
    assert resolver.entity_for_run(["xfrica", "corps"], False) is None, "the first letter is never the typo"
    assert resolver.entity_for_run(["africa", "co"], True) is None, "two letters begin too many words"
    assert resolver.entity_for_run(["corps", "africa"], False) is None, "a name is read in its own order"


@pytest.mark.parametrize("word", ["colonel", "captain", "moussa", "thomas", "ouedraogo", "keita", "emmanuel"])
def test_a_title_a_given_name_or_a_surname_in_a_full_name_stands_for_nobody(word: str) -> None:
    """ "Colonel" stood for Assimi Goïta, "captain" for Ibrahim Traoré, "Moussa" for Moussa Tchangari and
    "Ouédraogo" — the commonest surname in Burkina Faso — for its prime minister."""
    resolver = EntityResolver(load_gazetteer())
    assert resolver.entity_for_word(word) is None and resolver.entity_for_typo(word[:-1] + "x", 1) is None


def test_a_persons_one_word_name_still_stands_for_them() -> None:
    resolver = EntityResolver(load_gazetteer())
    assert resolver.entity_for_word("goita") == "assimi-goita"
    assert resolver.entity_for_word("bazoum") == "mohamed-bazoum"
    assert resolver.entity_for_typo("bazom", 1) == "mohamed-bazoum"


def test_a_word_of_a_long_name_the_library_uses_for_other_things_lists_no_article_without_it(
    library: Library, tmp_path
) -> None:
    """ "Training" is a word of the EU Training Mission's name: typed alone, it listed every article that said
    "EUTM", though the word was nowhere in them; "nusrat", which this library says only of JNIM, still lists the
    articles that call the group JNIM alone."""
    texts = {
        "drills": "Soldiers finish training\n\nThe training of the new recruits ended near Kati with a parade.\n",
        "pilots": "Pilots in training\n\nA training course for pilots opened in Bamako this week.\n",
        "mission": "The mission leaves\n\nThe EUTM closed its last camp in Koulikoro, officials said.\n",
        "ambush": "Ambush near Boni\n\nFighters of Jama'at Nusrat al-Islam wal-Muslimin attacked a convoy.\n",
        "claims": "A claim of attack\n\nJNIM said it held the road between Boni and Hombori.\n",
    }
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    library.import_paths([tmp_path])
    searcher = Searcher(open_synced_index(library)[0], synced_stats(library))
    assert searcher.stats.articles_mentioning("eutm-mali") >= {"mission"}
    listed = ids(searcher, "training")
    assert {"drills", "pilots"} <= set(listed) and "mission" not in listed
    assert all("training" in library.get(article_id).anchor_text.lower() for article_id in listed)
    assert "mission" not in ids(searcher, "trainin")
    assert set(ids(searcher, "nusrat")) >= {"ambush", "claims", WAGNER}


def test_bookmarked_and_noted_filters(searcher: Searcher) -> None:
    assert ids(searcher, "is:bookmarked") == [ENVOY]
    assert ids(searcher, "has:note") == [WAGNER]
    assert ids(searcher, "mali is:bookmarked") == [ENVOY]
    assert ids(searcher, "wagner is:bookmarked") == []


def test_partial_match_notice(searcher: Searcher) -> None:
    outcome = searcher.search("ecowas telegram")
    assert outcome.result.partial
    assert "No article has every word" in outcome.notices[0]


def test_cli_search_uses_entities_and_bookmarks() -> None:
    runner = CliRunner()
    assert [h["id"] for h in json.loads(runner.invoke(main, ["search", "--json", "entity:jnim"]).output)] == [WAGNER]
    runner.invoke(main, ["bookmark", ENVOY])
    assert [h["id"] for h in json.loads(runner.invoke(main, ["search", "--json", "is:bookmarked"]).output)] == [ENVOY]


def test_a_view_holding_only_the_first_page_still_finds_every_article(tmp_path) -> None:
    from sahel_tui.paths import locations
    from sahel_tui.services import LibraryView

    library = Library(locations())
    for number in range(5):
        (tmp_path / f"d{number}.txt").write_text(f"Dispatch {number}\n\nA paragraph about Mopti, number {number}.\n")
    library.import_paths([tmp_path])
    view = LibraryView(library, library.headlines(2), library.count())
    assert len(view) == 8 and not view.complete and [h.id for h in view] == ["d4", "d3"]
    assert "d0" in view and view.headline("d0").title == "Dispatch 0" and view.title("d0") == "Dispatch 0"
    assert "nothing-like-it" not in view and view.title("nothing-like-it") == "nothing-like-it (not in the library)"
    assert view.article("us-envoy-visits-mali-diplomatic-reset") is not None
    full = LibraryView(library, library.headlines())
    assert full.complete and len(full) == 8 and "d0" in full


class CountingLibrary(Library):
    """The real library, counting how often the whole library's fingerprints are read."""

    fingerprint_reads = 0

    def fingerprints(self) -> dict[str, str]:
        CountingLibrary.fingerprint_reads += 1
        return super().fingerprints()


def test_an_unchanged_library_is_not_compared_again_and_a_change_by_another_process_is_seen(tmp_path) -> None:
    """A warm search reads the library's generation, not every article's fingerprint; an import, a change or a
    removal made meanwhile (here by another Library, as another process would) makes it compare again."""
    from sahel_tui.paths import locations

    def dispatch(name: str, town: str) -> object:
        path = tmp_path / f"{name}.txt"
        path.write_text(f"Dispatch from {town}\n\nTraders in {town} met the governor of {town} on Monday.\n")
        return path

    Library(locations()).import_paths([dispatch("first", "Mopti")])
    CountingLibrary.fingerprint_reads = 0
    index, report = open_synced_index(CountingLibrary(locations()))
    stats = synced_stats(CountingLibrary(locations()))
    assert report.added and CountingLibrary.fingerprint_reads == 2
    index.close()

    index, report = open_synced_index(CountingLibrary(locations()))
    synced_stats(CountingLibrary(locations()))
    assert not report.changed and CountingLibrary.fingerprint_reads == 2, "nothing changed: nothing compared"
    index.close()

    other = Library(locations())
    other.import_paths([dispatch("second", "Kidal")])
    index, report = open_synced_index(CountingLibrary(locations()))
    stats = synced_stats(CountingLibrary(locations()))
    assert report.added == 1 and [hit.article_id for hit in index.search("kidal").hits] == ["second"]
    assert "second" in stats.articles_mentioning("kidal")
    assert CountingLibrary.fingerprint_reads == 2, "what changed is read from the journal, not found by comparing"
    index.close()

    other.remove("first")
    index, report = open_synced_index(CountingLibrary(locations()))
    stats = synced_stats(CountingLibrary(locations()))
    assert report.removed == 1 and index.search("mopti").hits == []
    assert "first" not in stats.articles_mentioning("mopti")
    index.close()

    changed = dispatch("second", "Gao")  # the same file, changed: updated under its id
    other.import_paths([changed])
    index, report = open_synced_index(CountingLibrary(locations()))
    stats = synced_stats(CountingLibrary(locations()))
    assert report.updated == 1 and [hit.article_id for hit in index.search("gao").hits] == ["second"]
    assert index.search("kidal").hits == [] and "second" not in stats.articles_mentioning("kidal")
    assert "second" in stats.articles_mentioning("gao")
    assert CountingLibrary.fingerprint_reads == 2
    index.close()


def test_derived_data_of_a_catalog_put_back_from_a_backup_is_compared_whole_and_comes_out_right(tmp_path) -> None:
    """The journal since the index's generation does not exist in a catalog restored from an older backup: every
    fingerprint is compared, so articles gone with the restore leave the index and the figures too."""
    import sqlite3
    from contextlib import closing

    from sahel_tui.paths import locations

    def dispatch(name: str, town: str) -> object:
        path = tmp_path / f"{name}.txt"
        path.write_text(f"Dispatch from {town}\n\nTraders in {town} met the governor of {town} on Monday.\n")
        return path

    library = Library(locations())
    library.import_paths([dispatch("first", "Mopti")])
    backup = tmp_path / "backup.sqlite3"
    with closing(sqlite3.connect(locations().catalog_db)) as live, closing(sqlite3.connect(backup)) as copy:
        live.backup(copy)
    library.import_paths([dispatch("second", "Kidal")])
    index, _ = open_synced_index(Library(locations()))
    stats = synced_stats(Library(locations()))
    assert "second" in stats.articles_mentioning("kidal")
    index.close()
    library.close()
    with closing(sqlite3.connect(backup)) as copy, closing(sqlite3.connect(locations().catalog_db)) as live:
        copy.backup(live)  # the backup put back: "second" is gone
    restored = Library(locations())
    restored.import_paths([dispatch("third", "Tessalit")])  # and as many changes made since, other articles
    CountingLibrary.fingerprint_reads = 0
    index, report = open_synced_index(CountingLibrary(locations()))
    stats = synced_stats(CountingLibrary(locations()))
    assert CountingLibrary.fingerprint_reads == 2, "compared whole"
    assert (report.added, report.removed) == (1, 1)
    assert index.search("kidal").hits == [] and "second" not in stats.articles_mentioning("kidal")
    assert [hit.article_id for hit in index.search("tessalit").hits] == ["third"]
    assert "third" in stats.articles_mentioning("tessalit")
    index.close()


def test_an_article_whose_stored_text_cannot_be_read_is_named_and_tried_again(library: Library, tmp_path) -> None:
    """The index and the entity figures read articles many at a time; one whose stored text is damaged gets one
    line naming it, the others are indexed, and it is tried again once it can be read."""
    import sqlite3
    from contextlib import closing

    from sahel_tui.services import synced_search_data

    for number in range(3):
        (tmp_path / f"kidal-{number}.txt").write_text(f"Kidal report {number}\n\nConvoys near Kidal, {number}.\n")
    library.import_paths([tmp_path / f"kidal-{number}.txt" for number in range(3)])
    with closing(sqlite3.connect(library.locations.catalog_db)) as db, db:
        good = db.execute("SELECT paragraphs FROM articles WHERE id = 'kidal-1'").fetchone()[0]
        db.execute("UPDATE articles SET paragraphs = 'not json' WHERE id = 'kidal-1'")
    errors: list = []
    index, stats = synced_search_data(library, errors=errors)
    lines = [str(error) for error in errors]
    assert len(lines) == 1 and "kidal-1" in lines[0] and "unreadable" in lines[0], "said once, not per store"
    assert {hit.article_id for hit in index.search("kidal").hits} == {"kidal-0", "kidal-2"}
    assert "kidal-1" not in stats.articles_mentioning("kidal")
    index.close()
    with closing(sqlite3.connect(library.locations.catalog_db)) as db, db:
        db.execute("UPDATE articles SET paragraphs = ? WHERE id = 'kidal-1'", (good,))
    errors.clear()
    index, stats = synced_search_data(library, errors=errors)
    assert errors == []
    assert {hit.article_id for hit in index.search("kidal").hits} == {"kidal-0", "kidal-1", "kidal-2"}
    assert "kidal-1" in stats.articles_mentioning("kidal")
    index.close()


def test_search_data_asked_to_stop_keeps_only_whole_work_and_the_next_sync_finishes_it(library, tmp_path) -> None:
    """The reader quitting while a big library is indexed: the index and the figures stop at once without a half
    article in either, the library's stale articles wait, and the next start finds everything."""
    import sqlite3
    import threading
    from contextlib import closing

    from sahel_tui.entities.corpus_stats import STATS_FILE, EntityStats, _open_figures
    from sahel_tui.search.library_index import INDEX_FILE
    from sahel_tui.services import synced_search_data
    from sahel_tui.stopping import Stopped

    for number in range(4):
        (tmp_path / f"kidal-{number}.txt").write_text(f"Kidal report {number}\n\nConvoys near Kidal, {number}.\n")
    library.import_paths([tmp_path / f"kidal-{number}.txt" for number in range(4)])
    with closing(sqlite3.connect(library.locations.catalog_db)) as db, db:
        db.execute("UPDATE articles SET parser_version = parser_version - 1")  # as after an upgrade
    stop = threading.Event()
    stop.set()
    assert library.reparse_stale(stop=stop) == 0 and len(library.catalog.stale()) > 0, "left for next time"
    with pytest.raises(Stopped):
        synced_search_data(library, stop=stop)
    figures = _open_figures(library.locations.index_dir / STATS_FILE)
    kept, rows = EntityStats(figures).per_article, figures.execute("SELECT count(*) FROM articles").fetchone()[0]
    figures.close()
    assert rows <= 1, "no more than the article extracted when the stop was seen"
    index_file = library.locations.index_dir / INDEX_FILE
    if index_file.exists():
        with closing(sqlite3.connect(index_file)) as db:
            assert db.execute("SELECT count(*) FROM docs").fetchone()[0] == 0, "the index stopped before any"

    assert library.reparse_stale() == 7 and not library.catalog.stale()
    index, stats = synced_search_data(library)
    assert {hit.article_id for hit in index.search("kidal").hits} == {f"kidal-{number}" for number in range(4)}
    assert stats.articles_mentioning("kidal") == {f"kidal-{number}" for number in range(4)}
    assert stats.co_mentions("wagner")["mali"] == 2
    assert all(stats.per_article[article_id] == counts for article_id, counts in kept.items()), "kept whole"
    index.close()


def test_a_view_takes_in_just_stored_articles_as_a_whole_reading_would_list_them(library, tmp_path) -> None:
    """What a fetch shows as each feed is stored: new articles first, a changed one where it was and with its new
    title — the list a whole new reading of the library gives, without reading it."""
    from sahel_tui.services import LibraryView

    for name in ("gao", "kidal"):
        (tmp_path / f"{name}.txt").write_text(f"Convoy reaches {name.title()}\n\nThe convoy arrived on Monday.\n")
    library.import_paths([tmp_path / "gao.txt", tmp_path / "kidal.txt"])
    before = LibraryView.current(library)
    (tmp_path / "kidal.txt").write_text("Convoy turned back before Kidal\n\nThe convoy turned back on Tuesday.\n")
    (tmp_path / "menaka.txt").write_text("Market reopens in Ménaka\n\nTraders returned on Wednesday.\n")
    outcomes = library.import_paths([tmp_path / "kidal.txt", tmp_path / "menaka.txt"])
    assert [outcome.status for outcome in outcomes] == ["updated", "imported"]
    taken_in = before.taking_in([outcome.article_id for outcome in outcomes])
    whole = LibraryView.current(library)
    assert [(h.id, h.title) for h in taken_in] == [(h.id, h.title) for h in whole]
    assert len(taken_in) == len(whole) == len(before) + 1
    assert taken_in.headline("kidal").title.startswith("Convoy turned")
    partial = LibraryView(library, library.headlines(1), library.count())
    assert [h.id for h in partial.taking_in(["menaka"])] == [h.id for h in whole], "a first page is read whole"


def test_a_query_that_only_filters_keeps_the_callers_order_and_by_list_orders_every_query(searcher: Searcher) -> None:
    order = [ENVOY, WAGNER, ANNOUNCES]
    assert [hit.article_id for hit in searcher.search("entity:wagner", listed=order).result.hits] == [WAGNER, ANNOUNCES]
    assert [hit.article_id for hit in searcher.search("is:unread", listed=order[::-1]).result.hits] == order[::-1]
    ranked = [hit.article_id for hit in searcher.search("mali", listed=order).result.hits]
    assert ranked != order, "words rank by how well they match, unless the list is sorted"
    assert [hit.article_id for hit in searcher.search("mali", listed=order, by_list=True).result.hits] == order


def test_every_name_of_several_words_typed_in_full_or_being_typed_names_its_entity() -> None:
    """Each gazetteer name of several words, typed as a user would (accents, apostrophes, hyphens and elided
    articles as they come), and the same with its last letter still to type, is read as its own entity."""
    from sahel_tui.search.query import parse_query
    from sahel_tui.typed_names import MAX_NAME_WORDS

    gazetteer = load_gazetteer()
    resolver = EntityResolver(gazetteer)
    checked = 0
    for entity in gazetteer.entities.values():
        for name in (*entity.names(), *entity.metonyms):
            for typed in (name + " ", name[:-1]):
                terms = parse_query(typed).terms
                if 2 <= len(terms) <= MAX_NAME_WORDS and len(terms[-1].text) >= 3:
                    read = resolver.entity_for_run([term.text for term in terms], terms[-1].prefix)
                    assert read is not None and read[0] == entity.id, (typed, read)
                    checked += 1
    assert checked > 1000


def test_an_index_handed_early_stays_open_when_the_entity_figures_are_stopped(library: Library, monkeypatch) -> None:
    """The app searches an index handed to it before the entity figures are made; when that preparation is then
    stopped (a newer one starts: a fetch ended), the index must stay open for the searcher using it until the newer
    one is ready — closed under it, every keystroke meanwhile would fail."""
    import threading

    from sahel_tui import services
    from sahel_tui.services import synced_search_data
    from sahel_tui.stopping import Stopped

    stop, handed, now_stop = threading.Event(), [], threading.Event()
    made = services.synced_stats

    def figures_after_the_handing(*args, **kwargs):
        assert now_stop.wait(timeout=60), "the index was never handed"
        return made(*args, **kwargs)

    def handed_first(index) -> None:
        handed.append(index)
        stop.set()  # a newer preparation has started
        now_stop.set()

    monkeypatch.setattr(services, "synced_stats", figures_after_the_handing)
    with pytest.raises(Stopped):
        synced_search_data(library, stop=stop, index_first=handed_first)
    (index,) = handed
    assert {hit.article_id for hit in index.search("bamako").hits} >= {ENVOY}
    index.close()
